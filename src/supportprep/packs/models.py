"""The content model: what a pack file may hold, validated strictly.

A pack is a directory with a ``pack.yaml`` manifest and any number of content files (``*.yaml``
anywhere below it). Each content file is a mapping whose keys are content kinds (``roles``,
``variants``, ``industries``, ``skills``, ``stages``, ``rubrics``, ``scenarios``, ``checklists``,
``plans``), each holding a list of items. Every model forbids unknown keys so a typo is an error,
not a silently ignored field.

Applicability lists (``roles``, ``variants``, ``industries`` on scenarios, checklist items and
plans) name ids of the taxonomy; an empty list means "applies to all".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FORMAT_VERSION = 1
"""The pack format this build reads. A pack declaring a newer one is refused with a clear error."""

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        min_length=1,
        max_length=80,
        description="A stable id: lower-case letters, digits and dashes. History is keyed by it.",
    ),
]
Text = Annotated[str, Field(min_length=1, description="Plain text; never read as markup.")]
Seconds = Annotated[int, Field(ge=10, le=7200, description="A duration in seconds.")]


class Strict(BaseModel):
    # defer_build: validators are built on first validation, not at import. A run served from
    # the content cache never validates, so it never pays the ~100 ms of schema building.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_blank_strings(cls, value: object) -> object:
        # YAML turns `key:` into None and `key: ""` into "", both of which are authoring slips.
        if isinstance(value, str) and not value.strip():
            raise ValueError("must not be blank")
        return value


class Manifest(Strict):
    """``pack.yaml``: who the pack is and which format it is written in."""

    id: Id
    name: Text
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$", description="e.g. 1.2.0")]
    format_version: Annotated[int, Field(ge=1, description="The pack format; this build reads 1.")]
    description: Text
    authors: list[Text] = Field(default_factory=list)

    @field_validator("format_version")
    @classmethod
    def _known_format(cls, value: int) -> int:
        if value > FORMAT_VERSION:
            raise ValueError(
                f"format {value} is newer than this supportprep reads ({FORMAT_VERSION}); "
                "upgrade supportprep"
            )
        return value


# --- taxonomy ---------------------------------------------------------------------------------


class Role(Strict):
    """A target role, e.g. Customer Support Manager."""

    id: Id
    name: Text
    description: Text


class Variant(Strict):
    """What a posting may really mean: tier 1, tier 2, support operations, community, on-call."""

    id: Id
    name: Text
    description: Text


class Industry(Strict):
    """An industry lens: the constraints that shape interviews there."""

    id: Id
    name: Text
    constraints: list[Text] = Field(min_length=1)


class Skill(Strict):
    """A row of the skill matrix: rubric criteria are tagged with one."""

    id: Id
    name: Text
    good_looks_like: Text
    proof: Text = Field(description="What evidence a candidate should bring for this skill.")


class Stage(Strict):
    """A stage of the hiring loop, or a kind of question asked across it (behavioural, metrics)."""

    id: Id
    name: Text
    tests: Text = Field(description="What this stage tests, in one or two sentences.")
    listens_for: list[Text] = Field(min_length=1)
    common_failures: list[Text] = Field(min_length=1)
    time_limit_seconds: Seconds = Field(description="Default answer time for its scenarios.")
    loop_position: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        description="Order in the mock loop; stages without one are practised but not in `mock`.",
    )
    prep_habit: Text | None = None


# --- rubrics ----------------------------------------------------------------------------------


class LevelAnchors(Strict):
    """What an answer at each level concretely does; the user picks the one that fits."""

    weak: Text = Field(description="Level 1.")
    developing: Text = Field(description="Level 2.")
    solid: Text = Field(description="Level 3.")
    strong: Text = Field(description="Level 4.")

    def by_level(self) -> dict[int, str]:
        return {1: self.weak, 2: self.developing, 3: self.solid, 4: self.strong}


class Criterion(Strict):
    id: Id
    name: Text
    skill: Id = Field(description="A skill id from the taxonomy.")
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    levels: LevelAnchors
    advice: Text = Field(description="What to practise when this criterion scores low.")


class Rubric(Strict):
    id: Id
    name: Text
    stage: Id | None = Field(default=None, description="The stage this rubric is written for.")
    description: Text | None = None
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_criteria(self) -> Rubric:
        _require_unique([c.id for c in self.criteria], "criterion")
        return self


# --- scenarios --------------------------------------------------------------------------------


class Difficulty(StrEnum):
    FOUNDATION = "foundation"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class FollowUp(Strict):
    question: Text
    time_limit_seconds: Seconds = 120
    listens_for: Text | None = Field(default=None, description="What a good reply shows.")


class Scenario(Strict):
    id: Id
    title: Text
    stage: Id
    roles: list[Id] = Field(default_factory=list)
    variants: list[Id] = Field(default_factory=list)
    industries: list[Id] = Field(default_factory=list)
    difficulty: Difficulty = Difficulty.INTERMEDIATE
    time_limit_seconds: Seconds | None = Field(
        default=None, description="Answer time; the stage's default when omitted."
    )
    prompt: Text = Field(description="What the interviewer says or hands over.")
    context: list[Text] = Field(
        min_length=1, description="Facts on the table: numbers, people, constraints, tools."
    )
    follow_ups: list[FollowUp] = Field(default_factory=list)
    strong_answer_points: list[Text] = Field(min_length=2)
    red_flags: list[Text] = Field(min_length=1)
    rubric: Id
    talking_points: list[Text] = Field(
        default_factory=list, description="Terms a strong answer tends to use."
    )


# --- checklists -------------------------------------------------------------------------------


class ChecklistCategory(StrEnum):
    STORIES = "stories"
    ARTIFACTS = "artifacts"
    RESEARCH = "research"
    QUESTIONS = "questions-to-ask"
    COMPENSATION = "compensation"
    PRACTICE = "practice"
    LOGISTICS = "logistics"


class ChecklistItem(Strict):
    id: Id
    text: Text
    category: ChecklistCategory
    roles: list[Id] = Field(default_factory=list)
    variants: list[Id] = Field(default_factory=list)
    industries: list[Id] = Field(default_factory=list)
    due_days_before: Annotated[int, Field(ge=0, le=120)] = Field(
        description="How many days before the interview this should be done."
    )
    skill: Id | None = Field(default=None, description="The skill this item builds, if any.")
    stage: Id | None = Field(default=None, description="The loop stage this item serves, if any.")
    why: Text | None = None


class Checklist(Strict):
    id: Id
    name: Text
    description: Text | None = None
    items: list[ChecklistItem] = Field(min_length=1)


# --- plans ------------------------------------------------------------------------------------


class PlanKind(StrEnum):
    FIRST_90_DAYS = "first-90-days"
    JOB_SEARCH = "job-search"


class Phase(Strict):
    days: Literal[30, 60, 90]
    title: Text
    goals: list[Text] = Field(min_length=1)
    actions: list[Text] = Field(min_length=1)
    artifacts: list[Text] = Field(min_length=1)
    success_signs: list[Text] = Field(min_length=1)


class Plan(Strict):
    id: Id
    kind: PlanKind
    title: Text
    summary: Text
    roles: list[Id] = Field(default_factory=list)
    industries: list[Id] = Field(default_factory=list)
    phases: list[Phase] = Field(min_length=3, max_length=3)

    @model_validator(mode="after")
    def _phases_in_order(self) -> Plan:
        if [p.days for p in self.phases] != [30, 60, 90]:
            raise ValueError("phases must be the 30, 60 and 90 day phases, in that order")
        return self


# --- answer insights --------------------------------------------------------------------------


class InsightRule(Strict):
    """A deterministic check on the wording of an answer; its id is the finding code.

    Phrases match case-insensitively on word boundaries. A ``present`` rule flags matches (at least
    ``min_count`` of them); a match is excused when its sentence or the next one contains an
    ``unless`` phrase. An ``absent`` rule flags an answer in which no sentence contains a phrase
    (and, when ``with_any`` is given, one of those too, in the same sentence).
    """

    id: Id
    name: Text = Field(description="Short label, e.g. 'Hedging with no plan'.")
    message: Text = Field(description="What the user should do about it.")
    flag_when: Literal["present", "absent"]
    phrases: list[Text] = Field(min_length=1)
    unless: list[Text] = Field(default_factory=list)
    with_any: list[Text] = Field(default_factory=list)
    min_count: Annotated[int, Field(ge=1, le=100)] = 1
    structure: Text | None = Field(
        default=None,
        description="For absent rules: the part of a structured answer this checks, e.g. "
        "'Verification'; shown in the structure list.",
    )


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
)


class ContentFile(Strict):
    """One content file: any subset of the kinds, each a list of items."""

    schema_: str | None = Field(default=None, alias="$schema", description="Editor schema hint.")
    roles: list[Role] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    industries: list[Industry] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    rubrics: list[Rubric] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)
    checklists: list[Checklist] = Field(default_factory=list)
    plans: list[Plan] = Field(default_factory=list)
    insights: list[InsightRule] = Field(default_factory=list)

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, defer_build=True
    )


def _require_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"duplicate {what} id '{item_id}'")
        seen.add(item_id)
