from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from supportprep.errors import UserError
from supportprep.store import history as store
from supportprep.store.attempt import Attempt, CriterionScore, FollowUpAnswer
from supportprep.store.history import (
    SCHEMA_VERSION,
    open_history,
    record_attempt,
    rescue_dir,
    reset_history,
)
from tests.conftest import make_attempt as shared_attempt

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_attempt(**changes: Any) -> Attempt:
    """A scored triage attempt with an answer, started at ``T0``."""
    fields: dict[str, Any] = {
        "scenario_title": "Login outage",
        "duration_seconds": 280.0,
        "answer": "First I reproduce it on a test account.",
        "criteria": [
            CriterionScore(id="reproduce", name="R", skill="troubleshooting", weight=3, level=3)
        ],
        "score": 67.0,
        "skill_scores": {"troubleshooting": 67.0},
        **changes,
    }
    return shared_attempt(when=T0 + timedelta(minutes=6), minutes=6, **fields)


def test_a_new_file_gets_the_current_schema_and_keeps_what_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    attempt = make_attempt()
    with open_history(path) as history:
        history.save(attempt)
    with open_history(path) as history:
        assert history.attempts() == [attempt]
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION


def test_an_empty_existing_file_is_a_new_history(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.touch()
    with open_history(path) as history:
        assert history.attempts() == []


def test_the_default_location_is_the_data_home(isolated_home: Path) -> None:
    with open_history() as history:
        history.save(make_attempt())
    assert (isolated_home / "history.sqlite3").is_file()


# The first shipped schema, written out by hand as a user's old file would have it.
V1_SCHEMA = """
CREATE TABLE attempts (
    id TEXT PRIMARY KEY, scenario_id TEXT NOT NULL, stage TEXT NOT NULL, mode TEXT NOT NULL,
    session_id TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, score REAL,
    partial INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL
);
CREATE INDEX attempts_started ON attempts (started_at);
CREATE INDEX attempts_scenario ON attempts (scenario_id, started_at);
PRAGMA user_version = 1;
"""


def test_a_version_1_file_is_upgraded_and_its_attempts_survive(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    old = make_attempt(
        overtime_seconds=30.0,
        follow_ups=[
            FollowUpAnswer(
                question="Why not roll back?",
                time_limit_seconds=60,
                duration_seconds=75,
                overtime_seconds=15,
            )
        ],
    )
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.execute(
        "INSERT INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            old.id,
            old.scenario_id,
            old.stage,
            old.mode,
            None,
            "2026-03-02T09:00:00.000000Z",
            "2026-03-02T09:06:00.000000Z",
            old.score,
            0,
            old.to_json(),
        ),
    )
    conn.commit()
    conn.close()

    newer = make_attempt(started_at=T0 + timedelta(days=1), finished_at=T0 + timedelta(days=1))
    with open_history(path) as history:
        history.save(newer)
        assert history.attempts() == [newer, old]
        assert history.attempts(stage="triage", since=T0 + timedelta(hours=1)) == [newer]

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    rubric, overtime = conn.execute(
        "SELECT rubric, overtime_seconds FROM attempts WHERE id = ?", (old.id,)
    ).fetchone()
    assert (rubric, overtime) == ("triage", 45.0)  # backfilled from the JSON record


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="newer supportprep"):
        open_history(path)
    assert path.read_bytes() == before


def test_filters_and_newest_first(tmp_path: Path) -> None:
    a = make_attempt(started_at=T0, finished_at=T0)
    b = make_attempt(
        scenario_id="tiny-refund-email",
        stage="writing",
        started_at=T0 + timedelta(days=1),
        finished_at=T0 + timedelta(days=1),
    )
    c = make_attempt(started_at=T0 + timedelta(days=2), finished_at=T0 + timedelta(days=2))
    with open_history(tmp_path / "h.sqlite3") as history:
        for attempt in (b, a, c):
            history.save(attempt)
        assert history.attempts() == [c, b, a]
        assert history.attempts(stage="triage") == [c, a]
        assert history.attempts(since=T0 + timedelta(hours=12)) == [c, b]
        assert history.attempts(scenario_id="tiny-refund-email") == [b]
        assert history.attempts(limit=1) == [c]
        assert history.stages() == ["triage", "writing"]


def test_kept_answers_reads_only_answers_the_rescore_offer_could_take(tmp_path: Path) -> None:
    """Typed, scored, kept answers in the window, freshest first; with ``rubrics`` only those
    scored with one of them, and never those in ``skip`` (already re-scored)."""

    def at(hours: float, **changes: Any) -> Attempt:
        when = T0 + timedelta(hours=hours)
        return make_attempt(started_at=when, finished_at=when, **changes)

    first, second, third = at(1), at(2), at(3, rubric="gone")
    spoken = at(4, answer=None, spoken=True)
    partial = at(5, partial=True, score=None, criteria=[])
    outside = at(-30)
    with open_history(tmp_path / "h.sqlite3") as history:
        history.save_many([first, second, third, spoken, partial, outside])

        def kept(rubrics: list[str] | None = None, skip: tuple[str, ...] = ()) -> list[Attempt]:
            return list(
                history.kept_answers(
                    started_from=T0 - timedelta(hours=1),
                    finished_by=T0 + timedelta(hours=6),
                    rubrics=rubrics,
                    skip=skip,
                )
            )

        assert kept() == [third, second, first]
        assert kept(rubrics=["triage"]) == [second, first]
        assert kept(rubrics=["triage"], skip=(second.id,)) == [first]
        assert kept(rubrics=[]) == []


def test_saving_the_same_attempt_again_replaces_it(tmp_path: Path) -> None:
    partial = make_attempt(partial=True, score=None)
    finished = partial.replace(partial=False, score=80.0)
    with open_history(tmp_path / "h.sqlite3") as history:
        history.save(partial)
        history.save(finished)
        assert history.attempts() == [finished]


def _writer(path: str, writer: int, count: int) -> None:
    with open_history(Path(path)) as history:
        for n in range(count):
            when = T0 + timedelta(minutes=writer * 100 + n)
            history.save(
                make_attempt(
                    id=f"w{writer:02d}-{n:02d}", started_at=when, finished_at=when, score=float(n)
                )
            )
            history.attempts(limit=3)  # readers and writers interleave


@pytest.mark.parametrize(
    "writers", [pytest.param(4, id="4-writers"), pytest.param(20, marks=pytest.mark.slow)]
)
def test_concurrent_writers_lose_nothing(tmp_path: Path, writers: int) -> None:
    path = tmp_path / "history.sqlite3"  # new: the writers also race to create and migrate it
    per_writer = 10
    processes = [
        multiprocessing.Process(target=_writer, args=(str(path), w, per_writer))
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * writers
    with open_history(path) as history:
        ids = {a.id for a in history.attempts()}
    assert ids == {f"w{w:02d}-{n:02d}" for w in range(writers) for n in range(per_writer)}


def test_a_busy_history_keeps_the_attempt_and_adds_it_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    open_history(path).close()
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.05)
    other_terminal = sqlite3.connect(path, isolation_level=None)
    other_terminal.execute("BEGIN IMMEDIATE")  # holds the write lock
    attempt = make_attempt()
    with pytest.raises(UserError, match="busy") as caught:
        record_attempt(attempt, path)
    assert "kept in" in str(caught.value)
    assert (rescue_dir(path) / f"{attempt.id}.json").is_file()
    other_terminal.execute("ROLLBACK")
    other_terminal.close()

    with open_history(path) as history:
        assert history.attempts() == [attempt]
    assert not rescue_dir(path).exists()


def test_a_damaged_file_is_named_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = bytes(range(256)) * 16
    path.write_bytes(garbage)
    with pytest.raises(UserError) as caught:
        open_history(path)
    message = str(caught.value)
    assert str(path) in message
    assert "kept untouched" in message and "supportprep reset" in message
    assert "\n" not in message
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.sqlite3"]


def test_an_attempt_finished_while_the_file_is_damaged_is_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"not a database at all" * 50)
    attempt = make_attempt()
    with pytest.raises(UserError, match="kept in"):
        record_attempt(attempt, path)
    reset_history(path, now=T0)
    with open_history(path) as history:
        assert history.attempts() == [attempt]


def test_reset_of_a_damaged_file_backs_up_its_exact_bytes(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"\x00\xff garbage" * 100
    path.write_bytes(garbage)
    result = reset_history(path, now=T0)
    assert result.removed is None
    assert result.backup is not None and result.backup.parent == tmp_path
    assert result.backup.read_bytes() == garbage
    with open_history(path) as history:
        assert history.attempts() == []


def test_reset_keeps_a_readable_backup_and_empties_the_history(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    attempts = [make_attempt(), make_attempt()]
    with open_history(path) as history:
        history.save_many(attempts)
    first = reset_history(path, now=T0)
    second = reset_history(path, now=T0)  # same second: a different backup name
    assert first.removed == 2 and second.removed == 0
    assert first.backup is not None and second.backup is not None
    assert first.backup != second.backup
    with open_history(first.backup) as backup:
        assert {a.id for a in backup.attempts()} == {a.id for a in attempts}
    with open_history(path) as history:
        assert history.attempts() == []


def test_reset_without_a_history_does_nothing(tmp_path: Path) -> None:
    result = reset_history(tmp_path / "history.sqlite3", now=T0)
    assert result.backup is None
    assert list(tmp_path.iterdir()) == []
