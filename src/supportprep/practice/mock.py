"""The whole loop, back to back: one drill per loop stage with a pause screen between them.

Which scenario each stage gets is planned first (``plan_mock``), from the same ranking as
``next`` restricted to the stage, so ``mock --plan`` shows exactly the loop ``mock`` runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Any, Protocol
from uuid import uuid4

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario, Stage
from supportprep.practice.adaptive import rank_candidates
from supportprep.practice.clock import Clock
from supportprep.practice.session import DrillOptions, DrillOutcome, Prompter, run_drill
from supportprep.store.attempt import Attempt, AttemptSink
from supportprep.targets import Targets


@dataclass(frozen=True)
class PlannedStage:
    """One stage of a planned mock: the scenario it runs and how long it takes."""

    stage: Stage
    scenario: Scenario
    answer_seconds: int
    follow_up_seconds: int
    """The follow-up questions' clocks, added up."""
    reading_seconds: int
    fit: str
    reasons: list[str] = field(default_factory=list)

    @property
    def total_seconds(self) -> int:
        return self.reading_seconds + self.answer_seconds + self.follow_up_seconds

    def to_jsonable(self) -> dict[str, Any]:
        s = self.scenario
        return {
            "stage": self.stage.id,
            "stage_name": self.stage.name,
            "scenario": s.id,
            "title": s.title,
            "difficulty": s.difficulty.value,
            "roles": list(s.roles),
            "variants": list(s.variants),
            "industries": list(s.industries),
            "fit": self.fit,
            "reasons": list(self.reasons),
            "reading_seconds": self.reading_seconds,
            "answer_seconds": self.answer_seconds,
            "follow_ups": len(s.follow_ups),
            "follow_up_seconds": self.follow_up_seconds,
            "seconds": self.total_seconds,
            "minutes": round(self.total_seconds / 60, 1),
        }


@dataclass(frozen=True)
class MockPlan:
    """The loop ``mock`` would run, in order; ``mock --plan`` shows it without starting."""

    stages: list[PlannedStage]
    targets: Targets

    @property
    def scenarios(self) -> list[Scenario]:
        return [p.scenario for p in self.stages]

    @property
    def total_seconds(self) -> int:
        return sum(p.total_seconds for p in self.stages)

    def to_jsonable(self) -> dict[str, Any]:
        t = self.targets
        return {
            "targets": {
                "role": t.role,
                "variant": t.variant,
                "industry": t.industry,
                "seniority": t.seniority,
            },
            "stages": [p.to_jsonable() for p in self.stages],
            "total_seconds": self.total_seconds,
            "total_minutes": round(self.total_seconds / 60, 1),
        }


def plan_mock(
    content: Content,
    attempts: Sequence[Attempt],
    targets: Targets,
    now: datetime,
    *,
    tz: tzinfo | None = None,
    reading_seconds: int = 0,
    follow_ups: bool = True,
) -> MockPlan:
    """For each loop stage, the scenario ``next`` would rank first among that stage's."""
    planned: list[PlannedStage] = []
    for stage in content.loop_stages():
        ranked = rank_candidates(content, attempts, targets, now, tz=tz, stage=stage.id)
        if not ranked:
            continue
        best = ranked[0]
        scenario = content.scenarios[best.scenario_id]
        planned.append(
            PlannedStage(
                stage=stage,
                scenario=scenario,
                answer_seconds=content.time_limit(scenario),
                follow_up_seconds=sum(f.time_limit_seconds for f in scenario.follow_ups)
                if follow_ups
                else 0,
                reading_seconds=reading_seconds,
                fit=best.fit,
                reasons=list(best.reasons),
            )
        )
    if not planned:
        raise UserError("the loaded packs define no loop stages with scenarios")
    return MockPlan(planned, targets)


class MockPrompter(Prompter, Protocol):
    def between_stages(
        self,
        number: int,
        total: int,
        stage: Stage,
        time_limit: int,
        previous: DrillOutcome | None,
    ) -> None:
        """The pause screen before stage ``number``; Ctrl-C here stops the loop."""
        ...


@dataclass
class MockRun:
    session_id: str
    outcomes: list[DrillOutcome]
    planned: list[Scenario]
    stopped: bool


def run_mock(
    content: Content,
    scenarios: list[Scenario],
    prompter: MockPrompter,
    clock: Clock,
    sink: AttemptSink,
    options: DrillOptions | None = None,
) -> MockRun:
    session_id = uuid4().hex
    # Back to back as in a real loop: the reflection questions belong to single drills.
    base = replace(options or DrillOptions(), mode="mock", session_id=session_id, reflect=False)
    outcomes: list[DrillOutcome] = []
    previous: DrillOutcome | None = None
    for number, scenario in enumerate(scenarios, start=1):
        stage = content.stages[scenario.stage]
        try:
            prompter.between_stages(
                number, len(scenarios), stage, content.time_limit(scenario), previous
            )
        except KeyboardInterrupt:
            return MockRun(session_id, outcomes, scenarios, stopped=True)
        previous = run_drill(content, scenario, prompter, clock, sink, base)
        outcomes.append(previous)
        if previous.interrupted:
            return MockRun(session_id, outcomes, scenarios, stopped=True)
    return MockRun(session_id, outcomes, scenarios, stopped=False)
