"""The validated-content cache pays for itself and never serves stale content."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from supportprep.packs import cache, loader
from supportprep.packs.content import Content
from supportprep.packs.errors import PackError
from supportprep.packs.loader import load_content
from supportprep.paths import cache_home
from tests.conftest import TINY_PACK


def _copy(tmp_path: Path) -> Path:
    pack = tmp_path / "tiny"
    shutil.copytree(TINY_PACK, pack)
    return pack


def _load(pack: Path) -> Content:
    return load_content([pack], include_bundled=False, cache_dir=cache_home())


def test_unchanged_packs_come_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _copy(tmp_path)
    first = _load(pack)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the packs were parsed again")

    monkeypatch.setattr(loader, "merge", no_parsing)
    again = _load(pack)
    assert list(again.scenarios) == list(first.scenarios)
    assert again.scenarios["tiny-outage"] == first.scenarios["tiny-outage"]


def test_an_edit_is_seen_at_once(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    assert _load(pack).scenarios["tiny-outage"].title == "Login outage"
    content = pack / "content.yaml"
    content.write_text(content.read_text().replace("title: Login outage", "title: SSO outage"))
    edited = _load(pack)
    assert edited.scenarios["tiny-outage"].title == "SSO outage"


def test_added_and_removed_files_change_the_result(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    _load(pack)
    extra = pack / "more.yaml"
    extra.write_text(
        "roles:\n  - {id: director, name: Director, description: Runs the function.}\n"
    )
    assert "director" in _load(pack).roles
    extra.unlink()
    assert "director" not in _load(pack).roles


def test_broken_content_is_never_cached(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    content = pack / "content.yaml"
    good = content.read_text()
    content.write_text(good.replace("rubric: triage", "rubric: nope", 1))
    for _ in range(2):
        with pytest.raises(PackError):
            _load(pack)


def _entries(home: Path) -> list[Path]:
    return sorted((home / "cache").glob("content-*"))


def test_an_edit_keeping_size_and_mtime_is_seen(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    assert _load(pack).scenarios["tiny-outage"].title == "Login outage"
    content = pack / "content.yaml"
    before = content.stat()
    content.write_text(content.read_text().replace("title: Login outage", "title: Logon outage"))
    os.utime(content, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = content.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert _load(pack).scenarios["tiny-outage"].title == "Logon outage"


def test_a_relative_and_an_absolute_path_share_an_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    pack = _copy(tmp_path)
    _load(pack.resolve())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(loader, "merge", _no_parsing)
    assert "tiny-outage" in _load(Path("tiny")).scenarios
    assert "tiny-outage" in _load(Path("./tiny/../tiny")).scenarios
    assert len(_entries(isolated_home)) == 1


def _no_parsing(*args: object, **kwargs: object) -> None:
    raise AssertionError("the packs were parsed again")


def test_several_source_sets_are_kept_and_the_cache_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    packs = []
    for n in range(cache.MAX_ENTRIES + 2):
        pack = tmp_path / f"p{n}"
        shutil.copytree(TINY_PACK, pack)
        packs.append(pack)
        _load(pack)
    assert len(_entries(isolated_home)) == cache.MAX_ENTRIES
    monkeypatch.setattr(loader, "merge", _no_parsing)
    for pack in packs[-2:]:  # switching back and forth between recent sets never reloads
        _load(pack)
        _load(packs[-1])


def test_the_cache_holds_json_and_a_pickle_in_its_place_never_runs(
    tmp_path: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = _copy(tmp_path)
    _load(pack)
    [entry] = _entries(isolated_home)
    assert entry.suffix == ".json"
    assert json.loads(entry.read_text(encoding="utf-8"))["layout"] == cache.LAYOUT
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(marker),))

    entry.write_bytes(pickle.dumps(Exploit()))
    capsys.readouterr()
    assert "tiny-outage" in _load(pack).scenarios
    assert not marker.exists()
    notice = capsys.readouterr().err
    assert notice.count("\n") == 1 and "damaged" in notice and "rebuilding" in notice


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"title":"Login outage"', '"title":5'),
        lambda text: text.replace('"difficulty":"', '"difficulty":"x'),
        lambda text: text.replace('"title":"Login outage",', ""),
        lambda text: "[]",
    ],
    ids=["truncated", "wrong type", "bad enum", "missing field", "not an object"],
)
def test_a_damaged_entry_is_discarded_and_rebuilt_with_a_notice(
    tmp_path: Path,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[str], str],
) -> None:
    pack = _copy(tmp_path)
    _load(pack)
    [entry] = _entries(isolated_home)
    good = entry.read_text(encoding="utf-8")
    broken = damage(good)
    assert broken != good
    entry.write_text(broken, encoding="utf-8")
    capsys.readouterr()
    assert _load(pack).scenarios["tiny-outage"].title == "Login outage"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("supportprep: note:") and entry.name in err
    assert json.loads(entry.read_text(encoding="utf-8")) == json.loads(good)
    _load(pack)
    assert capsys.readouterr().err == ""  # rebuilt once, then served quietly


def test_every_kind_survives_the_cache_unchanged(tmp_path: Path) -> None:
    """A field type the cache cannot rebuild would turn every run into a rebuild with a notice."""
    content = load_content([_copy(tmp_path)], include_bundled=True)
    assert content.examples, "the tiny pack holds example answers"
    again = cache.decode(json.loads(json.dumps(cache.encode(content))))
    for kind in ("roles", "stages", "rubrics", "scenarios", "checklists", "plans", "insights"):
        assert again.kind(kind) == content.kind(kind), kind
    assert again.examples == content.examples
