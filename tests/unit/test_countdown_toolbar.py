"""The countdown's look: calm, yellow in the last minute, then red overtime counting up."""

from __future__ import annotations

from supportprep.practice.clock import FakeClock
from supportprep.practice.timer import Countdown
from supportprep.ui.prompts import _timer_fragments


def test_toolbar_changes_colour_and_counts_overtime_up() -> None:
    clock = FakeClock()
    countdown = Countdown(120, clock)
    [(style, text)] = _timer_fragments(countdown, "⏱")
    assert style == "class:timer.ok" and "2:00 left" in text
    clock.advance(80)  # 40 s left: a 2-minute clock warns only in its last quarter (30 s)
    [(style, text)] = _timer_fragments(countdown, "⏱")
    assert style == "class:timer.ok"
    clock.advance(15)
    [(style, text)] = _timer_fragments(countdown, "⏱")
    assert style == "class:timer.warn" and "0:25 left, wrap up" in text
    clock.advance(67)
    [(style, text)] = _timer_fragments(countdown, "⏱")
    assert style == "class:timer.over" and "+0:42 over time" in text
    clock.advance(30)  # 72s over a 120s limit: more than 50% over
    fragments = _timer_fragments(countdown, "⏱")
    assert len(fragments) == 2
    assert "+1:12" in fragments[0][1]
    assert "50% over" in fragments[1][1] and "next step" in fragments[1][1]


def test_reading_time_runs_out_without_a_wrap_up_nudge() -> None:
    from supportprep.ui.prompts import READING_LABEL

    clock = FakeClock()
    countdown = Countdown(60, clock)
    clock.advance(59)
    [(style, text)] = _timer_fragments(countdown, READING_LABEL)
    assert style == "class:timer.warn" and "Reading 0:01 left" in text
    assert "wrap up" not in text
