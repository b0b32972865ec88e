"""Pack problems, each reported as one line a person can act on."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from supportprep.records import record
from supportprep.text import terminal_safe

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """``("scenarios", 3, "rubric")`` becomes ``scenarios[3].rubric``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        return os.path.relpath(path) if path.is_absolute() and _is_below_cwd(path) else str(path)
    except ValueError:  # different drive on Windows
        return str(path)


def _is_below_cwd(path: Path) -> bool:
    try:
        path.relative_to(Path.cwd())
    except ValueError:
        return False
    return True


@record(frozen=True)
class PackIssue:
    """One problem in one place: ``file:line:col: field: message``."""

    file: Path
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""

    def __post_init__(self) -> None:
        # Messages quote keys and values from the pack: never let them reach a terminal as
        # control codes (a shared pack could clear the screen or write the clipboard).
        object.__setattr__(self, "message", terminal_safe(self.message))
        object.__setattr__(self, "field", terminal_safe(self.field))

    def __str__(self) -> str:
        where = display_path(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return terminal_safe(f"{where}:{field} {self.message}")


class PackError(Exception):
    """One or more problems that stop the content from loading."""

    def __init__(self, issues: Sequence[PackIssue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))
