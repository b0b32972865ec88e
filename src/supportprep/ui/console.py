"""The consoles every command prints through, so colour and width rules live in one place."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

_no_color = False


def disable_color() -> None:
    global _no_color
    _no_color = True
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
