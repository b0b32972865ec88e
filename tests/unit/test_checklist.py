from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from supportprep.packs.content import Content
from supportprep.planning.calendar import PRODID, to_ics, to_markdown
from supportprep.planning.checklist import (
    CATEGORY_PRIORITY,
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
        assert item.due == interview - timedelta(days=item.due_days_before)
        assert not item.overdue


def test_near_interview_squeezes_overdue_items_into_the_days_left(tiny: Content) -> None:
    # Both items' dates (10 and 14 days before) have passed; three days are left.
    result = build(tiny, days=3, per_day=1, industry="saas")
    interview = TODAY + timedelta(days=3)
    assert result.compressed
    assert result.dropped == []
    for item in result.items:
        assert item.overdue
        assert item.due is not None and TODAY <= item.due < interview
    # Catch-up starts today, most important (stories before research) first.
    assert [(i.id, i.due) for i in result.items] == [
        ("tiny-story-pushback", TODAY),
        ("research-postings", TODAY + timedelta(days=1)),
    ]
    assert "squeezed" in result.hints[0]


def test_when_nothing_more_fits_the_lowest_priority_item_is_dropped(tiny: Content) -> None:
    result = build(tiny, days=1, per_day=1, industry="saas")
    assert [i.id for i in result.items] == ["tiny-story-pushback"]
    assert [i.id for i in result.dropped] == ["research-postings"]
    assert result.dropped[0].due is None
    assert "1 dropped" in result.hints[0]


def test_near_interview_with_bundled_content_keeps_priorities(bundled: Content) -> None:
    per_day = 8
    result = build(bundled, days=3, role="customer-support-manager", per_day=per_day)
    interview = TODAY + timedelta(days=3)
    assert result.compressed
    assert result.dropped, "three days cannot hold the whole checklist"
    load = Counter(item.due for item in result.items if not item.done)
    assert max(load.values()) <= per_day
    for item in result.items:
        assert item.due is not None and TODAY <= item.due <= interview
        if item.overdue:
            assert item.due < interview, "catch-up work never lands on the interview day"
    kept = {i.id for i in result.items}
    # Every logistics item (the top priority) survives.
    everything = build(bundled, days=30, role="customer-support-manager").items
    assert {i.id for i in everything if i.category == "logistics"} <= kept
    # Nothing of a lower priority is kept in place of a dropped, more important overdue item.
    dropped_rank = min(CATEGORY_PRIORITY[i.category] for i in result.dropped)
    for item in result.items:
        if item.overdue:
            assert CATEGORY_PRIORITY[item.category] <= dropped_rank
    assert len(result.items) + len(result.dropped) == len(everything)


def test_ticked_items_take_no_room_and_stay_listed(tiny: Content) -> None:
    result = build(tiny, days=1, per_day=1, ticks={"tiny-story-pushback"}, industry="saas")
    assert result.dropped == []
    by_id = {i.id: i for i in result.items}
    assert by_id["tiny-story-pushback"].done
    assert by_id["research-postings"].due == TODAY
    assert result.done_count() == 1


def test_without_an_interview_date_items_have_no_dates_and_a_hint(tiny: Content) -> None:
    result = build(tiny, days=None, stories=[])
    assert all(item.due is None for item in result.items)
    days_before = [item.due_days_before for item in result.items]
    assert days_before == sorted(days_before, reverse=True)
    assert any("--interview-date" in hint for hint in result.hints)
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
    assert pushback.command == "supportprep stories add --slot pushback"
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
    assert drills[0].command == "supportprep drill --scenario tiny-outage"
    assert "average 40" in drills[0].text
    ops = build(tiny, days=30, role="ops-manager", industry="defense", attempts=attempts)
    assert next(i for i in ops.items if i.source == "drill").command == (
        "supportprep drill --scenario tiny-defense-triage"
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
    text = to_markdown(result)
    lines = text.splitlines()
    assert lines[0] == "# Interview prep checklist"
    assert "## Week of Mon 2026-12-14" in lines
    assert "- [ ] Read 15 postings. (due 2026-12-16) <!-- research-postings -->" in lines
    assert "- [x] Write a pushback story. (due 2026-12-20) <!-- tiny-story-pushback -->" in lines


def test_markdown_lists_what_was_dropped(tiny: Content) -> None:
    text = to_markdown(build(tiny, days=1, per_day=1, industry="saas"))
    dropped = text.split("## Dropped: no room before the interview", 1)[1]
    assert "Read 15 postings." in dropped
    assert "- [" not in dropped  # dropped items are not tasks


def test_markdown_escapes_pack_text(tiny: Content) -> None:
    result = build(tiny, days=30, industry="saas")
    result.items = [replace(result.items[0], text="Use *stars* and <b>tags</b>")]
    assert "Use \\*stars\\* and \\<b\\>tags\\</b\\>" in to_markdown(result)


def test_ics_parses_back_with_one_all_day_event_per_item(bundled: Content) -> None:
    import icalendar

    result = build(bundled, days=10, role="customer-support-manager", industry="saas")
    data = to_ics(result, NOW)
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(result.items)
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events)
    for item in result.items:
        event = by_uid[f"{item.id}@supportprep"]
        start = event.decoded("DTSTART")
        assert type(start) is date and start == item.due  # all-day, on the due date
        assert event.decoded("DTEND") == start + timedelta(days=1)
        summary = str(event["SUMMARY"])
        assert summary.rstrip("…").split()[0] in item.text
        assert item.id in str(event["DESCRIPTION"])
    dropped_uids = {f"{i.id}@supportprep" for i in result.dropped}
    assert not dropped_uids & set(by_uid)


def test_ics_uids_are_stable_across_exports(tiny: Content) -> None:
    import icalendar

    def uids(days: int) -> set[str]:
        calendar = icalendar.Calendar.from_ical(
            to_ics(build(tiny, days=days, industry="saas"), NOW)
        )
        return {str(e["UID"]) for e in calendar.walk("VEVENT")}

    assert (
        uids(30) == uids(20) == {"tiny-story-pushback@supportprep", "research-postings@supportprep"}
    )


def test_ics_marks_done_items(tiny: Content) -> None:
    import icalendar

    data = to_ics(build(tiny, days=30, ticks={"tiny-story-pushback"}, industry="saas"), NOW)
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert summaries == {"Done: Write a pushback story.", "Read 15 postings."}


# --- ticking interactively ----------------------------------------------------------------------


def test_ask_ticks_offers_every_item_with_current_ticks(tiny: Content) -> None:
    result = build(tiny, days=30, ticks={"tiny-story-pushback"}, industry="saas")
    prompter = ScriptedPrompter(checkbox=[["research-postings"]])
    assert ask_ticks(prompter, result) == {"research-postings"}
    [offered] = prompter.offered
    assert [c.value for c in offered] == ["research-postings", "tiny-story-pushback"]
    assert prompter.checked == [["tiny-story-pushback"]]
    assert offered[0].label.startswith("2026-12-16")
