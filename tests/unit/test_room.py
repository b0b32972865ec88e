"""Stages that behave like the real room: injects, probing follow-ups, checked calculations.

The drill runs on a fake clock with a scripted prompter (tests/unit/test_session.py's); the
pack errors go through `packs validate`, as an author would see them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fsrs import Rating

from supportprep.packs.content import Content
from supportprep.packs.loader import load_content
from supportprep.practice.clock import FakeClock
from supportprep.practice.probing import reasoning_sentence
from supportprep.practice.schedule import rating_for
from supportprep.practice.session import run_drill
from tests.conftest import TINY_PACK, Cli
from tests.unit.test_pack_errors import make_pack, one_error
from tests.unit.test_session import FakePrompter, ListSink

ROOM_PACK = TINY_PACK.parent / "room-pack"

# Makes strong-answer points 1 and 3 (reproduce; status update with the next update time), not 2
# (staffing the chat queue).
MISSES_STAFFING = (
    "First I reproduce the checkout failure on a test account before anything else. "
    "Then I post a status update and give the next update time, 11:30."
)


@pytest.fixture(scope="module")
def room() -> Content:
    return load_content([TINY_PACK, ROOM_PACK], include_bundled=False)


# --- injects ------------------------------------------------------------------------------------


def test_an_inject_arrives_mid_answer_and_is_recorded_with_its_time(room: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock,
        typing=[(2, "First I reproduce it."), (2, "First I reproduce it. Rollback")],
        answers=[
            (
                "First I reproduce it. The rollback failed, so we plan the patch forward and I "
                "give a new estimate.",
                30.0,
            )
        ]
        + [("ok", 10.0)] * 6,
        reactions=["Top accounts get an honest window and the next update time at 11:30."],
        calc=["14", "8.33"],
        levels=[3, 3],
    )
    sink = ListSink()
    run_drill(room, room.scenarios["room-rollback"], prompter, clock, sink)

    # Not there at 2 seconds, there at 4, with the text typed so far untouched.
    assert prompter.seen_injects == [[], ["The rollback failed; we are patching forward."]]
    [attempt] = sink.saved
    assert attempt.room is not None
    first, late = attempt.room.injects
    assert first.during_answer and first.arrived_at_seconds == 3 and first.at_seconds == 3
    assert first.source == "Engineering lead"
    # Submitted at 34 seconds, before the VP's question was due at 100: handed over then.
    assert not late.during_answer and late.arrived_at_seconds == pytest.approx(34, abs=0.1)
    assert "inject:Sales wants an ETA for the top ten accounts now." in prompter.calls
    assert late.reply and "honest window" in late.reply
    # The insights credit reacting to each, and the rubric criterion named says so when scored.
    assert first.reacted is True and late.reacted is True
    assert prompter.reports[0].reactions[0].covered
    assert prompter.reminders == {"reproduce": ["The rollback failed; we are patching forward."]}


def test_an_answer_that_ignores_the_inject_gets_no_credit_for_it(room: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock,
        typing=[(5, "First I reproduce it.")],
        answers=[("First I reproduce it. Then I post a status update.", 110.0)]
        + [("ok", 10.0)] * 6,
        calc=["14", "8.33"],
        levels=[3, 3],
    )
    sink = ListSink()
    run_drill(room, room.scenarios["room-rollback"], prompter, clock, sink)
    [attempt] = sink.saved
    assert attempt.room is not None
    assert [i.during_answer for i in attempt.room.injects] == [True, True]
    assert [i.reacted for i in attempt.room.injects] == [False, False]


# --- probing follow-ups -------------------------------------------------------------------------


def test_the_follow_up_probing_the_missed_point_comes_first(room: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock,
        answers=[(MISSES_STAFFING, 100.0)] + [("Fourteen agents, from Erlang C.", 30.0)] * 6,
        calc=["14", "8.33"],
        levels=[3, 3],
        more=[True],
    )
    run_drill(room, room.scenarios["room-rollback"], prompter, clock, ListSink())
    asked = prompter.questions
    assert asked[0] == "How many agents would you put on the chat queue?"
    assert asked[1] == "What do you do first, and what waits?"
    # The status-update follow-up probes a point the answer made: held back until "one more".
    assert "What does the status update say, and when is the next one?" in asked
    assert asked.index("What does the status update say, and when is the next one?") > 1
    # Asked once: after the held-back follow-up there is nothing left to probe.
    assert prompter.calls.count("one-more?") == 1


def test_without_asking_for_one_more_the_covered_point_is_not_probed(room: Content) -> None:
    clock = FakeClock()
    prompter = FakePrompter(
        clock,
        answers=[(MISSES_STAFFING, 100.0)] + [("Because the queue is the fire.", 30.0)] * 4,
        calc=["14", "8.33"],
        levels=[3, 3],
    )
    run_drill(room, room.scenarios["room-rollback"], prompter, clock, ListSink())
    assert all("status update say" not in q for q in prompter.questions)


def test_a_why_chain_quotes_the_candidates_own_words(room: Content) -> None:
    clock = FakeClock()
    replies = [
        "Fourteen agents on chat.",
        "I would fix checkout first because every failed payment is lost revenue.",
        "Because lost payments also mean refunds and angry merchants tomorrow.",
        "Since merchants churn after two bad days.",
    ]
    prompter = FakePrompter(
        clock,
        answers=[(MISSES_STAFFING, 100.0)] + [(r, 20.0) for r in replies],
        calc=["14", "8.33"],
        levels=[3, 3],
    )
    sink = ListSink()
    run_drill(room, room.scenarios["room-rollback"], prompter, clock, sink)
    first_why, second_why = prompter.questions[2:4]
    assert first_why.startswith(
        "You said: “I would fix checkout first because every failed payment is lost revenue.”"
    )
    assert "Because lost payments also mean refunds and angry merchants tomorrow." in second_why
    assert len(prompter.questions) == 4  # why_chain: 2 asks twice, no more
    [attempt] = sink.saved
    assert [f.answer for f in attempt.follow_ups] == replies


def test_an_empty_reply_ends_the_why_chain() -> None:
    assert reasoning_sentence("") is None
    assert reasoning_sentence("We ship. I'd page the on-call first because of the SLA.") == (
        "I'd page the on-call first because of the SLA."
    )


# --- calculations --------------------------------------------------------------------------------


def test_calculations_are_checked_and_count_in_the_score_and_schedule(room: Content) -> None:
    def drill(calc: list[str]) -> tuple[float, list[bool], Rating | None]:
        clock = FakeClock()
        prompter = FakePrompter(
            clock,
            answers=[(MISSES_STAFFING, 100.0)] + [("ok", 10.0)] * 4,
            calc=calc,
            levels=[4, 4],
        )
        sink = ListSink()
        run_drill(room, room.scenarios["room-rollback"], prompter, clock, sink)
        [attempt] = sink.saved
        assert attempt.room is not None and attempt.score is not None
        assert prompter.checked and all(c.worked.steps for c in prompter.checked)
        return attempt.score, [c.correct for c in attempt.room.calculations], rating_for(attempt)

    # 8.4 is within 0.1 of 8.33; 15 agents is not 14.
    assert drill(["14", "8.4"]) == (100.0, [True, True], Rating.Easy)
    score, correct, rating = drill(["15", "8.4"])
    assert correct == [False, True]
    # Rubric weights 3 + 1 at level 4, plus two calculations of weight 1: 5 of 6 parts.
    assert score == pytest.approx(83.3, abs=0.05)
    assert rating == Rating.Hard  # a wrong number is worth seeing again soon
    score, correct, _ = drill(["", "8.33"])  # a skipped question counts as wrong
    assert correct == [False, True] and score == pytest.approx(83.3, abs=0.05)


# --- the pack format -----------------------------------------------------------------------------

ROOM_SCENARIO = """\
scenarios:
  - id: x-outage
    title: Outage
    stage: live-troubleshooting
    time_limit_seconds: 300
    prompt: Walk me through it.
    context: [It broke.]
    strong_answer_points: [Reproduce., Verify.]
    red_flags: [Guessing.]
    rubric: live-troubleshooting
"""


def test_an_inject_after_the_time_limit_is_refused(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path,
        ROOM_SCENARIO
        + "    injects:\n      - {at_seconds: 400, text: Late., listens_for: Anything.}\n",
    )
    line = one_error(cli, pack)
    assert "content.yaml:" in line and "after the time limit (300 seconds)" in line, line


def test_an_inject_after_the_stages_default_limit_is_refused(cli: Cli, tmp_path: Path) -> None:
    body = ROOM_SCENARIO.replace("    time_limit_seconds: 300\n", "")
    pack = make_pack(
        tmp_path, body + "    injects:\n      - {at_seconds: 7000, text: Late., listens_for: X.}\n"
    )
    line = one_error(cli, pack)
    assert "injects" in line and "at_seconds" in line and "after the answer's time limit" in line


def test_a_follow_up_probing_a_point_that_does_not_exist_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    pack = make_pack(
        tmp_path, ROOM_SCENARIO + "    follow_ups:\n      - {question: Why?, probes: [3]}\n"
    )
    line = one_error(cli, pack)
    assert "follow-up 1 probes strong-answer point 3, but the scenario has 2" in line, line


def test_a_negative_tolerance_is_refused(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path,
        ROOM_SCENARIO
        + "    calculations:\n"
        + "      - {id: q, question: How many?, formula: shrinkage-gross-up,\n"
        + "         inputs: {agents: 14, shrinkage: 30}, answer: 20, tolerance: -1}\n",
    )
    line = one_error(cli, pack)
    assert "tolerance" in line and "greater than or equal to 0" in line, line


def test_a_calculation_missing_an_input_names_it(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path,
        ROOM_SCENARIO
        + "    calculations:\n"
        + "      - {id: q, question: How many?, formula: shrinkage-gross-up,\n"
        + "         inputs: {agents: 14}, answer: 20}\n",
    )
    line = one_error(cli, pack)
    assert "needs inputs agents, shrinkage; missing: shrinkage" in line, line


def test_a_why_chain_longer_than_three_is_refused(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path, ROOM_SCENARIO + "    follow_ups:\n      - {question: Why?, why_chain: 4}\n"
    )
    line = one_error(cli, pack)
    assert "why_chain" in line and "less than or equal to 3" in line, line


def test_a_calculation_whose_answer_disagrees_with_its_formula_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    pack = make_pack(
        tmp_path,
        ROOM_SCENARIO
        + "    calculations:\n"
        + "      - {id: q, question: How many?, formula: shrinkage-gross-up,\n"
        + "         inputs: {agents: 14, shrinkage: 30}, answer: 21}\n",
    )
    result = cli("packs", "validate", str(pack))
    assert result.code == 2
    assert "calculations[0] (x-outage/q).answer: 21 is not what shrinkage-gross-up gives" in (
        result.err
    )
    assert "(20)" in result.err and "Traceback" not in result.err
