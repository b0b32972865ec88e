"""The prep checklist in the terminal: a table per week, what fits if time allows, the artifacts.

The tables are laid out by ``ui.columns`` rather than rich's ``Table``: eighty rows through
rich cost a third of a bare Typer app's start-up on every `checklist`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supportprep.actions import Action, Do
from supportprep.planning.calendar import describe
from supportprep.planning.checklist import Checklist, Item
from supportprep.ui.columns import Part, grid
from supportprep.ui.commands import command
from supportprep.ui.text import clean, plain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console


def _when(item: Item) -> str:
    if item.due is None:
        return f"{item.due_days_before}d before"
    return item.due.strftime("%a %m-%d")


def _item_parts(item: Item) -> list[Part]:
    parts = [
        Part(item.text, "dim" if item.done else ""),
        Part(" · ".join([item.id, item.category, f"{item.minutes} min"]), "dim"),
    ]
    if item.action:
        parts.append(Part(command(item.action), "cyan"))
    return parts


def render_checklist(console: Console, checklist: Checklist) -> None:
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
    when = "due" if checklist.interview_date else "when"
    for week in checklist.weeks():
        console.print(Text(clean(week.label), style="bold"))
        rows = [
            (
                [("[x]", "green") if item.done else ("[ ]", ""), (_when(item), "")],
                _item_parts(item),
            )
            for item in week.items
        ]
        console.print(grid(console.width, ["done", when, "item"], [4, 10], rows), soft_wrap=True)
    if checklist.dropped:
        _id_table(
            console,
            "If time allows (no room in the daily cap; most important first)",
            "item",
            checklist.dropped,
        )
    if checklist.artifact is None and checklist.artifact_menu:
        _id_table(
            console,
            "Artifact menu: bring one (`supportprep checklist pick ID`)",
            "artifact",
            checklist.artifact_menu,
        )
    console.print(
        Text(
            "Tick items with `supportprep checklist done ID`, or `supportprep checklist tick` "
            "in a terminal.",
            style="dim",
        )
    )


def _id_table(console: Console, title: str, column: str, items: Iterable[Item]) -> None:
    """A titled two-column list of items by id (what did not fit; the artifact menu)."""
    from rich.text import Text

    listed = list(items)
    # The ids are never wrapped (they are typed back); the text column takes the rest.
    id_width = max(len("id"), *(len(clean(item.id)) for item in listed))
    rows = [([(item.id, "")], [Part(item.text)]) for item in listed]
    console.print(Text(title, style="bold"))
    console.print(grid(console.width, ["id", column], [id_width], rows), soft_wrap=True)
