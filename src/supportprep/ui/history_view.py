"""Views for ``history``, ``progress`` and ``next``: tables and summaries drawn with rich.

They take what ``store``, ``practice.progress`` and ``practice.adaptive`` computed and only draw
it; durations, dates, plurals and trend glyphs come from ``supportprep.display`` so they read the
same as on every other screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from supportprep.display import (
    clock,
    in_days,
    local_day,
    local_time,
    plural,
    sparkline,
    trend_glyph,
)
from supportprep.packs.content import Content
from supportprep.practice.adaptive import NextDrill
from supportprep.practice.review import SHORT_ID
from supportprep.practice.schedule import CRAM_DAYS
from supportprep.practice.skills import RECENT
from supportprep.store.attempt import Attempt
from supportprep.ui.text import clean, plain

if TYPE_CHECKING:
    # Only named in signatures: ``next`` and ``history`` draw without importing the progress
    # rules (and the calibration ones behind them).
    from supportprep.practice.progress import Progress, Series

SPARK_WIDTH = 26
NAME_WIDTH = 26
CALIBRATION_ROWS = 8
TREND_STYLES = {"up": "green", "down": "red"}


# --- history ----------------------------------------------------------------------------------


def render_history(console: Console, attempts: Sequence[Attempt]) -> None:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("when", no_wrap=True)
    table.add_column("scenario", overflow="fold", ratio=1)
    table.add_column("score", no_wrap=True)
    table.add_column("time", no_wrap=True)
    for attempt in attempts:
        scenario = plain(attempt.scenario_title)
        scenario.append("\n")
        scenario.append(
            clean(f"{attempt.stage} · {attempt.mode} · id {attempt.id[:SHORT_ID]}"), style="dim"
        )
        score = Text("-" if attempt.score is None else f"{attempt.score:.0f}")
        if attempt.verdict:
            score.append("\n")
            score.append(clean(attempt.verdict), style="dim")
        timing = _timing(attempt)
        if attempt.partial:
            timing.append("\nstopped early", style="dim")
        table.add_row(
            f"{local_day(attempt.started_at)}\n{local_time(attempt.started_at)}",
            scenario,
            score,
            timing,
        )
    console.print(table)
    console.print(
        f"{plural(len(attempts), 'attempt')}, newest first; `history show ID` for one in full, "
        "`history compare ID` for what changed since the attempt before."
    )


def _timing(attempt: Attempt) -> Text:
    """The answer's time against its limit, then overtime said per part: the main answer's,
    and the follow-ups' apart, so follow-ups that ran long never read as a long answer."""
    used = clock(attempt.duration_seconds)
    if attempt.timing == "untimed":
        return Text(f"{used} untimed")
    limit = clock(attempt.time_limit_seconds)
    timing = Text(f"{used} / {limit}" + (" (yours)" if attempt.timing == "custom" else ""))
    answer_over = attempt.overtime_seconds
    follow_over = attempt.total_overtime_seconds - answer_over
    if answer_over > 0:
        timing.append(f"\n+{clock(answer_over)} over on the answer", style="yellow")
    if follow_over > 0:
        timing.append(f"\n+{clock(follow_over)} over in follow-ups", style="yellow")
    return timing


# --- progress ---------------------------------------------------------------------------------


def render_progress(console: Console, report: Progress, names: dict[str, str]) -> None:
    c = report.counts
    head = plural(c.attempts, "attempt")
    if c.partial:
        head += f" ({c.partial} stopped early)"
    head += f" on {plural(c.days, 'day')}, {plural(c.scenarios, 'scenario')}"
    if c.mocks:
        head += f", {plural(c.mocks, 'mock')}"
    console.print(Text("Progress: ", style="bold") + Text(head))

    overall = report.overall
    if overall.recent is not None:
        line = f"last {RECENT} avg {overall.recent:.0f}"
        if overall.previous is not None:
            line += (
                f", previous {RECENT} avg {overall.previous:.0f} {trend_glyph(overall.direction)}"
            )
        _fact(console, "Score", Text(line))
    _fact(console, "Streak", Text(f"{plural(report.streak, 'day')} in a row"))
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
            f"self-scores {abs(gap):.0f} {side} what the insights found "
            f"(last {min(RECENT, len(cal.gaps))} typed"
        )
        line += "; consistent)" if cal.certainty == "consistent" else "; tentative, few answers)"
        if cal.gap_trend.previous is not None:
            line += {"down": ", gap closing", "up": ", gap widening"}.get(
                cal.gap_trend.direction, ", steady"
            )
        _fact(console, "Honesty", Text(line))
    elif cal.gaps or cal.skipped:
        judged = len(cal.gaps)
        _fact(
            console,
            "Honesty",
            Text(
                f"{judged} typed answer{'s' if judged != 1 else ''} judged by meaning so far; "
                "too few to compare with your self-scores"
            ),
        )

    if report.criteria:
        from supportprep.ui.calibration_view import calibration_table

        console.print()
        console.print(
            Text("Calibration by criterion", style="bold")
            + Text(
                f"  (+ generous, - harsh, in levels, last {RECENT}; ↘ gap shrinking, ↗ growing)",
                style="dim",
            )
        )
        console.print(calibration_table(report.criteria[:CALIBRATION_ROWS]))
        if len(report.criteria) > CALIBRATION_ROWS:
            console.print(
                Text(
                    f"  {len(report.criteria) - CALIBRATION_ROWS} more criteria in "
                    "`progress --json`; `supportprep grade` and `rescore` add evidence.",
                    style="dim",
                )
            )

    legend = f"one mark per {report.by}, the last {SPARK_WIDTH}; ▁ 0 … █ 100"
    # One name width for both tables, so their columns line up; a name is cut only when the
    # terminal has no room for it.
    keys = [*report.skills, *report.stages]
    room = max(NAME_WIDTH, console.width - _SERIES_COLUMNS)
    width = min(room, max((len(names.get(k, k)) for k in keys), default=0))
    for title, series in (("Skills", report.skills), ("Stages", report.stages)):
        if series:
            console.print()
            console.print(Text(title, style="bold") + Text(f"  ({legend})", style="dim"))
            _series_table(console, series, names, width)


def _fact(console: Console, label: str, value: Text) -> None:
    console.print(Text(f"{label:<9} ", style="bold") + value)


_SERIES_COLUMNS = SPARK_WIDTH + 2 * len(f"last {RECENT}") + 1 + 9
"""The width of a series table beside the name: trend, the two averages, the arrow, and the
space between the five columns."""


def _series_table(
    console: Console, items: dict[str, Series], names: dict[str, str], name_width: int
) -> None:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("", width=name_width, no_wrap=True, overflow="ellipsis")
    table.add_column("trend", min_width=SPARK_WIDTH, no_wrap=True)
    table.add_column(f"last {RECENT}", justify="right", no_wrap=True)
    table.add_column(f"prev {RECENT}", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    ordered = sorted(items.values(), key=lambda s: (s.trend.recent or 0, s.key))
    for series in ordered:
        recent, previous = series.trend.recent, series.trend.previous
        direction = series.trend.direction
        table.add_row(
            plain(names.get(series.key, series.key)),
            sparkline(series.values(), SPARK_WIDTH),
            "-" if recent is None else f"{recent:.0f}",
            "-" if previous is None else f"{previous:.0f}",
            Text(trend_glyph(direction), style=TREND_STYLES.get(direction, "")),
        )
    console.print(table)


# --- next -------------------------------------------------------------------------------------


def render_next(console: Console, content: Content, result: NextDrill, *, run_it: str) -> None:
    ranked, days_left, cram = result.ranked, result.days_left, result.cram
    pick = ranked[0]
    scenario = content.scenarios[pick.scenario_id]
    stage = content.stages.get(scenario.stage)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Next", plain(scenario.title))
    grid.add_row("Scenario", plain(scenario.id))
    grid.add_row(
        "Stage",
        plain(
            f"{stage.name if stage else scenario.stage} · "
            f"{clock(content.time_limit(scenario))} to answer · "
            f"{scenario.difficulty.value}"
        ),
    )
    reasons = list(pick.reasons)
    if result.first_time:
        reasons.append("your first drill: scores from here on shape what comes next")
    grid.add_row("Why", plain("\n".join(f"- {r}" for r in reasons)))
    if days_left is not None:
        note = f"{in_days(days_left)}: no review is scheduled past it."
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
