"""Looking back at attempts: finding one by a short id, and what changed since the last try.

An attempt is named by its id or any unique start of it (at least ``MIN_PREFIX`` characters,
case-insensitive), as ``history`` shows the first ``SHORT_ID`` characters; ``last`` names the
newest attempt.

A comparison sets an attempt beside the attempt of the same scenario just before it: the score,
each criterion's level, each skill, the time and overtime, the answer's length, and which
insight findings appeared or went away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from typing import Any

from supportprep.actions import Action, Do, then
from supportprep.errors import UserError
from supportprep.records import record
from supportprep.store.attempt import Attempt

SHORT_ID = 8
MIN_PREFIX = 4
LAST = "last"


class UnknownAttempt(UserError):
    """No attempt, or more than one, matches what was typed."""


def short_id(attempt: Attempt) -> str:
    return attempt.id[:SHORT_ID]


def find_attempt(attempts: Sequence[Attempt], ref: str) -> Attempt:
    """The attempt ``ref`` names; ``attempts`` newest first."""
    wanted = ref.strip().lower()
    if not attempts:
        raise then(UnknownAttempt("no attempts yet; start with a drill"), Action(Do.DRILL))
    if wanted == LAST:
        return attempts[0]
    if len(wanted) < MIN_PREFIX:
        raise then(
            UnknownAttempt(
                f"attempt id '{ref}' is too short; give at least {MIN_PREFIX} characters of an "
                "id listed by"
            ),
            Action(Do.LIST_ATTEMPTS),
        )
    matches = [a for a in attempts if a.id.lower().startswith(wanted)]
    if not matches:
        raise then(
            UnknownAttempt(f"no attempt '{ref}'; the ids are listed by"), Action(Do.LIST_ATTEMPTS)
        )
    if len(matches) > 1:
        raise UnknownAttempt(
            f"attempt id '{ref}' matches {len(matches)} attempts; give more characters"
        )
    return matches[0]


def word_count(text: str | None) -> int:
    return len(text.split()) if text else 0


@record(frozen=True)
class Change:
    """One measure before and after; ``None`` where an attempt has no value for it."""

    label: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    def to_jsonable(self) -> dict[str, Any]:
        return {"label": self.label, "before": self.before, "after": self.after}


@record
class Comparison:
    earlier: Attempt
    later: Attempt
    attempts_of_scenario: int
    score: Change
    criteria: list[Change] = field(default_factory=list)
    skills: list[Change] = field(default_factory=list)
    timing: list[Change] = field(default_factory=list)
    findings_gone: list[str] = field(default_factory=list)
    findings_new: list[str] = field(default_factory=list)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "scenario_id": self.later.scenario_id,
            "scenario_title": self.later.scenario_title,
            "attempts_of_scenario": self.attempts_of_scenario,
            "earlier": self.earlier.id,
            "later": self.later.id,
            "score": self.score.to_jsonable(),
            "criteria": [c.to_jsonable() for c in self.criteria],
            "skills": [c.to_jsonable() for c in self.skills],
            "timing": [c.to_jsonable() for c in self.timing],
            "findings_gone": self.findings_gone,
            "findings_new": self.findings_new,
        }


def compare_with_previous(attempts: Sequence[Attempt], later: Attempt) -> Comparison:
    """``later`` beside the attempt of the same scenario before it; ``attempts`` newest first."""
    same = [a for a in attempts if a.scenario_id == later.scenario_id]
    earlier_ones = [a for a in same if (a.started_at, a.id) < (later.started_at, later.id)]
    if not earlier_ones:
        raise then(
            UnknownAttempt(
                f"'{later.scenario_title}' has only this attempt so far; try it again to compare"
            ),
            Action(Do.DRILL_SCENARIO, later.scenario_id),
        )
    earlier = max(earlier_ones, key=lambda a: (a.started_at, a.id))
    return compare(earlier, later, attempts_of_scenario=len(same))


def compare(earlier: Attempt, later: Attempt, *, attempts_of_scenario: int = 2) -> Comparison:
    names = {c.id: c.name for c in (*earlier.criteria, *later.criteria)}
    before_levels, after_levels = earlier.levels, later.levels
    criteria = [
        Change(
            names[cid],
            float(before_levels[cid]) if cid in before_levels else None,
            float(after_levels[cid]) if cid in after_levels else None,
        )
        for cid in dict.fromkeys([*before_levels, *after_levels])
    ]
    skills = [
        Change(skill, earlier.skill_scores.get(skill), later.skill_scores.get(skill))
        for skill in dict.fromkeys([*earlier.skill_scores, *later.skill_scores])
    ]
    timing = [
        Change("answer time (s)", earlier.duration_seconds, later.duration_seconds),
        Change("overtime (s)", earlier.total_overtime_seconds, later.total_overtime_seconds),
        Change("words", word_count(earlier.answer), word_count(later.answer)),
        Change("follow-ups answered", len(earlier.follow_ups), len(later.follow_ups)),
    ]
    if earlier.coverage is not None or later.coverage is not None:
        timing.append(Change("talking-point coverage", earlier.coverage, later.coverage))
    return Comparison(
        earlier=earlier,
        later=later,
        attempts_of_scenario=attempts_of_scenario,
        score=Change("score", earlier.score, later.score),
        criteria=criteria,
        skills=skills,
        timing=timing,
        findings_gone=[f for f in earlier.findings if f not in later.findings],
        findings_new=[f for f in later.findings if f not in earlier.findings],
    )
