"""Output a user pipes or reads at 80 columns: no colour codes, nothing wider than the screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

COMMANDS = [
    [],
    ["--help"],
    ["packs", "list"],
    ["packs", "validate"],
    ["plan", "--role", "customer-support-manager"],
    ["checklist", "--role", "customer-operations-manager", "--interview-date", "+12"],
    ["progress"],
    ["history"],
    ["next"],
    ["stories", "matrix"],
    ["profile", "show"],
]


@pytest.fixture(autouse=True)
def eighty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "home")
def test_piped_output_is_plain_and_fits_80_columns(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 0, result.err
    assert "\x1b" not in result.out
    wide = [line for line in result.out.splitlines() if len(line.rstrip()) > 80]
    assert not wide, wide


# NO_COLOR and --no-color are tested where colour could show: tests/e2e/test_no_color.py.


@pytest.mark.parametrize(
    "args",
    [
        ["home"],
        ["packs", "list"],
        ["packs", "show"],
        ["packs", "validate"],
        ["plan", "--role", "customer-support-manager"],
        ["checklist"],
        ["progress"],
        ["history"],
        ["next"],
        ["stories", "list"],
        ["stories", "matrix"],
        ["profile", "show"],
    ],
    ids=lambda a: " ".join(a),
)
def test_data_commands_speak_json(cli: Cli, args: list[str], tmp_path: Path) -> None:
    result = cli(*args, "--json")
    assert result.code == 0, result.err
    json.loads(result.out)
