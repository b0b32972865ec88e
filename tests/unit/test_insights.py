"""Answer insights: the bundled rules on sample answers, and the matching semantics behind them.

The sample answers live in ``tests/fixtures/answers``, one file each: a real bundled scenario, a
strong or weak answer written for the tests, and exactly the finding codes the analysis must
report. Strong answers must raise nothing: a false alarm on a good answer teaches the user to
ignore the feedback.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml

from supportprep.packs.content import Content
from supportprep.packs.loader import load_content
from supportprep.packs.models import InsightRule, Scenario
from supportprep.practice.insights import QUOTE_LIMIT, Insights, analyze, apply_rules, sentences

ANSWERS = Path(__file__).resolve().parent.parent / "fixtures" / "answers"
FIXTURE_FILES = sorted(ANSWERS.glob("*.yaml"))
CORE_CODES = frozenset(
    {
        "hedge",
        "blame",
        "filler",
        "vague-ownership",
        "no-next-step",
        "no-verification",
        "no-scope",
        "no-approach",
    }
)


@dataclass(frozen=True)
class SampleAnswer:
    path: Path
    scenario: str
    kind: Literal["strong", "weak"]
    answer: str
    expected: frozenset[str]
    min_coverage: float | None
    max_coverage: float | None

    @classmethod
    def load(cls, path: Path) -> SampleAnswer:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), f"{path.name}: not a mapping"
        allowed = {
            "scenario",
            "kind",
            "answer",
            "expected_findings",
            "min_coverage",
            "max_coverage",
        }
        assert set(data) <= allowed, f"{path.name}: unknown keys {set(data) - allowed}"
        kind = data["kind"]
        assert kind in ("strong", "weak"), f"{path.name}: kind must be strong or weak"
        expected = data["expected_findings"]
        assert isinstance(expected, list), f"{path.name}: expected_findings must be a list"
        return cls(
            path=path,
            scenario=str(data["scenario"]),
            kind=kind,
            answer=str(data["answer"]),
            expected=frozenset(str(code) for code in expected),
            min_coverage=data.get("min_coverage"),
            max_coverage=data.get("max_coverage"),
        )


@pytest.fixture(scope="session")
def content(bundled: Content) -> Content:
    return bundled


@pytest.fixture(scope="module")
def rules(content: Content) -> list[InsightRule]:
    return list(content.insights.values())


def _analyze(
    path: Path, content: Content, rules: list[InsightRule]
) -> tuple[SampleAnswer, Insights]:
    sample = SampleAnswer.load(path)
    assert sample.scenario in content.scenarios, f"{path.name}: unknown scenario {sample.scenario}"
    return sample, analyze(sample.answer, content.scenarios[sample.scenario], rules)


def _describe(report: Insights) -> str:
    return "; ".join(f"{f.code} ({f.count}): {f.quote!r}" for f in report.findings) or "none"


# --- the sample answers ------------------------------------------------------------------------


def test_the_sample_set_is_broad_enough(content: Content) -> None:
    samples = [SampleAnswer.load(path) for path in FIXTURE_FILES]
    assert len(samples) >= 24
    kinds = Counter(s.kind for s in samples)
    assert kinds["strong"] >= 10 and kinds["weak"] >= 10
    stages = {content.scenarios[s.scenario].stage for s in samples}
    assert stages == set(content.stages)
    weak_codes = {code for s in samples if s.kind == "weak" for code in s.expected}
    assert weak_codes == CORE_CODES, "every core finding is exercised by at least one weak answer"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_sample_answer_is_well_formed(
    path: Path, content: Content, rules: list[InsightRule]
) -> None:
    sample, report = _analyze(path, content, rules)
    assert 80 <= report.words <= 300, f"{path.name}: {report.words} words"
    assert sample.expected <= {r.id for r in rules}, f"{path.name}: unknown code"
    if sample.kind == "strong":
        assert not sample.expected, f"{path.name}: a strong answer expects no findings"
    else:
        assert sample.expected, f"{path.name}: a weak answer should expect findings"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_sample_answer_gets_exactly_the_expected_findings(
    path: Path, content: Content, rules: list[InsightRule]
) -> None:
    sample, report = _analyze(path, content, rules)
    assert set(report.codes) == sample.expected, f"{path.name}: reported {_describe(report)}"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_sample_answer_coverage_is_within_bounds(
    path: Path, content: Content, rules: list[InsightRule]
) -> None:
    sample, report = _analyze(path, content, rules)
    assert report.coverage is not None
    if sample.min_coverage is not None:
        assert report.coverage >= sample.min_coverage, (path.name, report.terms_missing)
    if sample.max_coverage is not None:
        assert report.coverage <= sample.max_coverage, (path.name, report.terms_found)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_quotes_are_one_line_taken_from_the_answer(
    path: Path, content: Content, rules: list[InsightRule]
) -> None:
    sample, report = _analyze(path, content, rules)
    flat = " ".join(sample.answer.split())
    quotes = [f.quote for f in report.findings] + [p.quote for p in report.structure]
    for quote in filter(None, quotes):
        assert "\n" not in quote and len(quote) <= QUOTE_LIMIT
        assert quote.rstrip("…") in flat, (path.name, quote)


def test_strong_answers_score_higher_coverage_than_weak_ones_on_the_same_scenario(
    content: Content, rules: list[InsightRule]
) -> None:
    by_scenario: dict[str, dict[str, float]] = {}
    for path in FIXTURE_FILES:
        sample, report = _analyze(path, content, rules)
        assert report.coverage is not None
        by_scenario.setdefault(sample.scenario, {})[sample.kind] = report.coverage
    pairs = {sid: cov for sid, cov in by_scenario.items() if len(cov) == 2}
    assert pairs, "at least one scenario has both a strong and a weak answer"
    for sid, cov in pairs.items():
        assert cov["strong"] > cov["weak"] + 0.3, sid


# --- the bundled rules on short, focused texts -------------------------------------------------

# A skeleton that satisfies every structure rule, so each case below isolates one language rule.
STRUCTURED = (
    "I own the customer updates. First I reproduce it, then I verify the fix with a test login. "
    "I'll send the next update by 15:00."
)


def _codes(text: str, rules: list[InsightRule]) -> set[str]:
    findings, _ = apply_rules(text, rules)
    return {f.code for f in findings}


def test_the_structured_skeleton_raises_nothing(rules: list[InsightRule]) -> None:
    assert _codes(STRUCTURED, rules) == set()


@pytest.mark.parametrize(
    ("extra", "flagged"),
    [
        ("It depends.", True),
        ("It really depends, hard to say.", True),
        ("It depends on the volume, so I'd add callbacks above 500 waiting.", False),
        ("That depends on the contract. If it allows it, we move email agents to voice.", False),
        ("Hopefully this helps.", False),
        ("Anyone who knows the old routing rules joins the 14:00 call.", False),
        ("Who knows what the vendor will say.", True),
        ("Hopefully the rollback works.", True),
    ],
)
def test_hedge_needs_a_plan_after_it(extra: str, flagged: bool, rules: list[InsightRule]) -> None:
    # The skeleton comes first so the plan phrases in it cannot excuse the hedge.
    assert ("hedge" in _codes(STRUCTURED + " " + extra, rules)) is flagged


@pytest.mark.parametrize(
    ("extra", "flagged"),
    [
        # Words reported in quotes are what someone said in the story, not the answer hedging.
        (
            'I told the team the same afternoon, at the cost of saying "I don\'t know yet" twice.',
            False,
        ),
        ("The customer wrote “probably my fault, maybe”, and I replied within the hour.", False),
        ("I told the team I don't know yet.", True),
        ('Maybe we "fix" it later.', True),
    ],
)
def test_quoted_words_are_reported_speech(
    extra: str, flagged: bool, rules: list[InsightRule]
) -> None:
    codes = _codes(STRUCTURED + " " + extra, rules)
    assert bool(codes & {"hedge", "blame"}) is flagged, codes


@pytest.mark.parametrize(
    ("extra", "flagged"),
    [
        ("Most of these reopens are user error.", True),
        ("They didn't read the email, as clearly stated in the terms.", True),
        ("It wasn't the customer's fault: the screen hid the charge.", False),
        ("On paper it's the customer's mistake, but the screen is the problem.", False),
        ("Obviously containment comes first.", False),
    ],
)
def test_blame_is_about_blaming_not_about_mentioning_the_customer(
    extra: str, flagged: bool, rules: list[InsightRule]
) -> None:
    assert ("blame" in _codes(STRUCTURED + " " + extra, rules)) is flagged


@pytest.mark.parametrize(
    ("extra", "flagged"),
    [
        ("We aligned on a smaller credit.", True),
        ("We aligned, and I'll keep an eye on it.", True),
        ("Someone will look at the export.", True),
        ("We aligned that Grace owns the priority call.", False),
        ("We aligned. The head of product made the final call, recorded in Confluence.", False),
    ],
)
def test_vague_ownership_is_excused_by_a_named_owner(
    extra: str, flagged: bool, rules: list[InsightRule]
) -> None:
    assert ("vague-ownership" in _codes(STRUCTURED + " " + extra, rules)) is flagged


@pytest.mark.parametrize(
    ("closing", "flagged"),
    [
        ("I'll send the next update at 9:30.", False),
        # The status-page form the status-update rubric recommends, label and colon.
        ("Next update: 11:00 ET.", False),
        ("I'll review it with her every Monday.", False),
        ("I'd ask payments today when the holds drop off.", False),
        ("I'd look at the logs and see.", True),
        ("I'll send it. Tomorrow is fine.", True),  # the time is in another sentence
        ("Someone should look at it at some point.", True),
    ],
)
def test_next_step_needs_an_owner_and_a_time_in_one_sentence(
    closing: str, flagged: bool, rules: list[InsightRule]
) -> None:
    text = f"I own the customer updates. First I reproduce it, then I verify it. {closing}"
    assert ("no-next-step" in _codes(text, rules)) is flagged


def test_a_tracking_link_or_a_dashboard_is_not_verification(rules: list[InsightRule]) -> None:
    text = (
        "I own the queue. First I'd look at the dashboard; the tracking link is in every "
        "email. I'll post the next update by 15:00."
    )
    assert _codes(text, rules) == {"no-verification"}


# --- matching semantics, on rules built for the test ---------------------------------------------


def _rule(flag_when: Literal["present", "absent"], phrases: list[str], **extra: Any) -> InsightRule:
    return InsightRule(
        id="probe", name="Probe", message="m", flag_when=flag_when, phrases=phrases, **extra
    )


def _scenario(talking_points: list[str]) -> Scenario:
    return Scenario(
        id="probe",
        title="Probe",
        stage="metrics",
        prompt="p",
        context=["c"],
        strong_answer_points=["Checks the reopen rate weekly", "Names an owner"],
        red_flags=["r"],
        rubric="r",
        talking_points=talking_points,
    )


def _counts(text: str, rule: InsightRule) -> int:
    findings, _ = apply_rules(text, [rule])
    return findings[0].count if findings else 0


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Um, I took the umbrella.", 1),
        ("The maximum is 40. Summary: none.", 0),
        ("UM. Um? um!", 3),
        ("Umm, the drum.", 0),
    ],
)
def test_phrases_match_whole_words_only(text: str, count: int) -> None:
    assert _counts(text, _rule("present", ["um"])) == count


def test_hyphen_and_space_are_the_same_in_phrases_and_text() -> None:
    assert _counts("I'll send a follow up. Then a follow-up.", _rule("present", ["follow-up"])) == 2
    assert _counts("A spot-check and a spot  check.", _rule("present", ["spot check"])) == 2
    assert _counts("A spotcheck.", _rule("present", ["spot check"])) == 0


def test_talking_points_tolerate_plurals_and_ise_ize_spelling() -> None:
    scenario = _scenario(["macro", "test ticket", "authorisation", "prioritise", "hold queue"])
    text = "We fixed two macros, ran test tickets, voided authorizations and will prioritize."
    report = analyze(text, scenario, [])
    assert report.terms_found == ["macro", "test ticket", "authorisation", "prioritise"]
    assert report.terms_missing == ["hold queue"]
    # Terms are shown, but coverage counts points made: vocabulary alone earns nothing.
    assert report.coverage == 0.0


def test_rule_phrases_match_case_insensitively_but_not_other_inflections() -> None:
    rule = _rule("present", ["confirm"])
    assert _counts("CONFIRM it. Confirm it again.", rule) == 2
    assert _counts("She confirms it, confirmed, confirming.", rule) == 0


def test_unless_excuses_a_match_in_its_sentence_or_the_next_one_only() -> None:
    rule = _rule("present", ["it depends"], unless=["so i'd"])
    assert _counts("It depends on volume, so I'd add callbacks.", rule) == 0
    assert _counts("It depends on volume. So I'd add callbacks.", rule) == 0
    assert _counts("It depends on volume. Calls are up. So I'd add callbacks.", rule) == 1
    # An excuse does not reach back to an earlier sentence.
    assert _counts("So I'd add callbacks. It depends on volume.", rule) == 1


def test_with_any_must_be_in_the_same_sentence_as_the_phrase() -> None:
    rule = _rule("absent", ["i'll"], with_any=["tomorrow"], structure="Next step")
    flagged, structure = apply_rules("I'll send it. Tomorrow is fine.", [rule])
    assert [f.code for f in flagged] == ["probe"]
    assert structure[0].present is False and structure[0].quote is None

    flagged, structure = apply_rules("Calls are up. I'll send it tomorrow.", [rule])
    assert flagged == []
    assert structure[0].present is True and structure[0].quote == "I'll send it tomorrow."


def test_min_count_needs_that_many_matches_across_the_answer() -> None:
    rule = _rule("present", ["um", "basically", "you know"], min_count=3)
    assert apply_rules("Um, it was basically fine.", [rule])[0] == []
    [finding] = apply_rules("It was fine. Um, basically it was, you know, fine.", [rule])[0]
    assert finding.count == 3
    assert finding.quote == "Um, basically it was, you know, fine."


def test_quotes_are_one_line_and_trimmed() -> None:
    rule = _rule("present", ["it depends"])
    [finding] = apply_rules("Well  it\tdepends.\r\nSo.", [rule])[0]
    assert finding.quote == "Well it depends."

    long_sentence = "It depends " + "on many things " * 20 + "really."
    [finding] = apply_rules(long_sentence, [rule])[0]
    assert finding.quote is not None
    assert len(finding.quote) == QUOTE_LIMIT and finding.quote.endswith("…")
    assert "\n" not in finding.quote and finding.quote.startswith("It depends on many things")


def test_absent_rule_quotes_the_first_sentence_that_satisfies_it() -> None:
    rule = _rule("absent", ["verify"], structure="Verification")
    findings, [part] = apply_rules("I fix it.\nThen I verify it\nand verify again.", [rule])
    assert findings == []
    # A single line break is hard wrapping: the wrapped lines are one sentence.
    assert part.name == "Verification" and part.present
    assert part.quote == "Then I verify it and verify again."


def test_hard_wrapped_lines_join_but_blank_lines_and_list_items_split() -> None:
    assert sentences("I'll send the fix\nby Friday.") == ["I'll send the fix by Friday."]
    assert sentences("Context here\n\nNext part") == ["Context here", "Next part"]
    assert sentences("Plan:\n- reproduce it\n- verify it") == ["Plan:", "reproduce it", "verify it"]
    assert sentences("Steps:\n1. reproduce\n2) verify") == ["Steps:", "1. reproduce", "2) verify"]


def test_typographic_apostrophes_match() -> None:
    rule = _rule("absent", ["i'll"], with_any=["friday"])
    assert apply_rules("I’ll send the fix by Friday.", [rule])[0] == []


@pytest.mark.parametrize(
    ("text", "timed"),
    [
        ("I'll send the update at 3pm.", True),
        ("I'll send the update at 15:30.", True),
        ("I'll post it on the 17th.", True),
        ("I'll ship it on 2026-12-01.", True),
        ("I'll send the update soon.", False),
        ("I'll look at 3 tickets.", False),
    ],
)
def test_time_and_date_tokens(text: str, timed: bool) -> None:
    rule = _rule("absent", ["i'll"], with_any=["{time}", "{date}"])
    assert (apply_rules(text, [rule])[0] == []) is timed


def test_rules_can_be_limited_to_stages() -> None:
    content = load_content()
    email = next(s for s in content.scenarios.values() if s.stage == "writing-exercise")
    triage = next(s for s in content.scenarios.values() if s.stage == "live-troubleshooting")
    rule = _rule("present", ["kind regards"], stages=["writing-exercise"])
    text = "Kind regards, the support team."
    assert [f.code for f in analyze(text, email, [rule]).findings] == ["probe"]
    assert analyze(text, triage, [rule]).findings == []


def test_pace_only_where_it_means_something() -> None:
    from supportprep.practice.insights import analyze

    answer = " ".join(["word"] * 300)
    typed = analyze(answer, None, [], duration_seconds=240)  # 75 words a minute: live typing
    assert typed.words_per_minute == 75.0
    pasted = analyze(answer, None, [], duration_seconds=19)  # 951 words a minute: pasted
    assert pasted.words == 300 and pasted.words_per_minute is None
