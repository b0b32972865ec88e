"""The scriptable drill, analyze and the no-terminal rules, through the real entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import TINY_PACK, Cli


@pytest.fixture
def answer(tmp_path: Path) -> Path:
    path = tmp_path / "answer.txt"
    path.write_text("First I reproduce it on a test account, then I post a status update by 10:30.")
    return path


def test_scripted_drill_scores_saves_and_prints_json(cli: Cli, answer: Path) -> None:
    result = cli(
        "--pack",
        str(TINY_PACK),
        "drill",
        "--scenario",
        "tiny-outage",
        "--answer-file",
        str(answer),
        "--scores",
        "4,1",
        "--red-flags",
        "1",
        "--duration",
        "150",
        "--json",
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["score"] == 70.0 and data["verdict"] == "hire signal"
    assert data["levels"] == {"reproduce": 4, "update": 1}
    assert data["duration_seconds"] == 150 and data["overtime_seconds"] == 30
    assert data["red_flags"] == ["Fixes before reproducing."]
    assert data["fixes"][0]["criterion"] == "update"
    points = data["insights"]["points"]
    assert [p["point"] for p in points] == [
        "Reproduce on a test account.",
        "Post a status update with a time.",
    ]
    assert all(p["covered"] for p in points)
    assert {p["evidence"] for p in points} == {answer.read_text()}  # the one sentence, verbatim
    [saved] = json.loads(cli("history", "--json").out)
    assert saved["id"] == data["attempt_id"] and saved["answer"].startswith("First I reproduce")


def test_wrong_number_of_scores_names_the_count_expected(cli: Cli, answer: Path) -> None:
    result = cli(
        "--pack",
        str(TINY_PACK),
        "drill",
        "--scenario",
        "tiny-outage",
        "--answer-file",
        str(answer),
        "--scores",
        "3,2,4",
    )
    assert result.code == 2
    assert result.err.strip() == (
        "supportprep: --scores: expected 2 levels for rubric 'triage' (reproduce, update), got 3"
    )
    assert json.loads(cli("history", "--json").out) == []


def test_without_a_terminal_or_flags_drill_says_what_to_do(cli: Cli) -> None:
    result = cli("drill")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "needs a terminal" in result.err and "--answer-file" in result.err


def test_without_scores_and_without_a_terminal_the_criteria_are_named(
    cli: Cli, answer: Path
) -> None:
    result = cli(
        "--pack", str(TINY_PACK), "drill", "--scenario", "tiny-outage", "--answer-file", str(answer)
    )
    assert result.code == 2
    assert "--scores is needed without a terminal: 2 levels (1-4)" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scenario", "tiny-outag"], "unknown scenario 'tiny-outag'; did you mean tiny-outage"),
        (["--scenario", "tiny-outage", "--red-flags", "7"], "'7' is not a red flag number"),
        (["--stage", "nope", "--random"], "--stage: unknown stage 'nope'"),
        (["--industry", "mining", "--random"], "--industry: unknown industry 'mining'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    cli: Cli, answer: Path, args: list[str], message: str
) -> None:
    result = cli(
        "--pack", str(TINY_PACK), "drill", *args, "--answer-file", str(answer), "--scores", "3,3"
    )
    assert result.code == 2, result
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_no_save_answer_keeps_the_score_but_not_the_text(cli: Cli, answer: Path) -> None:
    cli(
        "--pack",
        str(TINY_PACK),
        "drill",
        "--scenario",
        "tiny-outage",
        "--answer-file",
        str(answer),
        "--scores",
        "3,3",
        "--no-save-answer",
    )
    [saved] = json.loads(cli("history", "--json").out)
    assert saved["answer"] is None and saved["score"] is not None


def test_mock_needs_a_terminal(cli: Cli) -> None:
    result = cli("mock")
    assert result.code == 2 and "mock is interactive and needs a terminal" in result.err


def test_analyze_json_has_coverage_and_coded_findings(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "weak.txt"
    text.write_text(
        "It depends. Honestly the user error was obvious. We aligned, someone will fix it."
    )
    result = cli(
        "analyze",
        "--scenario",
        "lt-sso-loop-idp-cert-rotation",
        "--answer-file",
        str(text),
        "--json",
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert 0 <= data["coverage"] <= 1
    codes = {f["code"] for f in data["findings"]}
    assert {"hedge", "blame", "vague-ownership", "no-next-step", "no-verification"} <= codes
    blame = next(f for f in data["findings"] if f["code"] == "blame")
    assert "user error" in blame["quote"] and blame["message"]


def _timed(cli: Cli, answer: Path, *time: str) -> dict[str, object]:
    args = ["--pack", str(TINY_PACK), "drill", "--scenario", "tiny-outage"]
    args += ["--answer-file", str(answer), "--scores", "3,3", "--duration", "100", *time]
    result = cli(*args, "--json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_time_sets_the_answer_clock_and_the_record_says_so(cli: Cli, answer: Path) -> None:
    data = _timed(cli, answer, "--time", "1m")
    assert data["time_limit_seconds"] == 60 and data["overtime_seconds"] == 40
    assert data["timing"] == "custom"
    assert _timed(cli, answer)["timing"] is None  # the scenario's own 2 minutes: not over
    table = " ".join(cli("history").out.split())
    assert "1:40 / 1:00 (yours)" in table and "+0:40 over on the answer" in table


def test_time_off_is_untimed_and_never_over(cli: Cli, answer: Path) -> None:
    data = _timed(cli, answer, "--time", "off")
    assert data["timing"] == "untimed" and data["overtime_seconds"] == 0
    assert data["duration_seconds"] == 100
    [saved] = json.loads(cli("history", "--json").out)
    assert saved["timing"] == "untimed"
    table = " ".join(cli("history").out.split())
    assert "1:40 untimed" in table and "over" not in table
    progress = json.loads(cli("progress", "--json").out)
    assert progress["overtime_rate"] is None  # no timed attempt to have run over
    [row] = csv.DictReader(io.StringIO(cli("export", "--format", "csv").out))
    assert row["timing"] == "untimed" and row["time_limit_seconds"] == "0"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("soon", "'soon' is not a time; use e.g. 5m, 90s, 1h, 1m30s, 12 (minutes) or off"),
        ("0", "'0' is outside 10s to 3h"),
    ],
)
def test_nonsense_time_is_one_line_and_exit_2(cli: Cli, value: str, why: str) -> None:
    result = cli("--pack", str(TINY_PACK), "drill", "--time", value)
    assert result.code == 2
    assert result.err.strip() == (
        f"supportprep: Invalid value for '--time': {why} (see `supportprep drill --help`)"
    )


def test_strict_and_untimed_do_not_go_together(cli: Cli, answer: Path) -> None:
    result = cli(
        "--pack", str(TINY_PACK), "drill", "-s", "tiny-outage", "--answer-file", str(answer),
        "--scores", "3,3", "--strict", "--time", "off",
    )  # fmt: skip
    assert result.code == 2 and "--strict" in result.err and "--time off" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_mock_takes_the_same_time_option(cli: Cli) -> None:
    result = cli("--pack", str(TINY_PACK), "mock", "--time", "forever")
    assert result.code == 2 and "'forever' is not a time" in result.err
