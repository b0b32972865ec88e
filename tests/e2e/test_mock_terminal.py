"""A whole mock loop in a real terminal: pause screens, each stage timed and scored, a debrief."""

from __future__ import annotations

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
    term.wait_for("Debrief written to")
    assert term.exit_status() == 0
    markdown = report.read_text()
    assert markdown.startswith("# Mock loop debrief")
    assert "| Triage |" in markdown and "| Writing |" in markdown
