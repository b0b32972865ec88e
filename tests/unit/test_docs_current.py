"""The README's screenshots and the command reference are regenerated from the real program;
this fails when they no longer match what the program shows (run `python docs/generate.py`)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT


def test_screenshots_and_command_reference_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    code = generate.main(["--check"])
    assert code == 0, capsys.readouterr().err


def test_readme_shows_every_screenshot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for image in sorted((ROOT / "docs" / "img").glob("*.svg")):
        assert f"docs/img/{image.name}" in readme, image.name
