"""NO_COLOR in a real terminal: where colour would show, none does.

The output goes to a pseudo-terminal, so rich and prompt_toolkit see a terminal and would colour
it; each case first checks that colour does appear without NO_COLOR, so the test cannot pass by
never producing colour at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.e2e

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(transcript: bytes) -> list[bytes]:
    """The SGR sequences that set a foreground or background colour (not bold, not resets)."""
    found = []
    for match in SGR.finditer(transcript):
        params = [p for p in re.split(rb"[;:]", match.group(1)) if p]
        for param in params:
            n = int(param)
            if 30 <= n <= 38 or 40 <= n <= 48 or 90 <= n <= 97 or 100 <= n <= 107:
                found.append(match.group(0))
                break
    return found


def _checklist(home: Path, env: dict[str, str], *flags: str) -> bytes:
    # Interview in two days: the hint that the plan is spread is drawn in yellow.
    term = Terminal(home, *flags, "checklist", "--interview-date", "+2", env=env)
    term.wait_for("Interview")
    assert term.exit_status() == 0, term.text()
    return term.transcript


def _drill(home: Path, env: dict[str, str], *flags: str) -> bytes:
    # The countdown toolbar is prompt_toolkit's, styled by class (green, yellow, red).
    term = Terminal(home, *flags, "drill", "--scenario", "tiny-outage", env=env)
    term.wait_for(r"\d+:\d\d left")
    term.send("I reproduce it")  # something written, so Ctrl-C asks whether to keep it
    term.ctrl("c")
    term.wait_for("Stopped")
    term.ctrl("c")
    assert term.exit_status() == 130, term.text()
    return term.transcript


@pytest.mark.parametrize("screen", [_checklist, _drill], ids=["checklist", "drill"])
def test_no_color_leaves_no_colour_in_a_terminal(screen: object, tmp_path: Path) -> None:
    assert callable(screen)
    coloured = screen(tmp_path / "a", {})
    assert colour_codes(coloured), "this screen shows no colour even without NO_COLOR"
    assert colour_codes(screen(tmp_path / "b", {"NO_COLOR": "1"})) == []
    assert colour_codes(screen(tmp_path / "c", {}, "--no-color")) == []


def test_the_detector_sees_colour_and_ignores_bold() -> None:
    assert colour_codes(b"\x1b[1mbold\x1b[0m \x1b[1;31mred\x1b[0m \x1b[38;5;2mx") == [
        b"\x1b[1;31m",
        b"\x1b[38;5;2m",
    ]
    assert colour_codes(b"\x1b[1m\x1b[0m\x1b[7m\x1b[39m") == []
