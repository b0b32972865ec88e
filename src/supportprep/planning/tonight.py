"""Tonight's session, sized to the minutes there are: "I have 45 minutes, what do I do?".

What goes in, in this order
    0. A blind re-score of an earlier answer, when one is ready (a day to two weeks old, not yet
       re-scored): a few minutes, and judging after a delay trains the eye that self-scores.
    1. Reviews that are due (spaced repetition), at most ``MAX_REVIEWS``: a drill forgotten is
       worth less than one remembered.
    2. One drill on the weakest skill (on the first evening, with no history yet, the first drill
       of the loop): the step that moves the overall score the most.
    3. Today's checklist items, in the checklist's own order (research before stories before
       logistics); a drill item of the checklist is the drill above, not a second one.

Each step has its minutes: a drill takes its time limit plus ``DRILL_EXTRA_MINUTES`` for the
follow-ups and reading the result; a checklist item what its category takes
(``checklist.MINUTES``). Steps are taken in that order while they fit; one that does not fit is
set aside (``left_out``) and the next, smaller one may still fit, so the minutes are used.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import field
from datetime import date, datetime
from typing import Any, Literal

from supportprep.actions import Action, Do
from supportprep.packs.content import Content
from supportprep.planning.checklist import DEFAULT_PER_DAY, Checklist, build_checklist
from supportprep.practice.adaptive import Recommendation, rank_candidates
from supportprep.records import record
from supportprep.store.attempt import Attempt, AttemptFacts
from supportprep.store.stories import Story
from supportprep.targets import Targets

DEFAULT_MINUTES = 60
MAX_REVIEWS = 2
DRILL_EXTRA_MINUTES = 3
"""Follow-up questions and reading the result, after the timed answer."""

RESCORE_READ_WORDS_A_MINUTE = 200
"""Reading speed for one's own earlier answer, before scoring it again."""
RESCORE_MINUTES_A_CRITERION = 0.5
MIN_RESCORE_MINUTES = 3

StepKind = Literal["rescore", "review", "drill", "checklist"]


@record(frozen=True)
class Step:
    kind: StepKind
    title: str
    minutes: int
    why: str
    action: Action
    scenario_id: str | None = None
    item_id: str | None = None
    attempt_id: str | None = None
    """For a re-score: the earlier attempt scored again, blind."""

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "minutes": self.minutes,
            "why": self.why,
            "action": self.action.to_jsonable(),
            "scenario_id": self.scenario_id,
            "item_id": self.item_id,
            "attempt_id": self.attempt_id,
        }


@record
class Tonight:
    today: date
    targets: Targets
    minutes: int
    steps: list[Step] = field(default_factory=list)
    left_out: list[Step] = field(default_factory=list)
    """Steps that did not fit in the minutes, in the order they would have come."""
    checklist_open: int = 0
    """Open checklist items in the whole plan, for context."""

    @property
    def planned_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    @property
    def days_left(self) -> int | None:
        return self.targets.days_left(self.today)

    def to_jsonable(self) -> dict[str, Any]:
        t = self.targets
        return {
            "today": self.today.isoformat(),
            "interview_date": t.interview_date.isoformat() if t.interview_date else None,
            "days_left": self.days_left,
            "minutes": self.minutes,
            "planned_minutes": self.planned_minutes,
            "steps": [step.to_jsonable() for step in self.steps],
            "left_out": [step.to_jsonable() for step in self.left_out],
            "checklist_open": self.checklist_open,
        }


def build_tonight(
    content: Content,
    targets: Targets,
    *,
    today: date,
    now: datetime,
    attempts: Sequence[AttemptFacts],
    stories: Sequence[Story],
    ticks: Collection[str],
    minutes: int = DEFAULT_MINUTES,
    artifact: str | None = None,
    company: str | None = None,
    per_day: int = DEFAULT_PER_DAY,
    checklist: Checklist | None = None,
    rescore: Attempt | None = None,
    ranked: Sequence[Recommendation] | None = None,
) -> Tonight:
    """Tonight's steps for ``minutes``; ``attempts`` newest first; ``rescore``: an earlier answer
    ready for a blind re-score (the caller finds it among the whole attempts), or None;
    ``ranked``: the candidates as ``rank_candidates`` ranks them now, when the caller has them
    (the home screen ranks once for tonight and for its next drill)."""
    if minutes < 1:
        raise ValueError("minutes must be at least 1")
    if checklist is None:
        checklist = build_checklist(
            content,
            targets,
            today,
            attempts,
            stories,
            ticks,
            per_day=per_day,
            artifact=artifact,
            company=company,
        )
    candidates = [] if rescore is None else [_rescore_step(content, rescore)]
    candidates += _drill_steps(content, targets, attempts, now, ranked)
    drill_skills = {
        item.id for item in checklist.items if item.source == "drill" and item.due == today
    }
    candidates += [
        Step(
            kind="checklist",
            title=item.text,
            minutes=item.minutes,
            why=item.why or f"On your checklist for today ({item.category}).",
            action=item.action or Action(Do.TICK, item.id),
            item_id=item.id,
        )
        for item in checklist.due_on(today)
        if item.id not in drill_skills
    ]
    tonight = Tonight(
        today=today,
        targets=targets,
        minutes=minutes,
        checklist_open=sum(1 for item in checklist.all_items() if not item.done),
    )
    left = minutes
    for step in candidates:
        if step.minutes <= left:
            tonight.steps.append(step)
            left -= step.minutes
        else:
            tonight.left_out.append(step)
    return tonight


def drill_minutes(content: Content, scenario_id: str) -> int:
    scenario = content.scenarios[scenario_id]
    return math.ceil(content.time_limit(scenario) / 60) + DRILL_EXTRA_MINUTES


def rescore_minutes(content: Content, attempt: Attempt) -> int:
    """Reading the earlier answer again, then a level for each criterion of its rubric."""
    # Only when a re-score is offered: the calibration rules are not for every home screen.
    from supportprep.practice.calibration import attempt_rubric

    rubric = attempt_rubric(content, attempt)
    criteria = len(rubric.criteria) if rubric is not None else 0
    words = len((attempt.answer or "").split())
    needed = words / RESCORE_READ_WORDS_A_MINUTE + criteria * RESCORE_MINUTES_A_CRITERION
    return max(MIN_RESCORE_MINUTES, math.ceil(needed))


def _rescore_step(content: Content, attempt: Attempt) -> Step:
    day = attempt.finished_at.date().isoformat()
    return Step(
        kind="rescore",
        title=f"your answer to “{attempt.scenario_title}” from {day}",
        minutes=rescore_minutes(content, attempt),
        why=(
            "score it again without seeing your first scores: a day later you judge more "
            "like an interviewer, and the gap shows in progress"
        ),
        action=Action(Do.RESCORE, attempt.id),
        scenario_id=attempt.scenario_id,
        attempt_id=attempt.id,
    )


def _drill_steps(
    content: Content,
    targets: Targets,
    attempts: Sequence[AttemptFacts],
    now: datetime,
    ranked: Sequence[Recommendation] | None = None,
) -> list[Step]:
    if not content.scenarios:
        return []
    if ranked is None:
        ranked = rank_candidates(content, attempts, targets, now)
    reviews = [r for r in ranked if r.kind == "review"][:MAX_REVIEWS]
    steps = [_step("review", content, r) for r in reviews]
    taken = {r.scenario_id for r in reviews}
    rest = [r for r in ranked if r.scenario_id not in taken]
    weakest = next((r for r in rest if r.kind == "weakest-skill"), None)
    if weakest is not None:
        steps.append(_step("drill", content, weakest))
    elif rest:
        steps.append(_step("drill", content, rest[0]))
    return steps


def _step(kind: StepKind, content: Content, rec: Recommendation) -> Step:
    stage = content.stages.get(rec.stage)
    where = f" ({stage.name})" if stage is not None else ""
    return Step(
        kind=kind,
        title=f"“{rec.title}”{where}",
        minutes=drill_minutes(content, rec.scenario_id),
        why="; ".join(rec.reasons) or "the next drill for your profile",
        action=Action(Do.DRILL_SCENARIO, rec.scenario_id),
        scenario_id=rec.scenario_id,
    )
