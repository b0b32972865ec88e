"""The validated-content cache pays for itself and never serves stale content."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from supportprep.packs import cache, loader
from supportprep.packs.content import Content, Source
from supportprep.packs.errors import PackError
from supportprep.packs.loader import load_content
from supportprep.packs.models import KINDS
from supportprep.paths import cache_home
from tests.conftest import TINY_PACK, Cli


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
    assert entry.suffix == ".jsonl"
    header, *lines = [json.loads(line) for line in entry.read_text(encoding="utf-8").splitlines()]
    assert header["layout"] == cache.LAYOUT and list(header["kinds"]) == list(KINDS)
    assert len(lines) == len(KINDS) + len(cache.DEFERRED)
    assert all(isinstance(rows, list) for rows in lines)
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
        # The same length: only the scenarios line's SHA-256 tells, when scenarios are read.
        lambda text: text.replace('"title":"Login outage"', '"title":"Login 0utage"'),
        lambda text: text.replace('"layout":', '"layout":1', 1),
    ],
    ids=[
        "truncated",
        "wrong type",
        "bad enum",
        "missing field",
        "not an object",
        "same length",
        "other layout",
    ],
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
    good = entry.read_bytes()
    broken = damage(good.decode("utf-8"))
    assert broken.encode() != good
    entry.write_text(broken, encoding="utf-8")
    capsys.readouterr()
    assert _load(pack).scenarios["tiny-outage"].title == "Login outage"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("supportprep: note:") and entry.name in err
    assert entry.read_bytes() == good
    _load(pack).to_jsonable()  # every kind
    assert capsys.readouterr().err == ""  # rebuilt once, then served quietly


def test_every_kind_survives_the_cache_unchanged(tmp_path: Path) -> None:
    """A field type the cache cannot rebuild would turn every run into a rebuild with a notice."""
    content = load_content([_copy(tmp_path)], include_bundled=True)
    assert content.examples, "the tiny pack holds example answers"
    again = cache.decode(cache.encode(content))
    for kind in ("roles", "stages", "rubrics", "scenarios", "checklists", "plans", "insights"):
        assert again.kind(kind) == content.kind(kind), kind
    assert again.examples == content.examples
    assert again.origins == content.origins
    assert again.packs == content.packs
    assert again == content and content == again


# --- decoded when first asked for ------------------------------------------------------------


def test_a_kind_is_decoded_only_when_asked_for(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    fresh = _load(pack)
    served = _load(pack)
    assert not set(KINDS) & set(vars(served)), "nothing decoded before it is asked for"
    assert served.packs == fresh.packs  # ``packs list`` needs the header alone
    assert served.scenarios == fresh.scenarios
    assert served.origins[("rubrics", "triage")] == fresh.origins[("rubrics", "triage")]
    assert ("examples", "nope") not in served.origins
    assert set(KINDS) & set(vars(served)) == {"scenarios", "rubrics", "examples"}
    assert served == fresh
    assert set(KINDS) <= set(vars(served)) and "_pending" not in vars(served)


def _damage_kind(entry: Path, kind: str, *, deferred: bool = False) -> None:
    """Give the first of the kind's items (or of its deferred fields) a field it does not have,
    and record the line's new hash and offsets: only decoding that line can tell."""
    header_line, *lines = entry.read_bytes().split(b"\n")[:-1]
    header = json.loads(header_line)
    places = [("kinds", name) for name in KINDS] + [("deferred", name) for name in cache.DEFERRED]
    at = places.index(("deferred" if deferred else "kinds", kind))
    assert b'{"' in lines[at], f"the entry holds no {kind}"
    lines[at] = lines[at].replace(b'{"', b'{"unknown":1,"', 1)
    offset = 0
    for (section, name), line in zip(places, lines, strict=True):
        header[section][name] = [offset, offset + len(line), hashlib.sha256(line).hexdigest()]
        offset += len(line) + 1
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    entry.write_bytes(b"\n".join([head, *lines]) + b"\n")


@pytest.mark.parametrize(
    ("kind", "command"),
    [
        ("scenarios", ["next"]),
        ("scenarios", ["scenarios"]),
        ("checklists", ["checklist"]),
        ("rubrics", ["packs", "show", "--json"]),
        ("examples", ["packs", "show", "--json"]),
    ],
)
def test_a_kind_damaged_inside_is_rebuilt_by_whichever_command_reads_it(
    tmp_path: Path, isolated_home: Path, cli: Cli, kind: str, command: list[str]
) -> None:
    pack = _copy(tmp_path)
    argv = ["--no-bundled", "--pack", str(pack), *command]
    first = cli(*argv)
    assert first.code == 0, first.err
    [entry] = _entries(isolated_home)
    good = entry.read_bytes()
    _damage_kind(entry, kind)
    again = cli(*argv)
    assert (again.code, again.out) == (0, first.out)
    assert again.err.count("\n") == 1 and again.err.startswith("supportprep: note:")
    assert entry.name in again.err and "Traceback" not in again.err
    assert entry.read_bytes() == good
    assert cli(*argv).err == ""


def test_a_scenarios_long_texts_are_decoded_only_when_asked_for(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    fresh = _load(pack)
    served = _load(pack)
    outage, *others = served.scenarios.values()
    assert outage.title == "Login outage"
    assert not cache.DEFERRED["scenarios"] & set(vars(outage))
    assert outage.prompt == fresh.scenarios["tiny-outage"].prompt
    for scenario in [outage, *others]:  # one read decodes them all
        assert cache.DEFERRED["scenarios"] <= set(vars(scenario)) and "_rest" not in vars(scenario)
    assert served.scenarios == fresh.scenarios
    with pytest.raises(AttributeError):
        _ = outage.no_such_field  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("command", "notices"),
    [
        (["next"], False),
        (["scenarios", "show", "tiny-outage"], True),
        (["packs", "show", "--json"], True),
    ],
)
def test_damaged_long_texts_are_rebuilt_by_the_first_command_that_reads_them(
    tmp_path: Path, isolated_home: Path, cli: Cli, command: list[str], notices: bool
) -> None:
    pack = _copy(tmp_path)
    argv = ["--no-bundled", "--pack", str(pack), *command]
    first = cli(*argv)
    assert first.code == 0, first.err
    [entry] = _entries(isolated_home)
    good = entry.read_bytes()
    _damage_kind(entry, "scenarios", deferred=True)
    again = cli(*argv)
    assert (again.code, again.out) == (0, first.out)
    if notices:
        assert again.err.count("\n") == 1 and again.err.startswith("supportprep: note:")
        assert entry.read_bytes() == good
    else:
        assert again.err == ""


def test_a_command_that_does_not_read_a_damaged_kind_never_notices(
    tmp_path: Path, isolated_home: Path, cli: Cli
) -> None:
    pack = _copy(tmp_path)
    argv = ["--no-bundled", "--pack", str(pack)]
    assert cli(*argv, "packs", "list").code == 0
    [entry] = _entries(isolated_home)
    _damage_kind(entry, "examples")
    for command in (["packs", "list"], ["next"], ["checklist"]):
        result = cli(*argv, *command)
        assert (result.code, result.err) == (0, ""), command


# --- the entry shipped in the wheel ----------------------------------------------------------


def _ship(tmp_path: Path) -> Path:
    """A bundled folder holding the tiny pack and its shipped entry, built in one place and
    then moved, as a wheel's is built in the source tree and installed elsewhere."""
    built = tmp_path / "built"
    shutil.copytree(TINY_PACK, built / "tiny")
    loader.write_shipped_cache(built, built / cache.SHIPPED)
    installed = tmp_path / "site-packages" / "_content"
    installed.parent.mkdir()
    built.rename(installed)
    return installed


def _bundled_load(bundled: Path, monkeypatch: pytest.MonkeyPatch) -> Content:
    monkeypatch.setattr(loader, "bundled_root", lambda: bundled)
    return load_content(user_packs=None, cache_dir=cache_home())


def test_the_shipped_entry_is_read_in_place_with_its_paths_rebased(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    bundled = _ship(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(loader, "merge", _no_parsing)
        served = _bundled_load(bundled, patched)
        assert served.packs[0].path == (bundled / "tiny").resolve()
        origin = served.origins[("scenarios", "tiny-outage")]
        assert origin.file == (bundled / "tiny" / "content.yaml").resolve()
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert served == _bundled_load(bundled, monkeypatch)
    assert _entries(isolated_home) == []  # read in place: the first run writes nothing


def test_the_shipped_entry_is_ignored_when_a_bundled_file_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = _ship(tmp_path)
    content = bundled / "tiny" / "content.yaml"
    content.write_text(content.read_text().replace("title: Login outage", "title: SSO outage"))
    assert _bundled_load(bundled, monkeypatch).scenarios["tiny-outage"].title == "SSO outage"


def test_the_shipped_entry_is_ignored_with_any_other_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = _ship(tmp_path)
    other = tmp_path / "other"
    shutil.copytree(TINY_PACK, other)
    manifest = other / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("id: tiny", "id: other"))
    monkeypatch.setattr(loader, "bundled_root", lambda: bundled)
    real_merge = loader.merge
    merged: list[object] = []

    def counted(found: list[tuple[Path, Source]]) -> Content:
        merged.append(found)
        return real_merge(found)

    monkeypatch.setattr(loader, "merge", counted)
    load_content([other], user_packs=None, cache_dir=cache_home())
    assert len(merged) == 1


def test_a_damaged_shipped_entry_is_rebuilt_into_the_users_cache(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundled = _ship(tmp_path)
    shipped = bundled / cache.SHIPPED
    _damage_kind(shipped, "scenarios")
    damaged = shipped.read_bytes()
    capsys.readouterr()
    assert "tiny-outage" in _bundled_load(bundled, monkeypatch).scenarios
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and cache.SHIPPED in err
    assert shipped.read_bytes() == damaged  # the install's file is left alone
    assert len(_entries(isolated_home)) == 1
    monkeypatch.setattr(loader, "merge", _no_parsing)
    assert "tiny-outage" in _bundled_load(bundled, monkeypatch).scenarios  # the user's entry
    assert capsys.readouterr().err == ""
