"""``profile``, ``checklist``, ``plan`` and ``stories``: preparing around the practice.

The command groups live in ``profile_cmd``, ``checklist_cmd`` and ``stories_cmd``; this module
registers them and holds what they share. Heavy imports stay inside the command functions.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from supportprep.cli.state import state

if TYPE_CHECKING:
    from datetime import date

    from supportprep.packs.content import Content
    from supportprep.planning.targets import Targets
    from supportprep.practice.attempt import Attempt

from supportprep.cli.options import IndustryOption, RoleOption


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def today() -> date:
    from datetime import date

    return date.today()


def check_format(value: str, choices: tuple[str, ...]) -> str:
    from supportprep.errors import UserError

    if value not in choices:
        raise UserError(f"--format: unknown format '{value}'; choose one of: {', '.join(choices)}")
    return value


def targets_for(
    ctx: typer.Context,
    *,
    role: str | None = None,
    variant: str | None = None,
    industry: str | None = None,
    interview_date: str | None = None,
) -> tuple[Content, Targets]:
    """The content and the targets: options first, then the profile, all checked."""
    from supportprep.planning.targets import resolve_targets
    from supportprep.store.profile import load_profile

    content = state(ctx).content()
    targets = resolve_targets(
        content,
        load_profile(),
        today=today(),
        role=role,
        variant=variant,
        industry=industry,
        interview_date=interview_date,
    )
    return content, targets


def load_attempts() -> list[Attempt]:
    """Practice attempts, newest first.

    A history that cannot be read is reported as a warning: the checklist is still useful
    without the drills it would suggest.
    """
    from supportprep.errors import UserError
    from supportprep.store.history import open_history

    try:
        with open_history() as store:
            attempts = store.attempts()
    except UserError as exc:
        from supportprep.ui.console import err
        from supportprep.ui.text import plain

        err().print(plain(f"supportprep: warning: {exc}; showing the checklist without it"))
        return []
    return attempts


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    from supportprep.cli import checklist_cmd, profile_cmd, stories_cmd

    app.add_typer(profile_cmd.app, name="profile")
    app.add_typer(checklist_cmd.app, name="checklist")
    app.command("plan")(plan)
    app.add_typer(stories_cmd.app, name="stories")


def plan(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="first-90-days (in the new job) or job-search (to get it).",
            metavar="KIND",
        ),
    ] = "first-90-days",
    role: RoleOption = None,
    industry: IndustryOption = None,
    output: Annotated[
        str, typer.Option("--format", help="rich, markdown or json.", metavar="FORMAT")
    ] = "rich",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Show a 30/60/90 plan for the role and industry: goals, actions, artifacts, signs of success.

    Falls back to the profile's role and industry; prefers a plan written for the industry, else
    the role's general plan.
    """
    from supportprep.planning.plan import check_kind, pick_plan

    check_kind(kind)
    fmt = "json" if as_json else check_format(output, ("rich", "markdown", "json"))
    content, targets = targets_for(ctx, role=role, industry=industry)
    choice = pick_plan(content, kind, targets)
    if fmt == "json":
        from supportprep.planning.plan import plan_to_jsonable

        print_json(plan_to_jsonable(choice))
    elif fmt == "markdown":
        from supportprep.planning.plan import plan_to_markdown

        typer.echo(plan_to_markdown(choice), nl=False)
    else:
        from supportprep.ui.console import out
        from supportprep.ui.plan_view import render_plan

        render_plan(out(), choice, content)
