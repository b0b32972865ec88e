"""The hostile pack of tests/cli/test_hostile_text.py in a real terminal: a drill and a whole
mock loop (stage names, pause screens, scenario and follow-up panels, rubric anchors, red flags,
the debrief and its Markdown report) send none of its escape sequences or markup to the
terminal, which sees only what prompt_toolkit and rich draw themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_hostile_text import assert_inert, hostile_pack
from tests.e2e.terminal import Terminal
from tests.e2e.test_drill_terminal import LEFT

pytestmark = pytest.mark.e2e

# What the payload would put on the wire if any of it got through, as bytes on the pty.
FORBIDDEN = (
    b"\x1b]52",  # clipboard write
    b"\x1b]8;",  # a hyperlink, from an escape sequence or from markup
    b"osc8.example",
    b"markup.example]L[/link]L",  # (never: the literal markup is followed by the literal text)
    b"Q0xJUEJPQVJE",
    b"\xc2\x9b",  # 8-bit CSI
    b"\x1bc",  # terminal reset
)


def _stage(term: Terminal, levels: int) -> None:
    term.wait_for(LEFT)
    term.send("I reproduce it first, then I post an update by 10:30.")
    term.send("\x1b\r")
    for number in range(1, levels + 1):
        term.wait_for(f"Criterion {number} of {levels}")
        term.send("3")
        term.send("\r")
    term.wait_for("Red flags")
    term.send(" ")  # tick the first red flag: its (hostile) text is drawn ticked
    term.send("\r")


def test_a_mock_loop_on_a_hostile_pack_draws_its_text_inert(tmp_path: Path) -> None:
    pack = hostile_pack(tmp_path / "hostile")
    report = tmp_path / "debrief.md"
    term = Terminal(
        tmp_path / "home",
        "--no-bundled",
        "--pack",
        str(pack),
        "mock",
        "--role",
        "support-manager",
        "--report",
        str(report),
        rows=60,
        tiny=False,
    )
    term.wait_for("Start?")  # after the stages and their time, drawn inert too
    term.send("\r")
    term.wait_for(r"Stage 1 of 2: Triage \[bold red\]BOLD")  # the markup shows as written
    term.send("\r")
    outage = term.wait_for("Login outage|Clearance-gated portal").group(0) == "Login outage"
    term.wait_for(LEFT)
    term.send("I reproduce it first.")
    term.send("\x1b\r")
    if outage:
        term.wait_for("Why not roll back at once")
        term.wait_for(LEFT)
        term.send("It hides the cause.")
        term.ctrl("d")
    for number in (1, 2):
        term.wait_for(f"Criterion {number} of 2")
        term.send("3")
        term.send("\r")
    term.wait_for("Red flags")
    term.send(" ")
    term.send("\r")
    term.wait_for(r"Stage 2 of 2: Writing \[bold red\]BOLD")
    term.send("\r")
    _stage(term, 1)
    term.wait_for("Mock loop debrief")
    term.wait_for("Debrief written to")
    assert term.exit_status() == 0
    for bad in FORBIDDEN:
        assert bad not in term.transcript, bad
    markdown = report.read_text(encoding="utf-8")
    assert "BOLD" in markdown
    assert_inert(markdown, "the mock report")
