"""The STAR story bank, kept as JSON in the data home.

Every write is atomic and keeps the previous version next to it as ``stories.json.bak``, so a
bad edit can be undone by hand. A file that cannot be read is reported with its path and left
exactly as it is: nothing the user wrote is overwritten to "repair" it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from supportprep.errors import UserError
from supportprep.store.files import atomic_write_text
from supportprep.store.paths import data_home

STORIES_FILE = "stories.json"
FORMAT_VERSION = 1


def _now() -> datetime:
    return datetime.now(UTC)


class Story(BaseModel):
    """One STAR story, tagged by the skills it proves and the question slots it answers."""

    # Fields written by a newer supportprep are kept and written back, never dropped.
    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    situation: str
    task: str
    action: str
    result: str
    metric: str | None = None
    skills: list[str] = Field(default_factory=list, description="Skill ids from the packs.")
    slots: list[str] = Field(default_factory=list, description="pushback, failure, ...")
    created: datetime = Field(default_factory=_now)
    updated: datetime = Field(default_factory=_now)


class _BankFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    version: int = FORMAT_VERSION
    stories: list[Story] = Field(default_factory=list)


def stories_path() -> Path:
    return data_home() / STORIES_FILE


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def write_keeping_backup(path: Path, text: str) -> None:
    """Atomically replace ``path`` with ``text``, first saving its current bytes as ``.bak``."""
    try:
        previous = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        previous = None
    if previous is not None and previous != text:
        atomic_write_text(backup_path(path), previous)
    atomic_write_text(path, text)


def unreadable(path: Path, what: str, detail: str) -> UserError:
    """The one-line error for a user file that cannot be read; the file is never touched."""
    return UserError(
        f"{path}: cannot read {what} ({detail}); the file was left as it is: fix it, or "
        f"restore the previous version from {backup_path(path).name}"
    )


def load_stories(path: Path | None = None) -> list[Story]:
    """The stories in the bank, oldest first; an empty list when there is no bank yet."""
    path = path or stories_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UserError(f"{path}: cannot read the story bank: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise unreadable(path, "the story bank", "not UTF-8 text") from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise unreadable(path, "the story bank", f"not valid JSON: {exc}") from exc
    try:
        bank = _BankFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise unreadable(path, "the story bank", f"{where}: {first['msg']}") from exc
    if bank.version > FORMAT_VERSION:
        raise UserError(
            f"{path}: the story bank was written by a newer supportprep (format {bank.version}); "
            "upgrade supportprep to use it"
        )
    return bank.stories


def save_stories(stories: list[Story], path: Path | None = None) -> Path:
    path = path or stories_path()
    bank = _BankFile(stories=stories)
    write_keeping_backup(path, bank.model_dump_json(indent=2) + "\n")
    return path
