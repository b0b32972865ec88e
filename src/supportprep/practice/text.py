"""Splitting an answer into sentences that can be quoted verbatim, and into content words."""

from __future__ import annotations

import re

from supportprep.records import record

MAX_ANSWER_BYTES = 100_000
"""Answers above this (UTF-8 bytes, about 15,000 words) are refused: no interview answer is that
long, and it bounds the time analysis can take."""

# A sentence ends at . ! or ? followed by space (not after a list number such as "1."), and at a
# blank line or a new list item; other line breaks are hard wrapping and do not end a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!^\d\.)(?<!^\d\d\.)(?<![\s(]\d\.)(?<![\s(]\d\d\.)\s+")
_LIST_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_LEAD = re.compile(r"^[\s\-•*]+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’%$&]*(?:[.,-][A-Za-z0-9%]+)*")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "even",
        "every",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "would",
        "you",
        "your",
        "yours",
        "make",
        "makes",
        "sure",
        "says",
        "said",
        "each",
        "ones",
        "let",
        "let's",
        "get",
        "got",
        "us",
        "way",
        "like",
        "really",
    ]
)


@record(frozen=True)
class Span:
    """A sentence: its text exactly as typed, and where it starts in the answer."""

    start: int
    text: str


def sentence_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    block_start = 0
    for block_end, next_start in [(m.start(), m.end()) for m in _LIST_BREAK.finditer(text)] + [
        (len(text), len(text))
    ]:
        pos = block_start
        block = text[block_start:block_end]
        for m in [*_SENTENCE_END.finditer(block), None]:
            end = m.start() if m else len(block)
            piece = block[pos - block_start : end] if pos - block_start <= end else ""
            lead = _LEAD.match(piece)
            offset = lead.end() if lead else 0
            cleaned = piece[offset:].rstrip()
            if cleaned:
                spans.append(Span(pos + offset, cleaned))
            if m:
                pos = block_start + m.end()
        block_start = next_start
    return spans


def sentences(text: str) -> list[str]:
    """Each sentence on one line (hard wraps joined), for matching phrases across a wrap."""
    return [" ".join(s.text.split()) for s in sentence_spans(text)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry meaning: no function words, no one-letter words."""
    found = []
    for word in _WORD.findall(text):
        lower = word.lower().replace("’", "'")
        if len(lower) > 1 and lower not in STOPWORDS:
            found.append(lower)
    return found
