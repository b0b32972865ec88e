"""What ``progress`` reads, kept in the history next to the attempts as per-day sums.

The attempts are the source of truth; the ``progress_days`` table holds, for each calendar day
where the user is, the sums ``practice.progress`` would take walking every attempt of that day
oldest first: each skill's and each stage's scores (sum and count), attempts per stage, partial,
drill and overtime counts, and the mock sessions. So ``progress`` reads a row per day and kind
instead of every attempt, whatever the length of the history.

Days depend on the time zone, so the table says which zone its days are in
(``progress_meta.zone``, see ``zone_key``). Saving an attempt recomputes the days it touches (its
day, and its old day when it is saved again) from those days' attempts, in the same transaction
as the attempt: each day's sums are taken in the same order as the walk's, so the figures are
identical to it. The whole table is rebuilt from the attempts when it is missing, when it was
written for another zone or under other rules (``RULES_VERSION``), or when it does not count
every attempt; a reader whose zone cannot be named (``zone_key`` gives None) or a read-only
history that would need a rebuild walks the attempts instead.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time as _time
from collections.abc import Iterable, Iterator
from dataclasses import field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from supportprep.records import record

RULES_VERSION = 1
"""Bump when what a day's rows hold changes: stored tables are rebuilt."""

TABLE = (
    """
    CREATE TABLE progress_days (
        day TEXT PRIMARY KEY,
        sums TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE progress_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        zone TEXT NOT NULL,
        rules_version INTEGER NOT NULL,
        attempts INTEGER NOT NULL
    )
    """,
    # The answers calibration takes, in history order: ``read`` reads them without scanning
    # every attempt (the condition is ``_JUDGED``'s, word for word, so SQLite uses it).
    """
    CREATE INDEX attempts_judged ON attempts (started_at, id, score, coverage)
    WHERE score IS NOT NULL AND coverage IS NOT NULL AND coalesce(judgement_version, 1) >= 2
    AND coalesce(insight_confidence, '') != 'low'
    """,
)
"""The migration that adds the tables (empty: the first ``progress`` fills them)."""

# A day's ``sums``: JSON (one row a day: a long history's read is a few thousand rows) with
# ``SKILL`` and ``STAGE``: ``{key: [total, count]}``; ``ATTEMPTS``: ``{stage: count}`` in the
# order the day's attempts first met each stage (so the walk's order of stages is rebuilt);
# ``MOCK``: the mock session ids; ``PARTIAL``, ``DRILL``, ``TIMED``, ``OVERTIME`` (of the timed),
# ``SKIPPED``: counts.
SKILL, STAGE, ATTEMPTS, PARTIAL, DRILL, TIMED, OVERTIME, MOCK, SKIPPED = (
    "skill",
    "stage",
    "attempts",
    "partial",
    "drill",
    "timed",
    "overtime",
    "mock",
    "skipped",
)

_FACTS = (
    "id, started_at, stage, mode, session_id, score, partial, overtime_seconds, skill_scores, "
    "coverage, judgement_version, insight_confidence, timing"
)
# Scored attempts with a coverage that calibration takes (judged by meaning, not doubted); the
# others are only counted (``SKIPPED``), as ``practice.progress.calibration`` does.
_JUDGED = (
    "score IS NOT NULL AND coverage IS NOT NULL AND coalesce(judgement_version, 1) >= 2 "
    "AND coalesce(insight_confidence, '') != 'low'"
)

_NO_SINGLE_OFFSET = timedelta.max


def _local(moment: datetime, tz: tzinfo | None) -> date:
    return moment.astimezone(tz).date()


class LocalDays:
    """An attempt's local day, as ``moment.astimezone(tz).date()`` gives it, without asking the
    time zone each time: the zone's offset is looked up once per UTC day (and the exact way on a
    day when the clocks change), which is most of the cost of a long history otherwise."""

    def __init__(self, tz: tzinfo | None) -> None:
        self.tz = tz
        self.offsets: dict[int, timedelta] = {}

    def __call__(self, moment: datetime) -> date:
        if moment.tzinfo is UTC:  # as the history stores them: no conversion needed
            utc = moment
        else:
            offset_now = moment.utcoffset()
            if offset_now is None:  # naive: what ``astimezone`` makes of it
                return _local(moment, self.tz)
            utc = (moment - offset_now).replace(tzinfo=UTC)
        day = utc.toordinal()
        offset = self.offsets.get(day)
        if offset is None:
            start = datetime.combine(utc.date(), time.min, UTC)
            first = start.astimezone(self.tz).utcoffset()
            end = start + timedelta(days=1, microseconds=-1)
            same = first is not None and first == end.astimezone(self.tz).utcoffset()
            offset = first if same and first is not None else _NO_SINGLE_OFFSET
            self.offsets[day] = offset
        if offset is _NO_SINGLE_OFFSET:
            return _local(moment, self.tz)
        return (utc + offset).date()


def zone_key(tz: tzinfo | None) -> str | None:
    """A name for the zone that two processes agree on, or None when there is none (an unknown
    ``tzinfo``): the system zone (None) is named by what decides it here (``TZ``, the zone file
    it points to, and the names and offsets the C library took from them)."""
    if tz is None:
        localtime = Path("/etc/localtime")
        target = str(localtime.resolve()) if localtime.exists() else ""
        return (
            f"local:TZ={os.environ.get('TZ', '')};file={target};names={_time.tzname};"
            f"offsets={_time.timezone},{_time.altzone}"
        )
    from zoneinfo import ZoneInfo  # here: home and next import this module, not zones

    if isinstance(tz, ZoneInfo):
        return f"zoneinfo:{tz.key}"
    if isinstance(tz, timezone):
        return f"fixed:{tz.utcoffset(None)}"
    return None


def _stamp(moment: datetime) -> str:
    """The history's sortable UTC form (``store.history._stamp``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@record
class _Sum:
    total: float = 0.0
    n: int = 0

    def add(self, value: float) -> None:
        # The walk starts a day's sum at its first value; 0.0 + v is v exactly, so the sums agree.
        self.total += value
        self.n += 1


@record
class _Day:
    rows: dict[tuple[str, str], _Sum] = field(default_factory=dict)

    def add(self, kind: str, key: str, value: float = 0.0) -> None:
        row = self.rows.get((kind, key))
        if row is None:
            row = self.rows[(kind, key)] = _Sum()
        row.add(value)


def _add(days: dict[str, _Day], local: LocalDays, facts: tuple[Any, ...]) -> None:
    """One attempt (``_FACTS`` columns), added to its day; attempts come oldest first."""
    (attempt_id, started, stage, mode, session_id, score, partial, overtime, skills, coverage,
     judged, confidence, timing) = facts  # fmt: skip
    moment = datetime.fromisoformat(started)
    day_key = local(moment).isoformat()
    day = days.get(day_key)
    if day is None:
        day = days[day_key] = _Day()
    day.add(ATTEMPTS, stage)
    if partial:
        day.add(PARTIAL, "")
    if mode == "drill":
        day.add(DRILL, "")
    elif mode == "mock":
        day.add(MOCK, session_id or attempt_id)
    if timing != "untimed":  # an untimed answer had no limit to run past
        day.add(TIMED, "")
        if float(overtime) > 0:
            day.add(OVERTIME, "")
    scores = json.loads(skills)
    if type(scores) is not dict:
        raise ValueError(f"attempt {attempt_id}: skill_scores is not an object of numbers")
    for skill, value in scores.items():
        day.add(SKILL, skill, float(value))
    if score is not None:
        day.add(STAGE, stage, float(score))
        if coverage is not None and ((judged or 1) < 2 or confidence == "low"):
            day.add(SKIPPED, "")


def _write_days(conn: sqlite3.Connection, days: dict[str, _Day]) -> None:
    def sums(day: _Day) -> str:
        kinds: dict[str, Any] = {}
        for (kind, key), row in day.rows.items():
            if kind in (SKILL, STAGE):
                kinds.setdefault(kind, {})[key] = [row.total, row.n]
            elif kind == ATTEMPTS:
                kinds.setdefault(kind, {})[key] = row.n
            elif kind == MOCK:
                kinds.setdefault(kind, []).append(key)
            else:
                kinds[kind] = row.n
        # Floats go through JSON exactly (shortest repr), so the sums read back unchanged.
        return json.dumps(kinds, ensure_ascii=False, separators=(",", ":"))

    conn.executemany(
        "INSERT INTO progress_days VALUES (?, ?)", ((d, sums(day)) for d, day in days.items())
    )


def _set_meta(conn: sqlite3.Connection, zone: str) -> None:
    total: int = conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
    conn.execute(
        "INSERT OR REPLACE INTO progress_meta VALUES (1, ?, ?, ?)", (zone, RULES_VERSION, total)
    )


def rebuild(conn: sqlite3.Connection, tz: tzinfo | None, zone: str) -> None:
    """The whole table again from the attempts, for ``tz`` (named ``zone``), inside the caller's
    transaction: one walk oldest first."""
    conn.execute("DELETE FROM progress_days")
    local = LocalDays(tz)
    # A few rows per day: a long history's days fit in memory; the attempts are streamed.
    days: dict[str, _Day] = {}
    for facts in _batched(conn, f"SELECT {_FACTS} FROM attempts ORDER BY started_at, id"):
        _add(days, local, facts)
    _write_days(conn, days)
    _set_meta(conn, zone)


def _batched(conn: sqlite3.Connection, sql: str, params: Iterable[object] = ()) -> Iterator[Any]:
    cursor = conn.execute(sql, list(params))
    while rows := cursor.fetchmany(1000):
        yield from rows


def stale(conn: sqlite3.Connection, zone: str, *, schedule_kept: bool) -> bool:
    """Whether the table is missing, for another zone or rules, or misses attempts;
    ``schedule_kept``: the schedule table is up to date, so its count is every attempt's (read
    from a row per scenario rather than counting the attempts)."""
    meta = conn.execute("SELECT zone, rules_version, attempts FROM progress_meta").fetchone()
    if meta is None or meta[0] != zone or meta[1] != RULES_VERSION:
        return True
    counted = (
        "SELECT coalesce(sum(attempts), 0) FROM schedule"
        if schedule_kept
        else "SELECT count(*) FROM attempts"
    )
    total: int = conn.execute(counted).fetchone()[0]
    return bool(meta[2] != total)


def started_of(conn: sqlite3.Connection, ids: list[str]) -> list[str]:
    """When these attempts (those already saved) started: their days may change on a save."""
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(f"SELECT started_at FROM attempts WHERE id IN ({marks})", ids)
    return [r[0] for r in rows]


def saved(conn: sqlite3.Connection, started: Iterable[str], added: int) -> None:
    """Bring the table up to date after attempts that started at ``started`` (the new start
    times and, for attempts saved again, the old ones) were written in this transaction,
    ``added`` of them new. A table that was not up to date before (another zone's or rules', or
    one that did not count every attempt) is left to be rebuilt by the next reader."""
    meta = conn.execute("SELECT zone, rules_version, attempts FROM progress_meta").fetchone()
    if meta is None:
        return
    zone, rules, counted = meta
    total: int = conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
    try:
        if rules != RULES_VERSION or counted + added != total:
            raise LookupError(zone)
        tz = _zone(zone)
        local = LocalDays(tz)
        for day in sorted({local(datetime.fromisoformat(s)) for s in started}):
            _recompute(conn, local, day)
    except (LookupError, ValueError, TypeError):
        # Dropping the meta row makes the next reader rebuild (and report a damaged row).
        conn.execute("DELETE FROM progress_meta")
        return
    conn.execute("UPDATE progress_meta SET attempts = ?", (total,))


def _zone(zone: str) -> tzinfo | None:
    """The zone a stored name stands for in this process. ``LookupError`` when this process
    cannot tell that zone's days the same way (another system zone, an unknown zone)."""
    if zone.startswith("zoneinfo:"):
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(zone.removeprefix("zoneinfo:"))
        except (ValueError, OSError) as exc:
            raise LookupError(zone) from exc
    if zone == zone_key(UTC):
        return UTC
    if zone == zone_key(None):
        return None
    raise LookupError(zone)


def _recompute(conn: sqlite3.Connection, local: LocalDays, day: date) -> None:
    """One day's rows again from its attempts (read with a day's margin either side: no zone is
    more than a day from UTC), oldest first as the walk takes them."""
    low = datetime.combine(day - timedelta(days=1), time.min, UTC)
    high = datetime.combine(day + timedelta(days=2), time.min, UTC)
    sql = (
        f"SELECT {_FACTS} FROM attempts WHERE started_at >= ? AND started_at < ? "
        "ORDER BY started_at, id"
    )
    days: dict[str, _Day] = {}
    for facts in conn.execute(sql, (_stamp(low), _stamp(high))):
        if local(datetime.fromisoformat(facts[1])) == day:
            _add(days, local, facts)
    conn.execute("DELETE FROM progress_days WHERE day = ?", (day.isoformat(),))
    _write_days(conn, days)


DaySums = dict[str, Any]
"""One day's ``sums`` (see the kinds above)."""


@record(frozen=True)
class ProgressFacts:
    """What ``practice.progress.summarize`` needs, read without walking the attempts."""

    days: list[tuple[date, DaySums]]
    """Every day's sums, by day."""
    overall_tail: list[float]
    """The newest scores (up to ``tail``), oldest first."""
    stage_tails: dict[str, list[float]]
    skill_tails: dict[str, list[float]]
    first: datetime | None
    last: datetime | None
    scenarios: int
    calibration: list[tuple[float, float]]
    """The judged attempts' score and coverage, oldest first (the others are ``SKIPPED`` rows)."""


def read(conn: sqlite3.Connection, tail: int, *, schedule_kept: bool) -> ProgressFacts:
    """The table and the few newest values the trends need (the table must be up to date);
    ``schedule_kept``: the schedule table is up to date, so it counts the scenarios tried."""
    days: list[tuple[date, DaySums]] = [
        (date.fromisoformat(day), json.loads(sums))
        for day, sums in conn.execute("SELECT day, sums FROM progress_days ORDER BY day")
    ]
    newest = "ORDER BY started_at DESC, id DESC LIMIT ?"
    overall = [
        float(r[0])
        for r in conn.execute(
            f"SELECT score FROM attempts WHERE score IS NOT NULL {newest}", (tail,)
        )
    ]
    wanted: dict[str, int] = {}
    stages: dict[str, list[float]] = {}
    for _, sums in days:
        for skill, (_, n) in sums.get(SKILL, {}).items():
            wanted[skill] = wanted.get(skill, 0) + n
        for stage in sums.get(STAGE, {}):
            if stage not in stages:
                stages[stage] = [
                    float(r[0])
                    for r in conn.execute(
                        f"SELECT score FROM attempts WHERE stage = ? AND score IS NOT NULL "
                        f"{newest}",
                        (stage, tail),
                    )
                ][::-1]
    skills: dict[str, list[float]] = {skill: [] for skill in wanted}
    if wanted:
        cursor = conn.execute(
            "SELECT id, skill_scores FROM attempts ORDER BY started_at DESC, id DESC"
        )
        done = False
        while not done and (rows := cursor.fetchmany(200)):
            for attempt_id, text in rows:
                scores = json.loads(text)
                if type(scores) is not dict:
                    raise ValueError(f"attempt {attempt_id}: skill_scores is not an object")
                for skill, value in scores.items():
                    bucket = skills[skill]
                    if len(bucket) < tail:
                        bucket.append(float(value))
                if all(len(skills[s]) >= min(tail, n) for s, n in wanted.items()):
                    done = True
                    break
        cursor.close()
    # Apart: SQLite answers a lone min() or max() from the index, both together by a scan.
    first = conn.execute("SELECT min(started_at) FROM attempts").fetchone()[0]
    last = conn.execute("SELECT max(started_at) FROM attempts").fetchone()[0]
    counted = (
        "SELECT count(*) FROM schedule"
        if schedule_kept
        else "SELECT count(DISTINCT scenario_id) FROM attempts"
    )
    scenarios: int = conn.execute(counted).fetchone()[0]
    calibration = [
        (float(score), float(coverage))
        for score, coverage in conn.execute(
            f"SELECT score, coverage FROM attempts WHERE {_JUDGED} ORDER BY started_at, id"
        )
    ]
    return ProgressFacts(
        days=days,
        overall_tail=overall[::-1],
        stage_tails=stages,
        skill_tails={skill: values[::-1] for skill, values in skills.items()},
        first=None if first is None else datetime.fromisoformat(first),
        last=None if last is None else datetime.fromisoformat(last),
        scenarios=scenarios,
        calibration=calibration,
    )
