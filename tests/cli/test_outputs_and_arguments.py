"""Output files the user names, and arguments a user gets wrong.

Outputs (``checklist --ics``, ``export -o``, ``packs schema -o``; ``mock --report`` in
tests/e2e/test_mock_report_terminal.py): an existing file is replaced only with ``--force`` (or a
yes on a terminal), a missing folder is an error and is not created, a symlink stays a link, a
new file gets what the umask allows, and a folder that cannot be written is found before any work.

Arguments: every mistake is one line and exit 2, every refusal one line and exit 1, never an
internal error (70).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.cli.test_history_cli import make_attempt, save
from tests.conftest import TINY_PACK, Cli
from tests.unit.test_store_refusals import read_only

TINY = ("--no-bundled", "--pack", str(TINY_PACK))


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.startswith("supportprep: ")


def ics(path: Path, *more: str) -> tuple[str, ...]:
    return (*TINY, "checklist", "--role", "support-manager", "--interview-date", "+20",
            "--ics", str(path), *more)  # fmt: skip


def export(path: Path, *more: str) -> tuple[str, ...]:
    return ("export", "--format", "csv", "-o", str(path), *more)


Command = Callable[..., tuple[str, ...]]
OUTPUTS: list[Command] = [ics, export]


@pytest.fixture(autouse=True)
def one_attempt() -> None:
    save(make_attempt())


@pytest.mark.parametrize("command", OUTPUTS, ids=["checklist --ics", "export -o"])
def test_an_existing_output_is_kept_without_force(
    cli: Cli, tmp_path: Path, command: Command
) -> None:
    target = tmp_path / "out.file"
    target.write_text("mine\n", encoding="utf-8")
    result = cli(*command(target))
    assert result.code == 2 and one_line(result.err) and "--force" in result.err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert cli(*command(target, "--force")).code == 0
    assert target.read_text(encoding="utf-8") != "mine\n"


@pytest.mark.parametrize("command", OUTPUTS, ids=["checklist --ics", "export -o"])
def test_a_missing_folder_is_an_error_and_is_not_created(
    cli: Cli, tmp_path: Path, command: Command
) -> None:
    target = tmp_path / "no" / "such" / "out.file"
    result = cli(*command(target))
    assert result.code == 2 and one_line(result.err) and "does not exist" in result.err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", OUTPUTS, ids=["checklist --ics", "export -o"])
def test_a_symlinked_output_is_written_through_and_stays_a_link(
    cli: Cli, tmp_path: Path, command: Command
) -> None:
    real = tmp_path / "elsewhere" / "real.file"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.file"
    link.symlink_to(real)
    assert cli(*command(link)).code == 2  # a link to a file is an existing file
    assert cli(*command(link, "--force")).code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") != "old\n"
    # A dangling link is written through too, creating its target.
    real.unlink()
    assert cli(*command(link, "--force")).code == 0
    assert link.is_symlink() and real.is_file()


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("umask_027")
@pytest.mark.parametrize("command", OUTPUTS, ids=["checklist --ics", "export -o"])
def test_a_new_output_honours_the_umask(cli: Cli, tmp_path: Path, command: Command) -> None:
    target = tmp_path / "new.file"
    assert cli(*command(target)).code == 0
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and mounts")
@pytest.mark.parametrize("command", OUTPUTS, ids=["checklist --ics", "export -o"])
def test_a_folder_that_cannot_be_written_is_one_line_and_exit_1(
    cli: Cli, tmp_path: Path, command: Command
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        result = cli(*command(folder / "out.file"))
    assert result.code == 1 and one_line(result.err), result.err
    assert result.out == ""  # refused before any work was printed


def test_packs_schema_output_keeps_existing_schemas_without_force(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    assert cli("packs", "schema", "-o", str(folder)).code == 0
    mine = folder / "pack-content.schema.json"
    mine.write_text("{}\n", encoding="utf-8")
    result = cli("packs", "schema", "-o", str(folder))
    assert result.code == 2 and one_line(result.err)
    assert mine.read_text(encoding="utf-8") == "{}\n"
    assert cli("packs", "schema", "-o", str(folder), "--force").code == 0
    missing = cli("packs", "schema", "-o", str(tmp_path / "no" / "schema"))
    assert missing.code == 2 and not (tmp_path / "no").exists()
    new = cli("packs", "new", str(tmp_path / "no" / "pack"))
    assert new.code == 2 and not (tmp_path / "no").exists()


# --- arguments --------------------------------------------------------------------------------

ANSWER = str(Path(__file__).resolve().parents[2] / "README.md")  # any real text will do
DRILL = (*TINY, "drill", "-s", "tiny-outage", "--answer-file")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("checklist", "--interview-date", "+999999999"), "--interview-date"),
        (("checklist", "--interview-date", "+" + "9" * 5000), "--interview-date"),
        (("checklist", "--interview-date", "9999-12-31", "--ics", "x.ics"), "--interview-date"),
        (("profile", "set", "--interview-date", "+999999999"), "--interview-date"),
        ((*DRILL, ANSWER, "--scores", "3,3", "--red-flags", "²"), "--red-flags"),
        ((*DRILL, ANSWER, "--scores", "3,3", "--red-flags", "1,٣"), "--red-flags"),
        ((*DRILL, ANSWER, "--scores", "3,3", "--duration", "inf"), "--duration"),
        ((*DRILL, ANSWER, "--scores", "3,3", "--duration", "nan"), "--duration"),
        ((*DRILL, ANSWER, "--scores", "3,3", "--duration", "1e308"), "--duration"),
        ((*DRILL, ANSWER, "--scores", "3,3", "--duration", "-1"), "--duration"),
        ((*DRILL, "/dev/zero", "--scores", "3,3"), "--answer-file"),
        (("history", "--limit", "1" * 31), "--limit"),
        (("history", "--limit", "abc"), "--limit"),
        (("drill", "--no-such-option"), "--no-such-option"),
        (("no-such-command",), "no-such-command"),
        (("packs", "validate", "\x00"), "NUL"),  # found by the property test
    ],
    ids=lambda value: " ".join(value)[-50:] if isinstance(value, tuple) else value,
)
def test_user_mistakes_are_one_line_and_exit_2(
    cli: Cli, args: tuple[str, ...], fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.code == 2, result.err
    assert one_line(result.err) and fragment in result.err, result.err
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize("args", [("analyze", "-s", "tiny-outage", "--answer-file", ANSWER)])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308"])
def test_analyze_json_never_prints_invalid_json(
    cli: Cli, args: tuple[str, ...], value: str
) -> None:
    result = cli(*TINY, *args, "--duration", value, "--json")
    assert result.code == 2 and one_line(result.err)
    assert result.out == ""


def test_history_since_the_first_day_works_east_of_utc(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        result = cli("history", "--since", "0001-01-01", "--json")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert result.code == 0, result.err
    assert len(json.loads(result.out)) == 1


def test_invalid_utf8_on_stdin_keeps_the_attempt_and_says_so(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"I reproduce it first \xff\xfe then update.\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    result = cli(*DRILL, "-", "--scores", "3,3", "--json")
    assert result.code == 2 and one_line(result.err) and "kept" in result.err
    history = cli("history", "--json")
    answers = [a["answer"] for a in json.loads(history.out)]
    assert "I reproduce it first \ufffd\ufffd then update.\n" in answers
