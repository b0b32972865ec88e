"""How strong each skill is: the one place that decides the averages and the weakest skill.

``progress``, ``next``, the checklist and the home screen all ask here, so for the same history
they always name the same weakest skill.

- A skill's **average** is the mean of its ``RECENT`` newest scores (an attempt's per-skill score).
- The **weakest** skill has the lowest average; ties go to the skill id that sorts first.
- A skill is **weak** when its average is below ``WEAK_BELOW``; only weak skills earn a drill.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from supportprep.records import record
from supportprep.store.attempt import AttemptFacts
from supportprep.store.history import HistoryFacts

RECENT = 5
"""How many of a skill's newest scores make its average."""

WEAK_BELOW = 65.0
"""A skill averaging less than this (the rating boundary for "good") counts as weak."""


@record(frozen=True)
class SkillAverage:
    skill: str
    average: float
    scores: int
    """How many scores went into the average (at most ``RECENT``)."""


def skill_stats(attempts: Iterable[AttemptFacts], recent: int = RECENT) -> list[SkillAverage]:
    """Every scored skill's recent average, by skill id (``attempts`` in any order; the
    history's ``HistoryFacts`` reads only as far back as it needs)."""
    if isinstance(attempts, HistoryFacts):
        newest = attempts.newest_skill_scores(recent)
        return [SkillAverage(s, sum(v) / len(v), len(v)) for s, v in sorted(newest.items()) if v]
    ordered = sorted(attempts, key=lambda a: (a.started_at, a.id), reverse=True)
    scores: dict[str, list[float]] = {}
    for attempt in ordered:
        for skill, value in attempt.skill_scores.items():
            bucket = scores.setdefault(skill, [])
            if len(bucket) < recent:
                bucket.append(value)
    return [SkillAverage(s, sum(v) / len(v), len(v)) for s, v in sorted(scores.items())]


def skill_averages(attempts: Iterable[AttemptFacts], recent: int = RECENT) -> dict[str, float]:
    """Each skill's average over its ``recent`` newest scores, by skill id."""
    return {s.skill: s.average for s in skill_stats(attempts, recent)}


def _weakest_first(stats: Iterable[SkillAverage]) -> list[SkillAverage]:
    return sorted(stats, key=lambda s: (s.average, s.skill))


def weakest(
    attempts: Iterable[AttemptFacts], among: Collection[str] | None = None
) -> SkillAverage | None:
    """The skill with the lowest recent average (optionally only ``among`` these), or None."""
    stats = [s for s in skill_stats(attempts) if among is None or s.skill in among]
    ranked = _weakest_first(stats)
    return ranked[0] if ranked else None


def weak_skills(
    attempts: Iterable[AttemptFacts],
    among: Collection[str] | None = None,
    limit: int | None = None,
) -> list[SkillAverage]:
    """Skills averaging below ``WEAK_BELOW``, weakest first (at most ``limit``)."""
    stats = [
        s
        for s in skill_stats(attempts)
        if s.average < WEAK_BELOW and (among is None or s.skill in among)
    ]
    return _weakest_first(stats)[:limit]
