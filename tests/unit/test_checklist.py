from __future__ import annotations

import io
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from rich.console import Console

from supportprep.actions import Action, Do
from supportprep.packs.content import Content
from supportprep.planning.calendar import PRODID, to_ics, to_markdown
from supportprep.planning.checklist import (
    ARTIFACT_PICK_ID,
    SLOT_STORY_ITEMS,
    Checklist,
    ask_ticks,
    build_checklist,
    group_by_week,
    known_ids,
)
from supportprep.planning.stories import SLOTS
from supportprep.store.attempt import Attempt
from supportprep.store.stories import Story
from supportprep.targets import Targets
from supportprep.ui.checklist_view import render_checklist
from supportprep.ui.commands import command
from tests.conftest import ScriptedPrompter, make_attempt

TODAY = date(2026, 11, 30)  # a Monday
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def every_slot_filled() -> list[Story]:
    return [
        Story(
            id="all",
            title="All",
            situation="s",
            task="t",
            action="a",
            result="r",
            slots=list(SLOTS),
        )
    ]


def attempt(scenario: str, stage: str, skills: dict[str, float]) -> Attempt:
    return make_attempt(
        scenario,
        stage=stage,
        rubric=stage,
        when=NOW,
        minutes=0,
        duration_seconds=200,
        score=sum(skills.values()) / len(skills),
        skills=skills,
    )


def build(
    content: Content,
    *,
    days: int | None,
    role: str | None = None,
    variant: str | None = None,
    industry: str | None = None,
    attempts: Sequence[Attempt] = (),
    stories: Sequence[Story] | None = None,
    ticks: Collection[str] = (),
    per_day: int = 8,
) -> Checklist:
    when = TODAY + timedelta(days=days) if days is not None else None
    return build_checklist(
        content,
        Targets(role, variant, industry, when),
        TODAY,
        attempts,
        every_slot_filled() if stories is None else stories,
        ticks,
        per_day=per_day,
    )


# --- scheduling -------------------------------------------------------------------------------


def test_far_interview_gets_each_item_on_its_own_date(tiny: Content) -> None:
    result = build(tiny, days=30, industry="saas")
    interview = TODAY + timedelta(days=30)
    assert not result.compressed
    assert result.dropped == []
    due = {item.id: item.due for item in result.items}
    assert due == {
        "tiny-story-pushback": interview - timedelta(days=10),
        "research-postings": interview - timedelta(days=14),
    }
    assert [i.id for i in result.items] == ["research-postings", "tiny-story-pushback"]  # by date


def test_far_interview_with_bundled_content_drops_nothing(bundled: Content) -> None:
    result = build(bundled, days=30, role="customer-support-manager", industry="saas")
    interview = TODAY + timedelta(days=30)
    assert not result.compressed and result.dropped == []
    for item in result.items:
        if item.due_days_before >= 0:
            assert item.due == interview - timedelta(days=item.due_days_before)


def test_near_interview_spreads_items_over_the_days_left_in_prep_order(tiny: Content) -> None:
    # Both items' own dates (10 and 14 days before) have passed; three days are left, and the
    # day before belongs to logistics, so two days hold them: research first, then the story.
    result = build(tiny, days=3, per_day=1, industry="saas")
    assert result.compressed
    assert result.dropped == []
    assert [(i.id, i.due) for i in result.items] == [
        ("research-postings", TODAY),
        ("tiny-story-pushback", TODAY + timedelta(days=1)),
    ]
    assert "spread over the days left" in result.hints[0]
    assert "overdue" not in " ".join(result.hints)


def test_when_nothing_more_fits_the_lowest_priority_item_waits_for_spare_time(
    tiny: Content,
) -> None:
    result = build(tiny, days=1, per_day=1, industry="saas")
    assert [i.id for i in result.items] == ["tiny-story-pushback"]
    assert [i.id for i in result.dropped] == ["research-postings"]
    assert result.dropped[0].due is None
    assert "1 item only if time allows" in result.hints[0]


def test_ticked_items_take_no_room_and_stay_listed(tiny: Content) -> None:
    result = build(tiny, days=1, per_day=1, ticks={"tiny-story-pushback"}, industry="saas")
    assert result.dropped == []
    by_id = {i.id: i for i in result.items}
    assert by_id["tiny-story-pushback"].done
    assert by_id["research-postings"].due == TODAY
    assert result.done_count() == 1


def _assert_a_plan_a_person_follows(result: Checklist, interview: date, per_day: int) -> None:
    ids = result.ids()
    assert len(ids) == len(set(ids)), "no item twice"
    texts = [i.text for i in result.all_items()]
    assert len(texts) == len(set(texts))
    for slot, item_id in SLOT_STORY_ITEMS.items():
        assert not ({f"slot:{slot}", item_id} <= set(ids)), f"{slot} twice"
    artifacts = [i for i in result.all_items() if i.category == "artifacts"]
    assert len(artifacts) == 1, "one artifact: the pick, or the one picked"
    load = Counter(i.due for i in result.items if not i.done)
    assert max(load.values()) <= per_day
    for item in result.items:
        assert item.due is not None and item.due >= TODAY, "nothing overdue on day one"
        if item.id == "logistics-recap-note":
            assert item.due == interview + timedelta(days=1)
        else:
            assert item.due <= interview, "only the recap is due after the interview"
    research = [i.due for i in result.items if i.category == "research" and i.due]
    logistics = [i.due for i in result.items if i.category == "logistics" and i.due]
    assert research and logistics
    assert max(research) < min(logistics), "research early, logistics at the end"
    assert TODAY in research, "research starts on day one"


def test_a_ten_and_a_three_day_interview_give_a_plan_a_person_follows(bundled: Content) -> None:
    for days in (10, 3):
        interview = TODAY + timedelta(days=days)
        result = build(
            bundled, days=days, role="customer-operations-manager", stories=[], per_day=4
        )
        _assert_a_plan_a_person_follows(result, interview, 4)
        # Ticking never moves the total, whatever it frees up.
        first = result.items[0].id
        ticked = build(
            bundled,
            days=days,
            role="customer-operations-manager",
            stories=[],
            per_day=4,
            ticks={first},
        )
        assert ticked.total() == result.total()
        assert ticked.done_count() == 1
        _assert_a_plan_a_person_follows(ticked, interview, 4)


def test_postings_come_early_and_never_the_day_before(bundled: Content) -> None:
    for days in (10, 5, 3):
        result = build(bundled, days=days, role="customer-operations-manager", per_day=4)
        interview = TODAY + timedelta(days=days)
        due = {i.id: i.due for i in result.items}
        if "research-collect-postings" in due:
            assert due["research-collect-postings"] == TODAY
        assert all(
            d is None or d < interview - timedelta(days=1)
            for i, d in due.items()
            if i.startswith("research")
        )


def test_a_story_item_and_its_slot_are_one_item(bundled: Content) -> None:
    result = build(bundled, days=20, role="customer-operations-manager", stories=[])
    ids = result.ids()
    assert "story-debrief" in ids and "slot:debrief" not in ids
    debrief = next(i for i in result.all_items() if i.id == "story-debrief")
    assert debrief.action == Action(Do.ADD_STORY, "debrief")
    # A tick on the old slot id, or a story in the bank for that slot, marks it done.
    ticked = build(bundled, days=20, stories=[], ticks={"slot:debrief"})
    assert next(i for i in ticked.all_items() if i.id == "story-debrief").done
    one = Story(id="x", title="x", situation="s", task="t", action="a", result="r")
    filled = build(bundled, days=20, stories=[replace(one, slots=["debrief"])])
    assert next(i for i in filled.all_items() if i.id == "story-debrief").done


def test_artifacts_are_a_menu_until_one_is_picked(bundled: Content) -> None:
    menu = build(bundled, days=20, role="customer-operations-manager")
    assert len(menu.artifact_menu) > 3
    assert [i.id for i in menu.all_items() if i.category == "artifacts"] == [ARTIFACT_PICK_ID]
    choice = menu.artifact_menu[2].id
    picked = build_checklist(
        bundled,
        Targets("customer-operations-manager", None, None, TODAY + timedelta(days=20)),
        TODAY,
        [],
        every_slot_filled(),
        set(),
        artifact=choice,
    )
    assert [i.id for i in picked.all_items() if i.category == "artifacts"] == [choice]
    assert next(i for i in picked.items if i.id == choice).due is not None
    # An artifact ticked before the menu existed counts as the pick.
    ticked = build(bundled, days=20, role="customer-operations-manager", ticks={choice})
    assert ticked.artifact == choice


def test_without_an_interview_date_items_have_no_dates_and_a_hint(tiny: Content) -> None:
    result = build(tiny, days=None, stories=[])
    assert all(item.due is None for item in result.items)
    days_before = [item.due_days_before for item in result.items]
    assert days_before == sorted(days_before, reverse=True)
    assert any("No interview date" in hint for hint in result.hints)
    # The engine says what is missing; the view words how to set it.
    assert not any("--" in hint or "supportprep " in hint for hint in result.hints)
    buffer = io.StringIO()
    render_checklist(Console(file=buffer, width=100, no_color=True), result)
    assert "supportprep profile set --interview-date YYYY-MM-DD" in buffer.getvalue()
    labels = [week.label for week in result.weeks()]
    assert labels[0].startswith("2 weeks before")


# --- what goes in -----------------------------------------------------------------------------


def test_items_are_filtered_by_industry(tiny: Content) -> None:
    assert "defense-docs" not in build(tiny, days=30, industry="saas").ids()
    assert "defense-docs" in build(tiny, days=30, industry="defense").ids()
    # No industry chosen: everything applies, industry-specific items included.
    assert "defense-docs" in build(tiny, days=30).ids()


def test_items_are_filtered_by_role_and_variant(bundled: Content) -> None:
    ops = build(bundled, days=30, role="customer-operations-manager").ids()
    support_ops = build(bundled, days=30, role="support-operations-manager").ids()
    assert "research-wfm-vendor-footprint" in ops
    assert "research-wfm-vendor-footprint" not in support_ops
    assert "story-workflow-built" in support_ops and "story-workflow-built" not in ops
    tier1 = build(bundled, days=30, variant="tier-1").ids()
    on_call = build(bundled, days=30, variant="on-call").ids()
    assert "research-status-page" in on_call and "research-status-page" not in tier1


def test_questions_and_compensation_are_on_the_list(bundled: Content) -> None:
    categories = {i.category for i in build(bundled, days=30).items}
    assert {"questions-to-ask", "compensation"} <= categories


def test_empty_story_slots_become_items_until_filled(tiny: Content) -> None:
    empty = build(tiny, days=30, stories=[])
    assert {i.id for i in empty.items if i.source == "story-slot"} == {f"slot:{s}" for s in SLOTS}
    pushback = next(i for i in empty.items if i.id == "slot:pushback")
    assert pushback.action == Action(Do.ADD_STORY, "pushback")
    one = Story(id="x", title="x", situation="s", task="t", action="a", result="r")
    filled = build(tiny, days=30, stories=[replace(one, slots=["pushback"])])
    assert "slot:pushback" not in filled.ids() and "slot:failure" in filled.ids()


def test_the_weakest_skills_in_history_get_drill_items(tiny: Content) -> None:
    attempts = [
        attempt("tiny-outage", "triage", {"troubleshooting": 30.0, "communication": 90.0}),
        attempt("tiny-outage", "triage", {"troubleshooting": 50.0, "communication": 80.0}),
    ]
    result = build(tiny, days=30, role="support-manager", industry="saas", attempts=attempts)
    drills = [i for i in result.items if i.source == "drill"]
    assert [d.id for d in drills] == ["drill:troubleshooting"]  # communication is not weak
    assert drills[0].action == Action(Do.DRILL_SCENARIO, "tiny-outage")
    assert "average 40" in drills[0].text
    ops = build(tiny, days=30, role="ops-manager", industry="defense", attempts=attempts)
    assert next(i for i in ops.items if i.source == "drill").action == (
        Action(Do.DRILL_SCENARIO, "tiny-defense-triage")
    )


def test_ids_are_stable_and_known(tiny: Content) -> None:
    first = build(tiny, days=10, stories=[]).ids()
    second = build(tiny, days=3, stories=[]).ids()
    assert sorted(first) == sorted(second)
    assert set(first) <= known_ids(tiny)
    assert "drill:troubleshooting" in known_ids(tiny)


def test_weeks_start_on_monday(tiny: Content) -> None:
    # Due Wed 2026-12-16 and Sun 2026-12-20: one week; 2026-12-21 is the next Monday.
    result = build(tiny, days=30, industry="saas")
    weeks = group_by_week(result.items)
    assert [(w.label, [i.id for i in w.items]) for w in weeks] == [
        ("Week of Mon 2026-12-14", ["research-postings", "tiny-story-pushback"])
    ]
    later = build(tiny, days=31, industry="saas").weeks()
    assert [w.start for w in later] == [date(2026, 12, 14), date(2026, 12, 21)]


# --- output -----------------------------------------------------------------------------------


def test_markdown_is_a_task_list_by_week_with_iso_dates(tiny: Content) -> None:
    result = build(tiny, days=30, ticks={"tiny-story-pushback"}, industry="saas")
    text = to_markdown(result, command)
    lines = text.splitlines()
    assert lines[0] == "# Interview prep checklist"
    assert "## Week of Mon 2026-12-14" in lines
    assert "- [ ] Read 15 postings. (due 2026-12-16) <!-- research-postings -->" in lines
    assert "- [x] Write a pushback story. (due 2026-12-20) <!-- tiny-story-pushback -->" in lines


def test_markdown_lists_what_was_dropped(tiny: Content) -> None:
    text = to_markdown(build(tiny, days=1, per_day=1, industry="saas"), command)
    dropped = text.split("## If time allows", 1)[1]
    assert "- [ ] Read 15 postings. <!-- research-postings -->" in dropped


def test_markdown_escapes_pack_text(tiny: Content) -> None:
    result = build(tiny, days=30, industry="saas")
    result.items = [replace(result.items[0], text="Use *stars* and <b>tags</b>")]
    assert "Use \\*stars\\* and \\<b\\>tags\\</b\\>" in to_markdown(result, command)


def test_ics_has_the_interview_and_at_most_one_prep_block_a_day(bundled: Content) -> None:
    import icalendar

    for days in (10, 3):
        result = build(bundled, days=days, role="customer-operations-manager", per_day=4)
        first = result.items[0]
        result.items[0] = replace(first, done=True)
        calendar = icalendar.Calendar.from_ical(to_ics(result, NOW, command))
        assert str(calendar["PRODID"]) == PRODID
        events = list(calendar.walk("VEVENT"))
        interview = TODAY + timedelta(days=days)
        [main] = [e for e in events if str(e["UID"]).startswith("interview-")]
        assert main.decoded("DTSTART") == interview
        assert "Interview" in str(main["SUMMARY"])
        prep = [e for e in events if e is not main]
        starts = [e.decoded("DTSTART") for e in prep]
        assert all(type(s) is datetime for s in starts), "prep is a timed block"
        days_with_prep = [s.date() for s in starts]
        assert len(days_with_prep) == len(set(days_with_prep)), "at most one block a day"
        assert len(prep) <= days + 2
        for event in prep:
            assert not str(event["SUMMARY"]).startswith("Done:")
            assert first.id not in str(event["DESCRIPTION"]), "done items are left out"
            minutes = (event.decoded("DTEND") - event.decoded("DTSTART")).seconds // 60
            assert f"{minutes} min" in str(event["SUMMARY"])
        dropped = {i.id for i in result.dropped}
        described = " ".join(str(e["DESCRIPTION"]) for e in prep)
        assert not any(f"checklist done {i}\n" in described for i in dropped)


def test_ics_uids_are_stable_across_exports(tiny: Content) -> None:
    import icalendar

    def uids(days: int) -> set[str]:
        calendar = icalendar.Calendar.from_ical(
            to_ics(build(tiny, days=days, industry="saas"), NOW, command)
        )
        return {str(e["UID"]) for e in calendar.walk("VEVENT")}

    assert uids(30) == {
        "interview-2026-12-30@supportprep",
        "prep-2026-12-16@supportprep",
        "prep-2026-12-20@supportprep",
    }


# --- ticking interactively ----------------------------------------------------------------------


def test_ask_ticks_offers_every_item_with_current_ticks(tiny: Content) -> None:
    result = build(tiny, days=30, ticks={"tiny-story-pushback"}, industry="saas")
    prompter = ScriptedPrompter(checkbox=[["research-postings"]])
    assert ask_ticks(prompter, result) == {"research-postings"}
    [offered] = prompter.offered
    assert [c.value for c in offered] == ["research-postings", "tiny-story-pushback"]
    assert prompter.checked == [["tiny-story-pushback"]]
    assert offered[0].label.startswith("2026-12-16")


def test_the_header_names_the_targets_by_name(bundled: Content) -> None:
    from supportprep.planning.calendar import describe

    result = build(bundled, days=10, role="customer-operations-manager", industry="fintech")
    line = describe(result)
    assert "Customer Operations Manager" in line and "customer-operations-manager" not in line
    assert f"{result.done_count()} of {result.total()} done" in line


def test_research_items_name_the_company_when_there_is_one(bundled: Content) -> None:
    targets = Targets("customer-operations-manager", None, None, TODAY + timedelta(days=20))
    named = build_checklist(bundled, targets, TODAY, [], [], set(), company="Acme  Bank")
    texts = {i.id: i.text for i in named.all_items()}
    assert texts["research-status-page"].startswith("Read 6-12 months of Acme Bank's status page")
    assert "Acme Bank" not in texts["story-pushback"]  # only research items
    plain = build_checklist(bundled, targets, TODAY, [], [], set())
    assert (
        "the company's status page"
        in {i.id: i.text for i in plain.all_items()}["research-status-page"]
    )
