"""Pack and user text is data: it is shown literally, never as markup or terminal codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supportprep.text import terminal_safe

if TYPE_CHECKING:
    from rich.text import Text


def clean(text: str) -> str:
    """``text`` without terminal control characters or escape sequences."""
    return terminal_safe(text)


def plain(text: str) -> Text:
    """A rich ``Text`` that renders ``text`` literally: no markup, no control codes."""
    from rich.text import Text

    return Text(clean(text))
