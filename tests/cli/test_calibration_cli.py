"""``grade``, ``rescore``, and where calibration shows: ``progress --json`` and the home screen."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from supportprep.packs.content import Content
from supportprep.store.attempt import Attempt, CriterionScore
from supportprep.store.calibration import load_calibration
from supportprep.store.history import open_history
from tests.conftest import TINY_PACK, Cli, make_attempt

PACK = ("--pack", str(TINY_PACK))


def _answer(days_ago: float) -> Attempt:
    return make_attempt(
        "tiny-outage",
        score=80.0,
        when=datetime.now(UTC) - timedelta(days=days_ago),
        answer="I reproduce it on a test account, then post an update by 10:30.",
        criteria=[
            CriterionScore(
                id="reproduce", name="Reproduces", skill="troubleshooting", weight=3, level=4
            ),
            CriterionScore(id="update", name="Updates", skill="communication", weight=1, level=3),
        ],
        verdict="hire signal",
    )


def _save(*attempts: Attempt) -> None:
    with open_history() as history:
        history.save_many(list(attempts))


def test_grade_scripted_reveals_the_intended_levels_and_feeds_progress(cli: Cli) -> None:
    result = cli(*PACK, "grade", "--example", "tiny-outage-strong", "--answers", "4,4", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    [round_] = data["rounds"]
    assert round_["example"] == "tiny-outage-strong"
    assert [(c["criterion"], c["given"], c["intended"], c["gap"]) for c in round_["criteria"]] == [
        ("reproduce", 4, 4, 0),
        ("update", 4, 3, 1),
    ]
    assert load_calibration().graded[0].given == {"reproduce": 4, "update": 4}

    progress = json.loads(cli(*PACK, "progress", "--json").out)["calibration"]
    assert progress["examples_graded"] == 1
    update = next(c for c in progress["criteria"] if c["criterion"] == "update")
    assert update["examples"]["gaps"] == [1]
    assert update["examples"]["lean"] == "generous"
    assert "rescores" not in update

    human = cli(*PACK, "progress")
    assert human.code == 0, human.err
    assert "Calibration by criterion" in human.out
    assert "Updates the customer" in human.out


def test_grade_human_output_names_the_gap_and_why(cli: Cli) -> None:
    result = cli(*PACK, "grade", "--example", "tiny-outage-strong", "--answers", "2,3")
    assert result.code == 0, result.err
    assert "Intended: level 4" in result.out
    assert "Reproduces before fixing" in result.out
    assert "updates customers; the update has no owner named" in result.out
    assert "1 example graded: 1 of 2 criteria matched" in result.out


def test_grade_refuses_bad_input_in_one_line(cli: Cli) -> None:
    no_terminal = cli(*PACK, "grade")
    assert no_terminal.code == 2
    assert "grade is interactive and needs a terminal" in no_terminal.err
    wrong_count = cli(*PACK, "grade", "--example", "tiny-outage-weak", "--answers", "1,1,1")
    assert wrong_count.code == 2
    assert "round 1 (tiny-outage-weak) needs 2 levels for rubric 'triage'" in wrong_count.err
    nothing = cli(*PACK, "grade", "--scenario", "tiny-refund-email", "--answers", "1,1")
    assert nothing.code == 2
    assert "no example answers for scenario 'tiny-refund-email'" in nothing.err
    rounds = cli(*PACK, "grade", "--example", "tiny-outage-weak", "--answers", "1,1;2,2")
    assert rounds.code == 2 and "2 rounds of levels for 1 example answer\n" in rounds.err
    assert load_calibration().graded == []
    for r in (no_terminal, wrong_count, nothing, rounds):
        assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_rescore_compares_blind_scores_once_and_the_home_screen_offers_it(cli: Cli) -> None:
    _save(_answer(0.2), _answer(2))
    home = json.loads(cli(*PACK, "home", "--json").out)
    assert home["rescore"] is not None
    offered = home["rescore"]["attempt"]

    result = cli(*PACK, "rescore", "--answers", "3,3", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)["rescore"]
    assert data["attempt"] == offered
    assert data["criteria"] == [
        {"criterion": "reproduce", "first": 4, "blind": 3},
        {"criterion": "update", "first": 3, "blind": 3},
    ]
    assert data["mean_gap"] == 0.5

    # Done once: the fresh answer is not ready yet, so nothing more is offered.
    assert json.loads(cli(*PACK, "home", "--json").out)["rescore"] is None
    again = cli(*PACK, "rescore", "--answers", "3,3")
    assert again.code == 0 and "Nothing to re-score yet" in again.out
    progress = json.loads(cli(*PACK, "progress", "--json").out)["calibration"]
    assert progress["rescores"] == 1
    reproduce = next(c for c in progress["criteria"] if c["criterion"] == "reproduce")
    assert reproduce["rescores"]["gaps"] == [1]


def test_rescore_of_a_named_attempt_that_is_too_fresh_says_why(cli: Cli) -> None:
    fresh = _answer(0.2)
    _save(fresh)
    result = cli(*PACK, "rescore", "--attempt", fresh.id[:8], "--answers", "3,3")
    assert result.code == 2
    assert "is too fresh" in result.err


def test_the_home_screen_offers_a_blind_rescore_within_80_by_24(
    cli: Cli, bundled: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    scenario = bundled.scenarios["lt-sso-loop-idp-cert-rotation"]
    rubric = bundled.rubric_for(scenario)
    when = (date.today() + timedelta(days=9)).isoformat()
    cli("profile", "set", "--role", "support-operations-manager", "--interview-date", when)
    _save(
        make_attempt(
            scenario.id,
            content=bundled,
            score=70.0,
            when=datetime.now(UTC) - timedelta(days=2),
            answer="First I reproduce it with one affected user and a SAML trace.",
            criteria=[
                CriterionScore(id=c.id, name=c.name, skill=c.skill, weight=c.weight, level=3)
                for c in rubric.criteria
            ],
            verdict="mixed signal",
        )
    )
    assert json.loads(cli("home", "--json").out)["rescore"] is not None
    result = cli()
    assert result.code == 0, result.err
    lines = result.out.rstrip("\n").splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines), result.out
    # Tonight's plan carries the re-score as its first step (run by `supportprep today`).
    tonight = [line for line in lines if "re-score blind:" in line]
    assert len(tonight) == 1 and scenario.title[:20] in tonight[0], result.out
    assert "supportprep today" in result.out


def test_today_offers_the_blind_rescore_first_and_runs_it_in_the_terminal(cli: Cli) -> None:
    ready = _answer(2)
    _save(_answer(0.2), ready)
    data = json.loads(cli(*PACK, "today", "--minutes", "60", "--json").out)
    first = data["steps"][0]
    assert first["kind"] == "rescore" and first["attempt_id"] == ready.id
    assert first["command"] == f"supportprep rescore --attempt {ready.id}"
    assert first["minutes"] == 3  # a short answer and two criteria: the 3-minute floor
    # It is quick, so it still fits a short evening where a drill does not.
    short = json.loads(cli(*PACK, "today", "--minutes", "5", "--json").out)
    assert [step["kind"] for step in short["steps"]][:1] == ["rescore"]
    assert all(step["kind"] != "drill" for step in short["steps"])
    # Once re-scored it is no longer offered.
    assert cli(*PACK, "rescore", "--answers", "3,3").code == 0
    again = json.loads(cli(*PACK, "today", "--json").out)
    assert all(step["kind"] != "rescore" for step in again["steps"])
