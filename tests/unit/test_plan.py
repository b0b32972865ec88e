from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from rich.console import Console

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.planning.plan import pick_plan, plan_to_jsonable, plan_to_markdown
from supportprep.targets import FieldError, Targets
from supportprep.ui.plan_view import render_plan


def test_an_industry_specific_plan_wins_when_one_fits(bundled: Content) -> None:
    choice = pick_plan(
        bundled, "first-90-days", Targets(role="customer-support-manager", industry="consumer")
    )
    assert choice.plan.id == "first-90-customer-support-manager-consumer"
    assert choice.industry_specific and choice.note is None


def test_otherwise_the_roles_general_plan_with_a_note(bundled: Content) -> None:
    choice = pick_plan(
        bundled, "first-90-days", Targets(role="customer-support-manager", industry="saas")
    )
    assert choice.plan.id == "first-90-customer-support-manager"
    assert not choice.industry_specific
    assert choice.note is not None and "B2B SaaS" in choice.note


def test_kind_selects_the_job_search_plan(bundled: Content) -> None:
    choice = pick_plan(bundled, "job-search", Targets(role="support-operations-manager"))
    assert choice.plan.id == "job-search-support-operations-manager"


def test_no_role_with_role_specific_plans_names_the_roles(bundled: Content) -> None:
    with pytest.raises(FieldError) as caught:
        pick_plan(bundled, "first-90-days", Targets())
    message = str(caught.value)
    assert caught.value.field == "role" and "--" not in message  # the CLI names the flag
    assert "customer-support-manager" in message and "support-operations-manager" in message


def test_a_plan_for_every_role_needs_no_role(tiny: Content) -> None:
    assert pick_plan(tiny, "job-search", Targets()).plan.id == "search-support"


def test_a_role_without_a_plan_of_that_kind_is_an_error(tiny: Content) -> None:
    with pytest.raises(UserError, match="no first-90-days plan for 'ops-manager'"):
        pick_plan(tiny, "first-90-days", Targets(role="ops-manager"))


def test_unknown_kind_lists_the_kinds(tiny: Content) -> None:
    with pytest.raises(UserError, match="choose one of: first-90-days, job-search"):
        pick_plan(tiny, "first-100-days", Targets())


def test_markdown_has_one_h2_per_phase(tiny: Content) -> None:
    text = plan_to_markdown(pick_plan(tiny, "first-90-days", Targets(role="support-manager")))
    lines = text.splitlines()
    assert lines[0] == "# First 90 days"
    assert [line for line in lines if line.startswith("## ")] == [
        "## Days 1-30: Learn",
        "## Days 31-60: Fix",
        "## Days 61-90: System",
    ]
    assert text.count("### Signs of success") == 3
    assert "- Failure list." in lines


def test_json_carries_the_plan_and_why_it_was_chosen(bundled: Content) -> None:
    choice = pick_plan(
        bundled, "first-90-days", Targets(role="customer-operations-manager", industry="defense")
    )
    data = json.loads(json.dumps(plan_to_jsonable(choice)))
    assert data["plan"]["id"] == "first-90-customer-operations-manager-defense"
    assert data["industry_specific"] is True
    assert [p["days"] for p in data["plan"]["phases"]] == [30, 60, 90]
    assert set(data["plan"]["phases"][0]) >= {"goals", "actions", "artifacts", "success_signs"}


def _render(content: Content, width: int, targets: Targets) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False)
    render_plan(console, pick_plan(content, "first-90-days", targets), content)
    return buffer.getvalue()


def test_rich_view_fits_80_columns_with_every_section(bundled: Content) -> None:
    text = _render(bundled, 80, Targets(role="customer-support-manager"))
    assert max(len(line) for line in text.splitlines()) <= 80
    for heading in ("Goals", "Actions", "Artifacts", "Signs of success"):
        assert text.count(heading) == 3
    assert text.index("Days 1-30") < text.index("Days 31-60") < text.index("Days 61-90")


def test_wide_terminal_puts_the_phases_side_by_side(tiny: Content) -> None:
    wide = _render(tiny, 160, Targets(role="support-manager"))
    row = next(line for line in wide.splitlines() if "Days 1-30" in line)
    assert "Days 31-60" in row and "Days 61-90" in row
    narrow = _render(tiny, 80, Targets(role="support-manager"))
    row = next(line for line in narrow.splitlines() if "Days 1-30" in line)
    assert "Days 31-60" not in row


def test_pack_text_is_shown_literally(tiny: Content) -> None:
    plan = tiny.plans["first-90-support"]
    phase = replace(plan.phases[0], goals=["[bold red]not markup[/] \x1b[31m"])
    evil = replace(plan, phases=[phase, *plan.phases[1:]])
    content = Content(
        roles=tiny.roles, industries=tiny.industries, plans={"first-90-support": evil}
    )
    text = _render(content, 100, Targets(role="support-manager"))
    assert "[bold red]not markup[/]" in text
    assert "\x1b" not in text
