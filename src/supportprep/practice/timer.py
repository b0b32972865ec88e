"""The answer countdown: remaining time, then overtime counting up.

The timer never stops the user by itself; the UI asks it what to show (and, with ``--strict``,
whether time is up). It holds no thread and never polls: it reads the clock when asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from supportprep.display import clock, remaining_clock
from supportprep.practice.clock import Clock

LAST_MINUTE_SECONDS = 60
WRAP_UP_SHARE = 0.25  # a short clock warns in its last quarter instead of its last minute
NUDGE_RATIO = 0.5  # nudge once the answer runs 50% over its limit


class Phase(StrEnum):
    RUNNING = "running"
    LAST_MINUTE = "last-minute"  # the last minute, or the last quarter of a clock under 4 minutes
    OVERTIME = "overtime"
    WAY_OVER = "way-over"  # overtime beyond NUDGE_RATIO of the limit: time for the nudge


@dataclass
class Countdown:
    limit_seconds: float
    clock: Clock
    started_at: float = field(init=False)
    stopped_at: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.started_at = self.clock.monotonic()

    def elapsed(self) -> float:
        end = self.stopped_at if self.stopped_at is not None else self.clock.monotonic()
        return max(0.0, end - self.started_at)

    def remaining(self) -> float:
        return max(0.0, self.limit_seconds - self.elapsed())

    def overtime(self) -> float:
        return max(0.0, self.elapsed() - self.limit_seconds)

    def is_up(self) -> bool:
        return self.elapsed() >= self.limit_seconds

    def stop(self) -> float:
        """Freeze the clock; returns the elapsed seconds."""
        if self.stopped_at is None:
            self.stopped_at = self.clock.monotonic()
        return self.elapsed()

    def phase(self) -> Phase:
        elapsed = self.elapsed()
        warn = min(LAST_MINUTE_SECONDS, self.limit_seconds * WRAP_UP_SHARE)
        if elapsed < self.limit_seconds - warn:
            return Phase.RUNNING
        if elapsed < self.limit_seconds:
            return Phase.LAST_MINUTE
        if self.overtime() < self.limit_seconds * NUDGE_RATIO:
            return Phase.OVERTIME
        return Phase.WAY_OVER

    def display(self) -> str:
        """``4:59`` while time remains, ``+0:42`` in overtime.

        Remaining time rounds up (a countdown shows 0:01 until the last second is gone), so the
        display never reads 0:00 while there is still time.
        """
        if self.is_up():
            return "+" + clock(self.overtime())
        return remaining_clock(self.remaining())
