"""Time and typing in the drill: --time (a custom limit or untimed), pace only for typed or
spoken answers, the empty-answer check, Ctrl-C on nothing, and the word-wrapped answer box."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from supportprep.packs.content import Content
from supportprep.packs.models import Stage
from supportprep.practice.clock import FakeClock
from supportprep.practice.injects import InjectFeed
from supportprep.practice.mock import run_mock
from supportprep.practice.progress import overtime_rate
from supportprep.practice.session import Draft, DrillOptions, DrillOutcome, run_drill
from supportprep.practice.timer import UNTIMED, Countdown, Phase, parse_limit
from supportprep.store.attempt import Attempt
from supportprep.store.history import MIGRATIONS, open_history
from supportprep.ui.history_view import render_history
from supportprep.ui.prompts import Bursts, _timer_fragments, _word_count
from supportprep.ui.word_wrap import wrap_padding
from tests.conftest import make_attempt
from tests.unit.test_session import FakePrompter, ListSink, loop_of

# --- reading --time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("5m", 300),
        ("90s", 90),
        ("1h", 3600),
        ("12", 720),  # a bare number is minutes
        ("1m30s", 90),
        ("4:30", 270),
        (" 2M ", 120),
        ("off", None),
        ("OFF", None),
    ],
)
def test_time_reads_as_people_type_it(typed: str, seconds: int | None) -> None:
    assert parse_limit(typed) == seconds


@pytest.mark.parametrize("typed", ["", "abc", "5x", "-3", "1.5m", "m", "0", "5s", "4h", "2:75"])
def test_nonsense_or_out_of_range_time_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match=r"not a time|outside 10s to 3h"):
        parse_limit(typed)


# --- the untimed clock ------------------------------------------------------------------------


def test_an_untimed_clock_counts_up_and_is_never_over() -> None:
    clock = FakeClock()
    countdown = Countdown(UNTIMED, clock, untimed=True)
    clock.advance(600)
    assert countdown.display() == "10:00"
    assert countdown.overtime() == 0 and not countdown.is_up()
    assert countdown.phase() is Phase.RUNNING
    [(style, text)] = _timer_fragments(countdown, "⏱")
    assert style == "class:timer.ok" and "10:00 untimed" in text
    assert "over" not in text and "left" not in text


def test_the_toolbar_word_count_reads_as_words() -> None:
    assert _word_count("") == "0 words"
    assert _word_count("one") == "1 word"
    assert _word_count("  first I\nreproduce   it ") == "4 words"


# --- a drill with --time ----------------------------------------------------------------------


def test_untimed_drill_records_time_taken_and_no_overtime(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock, answers=[("First I reproduce it.", 500), ("Because.", 400)], levels=[3, 3]
    )
    sink = ListSink()
    run_drill(
        tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink, DrillOptions(untimed=True)
    )
    [attempt] = sink.saved
    assert prompter.seen_displays == ["8:20", "6:40"]  # time taken, never "+6:20"
    assert attempt.timing == "untimed" and attempt.time_limit_seconds == UNTIMED
    assert attempt.duration_seconds == 500 and attempt.overtime_seconds == 0
    assert attempt.follow_ups[0].overtime_seconds == 0
    assert attempt.follow_ups[0].duration_seconds == 400
    assert attempt.total_overtime_seconds == 0


def test_custom_limit_replaces_the_scenarios_for_the_main_answer(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock, answers=[("First I reproduce it.", 100), ("Because.", 70)], levels=[3, 3]
    )
    sink = ListSink()
    run_drill(
        tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink, DrillOptions(time_limit=60)
    )
    [attempt] = sink.saved
    assert attempt.timing == "custom" and attempt.time_limit_seconds == 60
    assert attempt.overtime_seconds == 40
    # The follow-up keeps its own 60-second clock.
    assert attempt.follow_ups[0].time_limit_seconds == 60
    assert attempt.follow_ups[0].overtime_seconds == 10


def test_timing_is_stored_only_when_set_and_old_records_read_as_scenario_timed() -> None:
    plain = make_attempt()
    assert "timing" not in plain.to_jsonable()
    assert Attempt.from_json(plain.to_json()).timing is None
    untimed = make_attempt(timing="untimed", time_limit_seconds=0, overtime_seconds=0)
    assert Attempt.from_json(untimed.to_json()) == untimed
    bad = json.loads(untimed.to_json())
    bad["timing"] = "slow"
    with pytest.raises(ValueError, match="timing: expected custom or untimed"):
        Attempt.from_jsonable(bad)


def test_overtime_rate_leaves_untimed_answers_out(tmp_path: Path) -> None:
    over = make_attempt(minutes=6)  # 5-minute limit: a minute over
    untimed = make_attempt(minutes=20, timing="untimed", time_limit_seconds=0, overtime_seconds=0)
    with open_history(tmp_path / "h.sqlite3") as history:
        history.save(over)
        history.save(untimed)
        summaries = history.summaries()
    assert {s.timing for s in summaries} == {None, "untimed"}
    assert overtime_rate(summaries) == 1.0
    assert overtime_rate([s for s in summaries if s.timing == "untimed"]) is None


def test_a_history_written_before_the_timing_column_opens_and_gains_it(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    attempt = make_attempt(minutes=6)
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:4]:
        for statement in step:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 4")
    conn.execute(
        "INSERT INTO attempts (id, scenario_id, stage, mode, started_at, finished_at, score, "
        "partial, rubric, overtime_seconds, scenario_title, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
        (
            attempt.id,
            attempt.scenario_id,
            attempt.stage,
            attempt.mode,
            attempt.started_at.isoformat(),
            attempt.finished_at.isoformat(),
            attempt.score,
            attempt.rubric,
            attempt.total_overtime_seconds,
            attempt.scenario_title,
            attempt.to_json(),
        ),
    )
    conn.commit()
    conn.close()
    with open_history(path) as history:
        [summary] = history.summaries()
        [whole] = history.attempts()
    assert summary.timing is None and whole == attempt
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version >= 5


def _history_text(attempts: list[Attempt]) -> str:
    console = Console(width=100, record=True, color_system=None)
    render_history(console, attempts)
    return " ".join(console.export_text().split())


def test_history_never_calls_an_untimed_answer_over_time() -> None:
    text = _history_text(
        [make_attempt(minutes=9, timing="untimed", time_limit_seconds=0, overtime_seconds=0)]
    )
    assert "9:00 untimed" in text and "over" not in text


def test_history_marks_a_limit_the_user_set() -> None:
    text = _history_text([make_attempt(minutes=3, timing="custom", time_limit_seconds=120)])
    assert "3:00 / 2:00 (yours)" in text and "+1:00 over on the answer" in text


@dataclass
class PausingPrompter(FakePrompter):
    """Keeps the time limit each mock stage announces before it starts."""

    announced: list[int] | None = None

    def between_stages(
        self, number: int, total: int, stage: Stage, time_limit: int, previous: DrillOutcome | None
    ) -> None:
        self.announced = [*(self.announced or []), time_limit]


@pytest.mark.parametrize(
    ("options", "announced", "timing", "overtime"),
    [
        (DrillOptions(time_limit=90), [90, 90], "custom", [10.0, 610.0]),
        (DrillOptions(untimed=True), [UNTIMED, UNTIMED], "untimed", [0.0, 0.0]),
    ],
)
def test_mock_applies_time_to_every_stage(
    tiny: Content, options: DrillOptions, announced: list[int], timing: str, overtime: list[float]
) -> None:
    clock = FakeClock()
    scenarios = [tiny.scenarios["tiny-outage"], tiny.scenarios["tiny-refund-email"]]
    prompter = PausingPrompter(clock, answers=[("a", 100), ("b", 30), ("c", 700)], levels=[4, 4, 2])
    sink = ListSink()
    run_mock(tiny, loop_of(scenarios), prompter, clock, sink, options)
    assert prompter.announced == announced
    assert [a.timing for a in sink.saved] == [timing, timing]
    assert [a.overtime_seconds for a in sink.saved] == overtime


# --- pace only for a live-typed answer ---------------------------------------------------------


@dataclass
class PastingPrompter(FakePrompter):
    """Pastes ``pasted`` characters of the main answer (a bracketed paste) instead of typing."""

    pasted: int = 0

    def answer(
        self,
        label: str,
        countdown: Countdown,
        *,
        strict: bool,
        draft: Draft,
        feed: InjectFeed | None = None,
    ) -> str:
        if label == "Your answer":
            draft.pasted = self.pasted
        return super().answer(label, countdown, strict=strict, draft=draft, feed=feed)


def _pace(bundled: Content, pasted: int) -> float | None:
    scenario = next(s for s in bundled.scenarios.values() if s.stage == "live-troubleshooting")
    text = "I reproduce it first, then post a status update and name the owner. " * 4
    answers = [(text, 120.0)] + [("Fine.", 30.0)] * len(scenario.follow_ups)
    clock = FakeClock()
    prompter = PastingPrompter(
        clock,
        answers=answers,
        levels=[3] * len(bundled.rubrics[scenario.rubric].criteria),
        pasted=pasted,
    )
    run_drill(bundled, scenario, prompter, clock, ListSink(), DrillOptions(one_more=False))
    [report] = prompter.reports
    return report.words_per_minute


def test_a_typed_answer_gets_a_pace_and_a_pasted_one_does_not(bundled: Content) -> None:
    assert _pace(bundled, pasted=0) is not None
    # Most of it pasted: 120 seconds would give a believable 26 words a minute, but it was
    # not typed at that pace.
    assert _pace(bundled, pasted=250) is None


def test_keys_faster_than_typing_count_as_pasted_and_typing_does_not() -> None:
    typed = Bursts()
    assert sum(typed.key(i * 0.07) for i in range(200)) == 0  # 70 ms apart: fast typing
    pasted = Bursts()
    counts = [pasted.key(10 + i * 0.0001) for i in range(30)]  # one read from a paste
    assert sum(counts) == 30 and counts[: Bursts.RUN - 1] == [0] * (Bursts.RUN - 1)
    held_up = Bursts()
    assert sum(held_up.key(20 + i * 0.0001) for i in range(5)) == 0  # a few keys held up


# --- Ctrl-C on nothing -------------------------------------------------------------------------


def test_ctrl_c_before_writing_anything_discards_without_asking(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("  ", 5)], interrupt_at="answer", keep=True)
    sink = ListSink()
    outcome = run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    assert outcome.interrupted and outcome.attempt is None
    assert "keep?" not in prompter.calls and sink.saved == []


def test_ctrl_c_with_an_answer_written_still_asks(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("half", 5)], interrupt_at="answer", keep=True)
    run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, ListSink())
    assert "keep?" in prompter.calls


def test_ctrl_c_in_a_spoken_answer_still_asks(tiny: Content) -> None:
    """A spoken answer leaves no text, but minutes of speaking are worth the question."""

    @dataclass
    class StoppedSpeaking(FakePrompter):
        def speak(self, label: str, countdown: Countdown, **_: Any) -> None:
            raise KeyboardInterrupt

    clock = FakeClock()
    prompter = StoppedSpeaking(clock, keep=True)
    run_drill(
        tiny, tiny.scenarios["tiny-outage"], prompter, clock, ListSink(), DrillOptions(speak=True)
    )
    assert "keep?" in prompter.calls


# --- the empty-answer check in the real prompter -----------------------------------------------


def _terminal_prompter(
    tiny: Content, monkeypatch: pytest.MonkeyPatch, typed: list[str], confirm: list[bool]
) -> tuple[Any, list[str]]:
    from supportprep.ui.prompts import TerminalPrompter

    prompter = TerminalPrompter(Console(width=80, record=True), tiny, FakeClock())
    defaults: list[str] = []

    def fake_prompt(*_: Any, default: str = "", **__: Any) -> str:
        defaults.append(default)
        return typed.pop(0)

    monkeypatch.setattr(prompter, "_timed_prompt", fake_prompt)
    monkeypatch.setattr(prompter, "_submit_empty", lambda: confirm.pop(0))
    return prompter, defaults


def test_an_empty_answer_asks_and_no_goes_back_to_the_box(
    tiny: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompter, defaults = _terminal_prompter(tiny, monkeypatch, ["  \n", "Real answer."], [False])
    countdown = Countdown(120, FakeClock())
    text = prompter.answer("Your answer", countdown, strict=False, draft=Draft())
    assert text == "Real answer."
    assert defaults == ["", "  \n"]  # the box came back with what was in it


def test_an_empty_answer_confirmed_is_submitted(
    tiny: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompter, defaults = _terminal_prompter(tiny, monkeypatch, [""], [True])
    text = prompter.answer("Your answer", Countdown(120, FakeClock()), strict=False, draft=Draft())
    assert text == "" and defaults == [""]


def test_a_strict_stop_with_nothing_typed_does_not_ask(
    tiny: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompter, _ = _terminal_prompter(tiny, monkeypatch, [""], [])
    clock = FakeClock()
    countdown = Countdown(60, clock)
    clock.advance(61)
    assert prompter.answer("Your answer", countdown, strict=True, draft=Draft()) == ""


# --- word wrap ---------------------------------------------------------------------------------


def _rows(text: str, width: int) -> list[str]:
    padding = wrap_padding(text, width)
    shown = "".join(" " * padding.get(i, 0) + c for i, c in enumerate(text))
    return [shown[i : i + width] for i in range(0, len(shown), width)]


def test_words_move_whole_to_the_next_row() -> None:
    text = "the escalation went to the on-call engineer at once"
    rows = _rows(text, 20)
    assert rows == ["the escalation went ", "to the on-call      ", "engineer at once"]
    words = set(text.split())
    for row in rows:
        assert set(row.split()) <= words  # no word was cut in two


def test_a_word_longer_than_a_row_still_breaks() -> None:
    # Moving it would not stop it breaking, so it starts where it is and fills the rows.
    assert _rows("ab " + "x" * 25, 10) == ["ab xxxxxxx", "xxxxxxxxxx", "xxxxxxxx"]
