"""The workforce formulas against published worked examples, and the answer checks.

The Erlang C example is Call Centre Helper's "Erlang C formula example"
(https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm): 100 calls in 30 minutes,
a 180-second handle time, a target of 80% answered within 20 seconds, 30% shrinkage. Its
published results are reproduced by two independent implementations whose documentation prints
them: pyworkforce's README (https://pypi.org/project/pyworkforce/0.1.0/: raw_positions 14,
positions 20, service_level 0.8883500191794669, occupancy 0.7142857142857143,
waiting_probability 0.1741319335950498) and the CRAN package ErlangC's README
(https://rdocumentation.org/packages/ErlangC/versions/0.1.0: traffic_intensity 10,
wait_probability 0.1741319, service_level 0.88835, average_speed_of_answer 7.83593701177724s,
occupancy 0.7142857, agents 14, and a wait probability of 0.6821182 at 11 agents).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from supportprep.packs.models import Calculation, validator
from supportprep.practice import workforce


def test_erlang_c_matches_the_published_worked_example() -> None:
    traffic = workforce.traffic_intensity(100, 30, 180)
    assert traffic == pytest.approx(10.0)
    assert workforce.wait_probability(traffic, 14) == pytest.approx(0.1741319, abs=1e-7)
    assert workforce.wait_probability(traffic, 11) == pytest.approx(0.6821182, abs=1e-7)
    assert workforce.service_level(traffic, 14, 180, 20) == pytest.approx(0.8883500, abs=1e-7)
    assert workforce.average_speed_of_answer(traffic, 14, 180) == pytest.approx(7.835937, abs=1e-6)
    assert traffic / 14 == pytest.approx(0.7142857, abs=1e-7)
    assert workforce.agents_required(traffic, 180, 20, 0.80) == 14
    assert workforce.agents_required(traffic, 180, 20, 0.80, max_occupancy=0.85) == 14
    assert workforce.gross_up(14, 0.30) == 20


def test_agents_required_is_the_fewest_that_meet_the_target() -> None:
    traffic = workforce.traffic_intensity(100, 30, 180)
    assert workforce.service_level(traffic, 13, 180, 20) < 0.80
    # An occupancy cap can need more agents than the service level alone.
    assert workforce.agents_required(traffic, 180, 20, 0.80, max_occupancy=0.70) == 15


def test_an_overloaded_queue_always_waits() -> None:
    assert workforce.wait_probability(10.0, 10) == 1.0
    assert workforce.service_level(10.0, 9, 180, 20) == 0.0


def _calc(**fields: Any) -> Calculation:
    base: dict[str, Any] = {"id": "q", "question": "How many?", "tolerance": 0}
    return validator(Calculation).validate_python({**base, **fields})


def test_each_formula_computes_with_its_working() -> None:
    erlang = {"contacts": 100, "interval_minutes": 30, "aht_seconds": 180}
    cases: list[tuple[str, dict[str, Any], float | date]] = [
        ("traffic-intensity", erlang, 10.0),
        ("erlang-c-wait-probability", {**erlang, "agents": 14}, 17.41),
        ("erlang-c-service-level", {**erlang, "agents": 14, "answer_seconds": 20}, 88.84),
        ("erlang-c-asa", {**erlang, "agents": 14}, 7.8),
        ("erlang-c-agents", {**erlang, "answer_seconds": 20, "service_level": 80}, 14),
        ("occupancy", {**erlang, "agents": 14}, 71.43),
        ("shrinkage-gross-up", {"agents": 14, "shrinkage": 30}, 20),
        (
            "erlang-c-scheduled-agents",
            {**erlang, "answer_seconds": 20, "service_level": 80, "shrinkage": 30},
            20,
        ),
        ("occupancy-from-hours", {"handle_hours": [1024, 141], "available_hours": 1280}, 91.02),
        (
            "workload-fte",
            {
                "volumes": [4200, 900],
                "handle_minutes": [2.5, 9],
                "paid_hours_per_fte": 37.5,
                "shrinkage": 25,
            },
            12,
        ),
        (
            "workload-fte",
            {
                "volumes": 420000,
                "handle_minutes": 8,
                "paid_hours_per_fte": 1760,
                "shrinkage": 30,
                "occupancy": 85,
            },
            54,
        ),
        ("fcr-rate", {"resolved_first_contact": [70, 80], "resolved": [100, 100]}, 75.0),
        ("reopen-rate", {"reopened": [40, 35, 25], "resolved": [500, 400, 300]}, 8.33),
        ("backlog-burn-down", {"backlog": 1000, "daily_inflow": 300, "daily_closed": 420}, 9),
        (
            "backlog-burn-down",
            {
                "backlog": 1000,
                "daily_inflow": 300,
                "daily_closed": 420,
                "start_date": "2026-03-02",
            },
            date(2026, 3, 11),
        ),
    ]
    for formula, inputs, expected in cases:
        worked = workforce.compute(_calc(formula=formula, inputs=inputs, answer=expected))
        assert worked.value == expected, formula
        assert worked.steps and all(step.strip() for step in worked.steps), formula


def test_a_backlog_that_never_burns_down_is_refused() -> None:
    calc = _calc(
        formula="backlog-burn-down",
        inputs={"backlog": 100, "daily_inflow": 50, "daily_closed": 50},
        answer=1,
    )
    with pytest.raises(ValueError, match="never burns down"):
        workforce.compute(calc)


def test_answers_within_tolerance_count_and_others_do_not() -> None:
    calc = _calc(
        formula="reopen-rate",
        inputs={"reopened": [40, 35, 25], "resolved": [500, 400, 300]},
        answer=8.33,
        tolerance=0.1,
        unit="%",
    )
    assert workforce.check(calc, workforce.parse_answer("8.3%", calc)).correct
    assert workforce.check(calc, workforce.parse_answer(" 8.43 ", calc)).correct
    assert not workforce.check(calc, workforce.parse_answer("8.5", calc)).correct
    assert not workforce.check(calc, None).correct
    with pytest.raises(ValueError, match="not a number"):
        workforce.parse_answer("about eight", calc)


def test_a_burn_down_date_is_typed_and_checked_as_a_date() -> None:
    calc = _calc(
        formula="backlog-burn-down",
        inputs={
            "backlog": 1000,
            "daily_inflow": 300,
            "daily_closed": 420,
            "start_date": "2026-03-02",
        },
        answer="2026-03-11",
        tolerance=1,
    )
    assert workforce.check(calc, workforce.parse_answer("2026-03-12", calc)).correct
    assert not workforce.check(calc, workforce.parse_answer("2026-03-13", calc)).correct
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        workforce.parse_answer("12 March", calc)
