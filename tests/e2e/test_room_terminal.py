"""A drill with an inject, a calculation and a "why?" chain, in a real terminal.

The room fixture pack (tests/fixtures/room-pack) sits on the tiny pack: its scenario's first
inject is due 3 seconds into the answer, so the test sees it arrive while text is being typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TINY_PACK
from tests.e2e.terminal import Terminal, history_json

pytestmark = pytest.mark.e2e

ROOM_PACK = TINY_PACK.parent / "room-pack"
INJECT = "The rollback failed; we are patching forward."


def _submit(term: Terminal) -> None:
    term.send("\x1b\r")  # Esc, Enter


def test_an_inject_arrives_mid_answer_without_losing_the_text(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "--pack", str(ROOM_PACK), "drill", "--scenario", "room-rollback")
    term.wait_for("Checkout errors after a deploy")
    left = term.wait_for(r"(\d):(\d\d) left")
    if int(left.group(1)) * 60 + int(left.group(2)) >= 118:
        assert INJECT not in term.text()  # not due yet: it arrives 3 seconds in
    term.send("I reproduce it first on a test account")
    term.wait_for("Engineering lead: " + INJECT, timeout=10)
    # The answer typed so far is still on screen, and typing carries on after the inject.
    assert "I reproduce it first on a test account" in term.text()
    term.send(", then plan the patch forward since the rollback failed.")
    term.wait_for("patch forward since the rollback failed")
    assert "I reproduce it first on a test account, then plan" in term.text()
    assert INJECT in term.text()  # it stays visible
    _submit(term)

    # Submitted before the VP's question was due (100 s): it is handed over now.
    term.wait_for("Before you wrap up")
    term.send("The top ten get an honest window and the next update at 11:30.")
    _submit(term)

    term.wait_for("Calculation 1 of 2")
    term.send("15\r")
    term.wait_for("Not within tolerance: 15 agents")
    term.wait_for("Traffic intensity A = 100 contacts")
    term.wait_for("Calculation 2 of 2")
    term.send("about eight\r")
    term.wait_for("is not a number")  # refused as typed; the prompt stays
    term.send("\x15")  # Ctrl-U clears the line
    term.send("8.4\r")
    term.wait_for(r"✓ Right: 8\.4 %")

    # The follow-ups probing what the answer missed come first; how many are asked depends on
    # what the insights judge it made (test_room.py pins the order with a fixed answer). The one
    # that probes nothing in particular, with its "why?" chain, always comes last.
    total = int(term.wait_for(r"Follow-up 1 of (\d)").group(1))
    for number in range(1, total):
        term.wait_for(f"Follow-up {number} of {total}")
        term.send("Fourteen agents on chat, from Erlang C.")
        _submit(term)
    term.wait_for(f"Follow-up {total} of {total}")
    term.wait_for("What do you do first, and what waits?")
    term.send("I fix checkout first because every failed payment is lost revenue.")
    _submit(term)
    # The "why?" quotes what was just said.
    term.wait_for(f"Follow-up {total + 1}")
    term.wait_for("You said: “I fix checkout first because every failed payment")
    _submit(term)  # an empty reply ends the chain, once confirmed
    term.wait_for(r"Submit an empty answer\?")
    term.send("y")
    term.wait_for("One more follow-up")
    term.send("\r")  # No
    term.wait_for("What your answer shows")
    term.wait_for("New information you reacted to")
    term.wait_for("Criterion 1 of 2")
    term.wait_for("also credits how you reacted to")
    term.send("3")
    term.send("\r")
    term.wait_for("Criterion 2 of 2")
    term.send("3")
    term.send("\r")
    term.wait_for("Red flags")
    term.send("\r")
    term.wait_for("Calculations: 1 of 2 right")
    term.wait_for("Saved to your history")
    assert term.exit_status() == 0

    [attempt] = history_json(tmp_path)
    room = attempt["room"]
    assert isinstance(room, dict)
    first, late = room["injects"]
    assert first["text"] == INJECT and first["during_answer"] is True
    assert first["arrived_at_seconds"] == 3
    assert first["reacted"] is True
    assert late["during_answer"] is False and "honest window" in late["reply"]
    assert [c["correct"] for c in room["calculations"]] == [False, True]
    assert "I reproduce it first on a test account, then plan" in str(attempt["answer"])
