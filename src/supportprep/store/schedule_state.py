"""Each scenario's place in the review schedule, kept in the history next to the attempts.

The history is the source of truth; this table is what replaying it through FSRS gives, kept so
that ``next``, home and the checklist read a few hundred rows instead of replaying every attempt
on every run. It is kept in step in the same transaction that saves an attempt: an attempt newer
than everything the scenario had is one more FSRS review of the stored card; anything else (an
attempt saved again, one older than the newest, a scenario never seen) replays that scenario's
attempts from their columns. The whole table is rebuilt from the attempts when it is empty while
attempts exist (a history that just gained the table), when it does not count every attempt, or
when a row was written under other rating rules (``RULES_VERSION``).

What is stored does not depend on the interview date or the time zone: every rated attempt is
replayed. ``practice.schedule`` replays again, from the attempts, only the scenarios with an
attempt in the cram window before an interview, and caps due times at the interview.

How a drill becomes a review (the rating rules; ``RULES_VERSION`` changes with them):

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

A wrong (or skipped) calculation caps the rating at Hard. The scheduler runs without learning
steps and without fuzzing, so the same attempts always give the same card. Ratings are FSRS's
numbers (1 Again to 4 Easy) so that reading the table needs no ``fsrs`` import.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import field
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from supportprep.records import record

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

RULES_VERSION = 1
"""Bump when the rating rules or the scheduler's settings change: stored rows are rebuilt."""

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_BOUNDS: tuple[tuple[float, int], ...] = ((85, EASY), (65, GOOD), (40, HARD), (0, AGAIN))

TABLE = (
    """
    CREATE TABLE schedule (
        scenario_id TEXT PRIMARY KEY,
        card TEXT,
        due TEXT,
        stability REAL,
        difficulty REAL,
        reviews INTEGER NOT NULL,
        last_review TEXT,
        last_review_id TEXT,
        attempts INTEGER NOT NULL,
        last_finished TEXT NOT NULL,
        last_id TEXT NOT NULL,
        last_score REAL,
        skills TEXT NOT NULL DEFAULT '{}',
        rules_version INTEGER NOT NULL
    )
    """,
)
"""The migration that adds the table (empty: the first open fills it from the attempts)."""


def rating(score: float | None, partial: bool, calculation_missed: bool) -> int | None:
    """The FSRS rating (1-4) for an attempt, or None when it says nothing about how it went."""
    if partial:
        return AGAIN
    if score is None:
        return None
    for bound, value in RATING_BOUNDS:
        if score >= bound:
            return min(value, HARD) if calculation_missed else value
    return AGAIN


def card_id(scenario_id: str) -> int:
    # fsrs wants an int id; a stable one keeps replays identical (and avoids its 1 ms sleep).
    return zlib.crc32(scenario_id.encode("utf-8"))


@cache
def scheduler() -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def review(card: Card | None, scenario_id: str, value: int, when: datetime) -> Card:
    """``card`` after one review rated ``value`` at ``when`` (a new card when None)."""
    from fsrs import Card, Rating

    when = when.astimezone(UTC)
    if card is None:
        card = Card(card_id=card_id(scenario_id), due=when)
    reviewed, _ = scheduler().review_card(card, Rating(value), review_datetime=when)
    return reviewed


def _stamp(moment: datetime) -> str:
    """The history's sortable UTC form (``store.history._stamp``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@record(frozen=True)
class StoredCard:
    """One row of the table: a scenario's card after every rated attempt, and its attempts."""

    scenario_id: str
    due: datetime | None
    """The FSRS due time (UTC); None before any rated attempt."""
    stability: float | None
    difficulty: float | None
    reviews: int
    attempts: int
    last_finished: datetime
    last_score: float | None
    skills: dict[str, int]
    """How many of the scenario's attempts scored each skill."""


_FACTS = "id, finished_at, score, partial, calculation_missed, skill_scores"


@record
class _Row:
    card: Card | None = None
    reviews: int = 0
    last_review: tuple[str, str] | None = None
    attempts: int = 0
    last: tuple[str, str] = ("", "")
    last_score: float | None = None
    skills: dict[str, int] = field(default_factory=dict)

    def add(self, scenario_id: str, facts: tuple[Any, ...]) -> None:
        """One more attempt, newer than every one added before (``_FACTS`` columns)."""
        attempt_id, finished, score, partial, missed, skill_scores = facts
        value = rating(score, bool(partial), bool(missed))
        if value is not None:
            self.card = review(self.card, scenario_id, value, datetime.fromisoformat(finished))
            self.reviews += 1
            self.last_review = (finished, attempt_id)
        self.attempts += 1
        self.last = (finished, attempt_id)
        self.last_score = score
        for skill in json.loads(skill_scores):
            self.skills[skill] = self.skills.get(skill, 0) + 1

    def values(self, scenario_id: str) -> tuple[object, ...]:
        card = self.card
        return (
            scenario_id,
            None if card is None else card.to_json(),
            None if card is None else _stamp(card.due),
            None if card is None else card.stability,
            None if card is None else card.difficulty,
            self.reviews,
            None if self.last_review is None else self.last_review[0],
            None if self.last_review is None else self.last_review[1],
            self.attempts,
            self.last[0],
            self.last[1],
            self.last_score,
            json.dumps(self.skills, sort_keys=True, ensure_ascii=False),
            RULES_VERSION,
        )


_WRITE = "INSERT OR REPLACE INTO schedule VALUES (" + ", ".join("?" * 14) + ")"


def _replayed(conn: sqlite3.Connection, scenario_id: str) -> _Row:
    row = _Row()
    sql = f"SELECT {_FACTS} FROM attempts WHERE scenario_id = ? ORDER BY finished_at, id"
    for facts in conn.execute(sql, (scenario_id,)):
        row.add(scenario_id, facts)
    return row


def refresh(conn: sqlite3.Connection, scenario_ids: Iterable[str]) -> None:
    """Replay these scenarios from their attempts (a row without attempts is removed)."""
    for scenario_id in sorted(set(scenario_ids)):
        row = _replayed(conn, scenario_id)
        if row.attempts:
            conn.execute(_WRITE, row.values(scenario_id))
        else:
            conn.execute("DELETE FROM schedule WHERE scenario_id = ?", (scenario_id,))


def rebuild(conn: sqlite3.Connection) -> None:
    """The whole table again from the attempts, one pass in scenario order."""
    conn.execute("DELETE FROM schedule")
    sql = f"SELECT scenario_id, {_FACTS} FROM attempts ORDER BY scenario_id, finished_at, id"
    current: str | None = None
    row = _Row()
    # Read and written on one connection: the cursor walks ``attempts`` while rows go to
    # ``schedule``, so the history is never held in memory at once.
    for scenario_id, *facts in conn.execute(sql):
        if scenario_id != current:
            if current is not None:
                conn.execute(_WRITE, row.values(current))
            current, row = scenario_id, _Row()
        row.add(scenario_id, tuple(facts))
    if current is not None:
        conn.execute(_WRITE, row.values(current))


def stale(conn: sqlite3.Connection) -> bool:
    """Whether the table misses attempts or was written under other rules (cheap: the table has
    a row per scenario, and counting attempts reads an index)."""
    counted, old = conn.execute(
        "SELECT coalesce(sum(attempts), 0), count(*) FILTER (WHERE rules_version != ?) "
        "FROM schedule",
        (RULES_VERSION,),
    ).fetchone()
    total: int = conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
    return bool(old) or counted != total


def _incremental(
    conn: sqlite3.Connection, scenario_id: str, new: Sequence[tuple[Any, ...]]
) -> bool:
    """Add ``new`` attempts (``_FACTS`` columns, oldest first) to the stored row when all are
    newer than its newest; False when the scenario must be replayed instead."""
    stored = conn.execute(
        "SELECT card, reviews, last_review, last_review_id, attempts, last_finished, last_id, "
        "last_score, skills, rules_version FROM schedule WHERE scenario_id = ?",
        (scenario_id,),
    ).fetchone()
    if stored is None or stored[9] != RULES_VERSION:
        return False
    card, reviews, last_review, last_review_id, attempts, finished, last_id, score, skills, _ = (
        stored
    )
    if (new[0][1], new[0][0]) <= (finished, last_id):
        return False
    from fsrs import Card

    row = _Row(
        card=None if card is None else Card.from_json(card),
        reviews=reviews,
        last_review=None if last_review is None else (last_review, last_review_id),
        attempts=attempts,
        last=(finished, last_id),
        last_score=score,
        skills=json.loads(skills),
    )
    for facts in new:
        row.add(scenario_id, facts)
    conn.execute(_WRITE, row.values(scenario_id))
    return True


def saved(conn: sqlite3.Connection, ids: Sequence[str], replaced: Iterable[str]) -> None:
    """Bring the table up to date after attempts ``ids`` were written in this transaction;
    ``replaced``: the scenarios those ids belonged to before (an attempt saved again)."""
    if not ids:
        return
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT scenario_id, {_FACTS} FROM attempts WHERE id IN ({marks}) "
        "ORDER BY finished_at, id",
        list(ids),
    ).fetchall()
    by_scenario: dict[str, list[tuple[Any, ...]]] = {}
    for scenario_id, *facts in rows:
        by_scenario.setdefault(scenario_id, []).append(tuple(facts))
    replay = set(replaced)
    for scenario_id, new in by_scenario.items():
        if scenario_id in replay or not _incremental(conn, scenario_id, new):
            replay.add(scenario_id)
    refresh(conn, replay)


def read(conn: sqlite3.Connection) -> list[StoredCard]:
    """Every stored row, by scenario id."""
    sql = (
        "SELECT scenario_id, due, stability, difficulty, reviews, attempts, last_finished, "
        "last_score, skills FROM schedule ORDER BY scenario_id"
    )
    return [
        StoredCard(
            scenario_id=scenario_id,
            due=None if due is None else datetime.fromisoformat(due),
            stability=stability,
            difficulty=difficulty,
            reviews=reviews,
            attempts=attempts,
            last_finished=datetime.fromisoformat(finished),
            last_score=None if score is None else float(score),
            skills=json.loads(skills),
        )
        for scenario_id, due, stability, difficulty, reviews, attempts, finished, score, skills in (
            conn.execute(sql).fetchall()
        )
    ]


def computed(conn: sqlite3.Connection) -> list[StoredCard]:
    """The rows as ``rebuild`` would write them, without writing (a read-only history)."""
    rows: dict[str, _Row] = {}
    sql = f"SELECT scenario_id, {_FACTS} FROM attempts ORDER BY scenario_id, finished_at, id"
    for scenario_id, *facts in conn.execute(sql):
        rows.setdefault(scenario_id, _Row()).add(scenario_id, tuple(facts))
    return [
        StoredCard(
            scenario_id=scenario_id,
            due=None if row.card is None else row.card.due.astimezone(UTC),
            stability=None if row.card is None else row.card.stability,
            difficulty=None if row.card is None else row.card.difficulty,
            reviews=row.reviews,
            attempts=row.attempts,
            last_finished=datetime.fromisoformat(row.last[0]),
            last_score=row.last_score,
            skills=dict(sorted(row.skills.items())),
        )
        for scenario_id, row in sorted(rows.items())
    ]
