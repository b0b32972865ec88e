from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from supportprep.packs.content import Content
from supportprep.store.attempt import Attempt, CriterionScore, FollowUpAnswer
from supportprep.store.history import open_history
from supportprep.store.profile import Profile, save_profile
from tests.conftest import Cli
from tests.conftest import make_attempt as shared_attempt

NOW = datetime.now(UTC)


def make_attempt(
    scenario_id: str = "tiny-outage",
    days_ago: float = 0,
    score: float | None = 60,
    **more: Any,
) -> Attempt:
    """A scored live-troubleshooting attempt that started ``days_ago`` days before now."""
    fields: dict[str, Any] = {
        "scenario_title": f"Title of {scenario_id}",
        "stage": "live-troubleshooting",
        "rubric": "live-troubleshooting",
        "time_limit_seconds": 480,
        "duration_seconds": 470.5,
        "answer": 'Reproduce first, then "update", then escalate.\nSecond line, with a comma.',
        "criteria": [
            CriterionScore(
                id="reproduce", name="Reproduce", skill="troubleshooting", weight=2, level=3
            ),
            CriterionScore(id="update", name="Update", skill="communication", weight=1, level=1),
        ],
        "verdict": "lean hire",
        **more,
    }
    return shared_attempt(
        scenario_id,
        score=score,
        skills={"troubleshooting": 67.0, "communication": 0.0},
        when=NOW - timedelta(days=days_ago, minutes=21),
        minutes=9,
        **fields,
    )


def save(*attempts: Attempt) -> None:
    with open_history() as history:
        history.save_many(list(attempts))


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.startswith("supportprep: ")


# --- empty history ----------------------------------------------------------------------------


def test_an_empty_history_says_how_to_start(cli: Cli) -> None:
    for command in (["history"], ["progress"]):
        result = cli(*command)
        assert result.code == 0, result.err
        assert result.out == "No attempts yet. Start with `supportprep drill`.\n"
    result = cli("history", "--json")
    assert (result.code, json.loads(result.out)) == (0, [])
    assert json.loads(cli("progress", "--json").out)["attempts"] == 0
    assert json.loads(cli("export", "--format", "json").out) == []


# --- history ----------------------------------------------------------------------------------


def test_history_lists_newest_first_and_filters(cli: Cli) -> None:
    old = make_attempt("lt-old", days_ago=10)
    mid = make_attempt("we-mid", days_ago=3, stage="writing-exercise", overtime_seconds=40)
    new = make_attempt("lt-new", days_ago=0, partial=True)
    save(old, new, mid)

    data = json.loads(cli("history", "--json").out)
    assert [a["scenario_id"] for a in data] == ["lt-new", "we-mid", "lt-old"]
    assert Attempt.from_jsonable(data[1]) == mid

    staged = json.loads(cli("history", "--json", "--stage", "live-troubleshooting").out)
    assert [a["scenario_id"] for a in staged] == ["lt-new", "lt-old"]
    since = (NOW - timedelta(days=5)).astimezone().date().isoformat()
    recent = json.loads(cli("history", "--json", "--since", since).out)
    assert [a["scenario_id"] for a in recent] == ["lt-new", "we-mid"]
    limited = json.loads(cli("history", "--json", "--limit", "1").out)
    assert [a["scenario_id"] for a in limited] == ["lt-new"]

    table = cli("history").out
    assert table.index("Title of lt-new") < table.index("Title of we-mid")
    assert "+0:40 over" in table and "stopped early" in table and "lean hire" in table


def test_a_filter_that_matches_nothing_says_so(cli: Cli) -> None:
    save(make_attempt(days_ago=3))
    tomorrow = (datetime.now() + timedelta(days=1)).date().isoformat()
    result = cli("history", "--since", tomorrow)
    assert result.code == 0 and result.out.startswith("No attempts match --since")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--since", "2026-13-01"], "--since: cannot read '2026-13-01' as a date; use YYYY-MM-DD"),
        (["--since", "last week"], "--since: cannot read 'last week'"),
        (["--stage", "writting"], "--stage: unknown stage 'writting'; choose one of: "),
        (["--limit", "0"], "--limit: must be 1 or more"),
    ],
)
def test_bad_history_options_are_one_line(cli: Cli, args: list[str], fragment: str) -> None:
    result = cli("history", *args)
    assert result.code == 2
    assert one_line(result.err) and fragment in result.err
    if args[0] == "--stage":
        assert "writing-exercise" in result.err


# --- progress ---------------------------------------------------------------------------------


def test_progress_reads_at_a_glance_in_80_columns(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    history = [
        make_attempt(
            days_ago=n,
            score=40 + 5 * (10 - n),
            skill_scores={"troubleshooting": 40 + 5 * (10 - n), "communication": 30.0},
            overtime_seconds=30 if n % 2 else 0,
        )
        for n in range(10)
    ]
    save(*history)
    result = cli("progress")
    assert result.code == 0, result.err
    out = result.out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Streak    10 days in a row" in out
    assert "Overtime  50% of attempts ran over time" in out
    assert "Weakest   Communication (avg 30)" in out
    assert "Troubleshooting" in out and "Live troubleshooting" in out  # skill and stage names
    rising = next(line for line in out.splitlines() if line.startswith("Troubleshooting "))
    assert "▄▅▅▅▆▆▇▇▇█" in rising  # day by day from 45 to 90
    assert "↑" in out

    data = json.loads(cli("progress", "--json").out)
    assert data["streak_days"] == 10 and data["overtime_rate"] == 0.5
    assert data["skills"]["troubleshooting"]["trend"] == "up"
    assert data["weakest_skill"]["skill"] == "communication"


def test_progress_rejects_an_unknown_grouping(cli: Cli) -> None:
    result = cli("progress", "--by", "week")
    assert result.code == 2 and one_line(result.err) and "day, attempt" in result.err


# --- next -------------------------------------------------------------------------------------


def test_next_starts_a_newcomer_on_the_first_loop_stage(cli: Cli, bundled: Content) -> None:
    result = cli("next", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    content = bundled
    first_stage = content.loop_stages()[0].id
    assert data["next"]["stage"] == first_stage
    assert data["next"]["kind"] == "new" and "never tried" in data["next"]["reasons"]
    assert len(data["candidates"]) > 1

    text = cli("next").out
    assert data["next"]["scenario_id"] in text
    assert "never tried" in text and "supportprep drill --next" in text


def test_next_brings_back_an_overdue_poor_attempt(cli: Cli, bundled: Content) -> None:
    content = bundled
    scenario = sorted(content.scenarios)[-1]
    save(make_attempt(scenario, days_ago=6, score=25))
    data = json.loads(cli("next", "--json").out)
    assert data["next"]["scenario_id"] == scenario
    assert data["next"]["kind"] == "review"
    assert data["next"]["reasons"][0].startswith("overdue for review by ")
    assert "last score 25" in data["next"]["reasons"]


def test_next_uses_the_profile_and_options_override_it(cli: Cli) -> None:
    save_profile(Profile(role="support-operations-manager", industry="fintech"))
    data = json.loads(cli("next", "--json").out)
    assert data["targets"]["role"] == "support-operations-manager"
    assert data["targets"]["industry"] == "fintech"
    data = json.loads(cli("next", "--json", "--industry", "saas", "--interview-date", "+2").out)
    assert data["targets"]["industry"] == "saas" and data["cram"] is True
    result = cli("next", "--role", "astronaut")
    assert result.code == 2 and one_line(result.err) and "customer-support-manager" in result.err


# --- export -----------------------------------------------------------------------------------


def _round_trip_attempts() -> list[Attempt]:
    follow_up = FollowUpAnswer(
        question="And then?", time_limit_seconds=60, duration_seconds=65, overtime_seconds=5
    )
    return [
        make_attempt("lt-a", days_ago=2, follow_ups=[follow_up], coverage=0.5, spoken=True),
        make_attempt("lt-b", days_ago=1, score=None, verdict=None, session_id="s1", mode="mock"),
    ]


def test_export_json_round_trips(cli: Cli, tmp_path: Path) -> None:
    attempts = _round_trip_attempts()
    save(*attempts)
    target = tmp_path / "out.json"
    result = cli("export", "--format", "json", "--output", str(target))
    assert result.code == 0 and result.out == f"wrote 2 attempts to {target}\n"
    back = [Attempt.from_jsonable(a) for a in json.loads(target.read_text(encoding="utf-8"))]
    assert back == attempts  # oldest first


def test_export_csv_has_one_flat_row_per_attempt_and_round_trips(cli: Cli) -> None:
    attempts = _round_trip_attempts()
    save(*attempts)
    result = cli("export", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["id"] for r in rows] == [a.id for a in attempts]
    first = rows[0]
    assert json.loads(first["levels"]) == {"reproduce": 3, "update": 1}
    assert float(first["total_overtime_seconds"]) == 5
    assert first["answer"] == attempts[0].answer  # commas, quotes and newlines survive

    def parse(row: dict[str, str]) -> Attempt:
        data: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
        for key in ("skill_scores", "criteria", "red_flags", "follow_ups"):
            data[key] = json.loads(row[key])
        for key in ("partial", "spoken"):
            data[key] = row[key] == "true"
        for key in ("duration_seconds", "overtime_seconds", "score", "coverage"):
            data[key] = None if row[key] == "" else float(row[key])
        data["time_limit_seconds"] = int(row["time_limit_seconds"])
        del data["levels"], data["total_overtime_seconds"]
        return Attempt.from_jsonable(data)

    assert [parse(r) for r in rows] == attempts


def test_export_never_overwrites_a_file_unless_asked(cli: Cli, tmp_path: Path) -> None:
    save(make_attempt())
    target = tmp_path / "mine.csv"
    target.write_text("my notes\n", encoding="utf-8")
    result = cli("export", "--format", "csv", "--output", str(target))
    assert result.code == 2 and one_line(result.err) and "--force" in result.err
    assert target.read_text(encoding="utf-8") == "my notes\n"
    assert cli("export", "--format", "csv", "--output", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("id,")


@pytest.mark.parametrize("args", [[], ["--format", "xml"]])
def test_export_needs_a_known_format(cli: Cli, args: list[str]) -> None:
    result = cli("export", *args)
    assert result.code == 2 and one_line(result.err) and "csv, json" in result.err


# --- reset and a damaged file -----------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_reset_without_a_terminal_needs_yes(cli: Cli) -> None:
    save(make_attempt())
    result = cli("reset")
    assert result.code == 2 and one_line(result.err) and "--yes" in result.err
    assert len(json.loads(cli("history", "--json").out)) == 1


def test_reset_asks_first(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    save(make_attempt())
    monkeypatch.setattr(sys, "stdin", FakeTerminal("n\n"))
    result = cli("reset")
    assert result.code == 1 and "nothing changed" in result.err
    assert len(json.loads(cli("history", "--json").out)) == 1
    monkeypatch.setattr(sys, "stdin", FakeTerminal("y\n"))
    result = cli("reset")
    assert result.code == 0, result.err
    assert "Remove 1 attempt from" in result.out
    assert "History reset: 1 attempt removed" in result.out
    assert json.loads(cli("history", "--json").out) == []


def test_reset_yes_keeps_a_backup_and_prints_it(cli: Cli, isolated_home: Path) -> None:
    kept = make_attempt()
    save(kept)
    result = cli("reset", "--yes")
    assert result.code == 0, result.err
    line = next(x for x in result.out.splitlines() if x.startswith("The old history was kept in "))
    backup = Path(line.removeprefix("The old history was kept in "))
    assert backup.parent == isolated_home and backup.name.startswith("history.sqlite3.")
    with open_history(backup) as old:
        assert old.attempts() == [kept]
    assert json.loads(cli("history", "--json").out) == []


def test_a_damaged_history_is_one_line_and_untouched_until_reset(
    cli: Cli, isolated_home: Path
) -> None:
    path = isolated_home / "history.sqlite3"
    garbage = b"\x13\x37 this is not sqlite " * 64
    path.write_bytes(garbage)
    for command in (
        ["history"],
        ["history", "--json"],
        ["progress"],
        ["next"],
        ["export", "--format", "csv"],
    ):
        result = cli(*command)
        assert result.code == 2, command
        assert one_line(result.err), result.err
        assert str(path) in result.err and "kept untouched" in result.err
        assert "supportprep reset" in result.err
        assert result.out == ""
    assert path.read_bytes() == garbage

    result = cli("reset", "--yes")
    assert result.code == 0, result.err
    backups = [p for p in isolated_home.iterdir() if p.name.endswith(".bak")]
    assert len(backups) == 1 and backups[0].read_bytes() == garbage
    assert str(backups[0]) in result.out
    assert cli("history").out.startswith("No attempts yet")


def test_next_suggests_the_drill_command_with_the_same_options(cli: Cli) -> None:
    result = cli("next", "--industry", "defense", "--role", "customer-operations-manager")
    assert result.code == 0, result.err
    assert (
        "supportprep drill --next --role customer-operations-manager --industry defense"
        in " ".join(result.out.split())
    )


# --- looking back: show and compare -------------------------------------------------------------


def _two_tries() -> tuple[Attempt, Attempt]:
    first = make_attempt(
        days_ago=3,
        score=48,
        findings=["hedge"],
        answer="I would maybe look at it.",
        follow_ups=[
            FollowUpAnswer(
                question="Who do you page?",
                time_limit_seconds=60,
                duration_seconds=40,
                overtime_seconds=0,
                answer="The on-call engineer.",
            )
        ],
    )
    second = make_attempt(
        days_ago=0,
        score=71,
        answer="Reproduce first, then update the customer, then escalate with the logs.",
        criteria=[
            CriterionScore(
                id="reproduce", name="Reproduce", skill="troubleshooting", weight=2, level=4
            ),
            CriterionScore(id="update", name="Update", skill="communication", weight=1, level=3),
        ],
    )
    save(first, second, make_attempt("other-scenario", days_ago=1))
    return first, second


def _newest_id() -> str:
    with open_history() as history:
        return history.attempts(limit=1)[0].id


def test_history_lists_short_ids_and_show_prints_the_whole_attempt(cli: Cli) -> None:
    first, _ = _two_tries()
    listed = cli("history").out
    assert first.id[:8] in listed and "history show ID" in listed
    shown = cli("history", "show", first.id[:8].upper())  # any case, a short prefix
    assert shown.code == 0, shown.err
    for text in (
        "I would maybe look at it.",
        "Follow-up 1",
        "Who do you page?",
        "The on-call engineer.",
        "Reproduce",
        "48/100",
        "compare",
    ):
        assert text in shown.out, text
    data = json.loads(cli("history", "show", "last", "--json").out)
    assert data["id"] == _newest_id()
    missing = cli("history", "show", "zzzzzz")
    assert missing.code == 2 and "no attempt 'zzzzzz'" in missing.err


def test_history_compare_shows_what_changed_since_last_time(cli: Cli) -> None:
    first, second = _two_tries()
    result = cli("history", "compare", second.id[:6])
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert "What changed since last time" in out
    assert "48 71 +23" in out  # score before, now, change
    assert "Reproduce 3 4 +1" in out and "Update 1 3 +2" in out
    assert "Fixed since last time" in out
    data = json.loads(cli("history", "compare", second.id, "--json").out)
    assert data["earlier"] == first.id and data["later"] == second.id
    assert data["score"] == {"label": "score", "before": 48, "after": 71}
    assert data["findings_gone"] == ["hedge"]
    alone = cli("history", "compare", first.id)
    assert alone.code == 2 and "only this attempt so far" in alone.err


# --- scenarios: what fits, tried or not, and a preview --------------------------------------------


def test_scenarios_lists_what_fits_with_tried_and_best_marks(cli: Cli, bundled: Content) -> None:
    save_profile(Profile(role="customer-operations-manager"))
    data = json.loads(cli("scenarios", "--json").out)
    assert data["fits_profile"] and data["tried"] == 0
    first = data["scenarios"][0]["id"]
    scenario = bundled.scenarios[first]
    tried = [
        shared_attempt(first, content=bundled, score=s, when=NOW - timedelta(days=d))
        for s, d in ((52.0, 3), (74.0, 1))
    ]
    save(*tried)
    data = json.loads(cli("scenarios", "--json").out)
    entry = next(e for e in data["scenarios"] if e["id"] == first)
    assert entry["tries"] == 2 and entry["best_score"] == 74 and entry["last_score"] == 74
    assert data["tried"] == 1
    table = cli("scenarios").out
    assert "✓" in table and "tried 2 times" in table and "1 tried" in table
    untried = json.loads(cli("scenarios", "--untried", "--json").out)
    assert first not in {e["id"] for e in untried["scenarios"]}
    stage = json.loads(cli("scenarios", "--stage", scenario.stage, "--json").out)
    assert {e["stage"] for e in stage["scenarios"]} == {scenario.stage}


def test_scenarios_show_previews_without_the_clock(cli: Cli, bundled: Content) -> None:
    scenario = next(iter(bundled.scenarios.values()))
    result = cli("scenarios", "show", scenario.id.upper())
    assert result.code == 0, result.err
    assert "no clock is running and nothing is saved" in " ".join(result.out.split())
    assert scenario.context[0].split()[0] in result.out
    with open_history() as history:
        assert history.count() == 0
    assert cli("scenarios", "show", "no-such-scenario").code == 2


def test_csv_numbers_carry_no_binary_noise(cli: Cli) -> None:
    follow = FollowUpAnswer(
        question="q", time_limit_seconds=30, duration_seconds=40.13, overtime_seconds=10.13
    )
    save(make_attempt(overtime_seconds=43.13, follow_ups=[follow]))
    text = cli("export", "--format", "csv").out
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["total_overtime_seconds"] == "53.26"
    assert "000000" not in text


def test_history_says_when_only_the_follow_ups_ran_over(cli: Cli) -> None:
    follow = FollowUpAnswer(
        question="q", time_limit_seconds=60, duration_seconds=113, overtime_seconds=53
    )
    save(make_attempt(overtime_seconds=0, duration_seconds=400, follow_ups=[follow]))
    table = " ".join(cli("history").out.split())
    assert "+0:53 over in follow-ups" in table
    assert "+0:53 over " not in table.replace("+0:53 over in", "")
