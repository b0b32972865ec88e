"""The story bank in the terminal: a list, one story, and the coverage matrix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from supportprep.display import plural
from supportprep.planning.stories import StoryMatrix
from supportprep.store.stories import Story
from supportprep.ui.text import FoldedId, plain

if TYPE_CHECKING:
    from rich.console import Console

    from supportprep.packs.content import Content


def _skill_names(content: Content, skills: Sequence[str]) -> str:
    return ", ".join(content.skills[s].name if s in content.skills else s for s in skills)


def render_story_list(console: Console, stories: Sequence[Story], content: Content) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if not stories:
        console.print("The story bank is empty. Add your first: supportprep stories add")
        return
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("id", overflow="fold", max_width=28)
    table.add_column("title", overflow="fold", ratio=2)
    table.add_column("slots / skills", overflow="fold", ratio=2)
    for story in stories:
        tags = plain(", ".join(story.slots) or "no slot")
        tags.append("\n")
        tags.append(_skill_names(content, story.skills) or "no skill", style="dim")
        table.add_row(FoldedId(story.id), plain(story.title), tags)
    console.print(table)
    console.print(
        Text(
            f"{plural(len(stories), 'story', 'stories')}. Show one: supportprep stories show ID",
            style="dim",
        )
    )


def render_story(console: Console, story: Story, content: Content) -> None:
    from rich.console import Group, RenderableType
    from rich.panel import Panel
    from rich.text import Text

    parts: list[RenderableType] = []
    for label, value in (
        ("Situation", story.situation),
        ("Task", story.task),
        ("Action", story.action),
        ("Result", story.result),
        ("Metric", story.metric),
    ):
        if not value:
            continue
        if parts:
            parts.append(Text(""))
        parts.append(Text(label, style="bold"))
        parts.append(plain(value))
    meta = Text("")
    meta.append("slots: ", style="dim")
    meta.append_text(plain(", ".join(story.slots) or "none"))
    meta.append("\nskills: ", style="dim")
    meta.append_text(plain(_skill_names(content, story.skills) or "none"))
    meta.append(
        f"\nid {story.id} · added {story.created:%Y-%m-%d} · updated {story.updated:%Y-%m-%d}",
        style="dim",
    )
    parts += [Text(""), meta]
    title = plain(story.title)
    title.stylize("bold")
    console.print(Panel(Group(*parts), title=title, title_align="left", padding=(0, 1)))


def render_matrix(
    console: Console, matrix: StoryMatrix, stories: Sequence[Story], content: Content
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    titles = {s.id: s.title for s in stories}

    def listing(ids: Sequence[str]) -> Text:
        if not ids:
            return Text("no story yet", style="red")
        return plain(", ".join(ids))

    skills = Table(title="Skills", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    skills.add_column("skill", overflow="fold", max_width=26)
    skills.add_column("#", justify="right", width=2)
    skills.add_column("stories", overflow="fold", ratio=1)
    for skill, ids in matrix.skills.items():
        name = content.skills[skill].name if skill in content.skills else skill
        skills.add_row(plain(name), str(len(ids)), listing(ids))
    console.print(skills)

    stages = Table(
        title="Loop stages (a story fits a stage when it proves a skill the stage scores)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    stages.add_column("stage", overflow="fold", max_width=26)
    stages.add_column("#", justify="right", width=2)
    stages.add_column("stories", overflow="fold", ratio=1)
    for stage, ids in matrix.stages.items():
        name = content.stages[stage].name if stage in content.stages else stage
        stages.add_row(plain(name), str(len(ids)), listing(ids))
    console.print(stages)

    if matrix.leaned_on:
        console.print(Text("Leaned on too hard (interviewers compare notes):", style="bold"))
        leaned = Table.grid(padding=(0, 1))
        leaned.add_column(width=1, no_wrap=True)
        leaned.add_column(overflow="fold")
        for story_id, why in matrix.leaned_on.items():
            leaned.add_row("•", plain(f"{story_id} ({titles.get(story_id, story_id)}): {why}"))
        console.print(leaned, style="yellow")
    if matrix.missing_skills:
        console.print(
            plain("No story proves: " + _skill_names(content, matrix.missing_skills)),
            style="yellow",
        )
    if matrix.empty_slots:
        console.print(
            plain("Empty slots: " + ", ".join(matrix.empty_slots)),
            style="yellow",
        )
    if not (matrix.leaned_on or matrix.missing_skills or matrix.empty_slots):
        console.print(Text("Every skill and slot has a story, and none carries the loop alone."))
