"""Training the eye: grading example answers blind, re-scoring earlier answers after a delay, and
how self-scores compare with both (and with the insights) per criterion over time.

People judge their own answer poorly right after giving it, and markedly better a day or two
later; interviewers calibrate on example answers. So:

- **Grading** (``supportprep grade``): an example answer from the packs is shown with its level
  hidden; the candidate scores it on the rubric; the intended levels and the gap are revealed.
  The example's intended level on a criterion is its ``levels`` entry, else its ``level``.
- **Blind re-score** (``supportprep rescore``): a typed, scored answer from ``RESCORE_AFTER`` to
  ``RESCORE_WITHIN`` ago, never re-scored, is shown without its first scores; the candidate
  scores it again; the two are compared.
- **Per-criterion calibration** (``progress``): for each criterion, three series of gaps in
  levels, oldest first. Example grading: given minus intended. Re-scores: the first score minus
  the delayed one. Insights: the self-score minus the share of strong-answer points the insights
  found, both as 0-100 and turned into levels (33.3 points a level). Above 0 is generous.

The engine never prints or prompts: it asks an injected prompter, so it runs in tests.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from supportprep.packs.content import Content
from supportprep.packs.models import Criterion, ExampleAnswer, Rubric, Scenario
from supportprep.practice.scoring import level_points
from supportprep.records import record
from supportprep.store.attempt import Attempt, CriterionScore
from supportprep.store.calibration import CalibrationRecord, CriterionInfo, GradedExample, Rescore

RESCORE_AFTER = timedelta(hours=20)
"""An answer is offered for a blind re-score once the first scoring has faded: about a day."""
RESCORE_WITHIN = timedelta(days=14)
"""...and no later than this: after two weeks the candidate re-reads a stranger's answer."""
EVEN = 0.5
"""A mean gap under half a level either way reads as even-handed."""
SHRINK = 0.25
"""The mean size of the recent gaps must move this many levels to count as a change."""
RECENT = 5
"""How many of the newest gaps make the recent mean (the same window as the skills)."""
POINTS_PER_LEVEL = 100 / 3

Source = Literal["examples", "rescores", "insights"]
Lean = Literal["generous", "harsh", "even"]
Change = Literal["shrinking", "growing", "steady", "new"]


# --- the levels an example sits at ------------------------------------------------------------


def intended_levels(example: ExampleAnswer, rubric: Rubric) -> dict[str, int]:
    """The level the example was written at on each criterion of its rubric."""
    return {c.id: example.levels.get(c.id, example.level) for c in rubric.criteria}


def examples_by_level(content: Content, scenario: Scenario, criterion: str) -> dict[int, str]:
    """For one criterion of a scenario's rubric, an example answer at each level that has one
    (the level-1..4 answers the packs wrote for the scenario)."""
    rubric = content.rubric_for(scenario)
    found: dict[int, str] = {}
    for example in content.examples_for(scenario.id):
        level = intended_levels(example, rubric).get(criterion)
        if level is not None and level not in found:
            found[level] = example.answer
    return dict(sorted(found.items()))


def strongest_example(content: Content, scenario: Scenario) -> ExampleAnswer | None:
    """The example with the highest intended levels, when it sits at 4 overall: "what a 4
    looked like" after scoring."""
    rubric = content.rubric_for(scenario)
    best: tuple[float, ExampleAnswer] | None = None
    for example in content.examples_for(scenario.id):
        if example.level != 4:
            continue
        levels = intended_levels(example, rubric)
        mean = sum(levels.values()) / len(levels)
        if best is None or mean > best[0]:
            best = (mean, example)
    return None if best is None else best[1]


def _snapshot(rubric: Rubric) -> dict[str, CriterionInfo]:
    return {c.id: CriterionInfo(name=c.name, skill=c.skill) for c in rubric.criteria}


# --- grading example answers blind ------------------------------------------------------------


class NoExamples(ValueError):
    """Nothing to grade: no example answers in the packs (or none for the scenario asked)."""


def pick_examples(
    content: Content,
    record: CalibrationRecord,
    rounds: int,
    rng: random.Random,
    *,
    scenario: str | None = None,
    example_ids: Sequence[str] = (),
) -> list[ExampleAnswer]:
    """``example_ids`` as asked, else ``rounds`` examples: the least graded first, one per
    scenario, a random pick among equals so the levels come in no predictable order."""
    if example_ids:
        missing = [e for e in example_ids if e not in content.examples]
        if missing:
            raise NoExamples(f"unknown example answer '{missing[0]}'")
        return [content.examples[e] for e in example_ids]
    pool = [e for e in content.examples.values() if scenario is None or e.scenario == scenario]
    pool = [e for e in pool if e.scenario in content.scenarios]
    if not pool:
        where = f" for scenario '{scenario}'" if scenario else ""
        raise NoExamples(f"no example answers{where} in the packs")
    times = {e.id: 0 for e in pool}
    for graded in record.graded:
        if graded.example in times:
            times[graded.example] += 1
    rng.shuffle(pool)
    pool.sort(key=lambda e: times[e.id])
    picked: list[ExampleAnswer] = []
    seen: set[str] = set()
    for example in pool:
        if example.scenario in seen and scenario is None:
            continue
        picked.append(example)
        seen.add(example.scenario)
        if len(picked) == rounds:
            break
    return picked


@record(frozen=True)
class CriterionGap:
    criterion: Criterion
    reference: int
    """The intended level (grading) or the first self-score (re-score)."""
    given: int

    @property
    def gap(self) -> int:
        """Given minus reference."""
        return self.given - self.reference


@record(frozen=True)
class GradeResult:
    """One example graded: what the candidate gave, what was intended, and why."""

    example: ExampleAnswer
    scenario: Scenario
    rubric: Rubric
    gaps: list[CriterionGap]
    record: GradedExample

    @property
    def mean_gap(self) -> float:
        return sum(g.gap for g in self.gaps) / len(self.gaps)

    @property
    def exact(self) -> int:
        return sum(1 for g in self.gaps if g.gap == 0)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "example": self.example.id,
            "scenario": self.scenario.id,
            "rubric": self.rubric.id,
            "criteria": [
                {
                    "criterion": g.criterion.id,
                    "given": g.given,
                    "intended": g.reference,
                    "gap": g.gap,
                }
                for g in self.gaps
            ],
            "mean_gap": round(self.mean_gap, 2),
            "exact": self.exact,
            "why": self.example.why,
        }


class GradePrompter(Protocol):
    def show_example(
        self, number: int, total: int, scenario: Scenario, example: ExampleAnswer
    ) -> None:
        """Present the scenario and the example answer, with its level hidden."""
        ...

    def rate(self, criterion: Criterion, index: int, total: int) -> int:
        """The level (1-4) the candidate gives the example on one criterion."""
        ...

    def reveal(self, result: GradeResult) -> None:
        """Show the intended levels next to the candidate's, and why."""
        ...


def grade_example(
    content: Content, example: ExampleAnswer, prompter: GradePrompter, now: datetime
) -> GradeResult:
    """One round: show, rate every criterion, reveal."""
    scenario = content.scenarios[example.scenario]
    rubric = content.rubric_for(scenario)
    intended = intended_levels(example, rubric)
    given: dict[str, int] = {}
    for index, criterion in enumerate(rubric.criteria, start=1):
        given[criterion.id] = prompter.rate(criterion, index, len(rubric.criteria))
    record = GradedExample(
        at=now,
        example=example.id,
        scenario=scenario.id,
        rubric=rubric.id,
        given=given,
        intended=intended,
        criteria=_snapshot(rubric),
    )
    gaps = [CriterionGap(c, intended[c.id], given[c.id]) for c in rubric.criteria]
    result = GradeResult(example, scenario, rubric, gaps, record)
    prompter.reveal(result)
    return result


@record
class GradingSession:
    results: list[GradeResult] = field(default_factory=list)

    def to_jsonable(self) -> dict[str, Any]:
        gaps = [g.gap for r in self.results for g in r.gaps]
        return {
            "rounds": [r.to_jsonable() for r in self.results],
            "mean_gap": round(sum(gaps) / len(gaps), 2) if gaps else None,
            "exact": sum(1 for g in gaps if g == 0),
            "criteria_graded": len(gaps),
        }


def run_grading(
    content: Content,
    examples: Sequence[ExampleAnswer],
    prompter: GradePrompter,
    now: datetime,
    save: Callable[[GradedExample], None],
) -> GradingSession:
    """Grade each example in turn; each round is saved as soon as it is revealed, so stopping
    part way keeps the rounds done."""
    session = GradingSession()
    for number, example in enumerate(examples, start=1):
        prompter.show_example(number, len(examples), content.scenarios[example.scenario], example)
        result = grade_example(content, example, prompter, now)
        save(result.record)
        session.results.append(result)
    return session


# --- blind re-scores --------------------------------------------------------------------------


def attempt_rubric(content: Content, attempt: Attempt) -> Rubric | None:
    """The rubric an attempt was scored with, as its scenario asks it now (without the criteria
    the scenario skips); None when the packs no longer have it."""
    scenario = content.scenarios.get(attempt.scenario_id)
    if scenario is not None and scenario.rubric == attempt.rubric:
        return content.rubric_for(scenario)
    return content.rubrics.get(attempt.rubric)


def rescore_candidates(
    content: Content, attempts: Iterable[Attempt], record: CalibrationRecord, now: datetime
) -> list[Attempt]:
    """Answers ready for a blind re-score, the freshest first: typed and kept, scored on every
    criterion of a rubric the packs still have, finished ``RESCORE_AFTER`` to ``RESCORE_WITHIN``
    ago, and not re-scored yet."""
    ready = []
    for attempt in attempts:
        age = now - attempt.finished_at
        if not RESCORE_AFTER <= age <= RESCORE_WITHIN:
            continue
        if attempt.partial or attempt.score is None or not attempt.answer or attempt.spoken:
            continue
        rubric = attempt_rubric(content, attempt)
        if rubric is None or {c.id for c in rubric.criteria} != set(attempt.levels):
            continue
        if record.rescored(attempt.id):
            continue
        ready.append(attempt)
    return sorted(ready, key=lambda a: a.finished_at, reverse=True)


class NotRescorable(ValueError):
    """The attempt asked for cannot be re-scored blind; the message says why."""


def choose_rescore(
    content: Content,
    attempts: Sequence[Attempt],
    record: CalibrationRecord,
    now: datetime,
    attempt_id: str | None = None,
) -> Attempt | None:
    """The attempt to re-score: the one asked for (by id or a unique start of it), or the
    freshest that is ready; None when none is ready."""
    if attempt_id is None:
        ready = rescore_candidates(content, attempts, record, now)
        return ready[0] if ready else None
    found = [a for a in attempts if a.id.startswith(attempt_id)]
    if len(found) != 1:
        problem = "no attempt" if not found else f"{len(found)} attempts"
        raise NotRescorable(f"{problem} with an id starting '{attempt_id}'")
    attempt = found[0]
    if attempt in rescore_candidates(content, [attempt], record, now):
        return attempt
    if record.rescored(attempt.id):
        raise NotRescorable(f"attempt {attempt_id} was already re-scored")
    if attempt.partial or attempt.score is None or not attempt.answer or attempt.spoken:
        raise NotRescorable(
            f"attempt {attempt_id} has no typed, scored answer to re-score (spoken, partial, "
            "or saved without its text)"
        )
    if now - attempt.finished_at < RESCORE_AFTER:
        raise NotRescorable(
            f"attempt {attempt_id} is too fresh: re-score it from a day after the drill, "
            "when the first scoring has faded"
        )
    if now - attempt.finished_at > RESCORE_WITHIN:
        raise NotRescorable(
            f"attempt {attempt_id} is over {RESCORE_WITHIN.days} days old: you would be "
            "scoring a stranger's answer"
        )
    raise NotRescorable(f"attempt {attempt_id}: its rubric '{attempt.rubric}' has changed")


@record(frozen=True)
class RescoreResult:
    attempt: Attempt
    rubric: Rubric
    gaps: list[CriterionGap]
    """``reference`` is the first score, ``given`` the blind one."""
    record: Rescore

    @property
    def mean_gap(self) -> float:
        """First minus blind, in levels: above 0 the first score was the more generous."""
        return -sum(g.gap for g in self.gaps) / len(self.gaps)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "attempt": self.attempt.id,
            "scenario": self.attempt.scenario_id,
            "answered_at": self.attempt.finished_at.isoformat(),
            "criteria": [
                {"criterion": g.criterion.id, "first": g.reference, "blind": g.given}
                for g in self.gaps
            ],
            "mean_gap": round(self.mean_gap, 2),
        }


class RescorePrompter(Protocol):
    def show_answer(self, attempt: Attempt, scenario: Scenario | None, now: datetime) -> None:
        """Present the earlier answer (and the scenario, when the packs still have it), with
        no sign of its first scores."""
        ...

    def rate(self, criterion: Criterion, index: int, total: int) -> int: ...

    def reveal_rescore(self, result: RescoreResult) -> None:
        """Show the first and the blind scores side by side."""
        ...


def run_rescore(
    content: Content, attempt: Attempt, prompter: RescorePrompter, now: datetime
) -> RescoreResult:
    rubric = attempt_rubric(content, attempt)
    if rubric is None:  # pragma: no cover - choose_rescore offers only attempts with one
        raise NotRescorable(f"attempt {attempt.id}: rubric '{attempt.rubric}' is not in the packs")
    prompter.show_answer(attempt, content.scenarios.get(attempt.scenario_id), now)
    first = attempt.levels
    second: dict[str, int] = {}
    for index, criterion in enumerate(rubric.criteria, start=1):
        second[criterion.id] = prompter.rate(criterion, index, len(rubric.criteria))
    record = Rescore(
        at=now,
        attempt=attempt.id,
        scenario=attempt.scenario_id,
        rubric=rubric.id,
        answered_at=attempt.finished_at,
        first=first,
        second=second,
        criteria=_snapshot(rubric),
    )
    gaps = [CriterionGap(c, first[c.id], second[c.id]) for c in rubric.criteria]
    result = RescoreResult(attempt, rubric, gaps, record)
    prompter.reveal_rescore(result)
    return result


# --- per-criterion calibration over time ------------------------------------------------------


@record(frozen=True)
class GapSeries:
    """Gaps in levels for one criterion from one source, oldest first; above 0 is generous."""

    gaps: list[float]

    @property
    def recent(self) -> float | None:
        return _mean(self.gaps[-RECENT:])

    @property
    def lean(self) -> Lean | None:
        recent = self.recent
        if recent is None:
            return None
        if recent >= EVEN:
            return "generous"
        if recent <= -EVEN:
            return "harsh"
        return "even"

    @property
    def change(self) -> Change:
        """Whether the gap's size is shrinking: the mean size of the last ``RECENT`` gaps
        against the ``RECENT`` before them."""
        if len(self.gaps) <= RECENT:
            return "new"
        sizes = [abs(g) for g in self.gaps]
        now = _mean(sizes[-RECENT:]) or 0.0
        before = _mean(sizes[-2 * RECENT : -RECENT]) or 0.0
        if now <= before - SHRINK:
            return "shrinking"
        if now >= before + SHRINK:
            return "growing"
        return "steady"

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "count": len(self.gaps),
            "recent_gap": None if self.recent is None else round(self.recent, 2),
            "lean": self.lean,
            "trend": self.change,
            "gaps": [round(g, 2) for g in self.gaps],
        }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@record(frozen=True)
class CriterionCalibration:
    criterion: str
    name: str
    skill: str
    sources: dict[Source, GapSeries]

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "name": self.name,
            "skill": self.skill,
            **{source: series.to_jsonable() for source, series in self.sources.items()},
        }


class CriteriaFacts(Protocol):
    """What calibration per criterion reads of an attempt: an ``Attempt``, or the history's
    ``JudgedCriteria`` (no answer texts)."""

    @property
    def started_at(self) -> datetime: ...
    @property
    def score(self) -> float | None: ...
    @property
    def coverage(self) -> float | None: ...
    @property
    def judgement_version(self) -> int | None: ...
    @property
    def insight_confidence(self) -> Literal["low", "medium", "high"] | None: ...
    @property
    def criteria(self) -> Sequence[CriterionScore]: ...


def criterion_calibration(
    attempts: Iterable[CriteriaFacts], record: CalibrationRecord
) -> list[CriterionCalibration]:
    """Per criterion, the three gap series (sources with no data left out), criteria with the
    most evidence first."""
    gaps: dict[str, dict[Source, list[tuple[datetime, float]]]] = {}
    info: dict[str, tuple[datetime, str, str]] = {}

    def add(
        criterion: str, source: Source, at: datetime, gap: float, snap: CriterionInfo | None
    ) -> None:
        gaps.setdefault(criterion, {}).setdefault(source, []).append((at, gap))
        # The newest snapshot names the criterion; a record without one only fills a blank.
        if snap is not None and (criterion not in info or at >= info[criterion][0]):
            info[criterion] = (at, snap.name, snap.skill)
        elif snap is None:
            info.setdefault(criterion, (datetime.min.replace(tzinfo=at.tzinfo), criterion, ""))

    for graded in record.graded:
        for key, step in graded.gaps().items():
            add(key, "examples", graded.at, step, graded.criteria.get(key))
    for rescore in record.rescores:
        for key, step in rescore.gaps().items():
            add(key, "rescores", rescore.at, step, rescore.criteria.get(key))
    for attempt in attempts:
        # The same evidence the progress honesty line trusts: judged by meaning, not doubted.
        if attempt.score is None or attempt.coverage is None:
            continue
        if (attempt.judgement_version or 1) < 2 or attempt.insight_confidence == "low":
            continue
        found = attempt.coverage * 100
        for scored in attempt.criteria:
            off = (level_points(scored.level) - found) / POINTS_PER_LEVEL
            snap = CriterionInfo(name=scored.name, skill=scored.skill)
            add(scored.id, "insights", attempt.started_at, off, snap)

    result = []
    for criterion, by_source in gaps.items():
        _, name, skill = info[criterion]
        sources: dict[Source, GapSeries] = {}
        for source in ("examples", "rescores", "insights"):
            entries = sorted(by_source.get(source, []), key=lambda e: e[0])
            if entries:
                sources[source] = GapSeries([g for _, g in entries])
        result.append(CriterionCalibration(criterion, name, skill, sources))
    return sorted(result, key=lambda c: (-_weight(c), c.criterion))


def _weight(item: CriterionCalibration) -> int:
    # Grading and re-scores are direct evidence about a criterion; the insights only a proxy.
    direct = sum(len(s.gaps) for k, s in item.sources.items() if k != "insights")
    return direct * 100 + sum(len(s.gaps) for s in item.sources.values())
