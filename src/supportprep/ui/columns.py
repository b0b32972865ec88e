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
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.style import Style

GAP = 3
"""Spaces between columns (rich's table padding on both sides, plus the divider's space)."""
MIN_LAST = 12
"""The last column never gets narrower than this; on a tiny terminal the row overflows."""


def cells(text: str) -> int:
    """The terminal columns ``text`` takes (one a character for ASCII, the common case)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal cells, at spaces; a line break in
    ``text`` is kept, and a word wider than a whole line is cut where it must be."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        used = 0
        for word in paragraph.split():
            size = cells(word)
            while size > width:  # a word longer than the row: fill the row, go on
                if line:
                    lines.append(line)
                    line, used = "", 0
                cut = _fit(word, width)
                lines.append(word[:cut])
                word = word[cut:]
                size = cells(word)
            if not line:
                line, used = word, size
            elif used + 1 + size <= width:
                line = f"{line} {word}"
                used += 1 + size
            else:
                lines.append(line)
                line, used = word, size
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
) -> Grid:
    """A table: ``header`` over a rule, then each row's fixed cells (text, style) in columns of
    the ``fixed`` widths and its parts wrapped in the last column, which takes the rest of
    ``width``. Drawn as rich's ``SIMPLE_HEAD`` table without edge padding is, so the look does
    not change: a blank line, the header, a rule, the rows, a blank line."""
    last = max(width - 1 - sum(fixed) - GAP * len(fixed) - 1, MIN_LAST)
    indent = " " * (1 + sum(fixed) + GAP * len(fixed))
    gap = " " * GAP
    lines: list[list[tuple[str, str]]] = [[]]
    heading: list[tuple[str, str]] = [(" ", "")]
    for name, size in zip(header, fixed, strict=False):
        heading += [(name.ljust(size), "bold"), (gap, "")]
    lines += [[*heading, (header[-1], "bold")], [(" " + "─" * (width - 2), "")]]
    for cells_, parts in rows:
        wrapped = [
            (line, part.style) for part in parts for line in wrap(terminal_safe(part.text), last)
        ] or [("", "")]
        for number, (text, style) in enumerate(wrapped):
            if number == 0:
                first: list[tuple[str, str]] = [(" ", "")]
                for (cell, cell_style), size in zip(cells_, fixed, strict=True):
                    first += [(terminal_safe(cell).ljust(size), cell_style), (gap, "")]
                lines.append([*first, (text, style)])
            else:
                lines.append([(indent, ""), (text, style)])
    lines.append([])
    return Grid(lines)


class Grid:
    """Lines already laid out, as (text, style) pieces: rich draws them as they are, with no
    measuring or wrapping of its own (print it with ``soft_wrap=True``)."""

    def __init__(self, lines: list[list[tuple[str, str]]]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        newline = Segment.line()
        styles: dict[str, Style] = {}
        for line in self.lines:
            for text, name in line:
                if not name:
                    yield Segment(text)
                    continue
                style = styles.get(name)
                if style is None:
                    style = styles[name] = console.get_style(name)
                yield Segment(text, style)
            yield newline
