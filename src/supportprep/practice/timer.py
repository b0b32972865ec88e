"""The answer countdown: remaining time, then overtime counting up.

The timer never stops the user by itself; the UI asks it what to show (and, with ``--strict``,
whether time is up). It holds no thread and never polls: it reads the clock when asked.

An untimed countdown (``untimed=True``) has no limit: it only measures how long the answer took,
so it is never in its last minute, never up and never over time.
"""

from __future__ import annotations

import re
from dataclasses import field
from enum import StrEnum

from supportprep.display import clock, remaining_clock
from supportprep.practice.clock import Clock
from supportprep.records import record

LAST_MINUTE_SECONDS = 60
WRAP_UP_SHARE = 0.25  # a short clock warns in its last quarter instead of its last minute
NUDGE_RATIO = 0.5  # nudge once the answer runs 50% over its limit
UNTIMED = 0
"""The time limit recorded and shown for an untimed answer: there was none."""
MIN_LIMIT_SECONDS = 10
MAX_LIMIT_SECONDS = 3 * 3600
_UNITS = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_COLON = re.compile(r"(\d+):([0-5]\d)")


def parse_limit(text: str) -> int | None:
    """A time limit as people type it, in seconds; ``None`` for ``off`` (untimed).

    ``5m``, ``90s``, ``1h``, ``1m30s``, ``4:30``; a bare number is minutes (``12`` is 12
    minutes), because answer clocks are set in minutes. ``ValueError`` says what is accepted.
    """
    raw = text.strip().lower().replace(" ", "")
    if raw == "off":
        return None
    seconds: int | None = None
    if raw.isdigit():
        seconds = int(raw) * 60
    elif (colon := _COLON.fullmatch(raw)) is not None:
        seconds = int(colon.group(1)) * 60 + int(colon.group(2))
    elif raw and (units := _UNITS.fullmatch(raw)) is not None:
        hours, minutes, secs = (int(g) if g else 0 for g in units.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    if seconds is None:
        raise ValueError(
            f"{text!r} is not a time; use e.g. 5m, 90s, 1h, 1m30s, 12 (minutes) or off"
        )
    if not MIN_LIMIT_SECONDS <= seconds <= MAX_LIMIT_SECONDS:
        raise ValueError(f"{text!r} is outside 10s to 3h")
    return seconds


class Phase(StrEnum):
    RUNNING = "running"
    LAST_MINUTE = "last-minute"  # the last minute, or the last quarter of a clock under 4 minutes
    OVERTIME = "overtime"
    WAY_OVER = "way-over"  # overtime beyond NUDGE_RATIO of the limit: time for the nudge


@record
class Countdown:
    limit_seconds: float
    clock: Clock
    untimed: bool = False
    started_at: float = field(init=False)
    stopped_at: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.started_at = self.clock.monotonic()

    def elapsed(self) -> float:
        end = self.stopped_at if self.stopped_at is not None else self.clock.monotonic()
        return max(0.0, end - self.started_at)

    def remaining(self) -> float:
        if self.untimed:
            return float("inf")
        return max(0.0, self.limit_seconds - self.elapsed())

    def overtime(self) -> float:
        if self.untimed:
            return 0.0
        return max(0.0, self.elapsed() - self.limit_seconds)

    def is_up(self) -> bool:
        return not self.untimed and self.elapsed() >= self.limit_seconds

    def stop(self) -> float:
        """Freeze the clock; returns the elapsed seconds."""
        if self.stopped_at is None:
            self.stopped_at = self.clock.monotonic()
        return self.elapsed()

    def phase(self) -> Phase:
        if self.untimed:
            return Phase.RUNNING
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
        """``4:59`` while time remains, ``+0:42`` in overtime; untimed, the time taken so far.

        Remaining time rounds up (a countdown shows 0:01 until the last second is gone), so the
        display never reads 0:00 while there is still time.
        """
        if self.untimed:
            return clock(self.elapsed())
        if self.is_up():
            return "+" + clock(self.overtime())
        return remaining_clock(self.remaining())
