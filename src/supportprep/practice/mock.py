"""The whole loop, back to back: one drill per loop stage with a pause screen between them.

Which scenario each stage gets is planned first (``plan_mock``), from the same ranking as
``next`` restricted to the stage, so ``mock --plan`` shows exactly the loop ``mock`` runs.

Ctrl-C in a stage (or at the pause before it) does not end the loop: the prompter asks whether to
skip the stage, keep what was typed as a partial attempt and go on, or end the loop here (what
was typed is kept); Ctrl-C again at that question ends the loop at once, the stage not kept.
The loop's state (``store.mock_loop.LoopState``) is handed to ``save`` before the first stage
and after every stage, so a loop ended early, a crash or a closed terminal can be resumed at
the first stage not done, with the same scenarios.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field, replace
from datetime import datetime, tzinfo
from typing import Any, Literal, Protocol

from supportprep.actions import Action, Do, then
from supportprep.errors import Terminated, UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario, Stage
from supportprep.practice.adaptive import rank_candidates
from supportprep.practice.clock import Clock
from supportprep.practice.scoring import score
from supportprep.practice.session import DrillOptions, DrillOutcome, Prompter, run_drill
from supportprep.records import record
from supportprep.store.attempt import Attempt, AttemptFacts, AttemptSink, new_id
from supportprep.store.mock_loop import LoopStage, LoopState
from supportprep.targets import Targets

SCORING_SECONDS_PER_CRITERION = 20
"""Reading a criterion's four anchors and picking a level takes about this long."""
REVIEW_SECONDS = 45
"""Ticking red flags and reading the result before the next stage."""


@record(frozen=True)
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
    scoring_seconds: int = 0
    """An estimate: scoring each criterion, the red flags, reading the result."""
    untimed: bool = False
    """The loop runs untimed: the answer has no clock, so ``answer_seconds`` is 0 and the total
    leaves the answers out."""

    @property
    def total_seconds(self) -> int:
        return (
            self.reading_seconds
            + self.answer_seconds
            + self.follow_up_seconds
            + self.scoring_seconds
        )

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
            "scoring_seconds": self.scoring_seconds,
            "untimed": self.untimed,
            "seconds": self.total_seconds,
            "minutes": round(self.total_seconds / 60, 1),
        }


@record(frozen=True)
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
    attempts: Sequence[AttemptFacts],
    targets: Targets,
    now: datetime,
    *,
    tz: tzinfo | None = None,
    reading_seconds: int = 0,
    follow_ups: bool = True,
    options: DrillOptions | None = None,
) -> MockPlan:
    """For each loop stage, the scenario ``next`` would rank first among that stage's; the
    answer clocks as ``options`` set them (a custom or no clock), the scenarios' own by default."""
    planned: list[PlannedStage] = []
    for stage in content.loop_stages():
        ranked = rank_candidates(content, attempts, targets, now, tz=tz, stage=stage.id)
        if not ranked:
            continue
        best = ranked[0]
        scenario = content.scenarios[best.scenario_id]
        planned.append(
            _planned(
                content,
                stage,
                scenario,
                reading_seconds,
                follow_ups,
                best.fit,
                best.reasons,
                options=options,
            )
        )
    if not planned:
        raise UserError("the loaded packs define no loop stages with scenarios")
    return MockPlan(planned, targets)


def _planned(
    content: Content,
    stage: Stage,
    scenario: Scenario,
    reading_seconds: int,
    follow_ups: bool,
    fit: str,
    reasons: Sequence[str] = (),
    *,
    options: DrillOptions | None = None,
) -> PlannedStage:
    criteria = len(content.rubric_for(scenario).criteria)
    limit = content.time_limit(scenario)
    return PlannedStage(
        stage=stage,
        scenario=scenario,
        answer_seconds=options.answer_limit(limit) if options is not None else limit,
        untimed=options is not None and options.untimed,
        follow_up_seconds=sum(f.time_limit_seconds for f in scenario.follow_ups)
        if follow_ups
        else 0,
        reading_seconds=reading_seconds,
        fit=fit,
        reasons=list(reasons),
        scoring_seconds=SCORING_SECONDS_PER_CRITERION * criteria + REVIEW_SECONDS,
    )


def new_loop(plan: MockPlan, now: datetime, options: DrillOptions) -> LoopState:
    """The state of a loop about to run ``plan``: every stage still to do."""
    return LoopState(
        session_id=new_id(),
        started_at=now,
        stages=tuple(LoopStage(p.stage.id, p.scenario.id) for p in plan.stages),
        reading_seconds=options.reading_seconds,
        strict=options.strict,
        speak=options.speak,
        save_answer=options.save_answer,
        time_limit=options.time_limit,
        untimed=options.untimed,
    )


def loop_options(loop: LoopState, base: DrillOptions) -> DrillOptions:
    """The options a resumed loop runs with: the ones it started with (a custom clock given at
    resume does not change a loop planned with other clocks)."""
    return replace(
        base,
        reading_seconds=loop.reading_seconds,
        strict=loop.strict,
        speak=loop.speak,
        save_answer=loop.save_answer,
        time_limit=loop.time_limit,
        untimed=loop.untimed,
    )


def remaining_plan(content: Content, loop: LoopState, targets: Targets) -> MockPlan:
    """The stages of a saved loop not done yet, planned as ``plan_mock`` plans them, so a resumed
    loop shows its time left before it starts. A scenario or stage the loaded packs no longer
    have is bad input: the loop cannot run as it was planned."""
    planned: list[PlannedStage] = []
    for saved in loop.stages:
        scenario = content.scenarios.get(saved.scenario_id)
        if scenario is None or scenario.stage not in content.stages:
            raise then(
                UserError(
                    f"the unfinished mock loop runs scenario '{saved.scenario_id}', which the "
                    "loaded packs do not have; load its pack, or start a new loop with"
                ),
                Action(Do.MOCK),
            )
        if not saved.done:
            stage = content.stages[scenario.stage]
            options = loop_options(loop, DrillOptions())
            planned.append(
                _planned(
                    content, stage, scenario, loop.reading_seconds, True, "resumed", options=options
                )
            )
    return MockPlan(planned, targets)


StageChoice = Literal["skip", "keep", "end"]


class MockPrompter(Prompter, Protocol):
    def between_stages(
        self,
        number: int,
        total: int,
        stage: Stage,
        time_limit: int,
        previous: DrillOutcome | None,
    ) -> None:
        """The pause screen before stage ``number``; Ctrl-C here asks ``stage_stopped``."""
        ...

    def stage_stopped(
        self, number: int, total: int, stage: Stage, *, can_keep: bool
    ) -> StageChoice:
        """After Ctrl-C in stage ``number`` (or at the pause before it): skip it, keep what was
        typed as a partial attempt and go on (offered only with ``can_keep``), or end the loop
        here. Ctrl-C again here (``KeyboardInterrupt``) ends the loop at once."""
        ...


StageResultStatus = Literal["scored", "partial", "skipped", "stopped", "not reached"]


@record(frozen=True)
class StageResult:
    """One stage of the loop as it stands: how it ended and, when something was saved, what."""

    stage: Stage
    scenario: Scenario
    status: StageResultStatus
    outcome: DrillOutcome | None = None


@record
class MockRun:
    loop: LoopState
    results: list[StageResult]
    ended: Literal["finished", "ended", "interrupted twice"]
    last: DrillOutcome | None = None
    """The outcome of the stage run last in this sitting, for its result panel."""

    @property
    def stopped(self) -> bool:
        return self.ended != "finished"


def earlier_outcomes(
    content: Content, loop: LoopState, attempts: Mapping[str, Attempt]
) -> dict[int, DrillOutcome]:
    """The outcomes of the stages a resumed loop already did, from their saved attempts (by
    id), scored again from the levels kept with them for "what to fix"; a stage whose attempt
    is gone (history reset) has none."""
    found: dict[int, DrillOutcome] = {}
    for index, saved in enumerate(loop.stages):
        attempt = attempts.get(saved.attempt_id or "")
        scenario = content.scenarios.get(saved.scenario_id)
        if attempt is None or scenario is None or saved.status == "pending":
            continue
        result = None
        if attempt.score is not None:
            calculations = [c.correct for c in attempt.room.calculations] if attempt.room else []
            try:
                result = score(
                    content.rubric_for(scenario),
                    attempt.levels,
                    attempt.red_flags,
                    calculations=calculations,
                )
            except ValueError:
                result = None  # the rubric changed since: the score stands, the fixes do not
        found[index] = DrillOutcome(scenario, attempt, result, interrupted=result is None)
    return found


def run_mock(
    content: Content,
    loop: LoopState,
    prompter: MockPrompter,
    clock: Clock,
    sink: AttemptSink,
    options: DrillOptions | None = None,
    *,
    save: Callable[[LoopState], None] = lambda _loop: None,
    earlier: Mapping[int, DrillOutcome] | None = None,
) -> MockRun:
    """Run the stages of ``loop`` not done yet, in order, handing the state to ``save`` before
    the first and after each. ``earlier``: the outcomes of stages done before a resume."""
    # Back to back as in a real loop: the reflection questions belong to single drills, and the
    # loop asks its own question after Ctrl-C.
    base = replace(
        options or DrillOptions(),
        mode="mock",
        session_id=loop.session_id,
        reflect=False,
        ask_keep=False,
    )
    outcomes: dict[int, DrillOutcome] = dict(earlier or {})
    total = len(loop.stages)
    previous: DrillOutcome | None = None
    last: DrillOutcome | None = None
    stopped_at: int | None = None
    ended: Literal["finished", "ended", "interrupted twice"] = "finished"
    save(loop)  # before the first stage too: a crash in it can still be resumed
    for index, saved in enumerate(loop.stages):
        if saved.done:
            continue
        scenario = content.scenarios[saved.scenario_id]
        stage = content.stages[scenario.stage]
        number = index + 1
        outcome: DrillOutcome | None = None
        try:
            limit = base.answer_limit(content.time_limit(scenario))
            prompter.between_stages(number, total, stage, limit, previous)
            outcome = run_drill(content, scenario, prompter, clock, sink, base)
        except KeyboardInterrupt:
            outcome = None  # at the pause screen: nothing typed in this stage yet
        if outcome is not None and not outcome.interrupted and outcome.attempt is not None:
            loop = loop.with_stage(index, "scored", outcome.attempt.id)
            outcomes[index] = previous = last = outcome
            save(loop)
            continue
        unsaved = outcome.unsaved if outcome is not None else None
        try:
            choice = prompter.stage_stopped(number, total, stage, can_keep=unsaved is not None)
        except KeyboardInterrupt:
            stopped_at, ended = index, "interrupted twice"
            break
        except Terminated:
            if unsaved is not None:  # nobody is left to ask: keep it, as a drill does
                sink.save(unsaved)
            raise
        if choice == "skip" or (choice == "keep" and unsaved is None):
            loop = loop.with_stage(index, "skipped", None)
            previous = None
            save(loop)
            continue
        # "keep", or "end" with something typed: the partial attempt goes to the history.
        if unsaved is not None:
            sink.save(unsaved)
            outcomes[index] = last = DrillOutcome(scenario, unsaved, None, interrupted=True)
        if choice == "keep" and unsaved is not None:
            loop = loop.with_stage(index, "partial", unsaved.id)
            previous = last
            save(loop)
            continue
        # "end": the stage stays to do, so a resume starts at it again.
        stopped_at, ended = index, "ended"
        break

    results: list[StageResult] = []
    for index, saved in enumerate(loop.stages):
        scenario = content.scenarios[saved.scenario_id]
        stage = content.stages[scenario.stage]
        status: StageResultStatus
        if saved.status != "pending":
            status = saved.status
        elif index == stopped_at:
            status = "stopped"
        else:
            status = "not reached"
        results.append(StageResult(stage, scenario, status, outcomes.get(index)))
    return MockRun(loop, results, ended, last)
