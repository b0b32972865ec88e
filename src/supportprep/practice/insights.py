"""Offline feedback on what the user wrote: meaning for the points, patterns for the language.

What it reports
    - length and pace: words, and words per minute of the time used;
    - points: for each strong-answer point, whether the answer makes it, judged by meaning
      sentence by sentence, with the sentence that makes it as evidence (``practice.points``);
    - the scenario's own red flags, when a sentence says one by meaning and does not negate it
      (flags that name an absence, "No check that it held", are left to the rubric);
    - for behavioural stories, the shape of the candidate's *own* story (their part in the first
      person, numbers with a before and after, the result, what changed after); the scenario's
      sample story is an example, so its points are shown but do not make the coverage;
    - ``coverage`` (0-1): the share of points made (story parts for behavioural answers);
    - ``confidence``: how far to trust the judgement (short answers and points near the line make
      it less sure); the calibration note never accuses on a low-confidence judgement;
    - structure and language findings from the pack's insight rules (see ``InsightRule``).

Finding codes in the core pack: ``hedge``, ``blame``, ``filler``, ``vague-ownership``,
``no-next-step``, ``no-verification``, ``no-scope``, ``no-approach``. Packs may add or replace
rules by id.

Analysis is linear in the answer's length; answers over ``MAX_ANSWER_BYTES`` are refused.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import asdict, field
from functools import cache
from typing import Any, Literal

from supportprep.errors import UserError
from supportprep.packs.models import InsightRule, Point, Scenario
from supportprep.practice.patterns import TOKENS
from supportprep.practice.text import MAX_ANSWER_BYTES, Span, sentence_spans, sentences
from supportprep.records import record

__all__ = [
    "MAX_ANSWER_BYTES",
    "QUOTE_LIMIT",
    "AnswerTooLarge",
    "Insights",
    "analyze",
    "apply_rules",
    "calibration_note",
    "sentences",
]

QUOTE_LIMIT = 120
PLAUSIBLE_WPM = 200
"""Words a minute above which an answer cannot have been spoken or typed live."""
JUDGEMENT_VERSION = 2
"""Stored with each attempt: version 1 matched words, version 2 judges meaning. Calibration
compares self-scores only with judgements of the current kind."""

BEHAVIORAL_STAGE = "behavioral"
Confidence = Literal["low", "medium", "high"]


class AnswerTooLarge(UserError):
    pass


@record(frozen=True)
class Finding:
    code: str
    name: str
    message: str
    quote: str | None = None
    count: int = 1


@record(frozen=True)
class StructurePart:
    name: str
    code: str
    present: bool
    quote: str | None = None


@record(frozen=True)
class PointCoverage:
    point: str
    covered: bool
    evidence: str | None = None
    """The sentence of the answer that makes the point, verbatim; None when not made."""
    score: float = 0.0
    """How close the answer came, 0-1 (partial credit for display; ``covered`` decides)."""


@record(frozen=True)
class RedFlagHit:
    flag: str
    quote: str


@record
class Insights:
    words: int
    minutes: float | None
    words_per_minute: float | None
    terms_found: list[str] = field(default_factory=list)
    terms_missing: list[str] = field(default_factory=list)
    points: list[PointCoverage] = field(default_factory=list)
    points_are_example: bool = False
    """True for behavioural stories: the points describe a sample story, not the key."""
    story: list[StructurePart] = field(default_factory=list)
    coverage: float | None = None
    confidence: Confidence = "medium"
    structure: list[StructurePart] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    red_flags: list[RedFlagHit] = field(default_factory=list)
    judgement_version: int = JUDGEMENT_VERSION
    reactions: list[PointCoverage] = field(default_factory=list)
    """One per inject that arrived: its text, and whether what was written after it reacts."""

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_TOKEN = re.compile(r"\{[a-z]+\}")


def _phrase_regex(phrase: str, between: str = r"[\s-]+") -> str:
    pieces: list[str] = []
    for word in re.split(r"[\s-]+", phrase.strip()):
        if not word:
            continue
        token = _TOKEN.match(word)
        rest = word[token.end() :] if token else word
        piece = f"(?:{TOKENS[token.group()]})" if token and token.group() in TOKENS else ""
        if token and not piece:
            rest = word  # not a known token: match it literally
        if rest:
            body = re.escape(rest.lower())
            body = re.sub(r"is(?=ation|e$|ed$|ing$)", "i[sz]", body)
            piece += body.replace("'", "['’]")  # typographic apostrophes, as Word and macOS type
        pieces.append(piece)
    return between.join(pieces)


@cache
def _phrase_pattern(phrase: str, plural: bool = False) -> re.Pattern[str]:
    suffix = r"(?:s|es)?" if plural else ""
    return re.compile(rf"(?<![\w:]){_phrase_regex(phrase)}{suffix}(?![\w]|:\w)", re.IGNORECASE)


@cache
def _term_pattern(term: str) -> re.Pattern[str]:
    """A talking point: plurals tolerated, and punctuation between its words too, so "delayed
    not lost" is found in "delayed, not lost"."""
    body = _phrase_regex(term, between=r"[\s,;:–—-]+")
    return re.compile(rf"(?<![\w:]){body}(?:s|es)?(?![\w]|:\w)", re.IGNORECASE)


@cache
def _any_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a list of phrases, with the phrases that start with the same token
    sharing one copy of it. Compiling a few hundred token-laden phrases one by one cost 0.4 s
    per run, mostly parsing the same token again and again."""
    plain: list[str] = []
    by_token: dict[str, list[str]] = {}
    for phrase in phrases:
        stripped = phrase.strip()
        token = _TOKEN.match(stripped)
        if token is None or token.group() not in TOKENS or len(stripped) == token.end():
            plain.append(_phrase_regex(stripped))
            continue
        rest = stripped[token.end() :]
        joint = r"[\s-]+" if rest[0].isspace() or rest[0] == "-" else ""
        by_token.setdefault(token.group(), []).append(joint + _phrase_regex(rest))
    alternatives = [f"(?:{p})" for p in plain]
    for name, rests in by_token.items():
        alternatives.append(f"(?:(?:{TOKENS[name]})(?:{'|'.join(rests)}))")
    return re.compile(rf"(?<![\w:])(?:{'|'.join(alternatives)})(?![\w]|:\w)", re.IGNORECASE)


_QUOTED = re.compile(r'"[^"\n]{1,300}"|“[^”\n]{1,300}”')
"""A passage in double quotes: words reported ("I said 'I don't know yet'"), not the answer's
own voice."""


def _unquoted(sentence: str) -> str:
    """``sentence`` without its quoted passages: a story that reports what someone said (the
    candidate's honest "I don't know yet", a customer's "not my fault") is not the candidate
    hedging or blaming."""
    return _QUOTED.sub(" … ", sentence)


def _quote(sentence: str) -> str:
    one_line = " ".join(sentence.split())
    return one_line if len(one_line) <= QUOTE_LIMIT else one_line[: QUOTE_LIMIT - 1] + "…"


def _contains(sentence: str, phrases: Iterable[str]) -> bool:
    return _any_pattern(tuple(phrases)).search(sentence) is not None


def point_made(point: str, text: str) -> bool:
    """Whether ``text`` makes ``point``, judged as a strong-answer point is."""
    from supportprep.practice.points import judge

    if not text.strip():
        return False
    [judgement] = judge(sentence_spans(text), [Point(text=point)])
    return judgement.covered


def apply_rules(
    text: str, rules: Iterable[InsightRule]
) -> tuple[list[Finding], list[StructurePart]]:
    parts = sentences(text)
    findings: list[Finding] = []
    structure: list[StructurePart] = []
    for rule in rules:
        if rule.flag_when == "present":
            count = 0
            first: str | None = None
            for i, sentence in enumerate(parts):
                window = " ".join(parts[i : i + 2])
                matches = len(_any_pattern(tuple(rule.phrases)).findall(_unquoted(sentence)))
                if matches and rule.unless and _contains(window, rule.unless):
                    continue
                count += matches
                if matches:
                    first = first or sentence
            if count >= rule.min_count:
                findings.append(
                    Finding(rule.id, rule.name, rule.message, _quote(first or ""), count)
                )
        else:
            hit = next(
                (
                    s
                    for s in parts
                    if _contains(s, rule.phrases)
                    and (not rule.with_any or _contains(s, rule.with_any))
                ),
                None,
            )
            if rule.structure:
                structure.append(
                    StructurePart(
                        rule.structure, rule.id, hit is not None, _quote(hit) if hit else None
                    )
                )
            if hit is None:
                findings.append(Finding(rule.id, rule.name, rule.message))
    return findings, structure


def _applies(rule: InsightRule, stage: str) -> bool:
    if rule.stages and stage not in rule.stages:
        return False
    return stage not in rule.except_stages


# --- the shape of the candidate's own story (behavioural answers) -------------------------------

_FIRST_PERSON_ACT = re.compile(
    r"\b(?:I|I've|I'd)\s+(?!think\b|guess\b|feel\b|believe\b|mean\b|hope\b|was\s+told\b|"
    r"don't\b|didn't\s+know\b|can't\b|suppose\b|like\b|love\b)\w+"
)
_MY_DECISION = re.compile(r"\bmy\s+(?:decision|call|idea|proposal|fix|part|role|mistake)\b", re.I)
_NUMBER = re.compile(r"\d[\d,.]*%?|\$\d")
_BEFORE_AFTER = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?[$£€]?\d[\d,.]*\s*%?\s*\w*\s+(?:down\s+|up\s+)?to"
    r"\s+(?:about\s+|around\s+)?[$£€]?\d|\d[\d,.]*%?\s*(?:->|→|to)\s*[$£€]?\d"
    r"|\b(?:down|up|fell|dropped|rose|grew|cut|reduced|halved|doubled)\b[^.]*\d"
    r"|\d[^.]*\b(?:down|up)\s+(?:by|from)\b",
    re.IGNORECASE,
)
_RESULT = re.compile(
    r"\b(?:result|outcome|dropped|fell|rose|grew|cut|reduced|improved|increased|decreased|"
    r"halved|doubled|saved|went\s+(?:from|down|up)|came\s+down|came\s+back|recovered|closed|"
    r"cleared|shipped|launched|renewed|retained|won|lost|no\s+\w+\s+(?:older|longer|more)|"
    r"nothing\s+\w+\s+(?:older|longer)|never\s+(?:again|went|got)|zero|stayed)\b",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"\b(?:since\s+then|ever\s+since|from\s+then\s+on|going\s+forward|now\s+(?:i|we|every|the|"
    r"our)|today\s+i|these\s+days|still\s+(?:use|run|do|in\s+place)|became\s+(?:the|our)|"
    r"i\s+(?:learned|learnt|changed|now|still|always|would\s+now)|lesson|what\s+i\s+changed|"
    r"what\s+changed|next\s+(?:two|three|few|\d+)\s+\w+|for\s+the\s+next|afterwards|"
    r"(?:every|each)\s+(?:week|month|quarter|monday|tuesday|wednesday|thursday|friday)|"
    r"weekly|monthly|quarterly|rule\s+that|playbook|standard|process\s+(?:now|change))\b",
    re.IGNORECASE,
)

STORY_PARTS: tuple[tuple[str, str], ...] = (
    ("story-own-part", "Your part, in the first person"),
    ("story-numbers", "Numbers with a before and an after"),
    ("story-result", "The result"),
    ("story-after", "What changed after"),
)


def _story(spans: list[Span]) -> list[StructurePart]:
    texts = [" ".join(s.text.split()) for s in spans]

    def first(test: Any) -> str | None:
        return next((t for t in texts if test(t)), None)

    own = [t for t in texts if _FIRST_PERSON_ACT.search(t) or _MY_DECISION.search(t)]
    own_quote = own[0] if len(own) >= 2 else None
    # A change with its baseline ("from 19% to 11%") first; a relative change ("dropped 30%")
    # implies one.
    numbers = first(lambda t: _BEFORE_AFTER.search(t) and len(_NUMBER.findall(t)) >= 2) or first(
        lambda t: _BEFORE_AFTER.search(t) and _NUMBER.search(t)
    )
    # A result an interviewer can hold you to has a number in it.
    result = first(lambda t: _RESULT.search(t) and _NUMBER.search(t))
    after = first(lambda t: _AFTER.search(t))
    found = [own_quote, numbers, result, after]
    return [
        StructurePart(name, code, quote is not None, _quote(quote) if quote else None)
        for (code, name), quote in zip(STORY_PARTS, found, strict=True)
    ]


# --- the scenario's red flags -------------------------------------------------------------------

_NEGATED = re.compile(
    r"\b(?:not|never|no|won't|wouldn't|don't|didn't|can't|cannot|shouldn't|refuse|refused|"
    r"instead\s+of|rather\s+than|without|avoid|avoided|nor)\b|n't\b",
    re.IGNORECASE,
)
RED_FLAG_THRESHOLD = 0.75
"""Far above the points' bar. Strong answers talk about the same things a red flag names ("every
forum post", "the audit log") while doing the opposite, and word meaning cannot tell doing from
discussing; on the dev set's 24 strong answers 0.55 raised 9 red flags, 0.65 three, 0.75 one.
Calling out a red flag that is not there costs more trust than missing one."""


_ABSENCE = re.compile(
    r"^(?:no|none|never|nothing|leaves\s+out|leaves\s+no|omits|skips|forgets|misses|ignores|"
    r"fails\s+to|does\s+not|doesn't|without|not)\b",
    re.IGNORECASE,
)
"""A red flag that names something missing ("No check that it held", "Leaves out how App Store
subscribers cancel"). No sentence says an absence, and the sentence closest in meaning is the one
that does the thing: on the bundled example answers these flags were raised only on level-3 and
level-4 answers. The rubric and the points already judge what is missing."""


def _red_flags(spans: list[Span], scenario: Scenario) -> list[RedFlagHit]:
    from supportprep.practice.points import judge

    said = [f for f in scenario.red_flags if not _ABSENCE.match(f.strip())]
    flags = [Point(text=f) for f in said]
    hits = []
    for flag, verdict in zip(said, judge(spans, flags, RED_FLAG_THRESHOLD), strict=True):
        if verdict.covered and verdict.evidence and not _NEGATED.search(verdict.evidence):
            hits.append(RedFlagHit(flag, _quote(verdict.evidence)))
    return hits


def warm(rules: Iterable[InsightRule]) -> threading.Thread:
    """Load the word model and compile the rules' patterns in a daemon thread, so that the
    analysis after the user submits costs only the analysis (the drill starts this as the
    scenario appears)."""
    patterns = [
        tuple(phrases) for r in rules for phrases in (r.phrases, r.unless, r.with_any) if phrases
    ]

    def work() -> None:
        from supportprep.practice import points, semantic

        for phrases in patterns:
            _any_pattern(phrases)
        points.prepare()
        semantic.available()

    thread = threading.Thread(target=work, name="supportprep-warm-insights", daemon=True)
    thread.start()
    return thread


# --- the whole analysis -------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def check_size(text: str) -> None:
    size = len(text.encode("utf-8"))
    if size > MAX_ANSWER_BYTES:
        raise AnswerTooLarge(
            f"the answer is {size // 1000:,} KB; answers over {MAX_ANSWER_BYTES // 1000} KB "
            "are not analysed"
        )


def _confidence(report: Insights, semantic: bool) -> Confidence:
    """Low without the word model, or when a third of the points sit within 0.04 of the line;
    high when none does. A short answer is not a reason for doubt: it misses points plainly."""
    from supportprep.practice.points import THRESHOLD

    if not semantic:
        return "low"
    near = sum(1 for p in report.points if abs(p.score - THRESHOLD) < 0.04)
    if report.points and near * 3 > len(report.points):
        return "low"
    return "high" if near == 0 else "medium"


def analyze(
    text: str,
    scenario: Scenario | None,
    rules: Iterable[InsightRule],
    *,
    duration_seconds: float | None = None,
    reactions: Iterable[tuple[str, str, str]] = (),
) -> Insights:
    """Analyse ``text``; raises ``AnswerTooLarge`` (a ``UserError``) over the size limit.

    ``reactions``: for each inject that arrived, its text, what a reaction shows, and the text
    written after it; each is judged like a strong-answer point and counts in the coverage."""
    check_size(text)
    word_count = len(_WORD.findall(text))
    minutes = duration_seconds / 60 if duration_seconds else None
    wpm = round(word_count / minutes, 1) if minutes else None
    if wpm is not None and wpm > PLAUSIBLE_WPM:
        # Faster than anyone speaks or types: the answer was pasted, so a pace means nothing.
        wpm = None
    if scenario is not None:
        rules = [r for r in rules if _applies(r, scenario.stage)]
    findings, structure = apply_rules(text, rules)
    report = Insights(
        words=word_count,
        minutes=round(minutes, 2) if minutes else None,
        words_per_minute=wpm,
        structure=structure,
        findings=findings,
    )
    if scenario is None:
        report.confidence = "low"  # language checks only; no points to judge
        return report
    from supportprep.practice import semantic
    from supportprep.practice.points import judge

    for term in scenario.talking_points:
        found = _term_pattern(term).search(text) is not None
        (report.terms_found if found else report.terms_missing).append(term)
    spans = sentence_spans(text)
    report.points = [
        PointCoverage(j.point, j.covered, j.evidence, j.score)
        for j in judge(spans, scenario.points())
    ]
    report.reactions = [
        PointCoverage(inject, point_made(listens_for, after))
        for inject, listens_for, after in reactions
    ]
    report.red_flags = _red_flags(spans, scenario)
    if scenario.stage == BEHAVIORAL_STAGE:
        report.points_are_example = True
        report.story = _story(spans)
        parts = report.story
        report.coverage = round(sum(p.present for p in parts) / len(parts), 2)
    elif report.points or report.reactions:
        judged = report.points + report.reactions
        report.coverage = round(sum(p.covered for p in judged) / len(judged), 2)
    report.confidence = _confidence(report, semantic.available())
    return report


CALIBRATION_HIGH = 70.0
CALIBRATION_LOW = 50.0


def calibration_note(score: float, insights: Insights) -> str | None:
    """A nudge when the self-score and the insights disagree, so users learn to score honestly.

    Only on a judgement that is not low-confidence. High self-score (70+) but under 40% of the
    points made (or story parts told), or three or more findings: "check again". Low self-score
    (under 50) with 70%+ made and at most one finding: "you may be selling yourself short". The
    note says how sure the judgement is.
    """
    if insights.confidence == "low":
        return None
    coverage = insights.coverage
    issues = len(insights.findings) + len(insights.red_flags)
    what = "story parts" if insights.story else "strong-answer points"
    sure = "fairly sure" if insights.confidence == "high" else "not certain"
    if score >= CALIBRATION_HIGH and ((coverage is not None and coverage < 0.4) or issues >= 3):
        detail = []
        if coverage is not None:
            detail.append(f"makes {coverage:.0%} of the {what}")
        if issues:
            detail.append(f"raised {issues} finding{'s' if issues != 1 else ''}")
        return (
            f"You scored yourself {score:.0f}, but the answer {' and '.join(detail)} (the insights "
            f"are {sure}). Reread it against the level anchors: would an interviewer agree?"
        )
    if score < CALIBRATION_LOW and coverage is not None and coverage >= 0.7 and issues <= 1:
        return (
            f"You scored yourself {score:.0f}, yet the answer makes {coverage:.0%} of the {what} "
            f"with few flags (the insights are {sure}). You may be underrating it; check the "
            "anchors again."
        )
    return None
