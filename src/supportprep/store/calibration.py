"""What calibrates a candidate's eye: example answers they graded blind (``supportprep grade``)
and earlier answers they scored again days later without seeing their first scores
(``supportprep rescore``). Kept as JSON in the data home.

Writes follow the story bank's rules: a locked read-modify-write, written atomically with the
previous version kept as ``calibration.json.bak``; a file that cannot be read is reported with
its path and left exactly as it is. Each record keeps the levels per criterion id and a snapshot
of each criterion's name and skill, so the trend stays readable after a pack changes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from supportprep.errors import UserError
from supportprep.paths import data_home
from supportprep.records import record
from supportprep.store.files import locked, read_user_file, unreadable, write_keeping_backup
from supportprep.store.records import dump, json_value, parse_object, split_known, validate

CALIBRATION_FILE = "calibration.json"
FORMAT_VERSION = 1
WHAT = "the calibration record"


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    from uuid import uuid4  # here, not at the top: its import costs ~8 ms and most runs only read

    return uuid4().hex


@record(frozen=True, kw_only=True)
class CriterionInfo:
    """A criterion as it was when graded: its name and the skill it belongs to."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    name: str
    skill: str


@record(frozen=True, kw_only=True)
class GradedExample:
    """One example answer graded blind: the levels given against the levels it was written at."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    id: str = field(default_factory=_new_id)
    at: datetime = field(default_factory=_now)
    example: str
    scenario: str
    rubric: str
    given: dict[str, int]
    intended: dict[str, int]
    criteria: dict[str, CriterionInfo] = field(default_factory=dict)

    def gaps(self) -> dict[str, int]:
        """Given minus intended, per criterion: above 0 the grader was generous."""
        return {c: self.given[c] - self.intended[c] for c in self.given if c in self.intended}

    def to_jsonable(self) -> dict[str, Any]:
        return _jsonable(self)


@record(frozen=True, kw_only=True)
class Rescore:
    """An earlier answer scored again, blind, days after the drill."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    id: str = field(default_factory=_new_id)
    at: datetime = field(default_factory=_now)
    attempt: str
    """The attempt's id in the history."""
    scenario: str
    rubric: str
    answered_at: datetime
    first: dict[str, int]
    """The self-scores given right after the drill."""
    second: dict[str, int]
    """The self-scores given now, without seeing the first."""
    criteria: dict[str, CriterionInfo] = field(default_factory=dict)

    def gaps(self) -> dict[str, int]:
        """First minus second, per criterion: above 0 the score right after the drill was the
        more generous one (judging after a delay is the more accurate)."""
        return {c: self.first[c] - self.second[c] for c in self.second if c in self.first}

    def to_jsonable(self) -> dict[str, Any]:
        return _jsonable(self)


def _jsonable(record: GradedExample | Rescore) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name == "criteria":
            value = {k: {"name": v.name, "skill": v.skill} for k, v in value.items()}
        elif isinstance(value, dict):
            value = dict(value)
        data[f.name] = json_value(value)
    return data


@record(frozen=True)
class CalibrationRecord:
    """Everything in the file, oldest first within each list."""

    graded: list[GradedExample] = field(default_factory=list)
    rescores: list[Rescore] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)
    """Top-level fields written by a newer supportprep: kept and written back."""

    def rescored(self, attempt_id: str) -> bool:
        return any(r.attempt == attempt_id for r in self.rescores)


def calibration_path() -> Path:
    return data_home() / CALIBRATION_FILE


def _levels_ok(path: Path, levels: dict[str, int], where: str) -> None:
    for criterion, level in levels.items():
        if level not in (1, 2, 3, 4):
            raise unreadable(path, WHAT, f"{where}.{criterion}: a level is 1-4, not {level}")


def _parse(path: Path, raw: str) -> CalibrationRecord:
    data = parse_object(path, WHAT, raw)
    top, extra = split_known(data, lambda key: key in ("version", "graded", "rescores"))
    version = validate(path, WHAT, int, top.get("version", FORMAT_VERSION), ("version",))
    if version > FORMAT_VERSION:
        raise UserError(
            f"{path}: {WHAT} was written by a newer supportprep (format {version}); "
            "upgrade supportprep to use it"
        )
    graded = validate(path, WHAT, list[GradedExample], top.get("graded", []), ("graded",))
    rescores = validate(path, WHAT, list[Rescore], top.get("rescores", []), ("rescores",))
    for i, g in enumerate(graded):
        _levels_ok(path, g.given, f"graded.{i}.given")
        _levels_ok(path, g.intended, f"graded.{i}.intended")
    for i, r in enumerate(rescores):
        _levels_ok(path, r.first, f"rescores.{i}.first")
        _levels_ok(path, r.second, f"rescores.{i}.second")
    return CalibrationRecord(list(graded), list(rescores), extra)


def load_calibration(path: Path | None = None) -> CalibrationRecord:
    """What was graded and re-scored so far; empty when nothing was yet."""
    path = path or calibration_path()
    raw = read_user_file(path, WHAT)
    return CalibrationRecord() if raw is None else _parse(path, raw)


def add_records(
    graded: list[GradedExample] | None = None,
    rescores: list[Rescore] | None = None,
    path: Path | None = None,
) -> Path:
    """Append records under the lock, so two commands saving at once both keep theirs."""
    path = path or calibration_path()
    with locked(path, f"save {WHAT}"):
        raw = read_user_file(path, WHAT)
        current = CalibrationRecord() if raw is None else _parse(path, raw)
        text = dump(
            {
                **current.extra,
                "version": FORMAT_VERSION,
                "graded": [g.to_jsonable() for g in [*current.graded, *(graded or [])]],
                "rescores": [r.to_jsonable() for r in [*current.rescores, *(rescores or [])]],
            }
        )
        write_keeping_backup(path, text, what=WHAT, previous=raw)
    return path
