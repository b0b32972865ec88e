"""Progress computed from attempts: trends per skill and per stage, streak, overtime, counts.

Pure functions over a list of attempts (any order); nothing here reads a file or prints. Days are
calendar days where the user is (``tz``; the system zone when None).

- A **series** is a skill's or a stage's scores over time: one point per day (the day's average)
  or one point per attempt.
- A **trend** compares the average of the last ``RECENT`` (5) scores with the ``RECENT`` before.
- The **weakest skill** is ``skills.weakest``'s, as everywhere else (``summarize`` works it out
  in the same walk as the rest, from the same newest scores).
- The **streak** counts consecutive days with at least one attempt, ending today, or ending
  yesterday when nothing was practised yet today (the streak is still alive until the day ends).
- The **overtime rate** is the share of timed attempts whose main answer or a follow-up ran past
  its time limit (untimed answers are left out).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Literal

from supportprep.practice.calibration import (
    CriteriaFacts,
    CriterionCalibration,
    criterion_calibration,
)
from supportprep.practice.skills import RECENT
from supportprep.records import record
from supportprep.store.attempt import AttemptFacts
from supportprep.store.calibration import CalibrationRecord
from supportprep.store.history import HistoryFacts
from supportprep.store.progress_state import (
    ATTEMPTS,
    DRILL,
    MOCK,
    OVERTIME,
    PARTIAL,
    SKILL,
    SKIPPED,
    STAGE,
    TIMED,
    LocalDays,
    ProgressFacts,
)

STEADY = 3.0
"""A change in average smaller than this many points is shown as steady."""

By = Literal["day", "attempt"]
Direction = Literal["up", "down", "steady", "new"]


def _local(moment: datetime, tz: tzinfo | None) -> date:
    return moment.astimezone(tz).date()


def oldest_first(attempts: Iterable[AttemptFacts]) -> list[AttemptFacts]:
    return sorted(attempts, key=lambda a: (a.started_at, a.id))


@dataclass(frozen=True, slots=True)  # made per day and series: a slotted __init__ is cheaper
class Point:
    label: str
    """The day (YYYY-MM-DD) or the attempt's number in the series (1, 2, ...)."""
    value: float
    count: int = 1
    """How many scores were averaged into this point."""


@record(frozen=True)
class Trend:
    recent: float | None
    """Average of the last ``RECENT`` scores."""
    previous: float | None
    """Average of the ``RECENT`` scores before those; None when there are none."""

    @property
    def delta(self) -> float | None:
        if self.recent is None or self.previous is None:
            return None
        return self.recent - self.previous

    @property
    def direction(self) -> Direction:
        """``up``, ``down`` or ``steady``; ``new`` with nothing to compare with yet. The UI
        picks the glyph."""
        delta = self.delta
        if delta is None:
            return "new"
        if delta >= STEADY:
            return "up"
        if delta <= -STEADY:
            return "down"
        return "steady"


def trend(values: Sequence[float], recent: int = RECENT) -> Trend:
    """Last ``recent`` values against the ``recent`` before them (values oldest first)."""
    last = list(values[-recent:])
    before = list(values[-2 * recent : -recent]) if len(values) > recent else []
    return Trend(_mean(last), _mean(before))


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@record(frozen=True)
class Series:
    key: str
    points: list[Point]
    trend: Trend
    scores: int
    """How many scores the series holds."""

    def values(self) -> list[float]:
        return [p.value for p in self.points]


def _series(
    attempts: Iterable[AttemptFacts],
    extract: Callable[[AttemptFacts], dict[str, float]],
    by: By,
    tz: tzinfo | None,
) -> dict[str, Series]:
    raw: dict[str, list[tuple[date, float]]] = {}
    for attempt in oldest_first(attempts):
        day = _local(attempt.started_at, tz)
        for key, value in extract(attempt).items():
            raw.setdefault(key, []).append((day, value))
    result: dict[str, Series] = {}
    for key in sorted(raw):
        entries = raw[key]
        values = [v for _, v in entries]
        if by == "attempt":
            points = [Point(str(i), v) for i, v in enumerate(values, start=1)]
        else:
            daily: dict[date, list[float]] = {}
            for day, value in entries:
                daily.setdefault(day, []).append(value)
            points = [
                Point(day.isoformat(), sum(vs) / len(vs), len(vs)) for day, vs in daily.items()
            ]
        result[key] = Series(key, points, trend(values), len(values))
    return result


def skill_series(
    attempts: Iterable[AttemptFacts], *, by: By = "day", tz: tzinfo | None = None
) -> dict[str, Series]:
    """Each skill's scores over time (from the attempts' ``skill_scores``), by skill id."""
    return _series(attempts, lambda a: a.skill_scores, by, tz)


def stage_series(
    attempts: Iterable[AttemptFacts], *, by: By = "day", tz: tzinfo | None = None
) -> dict[str, Series]:
    """Each stage's overall scores over time; unscored attempts are left out."""
    return _series(attempts, lambda a: {} if a.score is None else {a.stage: a.score}, by, tz)


def overall_trend(attempts: Iterable[AttemptFacts]) -> Trend:
    return trend([a.score for a in oldest_first(attempts) if a.score is not None])


def practice_days(attempts: Iterable[AttemptFacts], tz: tzinfo | None = None) -> set[date]:
    return {_local(a.started_at, tz) for a in attempts}


def streak_days(attempts: Iterable[AttemptFacts], today: date, tz: tzinfo | None = None) -> int:
    """Consecutive days with an attempt, ending today (or yesterday, if none yet today)."""
    return _streak(practice_days(attempts, tz), today)


def overtime_rate(attempts: Sequence[AttemptFacts]) -> float | None:
    """Share (0 to 1) of timed attempts that ran past a time limit; None without any. An untimed
    answer had no limit to run past, so it counts neither way."""
    timed = [a for a in attempts if a.timing != "untimed"]
    if not timed:
        return None
    return sum(1 for a in timed if a.total_overtime_seconds > 0) / len(timed)


@record(frozen=True)
class Counts:
    attempts: int
    scored: int
    partial: int
    drills: int
    mocks: int
    """Mock sessions (a mock's stages share a session id)."""
    scenarios: int
    """Distinct scenarios tried."""
    days: int
    """Distinct days practised."""
    by_stage: dict[str, int] = field(default_factory=dict)


def counts(attempts: Sequence[AttemptFacts], tz: tzinfo | None = None) -> Counts:
    by_stage: dict[str, int] = {}
    for attempt in attempts:
        by_stage[attempt.stage] = by_stage.get(attempt.stage, 0) + 1
    return Counts(
        attempts=len(attempts),
        scored=sum(1 for a in attempts if a.score is not None),
        partial=sum(1 for a in attempts if a.partial),
        drills=sum(1 for a in attempts if a.mode == "drill"),
        mocks=len({a.session_id or a.id for a in attempts if a.mode == "mock"}),
        scenarios=len({a.scenario_id for a in attempts}),
        days=len(practice_days(attempts, tz)),
        by_stage=dict(sorted(by_stage.items())),
    )


CALIBRATION_MIN = 3
"""Typed answers judged by meaning that a gap needs before it is shown at all."""
CALIBRATION_SURE = 5
"""...and before it is called consistent rather than tentative."""


@record(frozen=True)
class Calibration:
    """How self-scores compare with what the answer insights found, over typed answers.

    ``gaps`` holds, oldest first, each attempt's self-score minus its insight coverage scaled to
    0-100. Only answers judged by meaning (judgement version 2) with a judgement that was not
    low-confidence count: coverage from the old word matching read a good paraphrase as 0%, and
    a judgement the insights themselves doubt is no evidence about the user. ``skipped`` counts
    the typed answers left out for those reasons.

    ``certainty`` says how much the gap means: ``too-few`` (under ``CALIBRATION_MIN`` answers,
    nothing is concluded), ``tentative``, or ``consistent`` (at least ``CALIBRATION_SURE``
    answers and four in five of the recent gaps on the same side). Coverage is a rough measure,
    so a steady gap matters less than its direction.
    """

    gaps: list[float]
    self_scores: list[float]
    coverages: list[float]
    skipped: int = 0

    @property
    def recent_gap(self) -> float | None:
        if len(self.gaps) < CALIBRATION_MIN:
            return None
        return _mean(self.gaps[-RECENT:])

    @property
    def gap_trend(self) -> Trend:
        return trend([abs(g) for g in self.gaps])

    @property
    def certainty(self) -> Literal["too-few", "tentative", "consistent"]:
        if len(self.gaps) < CALIBRATION_MIN:
            return "too-few"
        recent = self.gaps[-RECENT:]
        same_side = max(sum(g > 0 for g in recent), sum(g < 0 for g in recent))
        if len(self.gaps) >= CALIBRATION_SURE and same_side * 5 >= len(recent) * 4:
            return "consistent"
        return "tentative"


def calibration(attempts: Iterable[AttemptFacts]) -> Calibration:
    pairs: list[tuple[float, float]] = []
    skipped = 0
    for a in oldest_first(attempts):
        if a.score is None or a.coverage is None:
            continue
        if (a.judgement_version or 1) < 2 or a.insight_confidence == "low":
            skipped += 1
            continue
        pairs.append((a.score, a.coverage * 100))
    return Calibration(
        gaps=[round(s - c, 1) for s, c in pairs],
        self_scores=[s for s, _ in pairs],
        coverages=[round(c, 1) for _, c in pairs],
        skipped=skipped,
    )


@record(frozen=True)
class Progress:
    """Everything ``supportprep progress`` shows."""

    counts: Counts
    overall: Trend
    skills: dict[str, Series]
    stages: dict[str, Series]
    weakest: tuple[str, float] | None
    streak: int
    overtime: float | None
    first: datetime | None
    last: datetime | None
    by: By = "day"
    calibration: Calibration = field(default_factory=lambda: Calibration([], [], []))
    criteria: list[CriterionCalibration] = field(default_factory=list)
    """Per criterion: self-scores against example grading, blind re-scores and the insights."""
    examples_graded: int = 0
    rescores: int = 0

    def to_jsonable(self) -> dict[str, Any]:
        def series(items: dict[str, Series]) -> dict[str, Any]:
            return {
                key: {
                    "scores": s.scores,
                    "recent_average": _round(s.trend.recent),
                    "previous_average": _round(s.trend.previous),
                    "trend": s.trend.direction,
                    "points": [
                        {self.by: p.label, "average": _round(p.value), "count": p.count}
                        for p in s.points
                    ],
                }
                for key, s in items.items()
            }

        return {
            "attempts": self.counts.attempts,
            "scored": self.counts.scored,
            "partial": self.counts.partial,
            "drills": self.counts.drills,
            "mocks": self.counts.mocks,
            "scenarios_tried": self.counts.scenarios,
            "days_practised": self.counts.days,
            "attempts_by_stage": self.counts.by_stage,
            "first_attempt": None if self.first is None else self.first.isoformat(),
            "last_attempt": None if self.last is None else self.last.isoformat(),
            "streak_days": self.streak,
            "overtime_rate": None if self.overtime is None else round(self.overtime, 3),
            "overall": {
                "recent_average": _round(self.overall.recent),
                "previous_average": _round(self.overall.previous),
                "trend": self.overall.direction,
            },
            "weakest_skill": None
            if self.weakest is None
            else {"skill": self.weakest[0], "recent_average": _round(self.weakest[1])},
            "skills": series(self.skills),
            "stages": series(self.stages),
            "calibration": {
                "attempts": len(self.calibration.gaps),
                "recent_gap": _round(self.calibration.recent_gap),
                "certainty": self.calibration.certainty,
                "skipped": self.calibration.skipped,
                "trend": self.calibration.gap_trend.direction,
                "self_scores": self.calibration.self_scores,
                "coverage_scores": self.calibration.coverages,
                "examples_graded": self.examples_graded,
                "rescores": self.rescores,
                # Gaps in levels, oldest first; above 0 generous. Examples: given minus
                # intended; re-scores: first score minus the blind one; insights: the
                # self-score minus the points found, both turned into levels.
                "criteria": [c.to_jsonable() for c in self.criteria],
            },
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


class _SeriesSums:
    """One series, kept as it is walked oldest first: per-day sums (or every value), the values
    its trend needs, and how many."""

    def __init__(self) -> None:
        self.count = 0
        self.tail: deque[float] = deque(maxlen=2 * RECENT)
        self.days: dict[date, list[float]] = {}
        self.values: list[float] = []

    def add(self, day: date, value: float, by: By) -> None:
        self.count += 1
        self.tail.append(value)
        if by == "attempt":
            self.values.append(value)
            return
        sums = self.days.get(day)
        if sums is None:
            self.days[day] = [value, 1.0]
        else:
            sums[0] += value
            sums[1] += 1

    def series(self, key: str, by: By) -> Series:
        if by == "attempt":
            points = [Point(str(i), v) for i, v in enumerate(self.values, start=1)]
        else:
            points = [Point(d.isoformat(), t / n, int(n)) for d, (t, n) in self.days.items()]
        return Series(key, points, trend(list(self.tail)), self.count)


_Walked = tuple[Counts, Trend, dict[str, Series], dict[str, Series], tuple[str, float] | None,
                int, float | None, datetime | None, datetime | None, Calibration]  # fmt: skip


def _walked(ordered: Iterable[AttemptFacts], today: date, by: By, tz: tzinfo | None) -> _Walked:
    """Everything ``summarize`` reads from the attempts, in one walk oldest first, keeping only
    sums, sets and the last few values: equal to the separate rules above (their sums are
    taken in the same order), at a cost and memory that do not grow with what each attempt
    holds."""
    local = LocalDays(tz)
    total = scored = partial = drills = overtime = timed = skipped = 0
    mocks: set[str] = set()
    scenarios: set[str] = set()
    days: set[date] = set()
    by_stage: dict[str, int] = {}
    overall: deque[float] = deque(maxlen=2 * RECENT)
    skills: dict[str, _SeriesSums] = {}
    stages: dict[str, _SeriesSums] = {}
    pairs: list[tuple[float, float]] = []
    first: datetime | None = None
    last: datetime | None = None
    for a in ordered:
        total += 1
        if first is None:
            first = a.started_at
        last = a.started_at
        day = local(a.started_at)
        days.add(day)
        scenarios.add(a.scenario_id)
        by_stage[a.stage] = by_stage.get(a.stage, 0) + 1
        if a.partial:
            partial += 1
        if a.mode == "drill":
            drills += 1
        elif a.mode == "mock":
            mocks.add(a.session_id or a.id)
        if a.timing != "untimed":  # an untimed answer had no limit to run past
            timed += 1
            if a.total_overtime_seconds > 0:
                overtime += 1
        for skill, value in a.skill_scores.items():
            sums = skills.get(skill)
            if sums is None:
                sums = skills[skill] = _SeriesSums()
            sums.add(day, value, by)
        score = a.score
        if score is None:
            continue
        scored += 1
        overall.append(score)
        stage = stages.get(a.stage)
        if stage is None:
            stage = stages[a.stage] = _SeriesSums()
        stage.add(day, score, by)
        if a.coverage is not None:
            if (a.judgement_version or 1) < 2 or a.insight_confidence == "low":
                skipped += 1
            else:
                pairs.append((score, a.coverage * 100))
    counts = Counts(
        attempts=total,
        scored=scored,
        partial=partial,
        drills=drills,
        mocks=len(mocks),
        scenarios=len(scenarios),
        days=len(days),
        by_stage=by_stage,
    )
    return (
        counts,
        trend(list(overall)),
        {key: skills[key].series(key, by) for key in sorted(skills)},
        {key: stages[key].series(key, by) for key in sorted(stages)},
        _weakest({skill: list(sums.tail) for skill, sums in skills.items()}),
        _streak(days, today),
        overtime / timed if timed else None,
        first,
        last,
        Calibration(
            gaps=[round(s - c, 1) for s, c in pairs],
            self_scores=[s for s, _ in pairs],
            coverages=[round(c, 1) for _, c in pairs],
            skipped=skipped,
        ),
    )


def _weakest(tails: dict[str, list[float]]) -> tuple[str, float] | None:
    """``skills.weakest`` from each skill's newest scores (oldest first): the newest RECENT,
    summed newest first as it sums them."""
    averages = []
    for skill, tail in tails.items():
        newest = tail[-RECENT:][::-1]
        averages.append((sum(newest) / len(newest), skill))
    low = min(averages) if averages else None
    return None if low is None else (low[1], low[0])


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _stored(facts: ProgressFacts, today: date) -> _Walked:
    """What ``_walked`` gives (by day), from the history's per-day sums: the same sums, taken
    in the same order when the days were stored, and the newest scores for the trends."""
    total = partial = drills = timed = overtime = skipped = 0
    mocks: set[str] = set()
    days: set[date] = set()
    by_stage: dict[str, int] = {}
    skills: dict[str, list[Point]] = {}
    stages: dict[str, list[Point]] = {}
    for day, sums in facts.days:  # by day, so each series' points come in day order
        label = day.isoformat()
        for stage, n in sums.get(ATTEMPTS, {}).items():
            total += n
            by_stage[stage] = by_stage.get(stage, 0) + n
        if ATTEMPTS in sums:
            days.add(day)
        partial += sums.get(PARTIAL, 0)
        drills += sums.get(DRILL, 0)
        timed += sums.get(TIMED, 0)
        overtime += sums.get(OVERTIME, 0)
        skipped += sums.get(SKIPPED, 0)
        mocks.update(sums.get(MOCK, ()))
        for kind, series in ((SKILL, skills), (STAGE, stages)):
            for key, (value, n) in sums.get(kind, {}).items():
                series.setdefault(key, []).append(Point(label, value / n, n))

    pairs = [(score, coverage * 100) for score, coverage in facts.calibration]

    def made(key: str, points: list[Point], tail: list[float]) -> Series:
        return Series(key, points, trend(tail), sum(p.count for p in points))

    counts = Counts(
        attempts=total,
        scored=sum(p.count for points in stages.values() for p in points),
        partial=partial,
        drills=drills,
        mocks=len(mocks),
        scenarios=facts.scenarios,
        days=len(days),
        by_stage=by_stage,  # in the order the walk first met each stage, as the days keep it
    )
    return (
        counts,
        trend(facts.overall_tail),
        {key: made(key, skills[key], facts.skill_tails[key]) for key in sorted(skills)},
        {key: made(key, stages[key], facts.stage_tails[key]) for key in sorted(stages)},
        _weakest({skill: facts.skill_tails[skill] for skill in skills}),
        _streak(days, today),
        overtime / timed if timed else None,
        facts.first,
        facts.last,
        Calibration(
            gaps=[round(s - c, 1) for s, c in pairs],
            self_scores=[s for s, _ in pairs],
            coverages=[round(c, 1) for _, c in pairs],
            skipped=skipped,
        ),
    )


def summarize(
    attempts: Sequence[AttemptFacts],
    today: date,
    *,
    by: By = "day",
    tz: tzinfo | None = None,
    record: CalibrationRecord | None = None,
    scored: Iterable[CriteriaFacts] = (),
) -> Progress:
    """``record``: the example grading and blind re-scores; ``scored``: the attempts' criteria
    (whole attempts, or the history's ``judged_criteria()``) for the calibration per criterion,
    which the facts alone cannot give. The history's ``HistoryFacts`` is walked once, streamed
    from the file."""
    stored = None
    if isinstance(attempts, HistoryFacts) and by == "day":
        # The history's per-day sums: a long history is not walked (``store.progress_state``).
        stored = attempts.progress(tz, tail=2 * RECENT)
    if stored is not None:
        walked = _stored(stored, today)
    else:
        walk = (
            attempts.oldest_first()
            if isinstance(attempts, HistoryFacts)
            else oldest_first(attempts)
        )
        walked = _walked(walk, today, by, tz)
    counts, overall, skills, stages, low, streak, overtime, first, last, calibrated = walked
    record = record or CalibrationRecord()
    return Progress(
        counts=counts,
        overall=overall,
        skills=skills,
        stages=stages,
        weakest=low,
        streak=streak,
        overtime=overtime,
        first=first,
        last=last,
        by=by,
        calibration=calibrated,
        criteria=criterion_calibration(scored, record),
        examples_graded=len(record.graded),
        rescores=len(record.rescores),
    )
