"""Offline feedback on what the user wrote: deterministic rules, no network, no model.

What it reports
    - length and pace: words, and words per minute of the time used;
    - coverage: which of the scenario's talking-point terms appear (whole words, case-insensitive,
      plural and -ise/-ize tolerant), and which strong-answer points the answer seems to make (a
      point counts as made when at least half of its content words, compared on their first five
      letters, appear; an approximation meant to prompt a second look, not a grade);
    - ``coverage`` (0-1): the mean of term coverage and point coverage;
    - structure and language findings from the pack's insight rules (see ``InsightRule``).

Finding codes in the core pack: ``hedge``, ``blame``, ``filler``, ``vague-ownership``,
``no-next-step``, ``no-verification``, ``no-scope``, ``no-approach``. Packs may add or replace
rules by id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from supportprep.packs.models import InsightRule, Scenario

QUOTE_LIMIT = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!^\d\.)(?<!^\d\d\.)\s+")  # not after a list number
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOPWORDS = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "could",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "even",
        "every",
        "from",
        "further",
        "have",
        "having",
        "here",
        "into",
        "itself",
        "just",
        "more",
        "most",
        "must",
        "only",
        "other",
        "over",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "within",
        "would",
        "your",
        "yours",
        "before",
        "after",
        "what",
        "where",
        "whom",
        "whose",
        "make",
        "makes",
        "sure",
        "does",
        "says",
        "said",
        "each",
        "ones",
    ]
)


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    message: str
    quote: str | None = None
    count: int = 1


@dataclass(frozen=True)
class StructurePart:
    name: str
    code: str
    present: bool
    quote: str | None = None


@dataclass(frozen=True)
class PointCoverage:
    point: str
    covered: bool


@dataclass
class Insights:
    words: int
    minutes: float | None
    words_per_minute: float | None
    terms_found: list[str] = field(default_factory=list)
    terms_missing: list[str] = field(default_factory=list)
    points: list[PointCoverage] = field(default_factory=list)
    coverage: float | None = None
    structure: list[StructurePart] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# Tokens a rule phrase may be, for what no list of words can hold.
TOKENS = {
    "{time}": (
        r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"  # 3pm, 3:30 pm
        r"|\d{1,2}:\d{2}"  # 15:30
        r"|\d{3,4}\s*(?:utc|gmt|hrs)"  # 1500 UTC
    ),
    "{date}": r"\d{1,2}(?:st|nd|rd|th)|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?",
}


@cache
def _phrase_pattern(phrase: str, plural: bool = False) -> re.Pattern[str]:
    token = TOKENS.get(phrase.strip().lower())
    if token is not None:
        return re.compile(rf"(?<![\w:])(?:{token})(?![\w:])", re.IGNORECASE)
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip().lower()) if w]
    body = r"[\s-]+".join(words)
    body = re.sub(r"is(?=ation|e$|ed$|ing$)", "i[sz]", body)
    body = body.replace("'", "['’]")  # typographic apostrophes, as Word and macOS type them
    suffix = r"(?:s|es)?" if plural else ""
    return re.compile(rf"(?<![\w]){body}{suffix}(?![\w])", re.IGNORECASE)


# A sentence ends at . ! or ? and at a blank line or a new list item; other line breaks are
# hard wrapping (an editor's, or a terminal's) and join the lines they split.
_LIST_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")


def sentences(text: str) -> list[str]:
    parts = []
    for block in _LIST_BREAK.split(text):
        for raw in _SENTENCE_END.split(" ".join(block.splitlines())):
            cleaned = raw.strip(" \t-•*")
            if cleaned:
                parts.append(cleaned)
    return parts


def _quote(sentence: str) -> str:
    one_line = " ".join(sentence.split())
    return one_line if len(one_line) <= QUOTE_LIMIT else one_line[: QUOTE_LIMIT - 1] + "…"


def _contains(sentence: str, phrases: Iterable[str]) -> bool:
    return any(_phrase_pattern(p).search(sentence) for p in phrases)


def _stem(word: str) -> str:
    return word.lower().replace("’", "'")[:5]


def _content_words(text: str) -> set[str]:
    return {
        _stem(w)
        for w in _WORD.findall(text)
        if len(w) >= 4 and w.lower() not in _STOPWORDS and not w.isdigit()
    }


def _point_covered(point: str, answer_stems: set[str], answer_numbers: set[str]) -> bool:
    keys = _content_words(point) | set(re.findall(r"\d[\d.,%]*", point))
    if not keys:
        return False
    hits = sum(1 for k in keys if k in answer_stems or k in answer_numbers)
    return hits * 2 >= len(keys) and hits >= min(2, len(keys))


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
                for phrase in rule.phrases:
                    for _ in _phrase_pattern(phrase).finditer(sentence):
                        if rule.unless and _contains(window, rule.unless):
                            continue
                        count += 1
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


def analyze(
    text: str,
    scenario: Scenario | None,
    rules: Iterable[InsightRule],
    *,
    duration_seconds: float | None = None,
) -> Insights:
    words = len(_WORD.findall(text))
    minutes = duration_seconds / 60 if duration_seconds else None
    wpm = round(words / minutes, 1) if minutes else None
    if scenario is not None:
        rules = [r for r in rules if not r.stages or scenario.stage in r.stages]
    findings, structure = apply_rules(text, rules)
    report = Insights(
        words=words,
        minutes=round(minutes, 2) if minutes else None,
        words_per_minute=wpm,
        structure=structure,
        findings=findings,
    )
    if scenario is None:
        return report
    for term in scenario.talking_points:
        found = _phrase_pattern(term, plural=True).search(text) is not None
        (report.terms_found if found else report.terms_missing).append(term)
    stems = _content_words(text)
    numbers = set(re.findall(r"\d[\d.,%]*", text))
    report.points = [
        PointCoverage(p, _point_covered(p, stems, numbers)) for p in scenario.strong_answer_points
    ]
    shares = []
    if scenario.talking_points:
        shares.append(len(report.terms_found) / len(scenario.talking_points))
    if report.points:
        shares.append(sum(p.covered for p in report.points) / len(report.points))
    report.coverage = round(sum(shares) / len(shares), 2) if shares else None
    return report


CALIBRATION_HIGH = 70.0
CALIBRATION_LOW = 50.0


def calibration_note(score: float, insights: Insights) -> str | None:
    """A nudge when the self-score and the insights disagree, so users learn to score honestly.

    High self-score (70+) but low coverage (under 0.4) or three or more findings: "check again".
    Low self-score (under 50) with high coverage (0.7+) and at most one finding: "you may be
    selling yourself short".
    """
    coverage = insights.coverage
    issues = len(insights.findings)
    if score >= CALIBRATION_HIGH and ((coverage is not None and coverage < 0.4) or issues >= 3):
        detail = []
        if coverage is not None:
            detail.append(f"covered {coverage:.0%} of the talking points and strong-answer points")
        if issues:
            detail.append(f"raised {issues} finding{'s' if issues != 1 else ''}")
        return (
            f"You scored yourself {score:.0f}, but the answer {' and '.join(detail)}. "
            "Reread it against the level anchors: would an interviewer agree?"
        )
    if score < CALIBRATION_LOW and coverage is not None and coverage >= 0.7 and issues <= 1:
        return (
            f"You scored yourself {score:.0f}, yet the answer covered {coverage:.0%} of the "
            "points with few flags. You may be underrating it; check the anchors again."
        )
    return None
