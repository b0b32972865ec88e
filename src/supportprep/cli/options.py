"""Options and checks that many commands share, declared once so they read the same everywhere.

Only typer and typing are imported here: every command module imports this at start-up.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
RoleOption = Annotated[
    str | None,
    typer.Option("--role", help="Target role id; defaults to the profile's.", metavar="ROLE"),
]
VariantOption = Annotated[
    str | None,
    typer.Option(
        "--variant",
        help="What the role really is (variant id); defaults to the profile's.",
        metavar="VARIANT",
    ),
]
IndustryOption = Annotated[
    str | None,
    typer.Option("--industry", help="Industry id; defaults to the profile's.", metavar="INDUSTRY"),
]
InterviewDateOption = Annotated[
    str | None,
    typer.Option(
        "--interview-date",
        help="YYYY-MM-DD, or +N for N days from today; defaults to the profile's.",
        metavar="DATE",
    ),
]


def interactive() -> bool:
    """Whether questions can be asked: both ends are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()
