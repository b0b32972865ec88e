"""``history``, ``progress``, ``next``, ``export`` and ``reset``: what was practised, how it is
going, and what to practise next.

Commands only parse options, call the store and ``practice`` functions, and render; sqlite, fsrs,
pydantic and rich are imported inside them so ``supportprep --help`` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from supportprep.cli.options import IndustryOption, JsonFlag, RoleOption, VariantOption
from supportprep.cli.state import state

if TYPE_CHECKING:
    from datetime import date, datetime

    from supportprep.packs.content import Content
    from supportprep.practice.adaptive import Recommendation
    from supportprep.practice.attempt import Attempt
    from supportprep.practice.progress import Progress, Series

NO_ATTEMPTS = "No attempts yet. Start with `supportprep drill`."


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("history")(history)
    app.command("progress")(progress)
    app.command("next")(next_drill)
    app.command("export")(export)
    app.command("reset")(reset)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


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
    from datetime import datetime, time

    return datetime.combine(day, time.min).astimezone()


def _all_attempts() -> list[Attempt]:
    from supportprep.store.history import open_history

    with open_history() as store:
        return store.attempts()


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


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
        typer.Option("--limit", help="Show at most N attempts (the newest).", metavar="N"),
    ] = None,
) -> None:
    """List past attempts, newest first: when, scenario, score, time and overtime."""
    from supportprep.errors import UserError
    from supportprep.store.history import open_history

    if limit is not None and limit < 1:
        raise UserError(f"--limit: must be 1 or more, got {limit}")
    start = None if since is None else _start_of_local_day(_parse_day(since, "--since"))
    with open_history() as store:
        attempts = store.attempts(stage=stage, since=start, limit=limit)
        if not attempts and stage is not None:
            _check_stage(ctx, stage, store.stages())
        empty = not attempts and store.count() == 0
    if as_json:
        _print_json([a.model_dump(mode="json") for a in attempts])
        return
    if not attempts:
        if empty:
            typer.echo(NO_ATTEMPTS)
        else:
            filters = [f"--stage {stage}" if stage else "", f"--since {since}" if since else ""]
            typer.echo(f"No attempts match {' '.join(f for f in filters if f)}.")
        return
    _render_history(attempts)


def _check_stage(ctx: typer.Context, stage: str, seen: list[str]) -> None:
    """An unknown stage is a typo: say so and list the stages there are."""
    from supportprep.errors import UserError

    known = set(seen) | set(state(ctx).content().stages)
    if stage not in known:
        raise UserError(
            f"--stage: unknown stage '{stage}'; choose one of: {', '.join(sorted(known))}"
        )


def _render_history(attempts: list[Attempt]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from supportprep.ui.console import out
    from supportprep.ui.text import clean, plain

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("when", no_wrap=True)
    table.add_column("scenario", overflow="fold", ratio=1)
    table.add_column("score", no_wrap=True)
    table.add_column("time", no_wrap=True)
    for attempt in attempts:
        local = attempt.started_at.astimezone()
        scenario = plain(attempt.scenario_title)
        scenario.append("\n")
        scenario.append(clean(f"{attempt.stage} · {attempt.mode}"), style="dim")
        score = Text("-" if attempt.score is None else f"{attempt.score:.0f}")
        if attempt.verdict:
            score.append("\n")
            score.append(clean(attempt.verdict), style="dim")
        timing = Text(f"{_clock(attempt.duration_seconds)} / {_clock(attempt.time_limit_seconds)}")
        overtime = attempt.total_overtime_seconds
        if overtime > 0:
            timing.append(f"\n+{_clock(overtime)} over", style="yellow")
        if attempt.partial:
            timing.append("\nstopped early", style="dim")
        table.add_row(
            f"{local:%Y-%m-%d}\n{local:%H:%M}",
            scenario,
            score,
            timing,
        )
    console = out()
    console.print(table)
    count = len(attempts)
    console.print(
        f"{count} attempt{'s' if count != 1 else ''}, newest first; --json for full records."
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
    attempts = _all_attempts()
    report = summarize(attempts, date.today(), by="day" if by == "day" else "attempt")
    if as_json:
        _print_json(report.to_jsonable())
        return
    if not attempts:
        typer.echo(NO_ATTEMPTS)
        return
    render_progress(report, _names(ctx))


def _names(ctx: typer.Context) -> dict[str, str]:
    """Display names of skills and stages by id; ids still show when a pack was removed."""
    content = state(ctx).content()
    names = {s.id: s.name for s in content.stages.values()}
    names.update({s.id: s.name for s in content.skills.values()})
    return names


SPARK_WIDTH = 26
NAME_WIDTH = 26


def render_progress(report: Progress, names: dict[str, str], console: Any = None) -> None:
    from rich.text import Text

    from supportprep.practice.progress import RECENT
    from supportprep.ui.console import out
    from supportprep.ui.text import plain

    console = console or out()
    c = report.counts
    head = f"{c.attempts} attempt{'s' if c.attempts != 1 else ''}"
    if c.partial:
        head += f" ({c.partial} stopped early)"
    head += (
        f" on {c.days} day{'s' if c.days != 1 else ''}, "
        f"{c.scenarios} scenario{'s' if c.scenarios != 1 else ''}"
    )
    if c.mocks:
        head += f", {c.mocks} mock{'s' if c.mocks != 1 else ''}"
    console.print(Text("Progress: ", style="bold") + Text(head))

    overall = report.overall
    if overall.recent is not None:
        line = f"last {RECENT} avg {overall.recent:.0f}"
        if overall.previous is not None:
            line += f", previous {RECENT} avg {overall.previous:.0f} {overall.arrow}"
        _fact(console, "Score", Text(line))
    streak = report.streak
    _fact(console, "Streak", Text(f"{streak} day{'s' if streak != 1 else ''} in a row"))
    if report.overtime is not None:
        _fact(console, "Overtime", Text(f"{report.overtime:.0%} of attempts ran over time"))
    if report.weakest is not None:
        skill, average = report.weakest
        weakest = plain(names.get(skill, skill))
        weakest.append(f" (avg {average:.0f}); `supportprep next` picks a drill for it")
        _fact(console, "Weakest", weakest)

    cal = report.calibration
    if cal.recent_gap is not None:
        gap = cal.recent_gap
        side = "above" if gap > 0 else "below"
        line = (
            f"self-scores {abs(gap):.0f} {side} insight coverage "
            f"(last {min(RECENT, len(cal.gaps))} typed)"
        )
        if cal.gap_trend.previous is not None:
            arrow = cal.gap_trend.arrow
            line += {"↓": ", gap closing", "↑": ", gap widening"}.get(arrow, ", steady")
        _fact(console, "Honesty", Text(line))

    legend = f"one mark per {report.by}, the last {SPARK_WIDTH}; ▁ 0 … █ 100"
    # One name width for both tables, so their columns line up.
    keys = [*report.skills, *report.stages]
    width = min(NAME_WIDTH, max((len(names.get(k, k)) for k in keys), default=0))
    for title, series in (("Skills", report.skills), ("Stages", report.stages)):
        if series:
            console.print()
            console.print(Text(title, style="bold") + Text(f"  ({legend})", style="dim"))
            _series_table(console, series, names, width)


def _fact(console: Any, label: str, value: Any) -> None:
    from rich.text import Text

    console.print(Text(f"{label:<9} ", style="bold") + value)


def _series_table(
    console: Any, items: dict[str, Series], names: dict[str, str], name_width: int
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from supportprep.practice.progress import RECENT, sparkline
    from supportprep.ui.text import plain

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("", width=name_width, no_wrap=True, overflow="ellipsis")
    table.add_column("trend", min_width=SPARK_WIDTH, no_wrap=True)
    table.add_column(f"last {RECENT}", justify="right", no_wrap=True)
    table.add_column(f"prev {RECENT}", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    ordered = sorted(items.values(), key=lambda s: (s.trend.recent or 0, s.key))
    for series in ordered:
        recent, previous = series.trend.recent, series.trend.previous
        arrow = series.trend.arrow
        style = {"↑": "green", "↓": "red"}.get(arrow, "")
        table.add_row(
            plain(names.get(series.key, series.key)),
            sparkline(series.values(), SPARK_WIDTH),
            "-" if recent is None else f"{recent:.0f}",
            "-" if previous is None else f"{previous:.0f}",
            Text(arrow, style=style),
        )
    console.print(table)


# --- next -------------------------------------------------------------------------------------


def next_drill(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    role: RoleOption = None,
    variant: VariantOption = None,
    industry: IndustryOption = None,
    interview_date: Annotated[
        str | None,
        typer.Option(
            "--interview-date",
            help="YYYY-MM-DD or +N days; reviews are not scheduled past it. "
            "Default: the profile's.",
            metavar="DATE",
        ),
    ] = None,
) -> None:
    """Name the scenario to drill next and why: due for review, weakest skill, never tried."""
    from datetime import date

    from supportprep.planning.targets import resolve_targets
    from supportprep.practice.adaptive import rank_candidates
    from supportprep.practice.attempt import utcnow
    from supportprep.practice.schedule import CRAM_DAYS
    from supportprep.store.profile import load_profile

    content = state(ctx).content()
    today = date.today()
    targets = resolve_targets(
        content,
        load_profile(),
        today=today,
        role=role,
        variant=variant,
        industry=industry,
        interview_date=interview_date,
    )
    attempts = _all_attempts()
    ranked = rank_candidates(content, attempts, targets, utcnow())
    if not ranked:
        from supportprep.errors import UserError

        raise UserError("the loaded packs hold no scenarios; add a pack with `--pack PATH`")
    days_left = targets.days_left(today)
    cram = days_left is not None and days_left <= CRAM_DAYS
    if as_json:
        _print_json(
            {
                "next": ranked[0].to_jsonable(),
                "candidates": [r.to_jsonable() for r in ranked],
                "targets": {
                    "role": targets.role,
                    "variant": targets.variant,
                    "industry": targets.industry,
                    "interview_date": None
                    if targets.interview_date is None
                    else targets.interview_date.isoformat(),
                },
                "cram": cram,
            }
        )
        return
    # The same options, so `drill --next` recommends the same scenario.
    given = [("--role", role), ("--variant", variant), ("--industry", industry)]
    run_it = " ".join(["supportprep drill --next", *(f"{o} {v}" for o, v in given if v)])
    _render_next(content, ranked, days_left, cram, not attempts, run_it)


def _render_next(
    content: Content,
    ranked: list[Recommendation],
    days_left: int | None,
    cram: bool,
    first_time: bool,
    run_it: str,
) -> None:
    from rich.table import Table
    from rich.text import Text

    from supportprep.practice.schedule import CRAM_DAYS
    from supportprep.ui.console import out
    from supportprep.ui.text import plain

    console = out()
    pick = ranked[0]
    scenario = content.scenarios[pick.scenario_id]
    stage = content.stages.get(scenario.stage)
    minutes = max(1, round(content.time_limit(scenario) / 60))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Next", plain(scenario.title))
    grid.add_row("Scenario", plain(scenario.id))
    grid.add_row(
        "Stage",
        plain(
            f"{stage.name if stage else scenario.stage} · {minutes} min · "
            f"{scenario.difficulty.value}"
        ),
    )
    reasons = list(pick.reasons)
    if first_time:
        reasons.append("your first drill: scores from here on shape what comes next")
    grid.add_row("Why", plain("\n".join(f"- {r}" for r in reasons)))
    if days_left is not None:
        when = "today" if days_left == 0 else f"in {days_left} day{'s' if days_left != 1 else ''}"
        note = f"{when}: no review is scheduled past it."
        if cram:
            note += (
                f" In the last {CRAM_DAYS} days drills count for progress but do not move the "
                "long-term schedule."
            )
        grid.add_row("Interview", plain(note))
    grid.add_row("Run it", Text(run_it))
    others = ranked[1:4]
    if others:
        grid.add_row(
            "Then",
            plain("\n".join(f"- {r.title} ({r.scenario_id}): {r.reasons[0]}" for r in others)),
        )
    console.print(grid)


# --- export -----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "started_at",
    "finished_at",
    "scenario_id",
    "scenario_title",
    "stage",
    "rubric",
    "mode",
    "session_id",
    "time_limit_seconds",
    "duration_seconds",
    "overtime_seconds",
    "total_overtime_seconds",
    "score",
    "verdict",
    "partial",
    "spoken",
    "coverage",
    "skill_scores",
    "levels",
    "criteria",
    "red_flags",
    "follow_ups",
    "answer",
)
"""One row per attempt. Lists and mappings (skill_scores, levels as {criterion: 1-4}, criteria,
red_flags, follow_ups) are JSON strings; empty cells are missing values."""


def csv_row(attempt: Attempt) -> dict[str, str]:
    data = attempt.model_dump(mode="json")
    row: dict[str, str] = {}
    for column in CSV_COLUMNS:
        if column == "levels":
            value: Any = attempt.levels
        elif column == "total_overtime_seconds":
            value = attempt.total_overtime_seconds
        else:
            value = data[column]
        if isinstance(value, dict | list):
            row[column] = json.dumps(value, ensure_ascii=False)
        elif value is None:
            row[column] = ""
        elif isinstance(value, bool):
            row[column] = "true" if value else "false"
        else:
            row[column] = str(value)
    return row


def render_csv(attempts: list[Attempt]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for attempt in attempts:
        writer.writerow(csv_row(attempt))
    return buffer.getvalue()


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
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
) -> None:
    """Export every attempt, oldest first, as CSV or JSON."""
    from supportprep.errors import UserError
    from supportprep.store.files import atomic_write_text

    if fmt not in ("csv", "json"):
        given = "missing" if fmt is None else f"unknown format '{fmt}'"
        raise UserError(f"--format: {given}; choose one of: csv, json")
    if output is not None:
        if output.is_dir():
            raise UserError(f"--output: {output} is a folder; give a file path")
        if output.exists() and not force:
            raise UserError(f"--output: {output} exists; choose another path or add --force")
    attempts = list(reversed(_all_attempts()))
    if fmt == "json":
        text = json.dumps(
            [a.model_dump(mode="json") for a in attempts], indent=2, ensure_ascii=False
        )
        text += "\n"
    else:
        text = render_csv(attempts)
    if output is None:
        typer.echo(text, nl=False)
        if not attempts:
            typer.echo(NO_ATTEMPTS, err=True)
        return
    try:
        atomic_write_text(output, text)
    except OSError as exc:
        raise UserError(f"--output: cannot write {output}: {exc.strerror or exc}") from exc
    count = len(attempts)
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
