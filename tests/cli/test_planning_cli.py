from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import TINY_PACK, Cli, ScriptedPrompter

STORY = [
    "--title", "Refund backlog",
    "--situation", "520 open tickets",
    "--task", "Cut it in a month",
    "--action", "I triaged by age",
    "--result", "Down to 120",
]  # fmt: skip


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def one_line_error(result_err: str) -> str:
    lines = result_err.strip().splitlines()
    assert len(lines) == 1, result_err
    return lines[0]


# --- profile ----------------------------------------------------------------------------------


def test_profile_set_and_show(cli: Cli, isolated_home: Path) -> None:
    result = cli(
        "profile", "set", "--role", "customer-support-manager", "--industry", "saas",
        "--interview-date", "+5", "--company", "Acme", "--seniority", "manager",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert (isolated_home / "profile.json").exists()
    shown = json.loads(cli("profile", "show", "--json").out)
    assert shown["profile"] == {
        "role": "customer-support-manager",
        "variant": None,
        "industry": "saas",
        "seniority": "manager",
        "interview_date": in_days(5),
        "company": "Acme",
    }
    assert shown["days_left"] == 5
    table = cli("profile", "show").out
    assert "Customer Support Manager" in table and "in 5 days" in table
    cli("profile", "set", "--clear", "company")
    assert json.loads(cli("profile", "show", "--json").out)["profile"]["company"] is None


def test_profile_without_a_terminal_shows_it(cli: Cli) -> None:
    result = cli("profile")
    assert result.code == 0
    assert "No profile yet" in result.out


def test_profile_set_needs_something_to_set(cli: Cli) -> None:
    result = cli("profile", "set")
    assert result.code == 2
    assert "nothing to set" in one_line_error(result.err)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--role", "cto"],
            "--role: unknown role 'cto'; choose one of: customer-operations-manager",
        ),
        (
            ["--industry", "mining"],
            "--industry: unknown industry 'mining'; choose one of: consumer",
        ),
        (["--variant", "tier-3"], "--variant: unknown variant 'tier-3'; choose one of: community"),
        (["--interview-date", "2001-01-01"], "is in the past"),
        (["--interview-date", "soon"], "cannot read 'soon' as a date; use YYYY-MM-DD"),
    ],
)
@pytest.mark.parametrize("command", [["profile", "set"], ["checklist"]])
def test_bad_input_is_one_line_and_exit_2(
    cli: Cli, command: list[str], args: list[str], expected: str
) -> None:
    result = cli(*command, *args)
    assert result.code == 2
    assert expected in one_line_error(result.err)
    assert "Traceback" not in result.err


def test_plan_bad_input(cli: Cli) -> None:
    result = cli("plan", "--role", "cto")
    assert result.code == 2 and "choose one of:" in one_line_error(result.err)
    result = cli("plan", "--kind", "first-100-days", "--role", "customer-support-manager")
    assert result.code == 2
    assert "choose one of: first-90-days, job-search" in one_line_error(result.err)
    result = cli("plan", "--role", "customer-support-manager", "--format", "pdf")
    assert result.code == 2 and "choose one of: rich, markdown, json" in result.err


def test_a_profile_value_the_packs_no_longer_know_is_named(cli: Cli, isolated_home: Path) -> None:
    (isolated_home / "profile.json").write_text('{"role": "retired-role"}', encoding="utf-8")
    result = cli("checklist", "--json")
    assert result.code == 2
    line = one_line_error(result.err)
    assert line.startswith("supportprep: profile role:") and "'retired-role'" in line
    assert "choose one of: customer-operations-manager" in line


# --- plan -------------------------------------------------------------------------------------


def test_plan_falls_back_to_the_profile(cli: Cli) -> None:
    assert cli("plan").code == 2  # no role anywhere
    cli("profile", "set", "--role", "customer-operations-manager", "--industry", "defense")
    data = json.loads(cli("plan", "--json").out)
    assert data["plan"]["id"] == "first-90-customer-operations-manager-defense"
    assert (data["role"], data["industry"]) == ("customer-operations-manager", "defense")
    data = json.loads(cli("plan", "--kind", "job-search", "--format", "json").out)
    assert data["plan"]["id"] == "job-search-customer-operations-manager"
    # An option beats the profile.
    data = json.loads(cli("plan", "--json", "--industry", "saas").out)
    assert data["plan"]["id"] == "first-90-customer-operations-manager"


def test_plan_markdown_and_rich(cli: Cli) -> None:
    markdown = cli("plan", "--role", "customer-support-manager", "--format", "markdown").out
    assert next(line for line in markdown.splitlines() if line.startswith("## ")).startswith(
        "## Days 1-30:"
    )
    assert markdown.count("\n## ") == 3
    rich = cli("plan", "--role", "customer-support-manager")
    assert rich.code == 0
    assert "Signs of success" in rich.out and "Days 61-90" in rich.out


# --- checklist --------------------------------------------------------------------------------


def test_checklist_falls_back_to_the_profile(cli: Cli) -> None:
    cli("profile", "set", "--role", "customer-operations-manager", "--interview-date", "+30")
    data = json.loads(cli("checklist", "--json").out)
    assert data["interview_date"] == in_days(30)
    assert data["targets"]["role"] == "customer-operations-manager"
    ids = {item["id"] for item in data["items"]}
    assert "research-wfm-vendor-footprint" in ids  # customer operations only
    assert "story-workflow-built" not in ids  # support operations only
    assert not data["compressed"] and data["dropped"] == []


def test_near_interview_compresses_and_reports_drops(cli: Cli) -> None:
    data = json.loads(cli("checklist", "--interview-date", "+3", "--format", "json").out)
    assert data["compressed"]
    assert data["dropped"]
    for item in data["items"]:
        last = in_days(4) if item["id"] == "logistics-recap-note" else in_days(3)
        assert in_days(0) <= item["due"] <= last
    assert data["counts"]["total"] == len(data["items"]) + len(data["dropped"])
    table = cli("checklist", "--interview-date", "+3").out
    assert "If time allows" in table
    assert "spread over the days left, at most 4 a day" in " ".join(table.split())
    assert "overdue" not in table


def test_checklist_without_a_date_says_how_to_set_one(cli: Cli) -> None:
    result = cli("--pack", str(TINY_PACK), "checklist")
    assert result.code == 0, result.err
    assert "No interview date" in result.out
    assert "profile set --interview-date" in result.out.replace("\n", " ")
    data = json.loads(cli("checklist", "--json").out)
    assert all(item["due"] is None for item in data["items"])


def test_a_past_profile_date_is_pointed_out(cli: Cli, isolated_home: Path) -> None:
    (isolated_home / "profile.json").write_text('{"interview_date": "2001-02-03"}')
    data = json.loads(cli("checklist", "--json").out)
    assert data["interview_date"] is None
    assert data["hints"][0] == "The interview date in your profile, 2001-02-03, has passed."


def test_ticks_persist_across_runs(cli: Cli, isolated_home: Path) -> None:
    result = cli("checklist", "done", "research-collect-postings", "slot:pushback")
    assert result.code == 0, result.err
    assert "ticked research-collect-postings, slot:pushback" in result.out
    done = {i["id"] for i in json.loads(cli("checklist", "--json").out)["items"] if i["done"]}
    # The slot and the pack's pushback story are one item: the old slot tick still counts.
    assert done == {"research-collect-postings", "story-pushback"}
    markdown = cli("checklist", "--interview-date", "+30", "--format", "markdown").out
    assert any(
        line.startswith("- [x] Save 15-20 current postings") for line in markdown.splitlines()
    )
    assert cli("checklist", "undo", "research-collect-postings").code == 0
    done = {i["id"] for i in json.loads(cli("checklist", "--json").out)["items"] if i["done"]}
    assert done == {"story-pushback"}
    assert (isolated_home / "checklist.json.bak").exists()


def test_unknown_checklist_id_says_how_to_see_ids(cli: Cli) -> None:
    result = cli("checklist", "done", "research-collect-postings", "no-such-item")
    assert result.code == 2
    line = one_line_error(result.err)
    assert "'no-such-item'" in line and "supportprep checklist --json" in line
    assert json.loads(cli("checklist", "--json").out)["counts"]["done"] == 0  # nothing ticked


def test_checklist_tick_needs_a_terminal(cli: Cli) -> None:
    result = cli("checklist", "tick")
    assert result.code == 2
    assert "checklist done ID" in one_line_error(result.err)


def test_checklist_ics_imports_back(cli: Cli, tmp_path: Path) -> None:
    import icalendar

    target = tmp_path / "prep.ics"
    cli("profile", "set", "--role", "customer-support-manager", "--interview-date", "+14")
    result = cli("checklist", "--ics", str(target))
    assert result.code == 0, result.err
    items = json.loads(cli("checklist", "--json").out)["items"]
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    prep_days = sorted({item["due"] for item in items if not item["done"]})
    assert f"wrote the interview and {len(prep_days)} prep blocks" in result.out
    assert len(events) == len(prep_days) + 1
    starts = sorted(e.decoded("DTSTART").isoformat()[:10] for e in events)
    assert starts == sorted([*prep_days, in_days(14)])


def test_checklist_ics_needs_a_date(cli: Cli, tmp_path: Path) -> None:
    result = cli("checklist", "--ics", str(tmp_path / "x.ics"))
    assert result.code == 2
    assert "needs an interview date" in one_line_error(result.err)
    assert not (tmp_path / "x.ics").exists()


# --- stories ----------------------------------------------------------------------------------


def test_story_bank_round_trip(cli: Cli, isolated_home: Path) -> None:
    result = cli(
        "stories", "add", *STORY, "--metric", "520 to 120", "--skill", "metrics-fluency",
        "--slot", "metric-moved", "--slot", "pushback",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "added refund-backlog" in result.out
    listed = json.loads(cli("stories", "list", "--json").out)
    assert [(s["id"], s["slots"]) for s in listed] == [
        ("refund-backlog", ["pushback", "metric-moved"])
    ]
    shown = cli("stories", "show", "refund-backlog")
    assert "Down to 120" in shown.out and "Metrics fluency" in shown.out
    assert cli("stories", "edit", "refund-backlog", "--result", "Down to 90").code == 0
    assert json.loads(cli("stories", "show", "refund-backlog", "--json").out)["result"] == (
        "Down to 90"
    )
    # The checklist counts the filled slots' story items as done, and still asks for the rest.
    data = json.loads(cli("checklist", "--json").out)
    items = {i["id"]: i for i in [*data["items"], *data["dropped"]]}
    assert items["story-pushback"]["done"] and items["story-metric-moved"]["done"]
    assert not items["story-failure-what-changed"]["done"]
    assert items["story-failure-what-changed"]["command"] == (
        "supportprep stories add --slot failure"
    )
    result = cli("stories", "remove", "refund-backlog", "--yes")
    assert result.code == 0
    assert json.loads(cli("stories", "list", "--json").out) == []
    backup = json.loads((isolated_home / "stories.json.bak").read_text(encoding="utf-8"))
    assert backup["stories"][0]["result"] == "Down to 90"


def test_stories_add_without_a_terminal_needs_every_field(cli: Cli) -> None:
    result = cli("stories", "add", "--title", "Half a story")
    assert result.code == 2
    assert "missing --situation, --task, --action, --result" in one_line_error(result.err)
    assert json.loads(cli("stories", "list", "--json").out) == []


def test_stories_bad_tags_list_the_choices(cli: Cli) -> None:
    result = cli("stories", "add", *STORY, "--skill", "juggling")
    assert result.code == 2 and "choose one of: communication" in one_line_error(result.err)
    result = cli("stories", "add", *STORY, "--slot", "win")
    assert result.code == 2 and "choose one of: pushback, failure" in one_line_error(result.err)


def test_stories_remove_without_a_terminal_needs_yes(cli: Cli) -> None:
    cli("stories", "add", *STORY)
    result = cli("stories", "remove", "refund-backlog")
    assert result.code == 2 and "--yes" in result.err
    assert len(json.loads(cli("stories", "list", "--json").out)) == 1
    assert cli("stories", "show", "nope").code == 2


def test_a_corrupt_story_bank_is_named_and_kept(cli: Cli, isolated_home: Path) -> None:
    bank = isolated_home / "stories.json"
    bank.write_text('{"stories": [{"id": "x", "title": ', encoding="utf-8")
    for args in (("stories", "list"), ("stories", "add", *STORY), ("checklist",)):
        result = cli(*args)
        assert result.code == 2, args
        assert str(bank) in one_line_error(result.err)
    assert bank.read_text(encoding="utf-8") == '{"stories": [{"id": "x", "title": '
    assert not (isolated_home / "stories.json.bak").exists()


def test_stories_matrix(cli: Cli) -> None:
    cli("stories", "add", *STORY, "--skill", "communication", "--skill", "escalation-judgment")
    data = json.loads(cli("stories", "matrix", "--json").out)
    assert data["skills"]["communication"] == ["refund-backlog"]
    assert "troubleshooting" in data["missing_skills"]
    assert set(data["stages"]) == {
        "live-troubleshooting",
        "writing-exercise",
        "prioritization-escalation",
        "collaboration",
    }
    assert "refund-backlog" in data["leaned_on"]
    assert data["empty_slots"] == [
        "pushback", "failure", "metric-moved", "edge-case", "debrief", "disagreement",
    ]  # fmt: skip
    table = cli("stories", "matrix").out
    assert "Leaned on too hard" in table and "Empty slots: pushback" in table


# --- the interactive paths, with a scripted prompter in place of questionary --------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Pretend to run in a terminal; the test appends the answers to the returned script."""
    from supportprep.cli import checklist_cmd, profile_cmd, stories_cmd
    from supportprep.ui import planning_prompts

    script: list[object] = []
    for module in (checklist_cmd, profile_cmd, stories_cmd):
        monkeypatch.setattr(module, "interactive", lambda as_json=False: True)
    monkeypatch.setattr(planning_prompts, "QuestionaryPrompter", lambda: ScriptedPrompter(script))
    return script


def test_profile_on_a_terminal_asks_and_saves(cli: Cli, terminal: list[object]) -> None:
    terminal += ["customer-support-manager", "", "consumer", "lead", "+7", "Acme"]
    result = cli("profile")
    assert result.code == 0, result.err
    profile = json.loads(cli("profile", "show", "--json").out)["profile"]
    assert profile == {
        "role": "customer-support-manager",
        "variant": None,
        "industry": "consumer",
        "seniority": "lead",
        "interview_date": in_days(7),
        "company": "Acme",
    }


def test_stories_add_asks_for_what_the_flags_left_out(cli: Cli, terminal: list[object]) -> None:
    terminal += [None, "520 open", "cut it", "I triaged", "120 open", "", ["tooling"], None]
    result = cli("stories", "add", "--title", "Backlog", "--slot", "failure")
    assert result.code == 0, result.err
    (saved,) = json.loads(cli("stories", "list", "--json").out)
    assert (saved["title"], saved["result"], saved["skills"], saved["slots"]) == (
        "Backlog",
        "120 open",
        ["tooling"],
        ["failure"],
    )
    terminal += [None, None, None, None, "90 open", None, None, None]
    assert cli("stories", "edit", "backlog").code == 0
    assert json.loads(cli("stories", "show", "backlog", "--json").out)["result"] == "90 open"
    terminal += [False]
    result = cli("stories", "remove", "backlog")
    assert result.code == 1 and "nothing removed" in result.err
    assert len(json.loads(cli("stories", "list", "--json").out)) == 1


def test_checklist_tick_saves_the_checkbox(cli: Cli, terminal: list[object]) -> None:
    cli("checklist", "done", "research-help-center")
    terminal += [["research-collect-postings"]]
    result = cli("checklist", "tick")
    assert result.code == 0, result.err
    done = {i["id"] for i in json.loads(cli("checklist", "--json").out)["items"] if i["done"]}
    assert done == {"research-collect-postings"}  # research-help-center was unticked


# --- practice history --------------------------------------------------------------------------


def _unreadable_history(monkeypatch: pytest.MonkeyPatch, problem: Exception) -> None:
    from supportprep.store import history

    def open_history(path: object = None) -> object:
        raise problem

    monkeypatch.setattr(history, "open_history", open_history)


def test_checklist_adds_drills_for_the_weakest_skills(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from supportprep.store.attempt import Attempt

    now = datetime.now(UTC)
    weak = Attempt(
        scenario_id="x",
        scenario_title="x",
        stage="metrics",
        rubric="metrics",
        started_at=now,
        finished_at=now,
        time_limit_seconds=600,
        duration_seconds=500,
        overtime_seconds=0,
        score=40,
        skill_scores={"metrics-fluency": 20.0, "troubleshooting": 90.0},
    )
    from supportprep.store.history import open_history

    with open_history() as history:
        history.save(weak)
    data = json.loads(cli("checklist", "--role", "customer-support-manager", "--json").out)
    drills = [i for i in data["items"] if i["source"] == "drill"]
    assert [d["id"] for d in drills] == ["drill:metrics-fluency"]
    assert drills[0]["command"].startswith("supportprep drill --scenario ")
    assert data["weak_skills"] == [{"skill": "metrics-fluency", "average": 20.0, "attempts": 1}]


def test_an_unreadable_history_is_a_warning_not_a_failure(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supportprep.errors import UserError

    _unreadable_history(monkeypatch, UserError("/x/history.db: not a database"))
    result = cli("checklist", "--json")
    assert result.code == 0
    assert "warning: /x/history.db: not a database" in result.err
    assert json.loads(result.out)["items"]


def test_checklist_pick_schedules_the_one_artifact(cli: Cli) -> None:
    cli("profile", "set", "--role", "customer-operations-manager", "--interview-date", "+20")
    data = json.loads(cli("checklist", "--json").out)
    assert [i["id"] for i in data["items"] if i["category"] == "artifacts"] == ["artifact:pick"]
    menu = [entry["id"] for entry in data["artifact_menu"]]
    assert "Artifact menu: bring one" in cli("checklist").out
    result = cli("checklist", "pick", menu[1].upper())  # ids match whatever the case
    assert result.code == 0, result.err
    assert f"picked {menu[1]}" in result.out
    data = json.loads(cli("checklist", "--json").out)
    assert [i["id"] for i in data["items"] if i["category"] == "artifacts"] == [menu[1]]
    assert data["artifact"] == menu[1]
    wrong = cli("checklist", "pick", "no-such-artifact")
    assert wrong.code == 2
    assert "unknown artifact 'no-such-artifact'" in one_line_error(wrong.err)


def test_profile_ids_match_whatever_the_case_or_by_name(cli: Cli) -> None:
    result = cli(
        "profile",
        "set",
        "--seniority",
        "Senior Manager",
        "--role",
        "Customer-Operations-Manager",
        "--industry",
        "Fintech",
    )
    assert result.code == 0, result.err
    data = json.loads(cli("profile", "show", "--json").out)["profile"]
    assert data["seniority"] == "senior-manager"
    assert data["role"] == "customer-operations-manager" and data["industry"] == "fintech"
    assert cli("profile", "set", "--role", "astronaut").code == 2


def test_plan_spoken_and_fitted_to_the_interview(cli: Cli) -> None:
    cli(
        "profile", "set", "--role", "customer-operations-manager", "--industry", "fintech",
        "--interview-date", "+10", "--company", "Acme",
    )  # fmt: skip
    spoken = cli("plan", "--spoken")
    assert spoken.code == 0, spoken.err
    assert spoken.out.startswith("30/60/90 plan for Acme: First 90 days as a Customer Operations")
    assert "Here is how I would spend my first 90 days" in spoken.out
    data = json.loads(cli("plan", "--spoken", "--json").out)
    assert 240 <= data["words"] <= 310 and data["company"] == "Acme"
    search = cli("plan", "--kind", "job-search")
    assert search.out.startswith("Ready for the Acme interview in 10 days")
    assert "offer in 90 days" not in search.out and "Days 6-10: " in search.out
    refused = cli("plan", "--kind", "job-search", "--spoken")
    assert refused.code == 2 and one_line_error(refused.err).startswith("supportprep: --kind: ")
