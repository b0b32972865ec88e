"""Choosing a scenario on the terminal: filter by stage, industry, role and variant, then pick."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from supportprep.packs.content import Content
from supportprep.packs.models import Scenario
from supportprep.practice.selection import matching
from supportprep.targets import Targets
from supportprep.ui.text import clean

_CHANGE = "\x00change-filters"
_ANY = "\x00any"


def choose_scenario(
    console: Console, content: Content, targets: Targets, stage: str | None
) -> Scenario:
    import questionary

    if stage is None:
        stage = _pick(
            "Which stage do you want to practise?",
            [
                (
                    f"{s.name} ({sum(1 for x in content.scenarios.values() if x.stage == s.id)})",
                    s.id,
                )
                for s in content.stages.values()
            ],
        )
    while True:
        candidates = matching(content, targets, stage=stage)
        if not candidates:
            console.print("No scenario matches these filters; change them.")
            stage, targets = _change_filters(content, stage, targets)
            continue
        described = _describe(content, stage, targets)
        choices: list[questionary.Choice | questionary.Separator] = [
            questionary.Choice(
                title=f"{clean(s.title)}  [{s.difficulty.value}"
                + (f", {', '.join(s.industries)}" if s.industries else "")
                + "]",
                value=s.id,
            )
            for s in sorted(candidates, key=lambda s: (s.stage, s.title))
        ]
        choices += [
            questionary.Separator(),
            questionary.Choice(
                title="Change filters (stage, industry, role, variant)…", value=_CHANGE
            ),
        ]
        picked = questionary.select(
            f"Pick a scenario: {len(candidates)} match {described} (type to search)",
            choices=choices,
            use_search_filter=True,
            use_jk_keys=False,
        ).unsafe_ask()
        if picked == _CHANGE:
            stage, targets = _change_filters(content, stage, targets)
            continue
        return content.scenarios[str(picked)]


def _describe(content: Content, stage: str | None, targets: Targets) -> str:
    parts = [content.stages[stage].name if stage else "any stage"]
    for kind, value in (
        ("industries", targets.industry),
        ("roles", targets.role),
        ("variants", targets.variant),
    ):
        if value:
            parts.append(content.kind(kind)[value].name)
    return clean(" · ".join(parts))


def _pick(message: str, options: list[tuple[str, str]]) -> str | None:
    import questionary

    choices = [questionary.Choice(title="Any", value=_ANY)]
    choices += [questionary.Choice(title=clean(title), value=value) for title, value in options]
    picked = questionary.select(message, choices=choices).unsafe_ask()
    return None if picked == _ANY else str(picked)


def _change_filters(
    content: Content, stage: str | None, targets: Targets
) -> tuple[str | None, Targets]:
    stage = _pick("Stage", [(s.name, s.id) for s in content.stages.values()])
    industry = _pick("Industry", [(i.name, i.id) for i in content.industries.values()])
    role = _pick("Role", [(r.name, r.id) for r in content.roles.values()])
    variant = _pick("Variant", [(v.name, v.id) for v in content.variants.values()])
    return stage, replace(targets, industry=industry, role=role, variant=variant)
