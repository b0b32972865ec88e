"""The story bank's rules: slots, ids, validation, coverage against skills and loop stages.

Public for the mock debrief and the checklist:

- ``empty_slots(stories)``: the question slots no story answers yet, in slot order.
- ``missing_skills(content, stories)``: the skills of the loaded packs no story is tagged with.
- ``story_gaps(content, stories)``: both, as short lines to show the user.

A story fits a loop stage when it is tagged with a skill that the stage's rubric criteria score;
that is how ``story_matrix`` maps stories to stages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import field, replace
from datetime import datetime

from supportprep.actions import Action, Do, then
from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.planning.prompter import Choice, Prompter
from supportprep.records import record
from supportprep.store.stories import Story
from supportprep.targets import FieldError, UnknownChoice, check_choice

SLOTS: dict[str, str] = {
    "pushback": "a time you said no or not yet, and what you offered instead",
    "failure": "a failure that was partly yours, and what changed after it",
    "metric-moved": "a metric you moved: baseline, change, new value, how you checked",
    "edge-case": "an edge case you caught early, and the rework it saved",
    "debrief": "where something stalled, what shifted, and what moved the decision",
    "disagreement": "a disagreement with product or engineering, and how it was settled",
}
"""The behavioural questions every loop asks in some form; a ready story for each is the goal."""

REQUIRED_FIELDS: tuple[str, ...] = ("title", "situation", "task", "action", "result")
TEXT_FIELDS: tuple[str, ...] = (*REQUIRED_FIELDS, "metric")

FIELD_PROMPTS: dict[str, str] = {
    "title": "Title (a few words you will recognise)",
    "situation": "Situation: where, when, what was going on",
    "task": "Task: what you had to get done, and why it was yours",
    "action": "Action: what you did, in your own words (I, not we)",
    "result": "Result: what changed",
    "metric": "Metric: the number that moved, with its baseline (Enter to skip)",
}

LEANED_ON_SOLE_STAGES = 2
"""A story that is the only fit for this many loop stages is leaned on too hard."""


# --- validation -------------------------------------------------------------------------------


def check_slots(slots: Iterable[str]) -> list[str]:
    """``slots`` in slot order without repeats; an unknown slot is an error listing the choices."""
    wanted = list(dict.fromkeys(s.strip() for s in slots if s.strip()))
    for slot in wanted:
        if slot not in SLOTS:
            raise UnknownChoice("slot", f"unknown slot '{slot}'; choose one of: {', '.join(SLOTS)}")
    return [s for s in SLOTS if s in wanted]


def check_skills(content: Content, skills: Iterable[str]) -> list[str]:
    """``skills`` without repeats, each a skill id of the loaded packs."""
    checked: list[str] = []
    for skill in dict.fromkeys(s.strip() for s in skills if s.strip()):
        value = check_choice(content, "skills", skill, "skill")
        if value is not None:
            checked.append(value)
    return checked


def find_story(stories: Sequence[Story], story_id: str) -> Story:
    for story in stories:
        if story.id == story_id:
            return story
    if stories:
        raise then(
            UserError(f"no story with id '{story_id}'; the ids are listed by"),
            Action(Do.LIST_STORIES),
        )
    raise then(
        UserError(f"no story with id '{story_id}'; the story bank is empty, add one with"),
        Action(Do.ADD_STORY),
    )


def new_story_id(title: str, taken: Iterable[str]) -> str:
    """A short, readable id from the title, unique in the bank; it never changes afterwards."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-") or "story"
    used = set(taken)
    candidate, n = slug, 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


# --- drafts: what add and edit collect before a story is saved ---------------------------------


@record
class StoryDraft:
    """Fields for a new story or changes to one; ``None`` means "not given"."""

    title: str | None = None
    situation: str | None = None
    task: str | None = None
    action: str | None = None
    result: str | None = None
    metric: str | None = None
    skills: list[str] | None = None
    slots: list[str] | None = None

    def text(self, name: str) -> str | None:
        value: str | None = getattr(self, name)
        return value

    def missing(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS if not (self.text(name) or "").strip()]

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in (*TEXT_FIELDS, "skills", "slots"))


def create_story(draft: StoryDraft, stories: Sequence[Story], now: datetime) -> Story:
    """A new story from a complete draft."""
    missing = draft.missing()
    if missing:
        flags = ", ".join(f"--{name}" for name in missing)
        raise UserError(
            f"stories add: missing {flags}; give every STAR field as a flag, "
            "or run it in a terminal to be asked"
        )
    title = (draft.title or "").strip()
    return Story(
        id=new_story_id(title, (s.id for s in stories)),
        title=title,
        situation=(draft.situation or "").strip(),
        task=(draft.task or "").strip(),
        action=(draft.action or "").strip(),
        result=(draft.result or "").strip(),
        metric=(draft.metric or "").strip() or None,
        skills=list(draft.skills or []),
        slots=list(draft.slots or []),
        created=now,
        updated=now,
    )


def apply_draft(story: Story, draft: StoryDraft, now: datetime) -> Story:
    """``story`` with the fields the draft gives; a blank required field is refused."""
    changes: dict[str, object] = {}
    for name in TEXT_FIELDS:
        value = draft.text(name)
        if value is None:
            continue
        value = value.strip()
        if not value and name in REQUIRED_FIELDS:
            raise FieldError(name, "must not be blank")
        changes[name] = value or None
    if draft.skills is not None:
        changes["skills"] = list(draft.skills)
    if draft.slots is not None:
        changes["slots"] = list(draft.slots)
    if all(getattr(story, key) == value for key, value in changes.items()):
        return story
    return replace(story, **changes, updated=now)  # type: ignore[arg-type]


def ask_story(
    prompter: Prompter, content: Content, given: StoryDraft, current: Story | None = None
) -> StoryDraft:
    """Ask for every field, offering what was given by flag, else the current value, as default."""

    def required(value: str) -> str | None:
        return None if value.strip() else "this part of the story is needed"

    answers = replace(given)
    for name in TEXT_FIELDS:
        default = given.text(name)
        if default is None and current is not None:
            default = getattr(current, name)
        answer = prompter.text(
            FIELD_PROMPTS[name],
            default=default or "",
            validate=required if name in REQUIRED_FIELDS else None,
        )
        setattr(answers, name, answer.strip())
    skill_choices = [
        Choice(s.id, f"{s.name}: {s.good_looks_like}") for s in content.skills.values()
    ]
    checked_skills = (
        given.skills if given.skills is not None else (current.skills if current else [])
    )
    answers.skills = check_skills(
        content,
        prompter.checkbox(
            "Skills this story proves (space to tick, Enter when done)",
            skill_choices,
            checked=checked_skills,
        ),
    )
    slot_choices = [Choice(slot, f"{slot}: {text}") for slot, text in SLOTS.items()]
    checked_slots = given.slots if given.slots is not None else (current.slots if current else [])
    answers.slots = check_slots(
        prompter.checkbox(
            "Questions this story answers (space to tick, Enter when done)",
            slot_choices,
            checked=checked_slots,
        )
    )
    return answers


# --- coverage ---------------------------------------------------------------------------------


def empty_slots(stories: Sequence[Story]) -> list[str]:
    """The slots no story answers yet, in slot order (for the checklist and the mock debrief)."""
    filled = {slot for story in stories for slot in story.slots}
    return [slot for slot in SLOTS if slot not in filled]


def missing_skills(content: Content, stories: Sequence[Story]) -> list[str]:
    """The skill ids of the loaded packs that no story is tagged with, in pack order."""
    covered = {skill for story in stories for skill in story.skills}
    return [skill for skill in content.skills if skill not in covered]


def story_gaps(content: Content, stories: Sequence[Story]) -> list[str]:
    """Short lines naming the empty slots and the skills without a story; empty when covered."""
    lines: list[str] = []
    slots = empty_slots(stories)
    if slots:
        lines.append("No story yet for: " + ", ".join(slots) + " (add one to the story bank)")
    skills = missing_skills(content, stories)
    if skills:
        names = ", ".join(content.skills[s].name for s in skills)
        lines.append(f"No story proves: {names}")
    return lines


def stage_skills(content: Content) -> dict[str, list[str]]:
    """For each loop stage, in loop order, the skills its rubric criteria score."""
    result: dict[str, list[str]] = {}
    for stage in content.loop_stages():
        skills: dict[str, None] = {}
        for rubric in content.stage_rubrics(stage.id):
            skills.update((c.skill, None) for c in rubric.criteria)
        result[stage.id] = list(skills)
    return result


@record
class StoryMatrix:
    """Stories against skills and loop stages."""

    skills: dict[str, list[str]]
    """skill id -> ids of the stories tagged with it (every skill of the packs, in order)."""
    stages: dict[str, list[str]]
    """loop stage id -> ids of the stories that fit it."""
    story_stages: dict[str, list[str]]
    """story id -> the loop stages it fits."""
    missing_skills: list[str]
    stages_without_story: list[str]
    empty_slots: list[str]
    leaned_on: dict[str, str] = field(default_factory=dict)
    """story id -> why it is leaned on too hard."""


def story_matrix(content: Content, stories: Sequence[Story]) -> StoryMatrix:
    by_stage = stage_skills(content)
    skills = {skill: [s.id for s in stories if skill in s.skills] for skill in content.skills}
    story_stages = {
        story.id: [stage for stage, wanted in by_stage.items() if set(story.skills) & set(wanted)]
        for story in stories
    }
    stages = {
        stage: [story_id for story_id, fits in story_stages.items() if stage in fits]
        for stage in by_stage
    }
    leaned_on: dict[str, str] = {}
    for story in stories:
        fits = story_stages[story.id]
        reasons: list[str] = []
        if len(by_stage) > 1 and len(fits) == len(by_stage):
            reasons.append("fits every loop stage")
        sole = [stage for stage in fits if stages[stage] == [story.id]]
        if len(sole) >= LEANED_ON_SOLE_STAGES:
            reasons.append("the only story for " + ", ".join(content.stages[s].name for s in sole))
        if reasons:
            leaned_on[story.id] = "; ".join(reasons)
    return StoryMatrix(
        skills=skills,
        stages=stages,
        story_stages=story_stages,
        missing_skills=[skill for skill, ids in skills.items() if not ids],
        stages_without_story=[stage for stage, ids in stages.items() if not ids],
        empty_slots=empty_slots(stories),
        leaned_on=leaned_on,
    )
