"""Signals in a real terminal: closing the terminal (SIGHUP) or a SIGTERM in the middle of a drill
or a mock keeps what was typed, as Ctrl-C does; Ctrl-C in a follow-up keeps its text; Ctrl-Z
suspends to the shell and the drill carries on after ``fg``; one Ctrl-C exits 1."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.conftest import TINY_PACK
from tests.e2e.terminal import Terminal, history_json
from tests.e2e.test_drill_terminal import LEFT, _seconds_left

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and job control"),
]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_while_answering_keeps_the_typed_answer(
    tmp_path: Path, signum: int, code: int
) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage")
    _seconds_left(term)
    term.send("Typed before the terminal closed")
    term.wait_for("Typed before the terminal closed")
    term.child.kill(signum)
    status = term.exit_status()
    assert status == code
    assert b"Traceback" not in term.transcript
    [attempt] = history_json(tmp_path)
    assert attempt["partial"] is True and attempt["score"] is None
    assert attempt["answer"] == "Typed before the terminal closed"


def test_closing_the_terminal_keeps_the_typed_answer(tmp_path: Path) -> None:
    """A real hang-up: the terminal goes away (SIGHUP, then every write to it fails)."""
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage")
    _seconds_left(term)
    term.send("Typed before the window was closed")
    term.wait_for("Typed before the window was closed")
    os.close(term.child.child_fd)  # the terminal emulator's side of the pty is gone
    _, status = os.waitpid(term.child.pid, 0)
    term.child.closed = True
    assert os.waitstatus_to_exitcode(status) == 129
    [attempt] = history_json(tmp_path)
    assert attempt["partial"] is True
    assert attempt["answer"] == "Typed before the window was closed"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_follow_up_keeps_its_text_too(tmp_path: Path, signum: int) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage")
    _seconds_left(term)
    term.send("The main answer")
    term.send("\x1b\r")
    term.wait_for("Why not roll back at once")
    _seconds_left(term)
    term.send("Half a follow-up")
    term.wait_for("Half a follow-up")
    term.child.kill(signum)
    assert term.exit_status() == 128 + signum
    [attempt] = history_json(tmp_path)
    assert attempt["partial"] is True and attempt["answer"] == "The main answer"
    follow_ups = attempt["follow_ups"]
    assert isinstance(follow_ups, list) and len(follow_ups) == 1
    follow_up = follow_ups[0]
    assert follow_up["answer"] == "Half a follow-up"


def test_a_signal_while_scoring_keeps_the_submitted_answer(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-refund-email")
    _seconds_left(term)
    term.send("Submitted and waiting to be scored")
    term.send("\x1b\r")
    term.wait_for("Criterion 1 of 1")
    term.child.kill(signal.SIGTERM)
    assert term.exit_status() == 143
    [attempt] = history_json(tmp_path)
    assert attempt["partial"] is True and attempt["answer"] == "Submitted and waiting to be scored"


def test_a_signal_during_a_mock_keeps_finished_stages_and_the_typed_one(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "--no-bundled", "mock", rows=60)
    term.wait_for("Start?")
    term.send("\r")
    term.wait_for("Stage 1 of 2")
    term.send("\r")
    term.wait_for(LEFT)
    term.send("Mock answer in progress")
    term.wait_for("Mock answer in progress")
    term.child.kill(signal.SIGHUP)
    assert term.exit_status() == 129
    [attempt] = history_json(tmp_path)
    assert attempt["mode"] == "mock" and attempt["partial"] is True
    assert attempt["answer"] == "Mock answer in progress"
    # The loop can be resumed at the stage the terminal closed in.
    loop = json.loads((tmp_path / "mock-loop.json").read_text(encoding="utf-8"))
    assert [s["status"] for s in loop["stages"]] == ["pending", "pending"]


def test_ctrl_c_in_a_follow_up_then_keep_keeps_the_follow_up_text(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage")
    _seconds_left(term)
    term.send("The main answer")
    term.send("\x1b\r")
    term.wait_for("Why not roll back at once")
    _seconds_left(term)
    term.send("Half a follow-up")
    term.wait_for("Half a follow-up")
    term.ctrl("c")
    term.wait_for("Keep this attempt")
    term.send("\r")
    term.wait_for("Partial attempt kept")
    assert term.exit_status() == 1  # one Ctrl-C: "you stopped", as the README says
    [attempt] = history_json(tmp_path)
    follow_ups = attempt["follow_ups"]
    assert isinstance(follow_ups, list) and len(follow_ups) == 1
    follow_up = follow_ups[0]
    assert follow_up["answer"] == "Half a follow-up"


def test_ctrl_c_at_the_scenario_chooser_exits_1(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill")
    term.wait_for("Which stage do you want to practise")
    term.ctrl("c")
    assert term.exit_status() == 1
    assert b"Traceback" not in term.transcript


def test_ctrl_z_suspends_to_the_shell_and_fg_resumes_the_drill(tmp_path: Path) -> None:
    """Under a job-control shell, as a user runs it: Ctrl-Z stops the drill (the shell says
    so), ``fg`` brings it back with what was typed, and no ^Z lands in the answer."""
    command = f"{sys.executable} -m supportprep --pack {TINY_PACK} drill --scenario tiny-outage"
    term = Terminal(tmp_path, shell=True)
    term.send(command + "\r")
    _seconds_left(term)
    term.send("Before the pause")
    term.wait_for("Before the pause")
    term.ctrl("z")
    term.wait_for(r"Stopped")
    term.send("fg\r")
    term.wait_for(LEFT)
    term.send(" and after it")
    term.wait_for("and after it")
    term.ctrl("c")
    term.wait_for("Keep this attempt")
    term.send("\r")
    term.wait_for("Partial attempt kept")
    term.send("echo EXITED=$?\r")  # fg passes on the drill's exit status
    term.wait_for(r"EXITED=1\b")
    term.child.close(force=True)
    [attempt] = history_json(tmp_path)
    assert attempt["answer"] == "Before the pause and after it"
