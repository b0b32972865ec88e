"""The consoles every command prints through, so colour and width rules live in one place."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

_no_color = False


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


@cache
def out() -> Console:
    from rich.console import Console

    return Console(no_color=_color_off(), highlight=False, soft_wrap=False)


@cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, no_color=_color_off(), highlight=False)
