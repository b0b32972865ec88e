"""How long the user's evenings are: the minutes last given to ``today --minutes``.

The home screen plans tonight's session too; it uses the same length the user last chose, not a
fixed hour. Kept as a one-key JSON file in the config home beside the profile (not in it: a
profile file marks the first-run questions as asked, and choosing an evening's length must not).
"""

from __future__ import annotations

import json
from pathlib import Path

from supportprep.paths import config_home
from supportprep.store.files import locked, read_user_file, unreadable, write_keeping_backup

EVENING_FILE = "evening.json"
WHAT = "the evening length"


def evening_path() -> Path:
    return config_home() / EVENING_FILE


def load_evening_minutes() -> int | None:
    """The minutes last chosen with ``today --minutes``, or None when never chosen."""
    path = evening_path()
    raw = read_user_file(path, WHAT)
    return None if raw is None else _parse(path, raw)


def _parse(path: Path, raw: str) -> int:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise unreadable(path, WHAT, f"not valid JSON: {exc}") from exc
    minutes = data.get("minutes") if isinstance(data, dict) else None
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 1440:
        raise unreadable(path, WHAT, "'minutes' should be a whole number from 1 to 1440")
    return minutes


def save_evening_minutes(minutes: int) -> Path:
    """Remember ``minutes`` as the length of an evening."""
    path = evening_path()
    with locked(path, f"save {WHAT}"):
        raw = read_user_file(path, WHAT)
        text = json.dumps({"minutes": minutes}) + "\n"
        if raw != text:
            write_keeping_backup(path, text, what=WHAT, previous=raw)
    return path
