"""The debrief after a mock loop: per-stage results, strongest and weakest skills, next drills."""

from __future__ import annotations

from dataclasses import dataclass, field

from supportprep.packs.content import Content
from supportprep.practice.adaptive import scenario_skills
from supportprep.practice.fit import candidates
from supportprep.practice.session import DrillOutcome
from supportprep.targets import Targets


@dataclass(frozen=True)
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
    status: str  # "scored", "partial", "discarded"


@dataclass(frozen=True)
class Advice:
    skill: str
    criterion: str
    text: str


@dataclass
class Debrief:
    rows: list[StageRow]
    average: float | None
    skills: dict[str, float]
    strongest: list[str]
    weakest: list[str]
    advice: list[Advice]
    drill_next: list[str]
    story_gaps: list[str] = field(default_factory=list)


def build_debrief(
    content: Content,
    outcomes: list[DrillOutcome],
    *,
    story_gaps: list[str] | None = None,
    targets: Targets | None = None,
) -> Debrief:
    """The loop's scores, skills and advice; "drill next" comes from the scenarios that fit
    ``targets`` (``fit.candidates``), every scenario when none are given."""
    rows: list[StageRow] = []
    skill_totals: dict[str, list[float]] = {}
    fixes = []
    for outcome in outcomes:
        attempt = outcome.attempt
        scenario = outcome.scenario
        stage = content.stages[scenario.stage]
        status = "discarded" if attempt is None else ("partial" if attempt.partial else "scored")
        rows.append(
            StageRow(
                stage=stage.id,
                stage_name=stage.name,
                scenario_id=scenario.id,
                scenario_title=scenario.title,
                score=attempt.score if attempt else None,
                verdict=attempt.verdict if attempt else None,
                time_limit_seconds=content.time_limit(scenario),
                duration_seconds=attempt.duration_seconds if attempt else 0.0,
                overtime_seconds=attempt.total_overtime_seconds if attempt else 0.0,
                status=status,
            )
        )
        if attempt is not None:
            for skill, value in attempt.skill_scores.items():
                skill_totals.setdefault(skill, []).append(value)
        if outcome.result is not None:
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
    return Debrief(
        rows=rows,
        average=round(sum(scores) / len(scores), 1) if scores else None,
        skills=skills,
        strongest=strongest,
        weakest=weakest,
        advice=advice,
        drill_next=drill_next,
        story_gaps=list(story_gaps or []),
    )
