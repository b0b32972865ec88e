"""Property: whatever a pack, a profile, a story bank, a ticks file or an argument holds, a command
ends with exit 0, 1 or 2, says what went wrong in one line (a pack's problems: one line each,
then their count), writes nothing it was not asked to, and does not hang.

Hypothesis starts from a valid home (the tiny pack, a profile, a story, a tick, an attempt),
damages one file or one argument, and runs one command in-process. The examples are bounded so
the test runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TINY_PACK, Cli

ANSWER = Path(__file__).resolve().parents[2] / "README.md"
OUT = "out.file"  # the one file a command below is asked to write, in the working folder
OUTPUT_OPTIONS = ("--ics", "-o", "--output")
HANG_SECONDS = 20

COMMANDS: list[tuple[str, ...]] = [
    (),
    ("plan",),
    ("plan", "--format", "markdown"),
    ("checklist",),
    ("checklist", "--format", "json"),
    ("checklist", "--interview-date", "+20", "--ics", OUT),
    ("next", "--json"),
    ("history",),
    ("history", "--limit", "5", "--since", "2026-01-01"),
    ("progress", "--json"),
    ("export", "--format", "csv"),
    ("export", "--format", "json", "-o", OUT),
    ("stories", "list"),
    ("stories", "matrix", "--json"),
    ("profile", "show"),
    ("packs", "validate"),
    ("packs", "show", "--json"),
    ("analyze", "-s", "tiny-outage", "--answer-file", str(ANSWER), "--json"),
]
TARGETS = [
    "pack/pack.yaml",
    "pack/content.yaml",
    "pack/examples.yaml",
    "home/profile.json",
    "home/stories.json",
    "home/checklist.json",
]
NASTY = [
    "+999999999",
    "9999-12-31",
    "0001-01-01",
    "nan",
    "inf",
    "1e308",
    "-1",
    "²",
    "1" * 31,
    "",
    " ",
    "\x1b]52;c;eA==\x07",
    "[bold]x[/bold]",
    "\ufffd",
    "9" * 5000,
    "/dev/zero",
    "-",
    "--force",
]
TEXT = st.text(
    alphabet=st.sampled_from(list("ab :-[]{}'\"\n#&*!|>%@`,0129\t\x00\x1b\x9b\u00b2é")),
    max_size=12,
)


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, str, int, int, str]:
    """(target file, kind, position, length, text): what to do to one file."""
    target = draw(st.sampled_from(TARGETS))
    kind = draw(st.sampled_from(["replace", "delete-line", "duplicate-line", "truncate",
                                 "big-number", "fifo", "empty", "none"]))  # fmt: skip
    return target, kind, draw(st.integers(0, 10_000)), draw(st.integers(0, 40)), draw(TEXT)


def apply_damage(root: Path, plan: tuple[str, str, int, int, str]) -> None:
    target, kind, position, length, text = plan
    path = root / target
    if kind == "none":
        return
    if kind == "fifo":
        path.unlink()
        os.mkfifo(path)
        return
    data = path.read_text(encoding="utf-8")
    at = position % (len(data) + 1)
    lines = data.splitlines(keepends=True)
    line = position % max(1, len(lines))
    if kind == "replace":
        data = data[:at] + text + data[at + length :]
    elif kind == "delete-line" and lines:
        data = "".join(lines[:line] + lines[line + 1 :])
    elif kind == "duplicate-line" and lines:
        data = "".join(lines[: line + 1] + lines[line:])
    elif kind == "truncate":
        data = data[:at]
    elif kind == "big-number":
        data = data[:at] + "9" * 5000 + data[at:]
    elif kind == "empty":
        data = ""
    path.write_text(data, encoding="utf-8")


@st.composite
def arguments(draw: st.DrawFn) -> tuple[str, ...]:
    command: tuple[str, ...] = draw(st.sampled_from(COMMANDS))
    args = list(command)
    change: bool = draw(st.booleans())
    if args and change:
        value: str = draw(st.one_of(st.sampled_from(NASTY), TEXT))
        where: int = draw(st.integers(0, len(args)))
        replace: bool = draw(st.booleans())
        if where < len(args) and replace:
            args[where] = value  # a value or an option name replaced
        else:
            args.insert(where, value)
    return tuple(args)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and its bytes, but the cache (ours to rebuild) and the history database
    (SQLite may checkpoint on open); a FIFO is listed, never read."""
    files: dict[str, bytes | None] = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith("home/cache") or path.name.startswith("history.sqlite3"):
            continue
        if path.is_fifo():
            files[relative] = None
        elif path.is_file():
            files[relative] = path.read_bytes()
    return files


@contextlib.contextmanager
def no_hang(seconds: int) -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"the command did not finish in {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid home and pack, written by the program itself."""
    from supportprep.cli.app import run

    root = tmp_path_factory.mktemp("template")
    shutil.copytree(TINY_PACK, root / "pack")
    (root / "home").mkdir()
    (root / "work").mkdir()
    pack = ("--no-bundled", "--pack", str(root / "pack"))
    old = os.environ.get("SUPPORTPREP_HOME")
    os.environ["SUPPORTPREP_HOME"] = str(root / "home")
    try:
        for args in (
            ("profile", "set", "--role", "support-manager", "--interview-date", "+30"),
            (
                "stories",
                "add",
                "--title",
                "T",
                "--situation",
                "s",
                "--task",
                "t",
                "--action",
                "a",
                "--result",
                "r",
                "--slot",
                "pushback",
            ),
            ("checklist", "done", "research-postings"),
            ("drill", "-s", "tiny-outage", "--answer-file", str(ANSWER), "--scores", "3,3"),
        ):
            assert run([*pack, *args]) == 0, args
    finally:
        if old is not None:
            os.environ["SUPPORTPREP_HOME"] = old
    for lock in (root / "home").glob("*.lock"):
        lock.unlink()
    return root


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and SIGALRM")
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=damage(), args=arguments())
def test_damaged_inputs_end_cleanly_and_write_nothing_unasked(
    cli: Cli,
    template: Path,
    monkeypatch: pytest.MonkeyPatch,
    plan: tuple[str, str, int, int, str],
    args: tuple[str, ...],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(template, root, dirs_exist_ok=True)
        apply_damage(root, plan)
        monkeypatch.setenv("SUPPORTPREP_HOME", str(root / "home"))
        monkeypatch.chdir(root / "work")
        before = snapshot(root)
        with no_hang(HANG_SECONDS):
            result = cli("--no-bundled", "--pack", str(root / "pack"), *args)

        where = f"{plan} {args}: exit {result.code}\n{result.err}"
        assert result.code in (0, 1, 2), where
        assert "Traceback" not in result.err and "internal error" not in result.err, where
        if result.code != 0:
            lines = result.err.splitlines()
            assert lines and lines[-1].startswith("supportprep: "), where
            if not lines[-1].endswith("in the packs"):  # a pack's problems: one line each
                said = [line for line in lines if not line.startswith("supportprep: warning:")]
                assert len(said) == 1, where

        after = snapshot(root)
        # The file named after an output option is asked for, whatever the name became.
        named = {args[i + 1] for i, arg in enumerate(args[:-1]) if arg in OUTPUT_OPTIONS}
        asked = {os.path.normpath(f"work/{name}") for name in named} if result.code == 0 else set()
        names = before.keys() | after.keys()
        changed = {name for name in names if before.get(name, b"") != after.get(name, b"")}
        changed = {name for name in changed if not name.endswith(".lock")}  # empty lock files
        assert changed <= asked, f"{where}\nwritten without being asked: {changed - asked}"
