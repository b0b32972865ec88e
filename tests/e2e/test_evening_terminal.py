"""One evening in a real terminal: size tonight, look back at the last attempt, tick an item."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from supportprep.packs.content import Content
from supportprep.store.attempt import Attempt, CriterionScore
from supportprep.store.history import open_history
from supportprep.store.profile import Profile, save_profile
from tests.conftest import make_attempt
from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.e2e

ENTER = "\r"
SCENARIO = "lt-macro-deletion-promise-privacy"


def _attempt(content: Content, days_ago: int, score: float, level: int, answer: str) -> Attempt:
    return make_attempt(
        SCENARIO,
        content=content,
        score=score,
        when=datetime.now(UTC) - timedelta(days=days_ago),
        answer=answer,
        skills={"troubleshooting": score},
        criteria=[
            CriterionScore(
                id="reproduce",
                name="Reproduce first",
                skill="troubleshooting",
                weight=1,
                level=level,
            )
        ],
    )


def test_an_evening_today_review_and_a_tick(isolated_home: Path, bundled: Content) -> None:
    save_profile(
        Profile(
            role="customer-operations-manager", interview_date=date.today() + timedelta(days=10)
        )
    )
    with open_history() as history:
        history.save_many(
            [
                _attempt(bundled, 4, 45.0, 2, "I would apologise and wait."),
                _attempt(bundled, 1, 70.0, 3, "Reproduce it, stop the macro, then tell them."),
            ]
        )

    # Tonight, 45 minutes: the proposal, step by step with minutes, then "go" declined.
    term = Terminal(isolated_home, "today", "--minutes", "45", tiny=False, rows=50, cols=100)
    found = term.wait_for(r"Tonight: (\d+) of 45 min · interview in 10 days")
    assert 0 < int(found.group(1)) <= 45
    term.wait_for(r"1\.\s+\d+ min\s+(review|drill):")
    term.wait_for(r"Go\?")
    screen = term.text()
    steps = re.findall(r"^\s*\d\.\s+(\d+) min", screen, flags=re.M)
    assert steps and sum(int(m) for m in steps) == int(found.group(1))
    term.send("n" + ENTER)
    assert term.exit_status() == 0

    # The last attempt against the earlier one.
    term = Terminal(isolated_home, "history", "compare", "last", tiny=False, rows=50, cols=100)
    term.wait_for("What changed since last time")
    term.wait_for(r"Score\s+45\s+70\s+\+25")
    term.wait_for(r"Reproduce first\s+2\s+3\s+\+1")
    assert term.exit_status() == 0

    # Tick the first checklist step of tonight; it leaves tonight's list and counts as done.
    item = next(s["item_id"] for s in _tonight(isolated_home)["steps"] if s["item_id"])
    term = Terminal(isolated_home, "checklist", "done", item, tiny=False)
    term.wait_for(f"ticked {re.escape(item)}")
    assert term.exit_status() == 0
    after = _tonight(isolated_home)
    assert item not in {s["item_id"] for s in [*after["steps"], *after["left_out"]]}
    ticks = json.loads((isolated_home / "checklist.json").read_text())
    assert item in ticks["done"]


def _tonight(home: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "supportprep", "today", "--minutes", "45", "--json"],
        env={**os.environ, "SUPPORTPREP_HOME": str(home)},
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data
