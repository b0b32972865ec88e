"""``history``, ``progress``, ``next``, ``export`` and ``reset``: what was practised, how it is
going, and what to practise next.

Commands only parse options, call the store and ``practice`` functions, and render; sqlite, fsrs,
pydantic and rich are imported inside them so ``supportprep --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supportprep.cli.common import (
    all_attempts,
    check_output,
    emit,
    judged_criteria,
    targets_for,
    today,
)
from supportprep.cli.options import (
    ForceFlag,
    IndustryOption,
    InterviewDateOption,
    JsonFlag,
    RoleOption,
    VariantOption,
)
from supportprep.cli.state import state

if TYPE_CHECKING:
    from datetime import date, datetime

    from rich.console import Console

    from supportprep.store.attempt import Attempt


NO_ATTEMPTS = "No attempts yet. Start with `supportprep drill`."
MAX_LIMIT = 1_000_000_000  # SQLite takes 64-bit limits; a longer number is a typo
PAGE = 20
"""Attempts ``history`` shows without ``--limit``: a screenful, however long the history."""


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    history_app = typer.Typer(
        help="List past attempts; `history show ID` and `history compare ID` look back at one.",
        invoke_without_command=True,
        rich_markup_mode=None,
    )
    history_app.callback()(history)
    history_app.command("show")(show)
    history_app.command("compare")(compare)
    app.add_typer(history_app, name="history")
    app.command("progress")(progress)
    app.command("next")(next_drill)
    app.command("export")(export)
    app.command("reset")(reset)


def _parse_day(text: str, option: str) -> date:
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        from supportprep.errors import UserError

        raise UserError(
            f"{option}: cannot read '{text}' as a date; use YYYY-MM-DD (for example 2026-03-02)"
        ) from None


def _start_of_local_day(day: date) -> datetime:
    from datetime import UTC, datetime, time

    try:
        return datetime.combine(day, time.min).astimezone()
    except (OverflowError, ValueError, OSError):
        # 0001-01-01 east of UTC is before the first representable instant: start there.
        return datetime.combine(day, time.min, tzinfo=UTC)


# --- history ----------------------------------------------------------------------------------


def history(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="Only attempts at this stage (a stage id).", metavar="STAGE"),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only attempts from this day on (YYYY-MM-DD).", metavar="DATE"
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            help=f"Show at most N attempts (the newest); default {PAGE}, all with --json.",
            metavar="N",
        ),
    ] = None,
) -> None:
    """List past attempts, newest first: when, scenario, id, score, time and overtime."""
    if ctx.invoked_subcommand is not None:
        return
    from supportprep.errors import UserError
    from supportprep.store.history import open_history

    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        shown = str(limit) if len(str(limit)) <= 20 else f"a {len(str(limit))}-digit number"
        raise UserError(f"--limit: must be 1 or more (at most {MAX_LIMIT:,}), got {shown}")
    start = None if since is None else _start_of_local_day(_parse_day(since, "--since"))
    page = PAGE if limit is None and not as_json else limit
    with open_history() as store:
        attempts = store.attempts(stage=stage, since=start, limit=page)
        if not attempts and stage is not None:
            _check_stage(ctx, stage, store.stages())
        empty = not attempts and store.count() == 0
        total = store.count(stage=stage, since=start) if limit is None else len(attempts)
    if as_json:
        emit([a.to_jsonable() for a in attempts], as_json=True)
        return
    if not attempts:
        if empty:
            typer.echo(NO_ATTEMPTS)
        else:
            filters = [f"--stage {stage}" if stage else "", f"--since {since}" if since else ""]
            typer.echo(f"No attempts match {' '.join(f for f in filters if f)}.")
        return
    from supportprep.ui.console import out
    from supportprep.ui.history_view import render_history

    render_history(out(), attempts)
    if total > len(attempts):
        typer.echo(
            f"Showing the newest {len(attempts)} of {total} attempts. See more with --limit N, "
            "or all of them with `supportprep export --format csv`."
        )


AttemptArgument = Annotated[
    str,
    typer.Argument(
        help="An attempt id, or its first characters as `history` shows them; `last` for the "
        "newest.",
        metavar="ID",
    ),
]


def _full_attempts() -> list[Attempt]:
    """Every attempt whole (answers, follow-ups, criteria), newest first."""
    from supportprep.store.history import open_history

    with open_history() as store:
        return store.attempts()


def show(ctx: typer.Context, ref: AttemptArgument = "last", as_json: JsonFlag = False) -> None:
    """One past attempt whole: the answer, the follow-ups, the insights and the scores."""
    from supportprep.practice.review import find_attempt

    attempt = find_attempt(_full_attempts(), ref)
    content = state(ctx).content()

    def human(console: Console) -> None:
        from supportprep.ui.review_view import render_attempt

        render_attempt(console, content, attempt)

    emit(attempt.to_jsonable(), as_json=as_json, human=human)


def compare(ctx: typer.Context, ref: AttemptArgument = "last", as_json: JsonFlag = False) -> None:
    """An attempt beside the one before it at the same scenario: what changed since last time."""
    from supportprep.practice.review import compare_with_previous, find_attempt

    attempts = _full_attempts()
    result = compare_with_previous(attempts, find_attempt(attempts, ref))
    content = state(ctx).content()

    def human(console: Console) -> None:
        from supportprep.ui.review_view import render_comparison

        render_comparison(console, content, result)

    emit(result, as_json=as_json, human=human)


def _names(ctx: typer.Context) -> dict[str, str]:
    """Display names of skills and stages by id; ids still show when a pack was removed."""
    content = state(ctx).content()
    names = {s.id: s.name for s in content.stages.values()}
    names.update({s.id: s.name for s in content.skills.values()})
    return names


def _check_stage(ctx: typer.Context, stage: str, seen: list[str]) -> None:
    """An unknown stage is a typo: say so and list the stages there are."""
    from supportprep.errors import UserError

    known = set(seen) | set(state(ctx).content().stages)
    if stage not in known:
        raise UserError(
            f"--stage: unknown stage '{stage}'; choose one of: {', '.join(sorted(known))}"
        )


# --- progress ---------------------------------------------------------------------------------


def progress(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="One trend mark per day (the day's average) or per attempt.",
            metavar="day|attempt",
        ),
    ] = "day",
) -> None:
    """Show how you are doing: trend per skill and per stage, streak, overtime, weakest skill."""
    from datetime import date

    from supportprep.errors import UserError
    from supportprep.practice.progress import summarize

    if by not in ("day", "attempt"):
        raise UserError(f"--by: unknown value '{by}'; choose one of: day, attempt")
    from supportprep.store.calibration import load_calibration

    # By day, progress reads the per-day sums the history keeps: neither the newest attempts
    # nor the schedule up front (both are read if a rule asks after all).
    attempts = all_attempts(window=0, schedule=False) if by == "day" else all_attempts()
    record = load_calibration()
    report = summarize(
        attempts,
        date.today(),
        by="day" if by == "day" else "attempt",
        record=record,
        scored=judged_criteria(),
    )
    if as_json:
        emit(report, as_json=True)
        return
    if not attempts and not record.graded:
        typer.echo(NO_ATTEMPTS)
        return
    from supportprep.ui.console import out
    from supportprep.ui.history_view import render_progress

    render_progress(out(), report, _names(ctx))


# --- next -------------------------------------------------------------------------------------


def next_drill(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    role: RoleOption = None,
    variant: VariantOption = None,
    industry: IndustryOption = None,
    interview_date: InterviewDateOption = None,
) -> None:
    """Name the scenario to drill next and why: due for review, weakest skill, never tried.

    Reviews are not scheduled past the interview date.
    """
    from supportprep.practice.adaptive import next_drill
    from supportprep.store.attempt import utcnow

    content, targets = targets_for(
        ctx, role=role, variant=variant, industry=industry, interview_date=interview_date
    )
    result = next_drill(content, all_attempts(), targets, utcnow(), today())
    # The same options, so `drill --next` recommends the same scenario.
    given = [("--role", role), ("--variant", variant), ("--industry", industry)]
    run_it = " ".join(["supportprep drill --next", *(f"{o} {v}" for o, v in given if v)])

    def human(console: Console) -> None:
        from supportprep.ui.history_view import render_next

        render_next(console, content, result, run_it=run_it)

    emit(result, as_json=as_json, human=human)


# --- export -----------------------------------------------------------------------------------


def export(
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="csv (one row per attempt) or json (full records).", metavar="csv|json"
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of printing.", metavar="PATH"
        ),
    ] = None,
    force: ForceFlag = False,
) -> None:
    """Export every attempt, oldest first, as CSV or JSON."""
    from supportprep.errors import UserError
    from supportprep.store.files import write_output_with

    if fmt not in ("csv", "json"):
        given = "missing" if fmt is None else f"unknown format '{fmt}'"
        raise UserError(f"--format: {given}; choose one of: csv, json")
    check_output(output, "--output", force=force)
    import sys

    from supportprep.store.export import write_export
    from supportprep.store.history import open_history

    # Streamed a batch of records at a time, so memory stays flat however long the history.
    with open_history() as store:
        if output is None:
            count = write_export(store.iter_attempts(), fmt, sys.stdout)
            sys.stdout.flush()
            if not count:
                typer.echo(NO_ATTEMPTS, err=True)
            return
        written: list[int] = []
        write_output_with(
            output,
            lambda out: written.append(write_export(store.iter_attempts(), fmt, out)),
            "--output",
        )
    count = written[0]
    typer.echo(f"wrote {count} attempt{'s' if count != 1 else ''} to {output}")


# --- reset ------------------------------------------------------------------------------------


def reset(
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask; reset at once (a backup is kept).")
    ] = False,
) -> None:
    """Start a new, empty history. The old one is kept as a timestamped backup next to it."""
    import sys

    from supportprep.errors import Stopped, UserError
    from supportprep.store.history import HistoryDamaged, history_path, open_history, reset_history

    path = history_path()
    if not path.exists():
        typer.echo(f"Nothing to reset: there is no history yet ({path}).")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise UserError(
                "reset: no terminal to confirm on; run `supportprep reset --yes` "
                "(the old history is kept as a backup)"
            )
        try:
            with open_history(path) as store:
                count = store.count()
            question = f"Remove {count} attempt{'s' if count != 1 else ''} from {path}?"
        except HistoryDamaged:
            question = f"Set aside the unreadable {path} and start a new history?"
        if not typer.confirm(f"{question} A backup is kept", default=False):
            raise Stopped("reset cancelled; nothing changed")
    result = reset_history(path)
    if result.removed is None:
        typer.echo("The unreadable history was set aside; a new, empty history was started.")
    else:
        removed = result.removed
        typer.echo(f"History reset: {removed} attempt{'s' if removed != 1 else ''} removed.")
    if result.backup is not None:
        typer.echo(f"The old history was kept in {result.backup}")
        if result.removed:
            typer.echo(f"To restore it, copy it back over {path} while supportprep is not running")
