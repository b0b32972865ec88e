"""The STAR story bank, kept as JSON in the data home.

Every change is a locked read-modify-write (``update_stories``), written atomically with the
previous version kept next to it as ``stories.json.bak``, so two commands adding a story at once
both keep theirs and a bad edit can be undone by hand. A file that cannot be read is reported
with its path and left exactly as it is: nothing the user wrote is overwritten to "repair" it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from supportprep.errors import UserError
from supportprep.paths import data_home
from supportprep.records import record
from supportprep.store.files import backup_path, locked, read_user_file, write_keeping_backup
from supportprep.store.records import dump, json_value, parse_object, split_known, validate

STORIES_FILE = "stories.json"
FORMAT_VERSION = 1
WHAT = "the story bank"

__all__ = ["Story", "backup_path", "load_stories", "save_stories", "update_stories"]


def _now() -> datetime:
    return datetime.now(UTC)


@record(frozen=True, kw_only=True)
class Story:
    """One STAR story, tagged by the skills it proves and the question slots it answers."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    id: str
    title: str
    situation: str
    task: str
    action: str
    result: str
    metric: str | None = None
    skills: list[str] = field(default_factory=list)
    """Skill ids from the packs."""
    slots: list[str] = field(default_factory=list)
    """pushback, failure, ..."""
    created: datetime = field(default_factory=_now)
    updated: datetime = field(default_factory=_now)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)
    """Fields written by a newer supportprep: kept and written back, never dropped."""

    def to_jsonable(self) -> dict[str, Any]:
        """The story as it is written to the file (and shown by ``--json``)."""
        data = {
            f.name: json_value(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name != "extra"
        }
        data["skills"] = list(self.skills)
        data["slots"] = list(self.slots)
        return {**data, **self.extra}


_FIELDS = frozenset(f.name for f in dataclasses.fields(Story)) - {"extra"}


@record(frozen=True)
class _Bank:
    version: int
    stories: list[Story]
    extra: dict[str, Any]


def stories_path() -> Path:
    return data_home() / STORIES_FILE


def _parse(path: Path, raw: str) -> _Bank:
    data = parse_object(path, WHAT, raw)
    top, extra = split_known(data, lambda key: key in ("version", "stories"))
    version = validate(path, WHAT, int, top.get("version", FORMAT_VERSION), ("version",))
    if version > FORMAT_VERSION:
        raise UserError(
            f"{path}: the story bank was written by a newer supportprep (format {version}); "
            "upgrade supportprep to use it"
        )
    items = validate(path, WHAT, list[dict[str, Any]], top.get("stories", []), ("stories",))
    stories = []
    for index, item in enumerate(items):
        known, more = split_known(item, lambda key: key in _FIELDS)
        story = validate(path, WHAT, Story, known, ("stories", index))
        stories.append(dataclasses.replace(story, extra=more) if more else story)
    return _Bank(version, stories, extra)


def _render(bank: _Bank, stories: list[Story]) -> str:
    return dump(
        {**bank.extra, "version": FORMAT_VERSION, "stories": [s.to_jsonable() for s in stories]}
    )


def load_stories(path: Path | None = None) -> list[Story]:
    """The stories in the bank, oldest first; an empty list when there is no bank yet."""
    path = path or stories_path()
    raw = read_user_file(path, WHAT)
    return [] if raw is None else _parse(path, raw).stories


def update_stories(
    change: Callable[[list[Story]], list[Story]], path: Path | None = None
) -> tuple[Path, list[Story]]:
    """Apply ``change`` to the bank as it is now, under the lock, and save the result.

    ``change`` sees what other commands saved meanwhile, so concurrent changes all land. It may
    raise (e.g. a ``UserError``) to write nothing. Returns the path and the saved stories.
    """
    path = path or stories_path()
    with locked(path, f"save {WHAT}"):
        raw = read_user_file(path, WHAT)
        bank = _Bank(FORMAT_VERSION, [], {}) if raw is None else _parse(path, raw)
        stories = change(list(bank.stories))
        write_keeping_backup(path, _render(bank, stories), what=WHAT, previous=raw)
    return path, stories


def save_stories(stories: list[Story], path: Path | None = None) -> Path:
    """Replace the whole bank with ``stories`` (fields this version does not know, at the top of
    the file, are kept)."""
    saved, _ = update_stories(lambda _current: list(stories), path)
    return saved
