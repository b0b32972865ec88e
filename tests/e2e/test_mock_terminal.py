"""A whole mock loop in a real terminal: its time before it starts, pause screens, each stage
timed and scored, a debrief with a verdict; Ctrl-C in a stage to skip it; ending a loop and
resuming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.e2e


def _answer_and_score(term: Terminal, levels: list[str], follow_up: str | None = None) -> None:
    term.wait_for(r"\d+:\d\d left")
    term.send("I reproduce it first, then I post an update by 10:30 and verify it.")
    term.send("\x1b\r")
    if follow_up is not None:
        term.wait_for(follow_up)
        term.send("It hides the cause.")
        term.ctrl("d")
    for number, level in enumerate(levels, start=1):
        term.wait_for(f"Criterion {number} of {len(levels)}")
        term.send(level)
        term.send("\r")
    term.wait_for("Red flags")
    term.send("\r")


def test_a_mock_loop_in_a_real_terminal(tmp_path: Path) -> None:
    report = tmp_path / "debrief.md"
    term = Terminal(tmp_path, "--no-bundled", "mock", "--report", str(report), rows=60)
    term.wait_for("Mock loop: 2 stages back to back")
    term.wait_for(r"Total about \d+ min")
    term.wait_for("Start?")
    term.send("\r")
    term.wait_for("Stage 1 of 2: Triage")
    term.send("\r")
    # The loop is planned as `next` ranks it: the easier of the two triage scenarios first.
    term.wait_for("Login outage")
    _answer_and_score(term, ["4", "2"], "Why not roll back at once")
    term.wait_for("Stage 2 of 2: Writing")  # the pause screen, after stage 1's result
    term.send("\r")
    term.wait_for("Refund refusal email")
    _answer_and_score(term, ["3"])
    term.wait_for("Mock loop debrief")
    term.wait_for("Verdict: Likely hire")  # 83 and 67: averages 75, no stage under 50
    term.wait_for("Cost most: Writing")  # 67: 3 under the bar
    term.wait_for("Debrief written to")
    assert term.exit_status() == 0
    markdown = report.read_text()
    assert markdown.startswith("# Mock loop debrief")
    assert "| Triage |" in markdown and "| Writing |" in markdown
    assert "**Verdict:**" in markdown
    assert not (tmp_path / "mock-loop.json").exists()  # a finished loop leaves nothing to resume


def _start(term: Terminal) -> None:
    term.wait_for("Start?")
    term.send("\r")


def test_ctrl_c_in_a_stage_skips_it_and_the_loop_goes_on_to_its_verdict(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "--no-bundled", "mock", rows=60)
    _start(term)
    term.wait_for("Stage 1 of 2: Triage")
    term.send("\r")
    term.wait_for(r"\d+:\d\d left")
    term.send("Half an answer")
    term.wait_for("Half an answer")
    term.ctrl("c")
    term.wait_for("What now")
    term.wait_for(r"Skip this stage, go on to stage 2 of 2 \(counts as 0\)")
    term.wait_for("Keep what you typed as partial, go on to stage 2 of 2")
    term.wait_for(r"End the loop here, keeping what you typed \(mock --resume later\)")
    term.send("\r")  # the first choice: skip
    term.wait_for("Stage 2 of 2: Writing")
    term.send("\r")
    term.wait_for("Refund refusal email")
    _answer_and_score(term, ["4"])
    term.wait_for("Mock loop debrief")
    term.wait_for("skipped")
    term.wait_for("Verdict: Borderline")  # 0 and 100: one stage under 50
    term.wait_for(r"Cost most: Triage")
    assert term.exit_status() == 0
    assert b"Traceback" not in term.transcript


def test_a_loop_ended_in_stage_2_resumes_there(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "--no-bundled", "mock", rows=60)
    _start(term)
    term.wait_for("Stage 1 of 2: Triage")
    term.send("\r")
    term.wait_for("Login outage")
    _answer_and_score(term, ["4", "4"], "Why not roll back at once")
    term.wait_for("Stage 2 of 2: Writing")
    term.ctrl("c")  # at the pause screen: nothing typed, so no "keep"
    term.wait_for("What now")
    term.send("\x1b[B")  # down to "End the loop here"
    term.send("\r")
    term.wait_for("No verdict yet")
    assert term.exit_status() == 1
    state = json.loads((tmp_path / "mock-loop.json").read_text(encoding="utf-8"))
    assert [s["status"] for s in state["stages"]] == ["scored", "pending"]

    term = Terminal(tmp_path, "--no-bundled", "mock", "--resume", rows=60)
    term.wait_for("Resuming the mock loop from")
    term.wait_for("1 stage of 2 left")
    _start(term)
    term.wait_for("Stage 2 of 2: Writing")
    term.send("\r")
    term.wait_for("Refund refusal email")
    _answer_and_score(term, ["4"])
    term.wait_for("Verdict: Likely hire")  # both stages, the first from before the break
    assert term.exit_status() == 0
    assert not (tmp_path / "mock-loop.json").exists()
    history = _sessions(tmp_path)
    assert len(history) == 1  # both stages in one loop session


def _sessions(home: Path) -> set[str]:
    import sqlite3

    with sqlite3.connect(home / "history.sqlite3") as conn:
        return {row[0] for row in conn.execute("SELECT session_id FROM attempts")}
