"""The bundled content's injects and calculations: enough of them, and every number right.

Each calculation's expected answer is recomputed from its inputs by the engine
(``practice/workforce.py``, itself tested against published worked examples), so no bundled
answer rests on arithmetic done by hand.
"""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest

from supportprep.packs.content import Content
from supportprep.packs.loader import load_content
from supportprep.packs.models import FORMULA_INPUTS, Formula
from supportprep.practice import workforce

INJECT_STAGES = {"live-troubleshooting", "prioritization-escalation", "writing-exercise"}


@pytest.fixture(scope="module")
def bundled() -> Content:
    return load_content()


def test_every_formula_the_format_names_is_implemented() -> None:
    assert set(get_args(Formula)) == set(FORMULA_INPUTS) == set(workforce.FORMULAS)


def test_every_bundled_calculation_answer_is_what_the_engine_computes(bundled: Content) -> None:
    checked = 0
    for scenario in bundled.scenarios.values():
        for calculation in scenario.calculations:
            worked = workforce.compute(calculation)
            where = f"{scenario.id}/{calculation.id}"
            if isinstance(calculation.answer, date):
                assert worked.value == calculation.answer, where
            else:
                assert isinstance(worked.value, float | int), where
                assert worked.value == pytest.approx(calculation.answer, abs=1e-9), (
                    f"{where}: the engine computes {worked.value}, the pack says "
                    f"{calculation.answer}"
                )
            # The expected answer itself passes the drill's own check.
            assert workforce.check(calculation, calculation.answer).correct, where
            checked += 1
    assert checked >= 20


def test_enough_scenarios_carry_calculations_metrics_first(bundled: Content) -> None:
    with_calcs = [s for s in bundled.scenarios.values() if s.calculations]
    assert len(with_calcs) >= 20
    metrics = [s for s in with_calcs if s.stage == "metrics"]
    assert len(metrics) >= 12


def test_enough_live_rounds_carry_injects(bundled: Content) -> None:
    with_injects = [s for s in bundled.scenarios.values() if s.injects]
    assert len([s for s in with_injects if s.stage in INJECT_STAGES]) >= 30
    assert {s.stage for s in with_injects} >= INJECT_STAGES
    for scenario in with_injects:
        limit = bundled.time_limit(scenario)
        # Early enough that a candidate mid-answer sees it, late enough that they have started.
        assert all(30 <= i.at_seconds <= limit * 0.75 for i in scenario.injects), scenario.id
