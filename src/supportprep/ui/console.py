"""The consoles every command prints through, so colour and width rules live in one place."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_no_color = False
_TRAILING_SPACES = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)
"""Spaces at the end of a line, before any style codes that close it."""


def disable_color() -> None:
    """``--no-color``: rich's consoles, and prompt_toolkit's prompts (questionary's included),
    which read ``NO_COLOR`` themselves and would otherwise colour their choices."""
    global _no_color
    _no_color = True
    os.environ["NO_COLOR"] = "1"
    out.cache_clear()
    err.cache_clear()


def _color_off() -> bool:
    return _no_color or bool(os.environ.get("NO_COLOR"))


def _safe_console(**options: Any) -> Console:
    """A rich console that, as a last line of defence, drops terminal control codes from every
    piece of text it draws: views pass pack and user text through ``ui.text.plain``, and this
    catches the one that forgot. Only rich's own control segments (cursor moves) and the styles
    it renders are left to reach the terminal; markup is still the views' to escape."""
    from rich.console import Console
    from rich.segment import Segment

    from supportprep.text import terminal_safe

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            text = super()._render_buffer(
                segment
                if segment.control or segment.text.isprintable()
                else Segment(terminal_safe(segment.text), segment.style, segment.control)
                for segment in buffer
            )
            if self.is_terminal:
                return text
            # Piped or redirected, rich still pads every table and wrapped line to the width;
            # the spaces only get in the way of diff, grep and editors.
            return _TRAILING_SPACES.sub(r"\1", text)

    return SafeConsole(**options)


@cache
def out() -> Console:
    return _safe_console(no_color=_color_off(), highlight=False, soft_wrap=False)


@cache
def err() -> Console:
    return _safe_console(stderr=True, no_color=_color_off(), highlight=False)


@contextmanager
def screens(as_json: bool) -> Iterator[Console]:
    """Where an interactive command draws its screens and prompts: the terminal's stdout, or
    with ``--json`` its stderr, so stdout carries the JSON alone (``drill --json > out.json``
    still shows the drill, and the file holds only the result). prompt_toolkit's prompts,
    questionary's included, draw through the app session's output, set here for the block."""
    if not as_json:
        yield out()
        return
    import sys

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    with create_app_session(output=create_output(stdout=sys.stderr)):
        yield err()
