"""Spaced repetition over scenarios, with the FSRS scheduler (the ``fsrs`` library).

Each scenario is a card, keyed by the scenario's stable id (editing a scenario's wording keeps its
schedule). There is no card table: a card's state is rebuilt by replaying the attempt history
through the scheduler, oldest first, so the history is the only source of truth and nothing can
drift out of step with it.

How a drill becomes a review (``rating_for``):

=====================  ==========
score                  FSRS rating
=====================  ==========
below 40               Again
40 to below 65         Hard
65 to below 85         Good
85 and above           Easy
partial (stopped)      Again: an answer given up on needs work, whatever was scored so far
unscored, not partial  no review: nothing says how it went
=====================  ==========

A wrong (or skipped) calculation caps the rating at Hard: a number that was wrong in the room
is worth seeing again soon, however well the rest went.

The review time is when the attempt finished, converted to timezone-aware UTC (FSRS refuses any
other datetime). The scheduler runs without learning steps (a scenario is a 5 to 20 minute
exercise, not a flashcard: the shortest wait is one day) and without fuzzing, so the same history
always gives the same schedule.

With an interview date:

- **No review is due after the interview.** A card's due time is capped at the start of the
  interview day (local time); the long-term FSRS state is kept as it is.
- **Cramming does not distort the long-term schedule.** Attempts whose local date is within
  ``CRAM_DAYS`` (3) days before the interview, or on the interview day itself, are cram attempts:
  they stay in the history and count for progress, but they are not replayed into the card.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache

from fsrs import Card, Rating, Scheduler

from supportprep.store.attempt import AttemptFacts

CRAM_DAYS = 3
"""Attempts this many days before the interview (or on its day) do not move the schedule."""

RATING_BOUNDS: tuple[tuple[float, Rating], ...] = (
    (85, Rating.Easy),
    (65, Rating.Good),
    (40, Rating.Hard),
    (0, Rating.Again),
)


def rating_for(attempt: AttemptFacts) -> Rating | None:
    """The FSRS rating for an attempt, or None when it says nothing about how it went."""
    if attempt.partial:
        return Rating.Again
    if attempt.score is None:
        return None
    wrong = attempt.calculation_missed
    for bound, rating in RATING_BOUNDS:
        if attempt.score >= bound:
            return min(rating, Rating.Hard) if wrong else rating
    return Rating.Again


def local_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar date of ``moment`` where the user is (``tz``; the system zone when None)."""
    return moment.astimezone(tz).date()


def interview_cutoff(interview_date: date, tz: tzinfo | None = None) -> datetime:
    """The start of the interview day, in UTC: no review is due after it."""
    start = datetime.combine(interview_date, time.min)
    local = start.replace(tzinfo=tz) if tz is not None else start.astimezone()
    return local.astimezone(UTC)


def is_cram(attempt: AttemptFacts, interview_date: date | None, tz: tzinfo | None = None) -> bool:
    """Whether the attempt falls in the last ``CRAM_DAYS`` days before the interview."""
    if interview_date is None:
        return False
    day = local_date(attempt.started_at, tz)
    return interview_date - timedelta(days=CRAM_DAYS) <= day <= interview_date


@cache
def scheduler() -> Scheduler:
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


@dataclass(frozen=True)
class CardState:
    """Where one scenario stands in the schedule."""

    scenario_id: str
    due: datetime | None
    """When the next review is due (UTC), capped at the interview; None before any review."""
    long_term_due: datetime | None
    """The FSRS due time without the interview cap."""
    stability: float | None
    difficulty: float | None
    reviews: int
    """Attempts replayed into the card."""
    attempts: int
    """All attempts at the scenario, including cram and unscored ones."""
    cram_attempts: int
    last_attempt: datetime
    last_score: float | None

    @property
    def capped(self) -> bool:
        return self.due is not None and self.due != self.long_term_due

    def is_due(self, now: datetime) -> bool:
        return self.due is not None and self.due <= now


def _card_id(scenario_id: str) -> int:
    # fsrs wants an int id; a stable one keeps replays identical (and avoids its 1 ms sleep).
    return zlib.crc32(scenario_id.encode("utf-8"))


def replay(
    attempts: Iterable[AttemptFacts],
    *,
    interview_date: date | None = None,
    tz: tzinfo | None = None,
) -> Card | None:
    """The FSRS card for one scenario's attempts; None when none of them counts as a review."""
    return _replayed(_reviews(list(attempts), interview_date, tz))


def _reviews(
    group: list[AttemptFacts], interview_date: date | None, tz: tzinfo | None
) -> list[tuple[AttemptFacts, Rating]]:
    """The attempts replayed into the card, oldest first, with their ratings (each attempt's
    local day is worked out once: with a long history that conversion is most of the cost)."""
    counted: list[tuple[AttemptFacts, Rating]] = []
    for attempt in sorted(group, key=lambda a: (a.finished_at, a.id)):
        rating = rating_for(attempt)
        if rating is not None and not is_cram(attempt, interview_date, tz):
            counted.append((attempt, rating))
    return counted


def _replayed(reviews: list[tuple[AttemptFacts, Rating]]) -> Card | None:
    card: Card | None = None
    for attempt, rating in reviews:
        when = attempt.finished_at.astimezone(UTC)
        if card is None:
            card = Card(card_id=_card_id(attempt.scenario_id), due=when)
        card, _ = scheduler().review_card(card, rating, review_datetime=when)
    return card


def build_cards(
    attempts: Iterable[AttemptFacts],
    *,
    interview_date: date | None = None,
    tz: tzinfo | None = None,
) -> dict[str, CardState]:
    """Every attempted scenario's schedule, rebuilt from the attempts (any order)."""
    by_scenario: dict[str, list[AttemptFacts]] = {}
    for attempt in attempts:
        by_scenario.setdefault(attempt.scenario_id, []).append(attempt)
    cutoff = None if interview_date is None else interview_cutoff(interview_date, tz)
    cards: dict[str, CardState] = {}
    for scenario_id in sorted(by_scenario):
        group = by_scenario[scenario_id]
        reviews = _reviews(group, interview_date, tz)
        card = _replayed(reviews)
        latest = max(group, key=lambda a: (a.finished_at, a.id))
        long_term = None if card is None else card.due
        due = long_term
        if due is not None and cutoff is not None:
            due = min(due, cutoff)
        cards[scenario_id] = CardState(
            scenario_id=scenario_id,
            due=due,
            long_term_due=long_term,
            stability=None if card is None else card.stability,
            difficulty=None if card is None else card.difficulty,
            reviews=len(reviews),
            attempts=len(group),
            cram_attempts=sum(1 for a in group if is_cram(a, interview_date, tz)),
            last_attempt=latest.finished_at.astimezone(UTC),
            last_score=latest.score,
        )
    return cards


def due_cards(cards: dict[str, CardState], now: datetime) -> list[CardState]:
    """Cards due at ``now``, most overdue first (ties by scenario id)."""
    due = [c for c in cards.values() if c.is_due(now)]
    return sorted(due, key=lambda c: (c.due or now, c.scenario_id))
