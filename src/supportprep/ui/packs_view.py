"""``packs list`` and ``packs show``: the packs in use and what the merged content holds."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from supportprep.display import clock, plural
from supportprep.packs.content import Content
from supportprep.practice.fit import COVERAGE_CELL_MINIMUM, COVERAGE_PROFILE_MINIMUM, Coverage
from supportprep.ui.text import FoldedId, clean, plain


def render_packs(console: Console, content: Content, *, bundled: Path, user: Path) -> None:
    table = Table(title="Packs in merge order (later ones override earlier ones by id)")
    table.add_column("pack")
    table.add_column("version")
    table.add_column("source")
    table.add_column("holds", overflow="fold")
    for pack in content.packs:
        counts = pack.counts
        holds = ", ".join(
            plural(counts[key], word)
            for key, word in (
                ("scenarios", "scenario"),
                ("rubrics", "rubric"),
                ("checklists", "checklist"),
                ("plans", "plan"),
            )
        )
        name = plain(pack.manifest.id)
        name.append("\n")
        name.append(clean(pack.manifest.name), style="dim")
        table.add_row(name, plain(pack.manifest.version), pack.source, holds)
    console.print(table)
    for pack in content.packs:
        console.print(plain(f"{pack.manifest.id}: {pack.path}"), soft_wrap=True)
    console.print(plain(f"Bundled packs are read from {bundled}"), soft_wrap=True)
    console.print(plain(f"User packs are read from {user}"), soft_wrap=True)


def render_content(console: Console, content: Content, covered: Coverage) -> None:
    stages = Table(title="Stages")
    for column in ("id", "name", "loop", "time", "scenarios"):
        stages.add_column(column)
    for stage in content.stages.values():
        count = sum(1 for s in content.scenarios.values() if s.stage == stage.id)
        stages.add_row(
            FoldedId(stage.id),
            plain(stage.name),
            str(stage.loop_position or "-"),
            clock(stage.time_limit_seconds),
            str(count),
        )
    console.print(stages)
    table = Table(title=f"Scenarios ({len(content.scenarios)})")
    # Difficulty and industries sit under the title: five columns left too little room at 80
    # columns for the ids users type.
    table.add_column("id")
    table.add_column("stage")
    table.add_column("title", overflow="fold", ratio=1)
    for scenario in content.scenarios.values():
        about = plain(scenario.title)
        about.append(
            f"\n{scenario.difficulty.value} · "
            + clean(", ".join(scenario.industries) or "any industry"),
            style="dim",
        )
        table.add_row(FoldedId(scenario.id), FoldedId(scenario.stage), about)
    console.print(table)
    console.print(
        f"{plural(len(content.rubrics), 'rubric')}, "
        f"{plural(len(content.checklists), 'checklist')}, "
        f"{plural(len(content.plans), 'plan')}. Use --json for everything."
    )
    console.print(
        f"Coverage: {covered.covered_cells} of {covered.cells} role × industry × stage cells "
        f"hold at least {COVERAGE_CELL_MINIMUM} scenarios that fit; {covered.covered_profiles} "
        f"of {covered.profiles} role × industry profiles hold at least "
        f"{COVERAGE_PROFILE_MINIMUM}."
    )
