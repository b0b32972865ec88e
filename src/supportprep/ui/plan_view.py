"""A 30/60/90 plan in the terminal: a panel per phase, side by side when the terminal is wide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supportprep.display import clock
from supportprep.planning.plan import PlanChoice, SpokenPlan, phase_heading, phase_sections
from supportprep.ui.text import plain

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from supportprep.packs.content import Content

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


def _phase_panel(choice: PlanChoice, index: int) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[RenderableType] = []
    for number, (label, entries) in enumerate(phase_sections(choice.plan.phases[index])):
        if number:
            parts.append(Text(""))
        parts.append(Text(label, style="bold"))
        parts.append(_bullets(entries))
    title = plain(phase_heading(choice, index))
    title.stylize("bold")
    return Panel(Group(*parts), title=title, title_align="left", padding=(0, 1))


def render_plan(console: Console, choice: PlanChoice, content: Content) -> None:
    from rich.table import Table

    title = plain(choice.title)
    title.stylize("bold")
    console.print(title)
    meta = [choice.kind]
    if choice.role:
        role = content.roles.get(choice.role)
        meta.append(role.name if role else choice.role)
    if choice.industry and choice.industry_specific:
        # A general plan shown for an industry says so once, in the note below.
        industry = content.industries.get(choice.industry)
        meta.append(industry.name if industry else choice.industry)
    console.print(plain(" · ".join(meta)), style="dim")
    console.print(plain(" ".join(choice.summary.split())))
    if choice.note:
        hint = " Pass --industry to choose one." if choice.choose_industry else ""
        console.print(plain(choice.note + hint), style="yellow")
    console.print()
    panels = [_phase_panel(choice, index) for index in range(len(choice.plan.phases))]
    if console.width >= COLUMNS_FROM_WIDTH:
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in panels:
            grid.add_column(ratio=1)
        grid.add_row(*panels)
        console.print(grid)
    else:
        for panel in panels:
            console.print(panel)


def render_spoken(console: Console, said: SpokenPlan) -> None:
    """The spoken answer as paragraphs to read aloud, with how long it takes at a calm pace."""
    from rich.text import Text

    title = plain(said.choice.title)
    title.stylize("bold")
    console.print(title)
    console.print(
        Text(
            f'For "what would your first 90 days look like?": {said.words} words, about '
            f"{clock(said.seconds)} spoken at a calm pace. Say it in your own words.",
            style="dim",
        )
    )
    for paragraph in said.paragraphs:
        console.print()
        console.print(plain(paragraph))
