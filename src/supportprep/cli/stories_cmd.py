"""``supportprep stories``: the STAR story bank."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from supportprep.cli.common import emit
from supportprep.cli.options import JsonFlag, interactive
from supportprep.cli.state import state

if TYPE_CHECKING:
    from supportprep.planning.stories import StoryDraft
    from supportprep.store.stories import Story

app = typer.Typer(
    help=(
        "Your STAR stories (situation, task, action, result, metric), tagged by the skills they "
        "prove and the questions they answer (pushback, failure, metric-moved, edge-case, "
        "debrief, disagreement). Kept in the data home, with a .bak of the previous version."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

IdArgument = Annotated[str, typer.Argument(help="The story id (see `stories list`).")]
TitleOption = Annotated[
    str | None, typer.Option("--title", metavar="TEXT", help="A few words to recognise it.")
]
SituationOption = Annotated[
    str | None, typer.Option("--situation", metavar="TEXT", help="Where, when, what was going on.")
]
TaskOption = Annotated[
    str | None, typer.Option("--task", metavar="TEXT", help="What you had to get done.")
]
ActionOption = Annotated[str | None, typer.Option("--action", metavar="TEXT", help="What you did.")]
ResultOption = Annotated[str | None, typer.Option("--result", metavar="TEXT", help="What changed.")]
MetricOption = Annotated[
    str | None,
    typer.Option("--metric", metavar="TEXT", help="The number that moved, with its baseline."),
]
SkillOption = Annotated[
    list[str] | None,
    typer.Option("--skill", help="A skill id the story proves. Repeatable.", metavar="SKILL"),
]
SlotOption = Annotated[
    list[str] | None,
    typer.Option(
        "--slot",
        help="A question it answers: pushback, failure, metric-moved, edge-case, debrief, "
        "disagreement. Repeatable.",
        metavar="SLOT",
    ),
]


def _story_json(story: Story) -> dict[str, Any]:
    return story.to_jsonable()


def _draft(
    ctx: typer.Context,
    title: str | None,
    situation: str | None,
    task: str | None,
    action: str | None,
    result: str | None,
    metric: str | None,
    skills: list[str] | None,
    slots: list[str] | None,
) -> StoryDraft:
    from supportprep.planning.stories import StoryDraft, check_skills, check_slots

    return StoryDraft(
        title=title,
        situation=situation,
        task=task,
        action=action,
        result=result,
        metric=metric,
        skills=check_skills(state(ctx).content(), skills) if skills is not None else None,
        slots=check_slots(slots) if slots is not None else None,
    )


@app.command()
def add(
    ctx: typer.Context,
    title: TitleOption = None,
    situation: SituationOption = None,
    task: TaskOption = None,
    action: ActionOption = None,
    result: ResultOption = None,
    metric: MetricOption = None,
    skill: SkillOption = None,
    slot: SlotOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a story: by flags (--title, --situation, --task, --action, --result at least), or
    answer the questions in a terminal."""
    from datetime import UTC, datetime

    from supportprep.planning.stories import ask_story, create_story
    from supportprep.store.stories import load_stories, update_stories

    draft = _draft(ctx, title, situation, task, action, result, metric, skill, slot)
    load_stories()  # a damaged bank stops here, before anything is asked or written
    if draft.missing() and interactive():
        from supportprep.ui.planning_prompts import QuestionaryPrompter

        draft = ask_story(QuestionaryPrompter(), state(ctx).content(), draft)
    now = datetime.now(UTC)
    # The id and the new bank come from the bank as it is when saving (another command may
    # have added a story meanwhile).
    path, saved = update_stories(lambda current: [*current, create_story(draft, current, now)])
    story = saved[-1]
    if as_json:
        emit(_story_json(story), as_json=True)
        return
    typer.echo(f"added {story.id} to {path}")


@app.command("list")
def list_stories(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the stories with their slots and skills."""
    from supportprep.store.stories import load_stories

    stories = load_stories()
    if as_json:
        emit([_story_json(s) for s in stories], as_json=True)
        return
    from supportprep.ui.console import out
    from supportprep.ui.stories_view import render_story_list

    render_story_list(out(), stories, state(ctx).content())


@app.command()
def show(ctx: typer.Context, story_id: IdArgument, as_json: JsonFlag = False) -> None:
    """Show one story in full."""
    from supportprep.planning.stories import find_story
    from supportprep.store.stories import load_stories

    story = find_story(load_stories(), story_id)
    if as_json:
        emit(_story_json(story), as_json=True)
        return
    from supportprep.ui.console import out
    from supportprep.ui.stories_view import render_story

    render_story(out(), story, state(ctx).content())


@app.command()
def edit(
    ctx: typer.Context,
    story_id: IdArgument,
    title: TitleOption = None,
    situation: SituationOption = None,
    task: TaskOption = None,
    action: ActionOption = None,
    result: ResultOption = None,
    metric: MetricOption = None,
    skill: SkillOption = None,
    slot: SlotOption = None,
) -> None:
    """Change a story: the flags given replace those fields (--skill and --slot replace the whole
    list; --metric "" clears it), or, with no flags in a terminal, answer the questions again
    with the current values as defaults."""
    from datetime import UTC, datetime

    from supportprep.errors import UserError
    from supportprep.planning.stories import apply_draft, ask_story, find_story
    from supportprep.store.stories import load_stories, update_stories

    stories = load_stories()
    story = find_story(stories, story_id)
    draft = _draft(ctx, title, situation, task, action, result, metric, skill, slot)
    if draft.is_empty():
        if not interactive():
            raise UserError(
                "stories edit: nothing to change; give the fields to change as flags "
                "(--title, --situation, --task, --action, --result, --metric, --skill, --slot) "
                "or run it in a terminal to be asked"
            )
        from supportprep.ui.planning_prompts import QuestionaryPrompter

        draft = ask_story(QuestionaryPrompter(), state(ctx).content(), draft, current=story)
    changed = apply_draft(story, draft, datetime.now(UTC))
    if changed is story:
        typer.echo(f"{story.id}: nothing changed")
        return
    now = datetime.now(UTC)
    path, _ = update_stories(
        lambda current: [apply_draft(s, draft, now) if s.id == story.id else s for s in current]
    )
    typer.echo(f"updated {story.id} in {path}")


@app.command()
def remove(
    ctx: typer.Context,
    story_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Remove a story (the previous bank stays in stories.json.bak)."""
    from supportprep.errors import Stopped, UserError
    from supportprep.planning.stories import find_story
    from supportprep.store.stories import backup_path, load_stories, update_stories

    stories = load_stories()
    story = find_story(stories, story_id)
    if not yes:
        if not interactive():
            raise UserError(f"stories remove {story.id}: add --yes to remove without asking")
        from supportprep.ui.planning_prompts import QuestionaryPrompter

        if not QuestionaryPrompter().confirm(f"Remove “{story.title}” ({story.id})?"):
            raise Stopped("nothing removed")
    path, _ = update_stories(lambda current: [s for s in current if s.id != story.id])
    typer.echo(f"removed {story.id}; the previous bank is in {backup_path(path)}")


@app.command()
def matrix(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Stories against skills and loop stages: gaps, and stories leaned on everywhere."""
    from supportprep.planning.stories import story_matrix
    from supportprep.store.stories import load_stories

    stories = load_stories()
    content = state(ctx).content()
    result = story_matrix(content, stories)
    if as_json:
        emit(
            {
                "skills": result.skills,
                "stages": result.stages,
                "story_stages": result.story_stages,
                "missing_skills": result.missing_skills,
                "stages_without_story": result.stages_without_story,
                "empty_slots": result.empty_slots,
                "leaned_on": result.leaned_on,
            },
            as_json=True,
        )
        return
    from supportprep.ui.console import out
    from supportprep.ui.stories_view import render_matrix

    render_matrix(out(), result, stories, content)
