"""Tonight's session: sized to the minutes, reviews first, one drill, today's checklist items."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from supportprep.actions import Action, Do
from supportprep.packs.content import Content
from supportprep.planning.checklist import build_checklist
from supportprep.planning.tonight import (
    DRILL_EXTRA_MINUTES,
    Tonight,
    build_tonight,
    drill_minutes,
)
from supportprep.targets import Targets
from tests.conftest import make_attempt

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
ROLE = "customer-operations-manager"


def tonight_for(content: Content, minutes: int, days: int = 10) -> Tonight:
    return build_tonight(
        content,
        Targets(ROLE, None, None, TODAY + timedelta(days=days)),
        today=TODAY,
        now=NOW,
        attempts=[],
        stories=[],
        ticks=set(),
        minutes=minutes,
    )


def test_tonight_fits_the_minutes_and_lists_a_drill_then_todays_items(bundled: Content) -> None:
    tonight = tonight_for(bundled, 45)
    assert 0 < tonight.planned_minutes <= 45
    assert tonight.steps[0].kind == "drill"
    scenario = tonight.steps[0].scenario_id
    assert scenario is not None
    assert tonight.steps[0].minutes == drill_minutes(bundled, scenario)
    assert tonight.steps[0].action == Action(Do.DRILL_SCENARIO, scenario)
    checklist = build_checklist(
        bundled, Targets(ROLE, None, None, TODAY + timedelta(days=10)), TODAY, [], [], set()
    )
    todays = [i.id for i in checklist.due_on(TODAY)]
    items = [s.item_id for s in [*tonight.steps, *tonight.left_out] if s.kind == "checklist"]
    assert items == todays, "today's checklist items, in the checklist's order"
    # What does not fit is set aside, not squeezed in.
    assert tonight.left_out
    assert all(s.minutes > 45 - tonight.planned_minutes for s in tonight.left_out)


def test_more_minutes_never_plan_less(bundled: Content) -> None:
    planned = [tonight_for(bundled, m).planned_minutes for m in (15, 30, 45, 60, 90)]
    assert planned == sorted(planned)
    assert all(p <= m for p, m in zip(planned, (15, 30, 45, 60, 90), strict=True))


def test_a_due_review_comes_first_and_the_drill_trains_the_weakest_skill(tiny: Content) -> None:
    old = NOW - timedelta(days=20)
    attempts = [
        make_attempt("tiny-outage", when=old, score=30.0, skills={"troubleshooting": 30.0}),
    ]
    tonight = build_tonight(
        tiny,
        Targets("support-manager", None, "saas", TODAY + timedelta(days=10)),
        today=TODAY,
        now=NOW,
        attempts=attempts,
        stories=[],
        ticks=set(),
        minutes=60,
    )
    kinds = [s.kind for s in tonight.steps]
    assert kinds[0] == "review" and tonight.steps[0].scenario_id == "tiny-outage"
    assert tonight.steps[0].minutes == 2 + DRILL_EXTRA_MINUTES  # a 120-second scenario
    assert kinds.count("drill") <= 1
    assert "overdue for review" in tonight.steps[0].why


def test_json_names_each_step_with_its_minutes(bundled: Content) -> None:
    data = tonight_for(bundled, 45).to_jsonable()
    assert data["minutes"] == 45
    assert data["planned_minutes"] == sum(s["minutes"] for s in data["steps"])
    assert {s["kind"] for s in data["steps"]} <= {"review", "drill", "checklist"}


def test_a_ready_blind_rescore_comes_first_sized_to_the_answer(tiny: Content) -> None:
    from supportprep.planning.tonight import rescore_minutes
    from supportprep.store.attempt import CriterionScore

    long_answer = " ".join(["word"] * 1000)
    attempt = make_attempt(
        "tiny-outage",
        content=tiny,
        score=70.0,
        when=NOW - timedelta(days=2),
        answer=long_answer,
        criteria=[
            CriterionScore(
                id="reproduce", name="Reproduces", skill="troubleshooting", weight=3, level=3
            ),
            CriterionScore(id="update", name="Updates", skill="communication", weight=1, level=3),
        ],
    )
    # 1000 words read at 200 a minute, and half a minute for each of the two criteria.
    assert rescore_minutes(tiny, attempt) == 6
    targets = Targets(None, None, None, TODAY + timedelta(days=5))
    tonight = build_tonight(
        tiny,
        targets,
        today=TODAY,
        now=NOW,
        attempts=[],
        stories=[],
        ticks=set(),
        minutes=30,
        rescore=attempt,
    )
    first = tonight.steps[0]
    assert (first.kind, first.attempt_id, first.minutes) == ("rescore", attempt.id, 6)
    assert tonight.steps[1].kind == "drill"
    without = build_tonight(
        tiny, targets, today=TODAY, now=NOW, attempts=[], stories=[], ticks=set(), minutes=30
    )
    assert all(step.kind != "rescore" for step in without.steps)


def test_going_runs_the_blind_rescore_and_records_it(tiny: Content) -> None:
    from io import StringIO

    from rich.console import Console

    from supportprep.planning.tonight import Step
    from supportprep.practice.scripted import ScriptedGrader
    from supportprep.store.attempt import CriterionScore
    from supportprep.store.calibration import load_calibration
    from supportprep.store.history import open_history
    from supportprep.ui.tonight_view import run_tonight
    from tests.conftest import ScriptedPrompter

    attempt = make_attempt(
        "tiny-outage",
        content=tiny,
        score=80.0,
        when=datetime.now(UTC) - timedelta(days=2),
        answer="I reproduce it on a test account, then post an update by 10:30.",
        criteria=[
            CriterionScore(
                id="reproduce", name="Reproduces", skill="troubleshooting", weight=3, level=4
            ),
            CriterionScore(id="update", name="Updates", skill="communication", weight=1, level=3),
        ],
    )
    with open_history() as history:
        history.save(attempt)
    step = Step(
        kind="rescore",
        title="your answer",
        minutes=3,
        why="blind",
        action=Action(Do.RESCORE, attempt.id),
        scenario_id=attempt.scenario_id,
        attempt_id=attempt.id,
    )
    tonight = Tonight(today=TODAY, targets=Targets(None, None, None, None), minutes=5)
    tonight.steps.append(step)
    screen = StringIO()
    console = Console(file=screen, width=200)
    grader = ScriptedGrader([[2, 3]])
    assert run_tonight(console, tiny, tonight, ScriptedPrompter([]), grader) == 1
    (rescore,) = load_calibration().rescores
    assert rescore.attempt == attempt.id and rescore.second == {"reproduce": 2, "update": 3}
    assert len(grader.revealed) == 1
    # Asked again (another window re-scored it meanwhile): skipped with the reason, not a crash.
    assert run_tonight(console, tiny, tonight, ScriptedPrompter([]), grader) == 0
    assert "already re-scored" in screen.getvalue()
