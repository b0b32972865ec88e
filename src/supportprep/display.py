"""How numbers, durations and dates read, on every screen and in every message.

Plain strings only (no rich, no terminal), so the engine's messages and the UI's views use the
same words: a duration that reads 1:29 in the drill result reads 1:29 in ``history`` too, and an
interview one day away is "tomorrow" everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

BAR_FULL = "█"
BAR_EMPTY = "░"
SPARK = "▁▂▃▄▅▆▇█"
TREND_GLYPHS = {"up": "↑", "down": "↓", "steady": "→", "new": ""}


def clock(seconds: float) -> str:
    """A duration as ``m:ss`` (``h:mm:ss`` past an hour), counting whole seconds elapsed: like a
    stopwatch, 89.9 seconds is 1:29, not yet 1:30."""
    whole = int(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def remaining_clock(seconds: float) -> str:
    """Time left on a countdown: rounds up, so it never reads 0:00 while time remains."""
    return clock(seconds + (0.999 if seconds % 1 else 0))


def local_day(moment: datetime) -> str:
    """The calendar day (YYYY-MM-DD) a moment falls on where the user is."""
    return moment.astimezone().date().isoformat()


def local_time(moment: datetime) -> str:
    """The time of day (HH:MM) a moment falls on where the user is."""
    return f"{moment.astimezone():%H:%M}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 day``, ``2 days``; ``many`` for irregular plurals."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def in_days(days: int) -> str:
    """How far ahead a day is: ``today``, ``tomorrow``, ``in 3 days``."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def days_ago(days: int) -> str:
    """How long ago: ``today``, ``yesterday``, ``3 days ago``."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def bar_cells(score: float, width: int) -> int:
    """How many of ``width`` cells a 0-100 score fills."""
    return max(0, min(width, round(score / 100 * width)))


def score_bar(score: float, width: int) -> str:
    """A 0-100 score as a bar of ``width`` cells."""
    filled = bar_cells(score, width)
    return BAR_FULL * filled + BAR_EMPTY * (width - filled)


def sparkline(values: Sequence[float], width: int | None = None) -> str:
    """Scores (0 to 100) as block characters on a fixed scale, so lines compare at a glance.

    With ``width``, only the last ``width`` values are drawn.
    """
    if width is not None:
        values = values[-width:]
    top = len(SPARK) - 1
    return "".join(SPARK[min(top, max(0, int(v / 100 * len(SPARK))))] for v in values)


def trend_glyph(direction: str) -> str:
    """The arrow for a trend direction (``up``, ``down``, ``steady``; nothing for ``new``)."""
    return TREND_GLYPHS.get(direction, "")
