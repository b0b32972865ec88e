"""History that scales: the summaries the everyday screens read, the schema 3 upgrade, streamed
export and the paged ``history`` screen."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from supportprep.packs.content import Content
from supportprep.practice.adaptive import rank_candidates
from supportprep.practice.progress import summarize
from supportprep.store import history as store
from supportprep.store.attempt import Attempt, CriterionScore, FollowUpAnswer
from supportprep.store.export import write_export
from supportprep.store.history import SCHEMA_VERSION, open_history
from supportprep.targets import Targets
from tests.conftest import Cli, make_attempt

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FACTS = (
    "id",
    "scenario_id",
    "scenario_title",
    "stage",
    "mode",
    "session_id",
    "started_at",
    "finished_at",
    "score",
    "skill_scores",
    "verdict",
    "partial",
    "coverage",
    "total_overtime_seconds",
    "judgement_version",
    "insight_confidence",
)


def varied(count: int) -> list[Attempt]:
    """Attempts over several days, scenarios, skills and modes: partial, unscored, with
    follow-ups, verdicts, coverage and a non-ASCII title among them."""
    attempts = []
    for i in range(count):
        follow_ups = [FollowUpAnswer("Why?", 60, 70.0, 10.0, "Because.")] if i % 3 == 0 else []
        attempts.append(
            make_attempt(
                "tiny-outage" if i % 2 else "tiny-defense-triage",
                score=None if i % 7 == 3 else 35.0 + (i * 11) % 60,
                skills={"troubleshooting": 40.0 + i % 50, "communication": 80.0 - i % 30},
                when=T0 + timedelta(days=i // 3, hours=i % 3),
                scenario_title=f"Panne n°{i % 4}",
                answer=f"answer {i} " * 20,
                follow_ups=follow_ups,
                criteria=[CriterionScore("c", "C", "troubleshooting", 1.0, 1 + i % 4)],
                verdict=None if i % 5 else "solid",
                partial=i % 11 == 4,
                coverage=None if i % 4 else (i % 10) / 10,
                judgement_version=None if i % 3 else 2,
                insight_confidence=("low", "medium", "high", None)[i % 4],
                mode="mock" if i % 6 == 5 else "drill",
                session_id=f"s{i // 6}" if i % 6 == 5 else None,
            )
        )
    return attempts


def test_summaries_hold_the_same_facts_as_the_attempts(tmp_path: Path) -> None:
    with open_history(tmp_path / "h.sqlite3") as history:
        history.save_many(varied(40))
        full = history.attempts()
        light = history.summaries()
    assert [s.id for s in light] == [a.id for a in full]
    for summary, attempt in zip(light, full, strict=True):
        for name in FACTS:
            assert getattr(summary, name) == getattr(attempt, name), name


def _write_schema_2_history(path: Path, attempts: list[Attempt]) -> None:
    """A history as the previous release left it: its two migrations (append-only, so exactly
    what it ran) and its row layout, without the columns schema 3 adds."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in store.MIGRATIONS[:2]:
        for statement in step:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.executemany(
        "INSERT INTO attempts (id, scenario_id, stage, mode, session_id, started_at, finished_at,"
        " score, partial, rubric, overtime_seconds, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                a.id,
                a.scenario_id,
                a.stage,
                a.mode,
                a.session_id,
                a.started_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                a.finished_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                a.score,
                int(a.partial),
                a.rubric,
                a.total_overtime_seconds,
                a.to_json(),
            )
            for a in attempts
        ],
    )
    conn.close()


def test_a_history_from_the_previous_release_upgrades_with_the_same_progress(
    tmp_path: Path, tiny: Content
) -> None:
    path = tmp_path / "history.sqlite3"
    attempts = varied(60)
    _write_schema_2_history(path, attempts)
    today = date(2026, 3, 25)
    before = summarize(attempts, today, tz=UTC).to_jsonable()
    by_attempt = summarize(attempts, today, by="attempt", tz=UTC).to_jsonable()

    with open_history(path) as history:
        assert history.attempts() == sorted(attempts, key=lambda a: (a.started_at, a.id))[::-1]
        light = history.summaries()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert SCHEMA_VERSION == 7  # 5: schedule state and the facts index; 6: timing; 7: progress
    assert summarize(light, today, tz=UTC).to_jsonable() == before
    assert summarize(light, today, by="attempt", tz=UTC).to_jsonable() == by_attempt

    targets = Targets()
    now = datetime(2026, 3, 25, 12, tzinfo=UTC)
    picks = rank_candidates(tiny, attempts, targets, now, tz=UTC)
    assert rank_candidates(tiny, light, targets, now, tz=UTC) == picks


def test_export_streams_the_same_document_as_one_json_dump(tmp_path: Path) -> None:
    attempts = varied(7)
    with open_history(tmp_path / "h.sqlite3") as history:
        history.save_many(attempts)
        streamed = io.StringIO()
        count = write_export(history.iter_attempts(batch=2), "json", streamed)
        oldest_first = history.attempts()[::-1]
    assert count == 7
    whole = json.dumps([a.to_jsonable() for a in oldest_first], indent=2, ensure_ascii=False)
    assert streamed.getvalue() == whole + "\n"
    empty = io.StringIO()
    assert write_export([], "json", empty) == 0
    assert empty.getvalue() == "[]\n"


def test_history_without_limit_shows_a_page_with_the_total(cli: Cli) -> None:
    with open_history() as history:
        history.save_many(varied(25))
    result = cli("history")
    assert result.code == 0
    assert "Showing the newest 20 of 25 attempts" in result.out
    assert "--limit N" in result.out
    assert "Showing" not in cli("history", "--limit", "30").out
    assert len(json.loads(cli("history", "--json").out)) == 25


def test_a_missed_calculation_is_read_from_the_columns_and_caps_the_rating(
    tmp_path: Path,
) -> None:
    from supportprep.practice.schedule import rating_for
    from supportprep.store.attempt import CalculationRecord, RoomRecord

    path = tmp_path / "history.sqlite3"

    def room(correct: bool) -> RoomRecord:
        check = CalculationRecord(
            id="agents", question="Agents?", expected=14, tolerance=0, correct=correct, given=13
        )
        return RoomRecord(calculations=[check])

    missed = make_attempt(score=95.0).replace(id="missed", room=room(False))
    right = make_attempt(score=95.0).replace(id="right", room=room(True))
    with open_history(path) as history:
        history.save(missed)
        history.save(right)
        summaries = {s.id: s for s in history.summaries()}
    assert summaries["missed"].calculation_missed and not summaries["right"].calculation_missed
    assert rating_for(summaries["missed"]) == rating_for(missed)
    assert rating_for(summaries["right"]) == rating_for(right)
    assert rating_for(summaries["missed"]) != rating_for(summaries["right"])
