"""The planning ``Prompter`` on a real terminal, with questionary.

Ctrl-C raises ``KeyboardInterrupt`` (``unsafe_ask``), which the app turns into "interrupted", so
a cancelled prompt never saves half an answer.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from supportprep.planning.prompter import Choice, Validator
from supportprep.ui.text import ARROW_HINT, YES_NO, question

TYPED = 12
"""Room kept after a text question for a short answer (a date, a number) on the same line."""


class QuestionaryPrompter:
    def text(self, message: str, *, default: str = "", validate: Validator | None = None) -> str:
        import questionary

        def check(value: str) -> bool | str:
            if validate is None:
                return True
            problem = validate(value)
            return True if problem is None else fit_one_line(problem)

        answer: str = questionary.text(
            question(message, reserve=TYPED + len(default)), default=default, validate=check
        ).unsafe_ask()
        return answer

    def select(self, message: str, choices: Sequence[Choice], *, default: str) -> str:
        import questionary

        options = [questionary.Choice(c.label, value=c.value) for c in choices]
        initial = default if any(c.value == default for c in choices) else None
        reserve = max([ARROW_HINT, *(len(c.label) for c in choices)])
        answer: str = questionary.select(
            question(message, reserve=reserve), choices=options, default=initial
        ).unsafe_ask()
        return answer

    def checkbox(
        self, message: str, choices: Sequence[Choice], *, checked: Collection[str] = ()
    ) -> list[str]:
        import questionary

        options = [
            questionary.Choice(c.label, value=c.value, checked=c.value in checked) for c in choices
        ]
        answer: list[str] = questionary.checkbox(
            question(message, reserve=ARROW_HINT), choices=options
        ).unsafe_ask()
        return answer

    def confirm(self, message: str, *, default: bool = False) -> bool:
        import questionary

        answer: bool = questionary.confirm(
            question(message, reserve=YES_NO), default=default
        ).unsafe_ask()
        return answer


def fit_one_line(problem: str, width: int | None = None) -> str:
    """A prompt's error as it fits the terminal: the error bar is one line, and prompt_toolkit
    cuts what does not fit. Too long, the remedy after "; " goes (the question itself says
    what to type); still too long, the end is marked as cut."""
    import shutil

    room = (width or shutil.get_terminal_size().columns) - 1
    if len(problem) <= room:
        return problem
    problem = problem.split("; ", 1)[0]
    return problem if len(problem) <= room else problem[: max(1, room - 1)] + "…"
