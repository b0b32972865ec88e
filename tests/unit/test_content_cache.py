"""The validated-content cache pays for itself and never serves stale content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from supportprep.packs import loader
from supportprep.packs.errors import PackError
from supportprep.packs.loader import load_content
from tests.conftest import TINY_PACK


def _copy(tmp_path: Path) -> Path:
    pack = tmp_path / "tiny"
    shutil.copytree(TINY_PACK, pack)
    return pack


def _load(pack: Path) -> object:
    return load_content([pack], include_user=False, include_bundled=False)


def test_unchanged_packs_come_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _copy(tmp_path)
    first = load_content([pack], include_user=False, include_bundled=False)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the packs were parsed again")

    monkeypatch.setattr(loader, "merge", no_parsing)
    again = load_content([pack], include_user=False, include_bundled=False)
    assert list(again.scenarios) == list(first.scenarios)
    assert again.scenarios["tiny-outage"] == first.scenarios["tiny-outage"]


def test_an_edit_is_seen_at_once(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    assert (
        load_content([pack], include_user=False, include_bundled=False)
        .scenarios["tiny-outage"]
        .title
        == "Login outage"
    )
    content = pack / "content.yaml"
    content.write_text(content.read_text().replace("title: Login outage", "title: SSO outage"))
    edited = load_content([pack], include_user=False, include_bundled=False)
    assert edited.scenarios["tiny-outage"].title == "SSO outage"


def test_added_and_removed_files_change_the_result(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    load_content([pack], include_user=False, include_bundled=False)
    extra = pack / "more.yaml"
    extra.write_text(
        "roles:\n  - {id: director, name: Director, description: Runs the function.}\n"
    )
    assert "director" in load_content([pack], include_user=False, include_bundled=False).roles
    extra.unlink()
    assert "director" not in load_content([pack], include_user=False, include_bundled=False).roles


def test_broken_content_is_never_cached(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    content = pack / "content.yaml"
    good = content.read_text()
    content.write_text(good.replace("rubric: triage", "rubric: nope", 1))
    for _ in range(2):
        with pytest.raises(PackError):
            load_content([pack], include_user=False, include_bundled=False)


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, isolated_home: Path) -> None:
    pack = _copy(tmp_path)
    load_content([pack], include_user=False, include_bundled=False)
    [entry] = (isolated_home / "cache").glob("content-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert (
        "tiny-outage" in load_content([pack], include_user=False, include_bundled=False).scenarios
    )
    [rebuilt] = (isolated_home / "cache").glob("content-*.pickle")
    assert rebuilt.read_bytes() != b"not a pickle"
