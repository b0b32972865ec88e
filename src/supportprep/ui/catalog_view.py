"""``scenarios``: what fits the profile, tried or not, with the best score; and a preview."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from supportprep.display import clock, plural
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario
from supportprep.practice.catalog import Catalog
from supportprep.ui.drill_view import scenario_panel
from supportprep.ui.text import clean, plain


def render_catalog(console: Console, catalog: Catalog) -> None:
    if not catalog.fits_profile:
        console.print(
            Text("No scenario matches your profile exactly, so all are listed.", style="yellow")
        )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("scenario", ratio=1, overflow="fold")
    table.add_column("time", no_wrap=True, justify="right")
    table.add_column("best", no_wrap=True, justify="right")
    for entry in catalog.entries:
        mark = Text("✓", style="green") if entry.tries else Text("·", style="dim")
        cell = plain(entry.scenario.title)
        cell.append("\n")
        tries = f" · tried {plural(entry.tries, 'time')}" if entry.tries else ""
        cell.append(
            clean(
                f"{entry.stage_name} · {entry.scenario.difficulty.value} · "
                f"{entry.scenario.id}{tries}"
            ),
            style="dim",
        )
        best = "-" if entry.best is None else f"{entry.best:.0f}"
        table.add_row(mark, cell, clock(entry.minutes * 60), best)
    console.print(table)
    console.print(
        f"{plural(len(catalog.entries), 'scenario')}, {catalog.tried} tried. "
        "`supportprep scenarios show ID` previews one without the clock; "
        "`supportprep drill --scenario ID` runs it."
    )


def render_preview(console: Console, content: Content, scenario: Scenario) -> None:
    stage = content.stages[scenario.stage]
    console.print(scenario_panel(scenario, stage, content.time_limit(scenario)))
    console.print(
        Text("A preview: no clock is running and nothing is saved. ", style="dim")
        + Text(f"Drill it with `supportprep drill --scenario {scenario.id}`.", style="dim")
    )
