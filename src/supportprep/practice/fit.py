"""What "fits the profile" means, in one place: every scenario ranked against the targets.

Scenarios are not filtered out; they are ranked, and a list relaxes one step at a time until it
holds enough to practise. The steps, best first:

0. **own industry**: the role and the variant fit, and the scenario names the target industry;
1. **industry-neutral**: the role and the variant fit, and the scenario names no industry;
2. **neighbouring industry**: the role and the variant fit, and the scenario names one of the
   target industry's ``neighbours`` (from the taxonomy);
3. **another variant**: the role fits and the industry is as in steps 0-2, the variant does not;
4. **another industry**: the role fits;
5. **another role**.

A field the targets leave unset fits every scenario, and a scenario that names no role (variant,
industry) applies to all of them. Steps 0 and 1 always fit; the later steps join a list only
while it is shorter than its minimum (``MINIMUM`` in all, ``STAGE_MINIMUM`` for one stage), so a
narrow profile gets its own industry first and never an empty or one-item list.

Within a step the seniority decides: a lead starts at foundation scenarios, a manager at
intermediate, a senior manager or director at advanced (``DIFFICULTY_FOR``), and a scenario
written for the target role or variant comes before one written for everyone.
"""

from __future__ import annotations

from typing import Any

from supportprep.packs.content import Content
from supportprep.packs.models import Difficulty, Scenario
from supportprep.records import record
from supportprep.targets import Targets, applies

MINIMUM = 10
"""A list over every stage holds at least this many scenarios when the packs have them."""
STAGE_MINIMUM = 5
"""A list for one stage holds at least this many when the stage has them."""

STEP_LABELS: tuple[str, ...] = (
    "own industry",
    "industry-neutral",
    "neighbouring industry",
    "another variant",
    "another industry",
    "another role",
)
FITTING_STEPS = 2
"""Steps below this always fit; the later ones are relaxations."""

DIFFICULTY_RANK: dict[Difficulty, int] = {
    Difficulty.FOUNDATION: 0,
    Difficulty.INTERMEDIATE: 1,
    Difficulty.ADVANCED: 2,
}
DIFFICULTY_FOR: dict[str, Difficulty] = {
    "lead": Difficulty.FOUNDATION,
    "manager": Difficulty.INTERMEDIATE,
    "senior-manager": Difficulty.ADVANCED,
    "director": Difficulty.ADVANCED,
}


@record(frozen=True)
class Fit:
    """How well one scenario fits the targets; a smaller ``key`` fits better."""

    step: int
    """The relaxation step (see the module docstring), 0 best."""
    difficulty_gap: int
    """How many difficulty levels the scenario is from the seniority's (0 without one)."""
    specific: int
    """How many of the target role, variant and industry the scenario names (not just allows)."""

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.step, self.difficulty_gap, -self.specific)

    @property
    def label(self) -> str:
        return STEP_LABELS[self.step]

    @property
    def fits(self) -> bool:
        """In one of the steps that always fit (own industry or industry-neutral)."""
        return self.step < FITTING_STEPS

    def to_jsonable(self) -> dict[str, Any]:
        return {"step": self.step, "label": self.label, "difficulty_gap": self.difficulty_gap}


def fit(content: Content, scenario: Scenario, targets: Targets) -> Fit:
    """Where ``scenario`` stands for ``targets``."""
    industry = targets.industry
    if industry is None or industry in scenario.industries:
        place = 0
    elif not scenario.industries:
        place = 1
    else:
        known = content.industries.get(industry)
        near = known.neighbours if known is not None else []
        place = 2 if any(i in near for i in scenario.industries) else 3
    if not applies(scenario.roles, targets.role):
        step = 5
    elif place == 3:
        step = 4
    elif not applies(scenario.variants, targets.variant):
        step = 3
    else:
        step = place
    wanted = DIFFICULTY_FOR.get(targets.seniority or "")
    gap = (
        0 if wanted is None else abs(DIFFICULTY_RANK[scenario.difficulty] - DIFFICULTY_RANK[wanted])
    )
    specific = sum(
        1
        for values, value in (
            (scenario.roles, targets.role),
            (scenario.variants, targets.variant),
            (scenario.industries, targets.industry),
        )
        if value is not None and value in values
    )
    return Fit(step=step, difficulty_gap=gap, specific=specific)


def ranked(
    content: Content, targets: Targets, *, stage: str | None = None
) -> list[tuple[Scenario, Fit]]:
    """Every scenario (of ``stage``, when given), best fit first; ties by loop order, then id."""
    order = {s.id: i for i, s in enumerate(content.stages.values())}
    pairs = [
        (s, fit(content, s, targets))
        for s in content.scenarios.values()
        if stage is None or s.stage == stage
    ]
    pairs.sort(key=lambda pair: (pair[1].key, order.get(pair[0].stage, len(order)), pair[0].id))
    return pairs


def candidates_with_fit(
    content: Content,
    targets: Targets,
    *,
    stage: str | None = None,
    minimum: int | None = None,
) -> list[tuple[Scenario, Fit]]:
    """The scenarios to practise for ``targets``, best fit first: every one that fits, then
    whole relaxation steps while fewer than ``minimum`` (``MINIMUM``, or ``STAGE_MINIMUM`` for
    one stage). Empty only when there is no scenario (of that stage) at all."""
    if minimum is None:
        minimum = MINIMUM if stage is None else STAGE_MINIMUM
    chosen: list[tuple[Scenario, Fit]] = []
    step = -1
    for scenario, where in ranked(content, targets, stage=stage):
        if where.step != step:
            # A relaxation step joins whole, and only while the list is still short.
            if not where.fits and len(chosen) >= minimum:
                break
            step = where.step
        chosen.append((scenario, where))
    return chosen


def candidates(
    content: Content,
    targets: Targets,
    *,
    stage: str | None = None,
    minimum: int | None = None,
) -> list[Scenario]:
    """``candidates_with_fit`` without the fit: what the drill menus, ``next``, ``drill
    --random``, the checklist and ``mock`` choose from."""
    return [s for s, _ in candidates_with_fit(content, targets, stage=stage, minimum=minimum)]


def stage_counts(content: Content, targets: Targets) -> dict[str, int]:
    """Stage id -> how many scenarios its menu offers for ``targets``; stages with none are left
    out, so a menu built from this never offers an empty stage."""
    counts = {stage: len(candidates(content, targets, stage=stage)) for stage in content.stages}
    return {stage: n for stage, n in counts.items() if n}


# --- coverage: how well the content serves every profile -----------------------------------


COVERAGE_CELL_MINIMUM = 3
"""A role x industry x stage cell is covered with at least this many fitting scenarios."""
COVERAGE_PROFILE_MINIMUM = 25
"""A role x industry profile is covered with at least this many fitting scenarios."""


@record(frozen=True)
class Coverage:
    """How many scenarios fit each role x industry (x stage), counting steps 0 and 1 only
    (variant and seniority left open), as ``packs show --json`` reports it."""

    scenarios: int
    cells: int
    covered_cells: int
    thin_cells: list[dict[str, Any]]
    profiles: int
    covered_profiles: int
    thin_profiles: list[dict[str, Any]]

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "scenarios": self.scenarios,
            "cell_minimum": COVERAGE_CELL_MINIMUM,
            "cells": self.cells,
            "covered_cells": self.covered_cells,
            "thin_cells": list(self.thin_cells),
            "profile_minimum": COVERAGE_PROFILE_MINIMUM,
            "profiles": self.profiles,
            "covered_profiles": self.covered_profiles,
            "thin_profiles": list(self.thin_profiles),
        }


def coverage(content: Content) -> Coverage:
    """Role x industry x stage cells and role x industry profiles, with how many fit each."""
    thin_cells: list[dict[str, Any]] = []
    thin_profiles: list[dict[str, Any]] = []
    cells = covered_cells = profiles = covered_profiles = 0
    for role in content.roles:
        for industry in content.industries:
            targets = Targets(role=role, industry=industry)
            fitting = [s for s in content.scenarios.values() if fit(content, s, targets).fits]
            profiles += 1
            if len(fitting) >= COVERAGE_PROFILE_MINIMUM:
                covered_profiles += 1
            else:
                thin_profiles.append({"role": role, "industry": industry, "fit": len(fitting)})
            for stage in content.stages:
                n = sum(1 for s in fitting if s.stage == stage)
                cells += 1
                if n >= COVERAGE_CELL_MINIMUM:
                    covered_cells += 1
                else:
                    thin_cells.append(
                        {"role": role, "industry": industry, "stage": stage, "fit": n}
                    )
    return Coverage(
        scenarios=len(content.scenarios),
        cells=cells,
        covered_cells=covered_cells,
        thin_cells=thin_cells,
        profiles=profiles,
        covered_profiles=covered_profiles,
        thin_profiles=thin_profiles,
    )
