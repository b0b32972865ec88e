"""The user's profile: what they are interviewing for and when.

Kept as a small JSON file in the config home (``$SUPPORTPREP_HOME`` when set). Every change is a
locked read-modify-write (``update_profile``), written atomically with the previous version kept
as ``profile.json.bak``; a symlinked ``profile.json`` is written through to its target.
Ids are validated against the loaded content by the commands, not here, so a profile survives a
pack being removed. Read and written by hand rather than through pydantic: most commands read the
profile, and importing pydantic would cost them more than the rest of their start-up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from supportprep.errors import UserError
from supportprep.paths import config_home
from supportprep.records import record
from supportprep.store.files import locked, read_user_file, write_keeping_backup

PROFILE_FILE = "profile.json"


@record(frozen=True, kw_only=True)
class Profile:
    role: str | None = None
    variant: str | None = None
    industry: str | None = None
    seniority: str | None = None
    interview_date: date | None = None
    company: str | None = None

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def to_jsonable(self) -> dict[str, Any]:
        """Every field as JSON types (the date as YYYY-MM-DD), unset ones as None."""
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.interview_date is not None:
            data["interview_date"] = self.interview_date.isoformat()
        return data

    @classmethod
    def from_jsonable(cls, data: object) -> Profile:
        """A profile from parsed JSON; keys it does not know are ignored (a newer version may
        have written them). Raises ``ValueError`` naming the field that is wrong."""
        if not isinstance(data, dict):
            raise ValueError("expected an object of fields")
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = data.get(f.name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise ValueError(f"{f.name}: should be text, not {json.dumps(value)}")
            if f.name == "interview_date":
                try:
                    values[f.name] = date.fromisoformat(value)
                except ValueError:
                    raise ValueError(
                        f"interview_date: cannot read '{value}' as a date (YYYY-MM-DD)"
                    ) from None
            else:
                values[f.name] = value
        return cls(**values)


def profile_path() -> Path:
    return config_home() / PROFILE_FILE


WHAT = "the profile"


def _parse(path: Path, raw: str) -> Profile:
    fix = "fix it or set it again with `supportprep profile`"
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise UserError(f"{path}: the profile is not valid JSON ({exc}); {fix}") from exc
    try:
        return Profile.from_jsonable(data)
    except ValueError as exc:
        raise UserError(f"{path}: the profile is not valid ({exc}); {fix}") from exc


def load_profile() -> Profile:
    """The saved profile, or an empty one when none was saved yet."""
    path = profile_path()
    raw = read_user_file(path, WHAT)
    return Profile() if raw is None else _parse(path, raw)


def _render(profile: Profile, kept: dict[str, Any]) -> str:
    data = {name: value for name, value in profile.to_jsonable().items() if value is not None}
    return json.dumps({**kept, **data}, indent=2, ensure_ascii=False) + "\n"


def update_profile(change: Callable[[Profile], Profile]) -> tuple[Path, Profile]:
    """Apply ``change`` to the profile as it is now, under the lock, and save the result, so two
    ``profile set`` at once both keep their field. Keys a newer version wrote are kept."""
    path = profile_path()
    with locked(path, f"save {WHAT}"):
        raw = read_user_file(path, WHAT)
        current = Profile() if raw is None else _parse(path, raw)
        kept: dict[str, Any] = {}
        if raw is not None:
            data = json.loads(raw)
            known = {f.name for f in fields(Profile)}
            kept = {key: value for key, value in data.items() if key not in known}
        updated = change(current)
        write_keeping_backup(path, _render(updated, kept), what=WHAT, previous=raw)
    return path, updated


def save_profile(profile: Profile) -> Path:
    """Replace the profile with ``profile``."""
    path, _ = update_profile(lambda _current: profile)
    return path
