from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from supportprep.packs.content import Content
from supportprep.practice.adaptive import pick_next, rank_candidates
from supportprep.practice.schedule import interview_cutoff
from supportprep.store.attempt import Attempt
from supportprep.targets import Targets
from tests.conftest import make_attempt

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NO_TARGETS = Targets()


@pytest.fixture(scope="session")
def content(tiny: Content) -> Content:
    return tiny


def attempt(
    content: Content,
    scenario_id: str,
    score: float,
    when: datetime,
    skills: dict[str, float] | None = None,
    **more: Any,
) -> Attempt:
    """Finished at ``when``, after ten minutes."""
    fields: dict[str, Any] = {"duration_seconds": 200, "overtime_seconds": 0, **more}
    return make_attempt(
        scenario_id, content=content, score=score, skills=skills, when=when, minutes=10, **fields
    )


def test_a_first_timer_starts_with_the_easiest_scenario_of_the_first_loop_stage(
    content: Content,
) -> None:
    pick = pick_next(content, [], NO_TARGETS, NOW, tz=UTC)
    assert pick.scenario_id == "tiny-outage"  # triage is loop stage 1; foundation before advanced
    assert pick.kind == "new"
    assert "never tried" in pick.reasons
    assert pick.due is None


def test_candidates_that_fit_the_targets_come_first_and_say_why(content: Content) -> None:
    ranked = rank_candidates(content, [], Targets(role="ops-manager"), NOW, tz=UTC)
    # The tiny pack is smaller than the minimum list, so the outage (another role) joins last.
    assert [r.scenario_id for r in ranked] == [
        "tiny-defense-triage",
        "tiny-refund-email",
        "tiny-outage",
    ]
    assert "matches your profile: Ops Manager" in ranked[0].reasons  # the name, not the id
    assert [r.fit for r in ranked] == ["own industry", "own industry", "another role"]
    assert "from another role: too few fit your profile" in ranked[-1].reasons


def test_targets_that_fit_nothing_still_get_every_scenario(content: Content) -> None:
    ranked = rank_candidates(content, [], Targets(industry="healthcare"), NOW, tz=UTC)
    assert {r.scenario_id for r in ranked} == set(content.scenarios)
    assert {r.fit for r in ranked} == {"another industry"}


def test_an_overdue_review_comes_first(content: Content) -> None:
    history = [
        attempt(content, "tiny-refund-email", 20, NOW - timedelta(days=5)),  # due 4 days ago
        attempt(content, "tiny-outage", 90, NOW - timedelta(days=2)),  # due in 6 days
    ]
    pick = pick_next(content, history, NO_TARGETS, NOW, tz=UTC)
    assert pick.scenario_id == "tiny-refund-email"
    assert pick.kind == "review"
    assert pick.reasons[:2] == ["overdue for review by 4 days", "last score 20"]
    assert pick.due == NOW - timedelta(days=4)


def test_the_weakest_skill_is_trained_before_new_stages(content: Content) -> None:
    # Just practised the outage: good at troubleshooting, weak at communication.
    history = [
        attempt(
            content,
            "tiny-outage",
            70,
            NOW - timedelta(hours=1),
            {"troubleshooting": 88, "communication": 31},
        )
    ]
    ranked = rank_candidates(content, history, NO_TARGETS, NOW, tz=UTC)
    pick = ranked[0]
    # The writing scenario trains communication only; the defense triage only a quarter of it.
    assert pick.scenario_id == "tiny-refund-email"
    assert pick.kind == "weakest-skill"
    assert pick.reasons[0] == "trains your weakest skill, Communication (avg 31)"
    assert [r.scenario_id for r in ranked] == [
        "tiny-refund-email",
        "tiny-defense-triage",
        "tiny-outage",  # done an hour ago: waits for its review
    ]
    assert ranked[2].kind == "ahead"


def test_without_a_weak_skill_the_next_new_loop_scenario_follows(content: Content) -> None:
    history = [
        attempt(
            content,
            "tiny-outage",
            80,
            NOW - timedelta(hours=1),
            {"troubleshooting": 80, "communication": 75},
        )
    ]
    pick = pick_next(content, history, NO_TARGETS, NOW, tz=UTC)
    assert pick.scenario_id == "tiny-defense-triage"
    assert pick.reasons == ["never tried", "Triage is stage 1 of the interview loop"]


def test_history_is_keyed_by_scenario_id_not_wording(content: Content) -> None:
    renamed = attempt(content, "tiny-outage", 20, NOW - timedelta(days=3))
    renamed = renamed.replace(scenario_title="An old title")
    pick = pick_next(content, [renamed], NO_TARGETS, NOW, tz=UTC)
    assert (pick.scenario_id, pick.kind) == ("tiny-outage", "review")


def test_reviews_are_due_by_the_interview(content: Content) -> None:
    interview = date(2026, 3, 13)
    history = [attempt(content, "tiny-outage", 95, NOW - timedelta(days=1))]
    targets = Targets(interview_date=interview)
    ranked = rank_candidates(content, history, targets, NOW, tz=UTC)
    outage = next(r for r in ranked if r.scenario_id == "tiny-outage")
    assert outage.due == interview_cutoff(interview, UTC)
    later = pick_next(content, history, targets, interview_cutoff(interview, UTC), tz=UTC)
    assert later.scenario_id == "tiny-outage" and later.kind == "review"


def test_the_ranking_is_deterministic(content: Content) -> None:
    history = [
        attempt(content, sid, score, NOW - timedelta(days=d), {"communication": score})
        for sid, score, d in [
            ("tiny-outage", 50, 9),
            ("tiny-refund-email", 62, 7),
            ("tiny-outage", 40, 4),
            ("tiny-defense-triage", 90, 3),
        ]
    ]
    first = rank_candidates(content, history, NO_TARGETS, NOW, tz=UTC)
    shuffled = history[:]
    random.Random(3).shuffle(shuffled)
    assert rank_candidates(content, shuffled, NO_TARGETS, NOW, tz=UTC) == first
