"""``mock --report`` in a real terminal: a report that could not be written, or would replace a
file, is found before the loop starts, not after forty minutes of answers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal
from tests.unit.test_store_refusals import read_only

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and mounts")
def test_an_unwritable_report_folder_stops_the_mock_before_it_starts(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    with read_only(folder):
        term = Terminal(tmp_path / "home", "--no-bundled", "mock", "--report", str(folder / "d.md"))
        status = term.exit_status()
    assert status == 1
    screen = term.text()
    assert "supportprep: " in screen and "Mock loop" not in screen
    assert b"Traceback" not in term.transcript


def test_an_existing_report_is_asked_about_first(tmp_path: Path) -> None:
    report = tmp_path / "debrief.md"
    report.write_text("my notes\n", encoding="utf-8")
    term = Terminal(tmp_path / "home", "--no-bundled", "mock", "--report", str(report))
    term.wait_for("exists. Replace it")
    term.send("n\r")
    assert term.exit_status() == 1
    assert "Mock loop" not in term.text()
    assert report.read_text(encoding="utf-8") == "my notes\n"


def test_a_missing_report_folder_is_bad_input_before_the_loop(tmp_path: Path) -> None:
    report = tmp_path / "no" / "debrief.md"
    term = Terminal(tmp_path / "home", "--no-bundled", "mock", "--report", str(report))
    assert term.exit_status() == 2
    screen = term.text().replace("\n", "")  # the line wraps at the screen's edge
    assert "does not exist" in screen and "Mock loop" not in screen
    assert not (tmp_path / "no").exists()
