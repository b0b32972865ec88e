"""When the machine refuses a write (disk full, read-only, permission, immutable file) or the
data home is a file, the user gets one typed line and exit 1 (or 2 for a setting to fix), never
an internal error; what was there stays as it was, and reading still works where it can."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from supportprep.errors import (
    DiskFull,
    HomeNotAFolder,
    PermissionRefused,
    ReadOnlyStorage,
    refused,
)
from supportprep.store import history
from supportprep.store.profile import Profile, load_profile, save_profile
from supportprep.store.stories import load_stories
from tests.cli.test_history_cli import make_attempt, save
from tests.conftest import Cli

STORY = ("--title", "T", "--situation", "s", "--task", "t", "--action", "a", "--result", "r")


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.startswith("supportprep: ")


# --- where and how files are written ----------------------------------------------------------


def test_a_symlinked_file_is_written_through_and_stays_a_link(
    isolated_home: Path, tmp_path: Path, cli: Cli
) -> None:
    target = tmp_path / "dotfiles" / "profile.json"
    target.parent.mkdir()
    target.write_text('{"company": "Old"}\n', encoding="utf-8")
    link = isolated_home / "profile.json"
    link.symlink_to(target)
    assert cli("profile", "set", "--company", "New").code == 0
    assert link.is_symlink() and link.resolve() == target
    assert json.loads(target.read_text(encoding="utf-8")) == {"company": "New"}
    assert (isolated_home / "profile.json.bak").read_text(
        encoding="utf-8"
    ) == '{"company": "Old"}\n'
    assert not list(target.parent.glob("*.lock"))  # nothing left in the user's own folder


def test_new_files_honour_the_umask_and_old_ones_keep_their_mode(isolated_home: Path) -> None:
    old = os.umask(0o027)
    try:
        path = save_profile(Profile(company="Acme"))
        assert path.stat().st_mode & 0o777 == 0o640
        path.chmod(0o604)
        save_profile(Profile(company="Other"))
        assert path.stat().st_mode & 0o777 == 0o604
    finally:
        os.umask(old)


def test_no_temp_or_half_file_is_left_when_a_write_fails(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_profile(Profile(company="Acme"))
    before = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFull):
        save_profile(Profile(company="Other"))
    assert path.read_bytes() == before
    assert not list(isolated_home.glob(".profile.json.*"))


# --- refusals through the commands ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words", "kind"),
    [
        (errno.ENOSPC, "the disk is full", DiskFull),
        (errno.EDQUOT, "the disk is full", DiskFull),
        (errno.EROFS, "read-only", ReadOnlyStorage),
        (errno.EACCES, "permission denied", PermissionRefused),
        (errno.EPERM, "permission denied", PermissionRefused),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("profile", "set", "--company", "Acme"),
        ("stories", "add", *STORY),
        ("checklist", "done", "{item}"),
    ],
    ids=["profile", "stories", "ticks"],
)
def test_a_refused_save_is_one_line_and_exit_1(
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    code: int,
    words: str,
    kind: type[Exception],
) -> None:
    from supportprep.packs.loader import load_content

    item = next(iter(load_content().checklist_items()))[1].id

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = cli(*(part.format(item=item) for part in command))
    assert result.code == 1, result.err
    assert one_line(result.err) and words in result.err
    assert "internal error" not in result.err


def test_a_home_that_is_a_file_is_bad_input(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home-file"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SUPPORTPREP_HOME", str(home))
    for command in (
        ("profile", "set", "--company", "Acme"),
        ("stories", "add", *STORY),
        ("history",),
        ("progress",),
        (),
    ):
        result = cli(*command)
        assert result.code == 2, (command, result.err)
        assert one_line(result.err) and "is a file" in result.err
    assert home.read_text(encoding="utf-8") == "not a folder"
    assert isinstance(
        refused(home / "x", "save", NotADirectoryError(errno.ENOTDIR, "x")), HomeNotAFolder
    )


def test_an_immutable_file_is_refused_in_one_line(isolated_home: Path, cli: Cli) -> None:
    path = save_profile(Profile(company="Acme"))
    if (
        shutil.which("chattr") is None
        or subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode
    ):
        pytest.skip("chattr +i is not available here")
    try:
        result = cli("profile", "set", "--company", "Other")
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)
    assert result.code == 1 and one_line(result.err), result.err
    assert "permission denied" in result.err
    assert load_profile() == Profile(company="Acme")


# --- a read-only home -------------------------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` truly read-only: a read-only mount when we may mount (root), else
    permissions (which bind everyone but root)."""
    copy = folder.with_name(folder.name + "-copy")
    shutil.copytree(folder, copy)
    mounted = False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "tmpfs", str(folder)], capture_output=True, check=False
            ).returncode
            == 0
        )
        if mounted:
            shutil.copytree(copy, folder, dirs_exist_ok=True)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    if not mounted:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        probe = folder / ".probe"
        try:
            probe.write_text("x")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("cannot make a folder read-only here")
        yield
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)
        else:
            for path in [folder, *folder.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and mounts")
def test_reading_commands_work_on_a_read_only_home(isolated_home: Path, cli: Cli) -> None:
    save(make_attempt(), make_attempt("tiny-two", days_ago=1))
    save_profile(Profile(company="Acme"))
    with read_only(isolated_home):
        for command in (("history",), ("progress",), ("export", "--format", "json")):
            result = cli(
                "--pack", str(Path(__file__).parent.parent / "fixtures" / "tiny-pack"), *command
            )
            assert result.code == 0, (command, result.err)
        exported = cli("export", "--format", "json")
        assert len(json.loads(exported.out)) == 2
        refused = cli("profile", "set", "--company", "Other")
        assert refused.code == 1 and one_line(refused.err) and "read-only" in refused.err
        stories = cli("stories", "add", *STORY)
        assert stories.code == 1 and one_line(stories.err)
        with pytest.raises(ReadOnlyStorage), history.open_history() as store:
            store.save(make_attempt("tiny-three"))
    assert load_profile() == Profile(company="Acme")
    assert load_stories() == []


# --- the history database ---------------------------------------------------------------------


def test_disk_full_in_the_history_is_not_called_damage(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"
    monkeypatch.setattr(history, "_disk_full", lambda path: True)
    error = history._translate(isolated_home / "history.sqlite3", exc)
    assert isinstance(error, DiskFull) and "disk is full" in str(error)
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"
    assert isinstance(history._translate(isolated_home / "h", full), DiskFull)


@pytest.mark.parametrize("page", [1, 5], ids=["schema page", "data page"])
def test_a_damaged_history_is_left_byte_for_byte(isolated_home: Path, cli: Cli, page: int) -> None:
    path = history.history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)  # a rollback-journal database, as another tool might leave it
    for migration in history.MIGRATIONS:
        for statement in migration:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {history.SCHEMA_VERSION}")
    conn.executemany(
        "INSERT INTO attempts (id, scenario_id, stage, mode, started_at, finished_at, record) "
        "VALUES (?, 's', 'st', 'drill', '2026', '2026', ?)",
        [(f"a{i}", "x" * 500) for i in range(100)],
    )
    conn.commit()
    conn.close()
    size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (page - 1) * size + (100 if page == 1 else 0) + 8
    data[start : start + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    result = cli("history")
    assert result.code == 2 and one_line(result.err) and "untouched" in result.err
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()


def test_another_applications_database_is_refused_and_not_changed(
    isolated_home: Path, cli: Cli
) -> None:
    path = history.history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('mine')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for command in (("history",), ("progress",)):
        result = cli(*command)
        assert result.code == 2 and one_line(result.err), result.err
        assert "not a supportprep history" in result.err
    assert path.read_bytes() == before
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("notes",)]
