from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from fsrs import Rating

from supportprep.practice.schedule import (
    CRAM_DAYS,
    build_cards,
    due_cards,
    interview_cutoff,
    is_cram,
    rating_for,
)
from supportprep.store.attempt import Attempt
from tests.conftest import make_attempt

DAY = timedelta(days=1)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def attempt(
    score: float | None, when: datetime = T0, scenario: str = "tiny-outage", **more: Any
) -> Attempt:
    """Finished at ``when``, after eight minutes."""
    return make_attempt(
        scenario, score=score, when=when, minutes=8, **{"duration_seconds": 290, **more}
    )


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0, Rating.Again),
        (39.9, Rating.Again),
        (40, Rating.Hard),
        (64.9, Rating.Hard),
        (65, Rating.Good),
        (84.9, Rating.Good),
        (85, Rating.Easy),
        (100, Rating.Easy),
    ],
)
def test_score_to_rating(score: float, rating: Rating) -> None:
    assert rating_for(attempt(score)) == rating


def test_a_stopped_attempt_is_again_and_an_unscored_one_is_no_review() -> None:
    assert rating_for(attempt(90, partial=True)) == Rating.Again
    assert rating_for(attempt(None)) is None
    cards = build_cards([attempt(None)], tz=UTC)
    assert cards["tiny-outage"].due is None and cards["tiny-outage"].attempts == 1


def test_a_poor_score_comes_back_sooner_than_a_good_one() -> None:
    cards = build_cards(
        [attempt(30, scenario="poor"), attempt(70, scenario="good"), attempt(95, scenario="easy")]
    )
    poor, good, easy = (cards[k].due for k in ("poor", "good", "easy"))
    assert poor is not None and good is not None and easy is not None
    assert T0 < poor < good < easy
    assert poor - T0 == DAY  # the shortest wait is a day, never minutes


def test_reviews_on_time_push_a_good_scenario_further_out() -> None:
    first = build_cards([attempt(75)])["tiny-outage"]
    assert first.due is not None
    second = build_cards([attempt(75), attempt(75, first.due)])["tiny-outage"]
    assert second.due is not None
    assert second.due - first.due > first.due - T0
    failed = build_cards([attempt(75), attempt(20, first.due)])["tiny-outage"]
    assert failed.due is not None and failed.due - first.due == DAY


def test_the_schedule_does_not_depend_on_the_order_of_the_history() -> None:
    history = [attempt(s, T0 + i * 3 * DAY) for i, s in enumerate([30, 55, 70, 90, 45])]
    shuffled = history[:]
    random.Random(7).shuffle(shuffled)
    assert build_cards(history) == build_cards(shuffled)


def test_any_timezone_and_attempts_read_back_from_json_are_given_to_fsrs_as_utc() -> None:
    tokyo = timezone(timedelta(hours=9))
    local = attempt(70, T0.astimezone(tokyo))
    from_store = Attempt.from_json(attempt(70).to_json())
    for record in (local, from_store):
        card = build_cards([record])["tiny-outage"]
        assert card.due is not None and card.due.utcoffset() == timedelta(0)
        assert card.due == T0 + 2 * DAY


def test_nothing_is_due_after_the_interview() -> None:
    interview = date(2026, 3, 10)
    history = [attempt(95, T0, scenario="a"), attempt(90, T0 + DAY, scenario="b")]
    uncapped = build_cards(history, tz=UTC)
    capped = build_cards(history, interview_date=interview, tz=UTC)
    cutoff = interview_cutoff(interview, UTC)
    assert cutoff == datetime(2026, 3, 10, tzinfo=UTC)
    for key in ("a", "b"):
        long_term = uncapped[key].due
        assert long_term is not None and long_term > cutoff  # would be after the interview
        assert capped[key].due == cutoff and capped[key].capped
        assert capped[key].long_term_due == long_term  # the long-term state is kept
    assert {c.scenario_id for c in due_cards(capped, cutoff)} == {"a", "b"}
    assert due_cards(capped, cutoff - timedelta(seconds=1)) == []


def test_cram_attempts_are_kept_but_do_not_move_the_long_term_schedule() -> None:
    interview = date(2026, 3, 20)
    early = [attempt(60, T0), attempt(70, T0 + 3 * DAY)]
    cram_day = datetime(2026, 3, 18, 20, 0, tzinfo=UTC)
    assert is_cram(attempt(10, cram_day), interview, UTC)
    assert not is_cram(attempt(10, cram_day - CRAM_DAYS * DAY), interview, UTC)

    without = build_cards(early, interview_date=interview, tz=UTC)["tiny-outage"]
    for cram_score in (5, 100):
        with_cram = build_cards(
            [*early, attempt(cram_score, cram_day)], interview_date=interview, tz=UTC
        )["tiny-outage"]
        assert with_cram.long_term_due == without.long_term_due
        assert with_cram.stability == without.stability
        assert with_cram.difficulty == without.difficulty
        assert with_cram.reviews == 2 and with_cram.attempts == 3 and with_cram.cram_attempts == 1
        assert with_cram.last_score == cram_score

    # Without an interview date the same attempt is an ordinary review.
    plain = build_cards([*early, attempt(5, cram_day)], tz=UTC)["tiny-outage"]
    assert plain.reviews == 3 and plain.due == cram_day + DAY
