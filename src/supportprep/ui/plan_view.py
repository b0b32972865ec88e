"""A 30/60/90 plan in the terminal: a panel per phase, side by side when the terminal is wide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supportprep.planning.plan import PlanChoice, phase_heading, phase_sections
from supportprep.ui.text import plain

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from supportprep.packs.content import Content
    from supportprep.packs.models import Phase

COLUMNS_FROM_WIDTH = 150
"""From this width the three phases sit side by side (about 48 columns each)."""


def _bullets(entries: list[str]) -> RenderableType:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(overflow="fold")
    for entry in entries:
        grid.add_row("•", plain(" ".join(entry.split())))
    return grid


def _phase_panel(phase: Phase) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[RenderableType] = []
    for index, (label, entries) in enumerate(phase_sections(phase)):
        if index:
            parts.append(Text(""))
        parts.append(Text(label, style="bold"))
        parts.append(_bullets(entries))
    title = plain(phase_heading(phase))
    title.stylize("bold")
    return Panel(Group(*parts), title=title, title_align="left", padding=(0, 1))


def render_plan(console: Console, choice: PlanChoice, content: Content) -> None:
    from rich.table import Table
    from rich.text import Text

    plan = choice.plan
    title = plain(plan.title)
    title.stylize("bold")
    console.print(title)
    meta = [choice.kind]
    if choice.role:
        role = content.roles.get(choice.role)
        meta.append(role.name if role else choice.role)
    if choice.industry:
        industry = content.industries.get(choice.industry)
        name = industry.name if industry else choice.industry
        meta.append(name if choice.industry_specific else f"{name} (general plan)")
    console.print(Text(" · ".join(meta), style="dim"))
    console.print(plain(" ".join(plan.summary.split())))
    if choice.note:
        console.print(Text(choice.note, style="yellow"))
    console.print()
    panels = [_phase_panel(phase) for phase in plan.phases]
    if console.width >= COLUMNS_FROM_WIDTH:
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in panels:
            grid.add_column(ratio=1)
        grid.add_row(*panels)
        console.print(grid)
    else:
        for panel in panels:
            console.print(panel)
