"""Insights by meaning: points made with evidence, commitment, flags, stages, size and offline use.

The answers here are written for the tests, not taken from the labelled set in ``../shared/eval``
(that set measures the design; these pin its behaviour).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from supportprep.packs.content import Content
from supportprep.packs.loader import load_content
from supportprep.packs.models import InsightRule, Point, Scenario
from supportprep.practice import points, semantic
from supportprep.practice.insights import (
    MAX_ANSWER_BYTES,
    AnswerTooLarge,
    Insights,
    analyze,
    calibration_note,
)
from supportprep.practice.text import sentence_spans
from tests.conftest import TINY_PACK, Cli, Result


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def rules(content: Content) -> list[InsightRule]:
    return list(content.insights.values())


def _scenario(
    points_: list[str | Point],
    stage: str = "live-troubleshooting",
    red_flags: list[str] | None = None,
) -> Scenario:
    return Scenario(
        id="probe",
        title="Probe",
        stage=stage,
        prompt="p",
        context=["c"],
        strong_answer_points=points_,
        red_flags=red_flags or ["Promises a refund nobody approved."],
        rubric="r",
    )


def _codes(text: str, scenario: Scenario, rules: list[InsightRule]) -> set[str]:
    return set(analyze(text, scenario, rules).codes)


# --- points by meaning ----------------------------------------------------------------------------


def test_the_word_model_is_installed_and_loads_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert semantic.available()
    # Related words sit closer than unrelated ones: the vectors carry meaning.
    vectors = semantic.word_matrix(["refund", "reimbursement", "giraffe"])
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])


def test_a_paraphrase_makes_the_point_and_quotes_its_sentence_verbatim() -> None:
    scenario = _scenario(
        [
            "Reproduces the failure with a test account before changing anything.",
            "Posts a status page update with the time of the next update.",
        ]
    )
    answer = (
        "Before I change any setting I'd reproduce the fault myself on a\n"
        "test login, so I know what I'm fixing. Then I'll put a note on our public\n"
        "incident page at 10:15 saying when people will hear from us next."
    )
    report = analyze(answer, scenario, [])
    assert [p.covered for p in report.points] == [True, True]
    for point in report.points:
        assert point.evidence is not None and point.evidence in answer  # verbatim, wraps kept
    assert report.points[0].evidence is not None
    assert report.points[0].evidence.startswith("Before I change any setting")
    assert report.coverage == 1.0


def test_keyword_stuffing_without_commitment_earns_nothing() -> None:
    scenario = _scenario(
        [
            "Sizes the backlog: how many tickets, how old the oldest is, and the SLA at risk.",
            "Sends the customer an update by a stated time with the next step.",
        ]
    )
    stuffed = (
        "Sizing the backlog of tickets and the SLA risk is key, including the oldest ones. "
        "Customer updates and next steps matter, so timely updates would be sent."
    )
    committed = (
        "There are 340 tickets waiting; the oldest is 9 days old and 60 will breach the "
        "48-hour SLA tonight. I'll send the customer the next step by 3 pm today."
    )
    assert [p.covered for p in analyze(stuffed, scenario, []).points] == [False, False]
    assert analyze(stuffed, scenario, []).coverage == 0.0
    assert [p.covered for p in analyze(committed, scenario, []).points] == [True, True]


@pytest.mark.parametrize(
    ("point", "asks"),
    [
        ("Sizes the exposure: how many requests and how old.", {"number"}),
        ("Agrees a weekly readout with the director.", {"time"}),
        ("Closes with one next step and a named person.", {"owner"}),
        ("Apologises for both problems.", set()),
    ],
)
def test_what_a_point_asks_the_answer_to_commit_to(point: str, asks: set[str]) -> None:
    assert points.asks_for(point) == asks


def test_an_owner_point_needs_a_name_or_the_speaker() -> None:
    scenario = _scenario(["Ends with the next step and a named person who will send it."])
    vague = "The next step will be sent along shortly, and it will be sent properly."
    named = "The next step: Priya from billing will send it to you."
    assert not analyze(vague, scenario, []).points[0].covered
    assert analyze(named, scenario, []).points[0].covered


def test_alternative_phrasings_of_a_point_are_credited() -> None:
    plain = _scenario(["Kills the discount code at the source.", "Refunds the overcharge."])
    with_also = _scenario(
        [
            Point(
                text="Kills the discount code at the source.",
                also=["Switches off the promotion in the billing system."],
            ),
            "Refunds the overcharge.",
        ]
    )
    answer = "First I'd switch off the promotion in our billing system."
    assert not analyze(answer, plain, []).points[0].covered
    made = analyze(answer, with_also, []).points[0]
    assert made.covered and made.point == "Kills the discount code at the source."


def test_a_pack_point_can_be_text_or_text_with_alternatives(tmp_path: Path) -> None:
    pack = tmp_path / "tiny"
    shutil.copytree(TINY_PACK, pack)
    file = pack / "content.yaml"
    text = file.read_text(encoding="utf-8")
    old = "strong_answer_points: [Reproduce on a test account., Post a status update with a time.]"
    assert old in text
    file.write_text(
        text.replace(
            old,
            "strong_answer_points:\n      - Reproduce on a test account.\n"
            "      - text: Post a status update with a time.\n"
            "        also: [Update the status page with when the next update comes.]",
        ),
        encoding="utf-8",
    )
    loaded = load_content([pack], include_bundled=False)
    [scenario] = [
        s for s in loaded.scenarios.values() if "Reproduce on a test account." in s.point_texts()
    ]
    assert scenario.point_texts() == [
        "Reproduce on a test account.",
        "Post a status update with a time.",
    ]
    assert [p.also for p in scenario.points()] == [
        [],
        ["Update the status page with when the next update comes."],
    ]


def test_without_the_model_points_fall_back_to_word_identity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(semantic, "available", lambda: False)
    scenario = _scenario(["Reproduces the failure on a test account.", "Posts a status update."])
    report = analyze("I reproduce the failure on a test account at 9:00.", scenario, [])
    assert report.points[0].covered and not report.points[1].covered
    assert report.confidence == "low"


# --- flags, by what a hiring manager listens for -----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Most of this is user error.", True),
        ("Engineering dropped the ball on the release.", True),
        ("The vendor should have told us about the change.", True),
        ("Hugo just won't look at the reports.", True),
        ("It wasn't the customer's fault: the screen hid the fee.", False),
        ("Users who didn't read the notice called more often; I'll move it up the page.", False),
    ],
)
def test_blame_of_the_customer_another_team_or_a_vendor(
    sentence: str, flagged: bool, rules: list[InsightRule]
) -> None:
    scenario = _scenario(["a b", "c d"])
    assert ("blame" in _codes(sentence, scenario, rules)) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("It's probably a password thing.", True),
        ("Maybe we could try a macro.", True),
        ("I guess legal handles it.", True),
        ("It depends on the plan: if they are on Pro, I'd refund today.", False),
        ("The real rate is probably lower once we drop the bot's own marks.", False),
        ("It could be the certificate or clock skew; I'd check the trace first.", False),
        ("It's probably the certificate, so I'd check the thumbprint at once.", False),
    ],
)
def test_hedging(sentence: str, flagged: bool, rules: list[InsightRule]) -> None:
    scenario = _scenario(["a b", "c d"])
    assert ("hedge" in _codes(sentence, scenario, rules)) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("We aligned on the new policy.", True),
        ("I asked the team to look at it.", True),
        ("We'll keep you posted.", True),
        ("We aligned that Grace owns the call, recorded in the decision log.", False),
        ("Priya will send the file by Monday noon.", False),
    ],
)
def test_vague_ownership(sentence: str, flagged: bool, rules: list[InsightRule]) -> None:
    scenario = _scenario(["a b", "c d"])
    assert ("vague-ownership" in _codes(sentence, scenario, rules)) is flagged


def test_filler_counts_in_spoken_answers_only(content: Content, rules: list[InsightRule]) -> None:
    spoken = _scenario(["a b", "c d"], stage="live-troubleshooting")
    email = _scenario(["a b", "c d"], stage="writing-exercise")
    text = "Um, so basically the export broke, you know, on Friday."
    assert "filler" in _codes(text, spoken, rules)
    assert "filler" not in _codes(text, email, rules)


@pytest.mark.parametrize(
    ("closing", "flagged"),
    [
        ("Just reply 'half' or 'credit' and I, Sam, will sort it out by tomorrow noon.", False),
        ("Priya on my team will send the file by 12:00 on Monday.", False),
        ("I review the queue with the leads every Tuesday.", False),
        ("You'll hear from me within two hours.", False),
        ("I'll write to you on the 17th either way.", False),
        ("First I check the logs, then I fix it.", True),
        ("We'll keep you posted.", True),
        ("I'll get back to him once I hear from IT.", True),
    ],
)
def test_a_next_step_needs_an_owner_and_a_time_written_any_way(
    closing: str, flagged: bool, rules: list[InsightRule]
) -> None:
    scenario = _scenario(["a b", "c d"], stage="writing-exercise")
    assert ("no-next-step" in _codes(closing, scenario, rules)) is flagged


def test_structure_checks_only_where_the_stage_calls_for_them(rules: list[InsightRule]) -> None:
    text = "Thanks for writing in. I'll send the corrected invoice by Friday."
    incident = analyze(text, _scenario(["a b", "c d"], stage="live-troubleshooting"), rules)
    email = analyze(text, _scenario(["a b", "c d"], stage="writing-exercise"), rules)
    story = analyze(text, _scenario(["a b", "c d"], stage="behavioral"), rules)
    assert {"no-scope", "no-verification"} <= set(incident.codes)
    assert not {"no-scope", "no-verification", "no-approach"} & set(email.codes)
    assert not {"no-scope", "no-verification", "no-approach"} & set(story.codes)


def test_a_scenario_red_flag_is_shown_when_said_and_not_when_refused() -> None:
    scenario = _scenario(
        ["a b", "c d"], red_flags=["Agrees to disable SAML signature checks to restore access."]
    )
    says = "To restore access quickly I'd disable SAML signature checks until it is fixed."
    refuses = "I would never disable SAML signature checks, even to restore access."
    [hit] = analyze(says, scenario, []).red_flags
    assert hit.flag.startswith("Agrees to disable") and "disable SAML" in hit.quote
    assert analyze(refuses, scenario, []).red_flags == []


def test_a_red_flag_that_names_an_absence_is_never_pinned_on_a_sentence() -> None:
    # The sentence closest to "No check that it held" is the one that checks it held.
    scenario = _scenario(
        ["a b", "c d"],
        red_flags=["No check that it held.", "Leaves out how App Store subscribers cancel."],
    )
    does = (
        "Three weeks later I checked that it held: the reopen rate stayed at 4%. "
        "App Store subscribers cancel in their Apple account settings, and the email says how."
    )
    assert analyze(does, scenario, []).red_flags == []
    # Without the check the rubric and the missing point say so; a red flag would quote nothing.
    assert analyze("I changed the macro and moved on.", scenario, []).red_flags == []


def test_bundled_example_answers_at_level_four_raise_almost_no_red_flag(content: Content) -> None:
    strong = [e for e in content.examples.values() if e.level == 4]
    flagged = [
        e.id for e in strong if analyze(e.answer, content.scenarios[e.scenario], []).red_flags
    ]
    # One in 50 today; a change in matching that pins red flags on strong answers fails here.
    assert len(flagged) <= len(strong) // 20, flagged


# --- behavioural: the candidate's own story -----------------------------------------------------


def test_a_behavioural_answer_is_judged_on_the_shape_of_its_own_story(
    rules: list[InsightRule],
) -> None:
    scenario = _scenario(["Names the sample story's 140 requests.", "c d"], stage="behavioral")
    own = (
        "At my last company I noticed our refund tickets took twice as long as the rest. "
        "I rebuilt the refund macro and trained the four leads on it myself. "
        "Handle time fell from 14 minutes to 9 within a month. "
        "Since then every new macro goes through a two-week trial before it ships."
    )
    report = analyze(own, scenario, rules)
    assert report.points_are_example
    assert [p.present for p in report.story] == [True, True, True, True]
    assert report.coverage == 1.0  # the sample story's points do not count
    thin = analyze("We had a hard quarter and the team pulled through.", scenario, rules)
    assert thin.coverage is not None and thin.coverage < 0.5


# --- size, speed, start-up ------------------------------------------------------------------------


def test_an_answer_over_the_limit_is_refused(rules: list[InsightRule]) -> None:
    scenario = _scenario(["a b", "c d"])
    with pytest.raises(AnswerTooLarge, match="100 KB"):
        analyze("word " * (MAX_ANSWER_BYTES // 5 + 1), scenario, rules)


def test_analysis_time_grows_linearly_with_the_answer(rules: list[InsightRule]) -> None:
    scenario = _scenario(["Reproduces the failure on a test account.", "Posts an update by 3 pm."])
    block = (
        "I reproduce it on a test account first. Then I post an update by 3 pm, and we "
        "aligned on the rest. It depends, probably. "
    )
    analyze(block, scenario, rules)  # warm the model and the patterns

    def seconds(copies: int) -> float:
        start = time.perf_counter()
        analyze(block * copies, scenario, rules)
        return time.perf_counter() - start

    small, large = seconds(50), seconds(400)
    assert large < small * 8 * 2.5  # eight times the text: well under quadratic growth


def test_analyze_refuses_a_huge_file_quickly_with_exit_2(cli: Cli, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as f:
        f.write("a" * (50 * 1024 * 1024))
    start = time.perf_counter()
    result: Result = cli(
        "analyze", "--scenario", "lt-sso-loop-idp-cert-rotation", "--answer-file", str(big)
    )
    assert result.code == 2 and "over 100 KB" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert time.perf_counter() - start < 5


def test_analyze_json_quotes_the_evidence_for_each_point(cli: Cli, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "Scope first: I own triage and the customer updates; our tier-2 engineer takes the SAML "
        "trace. I reproduce it with one affected clinician and a SAML trace and compare the "
        "certificate thumbprint before anyone changes anything.",
        encoding="utf-8",
    )
    result = cli(
        "analyze",
        "--scenario",
        "lt-sso-loop-idp-cert-rotation",
        "--answer-file",
        str(answer),
        "--json",
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    text = answer.read_text(encoding="utf-8")
    made = [p for p in data["points"] if p["covered"]]
    assert made and all(p["evidence"] in text for p in made)
    assert all(p["evidence"] is None for p in data["points"] if not p["covered"])
    assert {"point", "covered", "evidence"} <= set(data["points"][0])


def test_the_start_up_path_does_not_load_the_model() -> None:
    script = (
        "import sys\n"
        "from supportprep.cli.app import run\n"
        "for argv in (['--help'], ['plan', '--role', 'customer-support-manager'], []):\n"
        "    try:\n"
        "        run(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "loaded = {'numpy', 'supportprep.practice.semantic'} & set(sys.modules)\n"
        "print(sorted(loaded), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


# --- calibration ------------------------------------------------------------------------------


def _report(coverage: float, confidence: str, findings: int = 0) -> Insights:
    from supportprep.practice.insights import Finding

    return Insights(
        words=200,
        minutes=None,
        words_per_minute=None,
        coverage=coverage,
        confidence=confidence,  # type: ignore[arg-type]
        findings=[Finding(f"f{i}", "n", "m") for i in range(findings)],
    )


def test_calibration_note_never_accuses_on_a_doubtful_judgement() -> None:
    assert calibration_note(95, _report(0.2, "low", findings=4)) is None
    note = calibration_note(95, _report(0.2, "high"))
    assert note is not None and "fairly sure" in note
    under = calibration_note(30, _report(0.9, "medium"))
    assert under is not None and "not certain" in under


def test_sentences_keep_their_offsets_into_the_answer() -> None:
    text = "First line\nwraps here. Second one!\n\n- a list item\n2. numbered"
    spans = sentence_spans(text)
    assert [s.text for s in spans] == [
        "First line\nwraps here.",
        "Second one!",
        "a list item",
        "2. numbered",
    ]
    assert all(text[s.start : s.start + len(s.text)] == s.text for s in spans)


def test_a_talking_point_is_found_across_punctuation() -> None:
    scenario = Scenario(
        id="probe",
        title="Probe",
        stage="writing-exercise",
        prompt="p",
        context=["c"],
        strong_answer_points=["a b", "c d"],
        red_flags=["r"],
        rubric="r",
        talking_points=["delayed not lost", "next update"],
    )
    report = analyze(
        "Your prescriptions are delayed, not lost. Next updates at 2 pm.", scenario, []
    )
    assert report.terms_found == ["delayed not lost", "next update"]


def test_the_attempt_record_keeps_how_its_coverage_was_judged() -> None:
    from datetime import UTC, datetime

    from supportprep.store.attempt import Attempt

    when = datetime(2026, 3, 10, 9, tzinfo=UTC)
    record = Attempt(
        scenario_id="s",
        scenario_title="S",
        stage="behavioral",
        rubric="r",
        started_at=when,
        finished_at=when,
        time_limit_seconds=300,
        duration_seconds=200,
        overtime_seconds=0,
        coverage=0.75,
        judgement_version=2,
        insight_confidence="medium",
    )
    again = Attempt.from_json(record.to_json())
    assert (again.judgement_version, again.insight_confidence) == (2, "medium")
    assert "judgement_version" not in record.replace(judgement_version=None).to_jsonable()
