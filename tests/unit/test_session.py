"""The drill and mock flows, driven by a scripted prompter on a fake clock."""

from __future__ import annotations

import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

import pytest

from supportprep.errors import InterruptedTwice, Terminated
from supportprep.packs.content import Content
from supportprep.packs.models import Calculation, Criterion, FollowUp, Scenario, Stage
from supportprep.practice.clock import FakeClock
from supportprep.practice.injects import Arrival, InjectFeed
from supportprep.practice.insights import Insights
from supportprep.practice.mock import StageChoice, run_mock
from supportprep.practice.session import Draft, DrillOptions, DrillOutcome, run_drill
from supportprep.practice.timer import Countdown
from supportprep.practice.workforce import Checked
from supportprep.store.attempt import Attempt
from supportprep.store.mock_loop import LoopStage, LoopState


class ListSink:
    def __init__(self) -> None:
        self.saved: list[Attempt] = []

    def save(self, attempt: Attempt) -> None:
        self.saved.append(attempt)


def loop_of(scenarios: Sequence[Scenario], session_id: str = "loop-1") -> LoopState:
    """A mock loop about to run ``scenarios``, in order."""
    return LoopState(
        session_id=session_id,
        started_at=datetime(2026, 11, 1, 18, 0, tzinfo=UTC),
        stages=tuple(LoopStage(s.stage, s.id) for s in scenarios),
    )


@dataclass
class FakePrompter:
    """Answers from a script; each answer takes as long as the script says, on the fake clock."""

    clock: FakeClock
    answers: list[tuple[str, float]] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    interrupt_at: str | None = None  # "answer", "follow-up", "rate" or "pause"
    keep: bool | None = True  # None: a second Ctrl-C while asked
    # What the interruption is: Ctrl-C, or SIGTERM/SIGHUP (``Terminated``); ``terminate_on_keep``
    # sends a SIGTERM while the keep-or-discard question is up.
    stop: type[BaseException] | BaseException = KeyboardInterrupt
    terminate_on_keep: bool = False
    show_seconds: float = 0.0
    reading_seconds: float = 0.0
    calls: list[str] = field(default_factory=list)
    seen_displays: list[str] = field(default_factory=list)
    reports: list[Insights] = field(default_factory=list)
    reflection: str = ""
    reflect_interrupt: bool = False
    typing: list[tuple[float, str]] = field(default_factory=list)
    """For the main answer: (seconds, text typed by then) steps, each polling the inject feed."""
    reactions: list[str] = field(default_factory=list)
    calc: list[str] = field(default_factory=list)
    more: list[bool] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    seen_injects: list[list[str]] = field(default_factory=list)
    checked: list[Checked] = field(default_factory=list)
    reminders: dict[str, list[str]] = field(default_factory=dict)
    choices: list[StageChoice] = field(default_factory=list)
    """In a mock, what to do with each stage stopped by Ctrl-C."""

    def show_scenario(self, scenario: Scenario, stage: Stage, time_limit: int) -> None:
        self.calls.append(f"show:{scenario.id}")
        self.clock.advance(self.show_seconds)

    def reading(self, countdown: Countdown) -> None:
        self.calls.append("reading")
        self.clock.advance(self.reading_seconds)

    def answer(
        self,
        label: str,
        countdown: Countdown,
        *,
        strict: bool,
        draft: Draft,
        feed: InjectFeed | None = None,
    ) -> str:
        self.calls.append(f"answer:{label}")
        if label == "Your reaction":
            return self.reactions.pop(0) if self.reactions else ""
        if feed is not None:
            for seconds_, typed in self.typing:
                self.clock.advance(seconds_)
                draft.text = typed
                self.seen_injects.append([a.inject.text for a in feed.poll(typed)])
        text, seconds = self.answers.pop(0)
        self.clock.advance(seconds)
        self.seen_displays.append(countdown.display())
        draft.text = text
        if self.interrupt_at == "answer" or (
            self.interrupt_at == "follow-up" and label.startswith("Follow-up")
        ):
            raise self.stop
        return text

    def speak(
        self, label: str, countdown: Countdown, *, strict: bool, feed: InjectFeed | None = None
    ) -> None:
        self.calls.append(f"speak:{label}")
        self.clock.advance(self.answers.pop(0)[1])

    def inject(self, arrival: Arrival) -> None:
        self.calls.append(f"inject:{arrival.inject.text}")

    def calculate(
        self,
        index: int,
        total: int,
        calculation: Calculation,
        countdown: Countdown,
        parse: Callable[[str], float | date],
    ) -> float | date | None:
        self.calls.append(f"calc:{calculation.id}")
        text = self.calc.pop(0) if self.calc else ""
        return parse(text) if text else None

    def calculation_result(self, checked: Checked) -> None:
        self.checked.append(checked)

    def one_more(self) -> bool:
        self.calls.append("one-more?")
        return self.more.pop(0) if self.more else False

    def follow_up(self, index: int, total: int, follow_up: FollowUp) -> None:
        self.calls.append(f"follow-up:{index}/{total}")
        self.questions.append(follow_up.question)

    def insights(self, report: Insights) -> None:
        self.calls.append("insights")
        self.reports.append(report)

    def rate(
        self, criterion: Criterion, index: int, total: int, *, reminders: Sequence[str] = ()
    ) -> int:
        self.calls.append(f"rate:{criterion.id}")
        if reminders:
            self.reminders[criterion.id] = list(reminders)
        if self.interrupt_at == "rate":
            raise self.stop
        return self.levels.pop(0)

    def red_flags(self, flags: list[str]) -> list[str]:
        return [f for f in flags if f in self.flags]

    def keep_partial(self) -> bool:
        self.calls.append("keep?")
        if self.terminate_on_keep:
            raise Terminated(signal.SIGTERM)
        if self.keep is None:
            raise KeyboardInterrupt
        return self.keep

    def reflect(self, question: str) -> str:
        self.calls.append(f"reflect:{question}")
        if self.reflect_interrupt:
            raise KeyboardInterrupt
        return self.reflection

    def between_stages(
        self, number: int, total: int, stage: Stage, time_limit: int, previous: DrillOutcome | None
    ) -> None:
        self.calls.append(f"pause:{number}/{total}")
        if self.interrupt_at == "pause" and number == 2:
            raise KeyboardInterrupt

    def stage_stopped(
        self, number: int, total: int, stage: Stage, *, can_keep: bool
    ) -> StageChoice:
        self.calls.append(f"stopped:{number}/{total}:{'keep' if can_keep else 'nothing'}")
        if self.terminate_on_keep:
            raise Terminated(signal.SIGTERM)
        if not self.choices:
            raise KeyboardInterrupt  # a second Ctrl-C at the question
        return self.choices.pop(0)


def test_full_drill_times_each_answer_scores_and_saves(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock,
        answers=[
            ("First I reproduce it on a test account.", 150),
            ("Because rollback is risky.", 70),
        ],
        levels=[4, 1],
        flags=["Fixes before reproducing."],
    )
    sink = ListSink()
    outcome = run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)

    assert prompter.calls == [
        "show:tiny-outage",
        "answer:Your answer",
        "follow-up:1/1",
        "answer:Follow-up 1",
        "one-more?",  # the answer missed the status update, so there is more to probe
        "rate:reproduce",
        "rate:update",
    ]
    assert prompter.seen_displays == ["+0:30", "+0:10"]
    [attempt] = sink.saved
    assert attempt is outcome.attempt
    assert attempt.duration_seconds == 150 and attempt.overtime_seconds == 30
    assert attempt.follow_ups[0].duration_seconds == 70
    assert attempt.follow_ups[0].overtime_seconds == 10
    assert attempt.follow_ups[0].answer == "Because rollback is risky."
    assert attempt.answer == "First I reproduce it on a test account."
    assert attempt.levels == {"reproduce": 4, "update": 1}
    assert attempt.red_flags == ["Fixes before reproducing."]
    assert attempt.score == 70.0 and attempt.verdict == "hire signal"
    assert attempt.skill_scores == {"troubleshooting": 100.0, "communication": 0.0}
    assert not attempt.partial
    assert attempt.started_at.tzinfo is not None
    assert (attempt.finished_at - attempt.started_at).total_seconds() == 220


def test_the_clock_starts_when_the_scenario_is_shown(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("a", 100), ("b", 10)], levels=[3, 3], show_seconds=25)
    outcome = run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, ListSink())
    assert outcome.attempt is not None
    assert outcome.attempt.duration_seconds == 125  # reading the panel counts, as in a real room
    assert outcome.attempt.overtime_seconds == 5


def test_reading_time_comes_before_the_answer_clock(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock, answers=[("a", 100), ("b", 10)], levels=[3, 3], reading_seconds=45
    )
    outcome = run_drill(
        tiny,
        tiny.scenarios["tiny-outage"],
        prompter,
        clock,
        ListSink(),
        DrillOptions(reading_seconds=60),
    )
    assert prompter.calls[:3] == ["show:tiny-outage", "reading", "answer:Your answer"]
    assert outcome.attempt is not None and outcome.attempt.duration_seconds == 100


def test_ctrl_c_while_answering_can_keep_a_partial_attempt(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock, answers=[("half an answer", 40)], interrupt_at="answer", keep=True
    )
    sink = ListSink()
    outcome = run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    assert outcome.interrupted
    [attempt] = sink.saved
    assert attempt.partial and attempt.score is None and attempt.criteria == []
    assert attempt.answer == "half an answer"
    assert attempt.duration_seconds == 40


def test_ctrl_c_then_discard_saves_nothing(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("x", 5)], interrupt_at="answer", keep=False)
    sink = ListSink()
    outcome = run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    assert outcome.interrupted and outcome.attempt is None
    assert sink.saved == []


def test_ctrl_c_while_scoring_keeps_the_answers(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("main", 60), ("why", 30)], interrupt_at="rate")
    sink = ListSink()
    run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    [attempt] = sink.saved
    assert attempt.partial and attempt.answer == "main"
    assert [f.answer for f in attempt.follow_ups] == ["why"]


def test_a_second_ctrl_c_ends_everything_and_writes_nothing(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("x", 5)], interrupt_at="answer", keep=None)
    sink = ListSink()
    with pytest.raises(InterruptedTwice):
        run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    assert sink.saved == []


def test_ctrl_c_during_a_follow_up_then_keep_keeps_its_text(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock, answers=[("main answer", 60), ("half a follow-up", 20)], interrupt_at="follow-up"
    )
    sink = ListSink()
    outcome = run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    [attempt] = sink.saved
    assert outcome.interrupted and attempt.partial
    assert attempt.answer == "main answer"
    [follow_up] = attempt.follow_ups
    assert follow_up.answer == "half a follow-up" and follow_up.duration_seconds == 20


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("where", ["answer", "follow-up", "rate"])
def test_sigterm_or_sighup_keeps_the_typed_work_without_asking(
    tiny: Content, signum: int, where: str
) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock,
        answers=[("main answer", 60), ("the follow-up", 20)],
        interrupt_at=where,
        stop=Terminated(signum),
        keep=False,  # would discard if asked: it must not be asked
    )
    sink = ListSink()
    with pytest.raises(Terminated) as raised:
        run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    assert raised.value.exit_code == 128 + signum
    assert "keep?" not in prompter.calls
    [attempt] = sink.saved
    assert attempt.partial and attempt.answer == "main answer"
    if where != "answer":
        assert [f.answer for f in attempt.follow_ups] == ["the follow-up"]


def test_sigterm_during_the_keep_question_still_keeps_the_work(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock, answers=[("typed so far", 30)], interrupt_at="answer", terminate_on_keep=True
    )
    sink = ListSink()
    with pytest.raises(Terminated):
        run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    [attempt] = sink.saved
    assert attempt.partial and attempt.answer == "typed so far"


def test_no_save_answer_keeps_times_and_scores_only(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("secret", 60), ("also secret", 20)], levels=[2, 2])
    sink = ListSink()
    run_drill(
        tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink, DrillOptions(save_answer=False)
    )
    [attempt] = sink.saved
    assert attempt.answer is None and attempt.follow_ups[0].answer is None
    assert "secret" not in attempt.to_json()
    assert attempt.score is not None and attempt.duration_seconds == 60


def test_speak_mode_times_without_text(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("", 90), ("", 30)], levels=[3, 4])
    sink = ListSink()
    run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink, DrillOptions(speak=True))
    [attempt] = sink.saved
    assert attempt.spoken and attempt.answer is None
    assert prompter.calls[1] == "speak:Your answer"
    assert attempt.duration_seconds == 90


def test_insights_come_before_scoring_and_flag_overconfident_self_scores(
    bundled: Content,
) -> None:
    content = bundled
    scenario = next(s for s in content.scenarios.values() if s.stage == "live-troubleshooting")
    rubric = content.rubrics[scenario.rubric]
    clock = FakeClock()
    answers: list[tuple[str, float]] = [
        ("It depends. The user error was obvious, they should have read the docs.", 200)
    ]
    answers += [("Not sure.", 30)] * len(scenario.follow_ups)
    prompter = FakePrompter(clock, answers=answers, levels=[4] * len(rubric.criteria))
    sink = ListSink()
    outcome = run_drill(content, scenario, prompter, clock, sink)

    first_rate = next(i for i, c in enumerate(prompter.calls) if c.startswith("rate:"))
    assert prompter.calls[first_rate - 1] == "insights"
    [attempt] = sink.saved
    assert {"blame", "hedge", "no-next-step", "no-verification"} <= set(attempt.findings)
    assert attempt.coverage is not None and attempt.coverage < 0.4
    assert outcome.calibration is not None and "You scored yourself 100" in outcome.calibration
    assert prompter.reports[0].words_per_minute is not None


def test_a_crash_after_answering_still_keeps_what_was_typed(tiny: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("my careful answer", 90), ("why", 20)])

    def broken_rate(
        criterion: Criterion, index: int, total: int, *, reminders: Sequence[str] = ()
    ) -> int:
        raise RuntimeError("a bug in scoring")

    prompter.rate = broken_rate  # type: ignore[method-assign]
    sink = ListSink()
    with pytest.raises(RuntimeError, match="a bug in scoring"):
        run_drill(tiny, tiny.scenarios["tiny-outage"], prompter, clock, sink)
    [attempt] = sink.saved
    assert attempt.partial and attempt.answer == "my careful answer"
    assert attempt.follow_ups[0].answer == "why"


# --- the stage's reflection question, after the drill ------------------------------------------

QUESTION = "Which three follow-up questions would you least like to hear, and your answers?"


def _reflective(tiny: Content) -> Content:
    """The tiny pack with a reflection question on its writing stage."""
    writing = replace(tiny.stages["writing"], reflection=QUESTION)
    return replace(tiny, stages={**tiny.stages, "writing": writing})


def test_a_stage_with_a_reflection_asks_it_once_scored_and_keeps_the_text(tiny: Content) -> None:
    content = _reflective(tiny)
    clock = FakeClock()
    prompter = FakePrompter(
        clock, answers=[("Dear customer...", 300)], levels=[3], reflection="1. Why no refund?"
    )
    sink = ListSink()
    outcome = run_drill(content, content.scenarios["tiny-refund-email"], prompter, clock, sink)
    assert prompter.calls[-2:] == ["rate:tone", f"reflect:{QUESTION}"]
    [attempt] = sink.saved
    assert attempt.reflection is not None
    assert (attempt.reflection.question, attempt.reflection.answer) == (
        QUESTION,
        "1. Why no refund?",
    )
    assert Attempt.from_json(attempt.to_json()) == attempt  # kept in the history record
    assert outcome.to_jsonable()["reflection"] == {
        "question": QUESTION,
        "answer": "1. Why no refund?",
    }


def test_a_skipped_reflection_keeps_the_scored_attempt_without_one(tiny: Content) -> None:
    content = _reflective(tiny)
    for prompter in (
        FakePrompter(FakeClock(), answers=[("a", 30)], levels=[2], reflection="  "),
        FakePrompter(FakeClock(), answers=[("a", 30)], levels=[2], reflect_interrupt=True),
    ):
        sink = ListSink()
        outcome = run_drill(
            content, content.scenarios["tiny-refund-email"], prompter, prompter.clock, sink
        )
        [attempt] = sink.saved
        assert attempt.reflection is None and attempt.score is not None
        assert not outcome.interrupted
        assert '"reflection"' not in attempt.to_json()


def test_no_reflection_on_other_stages_in_a_mock_or_without_saving_answers(
    tiny: Content,
) -> None:
    content = _reflective(tiny)
    clock = FakeClock()
    triage = FakePrompter(clock, answers=[("a", 30), ("b", 10)], levels=[3, 3], reflection="x")
    run_drill(content, content.scenarios["tiny-outage"], triage, clock, ListSink())
    assert not any(c.startswith("reflect") for c in triage.calls)

    mock = FakePrompter(clock, answers=[("a", 30)], levels=[3], reflection="x")
    sink = ListSink()
    run_mock(content, loop_of([content.scenarios["tiny-refund-email"]]), mock, clock, sink)
    assert not any(c.startswith("reflect") for c in mock.calls)

    private = FakePrompter(clock, answers=[("a", 30)], levels=[3], reflection="secret")
    sink = ListSink()
    run_drill(
        content,
        content.scenarios["tiny-refund-email"],
        private,
        clock,
        sink,
        DrillOptions(save_answer=False),
    )
    assert sink.saved[0].reflection is None and "secret" not in sink.saved[0].to_json()


# --- skip_criteria: a criterion that does not apply is never asked or scored -------------------


def test_a_skipped_criterion_is_not_asked_and_the_score_leaves_it_out(tiny: Content) -> None:
    outage = replace(tiny.scenarios["tiny-outage"], skip_criteria=["update"])
    content = replace(tiny, scenarios={**tiny.scenarios, outage.id: outage})
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("a", 60), ("b", 10)], levels=[4])
    sink = ListSink()
    run_drill(content, outage, prompter, clock, sink)
    assert [c for c in prompter.calls if c.startswith("rate:")] == ["rate:reproduce"]
    [attempt] = sink.saved
    assert attempt.levels == {"reproduce": 4}
    assert attempt.score == 100.0  # with "update" scored 1 it would be 70 (test above)
    assert attempt.skill_scores == {"troubleshooting": 100.0}
