from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from supportprep.display import sparkline
from supportprep.practice.progress import (
    counts,
    overtime_rate,
    stage_series,
    streak_days,
    summarize,
    trend,
)
from supportprep.practice.skills import SkillAverage, weakest
from supportprep.store.attempt import Attempt, FollowUpAnswer
from tests.conftest import make_attempt

TODAY = date(2026, 3, 10)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def attempt(
    when: datetime, score: float | None = 60, skills: dict[str, float] | None = None, **more: Any
) -> Attempt:
    """Started at ``when``, five minutes long."""
    fields: dict[str, Any] = {"scenario_title": "Login outage", "duration_seconds": 280, **more}
    return make_attempt(score=score, skills=skills, when=when + timedelta(minutes=5), **fields)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_streak_counts_consecutive_days_up_to_today() -> None:
    history = [attempt(at(days_ago(n))) for n in (0, 1, 1, 2, 4)]
    assert streak_days(history, TODAY, UTC) == 3


def test_a_streak_is_still_alive_until_today_ends() -> None:
    history = [attempt(at(days_ago(n))) for n in (1, 2)]
    assert streak_days(history, TODAY, UTC) == 2
    assert streak_days([attempt(at(days_ago(2)))], TODAY, UTC) == 0
    assert streak_days([], TODAY, UTC) == 0


def test_trend_compares_the_last_five_with_the_five_before() -> None:
    rising = trend([40, 50, 50, 50, 50, 50, 70, 70, 70, 70, 70])
    assert (rising.recent, rising.previous, rising.direction) == (70, 50, "up")
    falling = trend([80, 70, 70, 70, 70, 70])
    assert (falling.delta, falling.direction) == (-10, "down")
    assert trend([90, 90, 90, 90, 90, 89, 89, 89, 89, 89]).direction == "steady"
    assert trend([60, 70]).previous is None and trend([60, 70]).direction == "new"
    assert trend([]).recent is None


def test_weakest_skill_uses_recent_scores_only() -> None:
    old_weakness = [attempt(at(days_ago(20 - i)), skills={"communication": 10}) for i in range(5)]
    recent = [
        attempt(at(days_ago(5 - i)), skills={"communication": 80, "troubleshooting": 55})
        for i in range(5)
    ]

    def pair(found: SkillAverage | None) -> tuple[str, float] | None:
        return None if found is None else (found.skill, found.average)

    assert pair(weakest([*old_weakness, *recent])) == ("troubleshooting", 55)
    assert pair(weakest(old_weakness)) == ("communication", 10)
    assert weakest([attempt(at(TODAY))]) is None


def test_series_by_day_average_each_day_and_by_attempt_keep_each_score() -> None:
    history = [
        attempt(at(days_ago(1), 9), 40),
        attempt(at(days_ago(1), 15), 60),
        attempt(at(TODAY), 90),
        attempt(at(TODAY), None),  # unscored: not a point
        attempt(at(TODAY), 70, stage="writing"),
    ]
    by_day = stage_series(history, tz=UTC)
    assert [(p.label, p.value, p.count) for p in by_day["triage"].points] == [
        (days_ago(1).isoformat(), 50, 2),
        (TODAY.isoformat(), 90, 1),
    ]
    assert by_day["writing"].values() == [70]
    by_attempt = stage_series(history, by="attempt", tz=UTC)
    assert by_attempt["triage"].values() == [40, 60, 90]


def test_overtime_rate_counts_follow_ups_too() -> None:
    follow_up = FollowUpAnswer(
        question="Why?", time_limit_seconds=60, duration_seconds=70, overtime_seconds=10
    )
    history = [
        attempt(at(TODAY), overtime_seconds=12),
        attempt(at(TODAY), follow_ups=[follow_up]),
        attempt(at(TODAY)),
        attempt(at(TODAY)),
    ]
    assert overtime_rate(history) == 0.5
    assert overtime_rate([]) is None


def test_counts_group_mock_stages_into_sessions() -> None:
    history = [
        attempt(at(TODAY), mode="mock", session_id="s1"),
        attempt(at(TODAY), mode="mock", session_id="s1", stage="writing"),
        attempt(at(days_ago(1)), mode="drill", partial=True, scenario_id="other"),
    ]
    c = counts(history, UTC)
    assert (c.attempts, c.mocks, c.drills, c.partial, c.scenarios, c.days) == (3, 1, 1, 1, 2, 2)
    assert c.by_stage == {"triage": 2, "writing": 1}


def test_sparkline_uses_a_fixed_scale_so_lines_compare() -> None:
    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([90, 90]) == "██" and sparkline([10, 10]) == "▁▁"
    assert sparkline(list(range(0, 100, 10)), width=3) == sparkline([70, 80, 90])


def test_summary_for_json() -> None:
    history = [
        attempt(at(days_ago(n)), 50 + n, {"communication": 40 + n}, overtime_seconds=n % 2)
        for n in range(6)
    ]
    data = summarize(history, TODAY, tz=UTC).to_jsonable()
    assert data["attempts"] == 6 and data["streak_days"] == 6
    assert data["overtime_rate"] == 0.5
    assert data["weakest_skill"] == {"skill": "communication", "recent_average": 42.0}
    skill = data["skills"]["communication"]
    assert [p["day"] for p in skill["points"]][-1] == TODAY.isoformat()
    # Oldest first the scores are 45, 44, 43, 42, 41, 40: the last five average 42, before 45.
    assert (skill["recent_average"], skill["previous_average"]) == (42.0, 45.0)
    assert skill["trend"] == "down"


def test_calibration_compares_self_scores_with_insight_coverage_over_time() -> None:
    from supportprep.practice.progress import calibration, summarize

    judged: dict[str, Any] = {"judgement_version": 2, "insight_confidence": "high"}
    history = [
        attempt(at(days_ago(3)), score=90, coverage=0.3, **judged),  # 60 above what was found
        attempt(at(days_ago(2)), score=80, coverage=0.5, **judged),
        attempt(at(days_ago(1)), score=70, coverage=0.6, **judged),
        attempt(at(days_ago(1)), score=65, coverage=None),  # spoken: no coverage, left out
        attempt(at(days_ago(0)), score=None, coverage=0.4, partial=True),  # unscored: left out
    ]
    cal = calibration(history)
    assert cal.gaps == [60.0, 30.0, 10.0]
    assert cal.recent_gap == pytest.approx(33.3, abs=0.1)
    assert cal.certainty == "tentative"  # three answers: shown, but not called consistent
    report = summarize(history, TODAY).to_jsonable()["calibration"]
    assert report["attempts"] == 3
    assert report["certainty"] == "tentative"
    assert report["self_scores"] == [90, 80, 70] and report["coverage_scores"] == [30, 50, 60]


def test_calibration_ignores_word_matched_and_doubtful_judgements_and_needs_enough_answers() -> (
    None
):
    from supportprep.practice.progress import calibration

    old = [attempt(at(days_ago(9 - n)), score=80, coverage=0.0) for n in range(4)]  # version 1
    doubtful = attempt(
        at(days_ago(4)), score=80, coverage=0.1, judgement_version=2, insight_confidence="low"
    )
    sure: dict[str, Any] = {"judgement_version": 2, "insight_confidence": "high"}
    two = [attempt(at(days_ago(n)), score=80, coverage=0.5, **sure) for n in (2, 1)]
    cal = calibration([*old, doubtful, *two])
    assert cal.gaps == [30.0, 30.0] and cal.skipped == 5
    assert cal.recent_gap is None and cal.certainty == "too-few"  # thin evidence: no verdict

    five = [attempt(at(days_ago(n)), score=80, coverage=0.5, **sure) for n in range(5)]
    assert calibration(five).certainty == "consistent"
    mixed = [
        attempt(at(days_ago(n)), score=s, coverage=0.5, **sure)
        for n, s in enumerate((80, 20, 80, 20, 80))
    ]
    assert calibration(mixed).certainty == "tentative"
