"""The user's profile: what they are interviewing for and when.

Kept as a small JSON file in the config home (``$SUPPORTPREP_HOME`` when set), written atomically.
Ids are validated against the loaded content by the commands, not here, so a profile survives a
pack being removed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from supportprep.errors import UserError
from supportprep.store.files import atomic_write_text
from supportprep.store.paths import config_home

PROFILE_FILE = "profile.json"


class Profile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: str | None = None
    variant: str | None = None
    industry: str | None = None
    seniority: str | None = None
    interview_date: date | None = None
    company: str | None = None

    def is_empty(self) -> bool:
        return not any(self.model_dump().values())


def profile_path() -> Path:
    return config_home() / PROFILE_FILE


def load_profile() -> Profile:
    """The saved profile, or an empty one when none was saved yet."""
    path = profile_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Profile()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the profile: {exc.strerror or exc}") from exc
    try:
        return Profile.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as exc:
        raise UserError(
            f"{path}: the profile is not valid JSON ({str(exc).splitlines()[0]}); "
            "fix it or set it again with `supportprep profile`"
        ) from exc


def save_profile(profile: Profile) -> Path:
    path = profile_path()
    atomic_write_text(path, profile.model_dump_json(indent=2, exclude_none=True) + "\n")
    return path
