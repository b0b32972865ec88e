"""The user's profile: what they are interviewing for and when.

Kept as a small JSON file in the config home (``$SUPPORTPREP_HOME`` when set), written atomically.
Ids are validated against the loaded content by the commands, not here, so a profile survives a
pack being removed. Read and written by hand rather than through pydantic: most commands read the
profile, and importing pydantic would cost them more than the rest of their start-up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from supportprep.errors import UserError
from supportprep.store.files import atomic_write_text
from supportprep.store.paths import config_home

PROFILE_FILE = "profile.json"


@dataclass(frozen=True, kw_only=True)
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


def load_profile() -> Profile:
    """The saved profile, or an empty one when none was saved yet."""
    path = profile_path()
    fix = "fix it or set it again with `supportprep profile`"
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Profile()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the profile: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: the profile is not UTF-8 text; {fix}") from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise UserError(f"{path}: the profile is not valid JSON ({exc}); {fix}") from exc
    try:
        return Profile.from_jsonable(data)
    except ValueError as exc:
        raise UserError(f"{path}: the profile is not valid ({exc}); {fix}") from exc


def save_profile(profile: Profile) -> Path:
    path = profile_path()
    data = {name: value for name, value in profile.to_jsonable().items() if value is not None}
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path
