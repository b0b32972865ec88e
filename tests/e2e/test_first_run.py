"""The first run in a real terminal: four questions, a saved profile, then the home screen."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.e2e


def test_first_run_sets_up_the_profile_then_shows_home(tmp_path: Path) -> None:
    term = Terminal(tmp_path, rows=40, cols=80, tiny=False)
    term.wait_for("Welcome to supportprep")
    term.wait_for("Which role are you interviewing for")
    term.send("\x1b[B")  # arrow down: the second role
    term.send("\r")
    term.wait_for("In which industry")
    term.send("\r")  # the first industry
    term.wait_for("What does the posting really mean")
    term.send("\x1b[A")  # arrow up from the first: wraps to "skip for now"
    term.send("\r")
    term.wait_for("Interview date")
    term.send("+10\r")
    term.wait_for("Start your first drill now")
    term.send("n")
    term.wait_for(r"Interview \d{4}-\d{2}-\d{2}, in 10 days")
    term.wait_for("Next drill")
    assert term.exit_status() == 0

    profile = json.loads((tmp_path / "profile.json").read_text())
    assert profile["interview_date"] == (date.today() + timedelta(days=10)).isoformat()
    assert profile["role"] and profile["industry"]
    assert "variant" not in profile  # skipped


def test_skipping_every_question_is_remembered(tmp_path: Path) -> None:
    term = Terminal(tmp_path, rows=40, cols=80, tiny=False)
    for question in ("Which role", "In which industry", "What does the posting really mean"):
        term.wait_for(question)
        term.send("\x1b[A")  # up from the first choice wraps to "skip for now"
        term.send("\r")
    term.wait_for("Interview date")
    term.send("\r")
    term.wait_for("these questions will not come back")
    term.wait_for("Start your first drill now")
    term.send("n")
    term.wait_for("no profile set")
    assert "Saved your profile" not in term.text()
    assert term.exit_status() == 0
    again = Terminal(tmp_path, rows=40, cols=80, tiny=False)
    again.wait_for("no profile set")
    assert again.exit_status() == 0
    assert "Welcome" not in again.text()
