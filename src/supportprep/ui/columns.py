"""Tables laid out by hand: the checklist, `history` and the `progress` series.

rich's ``Table`` measures and wraps every cell through its renderables, which for a checklist of
eighty items cost about 0.1 s (a third of a bare Typer app's start-up) and for a page of history
about 40 ms, on every run. These tables need none of that: columns as wide as their widest line,
one flexible column that wraps at spaces, so they are laid out here and drawn as ready-made
segments, which rich prints without measuring or wrapping again. The look is rich's
``SIMPLE_HEAD`` table's; a test compares the two line for line.
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
    """A piece of a cell: its text (a line break in it starts a new line), in ``style``."""

    text: str
    style: str = ""


@record(frozen=True)
class Column:
    """A column: its ``header``; a ``flex`` column takes the width the others leave and wraps
    its cells at spaces (one a table at most); the others are as wide as their widest line (at
    least ``min_width``, exactly ``width`` when given, cut short with … when a line is longer)
    and never wrap, unless ``wrap``: then, on a terminal too narrow for the flex column, they
    give up width and wrap at spaces. ``right``: the cells are aligned right."""

    header: str = ""
    flex: bool = False
    width: int | None = None
    min_width: int = 0
    right: bool = False
    wrap: bool = False


Cell = list[Part]
Line = list[tuple[str, str]]


def table(
    width: int,
    columns: list[Column],
    rows: list[list[Cell]],
    *,
    edge: bool = True,
    expand: bool = False,
) -> Grid:
    """Rows of cells under ``columns``, drawn as rich's ``SIMPLE_HEAD`` table without edge
    padding is: a blank line (with ``edge``), the header, a rule, the rows, a blank line (with
    ``edge``). Without ``edge`` the table starts at the first column, as rich draws it with
    ``show_edge=False``. The flex column is as wide as its longest line when that fits, or
    with ``expand`` always as wide as the terminal allows."""
    split = [[_lines(cell) for cell in row] for row in rows]
    sizes: list[int] = []
    for index, column in enumerate(columns):
        if column.width is not None:
            sizes.append(column.width)
            continue
        widest = max([cells(column.header), *(cells(t) for row in split for t, _ in row[index])])
        sizes.append(max(widest, column.min_width))
    flexes = [i for i, column in enumerate(columns) if column.flex]
    margin = 1 if edge else 0
    if flexes:
        flex = flexes[0]

        def room() -> int:
            others = sum(size for i, size in enumerate(sizes) if i != flex)
            return width - 2 * margin - others - GAP * (len(columns) - 1)

        # The widest give up width first.
        for index in sorted(range(len(columns)), key=lambda i: -sizes[i]):
            column = columns[index]
            short = MIN_LAST - room()
            if short > 0 and column.wrap and not column.flex:
                longest_word = max(
                    (
                        cells(word)
                        for row in split
                        for text, _ in row[index]
                        for word in text.split()
                    ),
                    default=1,
                )
                sizes[index] = max(sizes[index] - short, longest_word, cells(column.header))
                for row in split:
                    row[index] = _wrapped(row[index], sizes[index])
        sizes[flex] = max(room() if expand else min(room(), sizes[flex]), MIN_LAST)
        for row in split:
            row[flex] = _wrapped(row[flex], sizes[flex])
    total = 2 * margin + sum(sizes) + GAP * (len(columns) - 1)
    lead = " " * margin
    lines: list[Line] = [[]] if edge else []
    lines.append([(lead, ""), *_row([[(c.header, "bold")] for c in columns], columns, sizes, 0)])
    lines.append([(lead + "─" * (total - 2 * margin), "")])
    for row in split:
        for number in range(max(len(cell) for cell in row) or 1):
            lines.append([(lead, ""), *_row(row, columns, sizes, number)])
    if edge:
        lines.append([])
    return Grid(lines)


def _lines(cell: Cell) -> Line:
    """A cell's parts as lines: each part's text split at its line breaks, made safe."""
    return [(line, part.style) for part in cell for line in terminal_safe(part.text).split("\n")]


def _wrapped(lines: Line, width: int) -> Line:
    return [(text, style) for line, style in lines for text in wrap(line, width)]


def _row(row: list[Line], columns: list[Column], sizes: list[int], number: int) -> Line:
    """Line ``number`` of a row: each cell's line of that number (or nothing), padded to its
    column, the columns ``GAP`` apart; the last column unpadded."""
    out: Line = []
    last = len(columns) - 1
    for index, (cell, column, size) in enumerate(zip(row, columns, sizes, strict=True)):
        text, style = cell[number] if number < len(cell) else ("", "")
        used = cells(text)
        if used > size:
            text, used = _shorten(text, size), size
        pad = " " * (size - used)
        if column.right:
            out += [(pad, ""), (text, style)]
        elif index < last:
            out += [(text, style), (pad, "")]
        else:
            out.append((text, style))
        if index < last:
            out.append((" " * GAP, ""))
    return out


def _shorten(text: str, size: int) -> str:
    """``text`` cut to ``size`` cells, ending in … (rich's ellipsis overflow)."""
    if size <= 1:
        return "…"[:size]
    return text[: _fit(text, size - 1)] + "…"


def grid(
    width: int,
    header: list[str],
    fixed: list[int],
    rows: list[tuple[list[tuple[str, str]], list[Part]]],
) -> Grid:
    """A table with columns of the ``fixed`` widths, then a last column that takes the rest of
    ``width`` and wraps: each row is its fixed cells (text, style) and the last cell's parts."""
    columns = [*(Column(name, width=size) for name, size in zip(header, fixed, strict=False))]
    columns.append(Column(header[-1], flex=True))
    return table(
        width,
        columns,
        [
            [*([Part(text, style)] for text, style in fixed_cells), parts]
            for fixed_cells, parts in rows
        ],
        expand=True,
    )


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
