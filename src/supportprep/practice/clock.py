"""Time for the engine: a monotonic clock for durations, a wall clock for timestamps.

Injected everywhere, so tests run a whole timed drill in microseconds with a fake clock.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        ...

    def now(self) -> datetime:
        """The current UTC time (timezone-aware)."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._mono = 1000.0
        self._start = start or datetime(2026, 11, 1, 18, 0, tzinfo=UTC)
        self._elapsed = 0.0

    def monotonic(self) -> float:
        return self._mono + self._elapsed

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._elapsed)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._elapsed += seconds
