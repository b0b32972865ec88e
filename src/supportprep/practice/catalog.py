"""The scenarios that fit the user's profile, each with what the history says about it.

``scenarios`` lists them by interview-loop stage (the loop's order, then the other stages), then
by difficulty and title, each marked tried or not, with the best and the last score; the preview
(``scenarios show``) is the scenario as a drill shows it, without starting the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from supportprep.actions import Action, Do, then
from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario
from supportprep.practice.fit import candidates_with_fit
from supportprep.records import record
from supportprep.store.attempt import AttemptFacts
from supportprep.targets import Targets

_DIFFICULTY = {"foundation": 0, "intermediate": 1, "advanced": 2}


@record(frozen=True)
class ScenarioEntry:
    scenario: Scenario
    stage_name: str
    minutes: float
    tries: int
    best: float | None
    last: float | None

    def to_jsonable(self) -> dict[str, Any]:
        s = self.scenario
        return {
            "id": s.id,
            "title": s.title,
            "stage": s.stage,
            "difficulty": str(s.difficulty.value),
            "minutes": self.minutes,
            "tries": self.tries,
            "best_score": self.best,
            "last_score": self.last,
        }


@record(frozen=True)
class Catalog:
    targets: Targets
    entries: list[ScenarioEntry]
    fits_profile: bool
    """False when nothing fits the profile and every scenario is listed instead."""

    @property
    def tried(self) -> int:
        return sum(1 for e in self.entries if e.tries)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "fits_profile": self.fits_profile,
            "count": len(self.entries),
            "tried": self.tried,
            "scenarios": [e.to_jsonable() for e in self.entries],
        }


def build_catalog(
    content: Content,
    targets: Targets,
    attempts: Sequence[AttemptFacts],
    *,
    stage: str | None = None,
    untried: bool = False,
) -> Catalog:
    """``attempts`` newest first."""
    pairs = candidates_with_fit(content, targets)
    pool = [scenario for scenario, _ in pairs]
    fits = any(where.fits for _, where in pairs)
    by_scenario: dict[str, list[AttemptFacts]] = {}
    for attempt in attempts:
        by_scenario.setdefault(attempt.scenario_id, []).append(attempt)
    loop = {s.id: i for i, s in enumerate(content.loop_stages())}
    entries: list[ScenarioEntry] = []
    for scenario in pool:
        if stage is not None and scenario.stage != stage:
            continue
        mine = by_scenario.get(scenario.id, [])
        scores = [a.score for a in mine if a.score is not None and not a.partial]
        if untried and mine:
            continue
        entries.append(
            ScenarioEntry(
                scenario=scenario,
                stage_name=content.stages[scenario.stage].name,
                minutes=content.time_limit(scenario) / 60,
                tries=len(mine),
                best=max(scores) if scores else None,
                last=scores[0] if scores else None,
            )
        )
    entries.sort(
        key=lambda e: (
            loop.get(e.scenario.stage, len(loop)),
            e.scenario.stage,
            _DIFFICULTY.get(str(e.scenario.difficulty.value), 1),
            e.scenario.title.lower(),
        )
    )
    return Catalog(targets=targets, entries=entries, fits_profile=fits)


def find_scenario(content: Content, ref: str) -> Scenario:
    """A scenario by id, whatever the case."""
    wanted = ref.strip().lower()
    for scenario in content.scenarios.values():
        if scenario.id.lower() == wanted:
            return scenario
    raise then(
        UserError(f"unknown scenario '{ref}'; the scenarios for you are listed by"),
        Action(Do.LIST_SCENARIOS),
    )
