from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import pytest
from rich.console import Console

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.planning.plan import pick_plan, plan_to_jsonable, plan_to_markdown, spoken_plan
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


# --- fitted to the interview, titled for the company, said aloud -------------------------------


def test_a_job_search_plan_fits_an_interview_ten_days_away(bundled: Content) -> None:
    targets = Targets(role="customer-operations-manager")
    choice = pick_plan(bundled, "job-search", targets, days_left=10, company="Acme")
    assert choice.title == "Ready for the Acme interview in 10 days"
    assert choice.spans == ("Days 1-5", "Days 6-10", "After the interview")
    markdown = plan_to_markdown(choice)
    assert "offer in 90 days" not in markdown and "Month one" not in markdown
    assert "## Days 6-10: " in markdown and "## After the interview: " in markdown
    assert plan_to_jsonable(choice)["phase_spans"] == [
        "Days 1-5",
        "Days 6-10",
        "After the interview",
    ]


def test_a_close_interview_squeezes_the_plan_into_today(bundled: Content) -> None:
    targets = Targets(role="customer-support-manager")
    assert pick_plan(bundled, "job-search", targets, days_left=1).spans[:2] == ("Today", "Today")
    assert pick_plan(bundled, "job-search", targets, days_left=3).spans[:2] == (
        "Days 1-2",
        "Day 3",
    )


def test_without_a_close_interview_the_job_search_plan_keeps_its_months(bundled: Content) -> None:
    targets = Targets(role="customer-support-manager")
    for days_left in (None, 90, 200, -3):
        choice = pick_plan(bundled, "job-search", targets, days_left=days_left)
        assert choice.spans == ("Days 1-30", "Days 31-60", "Days 61-90")
        assert choice.title == choice.plan.title


def test_the_first_90_days_plan_is_titled_for_the_company(bundled: Content) -> None:
    targets = Targets(role="customer-support-manager")
    choice = pick_plan(bundled, "first-90-days", targets, days_left=10, company=" Acme  Corp ")
    assert choice.title.startswith("30/60/90 plan for Acme Corp: ")
    assert choice.spans == ("Days 1-30", "Days 31-60", "Days 61-90")  # never fitted
    assert plan_to_markdown(choice).startswith("# 30/60/90 plan for Acme Corp: ")


def test_a_general_plan_for_an_industry_says_so_once(bundled: Content) -> None:
    targets = Targets(role="customer-operations-manager", industry="fintech")
    text = _render_choice(bundled, 100, pick_plan(bundled, "first-90-days", targets))
    assert "general plan)" not in text  # no "Fintech (general plan)" beside the note
    assert text.count("Fintech") == 1
    assert "general Customer Operations Manager plan" in text


def _render_choice(content: Content, width: int, choice: object) -> str:
    from supportprep.planning.plan import PlanChoice

    assert isinstance(choice, PlanChoice)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False)
    render_plan(console, choice, content)
    return " ".join(buffer.getvalue().split())


def test_the_spoken_version_is_two_minutes_in_the_first_person(bundled: Content) -> None:
    first_90 = [p for p in bundled.plans.values() if p.kind.value == "first-90-days"]
    for plan in first_90:
        industry = plan.industries[0] if plan.industries else None
        targets = Targets(role=plan.roles[0], industry=industry)
        said = spoken_plan(pick_plan(bundled, "first-90-days", targets, company="Acme"), bundled)
        assert 240 <= said.words <= 310, (plan.id, said.words)
        assert 100 <= said.seconds <= 135
        text = said.text
        assert text.startswith("Here is how I would spend my first 90 days as a")
        assert " at Acme:" in text.split("\n")[0]
        assert not re.search(r"\byou(r)?\b", text, re.IGNORECASE), (plan.id, text)
        assert "I would" in said.paragraphs[1] and "By day 30" in said.paragraphs[1]
        assert len(said.paragraphs) == 5
    data = said.to_jsonable()
    assert data["words"] == said.words and data["paragraphs"][0] == said.paragraphs[0]


def test_the_spoken_version_keeps_names_and_days_capitalised(bundled: Content) -> None:
    targets = Targets(role="customer-operations-manager")
    text = spoken_plan(pick_plan(bundled, "first-90-days", targets), bundled).text
    assert "I would compare" in text  # an imperative's verb lowered
    assert "if Monday service level" in text  # a day kept
    assert "as a Customer Operations Manager: in three steps" in text  # no company: none named


def test_only_the_first_90_days_plan_is_said_aloud(bundled: Content) -> None:
    choice = pick_plan(bundled, "job-search", Targets(role="customer-support-manager"))
    with pytest.raises(FieldError) as caught:
        spoken_plan(choice, bundled)
    assert caught.value.field == "kind"
