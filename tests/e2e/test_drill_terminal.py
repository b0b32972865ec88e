"""Real-terminal runs of the drill, as a user would see them.

pexpect drives a pseudo-terminal and pyte renders the screen; the flow's logic is tested
in-process in tests/unit/test_session.py. Kept few and end to end.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, history_json

pytestmark = pytest.mark.e2e

LEFT = r"(\d+):(\d\d) left"


def _seconds_left(term: Terminal) -> int:
    match = term.wait_for(LEFT)
    return int(match.group(1)) * 60 + int(match.group(2))


def test_a_full_drill_in_a_real_terminal(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage")
    term.wait_for("Login outage")  # the scenario panel
    first = _seconds_left(term)
    assert 100 <= first <= 120
    term.send("First I reproduce it on a test account, then I post a status update by 10:30.")
    # The toolbar keeps redrawing while the user types: the countdown is seen moving.
    deadline = time.monotonic() + 6
    later = first
    while later > first - 2 and time.monotonic() < deadline:
        term.pump(0.2)
        later = _seconds_left(term)
    assert later <= first - 2, (first, later)
    assert "reproduce it on a test account" in term.text()
    term.send("\x1b\r")  # Esc, Enter: submit the answer
    term.wait_for("Time used")
    term.wait_for("Why not roll back at once")
    # Type once its prompt is up: keys sent before that reach a terminal still in line mode,
    # where Ctrl-D is the terminal's own end-of-line, not the prompt's "submit".
    _seconds_left(term)
    term.send("Because a rollback hides the cause; I verify first.")
    term.ctrl("d")  # Ctrl-D also submits
    term.wait_for("What your answer shows")
    term.wait_for("Criterion 1 of 2")
    term.send("3")
    term.send("\r")
    term.wait_for("Criterion 2 of 2")
    term.send("2")
    term.send("\r")
    term.wait_for("Red flags")
    term.send("\r")
    score = float(term.wait_for(r"(\d+)/100").group(1))
    term.wait_for("Saved to your history")
    assert term.exit_status() == 0

    [attempt] = history_json(tmp_path)
    assert attempt["scenario_id"] == "tiny-outage"
    assert attempt["score"] == pytest.approx(score, abs=0.5)
    assert attempt["partial"] is False
    assert "reproduce it on a test account" in str(attempt["answer"])
    assert float(str(attempt["duration_seconds"])) >= 2


def test_the_stage_reflection_comes_after_scoring_and_is_kept(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-refund-email")
    _seconds_left(term)
    term.send("Dear Sam, we cannot refund this order, and here is why.")
    term.send("\x1b\r")
    term.wait_for("Criterion 1 of 1")
    term.send("3")
    term.send("\r")
    term.wait_for("Red flags")
    term.send("\r")
    term.wait_for("least like to hear")  # the reflection, with no clock
    term.wait_for("No clock")
    term.send("Why not a partial refund? Because the plan terms say so.")
    term.wait_for("partial refund")
    term.ctrl("d")
    term.wait_for("Kept with this attempt")
    term.wait_for("Saved to your history")
    assert term.exit_status() == 0
    [attempt] = history_json(tmp_path)
    assert attempt["reflection"] == {
        "question": "Which follow-up question would you least like to hear about this email?",
        "answer": "Why not a partial refund? Because the plan terms say so.",
    }


def test_ctrl_c_asks_then_keeps_a_partial_attempt(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage")
    _seconds_left(term)
    term.send("Half an answer about the login")
    term.wait_for("Half an answer about the login")
    term.ctrl("c")
    term.wait_for("Keep this attempt")
    term.send("\r")  # the first choice: keep it
    term.wait_for("Partial attempt kept")
    assert term.exit_status() == 1
    [attempt] = history_json(tmp_path)
    assert attempt["partial"] is True and attempt["score"] is None
    assert attempt["answer"] == "Half an answer about the login"


def test_a_second_ctrl_c_ends_the_program_without_writing(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage")
    _seconds_left(term)
    term.send("Something")
    term.wait_for("Something")
    term.ctrl("c")
    term.wait_for("Keep this attempt")
    term.ctrl("c")
    assert term.exit_status() == 130
    assert b"Traceback" not in term.transcript
    assert history_json(tmp_path) == []


def test_drill_json_redirected_shows_the_drill_and_writes_only_json(tmp_path: Path) -> None:
    """`drill --json > out.json` in a terminal: the drill is drawn on the terminal (stderr), and
    the file holds the result alone, as a script reading it expects."""
    from tests.conftest import TINY_PACK

    result = tmp_path / "out.json"
    command = (
        f"{sys.executable} -m supportprep --pack {TINY_PACK} drill --scenario tiny-outage "
        f"--json > {result}"
    )
    term = Terminal(tmp_path, shell=True)
    term.send(command + "\r")
    term.wait_for("Login outage")
    _seconds_left(term)
    term.send("First I reproduce it on a test account, then I post a status update by 10:30.")
    term.send("\x1b\r")
    term.wait_for("Why not roll back at once")
    _seconds_left(term)
    term.send("Because a rollback hides the cause; I verify first.")
    term.ctrl("d")
    term.wait_for("Criterion 1 of 2")
    term.send("3\r")
    term.wait_for("Criterion 2 of 2")
    term.send("2\r")
    term.wait_for("Red flags")
    term.send("\r")
    term.send("exit\r")
    term.exit_status()
    data = json.loads(result.read_text(encoding="utf-8"))
    assert data["scenario"] == "tiny-outage" and data["saved"] is True
    assert data["levels"] == {"reproduce": 3, "update": 2}
    # The drill itself was drawn on the terminal, not into the file.
    assert b"Login outage" in term.transcript
