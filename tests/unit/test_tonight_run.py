"""Saying "go" to tonight's session: every step runs to the end, in process."""

from __future__ import annotations

import io
from datetime import timedelta

from rich.console import Console

from supportprep.packs.content import Content
from supportprep.planning.tonight import build_tonight
from supportprep.practice.clock import FakeClock
from supportprep.store.checklist import load_ticks
from supportprep.store.history import open_history
from supportprep.targets import Targets
from supportprep.ui.tonight_view import run_tonight
from tests.conftest import ScriptedPrompter
from tests.unit.test_session import FakePrompter
from tests.unit.test_tonight import NOW, TODAY


def test_go_runs_the_drill_and_ticks_the_items_to_the_end(tiny: Content) -> None:
    tonight = build_tonight(
        tiny,
        Targets("support-manager", None, None, TODAY + timedelta(days=5)),
        today=TODAY,
        now=NOW,
        attempts=[],
        stories=[],
        ticks=set(),
        minutes=120,
    )
    drills = [s for s in tonight.steps if s.scenario_id is not None]
    items = [s.item_id for s in tonight.steps if s.item_id is not None]
    assert len(drills) == 1 and len(items) >= 2, tonight.steps
    clock = FakeClock()
    answers = [("I reproduce it first, then post a status update with the next time.", 90.0)]
    drill = FakePrompter(clock, answers=answers * 5, levels=[3] * 10)
    # The first checklist item is done, the second is left open, the rest done.
    said = [True, False] + [True] * (len(items) - 2)
    prompter = ScriptedPrompter(confirm=list(said))
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, no_color=True)

    done = run_tonight(console, tiny, tonight, prompter, drill_prompter=drill, clock=clock)

    out = buffer.getvalue()
    total = len(tonight.steps)
    assert done == total - 1
    assert f"Tonight is done: {total - 1} of {total} steps." in out
    assert f"Step 1 of {total}" in out and f"Step {total} of {total}" in out
    assert f"show:{drills[0].scenario_id}" in drill.calls and "rate:" in " ".join(drill.calls)
    with open_history() as history:
        saved = history.summaries()
    assert [a.scenario_id for a in saved] == [drills[0].scenario_id]
    assert saved[0].score is not None
    ticked = set(load_ticks())
    assert ticked == {items[0], *items[2:]}
    assert "Left open on the checklist." in out
