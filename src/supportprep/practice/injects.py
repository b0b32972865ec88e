"""Injects: new facts that arrive on the answer clock while the candidate is still typing.

The feed holds no thread and never polls: whoever draws the answer screen asks it what has
arrived (``poll``), passing the text typed so far, and it records each inject the first time it is
seen, with the answer-clock time and how much had been typed, so the insights can judge the text
written after it. An inject due after the candidate submits is handed over then (``overdue``) and
answered on its own, as an interviewer would say "one more thing before you wrap up".
"""

from __future__ import annotations

from dataclasses import field

from supportprep.packs.models import Inject
from supportprep.practice.timer import Countdown
from supportprep.records import record


@record
class Arrival:
    inject: Inject
    arrived_at_seconds: float
    typed_before: int
    """How many characters of the answer were typed before it arrived."""
    during_answer: bool = True
    reply: str | None = None


@record
class InjectFeed:
    injects: list[Inject]
    countdown: Countdown
    arrivals: list[Arrival] = field(default_factory=list)

    def poll(self, typed: str = "") -> list[Arrival]:
        """Everything that has arrived by now, oldest first (recording what just arrived)."""
        elapsed = self.countdown.elapsed()
        for inject in self.injects[len(self.arrivals) :]:
            if inject.at_seconds > elapsed:
                break
            # On screen from the first redraw after it fell due (half a second at most), so
            # its due time is when the candidate saw it; a scripted clock may have jumped past.
            self.arrivals.append(Arrival(inject, float(inject.at_seconds), len(typed)))
        return list(self.arrivals)

    def overdue(self) -> list[Arrival]:
        """Hand over, now, the injects not yet due when the answer was submitted."""
        elapsed = self.countdown.elapsed()
        late = [
            Arrival(inject, round(elapsed, 1), 0, during_answer=False)
            for inject in self.injects[len(self.arrivals) :]
        ]
        self.arrivals.extend(late)
        return late

    def next_due(self) -> float | None:
        """Seconds until the next inject is due, or None when all have arrived."""
        if len(self.arrivals) >= len(self.injects):
            return None
        return max(0.0, self.injects[len(self.arrivals)].at_seconds - self.countdown.elapsed())


def text_after(answer: str, arrival: Arrival) -> str:
    """What the candidate wrote in reaction to an inject: the answer after it arrived, or the
    reply they gave when it was handed over after they submitted."""
    if not arrival.during_answer:
        return arrival.reply or ""
    return answer[arrival.typed_before :]
