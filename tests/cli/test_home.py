"""The home screen, for a new user and for one with history, at a fixed 80x24."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from supportprep.packs.content import Content
from supportprep.planning.home import first_run_setup
from tests.conftest import Cli, ScriptedPrompter

SCENARIO = "lt-sso-loop-idp-cert-rotation"


@pytest.fixture(autouse=True)
def eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def _fits(screen: str) -> None:
    lines = screen.rstrip("\n").splitlines()
    assert len(lines) <= 24, f"{len(lines)} lines:\n{screen}"
    assert all(len(line) <= 80 for line in lines), screen


def test_new_user_home_screen(cli: Cli) -> None:
    result = cli()
    assert result.code == 0, result.err
    _fits(result.out)
    assert "no profile set: `supportprep profile`" in result.out
    assert "No interview date set" in result.out
    assert "Next drill" in result.out and "supportprep drill --next" in result.out
    assert "No attempts yet" in result.out
    assert "Troubleshooting" in result.out  # a bar per skill, empty for now
    assert cli("home").out == result.out


def test_home_screen_with_profile_and_history(cli: Cli, tmp_path: Path) -> None:
    when = (date.today() + timedelta(days=9)).isoformat()
    cli(
        "profile",
        "set",
        "--role",
        "support-operations-manager",
        "--industry",
        "fintech",
        "--interview-date",
        when,
    )
    answer = tmp_path / "answer.txt"
    answer.write_text("First I reproduce it with one affected user and a SAML trace.")
    drilled = cli(
        "drill",
        "--scenario",
        SCENARIO,
        "--answer-file",
        str(answer),
        "--scores",
        "2,3,2,1,3,2",
        "--json",
    )
    assert drilled.code == 0, drilled.err
    score = json.loads(drilled.out)["score"]

    result = cli()
    assert result.code == 0, result.err
    _fits(result.out)
    assert "Customer Support Operations Manager" in result.out and "Fintech" in result.out
    assert f"Interview {when}, in 9 days" in result.out
    assert "Tonight ·" in result.out and "supportprep today" in result.out
    assert f"{score:.0f}/100" in result.out and "Last:" in result.out
    assert "█" in result.out  # the skills scored so far have bars

    data = json.loads(cli("home", "--json").out)
    assert data["days_left"] == 9 and data["attempts"] == 1
    assert data["last_attempt"]["scenario"] == SCENARIO
    assert data["next"]["scenario"] != SCENARIO or data["next"]["reasons"]
    assert any(v is not None for v in data["skills"].values())


def test_home_without_a_terminal_never_asks(cli: Cli, isolated_home: Path) -> None:
    result = cli()
    assert result.code == 0
    assert "Welcome" not in result.out
    assert not (isolated_home / "profile.json").exists()


def test_first_run_asks_four_questions_each_skippable(bundled: Content) -> None:
    content = bundled
    today = date(2026, 11, 22)
    answers = ScriptedPrompter(select=["customer-operations-manager", "", "on-call"], text=["+12"])
    profile = first_run_setup(answers, content, today)
    assert profile.role == "customer-operations-manager"
    assert profile.industry is None and profile.variant == "on-call"
    assert profile.interview_date == date(2026, 12, 4)
    assert answers.offered[0][-1].value == ""  # "skip for now" is offered for every choice
    skipped = first_run_setup(ScriptedPrompter(select=["", "", ""], text=[""]), content, today)
    assert skipped.is_empty()


def test_today_sizes_the_evening_and_the_home_screen_shows_it(cli: Cli) -> None:
    cli("profile", "set", "--role", "customer-operations-manager", "--interview-date", "+10")
    data = json.loads(cli("today", "--minutes", "45", "--json").out)
    assert data["minutes"] == 45 and 0 < data["planned_minutes"] <= 45
    assert data["steps"][0]["kind"] == "drill"
    shown = cli("today", "--minutes", "45")
    assert shown.code == 0, shown.err
    assert f"Tonight: {data['planned_minutes']} of 45 min" in shown.out
    for step in data["steps"]:
        assert f"{step['minutes']} min" in shown.out
    # The length chosen is remembered: the home screen and the next `today` plan 45 minutes.
    home = json.loads(cli("home", "--json").out)
    assert home["tonight"]["minutes"] == 45
    assert json.loads(cli("today", "--json").out)["minutes"] == 45
    assert " of 45 min · " in cli("home").out
    assert cli("today", "--minutes", "2").code == 2  # below the smallest sensible evening
    assert json.loads(cli("today", "--json").out)["minutes"] == 45  # a refused length is not kept


def test_an_unfinished_mock_loop_is_offered_on_the_home_screen(
    cli: Cli, tmp_path: Path, bundled: Content
) -> None:
    from supportprep.store.mock_loop import loop_path, save_loop
    from tests.unit.test_session import loop_of

    test_home_screen_with_profile_and_history(cli, tmp_path)  # a full screen to fit into
    scenarios = [s for s in bundled.scenarios.values() if s.id == SCENARIO]
    loop = loop_of([*scenarios, *scenarios])
    save_loop(loop.with_stage(0, "scored", None))
    result = cli()
    assert result.code == 0, result.err
    _fits(result.out)
    words = " ".join(result.out.split())
    assert "Unfinished mock loop from" in words and "stage 2 of 2 is next" in words
    assert "supportprep mock --resume" in words

    loop_path().write_text("{", encoding="utf-8")  # damaged: one warning, the screen still shows
    result = cli()
    assert result.code == 0 and "Unfinished mock loop" not in result.out
    warning = " ".join(result.err.split())  # one message, wrapped at 80 columns
    assert warning.startswith("supportprep: warning: ") and warning.count("supportprep:") == 1
    assert "mock-loop.json" in warning.replace(" ", "") and "Traceback" not in warning


def test_an_evening_is_an_hour_until_one_is_chosen(cli: Cli) -> None:
    cli("profile", "set", "--role", "customer-operations-manager", "--interview-date", "+10")
    assert json.loads(cli("home", "--json").out)["tonight"]["minutes"] == 60
    assert json.loads(cli("today", "--json").out)["minutes"] == 60
