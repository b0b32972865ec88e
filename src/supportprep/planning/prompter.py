"""What the planning flows ask the user, as an interface.

The flows (profile setup, story entry, ticking the checklist) take a ``Prompter`` so they run in
tests with a scripted one; ``supportprep.ui.planning_prompts`` implements it with questionary.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple, Protocol

Validator = Callable[[str], str | None]
"""Returns an error message for a bad answer, or None when the answer is fine."""


class Choice(NamedTuple):
    value: str
    label: str


class Prompter(Protocol):
    def text(self, message: str, *, default: str = "", validate: Validator | None = None) -> str:
        """One line of text; ``default`` is returned when the user just presses Enter."""
        ...

    def select(self, message: str, choices: Sequence[Choice], *, default: str) -> str:
        """One of ``choices``; ``default`` is the value highlighted first."""
        ...

    def checkbox(
        self, message: str, choices: Sequence[Choice], *, checked: Collection[str] = ()
    ) -> list[str]:
        """Any number of ``choices``; the values in ``checked`` start ticked."""
        ...

    def confirm(self, message: str, *, default: bool = False) -> bool: ...
