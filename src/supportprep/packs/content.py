"""The merged, validated content every command works from."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from supportprep.packs.models import (
    KINDS,
    Checklist,
    ChecklistItem,
    ExampleAnswer,
    Industry,
    InsightRule,
    Manifest,
    Plan,
    Role,
    Rubric,
    Scenario,
    Skill,
    Stage,
    Variant,
    jsonable,
)
from supportprep.records import record

Source = Literal["bundled", "user", "cli"]


class Origin:
    """Where an item was defined: its file and its index in that file's list for its kind.

    The file is kept as a string and made a ``Path`` only when asked for: content served from
    the cache holds one origin per item, and building 50,000 ``Path`` objects on every run cost
    as much as the rest of a cached load. A slotted class: cheaper to make than a dataclass."""

    __slots__ = ("index", "kind", "path")

    def __init__(self, path: str, kind: str, index: int) -> None:
        self.path = path
        self.kind = kind
        self.index = index

    @property
    def file(self) -> Path:
        return Path(self.path)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return (self.path, self.kind, self.index) == (other.path, other.kind, other.index)

    def __hash__(self) -> int:
        return hash((self.path, self.kind, self.index))

    def __repr__(self) -> str:
        return f"Origin({self.path!r}, {self.kind!r}, {self.index})"


@record
class PackInfo:
    manifest: Manifest
    path: Path
    source: Source
    counts: dict[str, int] = field(default_factory=dict)
    overridden: list[str] = field(default_factory=list)
    """``kind:id`` of items this pack replaced from an earlier pack."""


class Pending(Protocol):
    """The kinds of a :class:`Content` not decoded yet (content served from the cache)."""

    def fill(self, kind: str) -> None:
        """Set the content's ``kind`` attribute (and that kind's origins)."""


@record
class Content:
    packs: list[PackInfo] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)
    variants: dict[str, Variant] = field(default_factory=dict)
    industries: dict[str, Industry] = field(default_factory=dict)
    skills: dict[str, Skill] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    insights: dict[str, InsightRule] = field(default_factory=dict)
    examples: dict[str, ExampleAnswer] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)

    if not TYPE_CHECKING:  # at run time only: for the type checker every attribute is declared

        def __getattr__(self, name: str) -> Any:
            # Python calls this only for an attribute not set yet: a kind of content served from
            # the cache that nothing has asked for, decoded now (``packs/cache.py``).
            pending: Pending | None = self.__dict__.get("_pending")
            if pending is None or name not in KINDS:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            pending.fill(name)
            return self.__dict__[name]

    def kind(self, name: str) -> dict[str, Any]:
        value: dict[str, Any] = getattr(self, name)
        return value

    def loop_stages(self) -> list[Stage]:
        """The stages of the mock loop, in loop order."""
        staged = [s for s in self.stages.values() if s.loop_position is not None]
        return sorted(staged, key=lambda s: (s.loop_position or 0, s.id))

    def time_limit(self, scenario: Scenario) -> int:
        if scenario.time_limit_seconds is not None:
            return scenario.time_limit_seconds
        return self.stages[scenario.stage].time_limit_seconds

    def rubric_for(self, scenario: Scenario) -> Rubric:
        """The rubric a scenario is scored with: its ``rubric`` without the criteria it skips.

        Everything that asks, scores or weighs criteria goes through here, so a skipped criterion
        is never asked, never scored and never counted in a skill's share."""
        rubric = self.rubrics[scenario.rubric]
        if not scenario.skip_criteria:
            return rubric
        skipped = set(scenario.skip_criteria)
        return replace(rubric, criteria=[c for c in rubric.criteria if c.id not in skipped])

    def examples_for(self, scenario_id: str) -> list[ExampleAnswer]:
        """The example answers written for a scenario, lowest level first."""
        found = [e for e in self.examples.values() if e.scenario == scenario_id]
        return sorted(found, key=lambda e: (e.level, e.id))

    def stage_rubrics(self, stage_id: str) -> list[Rubric]:
        """Rubrics written for the stage, then any other rubric its scenarios are scored with.

        A rubric without a stage serves every stage whose scenarios name it, so it counts there.
        """
        ids = [r.id for r in self.rubrics.values() if r.stage == stage_id]
        ids += [s.rubric for s in self.scenarios.values() if s.stage == stage_id]
        return [self.rubrics[i] for i in dict.fromkeys(ids) if i in self.rubrics]

    def checklist_items(self) -> list[tuple[Checklist, ChecklistItem]]:
        return [(c, item) for c in self.checklists.values() for item in c.items]

    def to_jsonable(self) -> dict[str, Any]:
        """The whole merged content as plain JSON types (``packs show --json``)."""
        scenarios = []
        for scenario in self.scenarios.values():
            data = jsonable(scenario)
            data["time_limit_seconds"] = self.time_limit(scenario)
            scenarios.append(data)
        return {
            "packs": [
                {
                    "id": p.manifest.id,
                    "name": p.manifest.name,
                    "version": p.manifest.version,
                    "source": p.source,
                    "path": str(p.path),
                }
                for p in self.packs
            ],
            "roles": _dump(self.roles),
            "variants": _dump(self.variants),
            "industries": _dump(self.industries),
            "skills": _dump(self.skills),
            "stages": _dump(self.stages),
            "rubrics": _dump(self.rubrics),
            "scenarios": scenarios,
            "checklists": _dump(self.checklists),
            "plans": _dump(self.plans),
            "insights": _dump(self.insights),
            "examples": _dump(self.examples),
        }


def _dump(items: dict[str, Any]) -> list[dict[str, Any]]:
    return [jsonable(item, exclude_none=True) for item in items.values()]


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic collector off for a block that builds content: loading (and reading the
    cache) allocates hundreds of thousands of objects that all stay alive and form no cycles
    worth collecting, and the collector would rescan the growing heap again and again (10,000
    scenarios took 2.4x as long per scenario as 1,000; it was half of a cached 50k load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
