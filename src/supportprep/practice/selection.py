"""Finding a scenario: by id, by stage, or at random among those that fit (``practice.fit``)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from supportprep.actions import Action, Do, then
from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario
from supportprep.targets import UnknownChoice


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
        if close:
            raise UnknownChoice(
                "scenario", f"unknown scenario '{scenario_id}'; did you mean {', '.join(close)}?"
            ) from None
        raise then(
            UnknownChoice("scenario", f"unknown scenario '{scenario_id}'; every id is listed by"),
            Action(Do.SHOW_CONTENT),
        ) from None


def pick_random(candidates: Sequence[Scenario], rng: random.Random) -> Scenario:
    """One of ``candidates`` (``fit.candidates``: the same list the drill menu shows)."""
    if not candidates:
        raise UserError("the loaded packs hold no scenario of this stage")
    return rng.choice(list(candidates))
