"""Pack and user text is data: it is shown literally, never as markup or terminal codes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from supportprep.text import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.text import Text


def clean(text: str) -> str:
    """``text`` without terminal control characters or escape sequences."""
    return terminal_safe(text)


def plain(text: str) -> Text:
    """A rich ``Text`` that renders ``text`` literally: no markup, no control codes."""
    from rich.text import Text

    return Text(clean(text))


QUESTION_MARK = 2
"""questionary draws "? " before a question."""
ARROW_HINT = len("(Use arrow keys)")
"""What questionary adds after a select's question."""
YES_NO = len("(Y/n)")


def question(message: str, *, reserve: int = 16, width: int | None = None) -> str:
    """``message`` folded at word boundaries to the terminal, for a questionary prompt: the
    terminal would cut words in two. ``reserve`` keeps room on the last line for what
    questionary adds after the message (its "(Use arrow keys)", "(Y/n)", then the answer).
    Continuation lines are indented under the text after "? "."""
    import shutil
    import textwrap

    columns = width if width is not None else shutil.get_terminal_size().columns
    room = max(columns - QUESTION_MARK - 1, 20)
    reserve = min(reserve, room // 2)
    lines = textwrap.wrap(clean(" ".join(message.split())), room, break_on_hyphens=False) or [""]
    # Keep room on the last line: move its last words down until what follows fits.
    last = lines.pop().split(" ")
    tail: list[str] = []
    while len(last) > 1 and len(" ".join(last)) + 1 + reserve > room:
        tail.insert(0, last.pop())
    lines.append(" ".join(last))
    if tail:
        lines.append(" ".join(tail))
    return "\n  ".join(lines)


class FoldedId:
    """An id in a narrow table column: it breaks after a hyphen, never inside a word, because an
    id is what the user types back (``bh-hiring-`` / ``scaling-team``, not ``bh-hiring-sca`` /
    ``ling-team``). A single part longer than the column still folds, as a last resort."""

    def __init__(self, value: str, style: str = "") -> None:
        self.value = clean(value)
        self.style = style
        self.parts = re.findall(r"[^-]*-+|[^-]+$", self.value) or [self.value]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        longest = max(cell_len(part) for part in self.parts)
        return Measurement(longest, cell_len(self.value)).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.text import Text

        lines: list[str] = []
        line = ""
        for part in self.parts:
            if line and cell_len(line) + cell_len(part) > options.max_width:
                lines.append(line)
                line = part
            else:
                line += part
        lines.append(line)
        yield Text("\n".join(lines), style=self.style, overflow="fold")
