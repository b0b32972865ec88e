"""``profile show``: the profile every command falls back to."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from supportprep.display import in_days
from supportprep.packs.content import Content
from supportprep.store.profile import Profile
from supportprep.ui.text import plain


def render_profile(
    console: Console,
    content: Content | None,
    profile: Profile,
    days_left: int | None,
    path: Path,
) -> None:
    """The fields, each id with its name from the packs; ``content`` may be None only for an
    empty profile."""
    if profile.is_empty():
        console.print("No profile yet. Set one with `supportprep profile set --role ROLE ...`,")
        console.print("or run `supportprep profile` in a terminal to be asked.")
        console.print(Text(f"It will be saved in {path}", style="dim"), soft_wrap=True)
        return
    assert content is not None
    table = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for field, kind, value in (
        ("role", "roles", profile.role),
        ("variant", "variants", profile.variant),
        ("industry", "industries", profile.industry),
    ):
        cell = plain(value or "-")
        if value:
            known = content.kind(kind).get(value)
            if known is None:
                cell.append("  (not in the loaded packs)", style="red")
            else:
                cell.append(f"  {known.name}", style="dim")
        table.add_row(field, cell)
    table.add_row("seniority", plain(profile.seniority or "-"))
    when = Text("-")
    if profile.interview_date is not None:
        when = Text(profile.interview_date.isoformat())
        if days_left is not None and days_left < 0:
            when.append("  (past: no longer drives the checklist)", style="red")
        else:
            left = in_days(days_left or 0)
            when.append(f"  {left}", style="dim")
    table.add_row("interview date", when)
    table.add_row("company", plain(profile.company or "-"))
    console.print(table)
    console.print(Text(str(path), style="dim"), soft_wrap=True)
