"""Which scenarios fit: by stage and by what the user is preparing for."""

from __future__ import annotations

import random
from collections.abc import Sequence

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario
from supportprep.targets import Targets, UnknownChoice, applies


def matching(content: Content, targets: Targets, *, stage: str | None = None) -> list[Scenario]:
    """Scenarios of ``stage`` (any when None) that apply to the target role, variant, industry."""
    return [
        s
        for s in content.scenarios.values()
        if (stage is None or s.stage == stage)
        and applies(s.roles, targets.role)
        and applies(s.variants, targets.variant)
        and applies(s.industries, targets.industry)
    ]


def check_stage(content: Content, stage: str | None) -> str | None:
    if stage is not None and stage not in content.stages:
        raise UnknownChoice(
            "stage", f"unknown stage '{stage}'; choose one of: {', '.join(content.stages)}"
        )
    return stage


def find(content: Content, scenario_id: str) -> Scenario:
    try:
        return content.scenarios[scenario_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(scenario_id, list(content.scenarios), n=3)
        hint = (
            f"did you mean {', '.join(close)}?" if close else "`supportprep packs show` lists them"
        )
        raise UnknownChoice("scenario", f"unknown scenario '{scenario_id}'; {hint}") from None


def pick_random(candidates: Sequence[Scenario], rng: random.Random) -> Scenario:
    if not candidates:
        raise UserError("no scenario matches this stage, industry and role; ask for fewer of them")
    return rng.choice(list(candidates))


def mock_loop(content: Content, targets: Targets, rng: random.Random) -> list[Scenario]:
    """One scenario per loop stage, matching the targets where the content allows.

    A stage with no scenario for the targets falls back to any scenario of that stage, so the loop
    always has every stage.
    """
    chosen = []
    for stage in content.loop_stages():
        fits = matching(content, targets, stage=stage.id) or matching(
            content, Targets(), stage=stage.id
        )
        if fits:
            chosen.append(rng.choice(fits))
    if not chosen:
        raise UserError("the loaded packs define no loop stages with scenarios")
    return chosen
