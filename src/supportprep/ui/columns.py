"""Rows of text in fixed columns, laid out by hand for long lists.

rich's ``Table`` measures and wraps every cell through its renderables, which for a checklist of
eighty items cost about 0.1 s: a third of a bare Typer app's start-up, on every run. These lists
need none of that (fixed narrow columns, one wrapped column last), so they are wrapped here and
drawn as one ``Text``, which rich prints without wrapping again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from supportprep.records import record
from supportprep.text import terminal_safe

if TYPE_CHECKING:
    from rich.text import Text

GAP = 3
"""Spaces between columns (rich's table padding on both sides, plus the divider's space)."""
MIN_LAST = 12
"""The last column never gets narrower than this; on a tiny terminal the row overflows."""


def cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal cells, at spaces; a line break in
    ``text`` is kept, and a word wider than a whole line is cut where it must be."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            while cells(word) > width:  # a word longer than the row: fill the row, go on
                if line:
                    lines.append(line)
                    line = ""
                cut = _fit(word, width)
                lines.append(word[:cut])
                word = word[cut:]
            if not line:
                line = word
            elif cells(line) + 1 + cells(word) <= width:
                line = f"{line} {word}"
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _fit(word: str, width: int) -> int:
    """How many characters of ``word`` fill ``width`` cells (at least one)."""
    used = 0
    for i, char in enumerate(word):
        used += cells(char)
        if used > width:
            return max(i, 1)
    return len(word)


@record(frozen=True)
class Part:
    """A piece of the last column: its text, wrapped on its own lines, in ``style``."""

    text: str
    style: str = ""


def grid(
    width: int,
    header: list[str],
    fixed: list[int],
    rows: list[tuple[list[tuple[str, str]], list[Part]]],
) -> Text:
    """A table: ``header`` over a rule, then each row's fixed cells (text, style) in columns of
    the ``fixed`` widths and its parts wrapped in the last column, which takes the rest of
    ``width``. Drawn as rich's ``SIMPLE_HEAD`` table without edge padding is, so the look does
    not change: a blank line, the header, a rule, the rows."""
    from rich.text import Text

    last = max(width - 1 - sum(fixed) - GAP * len(fixed) - 1, MIN_LAST)
    indent = " " * (1 + sum(fixed) + GAP * len(fixed))
    out = Text("\n", end="")
    out.append(" ")
    for name, size in zip(header, fixed, strict=False):
        out.append(name.ljust(size), style="bold")
        out.append(" " * GAP)
    out.append(header[-1], style="bold")
    out.append("\n " + "─" * (width - 2) + "\n")
    for cells_, parts in rows:
        lines = [
            (line, part.style) for part in parts for line in wrap(terminal_safe(part.text), last)
        ] or [("", "")]
        for number, (line, style) in enumerate(lines):
            if number == 0:
                out.append(" ")
                for (text, cell_style), size in zip(cells_, fixed, strict=True):
                    out.append(terminal_safe(text).ljust(size), style=cell_style)
                    out.append(" " * GAP)
            else:
                out.append(indent)
            out.append(line, style=style)
            out.append("\n")
    return out
