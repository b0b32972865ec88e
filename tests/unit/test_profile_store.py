"""The profile file: what is saved comes back, and a damaged file is one clear error."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from supportprep.errors import UserError
from supportprep.store.profile import Profile, load_profile, save_profile


def test_what_is_saved_comes_back(isolated_home: Path) -> None:
    profile = Profile(
        role="support-manager",
        variant="tier-2",
        industry="saas",
        seniority="manager",
        interview_date=date(2026, 12, 3),
        company="Zoë & Co",
    )
    path = save_profile(profile)
    assert path == isolated_home / "profile.json"
    assert load_profile() == profile
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["interview_date"] == "2026-12-03"
    assert "Zoë" in path.read_text(encoding="utf-8")


def test_unset_fields_are_left_out_of_the_file(isolated_home: Path) -> None:
    save_profile(Profile(role="support-manager"))
    saved = json.loads((isolated_home / "profile.json").read_text(encoding="utf-8"))
    assert saved == {"role": "support-manager"}


def test_no_file_is_an_empty_profile() -> None:
    profile = load_profile()
    assert profile == Profile()
    assert profile.is_empty()
    assert not Profile(company="Acme").is_empty()


def test_keys_from_a_newer_version_are_ignored(isolated_home: Path) -> None:
    (isolated_home / "profile.json").write_text(
        '{"role": "support-manager", "timezone": "Europe/Berlin"}', encoding="utf-8"
    )
    assert load_profile() == Profile(role="support-manager")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"role": ', "not valid JSON"),
        ('["support-manager"]', "expected an object of fields"),
        ('{"role": 3}', "role: should be text, not 3"),
        ('{"interview_date": "next week"}', "cannot read 'next week' as a date"),
    ],
)
def test_a_damaged_file_is_one_error_naming_it(
    isolated_home: Path, text: str, expected: str
) -> None:
    path = isolated_home / "profile.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_profile()
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and expected in message, message
    assert "supportprep profile" in message
