"""``supportprep grade`` in a real terminal: the example answer with its level hidden, the
rubric to grade it on, then the reveal. The logic is tested in-process in
tests/unit/test_calibration.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TINY_PACK
from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.e2e


def test_grading_an_example_answer_in_a_real_terminal(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "grade", "--example", "tiny-outage-strong")
    term.wait_for("Example 1 of 1")
    term.wait_for("its level is hidden")
    term.wait_for("reproduce the login failure on a test tenant")
    assert "Intended" not in term.text()  # nothing gives the level away before grading
    term.wait_for("Criterion 1 of 2")
    term.send("2")
    term.send("\r")
    term.wait_for("Criterion 2 of 2")
    term.send("3")
    term.send("\r")
    term.wait_for(r"Intended: level 4 \(1 of 2 criteria matched\)")
    term.wait_for("the update has no owner named")
    term.wait_for("1 example graded")
    assert term.exit_status() == 0
    assert b"Traceback" not in term.transcript

    env = {**os.environ, "SUPPORTPREP_HOME": str(tmp_path)}
    shown = subprocess.run(
        [sys.executable, "-m", "supportprep", "--pack", str(TINY_PACK), "progress", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    criteria = json.loads(shown.stdout)["calibration"]["criteria"]
    gaps = {c["criterion"]: c["examples"]["gaps"] for c in criteria}
    assert gaps == {"reproduce": [-2], "update": [0]}


def test_while_scoring_a_drill_e_shows_an_example_at_each_level(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "drill", "--scenario", "tiny-outage")
    term.wait_for(r"\d+:\d\d left")
    term.send("I reproduce it first, then post an update by 10:30.")
    term.send("\x1b\r")
    term.wait_for("Why not roll back at once")
    term.wait_for(r"\d+:\d\d left")
    term.send("A rollback hides the cause.")
    term.send("\x1b\r")
    # The probe offer main added after the last follow-up (issue 17): decline it.
    term.wait_for("One more follow-up")
    term.send("\r")
    term.wait_for("Criterion 1 of 2")
    term.wait_for("show an example of each level")
    term.send("e")
    term.send("\r")
    term.wait_for("Example answers by level")
    term.wait_for("restart the login service")  # the level-1 answer
    term.send("3")
    term.send("\r")
    term.wait_for("Criterion 2 of 2")
    term.send("2")
    term.send("\r")
    term.wait_for("Red flags")
    term.send("\r")
    term.wait_for("What a 4 looked like")
    assert term.exit_status() == 0
