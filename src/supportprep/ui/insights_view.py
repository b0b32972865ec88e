"""How answer insights look: pace, coverage, structure and language findings."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from supportprep.practice.insights import QUOTE_LIMIT, Insights, PointCoverage, StructurePart
from supportprep.ui.text import clean

PARTIAL = 0.25
"""A point not made but this close (soft recall) is shown as partly made."""


def _rows(rows: list[tuple[Text, Text]]) -> Table:
    """Marked lines whose wrapped text hangs under its first word, not under the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=3, justify="right")
    grid.add_column(ratio=1)
    for mark, text in rows:
        grid.add_row(mark, text)
    return grid


def _point_row(point: PointCoverage) -> tuple[Text, Text]:
    text = Text(clean(point.point))
    if point.covered and point.evidence:
        text.append("\n“" + clean(_one_line(point.evidence)) + "”", style="italic dim")
    elif point.score >= PARTIAL:
        text.append(f"  (partly: {point.score:.0%} of it)", style="dim")
    mark = Text("✓", style="green") if point.covered else Text("✗", style="yellow")
    return mark, text


def _part_row(part: StructurePart) -> tuple[Text, Text]:
    text = Text(clean(part.name))
    if part.quote:
        text.append("\n“" + clean(part.quote) + "”", style="italic dim")
    return (Text("✓", style="green") if part.present else Text("✗", style="yellow")), text


def _one_line(sentence: str) -> str:
    one = " ".join(sentence.split())
    return one if len(one) <= QUOTE_LIMIT else one[: QUOTE_LIMIT - 1] + "…"


def insights_panel(report: Insights) -> RenderableType:
    parts: list[RenderableType] = []
    pace = Text(f"{report.words} words")
    if report.words_per_minute is not None:
        pace.append(f", {report.words_per_minute:.0f} words a minute of the time you used")
    parts.append(pace)
    if report.coverage is not None:
        what = "of your story's parts" if report.story else "of the strong-answer points"
        if report.reactions and not report.story:
            what += " and the new information"
        sure = {"high": "fairly sure", "medium": "not certain", "low": "a rough guess"}
        line = Text(f"Coverage {report.coverage:.0%}", style="bold")
        line.append(f" {what} (judged by meaning; {sure[report.confidence]})", style="dim")
        parts.append(line)
    if report.story:
        parts.append(Text("Your story", style="bold"))
        parts.append(_rows([_part_row(s) for s in report.story]))
    if report.points:
        made = sum(p.covered for p in report.points)
        if report.points_are_example:
            parts.append(
                Text(
                    f"Points of the sample story your answer also makes: {made} of "
                    f"{len(report.points)} (an example, not the answer key: your own story "
                    "can be just as strong)"
                )
            )
        else:
            parts.append(
                Text(f"Strong-answer points you seem to make: {made} of {len(report.points)}")
            )
        parts.append(_rows([_point_row(p) for p in report.points]))
    if report.terms_found or report.terms_missing:
        rows = []
        if report.terms_found:
            rows.append((Text("✓", style="green"), Text(clean(", ".join(report.terms_found)))))
        if report.terms_missing:
            rows.append((Text("✗", style="yellow"), Text(clean(", ".join(report.terms_missing)))))
        parts += [Text("Talking points (terms; they do not count towards coverage)"), _rows(rows)]
    if report.reactions:
        reacted = sum(r.covered for r in report.reactions)
        parts.append(Text(f"New information you reacted to: {reacted} of {len(report.reactions)}"))
        parts.append(
            _rows(
                [
                    (
                        Text("✓", style="green") if r.covered else Text("✗", style="yellow"),
                        Text(clean(r.point)),
                    )
                    for r in report.reactions
                ]
            )
        )
    if report.structure:
        parts.append(Text("Structure", style="bold"))
        parts.append(
            _rows(
                [
                    (
                        Text("✓", style="green") if s.present else Text("✗", style="red"),
                        Text(clean(s.name)),
                    )
                    for s in report.structure
                ]
            )
        )
    if report.red_flags:
        parts.append(Text("Red flags of this scenario the answer seems to show", style="bold red"))
        rows = []
        for hit in report.red_flags:
            text = Text(clean(hit.flag), style="bold")
            text.append(" “" + clean(hit.quote) + "”", style="italic")
            rows.append((Text("!", style="red"), text))
        parts.append(_rows(rows))
    language = [f for f in report.findings if not f.code.startswith("no-")]
    if language:
        parts.append(Text("Language", style="bold"))
        rows = []
        for finding in language:
            text = Text(clean(finding.name), style="bold")
            if finding.count > 1:
                text.append(f" ×{finding.count}")
            if finding.quote:
                text.append(" “" + clean(finding.quote) + "”", style="italic")
            text.append("\n" + clean(finding.message))
            rows.append((Text("!", style="red"), text))
        parts.append(_rows(rows))
    parts.append(Text("Score what you wrote, not what you meant to write.", style="dim"))
    return Panel(Group(*parts), title="What your answer shows", title_align="left")
