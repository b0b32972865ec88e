"""Views for ``history``, ``progress`` and ``next``: tables and summaries drawn with rich.

They take what ``store``, ``practice.progress`` and ``practice.adaptive`` computed and only draw
it; durations, dates, plurals and trend glyphs come from ``supportprep.display`` so they read the
same as on every other screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

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
from supportprep.practice.review import SHORT_ID
from supportprep.practice.skills import RECENT
from supportprep.ui.text import clean, plain

if TYPE_CHECKING:
    from rich.console import Console

    from supportprep.packs.content import Content
    from supportprep.practice.adaptive import NextDrill

    # Only named in signatures: ``next`` and ``history`` draw without importing the progress
    # rules (and the calibration ones behind them), and ``history`` without the content.
    from supportprep.practice.progress import Progress, Series
    from supportprep.store.attempt import Attempt
    from supportprep.ui.columns import Part

SPARK_WIDTH = 26
FACT_LABEL = 9
"""The width of the labels of the facts above the tables (Score, Streak, Honesty...)."""
MIN_NAME_WIDTH = 8
"""A skill or stage name is cut (with …) to fit the terminal, never shorter than this."""
CALIBRATION_ROWS = 8
TREND_STYLES = {"up": "green", "down": "red"}


# --- history ----------------------------------------------------------------------------------


def render_history(console: Console, attempts: Sequence[Attempt]) -> None:
    from supportprep.ui.columns import Column, Part, table

    rows = []
    for attempt in attempts:
        score = [Part("-" if attempt.score is None else f"{attempt.score:.0f}")]
        if attempt.verdict:
            score.append(Part(attempt.verdict, "dim"))
        timing = _timing(attempt)
        if attempt.partial:
            timing.append(Part("stopped early", "dim"))
        rows.append(
            [
                [Part(f"{local_day(attempt.started_at)}\n{local_time(attempt.started_at)}")],
                [
                    Part(attempt.scenario_title),
                    Part(f"{attempt.stage} · {attempt.mode} · id {attempt.id[:SHORT_ID]}", "dim"),
                ],
                score,
                timing,
            ]
        )
    columns = [
        Column("when"),
        Column("scenario", flex=True),
        Column("score", wrap=True),
        Column("time", wrap=True),
    ]
    console.print(table(console.width, columns, rows), soft_wrap=True)
    console.print(
        f"{plural(len(attempts), 'attempt')}, newest first; `history show ID` for one in full, "
        "`history compare ID` for what changed since the attempt before."
    )


def _timing(attempt: Attempt) -> list[Part]:
    """The answer's time against its limit, then overtime said per part: the main answer's,
    and the follow-ups' apart, so follow-ups that ran long never read as a long answer."""
    from supportprep.ui.columns import Part

    used = clock(attempt.duration_seconds)
    if attempt.timing == "untimed":
        return [Part(f"{used} untimed")]
    limit = clock(attempt.time_limit_seconds)
    timing = [Part(f"{used} / {limit}" + (" (yours)" if attempt.timing == "custom" else ""))]
    answer_over = attempt.overtime_seconds
    follow_over = attempt.total_overtime_seconds - answer_over
    if answer_over > 0:
        timing.append(Part(f"+{clock(answer_over)} over on the answer", "yellow"))
    if follow_over > 0:
        timing.append(Part(f"+{clock(follow_over)} over in follow-ups", "yellow"))
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
        _fact(console, "Score", line)
    _fact(console, "Streak", f"{plural(report.streak, 'day')} in a row")
    if report.overtime is not None:
        _fact(console, "Overtime", f"{report.overtime:.0%} of attempts ran over time")
    if report.weakest is not None:
        skill, average = report.weakest
        weakest = f"{names.get(skill, skill)} (avg {average:.0f}); `supportprep next` picks a drill"
        _fact(console, "Weakest", weakest + " for it")

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
        _fact(console, "Honesty", line)
    elif cal.gaps or cal.skipped:
        judged = len(cal.gaps)
        _fact(
            console,
            "Honesty",
            f"{judged} typed answer{'s' if judged != 1 else ''} judged by meaning so far; "
            "too few to compare with your self-scores",
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
    room = max(MIN_NAME_WIDTH, console.width - _SERIES_COLUMNS)
    width = min(room, max((len(names.get(k, k)) for k in keys), default=0))
    for title, series in (("Skills", report.skills), ("Stages", report.stages)):
        if series:
            console.print()
            console.print(Text(title, style="bold") + Text(f"  ({legend})", style="dim"))
            _series_table(console, series, names, width)


def _fact(console: Console, label: str, value: str) -> None:
    """``label`` in bold, then ``value`` wrapped at spaces, its next lines under its first."""
    from supportprep.ui.columns import wrap

    indent = FACT_LABEL + 1
    lines = wrap(clean(value), max(console.width - indent, 20))
    text = Text(f"{label:<{FACT_LABEL}} ", style="bold")
    text.append(lines[0])
    for line in lines[1:]:
        text.append("\n" + " " * indent + line)
    console.print(text, soft_wrap=True)


_SERIES_COLUMNS = SPARK_WIDTH + 2 * len(f"last {RECENT}") + 1 + 4 * 3
"""The width of a series table beside the name: trend, the two averages, the arrow, and the
three spaces between each two of the five columns."""


def _series_table(
    console: Console, items: dict[str, Series], names: dict[str, str], name_width: int
) -> None:
    from supportprep.ui.columns import Column, Part, table

    columns = [
        Column(width=name_width),
        Column("trend", min_width=SPARK_WIDTH),
        Column(f"last {RECENT}", right=True),
        Column(f"prev {RECENT}", right=True),
        Column(),
    ]
    rows = []
    for series in sorted(items.values(), key=lambda s: (s.trend.recent or 0, s.key)):
        recent, previous = series.trend.recent, series.trend.previous
        direction = series.trend.direction
        rows.append(
            [
                [Part(names.get(series.key, series.key))],
                [Part(sparkline(series.values(), SPARK_WIDTH))],
                [Part("-" if recent is None else f"{recent:.0f}")],
                [Part("-" if previous is None else f"{previous:.0f}")],
                [Part(trend_glyph(direction), TREND_STYLES.get(direction, ""))],
            ]
        )
    console.print(table(console.width, columns, rows, edge=False), soft_wrap=True)


# --- next -------------------------------------------------------------------------------------


def render_next(console: Console, content: Content, result: NextDrill, *, run_it: str) -> None:
    from rich.table import Table

    from supportprep.practice.schedule import CRAM_DAYS

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
