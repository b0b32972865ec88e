"""Pack and user text is data: it is shown literally, never as markup or terminal codes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0 controls except tab and newline, DEL, and C1 controls (which include the 8-bit CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` without terminal control characters; an escape sequence shows as plain text."""
    return _CONTROL.sub("", text)


def plain(text: str) -> Text:
    """A rich ``Text`` that renders ``text`` literally: no markup, no control codes."""
    from rich.text import Text

    return Text(clean(text))
