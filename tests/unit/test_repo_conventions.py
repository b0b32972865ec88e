"""The README's commands are the ones CI runs."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_opens_with_a_run_command_and_a_test_command() -> None:
    first, second = _readme_commands()[:2]
    assert first.startswith("python3 -m venv .venv && .venv/bin/pip install -e .")
    assert "supportprep" in first.split("&&")[-1]
    assert second.startswith('python3 -m venv .venv && .venv/bin/pip install -e ".[dev]"')


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _readme_commands()[1].split("&&")[-1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
