"""The answer box in a real terminal at 80x24: word wrap, the live word count, F2 for the
scenario, the empty-answer check, and --time (a custom clock, and off).

pexpect drives a pseudo-terminal and pyte renders the screen; the logic is tested in-process
in tests/unit/test_drill_time.py.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, history_json

pytestmark = pytest.mark.e2e

F2 = "\x1bOQ"  # what xterm sends for F2


def _type(term: Terminal, text: str) -> None:
    """Key by key at a quick typist's pace, not in one write as a paste arrives."""
    for char in text:
        term.child.send(char)
        time.sleep(0.07)
    term.pump(0.2)


def test_a_long_answer_wraps_between_words_counts_them_and_f2_shows_the_scenario(
    tmp_path: Path,
) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage", rows=24, cols=80)
    term.wait_for("Login outage")
    term.wait_for(r"\d:\d\d left")
    # 74 columns of short words, then a long one that would be cut at column 78 ("> " is 2):
    # split as "repr" / "oducibility" by character wrapping.
    answer = "a " * 37 + "reproducibility matters: we verify the fix before telling customers"
    term.send(answer)
    term.wait_for("46 words")  # in the toolbar, beside the clock
    term.wait_for(r"(?m)^… reproducibility matters")  # moved whole to the next row
    assert not re.search(r"(?m)repr$", term.text())
    assert "F2 scenario" in term.text()
    shown_before = term.transcript.count(b"On the table")
    term.send(F2)
    deadline = time.monotonic() + 10
    while term.transcript.count(b"On the table") == shown_before and time.monotonic() < deadline:
        term.pump(0.2)
    assert term.transcript.count(b"On the table") == shown_before + 1
    # Drawn above the answer box, which comes back below it with the clock still running.
    term.wait_for(r"(?s)On the table.*> a a a.*\d:\d\d left")
    term.wait_for(r"(?m)^… reproducibility matters")  # the text typed so far is still there
    term.ctrl("d")
    term.wait_for("Time used")
    term.wait_for("Why not roll back")
    term.wait_for(r"\d:\d\d left")
    term.send("Because a rollback hides the cause.")
    term.ctrl("d")
    term.wait_for("One more follow-up")
    term.send("\r")  # No
    # All of it arrived in one burst each time (pasted, as pexpect writes it): no pace.
    term.wait_for(r"What your answer shows")
    term.wait_for(r"\d+ words")
    assert "words a minute" not in term.text()
    term.wait_for("Criterion 1 of 2")
    term.ctrl("c")  # stopped while scoring, with the answers written: asked to keep them
    term.wait_for("Keep it")
    term.send("\r")
    assert term.exit_status() == 1
    [attempt] = history_json(tmp_path)
    assert attempt["answer"] == answer  # the padding that moved words is only drawn


def test_time_sets_the_clock_and_ctrl_c_on_nothing_discards(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage", "--time", "45s")
    term.wait_for("0:45 to answer")
    left = term.wait_for(r"(\d):(\d\d) left")
    assert int(left.group(1)) * 60 + int(left.group(2)) <= 45
    term.ctrl("c")
    term.wait_for("attempt discarded")
    assert "Keep it" not in term.text()
    assert term.exit_status() == 1
    assert history_json(tmp_path) == []


def test_untimed_asks_before_an_empty_answer_and_records_no_overtime(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage", "--time", "off")
    term.wait_for("untimed")  # the scenario panel says so
    term.wait_for(r"\d:\d\d untimed")  # the toolbar counts up, no countdown
    term.ctrl("d")
    term.wait_for(r"Submit an empty answer\?")
    term.send("\r")  # No (the default): back to the box
    term.wait_for(r"\d:\d\d untimed")
    _type(term, "I reproduce it first.")
    term.ctrl("d")
    term.wait_for(r"Time taken \d:\d\d \(untimed\)")
    term.wait_for("Why not roll back")
    term.wait_for(r"\d:\d\d untimed")
    _type(term, "It hides the cause.")
    term.ctrl("d")
    term.wait_for("One more follow-up")
    term.send("\r")  # No
    term.wait_for(r"\d+ words, \d+ words a minute")  # typed key by key: a live pace
    term.wait_for("Criterion 1 of 2")
    term.ctrl("c")
    term.wait_for("Keep it")
    term.send("\r")
    assert term.exit_status() == 1
    [attempt] = history_json(tmp_path)
    assert attempt["timing"] == "untimed" and attempt["overtime_seconds"] == 0
    assert attempt["answer"] == "I reproduce it first."
    assert attempt["follow_ups"][0]["overtime_seconds"] == 0  # type: ignore[index]
