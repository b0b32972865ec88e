"""The planning ``Prompter`` on a real terminal, with questionary.

Ctrl-C raises ``KeyboardInterrupt`` (``unsafe_ask``), which the app turns into "interrupted", so
a cancelled prompt never saves half an answer.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from supportprep.planning.prompter import Choice, Validator


class QuestionaryPrompter:
    def text(self, message: str, *, default: str = "", validate: Validator | None = None) -> str:
        import questionary

        def check(value: str) -> bool | str:
            if validate is None:
                return True
            problem = validate(value)
            return True if problem is None else problem

        answer: str = questionary.text(message, default=default, validate=check).unsafe_ask()
        return answer

    def select(self, message: str, choices: Sequence[Choice], *, default: str) -> str:
        import questionary

        options = [questionary.Choice(c.label, value=c.value) for c in choices]
        initial = default if any(c.value == default for c in choices) else None
        answer: str = questionary.select(message, choices=options, default=initial).unsafe_ask()
        return answer

    def checkbox(
        self, message: str, choices: Sequence[Choice], *, checked: Collection[str] = ()
    ) -> list[str]:
        import questionary

        options = [
            questionary.Choice(c.label, value=c.value, checked=c.value in checked) for c in choices
        ]
        answer: list[str] = questionary.checkbox(message, choices=options).unsafe_ask()
        return answer

    def confirm(self, message: str, *, default: bool = False) -> bool:
        import questionary

        answer: bool = questionary.confirm(message, default=default).unsafe_ask()
        return answer
