"""``supportprep checklist``: the prep checklist, scheduled back from the interview date."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supportprep.cli.common import (
    attempts_or_warn,
    check_format,
    check_output,
    emit,
    targets_for,
    today,
)
from supportprep.cli.options import (
    ForceFlag,
    IndustryOption,
    InterviewDateOption,
    JsonFormatFlag,
    RoleOption,
    VariantOption,
    interactive,
)
from supportprep.cli.state import state

if TYPE_CHECKING:
    from supportprep.planning.checklist import Checklist

app = typer.Typer(
    help=(
        "Your prep checklist from the checklist packs, filtered by your profile and scheduled "
        "back from the interview date, plus drills for your weakest skills and the story slots "
        "your bank has not filled. Tick items with `checklist done ID`."
    ),
    invoke_without_command=True,
    rich_markup_mode=None,
)

FORMATS = ("table", "markdown", "json")
IdsArgument = Annotated[
    list[str],
    typer.Argument(help="Item ids, as shown under each item or in --format json.", metavar="ID"),
]


def _build(
    ctx: typer.Context,
    *,
    role: str | None = None,
    variant: str | None = None,
    industry: str | None = None,
    interview_date: str | None = None,
    per_day: int | None = None,
) -> Checklist:
    from supportprep.planning.checklist import DEFAULT_PER_DAY, build_checklist
    from supportprep.store.checklist import load_artifact, load_ticks
    from supportprep.store.profile import load_profile
    from supportprep.store.stories import load_stories

    content, targets = targets_for(
        ctx, role=role, variant=variant, industry=industry, interview_date=interview_date
    )
    return build_checklist(
        content,
        targets,
        today(),
        attempts_or_warn("the checklist"),
        load_stories(),
        set(load_ticks()),
        per_day=per_day or DEFAULT_PER_DAY,
        artifact=load_artifact(),
        company=load_profile().company,
    )


@app.callback()
def checklist(
    ctx: typer.Context,
    role: RoleOption = None,
    variant: VariantOption = None,
    industry: IndustryOption = None,
    interview_date: InterviewDateOption = None,
    output: Annotated[
        str | None,
        typer.Option("--format", help="table (default), markdown or json.", metavar="FORMAT"),
    ] = None,
    as_json: JsonFormatFlag = False,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            help="Also write the scheduled items to this .ics file for a calendar app.",
            dir_okay=False,
            metavar="PATH",
        ),
    ] = None,
    per_day: Annotated[
        int | None,
        typer.Option(
            "--per-day",
            metavar="N",
            min=1,
            max=50,
            help="How many open items fit in a prep day (default 4, about an hour).",
        ),
    ] = None,
    force: ForceFlag = False,
) -> None:
    """Show the prep checklist grouped by week (see `checklist --help` for the subcommands)."""
    if ctx.invoked_subcommand is not None:
        return
    from supportprep.errors import UserError

    fmt = "json" if as_json else (check_format(output, FORMATS) if output else None)
    check_output(ics, "--ics", force=force)
    result = _build(
        ctx,
        role=role,
        variant=variant,
        industry=industry,
        interview_date=interview_date,
        per_day=per_day,
    )
    if interview_date is None:
        from supportprep.planning.checklist import note_past_interview
        from supportprep.store.profile import load_profile

        note_past_interview(result, load_profile().interview_date)
    if ics is not None:
        if result.interview_date is None:
            raise UserError(
                "--ics: a calendar needs an interview date; pass --interview-date or set one "
                "with `supportprep profile set --interview-date YYYY-MM-DD`"
            )
        from datetime import UTC, datetime

        from supportprep.planning.calendar import to_ics
        from supportprep.store.files import write_output
        from supportprep.ui.commands import command

        data = to_ics(result, datetime.now(UTC), command)
        write_output(ics, data.decode("utf-8"), "--ics")
        days = len({item.due for item in result.items if item.due and not item.done})
        message = f"wrote the interview and {days} prep blocks (one a day at most) to {ics}"
        if fmt is None:
            typer.echo(message)
            return
        typer.echo(message, err=True)
    if fmt == "json":
        emit(result.to_jsonable(), as_json=True)
    elif fmt == "markdown":
        from supportprep.planning.calendar import to_markdown
        from supportprep.ui.commands import command

        typer.echo(to_markdown(result, command), nl=False)
    else:
        from supportprep.ui.checklist_view import render_checklist
        from supportprep.ui.console import out

        render_checklist(out(), result)


def _check_ids(ctx: typer.Context, ids: list[str]) -> list[str]:
    from supportprep.errors import UserError
    from supportprep.planning.checklist import known_ids

    known = known_ids(state(ctx).content())
    unknown = [i for i in dict.fromkeys(ids) if i not in known]
    if unknown:
        raise UserError(
            f"unknown checklist item {', '.join(repr(i) for i in unknown)}; see the ids with "
            "`supportprep checklist` (under each item) or `supportprep checklist --json`"
        )
    return list(dict.fromkeys(ids))


@app.command()
def done(ctx: typer.Context, ids: IdsArgument) -> None:
    """Tick checklist items as done; the ticks are kept across runs."""
    from supportprep.planning.checklist import tick_items
    from supportprep.store.checklist import update_ticks

    wanted = _check_ids(ctx, ids)
    day = today()
    # Under the ticks file's lock: what is ticked now, not what was read before asking.
    _, before, _ = update_ticks(lambda now: tick_items(now, wanted, day).ticks)
    change = tick_items(before, wanted, day)
    if change.changed:
        typer.echo(f"ticked {', '.join(change.changed)}")
    if change.unchanged:
        typer.echo(f"already ticked: {', '.join(change.unchanged)}")


@app.command()
def undo(ctx: typer.Context, ids: IdsArgument) -> None:
    """Untick checklist items."""
    from supportprep.planning.checklist import untick_items
    from supportprep.store.checklist import update_ticks

    wanted = _check_ids(ctx, ids)
    _, before, _ = update_ticks(lambda now: untick_items(now, wanted).ticks)
    change = untick_items(before, wanted)
    if change.changed:
        typer.echo(f"unticked {', '.join(change.changed)}")
    if change.unchanged:
        typer.echo(f"not ticked: {', '.join(change.unchanged)}")


@app.command()
def tick(ctx: typer.Context) -> None:
    """Tick and untick items in a checkbox list (needs a terminal)."""
    from supportprep.errors import UserError

    if not interactive():
        raise UserError(
            "checklist tick asks in a terminal; use `supportprep checklist done ID` instead"
        )
    from supportprep.planning.checklist import ask_ticks, merge_ticks
    from supportprep.store.checklist import update_ticks
    from supportprep.ui.planning_prompts import QuestionaryPrompter

    result = _build(ctx)
    shown = {item.id for item in result.items}
    checked = ask_ticks(QuestionaryPrompter(), result)
    day = today()
    _, _, updated = update_ticks(lambda ticks: merge_ticks(ticks, shown, checked, day))
    done_count = sum(1 for i in shown if i in updated)
    typer.echo(f"saved: {done_count} of {len(shown)} done")


@app.command()
def pick(
    ctx: typer.Context,
    artifact: Annotated[
        str | None,
        typer.Argument(
            help="The artifact's id from the menu; without it, choose in a list (terminal).",
            metavar="ID",
        ),
    ] = None,
) -> None:
    """Pick the one artifact you will bring; building it is then scheduled."""
    from supportprep.errors import UserError
    from supportprep.store.checklist import save_artifact

    result = _build(ctx)
    menu = {item.id: item for item in result.artifact_menu}
    if not menu:
        raise UserError("no artifact fits your role, variant and industry in the loaded packs")
    if artifact is None:
        if not interactive():
            raise UserError(
                "checklist pick without an ID asks in a terminal; pass one of: " + ", ".join(menu)
            )
        from supportprep.planning.prompter import Choice
        from supportprep.text import terminal_safe
        from supportprep.ui.planning_prompts import QuestionaryPrompter

        choices = [Choice(i, terminal_safe(item.text)) for i, item in menu.items()]
        artifact = QuestionaryPrompter().select(
            "Which artifact will you bring?", choices, default=result.artifact or next(iter(menu))
        )
    wanted = artifact.strip().lower()
    if wanted not in menu:
        raise UserError(f"unknown artifact {artifact!r}; choose one of: {', '.join(menu)}")
    save_artifact(wanted)
    typer.echo(f"picked {wanted}; `supportprep checklist` shows when to build it")
