"""How answer insights look: pace, coverage, structure and language findings."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from supportprep.practice.insights import Insights
from supportprep.ui.text import clean


def _rows(rows: list[tuple[Text, Text]]) -> Table:
    """Marked lines whose wrapped text hangs under its first word, not under the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=3, justify="right")
    grid.add_column(ratio=1)
    for mark, text in rows:
        grid.add_row(mark, text)
    return grid


def insights_panel(report: Insights) -> RenderableType:
    parts: list[RenderableType] = []
    pace = Text(f"{report.words} words")
    if report.words_per_minute is not None:
        pace.append(f", {report.words_per_minute:.0f} words a minute of the time you used")
    parts.append(pace)
    if report.coverage is not None:
        parts.append(Text(f"Coverage {report.coverage:.0%}", style="bold"))
    if report.terms_found or report.terms_missing:
        rows = []
        if report.terms_found:
            rows.append((Text("✓", style="green"), Text(clean(", ".join(report.terms_found)))))
        if report.terms_missing:
            rows.append((Text("✗", style="yellow"), Text(clean(", ".join(report.terms_missing)))))
        parts += [Text("Talking points"), _rows(rows)]
    if report.points:
        made = sum(p.covered for p in report.points)
        parts.append(Text(f"Strong-answer points you seem to make: {made} of {len(report.points)}"))
        parts.append(
            _rows(
                [
                    (
                        Text("✓", style="green") if p.covered else Text("✗", style="yellow"),
                        Text(clean(p.point)),
                    )
                    for p in report.points
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
