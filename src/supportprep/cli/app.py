"""The ``supportprep`` command. Commands are thin: parse options, call one function, render.

Only typer is imported at start-up, and only the invoked command is built: typer turns every
registered function into a click command on each run (reading signatures and annotations), so
``run`` wires the one command named on the command line (all of them for ``--help``, completion or
an unknown name). Everything heavy is imported inside the command that needs it, so an everyday
command costs about what a bare Typer app's ``--help`` costs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supportprep import __version__
from supportprep.cli.state import State

if TYPE_CHECKING:
    from collections.abc import Callable


def _home(app: typer.Typer) -> None:
    from supportprep.cli import home

    home.register(app)


def _practice(app: typer.Typer) -> None:
    from supportprep.cli import mock_cmd, practice

    # In this order in --help; mock has a module of its own.
    app.command()(practice.drill)
    app.command()(mock_cmd.mock)
    app.command()(practice.analyze)


def _history(app: typer.Typer) -> None:
    from supportprep.cli import history

    history.register(app)


def _calibration(app: typer.Typer) -> None:
    from supportprep.cli import calibration_cmd

    calibration_cmd.register(app)


def _profile(app: typer.Typer) -> None:
    from supportprep.cli import profile_cmd

    app.add_typer(profile_cmd.app, name="profile")


def _checklist(app: typer.Typer) -> None:
    from supportprep.cli import checklist_cmd

    app.add_typer(checklist_cmd.app, name="checklist")


def _plan(app: typer.Typer) -> None:
    from supportprep.cli import planning

    app.command("plan")(planning.plan)


def _today(app: typer.Typer) -> None:
    from supportprep.cli import today_cmd

    today_cmd.register(app)


def _scenarios(app: typer.Typer) -> None:
    from supportprep.cli import scenarios_cmd

    app.add_typer(scenarios_cmd.app, name="scenarios")


def _stories(app: typer.Typer) -> None:
    from supportprep.cli import stories_cmd

    app.add_typer(stories_cmd.app, name="stories")


def _packs(app: typer.Typer) -> None:
    from supportprep.cli import packs

    app.add_typer(packs.app, name="packs")


# In the order --help lists the commands. One module may register several commands, so each
# name maps to the function that wires its module.
WIRING: list[tuple[tuple[str, ...], Callable[[typer.Typer], None]]] = [
    (("home",), _home),
    (("today",), _today),
    (("drill", "mock", "analyze"), _practice),
    (("history", "progress", "next", "export", "reset"), _history),
    (("grade", "rescore"), _calibration),
    (("profile",), _profile),
    (("checklist",), _checklist),
    (("scenarios",), _scenarios),
    (("plan",), _plan),
    (("stories",), _stories),
    (("packs",), _packs),
]
COMMANDS = {name: wire for names, wire in WIRING for name in names}
ROOT_FLAGS = {"--no-bundled", "--no-color"}
"""Root options without a value; ``--pack`` takes one."""


def make_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with only the module of command ``only`` wired."""
    app = typer.Typer(
        name="supportprep",
        help=(
            "Interview practice for Customer Support Manager, Support Operations Manager and "
            "Customer Operations Manager roles: timed mock stages, self-scoring rubrics, prep "
            "checklists and 30/60/90 plans."
        ),
        epilog=(
            "Run with no command for today's home screen. Exit codes: 0 done; 1 you stopped, a "
            "check failed, or the machine refused (disk full, read-only, no permission); 2 bad "
            "input (an option, a file or a pack); 130 Ctrl-C twice in a drill or mock; 129/143 "
            "closed or terminated (typed work kept)."
        ),
        no_args_is_help=False,
        invoke_without_command=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    if only is None:
        for _, wire in WIRING:
            wire(app)
    elif only:
        COMMANDS[only](app)
    app.callback()(root)
    return app


def command_named(argv: list[str]) -> str | None:
    """The command ``argv`` invokes: a name from ``COMMANDS``, ``""`` for none (the home screen),
    or None when every command must be built (help, version, completion, an unknown name)."""
    if "_SUPPORTPREP_COMPLETE" in os.environ:
        return None
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--pack":
            index += 2
        elif token.startswith("--pack=") or token in ROOT_FLAGS:
            index += 1
        elif token.startswith("-"):
            return None
        else:
            return token if token in COMMANDS else None
    return ""


def root_options_first(argv: list[str]) -> list[str]:
    """``argv`` with the root options given after the command (``drill --pack my-pack``) moved
    before it, where click reads them: the options stay defined once, on the root, and a user
    may write them on either side of the command. Nothing after ``--`` is touched."""
    command = command_named(argv)
    if not command:
        return argv
    start = argv.index(command) + 1
    moved: list[str] = []
    rest: list[str] = []
    index = start
    while index < len(argv):
        token = argv[index]
        if token == "--":
            rest += argv[index:]
            break
        if token == "--pack" and index + 1 < len(argv):
            moved += argv[index : index + 2]
            index += 2
            continue
        if token.startswith("--pack=") or token in ROOT_FLAGS:
            moved.append(token)
        else:
            rest.append(token)
        index += 1
    return [*moved, *argv[:start], *rest] if moved else argv


def _version(value: bool) -> None:
    if value:
        typer.echo(f"supportprep {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    pack: Annotated[
        list[Path] | None,
        typer.Option(
            "--pack",
            help=(
                "Also load the pack in this folder, after the bundled and user packs. "
                "Repeatable; before or after the command."
            ),
            metavar="PATH",
        ),
    ] = None,
    no_bundled: Annotated[
        bool,
        typer.Option(
            "--no-bundled",
            help="Leave out the bundled content: only user packs and --pack packs.",
        ),
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour in the output (NO_COLOR works too).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    if no_color:
        from supportprep.ui import console

        console.disable_color()
    ctx.obj = State(extra_packs=list(pack or []), include_bundled=not no_bundled)
    if ctx.invoked_subcommand is None:
        from supportprep.cli import home

        home.home(ctx)


def main() -> None:
    """Console-script entry point."""
    sys.exit(run(sys.argv[1:]))


def run(argv: list[str]) -> int:
    """Run the app on ``argv`` and turn every failure into one line on stderr and an exit code:
    0 ok, 1 stopped by the user (Ctrl-C included), a failed check or the machine refused, 2 bad
    input, 70 a bug, 130 Ctrl-C again at "keep or discard?" (or the mock's "what now?"), 128+N
    ended by signal N (SIGTERM, SIGHUP) after keeping the typed work."""
    from typer._click.exceptions import ClickException, UsageError  # typer's own click

    from supportprep.errors import (
        EXIT_BAD_INPUT,
        EXIT_STOPPED,
        InterruptedTwice,
        Stopped,
        Terminated,
        UserError,
        refused,
    )

    if any("\x00" in arg for arg in argv):
        # No path or value can hold a NUL (a shell cannot even pass one); click would fail on
        # it deep inside a path check, so it is refused here as bad input.
        return _fail("an argument holds a NUL character (\\0); remove it", EXIT_BAD_INPUT)
    try:
        # Not standalone: click's usage errors come here to be said in one line, not four.
        argv = root_options_first(argv)
        code = make_app(command_named(argv))(
            args=argv, prog_name="supportprep", standalone_mode=False
        )
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "supportprep"
        message = " ".join(exc.format_message().split())
        return _fail(f"{message} (see `{where} --help`)", EXIT_BAD_INPUT)
    except ClickException as exc:
        return _fail(" ".join(exc.format_message().split()), exc.exit_code)
    except typer.Abort:
        return _fail("stopped", EXIT_STOPPED)
    except UserError as exc:
        from supportprep.cli.options import worded

        return _fail(worded(exc), exc.exit_code)
    except Stopped as exc:
        return _fail(str(exc) or "stopped", EXIT_STOPPED)
    except InterruptedTwice as exc:
        return _fail(str(exc), exc.exit_code)
    except Terminated as exc:
        # The terminal may be gone (SIGHUP): saying so is best effort.
        with contextlib.suppress(OSError, ValueError):
            _fail("terminated; what was typed is kept as a partial attempt", exc.exit_code)
        return exc.exit_code
    except KeyboardInterrupt:  # outside a command (typer handles those inside one)
        return _fail("interrupted", EXIT_STOPPED)
    except Exception as exc:
        from supportprep.packs.errors import PackError
        from supportprep.text import terminal_safe

        if isinstance(exc, PackError):
            for issue in exc.issues:
                print(one_line(terminal_safe(str(issue))), file=sys.stderr)
            count = len(exc.issues)
            return _fail(f"{count} problem{'s' if count != 1 else ''} in the packs", EXIT_BAD_INPUT)
        if isinstance(exc, OSError):
            # A refusal the store did not name itself (disk full, read-only, permission) is
            # still the machine's answer, not a bug.
            error = refused(Path(exc.filename or "?"), "continue", exc)
            return _fail(str(error), error.exit_code)
        if os.environ.get("SUPPORTPREP_DEBUG"):
            raise
        return _fail(
            f"internal error: {type(exc).__name__}: {exc} "
            "(this is a bug; run with SUPPORTPREP_DEBUG=1 to see the details)",
            70,
        )
    if code == 130:
        # typer turns a KeyboardInterrupt into exit 130; one Ctrl-C is "you stopped" (exit 1),
        # as the README says. Ctrl-C twice in a drill raises InterruptedTwice (130) instead.
        return _fail("interrupted", EXIT_STOPPED)
    return code if isinstance(code, int) else 0


def one_line(text: str) -> str:
    """A message on one line: a value the user or a pack gave may hold line breaks."""
    return text.replace("\r", "").replace("\n", "\\n")


def _fail(message: str, code: int) -> int:
    from supportprep.text import terminal_safe

    # Messages quote file names, ids and values the user or a pack supplied.
    print(f"supportprep: {one_line(terminal_safe(message))}", file=sys.stderr)
    return code
