"""Does the answer make a strong-answer point? Judged by meaning, sentence by sentence.

For each point (and each alternative phrasing a pack gives it) and each passage of the answer
(one sentence, or two neighbouring sentences, since people spread a point over two), the score
is the *soft recall* of the point's content words in the passage (see ``semantic.soft_recall``).
A point is made when its best passage scores at least ``THRESHOLD`` **and** that passage commits
to what the point asks for: a point that asks for numbers needs a number, one that asks for a
date or cadence needs a time, one that asks for a named owner needs a name or the speaker.
Keyword-stuffed answers use the vocabulary and commit to nothing, so the second test is what
keeps them from being credited.

Measured on the labelled dev set (``../shared/eval``), designing on 8 of its 12 scenarios and
checking on the other 4: soft recall alone, threshold 0.38, credits keyword-stuffed answers for
about half their points; with the commitment test, none. Sentence-level cosine of mean-pooled
embeddings (WordLlama's intended use) separated paraphrases from misses far worse (median 0.43
against 0.25 to 0.4) because the function words dominate the mean. Exact lemma matching
(lemminflect) and fuzzy matching (rapidfuzz) added nothing the embeddings did not already give:
inflections and near-spellings sit close in the embedding space.

When the model is not installed (a source checkout without it) the same test runs with exact
word identity instead of cosine, which finds fewer paraphrases but never crashes.

Cost: one word-matrix product per point over the whole answer, then per-sentence maxima, so
time is linear in the answer's length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from supportprep.practice.text import Span, content_words
from supportprep.records import record

if TYPE_CHECKING:
    from supportprep.packs.models import Point

THRESHOLD = 0.38
"""Soft recall a passage needs (cosine-based); chosen on the dev set's design split."""
LEXICAL_THRESHOLD = 0.5
"""The same with exact word identity, when the model is missing: identical words score 1, so
the bar is the share of the point's words the passage repeats."""

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|hundred|thousand|million|half|dozen|double|twice|halve|triple"
)
_COMMIT_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)


@cache
def _commit_time() -> re.Pattern[str]:
    # The same notion of a time as the next-step rule: a clock time, day, date, deadline or
    # cadence; "first", "then" and "soon" are not times.
    from supportprep.practice.patterns import TOKENS

    return re.compile(rf"(?<![\w:])(?:{TOKENS['{time}']})(?![\w:])", re.IGNORECASE)


# What a point asks for, in the words point authors use for it.
_ASKS_NUMBER = re.compile(
    r"\d|\bhow\s+(?:many|much|old|long|big)\b|\bnumbers?\b|\bcounts?\b|\brates?\b|\bpercent|"
    r"\bamounts?\b|\bsizes?\b|\bbaselines?\b|\bquantif|\bhow\s+far\b",
    re.IGNORECASE,
)
_ASKS_TIME = re.compile(
    r"\b(?:dates?|deadlines?|by\s+when|when\b|daily|weekly|monthly|quarterly|cadence|timing|"
    r"timeline|time\s+(?:to|by|for|of)|(?:a|stated|specific|set|given|clock)\s+time|before\s+the\s+\d|by\s+the\s+\d|by\s+(?:monday|tuesday|"
    r"wednesday|thursday|friday))",
    re.IGNORECASE,
)


def prepare() -> None:
    """Compile the commitment patterns ahead of use (see ``insights.warm``)."""
    _commit_time()


_ASKS_OWNER = re.compile(
    r"\b(?:named\s+(?:person|owner|lead|contact)|an\s+owner|with\s+(?:the\s+)?owner|who\s+owns|"
    r"owner\s+and|names?\s+(?:the|an|who))\b",
    re.IGNORECASE,
)
# The speaker, or a person's name (a capitalised word inside the sentence, not its first word).
_COMMIT_OWNER = re.compile(r"\b(?:I|I'll|I'd|I've|me|my)\b|(?<=[a-z,:;–—-]\s)[A-Z][a-z]+")


@record(frozen=True)
class Judgement:
    point: str
    covered: bool
    evidence: str | None
    score: float
    """Best soft recall over the answer's passages, 0-1; shown as partial credit."""


def asks_for(text: str) -> frozenset[str]:
    """What a point asks the answer to commit to: ``number`` and/or ``time``."""
    asks = set()
    if _ASKS_NUMBER.search(text):
        asks.add("number")
    if _ASKS_TIME.search(text):
        asks.add("time")
    if _ASKS_OWNER.search(text):
        asks.add("owner")
    return frozenset(asks)


def commits_to(text: str) -> frozenset[str]:
    found = set()
    if _COMMIT_NUMBER.search(text):
        found.add("number")
    if _commit_time().search(text):
        found.add("time")
    if _COMMIT_OWNER.search(text):
        found.add("owner")
    return frozenset(found)


class _Answer:
    """The answer's content words as one matrix, with the column range of each sentence."""

    def __init__(self, spans: Sequence[Span], semantic: bool) -> None:
        self.spans = list(spans)
        self.words: list[str] = []
        self.bounds: list[tuple[int, int]] = []
        for span in self.spans:
            start = len(self.words)
            self.words += content_words(span.text)
            self.bounds.append((start, len(self.words)))
        self.semantic = semantic
        self.matrix: Any = None
        if semantic:
            from supportprep.practice import semantic as model

            self.matrix = model.word_matrix(self.words)
        self.commits = [commits_to(s.text) for s in self.spans]

    def per_sentence(self, point_words: list[str]) -> tuple[list[float], list[float]]:
        """Soft recall of the point in each sentence, and in each pair of neighbours (``i`` and
        ``i + 1``): per point word, its best similarity in the passage, averaged."""
        n = len(self.spans)
        if self.semantic:
            from supportprep.practice import semantic as model

            np = model.model().np
            if not self.words:
                return [0.0] * n, [0.0] * max(0, n - 1)
            sims = model.word_matrix(point_words) @ self.matrix.T
            starts = [min(a, len(self.words) - 1) for a, _ in self.bounds]
            best = np.maximum.reduceat(sims, starts, axis=1)  # one column per sentence
            best[:, [i for i, (a, b) in enumerate(self.bounds) if a == b]] = 0.0
            pairs = np.maximum(best[:, :-1], best[:, 1:])
            return best.mean(axis=0).tolist(), pairs.mean(axis=0).tolist()
        rows = [
            [1.0 if word in self.words[a:b] else 0.0 for a, b in self.bounds]
            for word in point_words
        ]
        single = [sum(r[i] for r in rows) / len(rows) for i in range(n)]
        pair = [sum(max(r[i], r[i + 1]) for r in rows) / len(rows) for i in range(n - 1)]
        return single, pair


def _judge_one(answer: _Answer, text: str) -> tuple[float, float, int | None]:
    """(best score, best committed score, sentence index of the committed best)."""
    words = content_words(text)
    if not words or not answer.spans:
        return 0.0, 0.0, None
    single, pair = answer.per_sentence(words)
    asks = asks_for(text)
    best = max([*single, *pair])
    best_committed = 0.0
    where: int | None = None
    for first, score in enumerate(single):
        if score > best_committed and asks <= answer.commits[first]:
            best_committed, where = score, first
    for first, score in enumerate(pair):
        if score <= best_committed:
            continue
        if not asks <= (answer.commits[first] | answer.commits[first + 1]):
            continue
        best_committed = score
        # Quote the sentence of the pair that says more of the point.
        where = first + 1 if single[first + 1] > single[first] else first
    return best, best_committed, where


def judge(
    spans: Sequence[Span], points: Sequence[Point], threshold: float | None = None
) -> list[Judgement]:
    """Judge every point against the answer's sentences (``spans``, from ``text.sentence_spans``).

    ``threshold`` overrides ``THRESHOLD`` (with the model; the word-identity bar is fixed).
    """
    from supportprep.practice import semantic as model

    semantic = model.available()
    if not semantic:
        threshold = LEXICAL_THRESHOLD
    elif threshold is None:
        threshold = THRESHOLD
    answer = _Answer(spans, semantic)
    results = []
    for point in points:
        best = 0.0
        committed = 0.0
        where: int | None = None
        for phrasing in (point.text, *point.also):
            b, c, w = _judge_one(answer, phrasing)
            best = max(best, b)
            if c > committed:
                committed, where = c, w
        covered = committed >= threshold and where is not None
        evidence = answer.spans[where].text if covered and where is not None else None
        results.append(Judgement(point.text, covered, evidence, round(min(best, 1.0), 2)))
    return results
