"""Grading example answers blind, blind re-scores, and the calibration per criterion (issue 18).

The flows run in-process with a scripted grader; the terminal run is in tests/e2e.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.practice.calibration import (
    GapSeries,
    NoExamples,
    NotRescorable,
    choose_rescore,
    criterion_calibration,
    examples_by_level,
    intended_levels,
    pick_examples,
    rescore_candidates,
    run_grading,
    run_rescore,
    strongest_example,
)
from supportprep.practice.scripted import ScriptedGrader, parse_rounds
from supportprep.store.attempt import Attempt, CriterionScore
from supportprep.store.calibration import (
    CalibrationRecord,
    GradedExample,
    Rescore,
    add_records,
    calibration_path,
    load_calibration,
)
from tests.conftest import make_attempt

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _scored(days_ago: float, **more: Any) -> Attempt:
    fields: dict[str, Any] = {
        "answer": "I reproduce it on a test account first, then post an update by 10:30.",
        "criteria": [
            CriterionScore(
                id="reproduce", name="Reproduces", skill="troubleshooting", weight=3, level=4
            ),
            CriterionScore(id="update", name="Updates", skill="communication", weight=1, level=3),
        ],
        "verdict": "hire signal",
        "score": 80.0,
    }
    fields.update(more)
    return make_attempt("tiny-outage", when=NOW - timedelta(days=days_ago), **fields)


# --- the levels an example sits at ------------------------------------------------------------


def test_intended_levels_take_the_overall_level_unless_a_criterion_says_otherwise(
    tiny: Content,
) -> None:
    strong = tiny.examples["tiny-outage-strong"]
    rubric = tiny.rubrics["triage"]
    assert intended_levels(strong, rubric) == {"reproduce": 4, "update": 3}
    assert intended_levels(tiny.examples["tiny-outage-weak"], rubric) == {
        "reproduce": 1,
        "update": 1,
    }


def test_examples_by_level_and_what_a_four_looked_like(tiny: Content) -> None:
    scenario = tiny.scenarios["tiny-outage"]
    by_level = examples_by_level(tiny, scenario, "update")
    assert sorted(by_level) == [1, 3]
    assert "restart the login service" in by_level[1]
    four = strongest_example(tiny, scenario)
    assert four is not None and four.id == "tiny-outage-strong"
    assert strongest_example(tiny, tiny.scenarios["tiny-refund-email"]) is None


# --- grading ----------------------------------------------------------------------------------


def test_grading_reveals_the_gap_and_saves_each_round(tiny: Content) -> None:
    saved: list[GradedExample] = []
    examples = [tiny.examples["tiny-outage-strong"], tiny.examples["tiny-outage-weak"]]
    grader = ScriptedGrader([[4, 4], [2, 1]])
    session = run_grading(tiny, examples, grader, NOW, saved.append)

    assert [r.record for r in session.results] == saved
    first, second = session.results
    assert {g.criterion.id: g.gap for g in first.gaps} == {"reproduce": 0, "update": 1}
    assert {g.criterion.id: g.gap for g in second.gaps} == {"reproduce": 1, "update": 0}
    assert first.exact == 1 and second.mean_gap == 0.5
    assert grader.revealed == session.results
    data = session.to_jsonable()
    assert data["exact"] == 2 and data["criteria_graded"] == 4 and data["mean_gap"] == 0.5


def test_a_round_with_the_wrong_number_of_levels_is_refused(tiny: Content) -> None:
    with pytest.raises(ValueError, match="expected 2 levels"):
        run_grading(
            tiny, [tiny.examples["tiny-outage-weak"]], ScriptedGrader([[1]]), NOW, lambda r: None
        )


def test_picks_the_least_graded_examples_first(tiny: Content) -> None:
    record = CalibrationRecord(
        graded=[
            GradedExample(
                example="tiny-outage-strong",
                scenario="tiny-outage",
                rubric="triage",
                given={"reproduce": 4},
                intended={"reproduce": 4},
            )
        ]
    )
    for seed in range(5):
        picked = pick_examples(tiny, record, 1, random.Random(seed))
        assert [e.id for e in picked] == ["tiny-outage-weak"]
    asked = pick_examples(tiny, record, 1, random.Random(0), example_ids=["tiny-outage-strong"])
    assert [e.id for e in asked] == ["tiny-outage-strong"]
    with pytest.raises(NoExamples, match="tiny-refund-email"):
        pick_examples(tiny, record, 1, random.Random(0), scenario="tiny-refund-email")
    with pytest.raises(NoExamples, match="unknown example answer 'nope'"):
        pick_examples(tiny, record, 1, random.Random(0), example_ids=["nope"])


def test_parse_rounds() -> None:
    assert parse_rounds("3,2;1,4") == [[3, 2], [1, 4]]
    with pytest.raises(ValueError, match="round 2: a level is 1, 2, 3 or 4, not '5'"):
        parse_rounds("3,2;1,5")
    with pytest.raises(ValueError, match="no levels given"):
        parse_rounds(" ; ")


# --- blind re-scores ------------------------------------------------------------------------------


def test_only_typed_scored_answers_a_day_to_two_weeks_old_are_offered(tiny: Content) -> None:
    fresh = _scored(0.5)
    ready = _scored(2)
    older = _scored(5)
    stale = _scored(20)
    spoken = _scored(2, spoken=True, answer=None)
    partial = _scored(2, partial=True, score=None, criteria=[], verdict=None)
    offered = rescore_candidates(
        tiny, [fresh, ready, older, stale, spoken, partial], CalibrationRecord(), NOW
    )
    assert offered == [ready, older]  # the freshest first

    done = CalibrationRecord(
        rescores=[
            Rescore(
                attempt=ready.id,
                scenario="tiny-outage",
                rubric="triage",
                answered_at=NOW,
                first={},
                second={},
            )
        ]
    )
    assert rescore_candidates(tiny, [ready, older], done, NOW) == [older]


def test_asking_for_an_attempt_that_cannot_be_rescored_says_why(tiny: Content) -> None:
    fresh = _scored(0.1)
    with pytest.raises(NotRescorable, match="too fresh"):
        choose_rescore(tiny, [fresh], CalibrationRecord(), NOW, fresh.id[:8])
    with pytest.raises(NotRescorable, match="no attempt with an id starting 'zzz'"):
        choose_rescore(tiny, [fresh], CalibrationRecord(), NOW, "zzz")
    assert choose_rescore(tiny, [fresh], CalibrationRecord(), NOW) is None


def test_a_rescore_compares_the_first_scores_with_the_blind_ones(tiny: Content) -> None:
    attempt = _scored(2)
    grader = ScriptedGrader([[2, 3]])
    result = run_rescore(tiny, attempt, grader, NOW)
    assert result.record.first == {"reproduce": 4, "update": 3}
    assert result.record.second == {"reproduce": 2, "update": 3}
    assert result.record.gaps() == {"reproduce": 2, "update": 0}
    assert result.mean_gap == 1.0  # generous right after the drill
    assert grader.revealed == [result]


# --- the store --------------------------------------------------------------------------------


def test_records_are_appended_and_read_back(tiny: Content) -> None:
    graded = GradedExample(
        at=NOW,
        example="tiny-outage-weak",
        scenario="tiny-outage",
        rubric="triage",
        given={"reproduce": 2, "update": 1},
        intended={"reproduce": 1, "update": 1},
    )
    add_records(graded=[graded])
    add_records(graded=[graded])
    record = load_calibration()
    assert record.graded == [graded, graded]
    assert record.rescores == []


def test_a_damaged_record_is_reported_and_left_alone(isolated_home: Path) -> None:
    path = calibration_path()
    path.write_text('{"version": 1, "graded": [{"example": 3}]}', encoding="utf-8")
    with pytest.raises(UserError, match=r"calibration.json: cannot read the calibration record"):
        load_calibration()
    with pytest.raises(UserError):
        add_records(graded=[])
    assert path.read_text(encoding="utf-8") == '{"version": 1, "graded": [{"example": 3}]}'


def test_a_level_out_of_range_in_the_record_is_reported(isolated_home: Path) -> None:
    path = calibration_path()
    graded = GradedExample(
        example="e", scenario="s", rubric="r", given={"reproduce": 5}, intended={"reproduce": 1}
    )
    add_records(graded=[graded])
    with pytest.raises(UserError, match=r"graded\.0\.given\.reproduce: a level is 1-4, not 5"):
        load_calibration(path)


# --- the calibration per criterion ------------------------------------------------------------


def test_a_gap_series_leans_and_shrinks() -> None:
    shrinking = GapSeries([2, 2, 1, 2, 2, 1, 0, 0, 1, 0])
    assert shrinking.change == "shrinking"
    assert shrinking.lean == "even"  # the recent mean is 0.4
    growing = GapSeries([0, 0, 0, 0, 0, -1, -1, -2, -1, -1])
    assert growing.change == "growing" and growing.lean == "harsh"
    assert GapSeries([1, 1]).change == "new" and GapSeries([1, 1]).lean == "generous"
    assert GapSeries([]).lean is None


def test_criterion_calibration_brings_the_three_sources_together() -> None:
    graded = GradedExample(
        at=NOW,
        example="e",
        scenario="tiny-outage",
        rubric="triage",
        given={"reproduce": 4, "update": 2},
        intended={"reproduce": 2, "update": 2},
    )
    rescore = Rescore(
        at=NOW,
        attempt="a",
        scenario="tiny-outage",
        rubric="triage",
        answered_at=NOW,
        first={"reproduce": 3},
        second={"reproduce": 4},
    )
    judged = _scored(1, coverage=0.5, judgement_version=2, insight_confidence="high")
    doubted = _scored(1, coverage=0.0, judgement_version=2, insight_confidence="low")
    items = criterion_calibration(
        [judged, doubted],
        CalibrationRecord(graded=[graded], rescores=[rescore]),
    )
    by_id = {i.criterion: i for i in items}
    assert items[0].criterion == "reproduce"  # most direct evidence first
    reproduce = by_id["reproduce"].sources
    assert reproduce["examples"].gaps == [2]
    assert reproduce["rescores"].gaps == [-1]
    # Level 4 is 100 points; half the points found is 50: 1.5 levels generous. The
    # low-confidence judgement is no evidence.
    assert reproduce["insights"].gaps == [1.5]
    assert by_id["reproduce"].name == "Reproduces"  # the newest snapshot names it
    assert by_id["update"].sources["examples"].gaps == [0]


def test_a_rescore_asks_only_the_criteria_the_scenario_scores(tiny: Content) -> None:
    from dataclasses import replace

    skipping = replace(tiny.scenarios["tiny-outage"], skip_criteria=["update"])
    content = replace(tiny, scenarios={**tiny.scenarios, "tiny-outage": skipping})
    attempt = _scored(
        2,
        criteria=[
            CriterionScore(
                id="reproduce", name="Reproduces", skill="troubleshooting", weight=3, level=4
            )
        ],
    )
    assert rescore_candidates(content, [attempt], CalibrationRecord(), NOW) == [attempt]
    result = run_rescore(content, attempt, ScriptedGrader([[3]]), NOW)
    assert result.record.second == {"reproduce": 3}
