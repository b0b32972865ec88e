"""The mock loop in-process: the time it takes, Ctrl-C's skip / keep / end, the loop's verdict and
the stage that cost most, the company in the debrief, and resuming an interrupted loop."""

from __future__ import annotations

import io
import json
import signal
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from supportprep.actions import Action, Do
from supportprep.errors import Terminated, UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario, Stage
from supportprep.practice.clock import FakeClock
from supportprep.practice.debrief import (
    BORDERLINE,
    LIKELY_HIRE,
    NOT_YET,
    VERDICT_RULE,
    build_debrief,
    loop_verdict,
)
from supportprep.practice.injects import InjectFeed
from supportprep.practice.mock import (
    SCORING_SECONDS_PER_CRITERION,
    earlier_outcomes,
    loop_options,
    new_loop,
    plan_mock,
    remaining_plan,
    run_mock,
)
from supportprep.practice.session import Draft, DrillOptions
from supportprep.practice.timer import Countdown
from supportprep.store.mock_loop import LoopState, clear_loop, load_loop, loop_path, save_loop
from supportprep.targets import Targets
from supportprep.ui.mock_view import debrief_markdown, debrief_view, loop_intro_view
from tests.unit.test_session import FakePrompter, ListSink, loop_of

NOW = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)


@dataclass
class LoopPrompter(FakePrompter):
    """A FakePrompter that presses Ctrl-C once in the main answer of the scenarios named."""

    ctrl_c_in: set[str] = field(default_factory=set)
    current: str = ""

    def show_scenario(self, scenario: Scenario, stage: Stage, time_limit: int) -> None:
        self.current = scenario.id
        super().show_scenario(scenario, stage, time_limit)

    def answer(
        self,
        label: str,
        countdown: Countdown,
        *,
        strict: bool,
        draft: Draft,
        feed: InjectFeed | None = None,
    ) -> str:
        if label == "Your answer" and self.current in self.ctrl_c_in:
            self.ctrl_c_in.discard(self.current)
            text, seconds = self.answers.pop(0)
            self.clock.advance(seconds)
            draft.text = text
            raise KeyboardInterrupt
        return super().answer(label, countdown, strict=strict, draft=draft, feed=feed)


def _two(tiny: Content) -> list[Scenario]:
    return [tiny.scenarios["tiny-outage"], tiny.scenarios["tiny-refund-email"]]


def _render(renderable: object) -> str:
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


# --- before it starts ---------------------------------------------------------------------------


def test_the_plan_counts_answers_follow_ups_reading_and_scoring(tiny: Content) -> None:
    plan = plan_mock(tiny, [], Targets(), NOW, tz=UTC, reading_seconds=30)
    outage = plan.stages[0]
    criteria = len(tiny.rubric_for(outage.scenario).criteria)
    assert outage.scoring_seconds >= SCORING_SECONDS_PER_CRITERION * criteria
    assert outage.total_seconds == (
        30 + outage.answer_seconds + outage.follow_up_seconds + outage.scoring_seconds
    )
    text = _render(loop_intro_view(plan, company="Acme Health"))
    assert "Mock loop for Acme Health: 2 stages back to back." in text
    assert text.index("Triage") < text.index("Writing")  # the stages, in order
    minutes = round(plan.total_seconds / 60)
    assert f"Total about {minutes} min" in text
    words = " ".join(text.split())
    assert "reading time" in words and "to score yourself" in words


def test_time_sets_every_stages_answer_clock_in_the_plan_and_survives_a_resume(
    tiny: Content,
) -> None:
    five = DrillOptions(time_limit=300)
    plan = plan_mock(tiny, [], Targets(), NOW, tz=UTC, options=five)
    assert [p.answer_seconds for p in plan.stages] == [300, 300]
    loop = new_loop(plan, NOW, five)
    save_loop(loop)
    saved = load_loop()
    assert saved is not None and saved.time_limit == 300
    # Resumed without --time: the loop keeps the clocks it was planned with.
    assert loop_options(saved, DrillOptions()).time_limit == 300
    assert [p.answer_seconds for p in remaining_plan(tiny, saved, Targets()).stages] == [300, 300]

    untimed = plan_mock(tiny, [], Targets(), NOW, tz=UTC, options=DrillOptions(untimed=True))
    assert all(p.untimed and p.answer_seconds == 0 for p in untimed.stages)
    text = " ".join(_render(loop_intro_view(untimed)).split())
    assert "untimed +" in text and "+ your untimed answers" in text
    assert untimed.total_seconds == sum(
        p.follow_up_seconds + p.scoring_seconds for p in untimed.stages
    )


# --- Ctrl-C in a stage ----------------------------------------------------------------------------


def test_ctrl_c_then_skip_goes_on_to_the_next_stage_and_counts_it_as_zero(tiny: Content) -> None:
    clock = FakeClock()
    prompter = LoopPrompter(
        clock,
        answers=[("half an answer", 40), ("Sorry, here is the refund.", 300)],
        levels=[4],
        ctrl_c_in={"tiny-outage"},
        choices=["skip"],
    )
    sink = ListSink()
    saved: list[LoopState] = []
    run = run_mock(tiny, loop_of(_two(tiny)), prompter, clock, sink, save=saved.append)

    assert not run.stopped and run.ended == "finished"
    assert "stopped:1/2:keep" in prompter.calls  # something was typed, so keep is offered
    assert [a.scenario_id for a in sink.saved] == ["tiny-refund-email"]  # skip keeps nothing
    assert [s.status for s in run.loop.stages] == ["skipped", "scored"]
    # Saved before the first stage and after each one.
    assert [[s.status for s in state.stages] for state in saved] == [
        ["pending", "pending"],
        ["skipped", "pending"],
        ["skipped", "scored"],
    ]

    debrief = build_debrief(tiny, run.results)
    assert [r.status for r in debrief.rows] == ["skipped", "scored"]
    assert debrief.loop_score == 50.0 and debrief.verdict == BORDERLINE  # 0 and 100
    assert debrief.cost_most is not None and debrief.cost_most.scenario_id == "tiny-outage"
    assert "skipped" in debrief.cost_most.fix
    # The engine names the drill; the view words it as a command.
    assert debrief.cost_most.action == Action(Do.DRILL_SCENARIO, "tiny-outage")
    shown = _render(debrief_view(tiny, debrief))
    assert "drill --scenario tiny-outage" in " ".join(shown.split())
    assert "skipped" in shown and "Verdict: Borderline" in shown
    assert "Cost most: Triage (tiny-outage), 70 under the bar" in shown


def test_ctrl_c_then_keep_saves_a_partial_and_goes_on(tiny: Content) -> None:
    clock = FakeClock()
    prompter = LoopPrompter(
        clock,
        answers=[("I reproduce first", 40), ("An email", 300)],
        levels=[3],
        ctrl_c_in={"tiny-outage"},
        choices=["keep"],
    )
    sink = ListSink()
    run = run_mock(tiny, loop_of(_two(tiny)), prompter, clock, sink)
    partial, scored = sink.saved
    assert partial.partial and partial.answer == "I reproduce first" and partial.mode == "mock"
    assert partial.session_id == scored.session_id == "loop-1"
    assert run.loop.stages[0].status == "partial"
    assert run.loop.stages[0].attempt_id == partial.id
    debrief = build_debrief(tiny, run.results)
    assert debrief.rows[0].status == "partial" and debrief.rows[0].score is None
    assert debrief.verdict == NOT_YET  # 0 and 66.7: average under 50


def test_ctrl_c_with_nothing_typed_offers_no_keep(tiny: Content) -> None:
    clock = FakeClock()
    prompter = LoopPrompter(
        clock, answers=[("", 5), ("b", 30)], levels=[4], ctrl_c_in={"tiny-outage"}
    )
    prompter.choices = ["keep"]  # not offered; taken as a skip rather than keeping nothing
    run = run_mock(tiny, loop_of(_two(tiny)), prompter, clock, ListSink())
    assert "stopped:1/2:nothing" in prompter.calls
    assert run.loop.stages[0].status == "skipped"


def test_ctrl_c_at_the_pause_screen_asks_too(tiny: Content) -> None:
    clock = FakeClock()
    prompter = LoopPrompter(
        clock, answers=[("a", 100), ("b", 30)], levels=[4, 4], interrupt_at="pause"
    )
    prompter.choices = ["skip"]
    sink = ListSink()
    run = run_mock(tiny, loop_of(_two(tiny)), prompter, clock, sink)
    assert "stopped:2/2:nothing" in prompter.calls
    assert [s.status for s in run.loop.stages] == ["scored", "skipped"]
    assert len(sink.saved) == 1 and not run.stopped


def test_end_here_keeps_the_typed_text_and_leaves_the_stage_to_resume(tiny: Content) -> None:
    clock = FakeClock()
    prompter = LoopPrompter(
        clock, answers=[("typed so far", 40)], ctrl_c_in={"tiny-outage"}, choices=["end"]
    )
    sink = ListSink()
    saved: list[LoopState] = []
    run = run_mock(tiny, loop_of(_two(tiny)), prompter, clock, sink, save=saved.append)
    assert run.stopped and run.ended == "ended"
    [partial] = sink.saved
    assert partial.partial and partial.answer == "typed so far"
    assert saved[-1].next_index == 0  # a resume starts at this stage again
    debrief = build_debrief(tiny, run.results)
    assert [r.status for r in debrief.rows] == ["stopped", "not reached"]
    assert debrief.verdict is None and debrief.stages_left == 2
    shown = _render(debrief_view(tiny, debrief))
    assert "No verdict yet: 2 of 2 stages not done" in shown and "mock --resume" in shown


def test_a_second_ctrl_c_at_the_question_ends_the_loop_keeping_nothing(tiny: Content) -> None:
    clock = FakeClock()
    prompter = LoopPrompter(clock, answers=[("typed", 40)], ctrl_c_in={"tiny-outage"})
    sink = ListSink()
    run = run_mock(tiny, loop_of(_two(tiny)), prompter, clock, sink)
    assert run.ended == "interrupted twice" and run.stopped
    assert sink.saved == []


def test_a_signal_at_the_question_keeps_the_typed_text_and_ends(tiny: Content) -> None:
    clock = FakeClock()
    prompter = LoopPrompter(
        clock, answers=[("typed", 40)], ctrl_c_in={"tiny-outage"}, terminate_on_keep=True
    )
    sink = ListSink()
    saved: list[LoopState] = []
    with pytest.raises(Terminated):
        run_mock(tiny, loop_of(_two(tiny)), prompter, clock, sink, save=saved.append)
    [partial] = sink.saved
    assert partial.partial and partial.answer == "typed"
    assert saved[-1].next_index == 0


def test_a_signal_while_answering_keeps_the_work_without_asking(tiny: Content) -> None:
    clock = FakeClock()
    prompter = LoopPrompter(
        clock,
        answers=[("typed before the kill", 40)],
        interrupt_at="answer",
        stop=Terminated(signal.SIGHUP),
    )
    sink = ListSink()
    with pytest.raises(Terminated):
        run_mock(tiny, loop_of(_two(tiny)), prompter, clock, sink)
    assert not any(c.startswith("stopped") for c in prompter.calls)
    [partial] = sink.saved
    assert partial.answer == "typed before the kill"


# --- the verdict ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "verdict"),
    [
        ([80.0, 90.0, 70.0], LIKELY_HIRE),
        ([100.0, 100.0, 45.0], BORDERLINE),  # averages 81.7, but one stage is under 50
        ([60.0, 55.0, 45.0], BORDERLINE),
        ([90.0, 40.0, 40.0], NOT_YET),  # two stages under 50
        ([None, 100.0], BORDERLINE),  # a skipped stage counts as 0
        ([None, 60.0], NOT_YET),
        ([49.0, 49.0], NOT_YET),
    ],
)
def test_the_loop_verdict_follows_its_stated_rule(scores: list[float | None], verdict: str) -> None:
    assert loop_verdict(scores)[1] == verdict


def test_the_rule_uses_the_drills_bands() -> None:
    assert "70+ (a hire signal)" in VERDICT_RULE and "under 50" in VERDICT_RULE
    assert "counts as 0" in VERDICT_RULE


def test_a_full_loop_debrief_names_the_company_the_verdict_and_what_cost_most(
    tiny: Content,
) -> None:
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("a", 100), ("b", 30), ("c", 700)], levels=[4, 4, 2])
    sink = ListSink()
    run = run_mock(tiny, loop_of(_two(tiny)), prompter, clock, sink)
    assert [c for c in prompter.calls if c.startswith("pause")] == ["pause:1/2", "pause:2/2"]
    assert {a.mode for a in sink.saved} == {"mock"}
    debrief = build_debrief(
        tiny, run.results, story_gaps=["No pushback story yet."], company="Acme"
    )
    assert [r.score for r in debrief.rows] == [100.0, 33.3]
    assert debrief.rows[1].overtime_seconds == 100
    assert debrief.loop_score == pytest.approx(66.7, abs=0.1)
    assert debrief.verdict == BORDERLINE
    cost = debrief.cost_most
    assert cost is not None and cost.scenario_id == "tiny-refund-email"
    assert cost.gap == pytest.approx(36.7, abs=0.1)
    assert cost.fix.startswith("Tone (you gave 2/4): ")
    assert debrief.title == "Mock loop for Acme"
    shown = _render(debrief_view(tiny, debrief))
    assert "Mock loop for Acme: debrief" in shown
    assert "Verdict: Borderline" in shown and "(the loop averages 67/100)" in shown
    markdown = debrief_markdown(tiny, debrief, "2026-11-01 18:00 UTC")
    assert markdown.startswith("# Mock loop for Acme: debrief (2026-11-01 18:00 UTC)")
    assert "**Verdict:** Borderline" in markdown and "**Cost most:** Writing" in markdown


def test_a_long_stage_name_and_scenario_id_are_not_cut_at_80_columns(tiny: Content) -> None:
    stage = replace(tiny.stages["triage"], name="Live troubleshooting with the support leads")
    content = replace(tiny, stages={**tiny.stages, "triage": stage})
    clock = FakeClock()
    prompter = FakePrompter(clock, answers=[("a", 100), ("b", 30), ("c", 70)], levels=[4, 4, 3])
    run = run_mock(content, loop_of(_two(content)), prompter, clock, ListSink())
    shown = _render(debrief_view(content, build_debrief(content, run.results)))
    assert "Live troubleshooting with the support leads" in shown
    assert "tiny-refund-email" in shown and "…" not in shown


# --- resume -----------------------------------------------------------------------------------


def test_a_loop_ended_early_resumes_at_the_next_stage_with_the_same_scenarios(
    tiny: Content,
) -> None:
    clock = FakeClock()
    first = FakePrompter(
        clock, answers=[("a", 100), ("b", 30)], levels=[4, 1], interrupt_at="pause"
    )
    first.choices = ["end"]
    sink = ListSink()
    loop = new_loop(plan_mock(tiny, [], Targets(), NOW, tz=UTC), NOW, DrillOptions(strict=True))
    run = run_mock(tiny, loop, first, clock, sink, save=save_loop)
    assert run.ended == "ended"

    saved = load_loop()
    assert saved is not None and saved.session_id == loop.session_id and saved.strict
    assert saved.next_index == 1 and saved.stages[0].status == "scored"
    left = remaining_plan(tiny, saved, Targets())
    assert [p.scenario.id for p in left.stages] == ["tiny-refund-email"]
    text = _render(loop_intro_view(left, resumed=saved))
    assert "Resuming the mock loop from" in text and "1 stage of 2 left" in text

    earlier = earlier_outcomes(tiny, saved, {a.id: a for a in sink.saved})
    assert earlier[0].result is not None and earlier[0].result.fixes  # "what to fix" again
    second = FakePrompter(clock, answers=[("c", 60)], levels=[4])
    resumed = run_mock(tiny, saved, second, clock, sink, save=save_loop, earlier=earlier)
    assert resumed.ended == "finished"
    assert [c for c in second.calls if c.startswith("show")] == ["show:tiny-refund-email"]
    assert len({a.session_id for a in sink.saved}) == 1
    debrief = build_debrief(tiny, resumed.results)
    assert [r.status for r in debrief.rows] == ["scored", "scored"]
    assert debrief.verdict is not None and debrief.advice[0].criterion == "update"


def test_the_loop_state_is_written_atomically_and_removed_when_done(tiny: Content) -> None:
    loop = loop_of(_two(tiny))
    save_loop(loop)
    assert load_loop() == loop
    assert not list(loop_path().parent.glob(".mock-loop.json.*.tmp"))
    clear_loop()
    assert load_loop() is None and not loop_path().exists()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"session_id": "x", "started_at": "2026-11-01T18:00:00Z", "stages": []}', "no stages"),
        (
            '{"session_id": "x", "started_at": "2026-11-01T18:00:00Z", '
            '"stages": [{"stage": "triage", "scenario": "tiny-outage", "status": "halfway"}]}',
            "stages.0.status",
        ),
    ],
)
def test_a_damaged_loop_file_is_one_line_naming_the_problem(text: str, problem: str) -> None:
    loop_path().parent.mkdir(parents=True, exist_ok=True)
    loop_path().write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_loop()
    message = str(caught.value)
    assert "\n" not in message and problem in message and str(loop_path()) in message


def test_the_loop_file_is_plain_json(tiny: Content, isolated_home: Path) -> None:
    save_loop(loop_of(_two(tiny)))
    data = json.loads(loop_path().read_text(encoding="utf-8"))
    assert data["stages"][0] == {
        "stage": "triage",
        "scenario": "tiny-outage",
        "status": "pending",
        "attempt_id": None,
    }
    assert loop_path().parent == isolated_home
