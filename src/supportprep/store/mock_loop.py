"""The mock loop in progress, kept so an interrupted loop can be resumed (``mock --resume``).

One JSON file in the data home, ``mock-loop.json``: the loop's session id, when it started, the
options it runs with, and each stage's scenario and how it ended (not yet, scored, kept partial,
skipped) with the attempt it saved. It is written atomically under the lock after every stage,
so a crash, a closed terminal or Ctrl-C leaves the loop as it was after the last stage, and it is
removed when the loop finishes. Only one loop is kept: a new loop replaces an unfinished one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

from supportprep.errors import refused
from supportprep.paths import data_home
from supportprep.records import record
from supportprep.store.files import atomic_write_text, locked, read_user_file, unreadable
from supportprep.store.records import dump, json_value, parse_object, validate

LOOP_FILE = "mock-loop.json"
FORMAT_VERSION = 1
WHAT = "the unfinished mock loop"

StageStatus = Literal["pending", "scored", "partial", "skipped"]
"""``pending``: not run yet, or stopped before it ended (resume runs it again); ``partial``: kept
unscored and moved on; ``skipped``: the user skipped it."""
STATUSES: tuple[str, ...] = get_args(StageStatus)


@record(frozen=True)
class LoopStage:
    stage: str
    scenario_id: str
    status: StageStatus = "pending"
    attempt_id: str | None = None

    @property
    def done(self) -> bool:
        return self.status != "pending"


@record(frozen=True)
class LoopState:
    """A mock loop: its stages in order and how far it got."""

    session_id: str
    started_at: datetime
    stages: tuple[LoopStage, ...]
    reading_seconds: int = 0
    strict: bool = False
    speak: bool = False
    save_answer: bool = True
    time_limit: int | None = None
    """``--time``: every stage's answer clock in seconds, or None for the scenarios' own."""
    untimed: bool = False

    @property
    def next_index(self) -> int | None:
        """The position of the first stage not done yet; None when every stage is."""
        return next((i for i, s in enumerate(self.stages) if not s.done), None)

    @property
    def finished(self) -> bool:
        return self.next_index is None

    def with_stage(self, index: int, status: StageStatus, attempt_id: str | None) -> LoopState:
        stages = list(self.stages)
        stages[index] = replace(stages[index], status=status, attempt_id=attempt_id)
        return replace(self, stages=tuple(stages))

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "session_id": self.session_id,
            "started_at": json_value(self.started_at),
            "reading_seconds": self.reading_seconds,
            "strict": self.strict,
            "speak": self.speak,
            "save_answer": self.save_answer,
            "time_limit": self.time_limit,
            "untimed": self.untimed,
            "stages": [
                {
                    "stage": s.stage,
                    "scenario": s.scenario_id,
                    "status": s.status,
                    "attempt_id": s.attempt_id,
                }
                for s in self.stages
            ],
        }


def loop_path() -> Path:
    return data_home() / LOOP_FILE


def _parse(path: Path, raw: str) -> LoopState:
    data = parse_object(path, WHAT, raw)

    def field(name: str, kind: Any, default: Any = None) -> Any:
        return validate(path, WHAT, kind, data.get(name, default), (name,))

    stages_data = field("stages", list[dict[str, Any]])
    stages: list[LoopStage] = []
    for index, item in enumerate(stages_data):
        status = validate(path, WHAT, StageStatus, item.get("status"), ("stages", index, "status"))
        stages.append(
            LoopStage(
                stage=validate(path, WHAT, str, item.get("stage"), ("stages", index, "stage")),
                scenario_id=validate(
                    path, WHAT, str, item.get("scenario"), ("stages", index, "scenario")
                ),
                status=status,
                attempt_id=validate(
                    path, WHAT, str | None, item.get("attempt_id"), ("stages", index, "attempt_id")
                ),
            )
        )
    if not stages:
        raise unreadable(path, WHAT, "stages: no stages")
    started = field("started_at", datetime)
    if started.tzinfo is None:
        raise unreadable(path, WHAT, "started_at: no time zone")
    return LoopState(
        session_id=field("session_id", str),
        started_at=started,
        stages=tuple(stages),
        reading_seconds=field("reading_seconds", int, 0),
        strict=field("strict", bool, False),
        speak=field("speak", bool, False),
        save_answer=field("save_answer", bool, True),
        # Absent in loops saved before --time: the scenarios' own clocks.
        time_limit=field("time_limit", int | None, None),
        untimed=field("untimed", bool, False),
    )


def load_loop(path: Path | None = None) -> LoopState | None:
    """The unfinished loop, or None when there is none. A file that cannot be read raises the
    store's one-line "cannot read" error (``UserError``); the file is left as it is."""
    path = path or loop_path()
    raw = read_user_file(path, WHAT)
    return None if raw is None else _parse(path, raw)


def save_loop(state: LoopState, path: Path | None = None) -> None:
    """Replace the saved loop with ``state``, atomically, under the lock."""
    path = path or loop_path()
    with locked(path, f"save {WHAT}"):
        atomic_write_text(path, dump(state.to_jsonable()), action=f"save {WHAT}")


def clear_loop(path: Path | None = None) -> None:
    """Forget the saved loop (it finished, or a new one replaces it)."""
    path = path or loop_path()
    with locked(path, f"remove {WHAT}"):
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise refused(path, f"remove {WHAT}", exc) from exc
