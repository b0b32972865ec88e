"""Every practice attempt, kept in one SQLite file under the data home.

The file is ``history.sqlite3`` in ``data_home()``. Each attempt is one row: the fields we filter
and sort on are columns, and the whole record is kept as JSON (``Attempt.to_json()``), so a
new ``Attempt`` field needs no migration. History is keyed by the scenario's stable id.

Safety rules, all enforced here:

- The schema is versioned with ``PRAGMA user_version`` and grows by append-only migrations
  (``MIGRATIONS``); a step, once shipped, is never edited. Each step runs in its own transaction
  together with the version bump, so an interrupted upgrade leaves the previous version intact.
- Every write is a transaction. WAL mode and a busy timeout let two terminals (a drill in one,
  ``history`` in another, or two drills) write at once without losing an attempt.
- A file that is not a readable SQLite database is never reset or rewritten: it is read with
  read-only statements (header, schema) before anything could write to it, and the error names
  it, says it was kept untouched, and points at ``supportprep reset``, which copies it to a
  timestamped backup next to it before starting afresh. Another application's SQLite file (tables,
  but no ``attempts``) is refused and never modified.
- On a read-only home (or a history the user may read but not write) the history opens read-only:
  ``history``, ``progress``, ``export`` work; saving is refused with a typed one-line error.
- When an attempt cannot be written, it is kept as JSON in ``history-unsaved/`` next to the
  database and imported automatically the next time the history opens.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Any, overload

from supportprep.errors import (
    DiskFull,
    MachineRefused,
    PermissionRefused,
    ReadOnlyStorage,
    UserError,
    refused,
)
from supportprep.paths import data_home
from supportprep.records import record
from supportprep.store import progress_state, schedule_state
from supportprep.store.attempt import (
    Attempt,
    AttemptSummary,
    JudgedCriteria,
    criteria_from_json,
)
from supportprep.store.files import atomic_write_text
from supportprep.store.schedule_state import StoredCard

HISTORY_FILE = "history.sqlite3"
RESCUE_DIR = "history-unsaved"
BUSY_TIMEOUT_SECONDS = 15.0

MIGRATIONS: list[tuple[str, ...]] = [
    # 1: attempts, with the fields we filter and sort on as columns and the full record as JSON.
    (
        """
        CREATE TABLE attempts (
            id TEXT PRIMARY KEY,
            scenario_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            mode TEXT NOT NULL,
            session_id TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            score REAL,
            partial INTEGER NOT NULL DEFAULT 0,
            record TEXT NOT NULL
        )
        """,
        "CREATE INDEX attempts_started ON attempts (started_at)",
        "CREATE INDEX attempts_scenario ON attempts (scenario_id, started_at)",
    ),
    # 2: the rubric and the total overtime (main answer plus follow-ups) as columns, backfilled
    # from the JSON record, and an index for `history --stage`.
    (
        "ALTER TABLE attempts ADD COLUMN rubric TEXT",
        "ALTER TABLE attempts ADD COLUMN overtime_seconds REAL NOT NULL DEFAULT 0",
        """
        UPDATE attempts SET
            rubric = json_extract(record, '$.rubric'),
            overtime_seconds = coalesce(json_extract(record, '$.overtime_seconds'), 0)
                + coalesce(
                    (SELECT sum(json_extract(f.value, '$.overtime_seconds'))
                     FROM json_each(record, '$.follow_ups') AS f),
                    0)
        """,
        "CREATE INDEX attempts_stage ON attempts (stage, started_at)",
    ),
    # 3: what the everyday screens read (title, per-skill scores, verdict, coverage) as columns,
    # backfilled from the JSON record, so home, next, progress and the checklist never parse
    # the records (answers included) of the whole history.
    (
        "ALTER TABLE attempts ADD COLUMN scenario_title TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE attempts ADD COLUMN skill_scores TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE attempts ADD COLUMN verdict TEXT",
        "ALTER TABLE attempts ADD COLUMN coverage REAL",
        "ALTER TABLE attempts ADD COLUMN judgement_version INTEGER",
        "ALTER TABLE attempts ADD COLUMN insight_confidence TEXT",
        """
        UPDATE attempts SET
            scenario_title = coalesce(json_extract(record, '$.scenario_title'), ''),
            skill_scores = coalesce(json_extract(record, '$.skill_scores'), '{}'),
            verdict = json_extract(record, '$.verdict'),
            coverage = json_extract(record, '$.coverage'),
            judgement_version = json_extract(record, '$.judgement_version'),
            insight_confidence = json_extract(record, '$.insight_confidence')
        """,
    ),
    # 4: whether a checked calculation was answered wrong or skipped, which caps the scheduling
    # rating: a column, so the schedule reads it without parsing records.
    (
        "ALTER TABLE attempts ADD COLUMN calculation_missed INTEGER NOT NULL DEFAULT 0",
        """
        UPDATE attempts SET calculation_missed = EXISTS (
            SELECT 1 FROM json_each(record, '$.room.calculations') AS c
            WHERE NOT json_extract(c.value, '$.correct')
        )
        """,
    ),
    # 5: each scenario's schedule state (``store.schedule_state``), kept up to date as attempts
    # are saved so the everyday screens do not replay the whole history through FSRS (created
    # empty: the first open after the upgrade fills it from the attempts); and the summary
    # columns as an index in history order, so reading them (``progress`` walks them all) reads
    # the index alone, not every row's page with its record and answers.
    (
        *schedule_state.TABLE,
        """
        CREATE INDEX attempts_facts ON attempts (
            started_at, id, scenario_id, scenario_title, stage, mode, session_id, finished_at,
            score, skill_scores, verdict, partial, coverage, overtime_seconds,
            judgement_version, insight_confidence, calculation_missed
        )
        """,
    ),
    # 6: how the answer was timed (NULL: the scenario's clock; 'custom'; 'untimed'), so the
    # overtime rate leaves untimed answers out without parsing records; the facts index (5)
    # gains the column, so the summaries are still read from the index alone.
    (
        "ALTER TABLE attempts ADD COLUMN timing TEXT",
        "UPDATE attempts SET timing = json_extract(record, '$.timing')",
        "DROP INDEX attempts_facts",
        """
        CREATE INDEX attempts_facts ON attempts (
            started_at, id, scenario_id, scenario_title, stage, mode, session_id, finished_at,
            score, skill_scores, verdict, partial, coverage, overtime_seconds,
            judgement_version, insight_confidence, calculation_missed, timing
        )
        """,
    ),
    # 7: what ``progress`` reads as per-day sums (``store.progress_state``), kept up to date as
    # attempts are saved so it does not walk every attempt (created empty: the first
    # ``progress`` fills it from the attempts).
    progress_state.TABLE,
]
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
    "id",
    "scenario_id",
    "stage",
    "mode",
    "session_id",
    "started_at",
    "finished_at",
    "score",
    "partial",
    "rubric",
    "overtime_seconds",
    "scenario_title",
    "skill_scores",
    "verdict",
    "coverage",
    "judgement_version",
    "insight_confidence",
    "calculation_missed",
    "timing",
    "record",
)
_SUMMARY_COLUMNS = (
    "id, scenario_id, scenario_title, stage, mode, session_id, started_at, finished_at, score, "
    "skill_scores, verdict, partial, coverage, overtime_seconds, judgement_version, "
    "insight_confidence, calculation_missed, timing"
)


class HistoryDamaged(UserError):
    """The file is not a readable history database (as opposed to busy or not permitted)."""


def history_path() -> Path:
    return data_home() / HISTORY_FILE


def rescue_dir(path: Path) -> Path:
    return path.parent / RESCUE_DIR


def _stamp(moment: datetime) -> str:
    """A sortable UTC timestamp: stored strings compare in time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _recover_hint(path: Path) -> str:
    return (
        f"{path}: {{problem}}; the file was kept untouched. Run `supportprep reset` to start a "
        "new history (it keeps the old file as a timestamped backup next to it)"
    )


def _translate(path: Path, exc: sqlite3.Error) -> UserError:
    """One line for the user, by what went wrong rather than by SQLite's wording."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return MachineRefused(
            f"{path}: the history is busy (another supportprep is writing to it); try again"
        )
    machine = name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH", "SQLITE_IOERR"))
    # A full disk often shows as an I/O error (growing the shared-memory or WAL file fails).
    if name.startswith("SQLITE_FULL") or (machine and _disk_full(path)):
        return DiskFull(f"{path}: the disk is full; free some space and try again")
    if name.startswith("SQLITE_READONLY") or (machine and _read_only_storage(path)):
        return ReadOnlyStorage(
            f"{path}: the history is read-only here (a read-only disk or file); it can be "
            "read but nothing can be saved"
        )
    if name.startswith("SQLITE_IOERR"):
        return MachineRefused(f"{path}: the disk refused to read or write the history ({exc})")
    if machine:
        return PermissionRefused(
            f"{path}: cannot open the history ({exc}); check that the file and its folder "
            "are readable and writable"
        )
    problem = f"the history file is damaged or not a history database ({exc})"
    return HistoryDamaged(_recover_hint(path).format(problem=problem))


@contextlib.contextmanager
def _errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise _translate(path, exc) from exc


def _disk_full(path: Path) -> bool:
    """Whether the history's disk has (next to) no space left for it."""
    try:
        st = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def _read_only_storage(path: Path) -> bool:
    """Whether the history's folder is on a read-only file system."""
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def _check_ours(path: Path, conn: sqlite3.Connection) -> int:
    """The schema version, read with read-only statements only: a damaged file fails here, and
    another application's database is refused, before anything could write to either."""
    # One read transaction for both reads: another process creating the schema between them
    # would otherwise show its new tables with the old version 0, and a fresh history would be
    # refused as another application's file.
    conn.execute("BEGIN")
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    if tables and (version == 0 or "attempts" not in tables):
        raise UserError(
            f"{path}: this SQLite file is not a supportprep history (it has other tables); it was "
            "left untouched. Move it away, or point SUPPORTPREP_HOME at another folder"
        )
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{path}: this history was written by a newer supportprep (schema {version}, "
            f"this one reads up to {SCHEMA_VERSION}); upgrade supportprep to use it"
        )
    return version


def _connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode: every transaction here is an explicit BEGIN/COMMIT."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise refused(path.parent, "create the history's folder", exc) from exc
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        _check_ours(path, conn)
        # Switching to WAL rewrites the header, so a file is switched only once (when it is new,
        # or the first time it is opened here) and only after every page was read and found
        # sound: a damaged file must be reported untouched, not half converted.
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if problem != "ok":
                first = problem.strip().splitlines()[-1]
                raise sqlite3.DatabaseError(f"integrity check: {first}")
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, for a history on a read-only disk or in a folder the user
    may not write. A WAL database needs its shared-memory file to be read normally; when that
    cannot be created, ``immutable`` reads the file as it is (nothing can be writing to it)."""
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        conn = sqlite3.connect(
            f"{uri}?{options}", uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
        )
        try:
            version = _check_ours(path, conn)
            if version < SCHEMA_VERSION:
                conn.close()
                raise ReadOnlyStorage(
                    f"{path}: this history needs an upgrade, which cannot be written here "
                    "(read-only); run supportprep once where the file can be written"
                )
            conn.execute("SELECT count(*) FROM attempts").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            last = exc
            continue
        return conn
    assert last is not None
    raise last


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE takes the write lock up front, so a busy database waits (busy timeout)
    at the start instead of failing halfway through."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations this file has not had yet; return the schema version.

    Each step re-reads the version inside its transaction, so two processes opening an old file
    at once apply every step exactly once.
    """
    while True:
        current: int = conn.execute("PRAGMA user_version").fetchone()[0]
        if current >= SCHEMA_VERSION:
            return current
        with _transaction(conn):
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current >= SCHEMA_VERSION:
                return current
            for statement in MIGRATIONS[current]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current + 1}")


def _row(attempt: Attempt) -> tuple[object, ...]:
    return (
        attempt.id,
        attempt.scenario_id,
        attempt.stage,
        attempt.mode,
        attempt.session_id,
        _stamp(attempt.started_at),
        _stamp(attempt.finished_at),
        attempt.score,
        int(attempt.partial),
        attempt.rubric,
        attempt.total_overtime_seconds,
        attempt.scenario_title,
        json.dumps(attempt.skill_scores, ensure_ascii=False, separators=(",", ":")),
        attempt.verdict,
        attempt.coverage,
        attempt.judgement_version,
        attempt.insight_confidence,
        int(attempt.calculation_missed),
        attempt.timing,
        attempt.to_json(),
    )


_UPSERT = (
    f"INSERT INTO attempts ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "id")
)


def _write(conn: sqlite3.Connection, attempts: list[Attempt]) -> None:
    """Upsert ``attempts`` and bring the schedule table up to date, inside the caller's
    transaction: the two never disagree, whatever interrupts the save."""
    ids = [a.id for a in attempts]
    replaced: set[str] = set()
    # The days whose progress sums change: each attempt's, and its old one if it moved.
    started = {_stamp(a.started_at) for a in attempts}
    known = 0
    for start in range(0, len(ids), 500):  # SQLite limits the parameters of one statement
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found = conn.execute(
            f"SELECT DISTINCT scenario_id FROM attempts WHERE id IN ({marks})", chunk
        )
        replaced.update(r[0] for r in found)
        before = progress_state.started_of(conn, chunk)
        known += len(before)
        started.update(before)
    conn.executemany(_UPSERT, [_row(a) for a in attempts])
    for start in range(0, len(ids), 500):
        schedule_state.saved(conn, ids[start : start + 500], replaced if start == 0 else ())
    progress_state.saved(conn, started, len(set(ids)) - known)


def _filters(
    stage: str | None, since: datetime | None, scenario_id: str | None
) -> tuple[str, list[object]]:
    """The WHERE clause (empty, or with a leading space) and its parameters."""
    where: list[str] = []
    params: list[object] = []
    if stage is not None:
        where.append("stage = ?")
        params.append(stage)
    if since is not None:
        where.append("started_at >= ?")
        params.append(_stamp(since))
    if scenario_id is not None:
        where.append("scenario_id = ?")
        params.append(scenario_id)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _summary(row: tuple[Any, ...]) -> AttemptSummary:
    """One ``_SUMMARY_COLUMNS`` row; a value of the wrong kind raises ``ValueError``."""
    (attempt_id, scenario_id, title, stage, mode, session_id, started, finished, score,
     skills, verdict, partial, coverage, overtime, judgement, confidence, missed,
     timing) = row  # fmt: skip
    scores = json.loads(skills)
    if type(scores) is not dict:
        raise ValueError(f"attempt {attempt_id}: skill_scores is not an object of numbers")
    whole = False
    for value in scores.values():
        kind = type(value)  # exact types: a bool is not a score
        if kind is not float:
            if kind is not int:
                raise ValueError(f"attempt {attempt_id}: skill_scores is not an object of numbers")
            whole = True
    if mode not in ("drill", "mock"):
        raise ValueError(f"attempt {attempt_id}: unknown mode {mode!r}")
    if confidence not in (None, "low", "medium", "high"):
        raise ValueError(f"attempt {attempt_id}: unknown insight_confidence {confidence!r}")
    if timing not in (None, "custom", "untimed"):
        raise ValueError(f"attempt {attempt_id}: unknown timing {timing!r}")
    return AttemptSummary(
        id=attempt_id,
        scenario_id=scenario_id,
        scenario_title=title,
        stage=stage,
        mode=mode,
        session_id=session_id,
        started_at=datetime.fromisoformat(started),
        finished_at=datetime.fromisoformat(finished),
        score=None if score is None else float(score),
        skill_scores={k: float(v) for k, v in scores.items()} if whole else scores,
        verdict=verdict,
        partial=bool(partial),
        coverage=None if coverage is None else float(coverage),
        total_overtime_seconds=float(overtime),
        judgement_version=None if judgement is None else int(judgement),
        insight_confidence=confidence,
        calculation_missed=bool(missed),
        timing=timing,
    )


def _first_problem(exc: ValueError) -> str:
    """pydantic's first message for a record that fails its checks; the text of any other."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            return str(found[0]["msg"])
    return str(exc)


class History:
    """The attempt store; an ``AttemptSink``. Open it with ``open_history()``."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = path
        self._conn = conn
        self.read_only = read_only
        """Opened read-only (a read-only disk or file): reading works, saving is refused."""

    def __enter__(self) -> History:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStorage(
                f"{self.path}: the history is read-only here (a read-only disk or file); "
                "nothing can be saved to it"
            )

    def save(self, attempt: Attempt) -> None:
        """Write one attempt in its own transaction. Saving the same attempt id again replaces
        it (a partial attempt later finished, a retried save).

        If the write fails, the attempt is kept as a JSON file next to the database (imported on
        the next open) and the error says where it is.
        """
        try:
            self._writable()
            with _errors(self.path), _transaction(self._conn) as conn:
                _write(conn, [attempt])
        except UserError as exc:
            raise _kept(self.path, attempt, exc) from exc

    def save_many(self, attempts: list[Attempt]) -> None:
        """Write several attempts in one transaction: all of them or none."""
        self._writable()
        with _errors(self.path), _transaction(self._conn) as conn:
            _write(conn, attempts)

    def keep_schedule(self) -> None:
        """Rebuild the schedule table from the attempts when it misses some or was written under
        other rating rules (``store.schedule_state``); checked on every open, cheaply."""
        if self.read_only:
            return
        with _errors(self.path):
            if not schedule_state.stale(self._conn):
                return
            with _transaction(self._conn) as conn:
                if schedule_state.stale(conn):  # another process may have rebuilt it meanwhile
                    schedule_state.rebuild(conn)

    def schedule(self) -> list[StoredCard]:
        """Every attempted scenario's schedule state, by scenario id: read from the table kept
        as attempts are saved (replayed in memory on a read-only history that lacks it)."""
        with _errors(self.path):
            if self.read_only and schedule_state.stale(self._conn):
                return schedule_state.computed(self._conn)
            return schedule_state.read(self._conn)

    def progress_facts(
        self, tz: tzinfo | None, *, tail: int
    ) -> progress_state.ProgressFacts | None:
        """What ``progress`` reads, from the per-day sums (rebuilt first when they are missing,
        for another zone or rules, or miss attempts); None when they cannot be used (a zone
        without a stable name, or a read-only history that would need a rebuild): the caller
        walks the attempts instead."""
        zone = progress_state.zone_key(tz)
        if zone is None:
            return None
        # A writable history's schedule table was brought up to date when it opened.
        kept = not self.read_only
        with _errors(self.path):
            if progress_state.stale(self._conn, zone, schedule_kept=kept):
                if self.read_only:
                    return None
                with _transaction(self._conn) as conn:
                    # Another process may have rebuilt it meanwhile (or saved: count them).
                    if progress_state.stale(conn, zone, schedule_kept=False):
                        progress_state.rebuild(conn, tz, zone)
            try:
                return progress_state.read(self._conn, tail, schedule_kept=kept)
            except (ValueError, TypeError) as exc:
                problem = f"an attempt's columns cannot be read ({exc})"
                raise HistoryDamaged(_recover_hint(self.path).format(problem=problem)) from exc

    def scenarios_started(self, start: datetime, end: datetime) -> set[str]:
        """Scenarios with an attempt started from ``start`` up to (not including) ``end``."""
        sql = "SELECT DISTINCT scenario_id FROM attempts WHERE started_at >= ? AND started_at < ?"
        with _errors(self.path):
            rows = self._conn.execute(sql, (_stamp(start), _stamp(end))).fetchall()
        return {r[0] for r in rows}

    def attempts(
        self,
        *,
        stage: str | None = None,
        since: datetime | None = None,
        scenario_id: str | None = None,
        limit: int | None = None,
    ) -> list[Attempt]:
        """Attempts, newest first; ``since`` compares with when the attempt started."""
        where, params = _filters(stage, since, scenario_id)
        sql = "SELECT id, record FROM attempts" + where + " ORDER BY started_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with _errors(self.path):
            rows = self._conn.execute(sql, params).fetchall()
        return [self._parsed(attempt_id, record) for attempt_id, record in rows]

    def summaries(
        self, *, scenario_ids: Collection[str] | None = None, limit: int | None = None
    ) -> list[AttemptSummary]:
        """Every attempt's facts without its texts (of ``scenario_ids`` only, when given; the
        newest ``limit``), newest first (``attempts()``'s order), read from the columns: what the
        everyday screens need, at a cost that does not grow with the answers written."""
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM attempts"
        params: list[object] = []
        if scenario_ids is not None:
            wanted = sorted(scenario_ids)
            sql += f" WHERE scenario_id IN ({', '.join('?' * len(wanted))})"
            params.extend(wanted)
        sql += " ORDER BY started_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with _errors(self.path):
            rows = self._conn.execute(sql, params).fetchall()
        try:
            return [_summary(row) for row in rows]
        except (ValueError, TypeError) as exc:
            problem = f"an attempt's columns cannot be read ({exc})"
            raise HistoryDamaged(_recover_hint(self.path).format(problem=problem)) from exc

    def facts(self, *, window: int = 200, schedule: bool = True) -> HistoryFacts:
        """Every attempt's facts as a sequence, newest first, that reads only what is asked of
        it: the count, the newest ``window`` attempts and (with ``schedule``) the schedule table
        up front, the rest from the file when a rule needs it (``HistoryFacts``)."""
        with _errors(self.path):
            total: int = self._conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
        newest = self.summaries(limit=window) if window else []
        return HistoryFacts(self.path, total, newest, self.schedule() if schedule else None)

    def judged_criteria(self) -> list[JudgedCriteria]:
        """Scored attempts judged by meaning (judgement version 2 or later, not low-confidence)
        with their criteria, newest first: what calibration per criterion reads. Only those
        rows' criteria are taken out of the record; no answer text is read into Python."""
        sql = (
            "SELECT id, started_at, score, coverage, judgement_version, insight_confidence, "
            "coalesce(json_extract(record, '$.criteria'), '[]') FROM attempts "
            "WHERE score IS NOT NULL AND coverage IS NOT NULL "
            "AND coalesce(judgement_version, 1) >= 2 AND coalesce(insight_confidence, '') != 'low' "
            "ORDER BY started_at DESC, id DESC"
        )
        with _errors(self.path):
            rows = self._conn.execute(sql).fetchall()
        try:
            return [
                JudgedCriteria(
                    id=attempt_id,
                    started_at=datetime.fromisoformat(started),
                    score=float(score),
                    coverage=float(coverage),
                    judgement_version=int(judgement),
                    insight_confidence=confidence,
                    criteria=criteria_from_json(criteria),
                )
                for attempt_id, started, score, coverage, judgement, confidence, criteria in rows
            ]
        except (ValueError, TypeError) as exc:
            problem = f"an attempt's criteria cannot be read ({exc})"
            raise HistoryDamaged(_recover_hint(self.path).format(problem=problem)) from exc

    def kept_answers(
        self,
        *,
        started_from: datetime,
        finished_by: datetime,
        rubrics: Collection[str] | None = None,
        skip: Collection[str] = (),
        batch: int = 20,
    ) -> Iterator[Attempt]:
        """Scored, typed answers that were not stopped early, started from ``started_from`` and
        finished by ``finished_by``, the freshest (by finish) first, read a few at a time: the
        blind re-score offer takes the first that qualifies, so most are never parsed. Only
        those scored with one of ``rubrics`` (when given) and whose ids are not in ``skip`` are
        read at all: the offer would pass over the others after parsing each."""
        sql = (
            "SELECT id, record FROM attempts WHERE started_at >= ? AND finished_at <= ? "
            "AND partial = 0 AND score IS NOT NULL "
            "AND id NOT IN (SELECT value FROM json_each(?)) "
            + ("AND rubric IN (SELECT value FROM json_each(?)) " if rubrics is not None else "")
            + "AND coalesce(json_extract(record, '$.answer'), '') != '' "
            "AND NOT coalesce(json_extract(record, '$.spoken'), 0) "
            "ORDER BY finished_at DESC, id DESC"
        )
        params = [_stamp(started_from), _stamp(finished_by), json.dumps(list(skip))]
        if rubrics is not None:
            params.append(json.dumps(list(rubrics)))
        with _errors(self.path):
            cursor = self._conn.execute(sql, params)
            while rows := cursor.fetchmany(batch):
                yield from (self._parsed(attempt_id, record) for attempt_id, record in rows)

    def iter_summaries(self, *, batch: int = 1000) -> Iterator[AttemptSummary]:
        """Every attempt's facts, oldest first, read a batch at a time: a rule that walks the
        whole history (``progress``) holds only what it keeps of each."""
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM attempts ORDER BY started_at, id"
        with _errors(self.path):
            cursor = self._conn.execute(sql)
            while rows := cursor.fetchmany(batch):
                try:
                    yield from [_summary(row) for row in rows]
                except (ValueError, TypeError) as exc:
                    problem = f"an attempt's columns cannot be read ({exc})"
                    raise HistoryDamaged(_recover_hint(self.path).format(problem=problem)) from exc

    def skill_scores_newest_first(self, *, batch: int = 500) -> Iterator[dict[str, float]]:
        """Each attempt's per-skill scores, newest first, read a batch at a time."""
        sql = "SELECT id, skill_scores FROM attempts ORDER BY started_at DESC, id DESC"
        with _errors(self.path):
            cursor = self._conn.execute(sql)
            while rows := cursor.fetchmany(batch):
                for attempt_id, skills in rows:
                    scores = json.loads(skills)
                    if not isinstance(scores, dict):
                        problem = f"attempt {attempt_id}: skill_scores is not an object"
                        raise HistoryDamaged(_recover_hint(self.path).format(problem=problem))
                    yield scores

    def iter_attempts(self, *, batch: int = 500) -> Iterator[Attempt]:
        """Every attempt, oldest first, read a batch at a time: memory stays flat however long
        the history (``export``)."""
        sql = "SELECT id, record FROM attempts ORDER BY started_at, id"
        with _errors(self.path):
            cursor = self._conn.execute(sql)
            while rows := cursor.fetchmany(batch):
                yield from (self._parsed(attempt_id, record) for attempt_id, record in rows)

    def _parsed(self, attempt_id: str, record: str) -> Attempt:
        try:
            return Attempt.from_json(record)
        except ValueError as exc:
            problem = f"attempt {attempt_id} cannot be read ({_first_problem(exc)})"
            raise HistoryDamaged(_recover_hint(self.path).format(problem=problem)) from exc

    def count(self, *, stage: str | None = None, since: datetime | None = None) -> int:
        """How many attempts (at ``stage``, started from ``since`` on)."""
        where, params = _filters(stage, since, None)
        with _errors(self.path):
            row = self._conn.execute("SELECT count(*) FROM attempts" + where, params).fetchone()
        value: int = row[0]
        return value

    def stages(self) -> list[str]:
        """Stage ids that appear in the history, for error messages listing the choices."""
        with _errors(self.path):
            rows = self._conn.execute("SELECT DISTINCT stage FROM attempts ORDER BY stage")
            return [r[0] for r in rows.fetchall()]

    def import_rescued(self) -> int:
        """Import attempts kept by a failed save; delete each file only after its commit."""
        folder = rescue_dir(self.path)
        if not folder.is_dir():
            return 0
        imported = 0
        for file in sorted(folder.glob("*.json")):
            try:
                attempt = Attempt.from_json(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # left where it is: never delete what we could not read
            with _errors(self.path), _transaction(self._conn) as conn:
                _write(conn, [attempt])
            file.unlink(missing_ok=True)
            imported += 1
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
        return imported


class HistoryFacts(Sequence[AttemptSummary]):
    """Every attempt's facts, newest first, as ``History.summaries()`` gives them, but read
    lazily: what the everyday rules ask for most (how many, the newest, each scenario's schedule,
    each skill's newest scores) comes from the count, the newest few and the schedule table, and
    only a rule that walks the whole history (``progress``'s series) reads it all, once.

    The history file is opened again for what was not read up front, so this outlives the
    ``History`` it came from."""

    def __init__(
        self,
        path: Path,
        total: int,
        newest: list[AttemptSummary],
        schedule: list[StoredCard] | None,
    ) -> None:
        self.path = path
        self._total = total
        self._newest = newest
        self._all: list[AttemptSummary] | None = newest if len(newest) >= total else None
        self._schedule = schedule

    @property
    def schedule(self) -> list[StoredCard]:
        """Each attempted scenario's schedule state (``History.schedule()``), read when first
        asked for if it was not read up front."""
        if self._schedule is None:
            with open_history(self.path) as history:
                self._schedule = history.schedule()
        return self._schedule

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> AttemptSummary: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[AttemptSummary]: ...
    def __getitem__(self, index: int | slice) -> AttemptSummary | Sequence[AttemptSummary]:
        if isinstance(index, int) and 0 <= index < len(self._newest):
            return self._newest[index]
        return self.everything()[index]

    def __iter__(self) -> Iterator[AttemptSummary]:
        return iter(self.everything())

    def everything(self) -> list[AttemptSummary]:
        """All the summaries, read once."""
        if self._all is None:
            with open_history(self.path) as history:
                self._all = history.summaries()
        return self._all

    def oldest_first(self) -> Iterator[AttemptSummary]:
        """Every attempt's facts, oldest first (by start time, then id), streamed from the file
        unless they were all read already."""
        if self._all is not None:
            yield from reversed(self._all)
            return
        with open_history(self.path) as history:
            yield from history.iter_summaries()

    def progress(self, tz: tzinfo | None, *, tail: int) -> progress_state.ProgressFacts | None:
        """``History.progress_facts`` (None when the sums cannot be used)."""
        with open_history(self.path) as history:
            return history.progress_facts(tz, tail=tail)

    def tried(self) -> dict[str, int]:
        """Attempts per scenario id."""
        return {row.scenario_id: row.attempts for row in self.schedule}

    def of_scenarios(self, scenario_ids: Collection[str]) -> list[AttemptSummary]:
        """The summaries of these scenarios' attempts, newest first."""
        if not scenario_ids:
            return []
        if self._all is not None:
            return [a for a in self._all if a.scenario_id in scenario_ids]
        with open_history(self.path) as history:
            return history.summaries(scenario_ids=scenario_ids)

    def started_between(self, start: datetime, end: datetime) -> set[str]:
        """Scenarios with an attempt started from ``start`` up to (not including) ``end``."""
        if self._all is not None:
            return {a.scenario_id for a in self._all if start <= a.started_at < end}
        with open_history(self.path) as history:
            return history.scenarios_started(start, end)

    def newest_skill_scores(self, recent: int) -> dict[str, list[float]]:
        """Each skill's ``recent`` newest scores, newest first (by start time, then id, like
        ``summaries()``): read from the newest attempts until every skill in the history has
        them, so a long history is read only as far back as its rarest skill needs."""
        wanted: dict[str, int] = {}
        for row in self.schedule:
            for skill, count in row.skills.items():
                wanted[skill] = wanted.get(skill, 0) + count
        scores: dict[str, list[float]] = {}

        def take(skill_scores: dict[str, float]) -> bool:
            for skill, value in skill_scores.items():
                bucket = scores.setdefault(skill, [])
                if len(bucket) < recent:
                    bucket.append(float(value))
            return all(len(scores.get(s, ())) >= min(recent, n) for s, n in wanted.items())

        for attempt in self._newest:
            if take(attempt.skill_scores):
                return scores
        if len(self._newest) >= self._total:
            return scores
        scores.clear()
        with open_history(self.path) as history:
            for skill_scores in history.skill_scores_newest_first():
                if take(skill_scores):
                    break
        return scores


def open_history(path: Path | None = None) -> History:
    """Open (creating or upgrading) the history. Raises ``UserError`` for a damaged file."""
    path = path or history_path()
    if path.is_dir():
        raise UserError(f"{path}: expected the history file but found a folder; move it away")
    try:
        with _errors(path):
            conn = _connect(path)
            try:
                migrate(conn)
            except BaseException:
                conn.close()
                raise
    except (ReadOnlyStorage, PermissionRefused) as exc:
        if not path.is_file():
            raise
        try:
            conn = _connect_read_only(path)
        except sqlite3.Error:
            raise exc from None  # what stopped the normal open says more than the fallback
        return History(path, conn, read_only=True)
    history = History(path, conn)
    try:
        history.import_rescued()
        history.keep_schedule()
    except BaseException:
        history.close()
        raise
    return history


def record_attempt(attempt: Attempt, path: Path | None = None) -> None:
    """Open the history, save ``attempt``, close. What a drill calls when it finishes.

    When the history cannot be opened or written, the attempt is kept as JSON next to it
    (``history-unsaved/``), imported on the next successful open, and the ``UserError`` says so.
    """
    path = path or history_path()
    try:
        history = open_history(path)
    except UserError as exc:
        raise _kept(path, attempt, exc) from exc
    with history:
        history.save(attempt)


def rescue_attempt(path: Path, attempt: Attempt) -> Path:
    """Keep an attempt that could not be saved as JSON in ``history-unsaved/``."""
    target = rescue_dir(path) / f"{attempt.id}.json"
    atomic_write_text(target, attempt.to_json(indent=2) + "\n")
    return target


def _kept(path: Path, attempt: Attempt, exc: UserError) -> UserError:
    """The save error, extended with where the attempt was kept instead."""
    try:
        kept = rescue_attempt(path, attempt)
    except (OSError, UserError) as write_exc:
        return type(exc)(f"{exc}; the attempt could not be kept either ({write_exc})")
    return type(exc)(f"{exc} (this attempt was kept in {kept} and will be added next time)")


# --- backups and reset ------------------------------------------------------------------------


def backup_path(path: Path, now: datetime) -> Path:
    """``history.sqlite3.20260302-140501.bak`` next to the file; never an existing name."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}.{stamp}-{counter}.bak")
    return candidate


def copy_raw(path: Path, now: datetime) -> Path:
    """Copy the file's bytes (and its WAL sidecar, if any) to a backup, for a file SQLite cannot
    read; the backup opens as the same database when copied back."""
    target = backup_path(path, now)
    shutil.copy2(path, target)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + "-wal"))
    return target


@record(frozen=True)
class ResetResult:
    path: Path
    backup: Path | None
    """Where the old history was kept; None when there was nothing to keep."""
    removed: int | None
    """Attempts removed; None when the old file could not be read (it was set aside whole)."""


def reset_history(path: Path | None = None, *, now: datetime | None = None) -> ResetResult:
    """Start an empty history, keeping the old one as a timestamped backup next to it.

    A readable history is backed up with SQLite's backup API (a consistent snapshot even in WAL
    mode), then emptied in one transaction; if another process wrote in between, the backup is
    taken again. An unreadable file is copied byte for byte, then moved aside.
    """
    path = path or history_path()
    now = now or datetime.now(UTC)
    if not path.exists():
        return ResetResult(path, None, 0)
    try:
        history = open_history(path)
    except HistoryDamaged:
        backup = copy_raw(path, now)
        for sidecar in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            sidecar.unlink(missing_ok=True)
        open_history(path).close()
        return ResetResult(path, backup, None)
    with history, _errors(path):
        conn = history._conn
        for _ in range(5):
            before = conn.execute("PRAGMA data_version").fetchone()[0]
            backup = backup_path(path, now)
            target = sqlite3.connect(backup)
            try:
                conn.backup(target)
            finally:
                target.close()
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("PRAGMA data_version").fetchone()[0] != before:
                conn.execute("ROLLBACK")  # written meanwhile: the backup would miss it
                backup.unlink(missing_ok=True)
                continue
            try:
                removed = conn.execute("DELETE FROM attempts").rowcount
                conn.execute("DELETE FROM schedule")
                conn.execute("DELETE FROM progress_days")
                conn.execute("DELETE FROM progress_meta")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return ResetResult(path, backup, removed)
    raise UserError(f"{path}: the history kept changing during the reset; try again")
