"""One idea, one home: every screen names the same weakest skill and reads durations and dates
the same way, because they all ask the same module (practice/skills.py, display.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supportprep.packs.content import Content
from supportprep.planning.checklist import build_checklist
from supportprep.planning.home import build_home
from supportprep.practice.adaptive import rank_candidates
from supportprep.practice.progress import summarize
from supportprep.store.attempt import Attempt
from supportprep.store.history import open_history
from supportprep.targets import Targets
from tests.conftest import TINY_PACK, Cli, make_attempt

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def _history(tiny: Content) -> list[Attempt]:
    """Troubleshooting was the weak spot long ago but recovered; communication slipped lately.

    Over each skill's recent scores communication (62) is weaker than troubleshooting (64);
    averaged over the last twenty attempts, as the checklist once did, troubleshooting would
    still look weakest. Newest first, as the store returns them.
    """
    old = [
        make_attempt(
            content=tiny,
            skills={"troubleshooting": 30, "communication": 90},
            when=NOW - timedelta(days=30 - i),
        )
        for i in range(10)
    ]
    recent = [
        make_attempt(
            content=tiny,
            skills={"troubleshooting": 64, "communication": 62},
            when=NOW - timedelta(days=8 - i),
        )
        for i in range(5)
    ]
    return list(reversed([*old, *recent]))


def test_progress_next_checklist_and_home_name_the_same_weakest_skill(tiny: Content) -> None:
    attempts = _history(tiny)
    targets = Targets(interview_date=TODAY + timedelta(days=20))

    progress = summarize(attempts, TODAY, tz=UTC).weakest
    ranked = rank_candidates(tiny, attempts, targets, NOW, tz=UTC)
    next_skill = next(r.weak_skill for r in ranked if r.kind == "weakest-skill")
    checklist = build_checklist(tiny, targets, TODAY, attempts, [], set()).weak_skills
    home = build_home(
        tiny, targets, today=TODAY, now=NOW, attempts=attempts, stories=[], ticks=set()
    ).weakest

    assert progress is not None and home is not None and checklist
    assert {progress[0], next_skill, checklist[0].skill, home.skill} == {"communication"}


def test_the_interview_tomorrow_reads_the_same_on_every_screen(cli: Cli) -> None:
    assert cli("--pack", str(TINY_PACK), "profile", "set", "--interview-date", "+1").code == 0
    for command in ([], ["next"], ["checklist"], ["profile", "show"]):
        result = cli("--pack", str(TINY_PACK), *command)
        assert result.code == 0, (command, result.err)
        text = " ".join(result.out.split())
        assert "tomorrow" in text, (command, text)
        assert "in 1 day" not in text, command


def test_a_duration_and_a_date_read_the_same_in_the_drill_and_the_history(
    cli: Cli, tmp_path: Path
) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("I reproduce it first, then update the customer.\n", encoding="utf-8")
    drill = cli(
        "--pack",
        str(TINY_PACK),
        "drill",
        "--scenario",
        "tiny-outage",
        "--answer-file",
        str(answer),
        "--scores",
        "3,2",
        "--duration",
        "89.6",
    )
    assert drill.code == 0, drill.err
    history = cli("--pack", str(TINY_PACK), "history")
    home = cli("--pack", str(TINY_PACK))
    # 89.6 seconds have not yet made 1:30, on any screen (history once rounded, the drill did not).
    assert "1:29" in drill.out and "1:29" in history.out
    # A clock time such as 11:30 or 21:30 may appear in the history; a duration may not.
    assert not re.search(r"(?<![\d:])1:30(?!\d)", drill.out + history.out)
    with open_history() as store:
        [saved] = store.attempts()
    day = saved.started_at.astimezone().date().isoformat()
    assert day in history.out and day in home.out


def test_days_left_read_alike_for_every_count() -> None:
    from supportprep.display import in_days, plural

    assert [in_days(n) for n in (0, 1, 2)] == ["today", "tomorrow", "in 2 days"]
    assert [plural(n, "attempt") for n in (0, 1, 2)] == ["0 attempts", "1 attempt", "2 attempts"]
