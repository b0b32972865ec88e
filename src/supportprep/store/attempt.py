"""One practice attempt: what was asked, how long it took, how it was scored.

This is the record a drill hands to the store. It keeps a snapshot of each criterion's skill and
weight so history stays meaningful after a pack's rubric is edited; everything is keyed by the
scenario's stable id.

Records are plain frozen dataclasses (docs/architecture.md, "Records"): building, comparing and
writing one needs no pydantic. A record is checked where it comes in from outside
(``Attempt.from_json``: a history row or a rescued file written earlier) by a small checker
written out here, because every everyday command reads the history.

The JSON form is the one the history has always stored (``to_json`` writes it byte for byte as
the earlier pydantic model did), so histories written by earlier versions open unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from supportprep.records import record

Mode = Literal["drill", "mock"]
Timing = Literal["custom", "untimed"]
"""How an answer was timed when not by the scenario's own clock: a limit the user set
(``time_limit_seconds`` holds it), or no clock at all (``time_limit_seconds`` is 0)."""


def _stamp(moment: datetime) -> str:
    """ISO 8601 as the history has always stored it: UTC written as ``Z``."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


def new_id() -> str:
    """A new attempt's id: a random UUID's hex. uuid is imported here, when an attempt is made,
    not by every command that reads the history (its import, with platform's, is ~8 ms)."""
    from uuid import uuid4

    return uuid4().hex


@record(frozen=True)
class FollowUpAnswer:
    question: str
    time_limit_seconds: int
    duration_seconds: float
    overtime_seconds: float
    answer: str | None = None

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "time_limit_seconds": self.time_limit_seconds,
            "duration_seconds": float(self.duration_seconds),
            "overtime_seconds": float(self.overtime_seconds),
            "answer": self.answer,
        }


@record(frozen=True)
class Reflection:
    """The stage's reflection question, asked after the drill without a clock, and the reply."""

    question: str
    answer: str

    def to_jsonable(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer}


@record(frozen=True)
class CriterionScore:
    id: str
    name: str
    skill: str
    weight: float
    level: int
    """1-4."""

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "skill": self.skill,
            "weight": float(self.weight),
            "level": self.level,
        }


@record(frozen=True)
class InjectRecord:
    """A new fact the interviewer handed over, and when."""

    text: str
    at_seconds: int
    """When the scenario schedules it."""
    arrived_at_seconds: float
    """Answer-clock time it appeared on screen."""
    during_answer: bool
    """True: it arrived while the candidate answered; False: they had submitted before it was
    due, so it was handed over then and answered on its own."""
    source: str | None = None
    reply: str | None = None
    """The reaction, when it was asked on its own."""
    reacted: bool | None = None
    """Whether the text written after it reacts to it (answer insights); None when not judged."""

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "source": self.source,
            "at_seconds": self.at_seconds,
            "arrived_at_seconds": float(self.arrived_at_seconds),
            "during_answer": self.during_answer,
            "reply": self.reply,
            "reacted": self.reacted,
        }


@record(frozen=True)
class CalculationRecord:
    """A calculation question, the number given and whether it was within tolerance."""

    id: str
    question: str
    expected: float | str
    """A number, or a date as YYYY-MM-DD."""
    tolerance: float
    correct: bool
    given: float | str | None = None
    """None: skipped."""
    unit: str | None = None

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "expected": self.expected,
            "given": self.given,
            "tolerance": float(self.tolerance),
            "unit": self.unit,
            "correct": self.correct,
        }


@record(frozen=True)
class RoomRecord:
    """What made the stage behave like the real room: injects and checked numbers."""

    injects: list[InjectRecord] = field(default_factory=list)
    calculations: list[CalculationRecord] = field(default_factory=list)

    @property
    def calculations_correct(self) -> int:
        return sum(c.correct for c in self.calculations)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "injects": [i.to_jsonable() for i in self.injects],
            "calculations": [c.to_jsonable() for c in self.calculations],
        }


@record(frozen=True)
class Attempt:
    """A finished (or knowingly kept partial) attempt at one scenario."""

    scenario_id: str
    scenario_title: str
    stage: str
    rubric: str
    started_at: datetime
    finished_at: datetime
    time_limit_seconds: int
    duration_seconds: float
    """Main answer time, reading time excluded."""
    overtime_seconds: float
    id: str = field(default_factory=new_id)
    mode: Mode = "drill"
    session_id: str | None = None
    """Shared by the stages of one mock."""
    answer: str | None = None
    spoken: bool = False
    follow_ups: list[FollowUpAnswer] = field(default_factory=list)
    criteria: list[CriterionScore] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    score: float | None = None
    """0-100; None when unscored."""
    skill_scores: dict[str, float] = field(default_factory=dict)
    verdict: str | None = None
    partial: bool = False
    """Stopped early and kept by the user."""
    coverage: float | None = None
    """Share (0-1) of strong-answer points made, or story parts told, from answer insights."""
    findings: list[str] = field(default_factory=list)
    """Finding codes from answer insights (hedge, blame...)."""
    judgement_version: int | None = None
    """How coverage was judged: missing or 1 = word matching, 2 = by meaning."""
    insight_confidence: Literal["low", "medium", "high"] | None = None
    """How sure the insights were of that judgement."""
    reflection: Reflection | None = None
    """The reply to the stage's reflection question, when one was written."""
    room: RoomRecord | None = None
    """Injects that arrived and calculation results; None for a scenario with neither."""
    timing: Timing | None = None
    """None: timed by the scenario's clock; otherwise a custom limit or untimed."""

    @property
    def levels(self) -> dict[str, int]:
        return {c.id: c.level for c in self.criteria}

    @property
    def total_overtime_seconds(self) -> float:
        return self.overtime_seconds + sum(f.overtime_seconds for f in self.follow_ups)

    @property
    def calculation_missed(self) -> bool:
        """A checked calculation was answered wrong or skipped."""
        return self.room is not None and any(not c.correct for c in self.room.calculations)

    def replace(self, **changes: Any) -> Attempt:
        """A copy with ``changes`` (a partial attempt later finished, a renamed scenario)."""
        return replace(self, **changes)

    def to_jsonable(self) -> dict[str, Any]:
        """The stored form, in the stored key order; ``room`` only when there is one, so an
        attempt without it is stored exactly as before."""
        data = {
            "id": self.id,
            "scenario_id": self.scenario_id,
            "scenario_title": self.scenario_title,
            "stage": self.stage,
            "rubric": self.rubric,
            "mode": self.mode,
            "session_id": self.session_id,
            "started_at": _stamp(self.started_at),
            "finished_at": _stamp(self.finished_at),
            "time_limit_seconds": self.time_limit_seconds,
            "duration_seconds": float(self.duration_seconds),
            "overtime_seconds": float(self.overtime_seconds),
            "answer": self.answer,
            "spoken": self.spoken,
            "follow_ups": [f.to_jsonable() for f in self.follow_ups],
            "criteria": [c.to_jsonable() for c in self.criteria],
            "red_flags": list(self.red_flags),
            "score": _float(self.score),
            "skill_scores": {k: float(v) for k, v in self.skill_scores.items()},
            "verdict": self.verdict,
            "partial": self.partial,
            "coverage": _float(self.coverage),
            "findings": list(self.findings),
            # Written only when set, so records of spoken answers and older ones keep their form.
            **(
                {}
                if self.judgement_version is None
                else {"judgement_version": self.judgement_version}
            ),
            **(
                {}
                if self.insight_confidence is None
                else {"insight_confidence": self.insight_confidence}
            ),
            **({} if self.reflection is None else {"reflection": self.reflection.to_jsonable()}),
        }
        if self.room is not None:
            data["room"] = self.room.to_jsonable()
        if self.timing is not None:
            data["timing"] = self.timing
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The JSON the history stores: compact (or indented), non-ASCII kept as is."""
        separators = (",", ":") if indent is None else (",", ": ")
        return json.dumps(
            self.to_jsonable(), ensure_ascii=False, indent=indent, separators=separators
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Attempt:
        """Read a stored attempt, checking every field; ``ValueError`` names the first problem."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise _Bad(f"not JSON ({exc})") from None
        return _checked(data)

    @classmethod
    def from_jsonable(cls, data: Any) -> Attempt:
        """``from_json`` for data already parsed from JSON (an export read back, a script)."""
        return _checked(data)


class AttemptFacts(Protocol):
    """What the progress, schedule and skill rules read from an attempt: an ``Attempt``, or an
    ``AttemptSummary`` read from the history's columns without the answer texts."""

    @property
    def id(self) -> str: ...
    @property
    def scenario_id(self) -> str: ...
    @property
    def scenario_title(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def mode(self) -> Mode: ...
    @property
    def session_id(self) -> str | None: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def finished_at(self) -> datetime: ...
    @property
    def score(self) -> float | None: ...
    @property
    def skill_scores(self) -> dict[str, float]: ...
    @property
    def verdict(self) -> str | None: ...
    @property
    def partial(self) -> bool: ...
    @property
    def coverage(self) -> float | None: ...
    @property
    def total_overtime_seconds(self) -> float: ...
    @property
    def judgement_version(self) -> int | None: ...
    @property
    def insight_confidence(self) -> Literal["low", "medium", "high"] | None: ...
    @property
    def calculation_missed(self) -> bool: ...
    @property
    def timing(self) -> Timing | None: ...


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """An attempt's facts without its answers, criteria or follow-ups: what home, ``next``,
    ``progress`` and the checklist need, read from the history's columns (no record JSON), so
    their cost does not grow with how much was written."""

    id: str
    scenario_id: str
    scenario_title: str
    stage: str
    mode: Mode
    session_id: str | None
    started_at: datetime
    finished_at: datetime
    score: float | None
    skill_scores: dict[str, float]
    verdict: str | None
    partial: bool
    coverage: float | None
    total_overtime_seconds: float
    judgement_version: int | None
    insight_confidence: Literal["low", "medium", "high"] | None
    calculation_missed: bool = False
    timing: Timing | None = None


@dataclass(frozen=True, slots=True)
class JudgedCriteria:
    """What calibration per criterion reads of an attempt whose answer was judged by meaning:
    its scores per criterion and the insights' coverage, without the answer texts."""

    id: str
    started_at: datetime
    score: float | None
    coverage: float | None
    judgement_version: int | None
    insight_confidence: Literal["low", "medium", "high"] | None
    criteria: list[CriterionScore]


def criteria_from_json(text: str) -> list[CriterionScore]:
    """A stored record's ``criteria`` list (its JSON), checked like ``Attempt.from_json``."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _Bad(f"criteria: not JSON ({exc})") from None
    return [_criterion(c, f"criteria[{i}]") for i, c in enumerate(_items(data, "criteria"))]


class _Bad(ValueError):
    """A stored record that breaks the rules; the message names the field."""


def _number(value: Any, name: str, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"{name}: expected a number, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise _Bad(f"{name}: {value} is outside {low} to {high}")
    return float(value)


def _integer(value: Any, name: str, low: int | None = None, high: int | None = None) -> int:
    number = _number(value, name, low, high)
    if number != int(number):
        raise _Bad(f"{name}: expected a whole number, got {value!r}")
    return int(number)


def _text(value: Any, name: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _Bad(f"{name}: expected text, got {value!r}")
    return value


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"{name}: expected true or false, got {value!r}")
    return value


def _moment(value: Any, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_text(value, name))
    except ValueError:
        raise _Bad(f"{name}: not a date and time: {value!r}") from None
    if moment.tzinfo is None:
        raise _Bad(f"{name}: no time zone in {value!r}")
    return moment


def _items(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(f"{name}: expected a list, got {value!r}")
    return value


def _fields(value: Any, name: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{name}: expected an object, got {value!r}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _Bad(f"{name}: unknown field {unknown[0]!r}")
    missing = sorted(required - set(value))
    if missing:
        raise _Bad(f"{name}: missing field {missing[0]!r}")
    return value


_ATTEMPT_REQUIRED = {
    "scenario_id",
    "scenario_title",
    "stage",
    "rubric",
    "started_at",
    "finished_at",
    "time_limit_seconds",
    "duration_seconds",
    "overtime_seconds",
}
_ATTEMPT_FIELDS = _ATTEMPT_REQUIRED | {
    "id",
    "mode",
    "session_id",
    "answer",
    "spoken",
    "follow_ups",
    "criteria",
    "red_flags",
    "score",
    "skill_scores",
    "verdict",
    "partial",
    "coverage",
    "findings",
    "judgement_version",
    "insight_confidence",
    "reflection",
    "room",
    "timing",
}
_FOLLOW_UP_FIELDS = {"question", "time_limit_seconds", "duration_seconds", "overtime_seconds"}
_CRITERION_FIELDS = {"id", "name", "skill", "weight", "level"}
_INJECT_REQUIRED = {"text", "at_seconds", "arrived_at_seconds", "during_answer"}
_INJECT_FIELDS = _INJECT_REQUIRED | {"source", "reply", "reacted"}
_CALCULATION_REQUIRED = {"id", "question", "expected", "tolerance", "correct"}
_CALCULATION_FIELDS = _CALCULATION_REQUIRED | {"given", "unit"}


def _number_or_date(value: Any, name: str, *, optional: bool = False) -> float | str | None:
    if value is None and optional:
        return None
    if isinstance(value, str):
        return value
    return _number(value, name)


def _room(value: Any) -> RoomRecord | None:
    if value is None:
        return None
    data = _fields(value, "room", {"injects", "calculations"}, set())
    injects = []
    for i, item in enumerate(_items(data.get("injects", []), "room.injects")):
        name = f"room.injects[{i}]"
        raw = _fields(item, name, _INJECT_FIELDS, _INJECT_REQUIRED)
        reacted = raw.get("reacted")
        injects.append(
            InjectRecord(
                text=_text(raw["text"], f"{name}.text"),
                source=_text(raw.get("source"), f"{name}.source", optional=True),
                at_seconds=_integer(raw["at_seconds"], f"{name}.at_seconds", 0),
                arrived_at_seconds=_number(
                    raw["arrived_at_seconds"], f"{name}.arrived_at_seconds", 0
                ),
                during_answer=_flag(raw["during_answer"], f"{name}.during_answer"),
                reply=_text(raw.get("reply"), f"{name}.reply", optional=True),
                reacted=None if reacted is None else _flag(reacted, f"{name}.reacted"),
            )
        )
    calculations = []
    for i, item in enumerate(_items(data.get("calculations", []), "room.calculations")):
        name = f"room.calculations[{i}]"
        raw = _fields(item, name, _CALCULATION_FIELDS, _CALCULATION_REQUIRED)
        expected = _number_or_date(raw["expected"], f"{name}.expected")
        assert expected is not None
        calculations.append(
            CalculationRecord(
                id=_text(raw["id"], f"{name}.id"),
                question=_text(raw["question"], f"{name}.question"),
                expected=expected,
                given=_number_or_date(raw.get("given"), f"{name}.given", optional=True),
                tolerance=_number(raw["tolerance"], f"{name}.tolerance", 0),
                unit=_text(raw.get("unit"), f"{name}.unit", optional=True),
                correct=_flag(raw["correct"], f"{name}.correct"),
            )
        )
    return RoomRecord(injects=injects, calculations=calculations)


def _follow_up(value: Any, name: str) -> FollowUpAnswer:
    data = _fields(value, name, _FOLLOW_UP_FIELDS | {"answer"}, _FOLLOW_UP_FIELDS)
    return FollowUpAnswer(
        question=_text(data["question"], f"{name}.question"),
        time_limit_seconds=_integer(data["time_limit_seconds"], f"{name}.time_limit_seconds"),
        duration_seconds=_number(data["duration_seconds"], f"{name}.duration_seconds"),
        overtime_seconds=_number(data["overtime_seconds"], f"{name}.overtime_seconds"),
        answer=_text(data.get("answer"), f"{name}.answer", optional=True),
    )


def _reflection(value: Any, name: str) -> Reflection | None:
    if value is None:
        return None
    data = _fields(value, name, {"question", "answer"}, {"question", "answer"})
    return Reflection(
        question=_text(data["question"], f"{name}.question"),
        answer=_text(data["answer"], f"{name}.answer"),
    )


def _criterion(value: Any, name: str) -> CriterionScore:
    data = _fields(value, name, _CRITERION_FIELDS, _CRITERION_FIELDS)
    return CriterionScore(
        id=_text(data["id"], f"{name}.id"),
        name=_text(data["name"], f"{name}.name"),
        skill=_text(data["skill"], f"{name}.skill"),
        weight=_number(data["weight"], f"{name}.weight"),
        level=_integer(data["level"], f"{name}.level", 1, 4),
    )


def _checked(value: Any) -> Attempt:
    """An attempt from its stored JSON form, every field checked by hand: reading the history is
    on the path of every everyday command, and importing pydantic would cost more than the rest
    of the command (docs/architecture.md, "Records")."""
    data = _fields(value, "attempt", _ATTEMPT_FIELDS, _ATTEMPT_REQUIRED)
    mode = data.get("mode", "drill")
    if mode not in ("drill", "mock"):
        raise _Bad(f"mode: expected drill or mock, got {mode!r}")
    optional_number = {
        "score": (0.0, 100.0),
        "coverage": (0.0, 1.0),
    }
    numbers: dict[str, float | None] = {}
    for key, (low, high) in optional_number.items():
        raw = data.get(key)
        numbers[key] = None if raw is None else _number(raw, key, low, high)
    skill_scores = data.get("skill_scores", {})
    if not isinstance(skill_scores, dict):
        raise _Bad(f"skill_scores: expected an object, got {skill_scores!r}")
    return Attempt(
        id=_text(data["id"], "id") if "id" in data else new_id(),
        scenario_id=_text(data["scenario_id"], "scenario_id"),
        scenario_title=_text(data["scenario_title"], "scenario_title"),
        stage=_text(data["stage"], "stage"),
        rubric=_text(data["rubric"], "rubric"),
        mode=mode,
        session_id=_text(data.get("session_id"), "session_id", optional=True),
        started_at=_moment(data["started_at"], "started_at"),
        finished_at=_moment(data["finished_at"], "finished_at"),
        time_limit_seconds=_integer(data["time_limit_seconds"], "time_limit_seconds"),
        duration_seconds=_number(data["duration_seconds"], "duration_seconds", 0),
        overtime_seconds=_number(data["overtime_seconds"], "overtime_seconds", 0),
        answer=_text(data.get("answer"), "answer", optional=True),
        spoken=_flag(data.get("spoken", False), "spoken"),
        follow_ups=[
            _follow_up(f, f"follow_ups[{i}]")
            for i, f in enumerate(_items(data.get("follow_ups", []), "follow_ups"))
        ],
        criteria=[
            _criterion(c, f"criteria[{i}]")
            for i, c in enumerate(_items(data.get("criteria", []), "criteria"))
        ],
        red_flags=[
            _text(f, f"red_flags[{i}]")
            for i, f in enumerate(_items(data.get("red_flags", []), "red_flags"))
        ],
        score=numbers["score"],
        skill_scores={
            _text(k, "skill_scores"): _number(v, f"skill_scores.{k}")
            for k, v in skill_scores.items()
        },
        verdict=_text(data.get("verdict"), "verdict", optional=True),
        partial=_flag(data.get("partial", False), "partial"),
        coverage=numbers["coverage"],
        findings=[
            _text(f, f"findings[{i}]")
            for i, f in enumerate(_items(data.get("findings", []), "findings"))
        ],
        judgement_version=_judgement_version(data.get("judgement_version")),
        insight_confidence=_confidence(data.get("insight_confidence")),
        reflection=_reflection(data.get("reflection"), "reflection"),
        room=_room(data.get("room")),
        timing=_timing(data.get("timing")),
    )


def _judgement_version(value: Any) -> int | None:
    return None if value is None else _integer(value, "judgement_version", 1, 99)


def _timing(value: Any) -> Timing | None:
    if value is None or value in ("custom", "untimed"):
        return value  # type: ignore[no-any-return]
    raise _Bad(f"timing: expected custom or untimed, got {value!r}")


def _confidence(value: Any) -> Literal["low", "medium", "high"] | None:
    if value is None or value in ("low", "medium", "high"):
        return value  # type: ignore[no-any-return]
    raise _Bad(f"insight_confidence: expected low, medium or high, got {value!r}")


def utcnow() -> datetime:
    return datetime.now(UTC)


class AttemptSink(Protocol):
    """Where finished attempts go. The history store implements it; tests pass a list."""

    def save(self, attempt: Attempt) -> None: ...
