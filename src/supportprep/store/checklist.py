"""Which checklist items the user ticked, and when, and the artifact picked from the checklist's
menu, kept as JSON in the data home.

Ticks are keyed by the item's stable id, so they survive a new interview date, a profile change
or an edited pack. Every change is a locked read-modify-write (``update_ticks``), written
atomically with the previous version kept as ``checklist.json.bak``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from supportprep.paths import data_home
from supportprep.records import record
from supportprep.store.files import locked, read_user_file, write_keeping_backup
from supportprep.store.records import dump, json_value, parse_object, split_known, validate

TICKS_FILE = "checklist.json"
FORMAT_VERSION = 1
WHAT = "the checklist ticks"


@record(frozen=True)
class TicksFile:
    """The file: item id -> day ticked, the artifact picked from the menu, and any top-level
    fields a newer version wrote."""

    done: dict[str, date]
    extra: dict[str, Any]
    artifact: str | None = None

    def render(self) -> str:
        done = {item: json_value(day) for item, day in sorted(self.done.items())}
        data: dict[str, Any] = {**self.extra, "version": FORMAT_VERSION, "done": done}
        if self.artifact is not None:
            data["artifact"] = self.artifact
        return dump(data)


def ticks_path() -> Path:
    return data_home() / TICKS_FILE


def _parse(path: Path, raw: str) -> TicksFile:
    data = parse_object(path, WHAT, raw)
    top, extra = split_known(data, lambda key: key in ("version", "done", "artifact"))
    validate(path, WHAT, int, top.get("version", FORMAT_VERSION), ("version",))
    done = validate(path, WHAT, dict[str, date], top.get("done", {}), ("done",))
    artifact = validate(path, WHAT, str | None, top.get("artifact"), ("artifact",))
    return TicksFile(done, extra, artifact)


def load_ticks(path: Path | None = None) -> dict[str, date]:
    """Ticked item ids and the day each was ticked; empty when nothing was ticked yet."""
    path = path or ticks_path()
    raw = read_user_file(path, WHAT)
    return {} if raw is None else dict(_parse(path, raw).done)


def update_ticks(
    change: Callable[[dict[str, date]], dict[str, date]], path: Path | None = None
) -> tuple[Path, dict[str, date], dict[str, date]]:
    """Apply ``change`` to the ticks as they are now, under the lock, and save the result when
    it differs. Returns the path, the ticks before and the ticks after."""
    path = path or ticks_path()
    with locked(path, f"save {WHAT}"):
        raw = read_user_file(path, WHAT)
        current = TicksFile({}, {}) if raw is None else _parse(path, raw)
        before = dict(current.done)
        after = change(dict(before))
        if after != before:
            text = TicksFile(after, current.extra, current.artifact).render()
            write_keeping_backup(path, text, what=WHAT, previous=raw)
    return path, before, after


def save_ticks(done: dict[str, date], path: Path | None = None) -> Path:
    """Replace every tick with ``done``."""
    saved, _, _ = update_ticks(lambda _current: dict(done), path)
    return saved


def load_artifact(path: Path | None = None) -> str | None:
    """The id of the artifact picked from the checklist's menu, if one was picked."""
    path = path or ticks_path()
    raw = read_user_file(path, WHAT)
    return None if raw is None else _parse(path, raw).artifact


def save_artifact(artifact: str | None, path: Path | None = None) -> Path:
    """Pick ``artifact`` from the menu (None: pick again later); the ticks stay as they are."""
    path = path or ticks_path()
    with locked(path, f"save {WHAT}"):
        raw = read_user_file(path, WHAT)
        current = TicksFile({}, {}) if raw is None else _parse(path, raw)
        if current.artifact != artifact:
            text = TicksFile(current.done, current.extra, artifact).render()
            write_keeping_backup(path, text, what=WHAT, previous=raw)
    return path
