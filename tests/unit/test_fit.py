"""Matching that ranks: every profile gets a list to practise, its own industry first, and every
screen that picks a scenario (menus, next, drill, checklist, mock) draws from that list."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from supportprep.packs.content import Content
from supportprep.packs.models import Difficulty
from supportprep.practice import fit
from supportprep.practice.adaptive import rank_candidates
from supportprep.practice.mock import plan_mock
from supportprep.targets import SENIORITIES, Targets
from tests.conftest import Cli

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
COM_FINTECH_OPS = Targets(
    role="customer-operations-manager", industry="fintech", variant="support-operations"
)


def _every_profile(content: Content) -> list[Targets]:
    return [
        Targets(role=r, variant=v, industry=i, seniority=s)
        for r, v, i, s in itertools.product(
            content.roles, content.variants, content.industries, SENIORITIES
        )
    ]


def _for_role(scenario_roles: list[str], role: str | None) -> bool:
    return not scenario_roles or role in scenario_roles


# --- the bundled content, every profile --------------------------------------------------------


def test_no_profile_gets_fewer_than_ten_candidates_from_next(bundled: Content) -> None:
    profiles = _every_profile(bundled)
    assert len(profiles) == 3 * 5 * 7 * 4
    short = {
        (t.role, t.variant, t.industry, t.seniority): n
        for t in profiles
        if (n := len(rank_candidates(bundled, [], t, NOW, tz=UTC))) < 10
    }
    assert short == {}


def test_the_stage_menu_never_offers_a_stage_with_no_scenarios(bundled: Content) -> None:
    for targets in _every_profile(bundled):
        counts = fit.stage_counts(bundled, targets)
        assert set(counts) == set(bundled.stages), targets  # every bundled stage has scenarios
        for stage, count in counts.items():
            # The count shown is the list the stage then offers, never less than two.
            assert count == len(fit.candidates(bundled, targets, stage=stage)) >= 2


def test_own_industry_then_neutral_then_neighbours(bundled: Content) -> None:
    targets = Targets(role="customer-operations-manager", industry="fintech")
    steps = [where.step for _, where in fit.ranked(bundled, targets)]
    assert steps == sorted(steps)
    for scenario, where in fit.ranked(bundled, targets):
        if where.label == "own industry":
            assert "fintech" in scenario.industries
        elif where.label == "industry-neutral":
            assert not scenario.industries
        elif where.label == "neighbouring industry":
            near = bundled.industries["fintech"].neighbours
            assert set(scenario.industries) & set(near)
            assert "fintech" not in scenario.industries


def test_a_fintech_customer_operations_manager_gets_fintech_or_neutral_first(
    cli: Cli,
) -> None:
    cli(
        "profile",
        "set",
        "--role",
        "customer-operations-manager",
        "--industry",
        "fintech",
        "--variant",
        "support-operations",
    )
    result = cli("next", "--json")
    assert result.code == 0, result.err
    first_ten = json.loads(result.out)["candidates"][:10]
    assert len(first_ten) == 10
    shown = cli("packs", "show", "--json")
    scenarios = {s["id"]: s for s in json.loads(shown.out)["scenarios"]}
    for pick in first_ten:
        scenario = scenarios[pick["scenario_id"]]
        assert not scenario["industries"] or "fintech" in scenario["industries"], pick
        assert _for_role(scenario["roles"], "customer-operations-manager"), pick
        assert pick["fit"] in ("own industry", "industry-neutral")
    # Its own industry comes first.
    assert "fintech" in scenarios[first_ten[0]["scenario_id"]]["industries"]


def test_mock_plan_picks_a_fitting_scenario_for_every_stage(cli: Cli) -> None:
    cli(
        "profile",
        "set",
        "--role",
        "customer-operations-manager",
        "--industry",
        "fintech",
        "--variant",
        "support-operations",
    )
    result = cli("mock", "--plan", "--json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    stages = [p["stage"] for p in plan["stages"]]
    assert stages == [
        "live-troubleshooting",
        "writing-exercise",
        "prioritization-escalation",
        "collaboration",
    ]
    for planned in plan["stages"]:
        assert planned["fit"] in ("own industry", "industry-neutral"), planned
        assert not planned["industries"] or "fintech" in planned["industries"]
        assert _for_role(planned["roles"], "customer-operations-manager")
        assert not planned["variants"] or "support-operations" in planned["variants"]
        assert planned["seconds"] == (
            planned["answer_seconds"] + planned["follow_up_seconds"] + planned["scoring_seconds"]
        )
    assert plan["total_seconds"] == sum(p["seconds"] for p in plan["stages"])
    assert plan["total_minutes"] == round(plan["total_seconds"] / 60, 1)

    human = cli("mock", "--plan")
    assert human.code == 0, human.err
    assert "Mock loop plan" in human.out
    assert plan["stages"][0]["scenario"][:20] in human.out.replace("\n", "")


def test_packs_show_reports_the_scenarios_and_the_126_covered_cells(cli: Cli) -> None:
    result = cli("packs", "show", "--json")
    coverage = json.loads(result.out)["coverage"]
    assert coverage["scenarios"] >= 200
    assert coverage["cells"] == 126 and coverage["covered_cells"] == 126
    assert coverage["thin_cells"] == []
    assert coverage["profiles"] == 21 and coverage["covered_profiles"] == 21
    overview = cli("packs", "show")
    assert "126 of 126 role × industry × stage cells" in " ".join(overview.out.split())


# --- the rules, on the tiny pack ---------------------------------------------------------------


def test_a_list_keeps_what_fits_and_relaxes_whole_steps_only_while_short(tiny: Content) -> None:
    targets = Targets(role="ops-manager", industry="defense")
    assert [s.id for s in fit.candidates(tiny, targets, minimum=1)] == [
        "tiny-defense-triage",
        "tiny-refund-email",
    ]
    # Short of three, the next step (another role) joins.
    assert [s.id for s in fit.candidates(tiny, targets, minimum=3)][-1] == "tiny-outage"
    assert fit.candidates(tiny, targets, stage="stories") == []


def test_a_neighbouring_industry_comes_before_an_unrelated_one(tiny: Content) -> None:
    saas = replace(tiny.industries["saas"], neighbours=["defense"])
    content = replace(tiny, industries={**tiny.industries, "saas": saas})
    targets = Targets(role="ops-manager", industry="saas")
    where = fit.fit(content, content.scenarios["tiny-defense-triage"], targets)
    assert where.label == "neighbouring industry" and not where.fits
    assert fit.fit(tiny, tiny.scenarios["tiny-defense-triage"], targets).label == (
        "another industry"
    )


def test_another_variant_waits_until_the_industry_fits(tiny: Content) -> None:
    targets = Targets(role="support-manager", variant="tier-2", industry="saas")
    assert fit.fit(tiny, tiny.scenarios["tiny-outage"], targets).label == "another variant"
    assert fit.fit(tiny, tiny.scenarios["tiny-refund-email"], targets).label == "own industry"


@pytest.mark.parametrize(
    ("seniority", "first"),
    [("lead", Difficulty.FOUNDATION), ("director", Difficulty.ADVANCED)],
)
def test_the_seniority_picks_the_difficulty_to_start_at(
    tiny: Content, seniority: str, first: Difficulty
) -> None:
    # Both triage scenarios are new and in the same loop stage; only the seniority differs.
    targets = Targets(seniority=seniority)
    ranked = rank_candidates(tiny, [], targets, NOW, tz=UTC, stage="triage")
    assert tiny.scenarios[ranked[0].scenario_id].difficulty is first


def test_mock_plan_is_the_loop_mock_runs_and_adds_up_its_time(tiny: Content) -> None:
    plan = plan_mock(tiny, [], Targets(), NOW, tz=UTC, reading_seconds=30)
    assert [p.scenario.id for p in plan.stages] == ["tiny-outage", "tiny-refund-email"]
    outage = plan.stages[0]
    assert outage.follow_up_seconds == sum(
        f.time_limit_seconds for f in tiny.scenarios["tiny-outage"].follow_ups
    )
    assert outage.total_seconds == (
        30 + outage.answer_seconds + outage.follow_up_seconds + outage.scoring_seconds
    )
    assert plan.total_seconds == sum(p.total_seconds for p in plan.stages)


def test_the_stage_menu_shows_counts_and_leaves_out_empty_stages(
    tiny: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    import questionary
    from rich.console import Console

    from supportprep.ui.chooser import choose_scenario

    asked: list[tuple[str, list[Any]]] = []
    answers = iter(["triage", "tiny-outage"])

    class Asked:
        def __init__(self, message: str, choices: list[Any], **_: Any) -> None:
            asked.append((message, choices))

        def unsafe_ask(self) -> str:
            return next(answers)

    monkeypatch.setattr(questionary, "select", Asked)
    picked = choose_scenario(Console(), tiny, Targets(role="ops-manager"), None)
    assert picked.id == "tiny-outage"
    (stage_message, stage_choices), (list_message, list_choices) = asked
    assert stage_message == "Which stage do you want to practise?"
    titles = [c.title for c in stage_choices]
    assert titles == ["Any (3)", "Triage (2)", "Writing (1)"]  # no "Stories": it has none
    scenario_titles = [
        c.title
        for c in list_choices
        if not isinstance(c, questionary.Separator) and "Change filters" not in c.title
    ]
    assert len(scenario_titles) == 2
    assert list_message.startswith("Pick a scenario: 2 for Triage")
    assert scenario_titles[0].startswith("Clearance")  # ops-manager's own first
    assert "another role" in scenario_titles[1]


def test_the_profile_seniority_reaches_next_and_a_bad_one_is_named(
    cli: Cli, isolated_home: Any
) -> None:
    cli("profile", "set", "--seniority", "director")
    result = cli("next", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["targets"]["seniority"] == "director"
    (isolated_home / "profile.json").write_text('{"seniority": "ceo"}', encoding="utf-8")
    bad = cli("next")
    assert bad.code == 2
    assert "profile seniority: unknown profile seniority 'ceo'; choose one of: lead" in bad.err
