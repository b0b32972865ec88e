"""What the JSON user files (stories, checklist ticks) have in common: reading them with
pydantic at the one place data comes in, and writing them back in the same on-disk format.

The records themselves are plain frozen dataclasses, so a command that only shows them never
imports pydantic; the validator is built on the first read of a file that exists.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from supportprep.store.files import unreadable

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")

_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def validate(path: Path, what: str, kind: Any, data: object, loc: tuple[str | int, ...]) -> Any:
    """``data`` validated as ``kind`` by pydantic; a problem is the one-line "cannot read" error
    naming the field (``loc`` is where ``data`` sits in the file)."""
    from pydantic import TypeAdapter, ValidationError

    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in (*loc, *first["loc"]))
        detail = f"{where}: {first['msg']}" if where else str(first["msg"])
        raise unreadable(path, what, detail) from exc


def parse_object(path: Path, what: str, raw: str) -> dict[str, Any]:
    """The file's JSON, which must be an object."""
    try:
        data = json.loads(raw)
    except ValueError as exc:  # RecursionError-free: json refuses deep nesting with ValueError
        raise unreadable(path, what, f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise unreadable(path, what, "nested too deeply") from exc
    if not isinstance(data, dict):
        raise unreadable(path, what, "expected a JSON object at the top")
    return data


def split_known(
    data: dict[str, Any], known: Callable[[str], bool]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys this version knows, and the others (written by a newer version: kept as they
    are and written back, never dropped)."""
    mine = {k: v for k, v in data.items() if known(k)}
    other = {k: v for k, v in data.items() if not known(k)}
    return mine, other


def json_value(value: Any) -> Any:
    """Dates and datetimes as pydantic wrote them before these records were dataclasses
    (a UTC datetime ends in ``Z``), so files keep their on-disk format."""
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    return value


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
