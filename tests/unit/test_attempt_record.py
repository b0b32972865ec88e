"""The attempt record is a plain dataclass now, and histories written before still open.

``GOLDEN`` is a row's ``record`` exactly as the pydantic model that used to be the record wrote
it (``model_dump_json()``); the row around it is written with today's schema by hand, the way
``store/history.py`` has always written rows.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from supportprep.store.attempt import Attempt, CriterionScore, FollowUpAnswer
from supportprep.store.history import HistoryDamaged, migrate, open_history

GOLDEN = (
    '{"id":"a1","scenario_id":"tiny-outage","scenario_title":"Outage — “quoted”",'
    '"stage":"live-troubleshooting","rubric":"triage","mode":"mock","session_id":"m1",'
    '"started_at":"2026-03-02T14:05:01.250000Z","finished_at":"2026-03-02T14:20:00Z",'
    '"time_limit_seconds":600,"duration_seconds":612.5,"overtime_seconds":12.5,'
    '"answer":"Scope first.","spoken":false,"follow_ups":[{"question":"Who?",'
    '"time_limit_seconds":60,"duration_seconds":70.0,"overtime_seconds":10.0,"answer":"Me"}],'
    '"criteria":[{"id":"reproduce","name":"Reproduce","skill":"troubleshooting","weight":3.0,'
    '"level":3}],"red_flags":["blames the customer"],"score":62.5,'
    '"skill_scores":{"troubleshooting":67.0},"verdict":"mixed signal","partial":false,'
    '"coverage":0.5,"findings":["hedge"]}'
)

EXPECTED = Attempt(
    id="a1",
    scenario_id="tiny-outage",
    scenario_title="Outage — “quoted”",
    stage="live-troubleshooting",
    rubric="triage",
    mode="mock",
    session_id="m1",
    started_at=datetime(2026, 3, 2, 14, 5, 1, 250000, tzinfo=UTC),
    finished_at=datetime(2026, 3, 2, 14, 20, tzinfo=UTC),
    time_limit_seconds=600,
    duration_seconds=612.5,
    overtime_seconds=12.5,
    answer="Scope first.",
    follow_ups=[
        FollowUpAnswer(
            question="Who?",
            time_limit_seconds=60,
            duration_seconds=70,
            overtime_seconds=10,
            answer="Me",
        )
    ],
    criteria=[
        CriterionScore(id="reproduce", name="Reproduce", skill="troubleshooting", weight=3, level=3)
    ],
    red_flags=["blames the customer"],
    score=62.5,
    skill_scores={"troubleshooting": 67},
    verdict="mixed signal",
    coverage=0.5,
    findings=["hedge"],
)


def _write_row(path: Path, record: str) -> None:
    data = json.loads(record)
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn)
    conn.execute(
        "INSERT INTO attempts (id, scenario_id, stage, mode, session_id, started_at, "
        "finished_at, score, partial, rubric, overtime_seconds, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            data["id"],
            data["scenario_id"],
            data["stage"],
            data["mode"],
            data["session_id"],
            "2026-03-02T14:05:01.250000Z",
            "2026-03-02T14:20:00.000000Z",
            data["score"],
            0,
            data["rubric"],
            22.5,
            record,
        ),
    )
    conn.close()


def test_a_row_written_by_the_pydantic_record_opens(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _write_row(path, GOLDEN)
    with open_history(path) as history:
        assert history.attempts() == [EXPECTED]


def test_the_record_writes_the_same_json_as_before() -> None:
    assert EXPECTED.to_json() == GOLDEN
    assert Attempt.from_json(GOLDEN) == EXPECTED


def test_saved_and_read_back_it_is_the_same_record(tmp_path: Path) -> None:
    with open_history(tmp_path / "h.sqlite3") as history:
        history.save(EXPECTED)
        assert history.attempts() == [EXPECTED]
        [[stored]] = history._conn.execute("SELECT record FROM attempts").fetchall()
    assert stored == GOLDEN


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('"level":3', '"level":7'),
        ('"score":62.5', '"score":-1'),
        ('"findings":["hedge"]', '"findings":["hedge"],"mood":"calm"'),
    ],
)
def test_a_record_that_breaks_the_rules_is_reported_not_loaded(
    tmp_path: Path, change: str, message: str
) -> None:
    path = tmp_path / "history.sqlite3"
    _write_row(path, GOLDEN.replace(change, message))
    with open_history(path) as history, pytest.raises(HistoryDamaged, match="attempt a1"):
        history.attempts()


def test_building_and_writing_a_record_imports_no_pydantic() -> None:
    code = (
        "import sys\n"
        "from tests.unit.test_attempt_record import EXPECTED\n"
        "EXPECTED.to_json()\n"
        "import supportprep.store.history, supportprep.practice.session\n"
        "print('pydantic' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "command",
    [
        ["next"],
        ["progress"],
        ["history"],
        [],
        ["checklist"],
    ],
    ids=lambda c: " ".join(c) or "home",
)
def test_everyday_commands_start_without_pydantic(
    command: list[str], isolated_home: Path, tmp_path: Path
) -> None:
    """With the content cache warm (the everyday case) and a history to read. This also fails
    when the content cache cannot be read back (the packs are then parsed with pydantic).

    And the cyclic garbage collector hardly runs (``supportprep/cli/__init__.py``): at its
    default threshold it ran about fifty times in each of these commands."""
    from supportprep.cli.app import run

    assert run(["packs", "validate"]) == 0  # fills the cache in this test's home
    with open_history() as history:
        history.save(EXPECTED)
    code = (
        "import gc, sys\n"
        "def collections(): return sum(g['collections'] for g in gc.get_stats())\n"
        "before = collections()\n"
        "from supportprep.cli.app import run\n"
        f"code = run({command!r})\n"
        "print(code, 'pydantic' in sys.modules, collections() - before <= 3)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "0 False True", result.stderr
