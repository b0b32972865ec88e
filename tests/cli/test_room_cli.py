"""Calculation questions in the scripted drill (`drill --answer-file ... --calc N`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TINY_PACK, Cli

ROOM_PACK = TINY_PACK.parent / "room-pack"


@pytest.fixture
def answer(tmp_path: Path) -> Path:
    path = tmp_path / "answer.txt"
    path.write_text("First I reproduce it on a test account, then I post a status update by 10:30.")
    return path


def scripted(cli: Cli, answer: Path, *calc: str) -> dict[str, object]:
    args = ["--no-bundled", "--pack", str(TINY_PACK), "--pack", str(ROOM_PACK), "drill"]
    args += ["--scenario", "room-rollback", "--answer-file", str(answer), "--scores", "4,4"]
    for value in calc:
        args += ["--calc", value]
    result = cli(*args, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert isinstance(data, dict)
    return data


def test_a_number_within_tolerance_is_accepted_and_one_outside_refused(
    cli: Cli, answer: Path
) -> None:
    right = scripted(cli, answer, "14", "8.4%")
    room = right["room"]
    assert isinstance(room, dict)
    assert [c["correct"] for c in room["calculations"]] == [True, True]
    assert right["score"] == 100.0

    wrong = scripted(cli, answer, "14", "8.5")  # 0.17 off, tolerance 0.1
    room = wrong["room"]
    assert isinstance(room, dict)
    assert [c["correct"] for c in room["calculations"]] == [True, False]
    assert room["calculations"][1]["given"] == 8.5
    assert wrong["score"] == pytest.approx(83.3, abs=0.05)
    [latest, _] = json.loads(cli("history", "--json").out)
    assert [c["correct"] for c in latest["room"]["calculations"]] == [True, False]


def test_calculations_not_given_count_as_skipped(cli: Cli, answer: Path) -> None:
    data = scripted(cli, answer, "14")
    room = data["room"]
    assert isinstance(room, dict)
    assert [c["given"] for c in room["calculations"]] == [14.0, None]


def test_a_value_that_is_not_a_number_is_refused_before_anything_is_saved(
    cli: Cli, answer: Path
) -> None:
    args = ["--no-bundled", "--pack", str(TINY_PACK), "--pack", str(ROOM_PACK), "drill"]
    args += ["--scenario", "room-rollback", "--answer-file", str(answer), "--scores", "4,4"]
    result = cli(*args, "--calc", "fourteen")
    assert result.code == 2
    assert "--calc 1 (agents-for-surge): 'fourteen' is not a number" in result.err
    too_many = cli(*args, "--calc", "1", "--calc", "2", "--calc", "3")
    assert too_many.code == 2 and "the scenario has 2 calculation questions" in too_many.err
    assert json.loads(cli("history", "--json").out) == []
