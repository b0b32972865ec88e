"""Choosing a scenario on the terminal: a stage, then a scenario ranked for the profile; the
industry, role and variant can be changed on the way."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from supportprep.packs.content import Content
from supportprep.packs.models import Scenario
from supportprep.practice.fit import Fit, candidates, candidates_with_fit, stage_counts
from supportprep.targets import Targets
from supportprep.ui.text import ARROW_HINT, clean, plain, question

_CHANGE = "\x00change-filters"
_ANY = "\x00any"


def choose_scenario(
    console: Console, content: Content, targets: Targets, stage: str | None
) -> Scenario:
    """Pick a stage (each with the count its list will show), then a scenario from the list
    ``fit.candidates`` ranks for the targets, best fit first."""
    import questionary

    if stage is None:
        stage = _pick_stage("Which stage do you want to practise?", content, targets)
    while True:
        ranked = candidates_with_fit(content, targets, stage=stage)
        if not ranked:  # only a stage with no scenario at all, reached by --stage
            console.print(
                plain(
                    f"The loaded packs hold no {content.stages[str(stage)].name} "
                    "scenario; pick another stage."
                )
            )
            stage, targets = _change_filters(content, targets)
            continue
        described = _describe(content, stage, targets)
        choices: list[questionary.Choice | questionary.Separator] = [
            questionary.Choice(title=_title(s, where), value=s.id) for s, where in ranked
        ]
        choices += [
            questionary.Separator(),
            questionary.Choice(
                title="Change filters (stage, industry, role, variant)…", value=_CHANGE
            ),
        ]
        picked = questionary.select(
            question(
                f"Pick a scenario: {len(ranked)} for {described}, best fit first (type to search)",
                reserve=ARROW_HINT,
            ),
            choices=choices,
            use_search_filter=True,
            use_jk_keys=False,
        ).unsafe_ask()
        if picked == _CHANGE:
            stage, targets = _change_filters(content, targets)
            continue
        return content.scenarios[str(picked)]


def _title(scenario: Scenario, where: Fit) -> str:
    tags = [scenario.difficulty.value, ", ".join(scenario.industries) or "any industry"]
    if not where.fits:
        tags.append(where.label)
    return f"{clean(scenario.title)}  [{clean('; '.join(tags))}]"


def _pick_stage(message: str, content: Content, targets: Targets) -> str | None:
    counts = stage_counts(content, targets)
    total = len(candidates(content, targets))
    return _pick(
        message,
        [(f"{s.name} ({counts[s.id]})", s.id) for s in content.stages.values() if s.id in counts],
        any_title=f"Any ({total})",
    )


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


def _pick(message: str, options: list[tuple[str, str]], *, any_title: str = "Any") -> str | None:
    import questionary

    choices = [questionary.Choice(title=any_title, value=_ANY)]
    choices += [questionary.Choice(title=clean(title), value=value) for title, value in options]
    picked = questionary.select(question(message, reserve=ARROW_HINT), choices=choices).unsafe_ask()
    return None if picked == _ANY else str(picked)


def _change_filters(content: Content, targets: Targets) -> tuple[str | None, Targets]:
    industry = _pick("Industry", [(i.name, i.id) for i in content.industries.values()])
    role = _pick("Role", [(r.name, r.id) for r in content.roles.values()])
    variant = _pick("Variant", [(v.name, v.id) for v in content.variants.values()])
    targets = replace(targets, industry=industry, role=role, variant=variant)
    # The stage last, so its counts are those of the filters just chosen.
    return _pick_stage("Stage", content, targets), targets
