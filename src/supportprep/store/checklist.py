"""Which checklist items the user ticked, and when, kept as JSON in the data home.

Ticks are keyed by the item's stable id, so they survive a new interview date, a profile change
or an edited pack. Written atomically with the previous version kept as ``checklist.json.bak``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from supportprep.errors import UserError
from supportprep.store.paths import data_home
from supportprep.store.stories import unreadable, write_keeping_backup

TICKS_FILE = "checklist.json"
FORMAT_VERSION = 1


class _TicksFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    version: int = FORMAT_VERSION
    done: dict[str, date] = Field(default_factory=dict, description="item id -> day ticked")


def ticks_path() -> Path:
    return data_home() / TICKS_FILE


def load_ticks(path: Path | None = None) -> dict[str, date]:
    """Ticked item ids and the day each was ticked; empty when nothing was ticked yet."""
    path = path or ticks_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UserError(f"{path}: cannot read the checklist ticks: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise unreadable(path, "the checklist ticks", "not UTF-8 text") from exc
    try:
        return dict(_TicksFile.model_validate(json.loads(raw)).done)
    except ValueError as exc:  # ValidationError is a ValueError too
        detail = (
            exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else f"not valid JSON: {exc}"
        )
        raise unreadable(path, "the checklist ticks", detail) from exc


def save_ticks(done: dict[str, date], path: Path | None = None) -> Path:
    path = path or ticks_path()
    data = _TicksFile(done=dict(sorted(done.items())))
    write_keeping_backup(path, data.model_dump_json(indent=2) + "\n")
    return path
