"""Spaced repetition over scenarios, with the FSRS scheduler (the ``fsrs`` library).

Each scenario is a card, keyed by the scenario's stable id (editing a scenario's wording keeps its
schedule). The history is the only source of truth: a card's state is what replaying its attempts
through the scheduler, oldest first, gives, and the stored state below is rebuilt from them
whenever it could have drifted.

How a drill becomes a review is ``store.schedule_state.rating`` (score below 40 Again, below 65
Hard, below 85 Good, else Easy; a partial attempt Again; unscored, no review; a wrong or skipped
calculation caps it at Hard): ``rating_for`` gives it as an FSRS ``Rating``.

Replaying the whole history on every run grew with every attempt saved, so the card of each
scenario after all its rated attempts is kept in the history's ``schedule`` table, updated as
attempts are saved and rebuilt from them when the rules change (``schedule_state.RULES_VERSION``).
``cards_from_state`` reads it, replaying from the attempts only the scenarios with an attempt in
the cram window; ``build_cards`` replays a list of attempts and is what both must agree with.

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

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from supportprep.records import record
from supportprep.store import schedule_state
from supportprep.store.attempt import AttemptFacts
from supportprep.store.history import HistoryFacts
from supportprep.store.schedule_state import StoredCard

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

CRAM_DAYS = 3
"""Attempts this many days before the interview (or on its day) do not move the schedule."""

RATING_BOUNDS = schedule_state.RATING_BOUNDS
"""(lowest score, FSRS rating number), highest first."""


def rating_for(attempt: AttemptFacts) -> Rating | None:
    """The FSRS rating for an attempt, or None when it says nothing about how it went."""
    value = schedule_state.rating(attempt.score, attempt.partial, attempt.calculation_missed)
    if value is None:
        return None
    from fsrs import Rating

    return Rating(value)


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


def scheduler() -> Scheduler:
    return schedule_state.scheduler()


@record(frozen=True)
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
        card = schedule_state.review(card, attempt.scenario_id, rating, attempt.finished_at)
    return card


def build_cards(
    attempts: Iterable[AttemptFacts],
    *,
    interview_date: date | None = None,
    tz: tzinfo | None = None,
) -> dict[str, CardState]:
    """Every attempted scenario's schedule, rebuilt from the attempts (any order); from the
    history's schedule table when ``attempts`` is the history's ``HistoryFacts``."""
    if isinstance(attempts, HistoryFacts):
        return cards_from_state(
            attempts.schedule,
            interview_date=interview_date,
            tz=tz,
            started_between=attempts.started_between,
            attempts_of=attempts.of_scenarios,
        )
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


def cram_window(interview_date: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """UTC bounds that hold every start time ``is_cram`` could count for ``interview_date``,
    with a day to spare each side (time zones): the attempts to replay are picked from these."""
    first = interview_cutoff(interview_date - timedelta(days=CRAM_DAYS), tz)
    after = interview_cutoff(interview_date + timedelta(days=1), tz)
    return first - timedelta(days=1), after + timedelta(days=1)


def cards_from_state(
    stored: Sequence[StoredCard],
    *,
    interview_date: date | None = None,
    tz: tzinfo | None = None,
    started_between: Callable[[datetime, datetime], Collection[str]] | None = None,
    attempts_of: Callable[[Collection[str]], Sequence[AttemptFacts]] | None = None,
) -> dict[str, CardState]:
    """``build_cards`` from the history's schedule table: each row is the card after every rated
    attempt, so only the scenarios with an attempt near the interview (``started_between`` the
    ``cram_window``) are replayed from their attempts (``attempts_of``), without the cram ones;
    every other due time is only capped at the interview."""
    replayed: dict[str, CardState] = {}
    if interview_date is not None and started_between is not None and attempts_of is not None:
        near = started_between(*cram_window(interview_date, tz))
        if near:
            replayed = build_cards(attempts_of(near), interview_date=interview_date, tz=tz)
    cutoff = None if interview_date is None else interview_cutoff(interview_date, tz)
    cards: dict[str, CardState] = {}
    for row in stored:
        if row.scenario_id in replayed:
            cards[row.scenario_id] = replayed[row.scenario_id]
            continue
        due = row.due
        if due is not None and cutoff is not None:
            due = min(due, cutoff)
        cards[row.scenario_id] = CardState(
            scenario_id=row.scenario_id,
            due=due,
            long_term_due=row.due,
            stability=row.stability,
            difficulty=row.difficulty,
            reviews=row.reviews,
            attempts=row.attempts,
            cram_attempts=0,
            last_attempt=row.last_finished.astimezone(UTC),
            last_score=row.last_score,
        )
    return cards


def tried_counts(attempts: Iterable[AttemptFacts]) -> dict[str, int]:
    """Attempts per scenario id (from the schedule table for the history's ``HistoryFacts``)."""
    if isinstance(attempts, HistoryFacts):
        return attempts.tried()
    counts: dict[str, int] = {}
    for attempt in attempts:
        counts[attempt.scenario_id] = counts.get(attempt.scenario_id, 0) + 1
    return counts


def due_cards(cards: dict[str, CardState], now: datetime) -> list[CardState]:
    """Cards due at ``now``, most overdue first (ties by scenario id)."""
    due = [c for c in cards.values() if c.is_due(now)]
    return sorted(due, key=lambda c: (c.due or now, c.scenario_id))
