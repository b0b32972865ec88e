"""A history written by the previous release (schema 4, ``tests/fixtures/history-v4``, written
through that release's own store API by ``make.py`` there) opens, gains the schedule table, and
gives exactly the progress, next and schedule figures that release computed from it; and the
schedule table stays what a full replay gives as attempts are saved."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from supportprep.packs.content import Content
from supportprep.practice.adaptive import rank_candidates
from supportprep.practice.progress import summarize
from supportprep.practice.schedule import CardState, build_cards
from supportprep.store import schedule_state
from supportprep.store.history import SCHEMA_VERSION, open_history
from supportprep.targets import Targets
from tests.conftest import make_attempt

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "history-v4"
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 20)
INTERVIEW = date(2026, 3, 22)


def _card(c: CardState) -> dict[str, Any]:
    return {
        "due": None if c.due is None else c.due.isoformat(),
        "long_term_due": None if c.long_term_due is None else c.long_term_due.isoformat(),
        "stability": c.stability,
        "difficulty": c.difficulty,
        "reviews": c.reviews,
        "attempts": c.attempts,
        "cram_attempts": c.cram_attempts,
        "last_attempt": c.last_attempt.isoformat(),
        "last_score": c.last_score,
    }


@pytest.fixture
def old_history(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    shutil.copyfile(FIXTURE / "history.sqlite3", path)
    return path


def test_the_previous_release_s_history_upgrades_with_the_same_figures(
    old_history: Path, tiny: Content
) -> None:
    expected = json.loads((FIXTURE / "figures.json").read_text(encoding="utf-8"))
    assert expected["schema"] == 4
    raw = sqlite3.connect(old_history)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 4
    raw.close()

    with open_history(old_history) as history:
        facts = history.facts(window=5)  # smaller than the history: the lazy paths are used
        assert len(history.schedule()) == 3  # filled from the attempts on the first open
        assert history.count() == 90
    conn = sqlite3.connect(old_history)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT sum(attempts) FROM schedule").fetchone()[0] == 90
    conn.close()

    streamed = open_history(old_history).facts(window=5)
    assert summarize(streamed, TODAY, tz=UTC).to_jsonable() == expected["progress_by_day"]
    everything = list(facts)
    by_attempt = summarize(everything, TODAY, by="attempt", tz=UTC).to_jsonable()
    assert by_attempt == expected["progress_by_attempt"]
    for name, interview in (("no_date", None), ("interview", INTERVIEW)):
        cards = build_cards(facts, interview_date=interview, tz=UTC)
        assert {k: _card(c) for k, c in cards.items()} == expected[f"schedule_{name}"], name
        targets = Targets(interview_date=interview)
        fresh = open_history(old_history).facts(window=5)
        ranked = rank_candidates(tiny, fresh, targets, NOW, tz=UTC)
        assert [r.to_jsonable() for r in ranked] == expected[f"next_{name}"], name
    if expected["schedule_interview"] == expected["schedule_no_date"]:
        pytest.fail("the fixture should have attempts in the cram window")


def _replayed_table(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM schedule ORDER BY scenario_id").fetchall()
    conn.close()
    return rows


def test_saving_keeps_the_table_equal_to_a_full_rebuild(old_history: Path) -> None:
    late = datetime(2026, 3, 25, 9, tzinfo=UTC)
    with open_history(old_history) as history:
        history.save(make_attempt("tiny-outage", score=91.0, when=late))  # newest: one review
        history.save(make_attempt("tiny-outage", score=20.0, when=late - timedelta(days=40)))
        history.save(make_attempt("tiny-new-one", score=70.0, when=late))  # a new scenario
        again = history.attempts(scenario_id="tiny-refund-email")[3]
        history.save(again.replace(score=5.0))  # saved again, differently scored
        moved = history.attempts(scenario_id="tiny-outage")[5]
        history.save(moved.replace(scenario_id="tiny-defense-triage"))  # renamed scenario
        history.save_many(
            [make_attempt("tiny-defense-triage", score=50.0 + i, when=late + timedelta(hours=i))
             for i in range(3)]
        )  # fmt: skip
        kept = _replayed_table(old_history)
        cards = {c.scenario_id: c for c in history.schedule()}
        summaries = history.summaries()
    conn = sqlite3.connect(old_history, isolation_level=None)
    conn.execute("BEGIN")
    schedule_state.rebuild(conn)
    conn.execute("COMMIT")
    conn.close()
    assert _replayed_table(old_history) == kept
    replayed = build_cards(summaries)
    assert set(cards) == set(replayed)
    for key, card in cards.items():
        assert card.due == replayed[key].long_term_due, key
        assert card.attempts == replayed[key].attempts, key
        assert card.last_score == replayed[key].last_score, key


def test_the_table_is_rebuilt_when_the_rating_rules_change(
    old_history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_history(old_history).close()
    conn = sqlite3.connect(old_history, isolation_level=None)
    conn.execute("UPDATE schedule SET reviews = 0, rules_version = rules_version - 1")
    conn.close()
    with open_history(old_history) as history:
        assert all(c.reviews > 0 for c in history.schedule())
    # A table that misses attempts (written outside the store) is rebuilt too.
    conn = sqlite3.connect(old_history, isolation_level=None)
    conn.execute("DELETE FROM schedule WHERE scenario_id = 'tiny-outage'")
    conn.close()
    with open_history(old_history) as history:
        assert "tiny-outage" in {c.scenario_id for c in history.schedule()}


def test_a_read_only_history_without_the_table_filled_replays_in_memory(
    old_history: Path,
) -> None:
    from supportprep.store.history import History

    with open_history(old_history) as history:
        stored = history.schedule()
    conn = sqlite3.connect(old_history, isolation_level=None)
    conn.execute("DELETE FROM schedule")
    conn.close()
    # What open_history falls back to on a read-only disk (root may write anywhere, so the
    # connection is made read-only here rather than the file).
    read_only = sqlite3.connect(f"{old_history.as_uri()}?mode=ro", uri=True, isolation_level=None)
    with History(old_history, read_only, read_only=True) as history:
        assert history.schedule() == stored


def test_calibration_reads_the_same_criteria_without_the_answers(old_history: Path) -> None:
    with open_history(old_history) as history:
        whole = history.attempts()
        judged = history.judged_criteria()
    assert judged  # the fixture has answers judged by meaning
    assert all(j.judgement_version == 2 and j.insight_confidence != "low" for j in judged)
    from_whole = summarize(whole, TODAY, tz=UTC, scored=whole).to_jsonable()
    assert summarize(whole, TODAY, tz=UTC, scored=judged).to_jsonable() == from_whole
    assert from_whole["calibration"]["criteria"]


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns", None]
)
def test_progress_days_match_the_time_zone_across_clock_changes(zone: str | None) -> None:
    from zoneinfo import ZoneInfo

    from supportprep.practice.progress import _local
    from supportprep.store.progress_state import LocalDays as _LocalDays

    tz = None if zone is None else ZoneInfo(zone)
    days = _LocalDays(tz)
    start = datetime(2026, 3, 27, tzinfo=UTC)  # spring changes in Europe and the Americas
    moments = [start + timedelta(minutes=7 * i) for i in range(6 * 24 * 60 // 7)]
    autumn = datetime(2026, 4, 3, tzinfo=UTC)  # Lord Howe's and others' autumn change
    moments += [autumn + timedelta(minutes=7 * i) for i in range(3 * 24 * 60 // 7)]
    moments.append(datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC))
    for moment in moments:
        assert days(moment) == _local(moment, tz), moment
        other = moment.astimezone(ZoneInfo("Pacific/Auckland"))  # any zone in, same instant
        assert days(other) == _local(other, tz), other


def _walk_and_sums(path: Path, tz: Any) -> tuple[str, str]:
    """``progress`` by day from the stored per-day sums, and from walking every attempt, as the
    JSON text the command prints (so the order of keys counts too)."""
    from supportprep.store.history import HistoryFacts

    with open_history(path) as history:
        assert history.progress_facts(tz, tail=10) is not None  # the sums are usable
        walked = summarize(history.summaries(), TODAY, tz=tz).to_jsonable()
    facts = open_history(path).facts(window=5)
    assert isinstance(facts, HistoryFacts)
    stored = summarize(facts, TODAY, tz=tz).to_jsonable()
    return json.dumps(stored), json.dumps(walked)


def _sums_table(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM progress_days ORDER BY day").fetchall()
    conn.close()
    return rows


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/New_York"])
def test_progress_sums_give_the_walk_s_figures_through_mixed_saves_and_a_reset(
    old_history: Path, zone: str
) -> None:
    from zoneinfo import ZoneInfo

    from supportprep.store import progress_state
    from supportprep.store.history import reset_history

    tz = UTC if zone == "UTC" else ZoneInfo(zone)
    expected = json.loads((FIXTURE / "figures.json").read_text(encoding="utf-8"))
    stored, walked = _walk_and_sums(old_history, tz)
    assert stored == walked
    if zone == "UTC":
        assert json.loads(stored) == expected["progress_by_day"]
    late = datetime(2026, 3, 19, 18, 25, tzinfo=UTC)  # 23:55 in Kolkata: next to local midnight
    with open_history(old_history) as history:
        history.save(make_attempt("tiny-outage", score=91.0, when=late))  # the newest
        history.save(make_attempt("tiny-outage", score=17.5, when=late - timedelta(days=30)))
        # Untimed, and past the scenario's limit: left out of the overtime rate either way.
        history.save(make_attempt("tiny-outage", when=late - timedelta(days=2), minutes=9,
                                  timing="untimed", time_limit_seconds=0))  # fmt: skip
        again = history.attempts(scenario_id="tiny-refund-email")[3]
        history.save(again.replace(score=5.0, partial=True))  # saved again, differently
        moved = history.attempts(scenario_id="tiny-outage")[5]
        history.save(moved.replace(started_at=late + timedelta(minutes=10)))  # another day
        history.save_many(
            [make_attempt("tiny-defense-triage", score=50.0 + i, skills={"empathy": 33.3 + i},
                          when=late + timedelta(hours=i), mode="mock", session_id="m1")
             for i in range(3)]
        )  # fmt: skip
    kept = _sums_table(old_history)
    stored, walked = _walk_and_sums(old_history, tz)
    assert stored == walked
    assert json.loads(stored)["attempts"] == 96
    # The days recomputed as attempts were saved are what a full rebuild writes.
    conn = sqlite3.connect(old_history, isolation_level=None)
    conn.execute("BEGIN")
    progress_state.rebuild(conn, tz, str(progress_state.zone_key(tz)))
    conn.execute("COMMIT")
    conn.close()
    assert _sums_table(old_history) == kept

    reset_history(old_history, now=NOW)
    stored, walked = _walk_and_sums(old_history, tz)
    assert stored == walked
    assert json.loads(stored)["attempts"] == 0
    with open_history(old_history) as history:
        history.save(make_attempt("tiny-outage", score=64.0, when=late))
    stored, walked = _walk_and_sums(old_history, tz)
    assert stored == walked
    assert json.loads(stored)["attempts"] == 1


def test_progress_sums_are_rebuilt_for_another_zone_rules_or_missing_attempts(
    old_history: Path,
) -> None:
    from zoneinfo import ZoneInfo

    from supportprep.store import progress_state

    kolkata = ZoneInfo("Asia/Kolkata")
    utc_days, _ = _walk_and_sums(old_history, UTC)
    stored, walked = _walk_and_sums(old_history, kolkata)  # the table follows the reader's zone
    assert stored == walked
    assert stored != utc_days  # the fixture has attempts whose day differs between the two

    def meta() -> tuple[Any, ...] | None:
        conn = sqlite3.connect(old_history)
        row: tuple[Any, ...] | None = conn.execute(
            "SELECT zone, rules_version, attempts FROM progress_meta"
        ).fetchone()
        conn.close()
        return row

    assert meta() == ("zoneinfo:Asia/Kolkata", progress_state.RULES_VERSION, 90)
    for change in (
        "UPDATE progress_meta SET rules_version = rules_version - 1",
        # Rows lost and the count short (what a write outside the store leaves).
        "UPDATE progress_meta SET attempts = attempts - 1",
    ):
        conn = sqlite3.connect(old_history, isolation_level=None)
        conn.execute("DELETE FROM progress_days WHERE day = (SELECT min(day) FROM progress_days)")
        conn.execute(change)
        conn.close()
        stored, walked = _walk_and_sums(old_history, kolkata)
        assert stored == walked
        assert meta() == ("zoneinfo:Asia/Kolkata", progress_state.RULES_VERSION, 90)
    # A save under a table kept for a zone this process cannot name leaves it to be rebuilt.
    conn = sqlite3.connect(old_history, isolation_level=None)
    conn.execute("UPDATE progress_meta SET zone = 'local:elsewhere'")
    conn.close()
    with open_history(old_history) as history:
        history.save(make_attempt("tiny-outage", score=70.0, when=NOW))
    assert meta() is None
    stored, walked = _walk_and_sums(old_history, kolkata)
    assert stored == walked
    # Nor does a save cover up a table that did not count every attempt before it.
    conn = sqlite3.connect(old_history, isolation_level=None)
    conn.execute("UPDATE progress_meta SET attempts = attempts - 1")
    conn.close()
    with open_history(old_history) as history:
        history.save(make_attempt("tiny-outage", score=71.0, when=NOW + timedelta(hours=1)))
    assert meta() is None
    stored, walked = _walk_and_sums(old_history, kolkata)
    assert stored == walked
    assert meta() == ("zoneinfo:Asia/Kolkata", progress_state.RULES_VERSION, 92)


def test_a_read_only_history_without_the_sums_walks_the_attempts(old_history: Path) -> None:
    from supportprep.store.history import History

    _, walked = _walk_and_sums(old_history, UTC)
    conn = sqlite3.connect(old_history, isolation_level=None)
    conn.execute("DELETE FROM progress_meta")
    conn.close()
    read_only = sqlite3.connect(f"{old_history.as_uri()}?mode=ro", uri=True, isolation_level=None)
    with History(old_history, read_only, read_only=True) as history:
        assert history.progress_facts(UTC, tail=10) is None
        facts = history.facts(window=5)
    assert json.dumps(summarize(facts, TODAY, tz=UTC).to_jsonable()) == walked
