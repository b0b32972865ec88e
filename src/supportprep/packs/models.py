"""The content model: what a pack file may hold, validated strictly.

A pack is a directory with a ``pack.yaml`` manifest and any number of content files (``*.yaml``
anywhere below it). Each content file is a mapping whose keys are content kinds (``roles``,
``variants``, ``industries``, ``skills``, ``stages``, ``rubrics``, ``scenarios``, ``checklists``,
``plans``), each holding a list of items. Every model forbids unknown keys so a typo is an error,
not a silently ignored field.

Applicability lists (``roles``, ``variants``, ``industries`` on scenarios, checklist items and
plans) name ids of the taxonomy; an empty list means "applies to all".

The models are frozen stdlib dataclasses, not pydantic models: importing this module (which
unpickling cached content does on every run) must not import pydantic, whose import alone costs
about as much as starting a bare Typer app. Pydantic still validates them (``validator()`` builds
its validator on first use): it reads the settings from ``__pydantic_config__`` and the
constraints, checks and JSON Schema descriptions from the ``Annotated`` metadata below, small
hooks of ours that pydantic calls and that import nothing. (Attribute docstrings would read better
as descriptions, but pydantic finds them by parsing this file's source once per class, which
added about 80 ms to every load that validates.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field, fields, is_dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar

from supportprep.records import record

if TYPE_CHECKING:
    from pydantic import TypeAdapter

FORMAT_VERSION = 1
"""The pack format this build reads. A pack declaring a newer one is refused with a clear error."""

T = TypeVar("T")

# --- pydantic metadata that needs no pydantic import -----------------------------------------
# Pydantic calls these hooks only while it builds a validator or a JSON Schema.


class _Limits:
    """Constraints pydantic checks itself (``min_length``, ``max_length``, ``pattern``, ``ge``,
    ``gt``, ``le``): the keys of ``Field()``, with the same errors and JSON Schema. Written here
    rather than taken from annotated_types, whose import costs a cached run about 15 ms."""

    __slots__ = ("limits",)

    def __init__(self, **limits: int | float | str) -> None:
        self.limits = limits

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        return {**handler(source), **self.limits}


class _Check:
    """Run ``check`` on the value, ``before`` pydantic parses it or after; a ``ValueError`` it
    raises becomes an error at the field, with its message."""

    __slots__ = ("check", "mode")

    def __init__(self, check: Callable[[Any], Any], *, before: bool = False) -> None:
        self.check = check
        self.mode = "before" if before else "after"

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        return {
            "type": f"function-{self.mode}",
            "function": {"type": "no-info", "function": self.check},
            "schema": handler(source),
        }


class _Describe:
    """A description for the JSON Schema of a type (fields take their docstring instead)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __get_pydantic_json_schema__(self, schema: Any, handler: Callable[[Any], Any]) -> Any:
        json_schema = handler(schema)
        json_schema["description"] = self.text
        return json_schema


def _not_blank(value: object) -> object:
    # YAML turns `key: ""` into "", an authoring slip; checked before whitespace is stripped.
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be blank")
    return value


_NOT_BLANK = _Check(_not_blank, before=True)

Id = Annotated[
    str,
    _Limits(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$"),
    _Describe("A stable id: lower-case letters, digits and dashes. History is keyed by it."),
    _NOT_BLANK,
]
Text = Annotated[
    str, _Limits(min_length=1), _Describe("Plain text; never read as markup."), _NOT_BLANK
]
Seconds = Annotated[int, _Limits(ge=10, le=7200), _Describe("A duration in seconds."), _NOT_BLANK]


class _Strict:
    """Settings pydantic applies when it validates the dataclasses below."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "frozen": True,
        "str_strip_whitespace": True,
    }


def _known_format(value: int) -> int:
    if value > FORMAT_VERSION:
        raise ValueError(
            f"format {value} is newer than this supportprep reads ({FORMAT_VERSION}); "
            "upgrade supportprep"
        )
    return value


@record(frozen=True, kw_only=True)
class Manifest(_Strict):
    """``pack.yaml``: who the pack is and which format it is written in."""

    id: Id
    name: Text
    version: Annotated[
        str, _Limits(pattern=r"^\d+\.\d+(\.\d+)?$"), _Describe("e.g. 1.2.0"), _NOT_BLANK
    ]
    format_version: Annotated[
        int,
        _Limits(ge=1),
        _Check(_known_format),
        _Describe("The pack format; this build reads 1."),
        _NOT_BLANK,
    ]
    description: Text
    authors: list[Text] = field(default_factory=list)


# --- taxonomy ---------------------------------------------------------------------------------


@record(frozen=True, kw_only=True)
class Role(_Strict):
    """A target role, e.g. Customer Support Manager."""

    id: Id
    name: Text
    description: Text


@record(frozen=True, kw_only=True)
class Variant(_Strict):
    """What a posting may really mean: tier 1, tier 2, support operations, community, on-call."""

    id: Id
    name: Text
    description: Text


@record(frozen=True, kw_only=True)
class Industry(_Strict):
    """An industry lens: the constraints that shape interviews there."""

    id: Id
    name: Text
    constraints: Annotated[list[Text], _Limits(min_length=1)]
    neighbours: Annotated[
        list[Id],
        _Describe(
            "Industry ids whose scenarios come next, after this industry's own and the "
            "industry-neutral ones, when a profile in this industry has too few to practise."
        ),
    ] = field(default_factory=list)


@record(frozen=True, kw_only=True)
class Skill(_Strict):
    """A row of the skill matrix: rubric criteria are tagged with one."""

    id: Id
    name: Text
    good_looks_like: Text
    proof: Annotated[Text, _Describe("What evidence a candidate should bring for this skill.")]


@record(frozen=True, kw_only=True)
class Stage(_Strict):
    """A stage of the hiring loop, or a kind of question asked across it (behavioural, metrics)."""

    id: Id
    name: Text
    tests: Annotated[Text, _Describe("What this stage tests, in one or two sentences.")]
    listens_for: Annotated[list[Text], _Limits(min_length=1)]
    common_failures: Annotated[list[Text], _Limits(min_length=1)]
    time_limit_seconds: Annotated[Seconds, _Describe("Default answer time for its scenarios.")]
    loop_position: Annotated[
        Annotated[int, _Limits(ge=1), _NOT_BLANK] | None,
        _Describe("Order in the mock loop; stages without one are practised but not in `mock`."),
    ] = None
    prep_habit: Text | None = None
    reflection: Annotated[
        Text | None,
        _Describe(
            "A question offered after a drill of this stage, answered without a clock; "
            "the answer is kept with the attempt."
        ),
    ] = None


# --- rubrics ----------------------------------------------------------------------------------


@record(frozen=True, kw_only=True)
class LevelAnchors(_Strict):
    """What an answer at each level concretely does; the user picks the one that fits."""

    weak: Annotated[Text, _Describe("Level 1.")]
    developing: Annotated[Text, _Describe("Level 2.")]
    solid: Annotated[Text, _Describe("Level 3.")]
    strong: Annotated[Text, _Describe("Level 4.")]

    def by_level(self) -> dict[int, str]:
        return {1: self.weak, 2: self.developing, 3: self.solid, 4: self.strong}


@record(frozen=True, kw_only=True)
class Criterion(_Strict):
    id: Id
    name: Text
    skill: Annotated[Id, _Describe("A skill id from the taxonomy.")]
    weight: Annotated[float, _Limits(gt=0, le=10), _NOT_BLANK] = 1.0
    levels: LevelAnchors
    advice: Annotated[Text, _Describe("What to practise when this criterion scores low.")]


@record(frozen=True, kw_only=True)
class Rubric(_Strict):
    id: Id
    name: Text
    stage: Annotated[
        Id | None,
        _Describe("The stage this rubric is written for; left out, it may score any stage."),
    ] = None
    description: Text | None = None
    criteria: Annotated[list[Criterion], _Limits(min_length=1)]

    def __post_init__(self) -> None:
        _require_unique([c.id for c in self.criteria], "criterion")


# --- scenarios --------------------------------------------------------------------------------


class Difficulty(StrEnum):
    FOUNDATION = "foundation"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


MAX_WHY_CHAIN = 3
"""How many times a follow-up may ask "why?" of the candidate's own last reply."""


@record(frozen=True, kw_only=True)
class FollowUp(_Strict):
    question: Text
    time_limit_seconds: Seconds = 120
    listens_for: Annotated[Text | None, _Describe("What a good reply shows.")] = None
    probes: Annotated[
        list[Annotated[int, _Limits(ge=1), _NOT_BLANK]],
        _Describe(
            "The strong-answer points (numbered from 1, in the scenario's order) this follow-up "
            "digs into. A drill asks first the follow-ups probing points the answer missed, and "
            "holds back those whose points were all made (the candidate can ask for one more)."
        ),
    ] = field(default_factory=list)
    why_chain: Annotated[
        int,
        _Limits(ge=0, le=MAX_WHY_CHAIN),
        _Describe(
            'After the reply, ask "why?" of the candidate\'s own last reply this many times '
            "(0 to 3), as an interviewer testing a prioritization would."
        ),
        _NOT_BLANK,
    ] = 0


@record(frozen=True, kw_only=True)
class Inject(_Strict):
    """A new fact the interviewer hands over while the candidate is still answering."""

    at_seconds: Annotated[
        int,
        _Limits(ge=1, le=7200),
        _Describe("When it arrives, in seconds after the answer clock starts."),
        _NOT_BLANK,
    ]
    text: Annotated[Text, _Describe("The new fact, e.g. 'Engineering: the rollback failed.'")]
    source: Annotated[
        Text | None, _Describe("Who brings it: 'Engineering lead', 'The customer', 'Your VP'.")
    ] = None
    listens_for: Annotated[
        Text,
        _Describe(
            "What a reaction to it shows; the answer insights check the text typed after it "
            "arrived against this, as they check a strong-answer point."
        ),
    ]
    criterion: Annotated[
        Id | None,
        _Describe("The rubric criterion that credits reacting to it, named when scoring."),
    ] = None


FORMULA_INPUTS: dict[str, tuple[str, ...]] = {
    "traffic-intensity": ("contacts", "interval_minutes", "aht_seconds"),
    "erlang-c-wait-probability": ("contacts", "interval_minutes", "aht_seconds", "agents"),
    "erlang-c-service-level": (
        "contacts",
        "interval_minutes",
        "aht_seconds",
        "agents",
        "answer_seconds",
    ),
    "erlang-c-asa": ("contacts", "interval_minutes", "aht_seconds", "agents"),
    "erlang-c-agents": (
        "contacts",
        "interval_minutes",
        "aht_seconds",
        "answer_seconds",
        "service_level",
    ),
    "occupancy": ("contacts", "interval_minutes", "aht_seconds", "agents"),
    "shrinkage-gross-up": ("agents", "shrinkage"),
    "erlang-c-scheduled-agents": (
        "contacts",
        "interval_minutes",
        "aht_seconds",
        "answer_seconds",
        "service_level",
        "shrinkage",
    ),
    "occupancy-from-hours": ("handle_hours", "available_hours"),
    "workload-fte": ("volumes", "handle_minutes", "paid_hours_per_fte", "shrinkage"),
    "fcr-rate": ("resolved_first_contact", "resolved"),
    "reopen-rate": ("reopened", "resolved"),
    "backlog-burn-down": ("backlog", "daily_inflow", "daily_closed"),
}
"""The formulas a calculation question may name and the inputs each needs. Percentages
(``service_level``, ``shrinkage``) are written as percent, 80 for 80%. ``fcr-rate`` and
``reopen-rate`` take lists (a table's column) and sum them, as ``occupancy-from-hours`` does
its ``handle_hours`` (talk and hold, after-call work); ``workload-fte`` pairs each volume
with its handle time. ``backlog-burn-down`` may add
``start_date`` (YYYY-MM-DD); its answer is then the date the backlog reaches zero. The formulas
themselves live once, in ``practice/workforce.py``."""

FORMULA_OPTIONAL_INPUTS: dict[str, tuple[str, ...]] = {
    "erlang-c-agents": ("max_occupancy",),
    "erlang-c-scheduled-agents": ("max_occupancy",),
    "workload-fte": ("occupancy",),
    "backlog-burn-down": ("start_date",),
}

Formula = Literal[
    "traffic-intensity",
    "erlang-c-wait-probability",
    "erlang-c-service-level",
    "erlang-c-asa",
    "erlang-c-agents",
    "occupancy",
    "shrinkage-gross-up",
    "erlang-c-scheduled-agents",
    "occupancy-from-hours",
    "workload-fte",
    "fcr-rate",
    "reopen-rate",
    "backlog-burn-down",
]

InputValue = Annotated[
    float | list[float] | date,
    _Describe("A number, a list of numbers (a table column), or a date (YYYY-MM-DD)."),
]


@record(frozen=True, kw_only=True)
class Calculation(_Strict):
    """A question with a number for an answer, checked against ``answer`` within ``tolerance``.

    ``formula`` and ``inputs`` say how the answer is computed; a test recomputes every bundled
    answer with the engine, so a question can never carry a number worked out by hand.
    """

    id: Id
    question: Annotated[Text, _Describe("What the interviewer asks; include every number needed.")]
    formula: Formula
    inputs: dict[str, InputValue]
    answer: Annotated[
        float | date, _Describe("The expected answer (a date for a burn-down with a start date).")
    ]
    tolerance: Annotated[
        float,
        _Limits(ge=0),
        _Describe("How far off an answer may be and still count (days, for a date)."),
        _NOT_BLANK,
    ] = 0
    unit: Annotated[
        Text | None, _Describe("What the number counts: 'agents', '%', 'seconds', 'days'.")
    ] = None
    time_limit_seconds: Seconds = 180

    def __post_init__(self) -> None:
        needed = FORMULA_INPUTS[self.formula]
        allowed = needed + FORMULA_OPTIONAL_INPUTS.get(self.formula, ())
        missing = [name for name in needed if name not in self.inputs]
        if missing:
            raise ValueError(
                f"formula '{self.formula}' needs inputs {', '.join(needed)}; "
                f"missing: {', '.join(missing)}"
            )
        unknown = [name for name in self.inputs if name not in allowed]
        if unknown:
            raise ValueError(
                f"formula '{self.formula}' takes inputs {', '.join(allowed)}; "
                f"not: {', '.join(unknown)}"
            )
        if isinstance(self.answer, date) != ("start_date" in self.inputs):
            raise ValueError(
                "the answer is a date exactly when a burn-down has a start_date; "
                "otherwise it is a number"
            )


@record(frozen=True, kw_only=True)
class Point(_Strict):
    """A strong-answer point with other ways a candidate might put it, for the answer insights."""

    text: Annotated[Text, _Describe("The point, as shown to the user.")]
    also: Annotated[
        list[Text],
        _Describe(
            "Other phrasings of the same point; the insights credit the point when the answer "
            "makes any of them."
        ),
    ] = field(default_factory=list)


@record(frozen=True, kw_only=True)
class Scenario(_Strict):
    id: Id
    title: Text
    stage: Id
    roles: list[Id] = field(default_factory=list)
    variants: list[Id] = field(default_factory=list)
    industries: list[Id] = field(default_factory=list)
    difficulty: Difficulty = Difficulty.INTERMEDIATE
    time_limit_seconds: Annotated[
        Seconds | None, _Describe("Answer time; the stage's default when omitted.")
    ] = None
    prompt: Annotated[Text, _Describe("What the interviewer says or hands over.")]
    context: Annotated[
        list[Text],
        _Limits(min_length=1),
        _Describe("Facts on the table: numbers, people, constraints, tools."),
    ]
    follow_ups: list[FollowUp] = field(default_factory=list)
    strong_answer_points: Annotated[
        list[Text | Point],
        _Limits(min_length=2),
        _Describe("What a strong answer does: plain text, or {text, also} with other phrasings."),
    ]
    red_flags: Annotated[list[Text], _Limits(min_length=1)]
    rubric: Id
    skip_criteria: Annotated[
        list[Id],
        _Describe(
            "Criterion ids of the rubric that do not apply to this scenario: the drill does not "
            "ask them and the score leaves them out."
        ),
    ] = field(default_factory=list)
    talking_points: Annotated[list[Text], _Describe("Terms a strong answer tends to use.")] = field(
        default_factory=list
    )
    injects: Annotated[
        list[Inject],
        _Describe("New facts that arrive while the candidate answers, in order of arrival."),
    ] = field(default_factory=list)
    calculations: Annotated[
        list[Calculation],
        _Describe("Questions with a checked numeric answer, asked after the main answer."),
    ] = field(default_factory=list)

    def __post_init__(self) -> None:
        points = len(self.strong_answer_points)
        for i, follow_up in enumerate(self.follow_ups, start=1):
            for point in follow_up.probes:
                if point > points:
                    raise ValueError(
                        f"follow-up {i} probes strong-answer point {point}, but the scenario "
                        f"has {points} (numbered 1 to {points})"
                    )
        times = [inject.at_seconds for inject in self.injects]
        if times != sorted(set(times)):
            raise ValueError("injects must arrive at different times, in order of at_seconds")
        limit = self.time_limit_seconds
        if limit is not None and times and times[-1] >= limit:
            raise ValueError(
                f"an inject at {times[-1]} seconds arrives after the time limit ({limit} seconds)"
            )
        _require_unique([c.id for c in self.calculations], "calculation")

    def points(self) -> list[Point]:
        return [p if isinstance(p, Point) else Point(text=p) for p in self.strong_answer_points]

    def point_texts(self) -> list[str]:
        return [p.text if isinstance(p, Point) else p for p in self.strong_answer_points]

    if not TYPE_CHECKING:  # at run time only: for the type checker every field is declared

        def __getattr__(self, name: str) -> Any:
            # Python calls this only for an attribute not set: a scenario served from the
            # content cache whose long texts (prompt, follow-ups, ...) nothing has read yet; they
            # are decoded now, for every scenario at once (``packs/cache.py``).
            rest = self.__dict__.get("_rest")
            if rest is None or name not in rest.names:
                raise AttributeError(f"'Scenario' object has no attribute {name!r}")
            rest.fill()
            return self.__dict__[name]


# --- checklists -------------------------------------------------------------------------------


class ChecklistCategory(StrEnum):
    STORIES = "stories"
    ARTIFACTS = "artifacts"
    RESEARCH = "research"
    QUESTIONS = "questions-to-ask"
    COMPENSATION = "compensation"
    PRACTICE = "practice"
    LOGISTICS = "logistics"


@record(frozen=True, kw_only=True)
class ChecklistItem(_Strict):
    id: Id
    text: Text
    category: ChecklistCategory
    roles: list[Id] = field(default_factory=list)
    variants: list[Id] = field(default_factory=list)
    industries: list[Id] = field(default_factory=list)
    due_days_before: Annotated[
        int,
        _Limits(ge=-1, le=120),
        _Describe(
            "How many days before the interview this should be done; -1 for the day after "
            "(a recap note)."
        ),
        _NOT_BLANK,
    ]
    skill: Annotated[Id | None, _Describe("The skill this item builds, if any.")] = None
    stage: Annotated[Id | None, _Describe("The loop stage this item serves, if any.")] = None
    why: Text | None = None


@record(frozen=True, kw_only=True)
class Checklist(_Strict):
    id: Id
    name: Text
    description: Text | None = None
    items: Annotated[list[ChecklistItem], _Limits(min_length=1)]


# --- plans ------------------------------------------------------------------------------------


class PlanKind(StrEnum):
    FIRST_90_DAYS = "first-90-days"
    JOB_SEARCH = "job-search"


@record(frozen=True, kw_only=True)
class Phase(_Strict):
    days: Literal[30, 60, 90]
    title: Text
    goals: Annotated[list[Text], _Limits(min_length=1)]
    actions: Annotated[list[Text], _Limits(min_length=1)]
    artifacts: Annotated[list[Text], _Limits(min_length=1)]
    success_signs: Annotated[list[Text], _Limits(min_length=1)]


@record(frozen=True, kw_only=True)
class Plan(_Strict):
    id: Id
    kind: PlanKind
    title: Text
    summary: Text
    roles: list[Id] = field(default_factory=list)
    industries: list[Id] = field(default_factory=list)
    phases: Annotated[list[Phase], _Limits(min_length=3, max_length=3)]

    def __post_init__(self) -> None:
        if [p.days for p in self.phases] != [30, 60, 90]:
            raise ValueError("phases must be the 30, 60 and 90 day phases, in that order")


# --- answer insights --------------------------------------------------------------------------


@record(frozen=True, kw_only=True)
class InsightRule(_Strict):
    """A deterministic check on the wording of an answer; its id is the finding code.

    Phrases match case-insensitively on word boundaries. A ``present`` rule flags matches (at least
    ``min_count`` of them); a match is excused when its sentence or the next one contains an
    ``unless`` phrase. An ``absent`` rule flags an answer in which no sentence contains a phrase
    (and, when ``with_any`` is given, one of those too, in the same sentence). ``stages`` limits
    a rule to answers to scenarios of those stages; ``except_stages`` excludes stages. A phrase
    may hold tokens (``{time}``, ``{date}``, ``{clock}``, ``{number}``, ``{party}``,
    ``{owner}``) for what no list of words can hold; see ``practice/insights.py``.
    """

    id: Id
    name: Annotated[Text, _Describe("Short label, e.g. 'Hedging with no plan'.")]
    message: Annotated[Text, _Describe("What the user should do about it.")]
    flag_when: Literal["present", "absent"]
    phrases: Annotated[list[Text], _Limits(min_length=1)]
    unless: list[Text] = field(default_factory=list)
    with_any: list[Text] = field(default_factory=list)
    min_count: Annotated[int, _Limits(ge=1, le=100), _NOT_BLANK] = 1
    structure: Annotated[
        Text | None,
        _Describe(
            "For absent rules: the part of a structured answer this checks, e.g. "
            "'Verification'; shown in the structure list."
        ),
    ] = None
    stages: Annotated[
        list[Id], _Describe("Stage ids this rule applies to; empty or left out for every stage.")
    ] = field(default_factory=list)
    except_stages: Annotated[
        list[Id],
        _Describe("Stage ids this rule never applies to, e.g. filler words in a written reply."),
    ] = field(default_factory=list)


@record(frozen=True, kw_only=True)
class ExampleAnswer(_Strict):
    """An answer to a scenario written to sit at one rubric level, so a candidate can see what
    "solid" and "strong" look like, and grade it blind (``supportprep grade``)."""

    id: Id
    scenario: Annotated[Id, _Describe("The scenario this answers; its rubric is the one graded.")]
    level: Annotated[
        int,
        _Limits(ge=1, le=4),
        _Describe("The level the answer sits at on every criterion not listed in `levels`."),
        _NOT_BLANK,
    ]
    answer: Annotated[Text, _Describe("The answer, as a candidate would type or say it.")]
    levels: Annotated[
        dict[Id, Annotated[int, _Limits(ge=1, le=4)]],
        _Describe("Criterion id to intended level, where it differs from `level`."),
    ] = field(default_factory=dict)
    why: Annotated[
        Text | None, _Describe("What puts the answer at this level, shown after grading.")
    ] = None


# --- files ------------------------------------------------------------------------------------

KINDS: tuple[str, ...] = (
    "roles",
    "variants",
    "industries",
    "skills",
    "stages",
    "rubrics",
    "scenarios",
    "checklists",
    "plans",
    "insights",
    "examples",
)

SCHEMA_KEY = "$schema"
"""A content file may name its JSON Schema for editors; the loader takes it out before
validating (it is not content), ``packs/schema.py`` describes it."""


@record(frozen=True, kw_only=True)
class ContentFile(_Strict):
    """One content file: any subset of the kinds, each a list of items."""

    roles: list[Role] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    industries: list[Industry] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    rubrics: list[Rubric] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    checklists: list[Checklist] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    insights: list[InsightRule] = field(default_factory=list)
    examples: list[ExampleAnswer] = field(default_factory=list)


def _require_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"duplicate {what} id '{item_id}'")
        seen.add(item_id)


def validator(model: type[T]) -> TypeAdapter[T]:
    """Pydantic's validator (and JSON Schema generator) for a model, built on first use."""
    adapter = _VALIDATORS.get(model)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _VALIDATORS[model] = TypeAdapter(model)
    return adapter


_VALIDATORS: dict[type[Any], TypeAdapter[Any]] = {}


def jsonable(value: Any, *, exclude_none: bool = False) -> Any:
    """A model (or list of them) as plain JSON types, enums as their values; ``exclude_none``
    leaves out unset optional fields at every level. Needs no pydantic."""
    if is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if item is None and exclude_none:
                continue
            out[f.name] = jsonable(item, exclude_none=exclude_none)
        return out
    if isinstance(value, list | tuple):
        return [jsonable(item, exclude_none=exclude_none) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
