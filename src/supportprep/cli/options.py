"""Options and checks that many commands share, declared once so they read the same everywhere.

Only typer and typing are imported here: every command module imports this at start-up.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result as JSON, for scripts.")]
JsonFormatFlag = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
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
ForceFlag = Annotated[
    bool, typer.Option("--force", help="Replace the output file if it exists, without asking.")
]

# `profile set` sets these values rather than falling back to them, so its help says so.
SetRoleOption = Annotated[
    str | None, typer.Option("--role", help="Target role id.", metavar="ROLE")
]
SetVariantOption = Annotated[
    str | None,
    typer.Option("--variant", help="What the role really is: a variant id.", metavar="VARIANT"),
]
SetIndustryOption = Annotated[
    str | None, typer.Option("--industry", help="Industry id.", metavar="INDUSTRY")
]
SetInterviewDateOption = Annotated[
    str | None,
    typer.Option(
        "--interview-date", help="YYYY-MM-DD, or +N for N days from today.", metavar="DATE"
    ),
]


MAX_DURATION_SECONDS = 86_400.0  # an answer timed at more than a day is a typo


def finite_seconds(value: float | None) -> float | None:
    """``--duration``: a number of seconds, 0 to a day; nan passes a range check, so look."""
    import math

    if value is not None and not (math.isfinite(value) and 0 <= value <= MAX_DURATION_SECONDS):
        raise typer.BadParameter(f"{value} is not a number of seconds from 0 to 86400")
    return value


def answer_time(value: str | None) -> str | None:
    """``--time``: checked as it is parsed, so a typo is refused before the drill starts."""
    if value is not None:
        from supportprep.practice.timer import parse_limit

        try:
            parse_limit(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


def answer_clock(value: str | None) -> tuple[int | None, bool]:
    """What a ``--time`` value sets: the custom limit in seconds (None: the scenario's), and
    whether the answer is untimed."""
    if value is None:
        return None, False
    from supportprep.practice.timer import parse_limit

    limit = parse_limit(value)
    return limit, limit is None


TimeOption = Annotated[
    str | None,
    typer.Option(
        "--time",
        metavar="TIME",
        callback=answer_time,
        help="Your own answer clock instead of the scenario's: 5m, 90s, 1h, 1m30s, 4:30, or a "
        "bare number of minutes (12 = 12 minutes), 10s to 3h. 'off' is untimed: no countdown "
        "and no overtime, only how long you took. Follow-ups keep their own clocks unless off.",
    ),
]


def interactive(as_json: bool = False) -> bool:
    """Whether questions can be asked: both ends are a terminal. With ``--json`` the screens go
    to stderr (``ui.console.screens``), so stdout may be a file or a pipe."""
    shown = sys.stderr if as_json else sys.stdout
    return sys.stdin.isatty() and shown.isatty()


def worded(exc: Exception) -> str:
    """An error as the command line says it: the engine names a field (role, interview-date),
    the CLI names the flag the user typed, or the profile field the value came from."""
    from supportprep.actions import suggested
    from supportprep.practice.adaptive import NoScenarios
    from supportprep.targets import FieldError

    message = str(exc)
    action = suggested(exc)
    if action is not None:
        from supportprep.ui.commands import command

        message += f": `{command(action)}`"
    if isinstance(exc, FieldError):
        where = f"profile {exc.field}" if exc.from_profile else f"--{exc.field}"
        return f"{where}: {message}"
    if isinstance(exc, NoScenarios):
        return f"{message}; add a pack with `--pack PATH`"
    return message


# The drill's options, shared by `drill` and `mock`.
ReadingOpt = Annotated[
    int,
    typer.Option(
        "--reading-time",
        min=0,
        max=1800,
        metavar="SECONDS",
        help="A reading countdown before the answer clock starts, as some loops give.",
    ),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Stop the answer when time is up instead of overtime.")
]
SpeakOpt = Annotated[
    bool,
    typer.Option("--speak", help="Answer out loud: the clock runs until you press Enter."),
]
NoSaveAnswerOpt = Annotated[
    bool,
    typer.Option(
        "--no-save-answer", help="Save times and scores but not the text of your answers."
    ),
]
