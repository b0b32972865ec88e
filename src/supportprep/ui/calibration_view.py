"""How grading and blind re-scoring look: the answer to score with its level hidden, the reveal
of intended (or first) levels against the ones just given, and the per-criterion calibration
table of ``progress``. Pack and user text is drawn with ``plain``: never markup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from supportprep.display import local_day, plural
from supportprep.packs.models import Criterion, ExampleAnswer, Scenario
from supportprep.practice.calibration import (
    CriterionCalibration,
    CriterionGap,
    GradeResult,
    GradingSession,
    RescoreResult,
    Source,
)
from supportprep.store.attempt import Attempt
from supportprep.ui import drill_view
from supportprep.ui.prompts import ask_level
from supportprep.ui.text import plain

LEAN_STYLES = {"generous": "yellow", "harsh": "cyan", "even": "green"}
SOURCE_NAMES: dict[Source, str] = {
    "examples": "vs examples",
    "rescores": "vs re-scores",
    "insights": "vs insights",
}


def _scenario_brief(scenario: Scenario) -> RenderableType:
    body: list[RenderableType] = [plain(scenario.prompt)]
    if scenario.context:
        body.append(Text())
        for fact in scenario.context:
            body.append(Text("  • ") + plain(fact))
    return drill_view.scenario_frame(scenario, body)


def _gap_text(gap: int) -> Text:
    if gap == 0:
        return Text("=", style="green")
    return Text(f"{gap:+d}", style="yellow" if gap > 0 else "cyan")


def _gap_table(gaps: Sequence[CriterionGap], given: str, reference: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("criterion", ratio=1)
    table.add_column(given, justify="right", no_wrap=True)
    table.add_column(reference, justify="right", no_wrap=True)
    table.add_column("gap", justify="right", no_wrap=True)
    for g in gaps:
        table.add_row(plain(g.criterion.name), f"{g.given}/4", f"{g.reference}/4", _gap_text(g.gap))
    return table


def _lean_line(mean: float, who: str) -> Text:
    if abs(mean) < 0.5:
        return Text(f"{who} within half a level on average: well calibrated.", style="green")
    side = "generous" if mean > 0 else "harsh"
    return Text(f"{who} {abs(mean):.1f} levels {side} on average.", style="yellow")


class TerminalGrader:
    """Asks on the terminal for ``supportprep grade`` and ``supportprep rescore``."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def show_example(
        self, number: int, total: int, scenario: Scenario, example: ExampleAnswer
    ) -> None:
        self.console.rule(f"Example {number} of {total}")
        self.console.print(_scenario_brief(scenario))
        self.console.print(
            Panel(
                plain(example.answer),
                title="A candidate's answer (its level is hidden)",
                title_align="left",
                border_style="magenta",
            )
        )
        self.console.print(
            "[bold]Grade it as the interviewer.[/bold] For each criterion pick the level whose "
            "description matches what this answer actually did."
        )

    def show_answer(self, attempt: Attempt, scenario: Scenario | None, now: datetime) -> None:
        days = max(1, (now - attempt.finished_at).days)
        self.console.rule(f"Your answer from {local_day(attempt.finished_at)}")
        if scenario is not None:
            self.console.print(_scenario_brief(scenario))
        body: list[RenderableType] = [plain(attempt.answer or "")]
        for i, follow_up in enumerate(attempt.follow_ups, start=1):
            if follow_up.answer:
                body += [Text(), Text(f"Follow-up {i}: ", style="bold") + plain(follow_up.question)]
                body.append(plain(follow_up.answer))
        self.console.print(
            Panel(
                Group(*body),
                title=f"Your answer, {plural(days, 'day')} on (first scores hidden)",
                title_align="left",
                border_style="magenta",
            )
        )
        self.console.print(
            "[bold]Score it again, fresh.[/bold] Read it as an interviewer would: judge what "
            "the answer says, not what you meant."
        )

    def rate(self, criterion: Criterion, index: int, total: int) -> int:
        self.console.print(drill_view.anchors_table(criterion, index, total))
        return ask_level(self.console, criterion, {})

    def reveal(self, result: GradeResult) -> None:
        self.console.print(grade_reveal(result))

    def reveal_rescore(self, result: RescoreResult) -> None:
        self.console.print(rescore_reveal(result))


def grade_reveal(result: GradeResult) -> RenderableType:
    parts: list[RenderableType] = [
        _gap_table(result.gaps, "you gave", "intended"),
        _lean_line(result.mean_gap, "You graded"),
    ]
    if result.example.why:
        parts += [Text(), Text("Why it sits there", style="bold"), plain(result.example.why)]
    return Panel(
        Group(*parts),
        title=f"Intended: level {result.example.level} ({result.exact} of "
        f"{plural(len(result.gaps), 'criterion', 'criteria')} matched)",
        title_align="left",
        border_style="green",
    )


def grading_summary(session: GradingSession) -> RenderableType:
    gaps = [g.gap for r in session.results for g in r.gaps]
    if not gaps:
        return Text("Nothing graded.")
    mean = sum(gaps) / len(gaps)
    exact = sum(1 for g in gaps if g == 0)
    line = Text(
        f"{plural(len(session.results), 'example')} graded: {exact} of {len(gaps)} criteria "
        "matched the intended level. "
    )
    return Group(
        line + _lean_line(mean, "You graded"),
        Text("Saved; `supportprep progress` shows the trend per criterion.", style="dim"),
    )


def rescore_reveal(result: RescoreResult) -> RenderableType:
    mean = result.mean_gap
    if abs(mean) < 0.5:
        verdict = Text("Your first scores hold up a day later.", style="green")
    elif mean > 0:
        verdict = Text(
            f"Right after the drill you scored {mean:.1f} levels higher than you do now: "
            "you were generous in the moment.",
            style="yellow",
        )
    else:
        verdict = Text(
            f"Right after the drill you scored {-mean:.1f} levels lower than you do now: "
            "you were hard on yourself in the moment.",
            style="cyan",
        )
    return Panel(
        Group(_gap_table(result.gaps, "now", "first"), verdict),
        title="First scores against the blind re-score",
        title_align="left",
        border_style="green",
    )


CHANGE_GLYPHS = {"shrinking": "↘", "growing": "↗", "steady": "→", "new": ""}


def _series_cell(item: CriterionCalibration, source: Source) -> Text:
    series = item.sources.get(source)
    if series is None or series.recent is None:
        return Text("-", style="dim")
    cell = Text(f"{series.recent:+.1f} ")
    cell.append(series.lean or "", style=LEAN_STYLES.get(series.lean or "", ""))
    glyph = CHANGE_GLYPHS[series.change]
    if glyph:
        cell.append(f" {glyph}")
    cell.append(f" ({len(series.gaps)})", style="dim")
    return cell


def calibration_table(items: Sequence[CriterionCalibration]) -> Table:
    """Per criterion: the recent mean gap in levels from each source, which way it leans, and
    whether it is shrinking. Names come from the records' snapshots, so removed packs read."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("criterion", max_width=30, overflow="ellipsis", no_wrap=True)
    for name in SOURCE_NAMES.values():
        table.add_column(name, no_wrap=True, min_width=len(name))
    for item in items:
        table.add_row(plain(item.name), *(_series_cell(item, s) for s in SOURCE_NAMES))
    return table
