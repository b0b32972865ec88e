"""The whole loop, back to back: one drill per loop stage with a pause screen between them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol
from uuid import uuid4

from supportprep.packs.content import Content
from supportprep.packs.models import Scenario, Stage
from supportprep.practice.clock import Clock
from supportprep.practice.session import DrillOptions, DrillOutcome, Prompter, run_drill
from supportprep.store.attempt import AttemptSink


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
    base = replace(options or DrillOptions(), mode="mock", session_id=session_id)
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
