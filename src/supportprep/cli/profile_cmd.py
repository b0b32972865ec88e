"""``supportprep profile``: what you are interviewing for, and when."""

from __future__ import annotations

from typing import Annotated

import typer

from supportprep.cli.common import emit, today
from supportprep.cli.options import (
    JsonFlag,
    SetIndustryOption,
    SetInterviewDateOption,
    SetRoleOption,
    SetVariantOption,
    interactive,
)
from supportprep.cli.state import state

app = typer.Typer(
    help=(
        "Your target role, variant, industry, seniority, interview date and company. "
        "On a terminal, `supportprep profile` asks for each; `profile set` takes flags."
    ),
    invoke_without_command=True,
    rich_markup_mode=None,
)


@app.callback()
def profile(ctx: typer.Context) -> None:
    """Set up the profile by answering questions (on a terminal), or show it."""
    if ctx.invoked_subcommand is not None:
        return
    if not interactive():
        show(ctx)
        return
    from supportprep.planning.profile_setup import ask_profile
    from supportprep.store.profile import load_profile, save_profile
    from supportprep.ui.planning_prompts import QuestionaryPrompter

    content = state(ctx).content()
    updated = ask_profile(QuestionaryPrompter(), content, load_profile(), today())
    path = save_profile(updated)  # every field was just asked: the answers replace the file
    typer.echo(f"saved {path}")
    show(ctx)


@app.command()
def show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the profile that every command falls back to."""
    from supportprep.store.profile import load_profile, profile_path

    current = load_profile()
    day = today()
    days_left = (current.interview_date - day).days if current.interview_date else None
    if as_json:
        emit(
            {
                "path": str(profile_path()),
                "profile": current.to_jsonable(),
                "days_left": days_left,
            },
            as_json=True,
        )
        return
    from supportprep.ui.console import out
    from supportprep.ui.profile_view import render_profile

    # An empty profile needs no content: a broken pack must not stop `profile show` then.
    content = None if current.is_empty() else state(ctx).content()
    render_profile(out(), content, current, days_left, profile_path())


@app.command("set")
def set_profile(
    ctx: typer.Context,
    role: SetRoleOption = None,
    variant: SetVariantOption = None,
    industry: SetIndustryOption = None,
    seniority: Annotated[
        str | None,
        typer.Option(
            "--seniority", help="lead, manager, senior-manager or director.", metavar="LEVEL"
        ),
    ] = None,
    interview_date: SetInterviewDateOption = None,
    company: Annotated[
        str | None,
        typer.Option("--company", help="The company you are interviewing with.", metavar="NAME"),
    ] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            help="Empty a field (role, variant, industry, seniority, interview-date, company). "
            "Repeatable.",
            metavar="FIELD",
        ),
    ] = None,
) -> None:
    """Set profile fields by flag; the others keep their values."""
    from supportprep.errors import UserError
    from supportprep.planning.profile_setup import change_profile
    from supportprep.store.profile import update_profile

    values = (role, variant, industry, seniority, interview_date, company)
    if all(v is None for v in values) and not clear:
        raise UserError(
            "profile set: nothing to set; give --role, --variant, --industry, --seniority, "
            "--interview-date, --company or --clear (or run `supportprep profile` in a terminal)"
        )
    content = state(ctx).content()
    day = today()
    path, _ = update_profile(
        lambda current: change_profile(
            current,
            content,
            day,
            role=role,
            variant=variant,
            industry=industry,
            seniority=seniority,
            interview_date=interview_date,
            company=company,
            clear=clear or [],
        )
    )
    typer.echo(f"saved {path}")
