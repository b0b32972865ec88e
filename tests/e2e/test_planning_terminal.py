"""The questionary prompts of stories, checklist and profile, in a real terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from supportprep.planning.stories import FIELD_PROMPTS
from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.e2e

SPACE, DOWN, ENTER = " ", "\x1b[B", "\r"


def test_stories_add_asks_each_part_then_saves(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "stories", "add", tiny=False, rows=40, cols=100)
    answers = {
        "title": "Reopen rate cut",
        "situation": "Reopens at 14% on billing tickets",
        "task": "Bring reopens down before renewal season",
        "action": "I rewrote 12 macros and audited 50 tickets",
        "result": "Reopens fell to 6% in six weeks",
        "metric": "reopen rate 14% to 6%",
    }
    for field, text in answers.items():
        term.wait_for(re.escape(FIELD_PROMPTS[field].split(":")[0]))
        term.send(text + ENTER)
    term.wait_for("Skills this story proves")
    term.send(SPACE + ENTER)  # the first skill
    term.wait_for("Questions this story answers")
    term.send(DOWN + SPACE + ENTER)  # the second slot
    assert term.exit_status() == 0
    [story] = json.loads((tmp_path / "stories.json").read_text())["stories"]
    assert story["title"] == "Reopen rate cut" and story["metric"] == "reopen rate 14% to 6%"
    assert len(story["skills"]) == 1 and len(story["slots"]) == 1


def test_checklist_tick_persists(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "checklist", "tick", tiny=False, rows=40, cols=100)
    term.wait_for("○")
    term.send(SPACE + DOWN + SPACE + ENTER)  # tick the first two items
    term.wait_for(r"saved: 2 of \d+ done")
    assert term.exit_status() == 0
    ticks = json.loads((tmp_path / "checklist.json").read_text())
    assert len(ticks["done"]) == 2


def test_profile_asks_each_field_and_saves(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "profile", tiny=False, rows=40, cols=100)
    term.wait_for("Target role")
    term.send(DOWN + ENTER)  # below "(not set)": the first role
    term.wait_for(r"What the role really is")
    term.send(ENTER)  # left unset
    term.wait_for("Industry")
    term.send(DOWN + DOWN + ENTER)
    term.wait_for("Seniority")
    term.send(ENTER)
    term.wait_for("Interview date")
    term.send("yesterday" + ENTER)  # refused in place, with the reason
    term.wait_for("cannot read 'yesterday' as a date")
    term.send("\x15" + "+20" + ENTER)  # Ctrl-U clears the line
    term.wait_for("Company")
    term.send("Acme" + ENTER)
    term.wait_for("saved")
    assert term.exit_status() == 0
    profile = json.loads((tmp_path / "profile.json").read_text())
    assert profile["role"] and profile["industry"] and "variant" not in profile
    assert profile["company"] == "Acme" and profile["interview_date"]
