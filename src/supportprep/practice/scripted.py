"""A prompter with the answers already in hand: the scriptable ``drill --answer-file`` path.

It drives the same session flow as the terminal, so a scripted attempt is scored and saved exactly
like an interactive one. Time is whatever ``--duration`` says the answer took (0 when not given);
the clock it runs on is a fake one that ends at the real "now". Calculation answers come from
``--calc`` (checked exactly as typed ones are); injects due within ``--duration`` count as
arrived while the answer was written (the whole file stands as written after them); later ones
are handed over with no reaction, since a script cannot type a second reply.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from supportprep.display import plural
from supportprep.packs.models import (
    Calculation,
    Criterion,
    ExampleAnswer,
    FollowUp,
    Scenario,
    Stage,
)
from supportprep.practice.clock import FakeClock
from supportprep.practice.injects import Arrival, InjectFeed
from supportprep.practice.insights import Insights
from supportprep.practice.session import Draft
from supportprep.practice.timer import Countdown
from supportprep.practice.workforce import Checked
from supportprep.store.attempt import Attempt

Rater = Callable[[Criterion, int, int], int]


class ScriptedPrompter:
    def __init__(
        self,
        answer: str,
        clock: FakeClock,
        *,
        duration_seconds: float,
        levels: dict[str, int] | None,
        red_flags: list[str],
        rater: Rater | None = None,
        calculations: Sequence[str] = (),
    ) -> None:
        self._answer = answer
        self._clock = clock
        self._duration = duration_seconds
        self._levels = levels
        self._red_flags = red_flags
        self._rater = rater
        self._calculations = list(calculations)
        self.report: Insights | None = None
        self.checked: list[Checked] = []

    def show_scenario(self, scenario: Scenario, stage: Stage, time_limit: int) -> None:
        return None

    def reading(self, countdown: Countdown) -> None:
        return None

    def answer(
        self,
        label: str,
        countdown: Countdown,
        *,
        strict: bool,
        draft: Draft,
        feed: InjectFeed | None = None,
    ) -> str:
        if label != "Your answer":
            return ""  # a reaction to a late inject: a script has none to give
        self._clock.advance(self._duration)
        if feed is not None:
            feed.poll("")  # the whole answer file stands as written after each arrival
        draft.text = self._answer
        return self._answer

    def speak(
        self, label: str, countdown: Countdown, *, strict: bool, feed: InjectFeed | None = None
    ) -> None:
        self._clock.advance(self._duration)
        if feed is not None:
            feed.poll("")

    def inject(self, arrival: Arrival) -> None:
        return None

    def calculate(
        self,
        index: int,
        total: int,
        calculation: Calculation,
        countdown: Countdown,
        parse: Callable[[str], float | date],
    ) -> float | date | None:
        text = self._calculations[index - 1] if index <= len(self._calculations) else ""
        # The command parsed every value before the run; an empty one is a skipped question.
        return parse(text) if text.strip() else None

    def calculation_result(self, checked: Checked) -> None:
        self.checked.append(checked)

    def one_more(self) -> bool:
        return False

    def follow_up(self, index: int, total: int, follow_up: FollowUp) -> None:
        return None

    def insights(self, report: Insights) -> None:
        self.report = report

    def rate(
        self, criterion: Criterion, index: int, total: int, *, reminders: Sequence[str] = ()
    ) -> int:
        if self._levels is not None:
            return self._levels[criterion.id]
        if self._rater is None:  # pragma: no cover - the command checks this first
            raise RuntimeError("no levels and no way to ask for them")
        return self._rater(criterion, index, total)

    def red_flags(self, flags: list[str]) -> list[str]:
        return [f for f in flags if f in self._red_flags]

    def keep_partial(self) -> bool:
        return False

    def reflect(self, question: str) -> str:
        return ""  # a scripted run has only the answer file; nothing to reflect with


class ScriptedGrader:
    """Levels already in hand for ``grade --answers`` and ``rescore --answers``: one group per
    round, in rubric order. Shows nothing; what was revealed is kept for the command's output."""

    def __init__(self, rounds: list[list[int]]) -> None:
        self._rounds = rounds
        self._round = -1
        self.revealed: list[object] = []

    def _next_round(self) -> None:
        self._round += 1

    def show_example(
        self, number: int, total: int, scenario: Scenario, example: ExampleAnswer
    ) -> None:
        self._next_round()

    def show_answer(self, attempt: Attempt, scenario: Scenario | None, now: datetime) -> None:
        self._next_round()

    def rate(self, criterion: Criterion, index: int, total: int) -> int:
        levels = self._rounds[self._round]
        if len(levels) != total:
            raise ValueError(
                f"round {self._round + 1}: expected {plural(total, 'level')} (one per criterion), "
                f"got {len(levels)}"
            )
        return levels[index - 1]

    def reveal(self, result: object) -> None:
        self.revealed.append(result)

    def reveal_rescore(self, result: object) -> None:
        self.revealed.append(result)


def parse_rounds(text: str) -> list[list[int]]:
    """``"3,2,4;2,2,1"`` (levels per criterion, rounds split by ``;``) to lists of levels;
    ValueError explains."""
    rounds = []
    for number, group in enumerate((g for g in text.split(";") if g.strip()), start=1):
        levels = []
        for part in (p.strip() for p in group.split(",")):
            if part not in ("1", "2", "3", "4"):
                raise ValueError(f"round {number}: a level is 1, 2, 3 or 4, not '{part}'")
            levels.append(int(part))
        rounds.append(levels)
    if not rounds:
        raise ValueError("no levels given; e.g. 3,2,4 for one round, 3,2,4;2,2,1 for two")
    return rounds
