from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportprep.packs.content import Content
from supportprep.practice.clock import FakeClock
from supportprep.practice.scoring import parse_scores, score, verdict_for
from supportprep.practice.timer import Countdown, Phase


def test_countdown_runs_down_then_counts_overtime_up() -> None:
    clock = FakeClock()
    countdown = Countdown(300, clock)
    assert countdown.display() == "5:00"
    clock.advance(0.4)
    assert countdown.display() == "5:00"  # rounds up: 4:59.6 left still shows 5:00
    clock.advance(0.6)
    assert countdown.display() == "4:59"
    assert countdown.phase() is Phase.RUNNING
    clock.advance(240)
    assert countdown.phase() is Phase.LAST_MINUTE
    assert countdown.display() == "0:59"
    clock.advance(58.5)  # 299.5s elapsed
    assert countdown.display() == "0:01"  # never 0:00 while time remains
    clock.advance(42.5)
    assert countdown.phase() is Phase.OVERTIME
    assert countdown.display() == "+0:42"
    assert countdown.overtime() == pytest.approx(42)
    clock.advance(150)
    assert countdown.phase() is Phase.WAY_OVER  # 192s over a 300s limit: past the 50% nudge


def test_short_clocks_warn_in_their_last_quarter() -> None:
    clock = FakeClock()
    countdown = Countdown(60, clock)
    clock.advance(44)
    assert countdown.phase() is Phase.RUNNING
    clock.advance(2)
    assert countdown.phase() is Phase.LAST_MINUTE


def test_stopped_countdown_freezes() -> None:
    clock = FakeClock()
    countdown = Countdown(60, clock)
    clock.advance(30)
    assert countdown.stop() == 30
    clock.advance(100)
    assert countdown.elapsed() == 30
    assert countdown.overtime() == 0


def test_fake_clock_refuses_to_go_back() -> None:
    with pytest.raises(ValueError):
        FakeClock().advance(-1)


def test_score_is_weighted_and_red_flags_cost_points(tiny: Content) -> None:
    rubric = tiny.rubrics["triage"]  # reproduce weight 3 (troubleshooting), update weight 1
    result = score(rubric, {"reproduce": 4, "update": 1})
    assert result.score == 75.0  # (100*3 + 0*1) / 4
    assert result.skill_scores == {"troubleshooting": 100.0, "communication": 0.0}
    assert result.verdict == "hire signal"
    assert [f.criterion.id for f in result.fixes] == ["update"]
    flagged = score(rubric, {"reproduce": 4, "update": 1}, ["Fixes before reproducing."])
    assert flagged.score == 70.0 and flagged.penalty == 5


def test_weakest_two_prefer_lower_level_then_heavier_weight(tiny: Content) -> None:
    rubric = tiny.rubrics["triage"]
    result = score(rubric, {"reproduce": 2, "update": 2})
    assert [f.criterion.id for f in result.fixes] == ["reproduce", "update"]


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        (100, "strong hire signal"),
        (85, "strong hire signal"),
        (84.9, "hire signal"),
        (70, "hire signal"),
        (69.9, "mixed signal"),
        (50, "mixed signal"),
        (49.9, "not there yet"),
        (0, "not there yet"),
    ],
)
def test_verdict_bands(value: float, verdict: str) -> None:
    assert verdict_for(value) == verdict


@given(
    levels=st.lists(st.integers(1, 4), min_size=2, max_size=2),
    flags=st.integers(0, 6),
)
def test_score_stays_between_0_and_100(tiny: Content, levels: list[int], flags: int) -> None:
    rubric = tiny.rubrics["triage"]
    result = score(rubric, dict(zip(["reproduce", "update"], levels, strict=True)), ["x"] * flags)
    assert 0 <= result.score <= 100
    assert result.score <= result.base_score
    assert all(0 <= v <= 100 for v in result.skill_scores.values())


def test_parse_scores_names_the_count_expected(tiny: Content) -> None:
    rubric = tiny.rubrics["triage"]
    assert parse_scores("4, 2", rubric) == {"reproduce": 4, "update": 2}
    with pytest.raises(
        ValueError, match=r"expected 2 levels for rubric 'triage' \(reproduce, update\), got 3"
    ):
        parse_scores("1,2,3", rubric)
    with pytest.raises(ValueError, match="must be 1, 2, 3 or 4"):
        parse_scores("5,1", rubric)
