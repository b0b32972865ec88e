from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.planning.stories import (
    SLOTS,
    StoryDraft,
    apply_draft,
    ask_story,
    check_slots,
    create_story,
    empty_slots,
    find_story,
    missing_skills,
    new_story_id,
    story_gaps,
    story_matrix,
)
from supportprep.store.stories import Story, load_stories, save_stories, stories_path
from supportprep.targets import FieldError
from tests.conftest import ScriptedPrompter

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def story(story_id: str, skills: list[str] = [], slots: list[str] = []) -> Story:  # noqa: B006
    return Story(
        id=story_id,
        title=story_id.title(),
        situation="s",
        task="t",
        action="a",
        result="r",
        skills=list(skills),
        slots=list(slots),
        created=NOW,
        updated=NOW,
    )


# --- the file ---------------------------------------------------------------------------------


def test_stories_survive_a_reload(isolated_home: Path) -> None:
    assert load_stories() == []
    saved = [story("one", ["communication"], ["pushback"]), story("two")]
    path = save_stories(saved)
    assert path == isolated_home / "stories.json"
    assert load_stories() == saved


def test_each_write_keeps_the_previous_version(isolated_home: Path) -> None:
    save_stories([story("one")])
    first = stories_path().read_text(encoding="utf-8")
    save_stories([story("one"), story("two")])
    backup = isolated_home / "stories.json.bak"
    assert backup.read_text(encoding="utf-8") == first
    assert [s["id"] for s in json.loads(backup.read_text())["stories"]] == ["one"]


def test_fields_from_a_newer_version_are_kept() -> None:
    path = stories_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": 1, "stories": [{**story("one").to_jsonable(), "mood": "calm"}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    (loaded,) = load_stories()
    save_stories([apply_draft(loaded, StoryDraft(result="better"), LATER)])
    (saved,) = json.loads(path.read_text(encoding="utf-8"))["stories"]
    assert (saved["mood"], saved["result"]) == ("calm", "better")


@pytest.mark.parametrize(
    "damage",
    ['{"stories": [', '{"stories": [{"id": "x"}]}', "\udcff".encode("utf-8", "surrogateescape")],
    ids=["truncated", "missing fields", "not utf-8"],
)
def test_a_damaged_bank_is_reported_and_kept(damage: str | bytes) -> None:
    path = stories_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(damage, bytes):
        path.write_bytes(damage)
    else:
        path.write_text(damage, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        load_stories()
    assert str(path) in str(caught.value)
    assert "left as it is" in str(caught.value)
    assert path.read_bytes() == before


# --- rules ------------------------------------------------------------------------------------


def test_ids_come_from_the_title_and_stay_unique() -> None:
    assert new_story_id("Cut the refund backlog!", []) == "cut-the-refund-backlog"
    assert new_story_id("Cut the refund backlog", ["cut-the-refund-backlog"]) == (
        "cut-the-refund-backlog-2"
    )
    assert new_story_id("???", []) == "story"


def test_create_needs_every_star_field() -> None:
    with pytest.raises(UserError, match="missing --task, --result"):
        create_story(StoryDraft(title="x", situation="s", action="a"), [], NOW)
    made = create_story(
        StoryDraft(title=" Hi ", situation="s", task="t", action="a", result="r", metric=""),
        [story("hi")],
        NOW,
    )
    assert (made.id, made.title, made.metric, made.created) == ("hi-2", "Hi", None, NOW)


def test_apply_draft_changes_only_what_is_given() -> None:
    original = story("one", ["communication"])
    changed = apply_draft(original, StoryDraft(result="better", slots=["failure"]), LATER)
    assert (changed.result, changed.slots, changed.skills) == (
        "better",
        ["failure"],
        original.skills,
    )
    assert (changed.created, changed.updated) == (NOW, LATER)
    assert apply_draft(original, StoryDraft(result="r"), LATER) is original
    with pytest.raises(FieldError, match=r"^must not be blank") as caught:
        apply_draft(original, StoryDraft(title="  "), LATER)
    assert caught.value.field == "title"


def test_slots_are_checked_and_ordered() -> None:
    assert check_slots(["failure", "pushback", "failure"]) == ["pushback", "failure"]
    with pytest.raises(UserError, match="choose one of: pushback, failure"):
        check_slots(["metric"])


def test_find_story_says_how_to_see_the_ids() -> None:
    from supportprep.actions import Action, Do, suggested
    from supportprep.cli.options import worded

    with pytest.raises(UserError) as caught:
        find_story([story("one")], "two")
    # The engine names the step; the command line words it.
    assert suggested(caught.value) == Action(Do.LIST_STORIES)
    assert "supportprep" not in str(caught.value)
    assert worded(caught.value).endswith("the ids are listed by: `supportprep stories list`")


# --- coverage ---------------------------------------------------------------------------------


def test_empty_slots_and_missing_skills(tiny: Content) -> None:
    assert empty_slots([]) == list(SLOTS)
    bank = [story("a", ["communication"], ["pushback", "failure"])]
    assert empty_slots(bank) == ["metric-moved", "edge-case", "debrief", "disagreement"]
    assert missing_skills(tiny, bank) == ["troubleshooting"]
    gaps = story_gaps(tiny, bank)
    assert gaps[0].startswith("No story yet for: metric-moved, edge-case")
    assert gaps[1] == "No story proves: Troubleshooting"
    full = [story("b", ["communication", "troubleshooting"], list(SLOTS))]
    assert story_gaps(tiny, full) == []


def test_matrix_maps_stories_to_loop_stages_through_rubric_skills(tiny: Content) -> None:
    # Tiny loop: triage scores troubleshooting and communication; writing scores communication.
    bank = [story("fix", ["troubleshooting"]), story("talk", ["communication"])]
    result = story_matrix(tiny, bank)
    assert result.story_stages == {"fix": ["triage"], "talk": ["triage", "writing"]}
    assert result.stages == {"triage": ["fix", "talk"], "writing": ["talk"]}
    assert result.skills == {"troubleshooting": ["fix"], "communication": ["talk"]}
    assert result.missing_skills == [] and result.stages_without_story == []
    assert result.leaned_on == {"talk": "fits every loop stage"}


def test_matrix_flags_the_only_story_for_several_stages(tiny: Content) -> None:
    result = story_matrix(tiny, [story("talk", ["communication"]), story("none")])
    assert result.leaned_on["talk"] == ("fits every loop stage; the only story for Triage, Writing")
    assert "none" not in result.leaned_on
    assert result.missing_skills == ["troubleshooting"]
    empty = story_matrix(tiny, [])
    assert empty.stages_without_story == ["triage", "writing"]
    assert empty.leaned_on == {}


# --- asking -----------------------------------------------------------------------------------


def test_ask_story_uses_flags_as_defaults(tiny: Content) -> None:
    prompter = ScriptedPrompter(
        text=["Backlog", "520 open", "cut it", "I triaged", "120 open", None],
        checkbox=[["troubleshooting"], ["metric-moved"]],
    )
    draft = ask_story(prompter, tiny, StoryDraft(metric="520 to 120"))
    assert prompter.defaults["text"][-1] == "520 to 120"
    made = create_story(draft, [], NOW)
    assert (made.title, made.result, made.metric) == ("Backlog", "120 open", "520 to 120")
    assert (made.skills, made.slots) == (["troubleshooting"], ["metric-moved"])


def test_ask_story_when_editing_offers_the_current_values(tiny: Content) -> None:
    current = story("one", ["communication"], ["pushback"])
    prompter = ScriptedPrompter(
        text=[None, None, None, None, "a better result", None],
        checkbox=[["communication"], ["pushback", "failure"]],
    )
    draft = ask_story(prompter, tiny, StoryDraft(), current=current)
    assert prompter.defaults["text"] == ["One", "s", "t", "a", "r", ""]
    assert prompter.checked == [["communication"], ["pushback"]]
    changed = apply_draft(current, draft, LATER)
    assert changed.result == "a better result"
    assert changed.slots == ["pushback", "failure"]
