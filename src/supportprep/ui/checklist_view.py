"""The prep checklist in the terminal: a table per week, what fits if time allows, the artifacts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supportprep.actions import Action, Do
from supportprep.planning.calendar import describe
from supportprep.planning.checklist import Checklist, Item
from supportprep.ui.commands import command
from supportprep.ui.text import plain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


def _when(item: Item) -> str:
    if item.due is None:
        return f"{item.due_days_before}d before"
    return item.due.strftime("%a %m-%d")


def _item_cell(item: Item) -> Text:
    cell = plain(item.text)
    if item.done:
        cell.stylize("dim")
    details = [item.id, item.category, f"{item.minutes} min"]
    cell.append("\n")
    cell.append(" · ".join(details), style="dim")
    if item.action:
        cell.append("\n")
        cell.append(command(item.action), style="cyan")
    return cell


def render_checklist(console: Console, checklist: Checklist) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console.print(Text(describe(checklist), style="bold"))
    for hint in checklist.hints:
        console.print(plain(hint), style="yellow")
    if checklist.interview_date is None:
        console.print(
            f"Set the date: {command(Action(Do.SET_INTERVIEW_DATE))}, or --interview-date for "
            "this run.",
            style="yellow",
        )
    if checklist.dropped:
        console.print("--per-day N changes how many items a day get.", style="dim")
    for week in checklist.weeks():
        table = Table(
            title=plain(week.label),
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            expand=True,
            pad_edge=False,
        )
        table.add_column("done", width=4, no_wrap=True)
        table.add_column("due" if checklist.interview_date else "when", width=10, no_wrap=True)
        table.add_column("item", overflow="fold", ratio=1)
        for item in week.items:
            mark = Text("[x]", style="green") if item.done else Text("[ ]")
            due = Text(_when(item))
            table.add_row(mark, due, _item_cell(item))
        console.print(table)
    if checklist.dropped:
        console.print(
            _id_table(
                "If time allows (no room in the daily cap; most important first)",
                "item",
                checklist.dropped,
            )
        )
    if checklist.artifact is None and checklist.artifact_menu:
        console.print(
            _id_table(
                "Artifact menu: bring one (`supportprep checklist pick ID`)",
                "artifact",
                checklist.artifact_menu,
            )
        )
    console.print(
        Text(
            "Tick items with `supportprep checklist done ID`, or `supportprep checklist tick` "
            "in a terminal.",
            style="dim",
        )
    )


def _id_table(title: str, column: str, items: Iterable[Item]) -> Table:
    """A titled two-column list of items by id (what did not fit; the artifact menu)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(title),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        expand=True,
        pad_edge=False,
    )
    table.add_column("id", no_wrap=True)
    table.add_column(column, overflow="fold", ratio=1)
    for item in items:
        table.add_row(plain(item.id), plain(item.text))
    return table
