"""Follow-ups that probe: what to ask first, what to hold back, and the "why?" chain.

An interviewer digs into what the answer skipped. A follow-up may name the strong-answer points
it probes (``probes``); with the insights' judgement of which points the main answer made:

1. follow-ups probing at least one missed point come first, in pack order;
2. then the follow-ups that probe nothing in particular, in pack order;
3. follow-ups whose points were all made are held back: the candidate can still ask for
   "one more", and gets them first, then a question on each missed point no follow-up probes.

Without a judgement (an answer given out loud) every follow-up is asked, in pack order.

A follow-up with ``why_chain: N`` then asks "why?" of the candidate's own last reply, up to N
times, quoting the sentence that carries its reasoning; an empty reply ends the chain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field

from supportprep.packs.models import FollowUp, Scenario
from supportprep.practice.insights import PointCoverage, sentences
from supportprep.records import record

QUOTE_WORDS = 24
WHY_SECONDS = 90
ONE_MORE_SECONDS = 120


@record
class FollowUpPlan:
    asked: list[FollowUp]
    held_back: list[FollowUp] = field(default_factory=list)
    unprobed_missed: list[str] = field(default_factory=list)
    """Missed strong-answer points no follow-up probes: material for "one more"."""

    def one_more(self) -> FollowUp | None:
        """The next extra follow-up, or None when there is nothing left to probe."""
        if self.held_back:
            return self.held_back.pop(0)
        if self.unprobed_missed:
            point = self.unprobed_missed.pop(0)
            return FollowUp(
                question=f"Your answer did not get to this: {point} How would you handle it?",
                time_limit_seconds=ONE_MORE_SECONDS,
                listens_for=point,
            )
        return None


def plan_follow_ups(scenario: Scenario, points: Sequence[PointCoverage] | None) -> FollowUpPlan:
    """Order the scenario's follow-ups by what the answer missed (``points``: the insights'
    per-point judgement of the main answer, in the scenario's order; None when unknown)."""
    if points is None:
        return FollowUpPlan(asked=list(scenario.follow_ups))
    missed = {i for i, p in enumerate(points, start=1) if not p.covered}
    first = [f for f in scenario.follow_ups if f.probes and missed & set(f.probes)]
    general = [f for f in scenario.follow_ups if not f.probes]
    held = [f for f in scenario.follow_ups if f.probes and not missed & set(f.probes)]
    probed = {p for f in scenario.follow_ups for p in f.probes}
    texts = scenario.point_texts()
    unprobed = [texts[i - 1] for i in sorted(missed) if i not in probed]
    return FollowUpPlan(asked=first + general, held_back=held, unprobed_missed=unprobed)


_REASON = re.compile(
    r"\b(because|so that|so we|since|first|priorit\w*|instead|rather than|before|over|"
    r"which means|decid\w*|would|will|I'd|I'll)\b",
    re.IGNORECASE,
)


def reasoning_sentence(reply: str) -> str | None:
    """The sentence of a reply that carries its claim: the last one that states a decision or a
    reason, else the last sentence. None for an empty reply."""
    parts = sentences(reply)
    if not parts:
        return None
    chosen = next((s for s in reversed(parts) if _REASON.search(s)), parts[-1])
    words = chosen.split()
    if len(words) > QUOTE_WORDS:
        chosen = " ".join(words[:QUOTE_WORDS]) + "…"
    return chosen


def why_question(reply: str, depth: int) -> FollowUp | None:
    """The "why?" asked of the candidate's own words, or None when the reply gives nothing to
    ask about (the chain ends)."""
    quote = reasoning_sentence(reply)
    if quote is None:
        return None
    ask = "Why?" if depth == 1 else "And why is that?" if depth == 2 else "Why does that hold?"
    return FollowUp(
        question=f"You said: “{quote}” {ask}",
        time_limit_seconds=WHY_SECONDS,
        listens_for="A reason that rests on evidence or a trade-off, not a restatement.",
    )
