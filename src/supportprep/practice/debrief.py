"""The debrief after a mock loop: per-stage results, an overall verdict, the stage that cost most,
strongest and weakest skills, next drills.

The loop's verdict uses the drill's bands (``scoring.VERDICTS``): the bar is a hire signal (70),
and a stage under a mixed signal (50) is one a hiring panel would hold against the candidate.
Every stage of the loop counts; one skipped, or kept unscored, counts as 0:

- **Likely hire**: the stages average 70 or more and none is under 50;
- **Borderline**: they average 50 or more with at most one stage under 50;
- **Not yet**: anything else.

A loop ended before its last stage gets no verdict until it is resumed and finished. The stage
that cost most is the one furthest under the bar, with the first thing to fix there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field

from supportprep.actions import Action, Do
from supportprep.packs.content import Content
from supportprep.practice.adaptive import scenario_skills
from supportprep.practice.fit import candidates
from supportprep.practice.mock import StageResult
from supportprep.practice.scoring import VERDICTS
from supportprep.records import record
from supportprep.targets import Targets


def _band(name: str) -> float:
    return next(threshold for threshold, verdict in VERDICTS if verdict == name)


BAR = _band("hire signal")
"""A stage at or over this is a hire signal: the bar each stage is measured against."""
FLOOR = _band("mixed signal")
"""A stage under this is one a panel holds against the candidate."""
LIKELY_HIRE, BORDERLINE, NOT_YET = "Likely hire", "Borderline", "Not yet"
VERDICT_RULE = (
    f"Likely hire: the stages average {BAR:.0f}+ (a hire signal) and none is under "
    f"{FLOOR:.0f}. Borderline: they average {FLOOR:.0f}+ with at most one stage under "
    f"{FLOOR:.0f}. Not yet: anything else. A skipped or unscored stage counts as 0."
)
DONE = ("scored", "partial", "skipped")
"""Row statuses of a stage the loop is finished with."""


@record(frozen=True)
class StageRow:
    stage: str
    stage_name: str
    scenario_id: str
    scenario_title: str
    score: float | None
    verdict: str | None
    time_limit_seconds: int
    duration_seconds: float
    overtime_seconds: float
    status: str  # "scored", "partial", "skipped", "stopped" (the loop ended in it), "not reached"


@record(frozen=True)
class Advice:
    skill: str
    criterion: str
    text: str


@record(frozen=True)
class CostMost:
    """The stage furthest under the bar, and what to fix there first."""

    stage: str
    stage_name: str
    scenario_id: str
    score: float | None
    gap: float
    fix: str
    action: Action | None = None
    """The drill that practises the stage again, when that is the fix (the view words it)."""


@record
class Debrief:
    rows: list[StageRow]
    average: float | None
    """The mean of the scored stages."""
    skills: dict[str, float]
    strongest: list[str]
    weakest: list[str]
    advice: list[Advice]
    drill_next: list[str]
    story_gaps: list[str] = field(default_factory=list)
    loop_score: float | None = None
    """Every stage of the loop averaged, a skipped or unscored one as 0; None until finished."""
    verdict: str | None = None
    """Likely hire, Borderline or Not yet (``VERDICT_RULE``); None while stages are left."""
    verdict_rule: str = VERDICT_RULE
    cost_most: CostMost | None = None
    stages_left: int = 0
    company: str | None = None

    @property
    def title(self) -> str:
        return f"Mock loop for {self.company}" if self.company else "Mock loop"


def loop_verdict(scores: Sequence[float | None]) -> tuple[float, str]:
    """The loop's average (a stage with no score as 0) and its verdict, by ``VERDICT_RULE``."""
    values = [s if s is not None else 0.0 for s in scores]
    mean = round(sum(values) / len(values), 1) if values else 0.0
    under = sum(1 for v in values if v < FLOOR)
    if mean >= BAR and under == 0:
        return mean, LIKELY_HIRE
    if mean >= FLOOR and under <= 1:
        return mean, BORDERLINE
    return mean, NOT_YET


def _cost_most(rows: list[StageRow], results: Sequence[StageResult]) -> CostMost | None:
    worst: tuple[float, StageRow, StageResult] | None = None
    for row, result in zip(rows, results, strict=True):
        if row.status not in DONE:
            continue
        gap = round(BAR - (row.score or 0.0), 1)
        if gap > 0 and (worst is None or gap > worst[0]):
            worst = (gap, row, result)
    if worst is None:
        return None
    gap, row, result = worst
    drill: Action | None = Action(Do.DRILL_SCENARIO, row.scenario_id)
    outcome_result = result.outcome.result if result.outcome is not None else None
    if row.status == "skipped":
        fix = "it was skipped, so it counts as 0: practise it"
    elif row.status == "partial" or outcome_result is None:
        fix = "it was stopped before scoring, so it counts as 0: run it again"
    elif outcome_result.fixes:
        first = outcome_result.fixes[0]
        fix = f"{first.criterion.name} (you gave {first.level}/4): {first.criterion.advice}"
        drill = None
    else:
        fix = "red flags cost it points: run it again"
    return CostMost(row.stage, row.stage_name, row.scenario_id, row.score, gap, fix, drill)


def build_debrief(
    content: Content,
    results: Sequence[StageResult],
    *,
    story_gaps: list[str] | None = None,
    targets: Targets | None = None,
    company: str | None = None,
) -> Debrief:
    """The loop's scores, verdict, skills and advice, one row per stage of the loop; "drill
    next" comes from the scenarios that fit ``targets`` (``fit.candidates``), every scenario
    when none are given."""
    rows: list[StageRow] = []
    skill_totals: dict[str, list[float]] = {}
    fixes = []
    for stage_result in results:
        outcome = stage_result.outcome
        attempt = outcome.attempt if outcome is not None else None
        scenario = stage_result.scenario
        stage = stage_result.stage
        status: str = stage_result.status
        if status == "scored" and (attempt is None or attempt.score is None):
            status = "partial"  # its attempt is gone or unscored: nothing to count
        rows.append(
            StageRow(
                stage=stage.id,
                stage_name=stage.name,
                scenario_id=scenario.id,
                scenario_title=scenario.title,
                score=attempt.score if attempt and status == "scored" else None,
                verdict=attempt.verdict if attempt and status == "scored" else None,
                time_limit_seconds=content.time_limit(scenario),
                duration_seconds=attempt.duration_seconds if attempt else 0.0,
                overtime_seconds=attempt.total_overtime_seconds if attempt else 0.0,
                status=status,
            )
        )
        if attempt is not None:
            for skill, value in attempt.skill_scores.items():
                skill_totals.setdefault(skill, []).append(value)
        if outcome is not None and outcome.result is not None:
            fixes.extend(outcome.result.fixes)

    skills = {s: round(sum(v) / len(v), 1) for s, v in skill_totals.items()}
    ranked = sorted(skills, key=lambda s: (skills[s], s))
    weakest = ranked[:2]
    strongest = [s for s in reversed(ranked) if s not in weakest][:2]
    scores = [r.score for r in rows if r.score is not None]

    fixes.sort(key=lambda f: (f.level, -f.criterion.weight))
    advice: list[Advice] = []
    for fix in fixes:
        if len(advice) == 3:
            break
        if all(a.criterion != fix.criterion.id for a in advice):
            advice.append(Advice(fix.criterion.skill, fix.criterion.id, fix.criterion.advice))

    done = {r.scenario_id for r in rows}
    pool = list(content.scenarios.values()) if targets is None else candidates(content, targets)
    drill_next: list[str] = []
    for skill in weakest:
        # The scenario that leans hardest on the skill, not one just practised; the pool is in
        # fit order, so among equal shares the better fit wins.
        best = max(
            (s for s in pool if s.id not in done and s.id not in drill_next),
            key=lambda s: scenario_skills(content, s).get(skill, 0.0),
            default=None,
        )
        if best is not None and scenario_skills(content, best).get(skill, 0.0) > 0:
            drill_next.append(best.id)
    left = sum(1 for r in rows if r.status not in DONE)
    loop_score, verdict = loop_verdict([r.score for r in rows])
    return Debrief(
        rows=rows,
        average=round(sum(scores) / len(scores), 1) if scores else None,
        skills=skills,
        strongest=strongest,
        weakest=weakest,
        advice=advice,
        drill_next=drill_next,
        story_gaps=list(story_gaps or []),
        loop_score=None if left else loop_score,
        verdict=None if left else verdict,
        cost_most=_cost_most(rows, results),
        stages_left=left,
        company=" ".join(company.split()) if company else None,
    )
