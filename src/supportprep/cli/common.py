"""What the command modules share: the one way out (``emit``), today's date, the targets, the
attempts, and the timed drill on the terminal.

Command modules import this, ``options`` and ``state`` from ``cli/`` and nothing else there, so
commands never import each other (the layering test checks it). Heavy imports stay inside the
functions: every command module imports this at start-up.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import typer

from supportprep.cli.state import state

if TYPE_CHECKING:
    from datetime import date, datetime
    from pathlib import Path

    from rich.console import Console

    from supportprep.packs.content import Content
    from supportprep.packs.models import Scenario
    from supportprep.practice.session import DrillOptions
    from supportprep.store.attempt import Attempt, AttemptSummary, JudgedCriteria
    from supportprep.targets import Targets


def to_json(data: Any) -> str:
    """The JSON every command prints: indented, non-ASCII kept, records via ``to_jsonable()``."""
    from supportprep.text import terminal_safe_data
    from supportprep.ui.commands import with_commands

    if hasattr(data, "to_jsonable"):
        data = data.to_jsonable()
    data = with_commands(data)
    # Pack and user text is data: no control characters, not even as \u escapes.
    return json.dumps(terminal_safe_data(data), indent=2, ensure_ascii=False)


def emit(data: Any, *, as_json: bool, human: Callable[[Console], None] | None = None) -> None:
    """Hand a command's result to its one renderer: JSON of ``data`` for ``--json``, otherwise
    ``human`` drawing on the output console."""
    if as_json:
        typer.echo(to_json(data))
        return
    if human is not None:
        from supportprep.ui.console import out

        human(out())


def check_output(path: Path | None, option: str, *, force: bool) -> None:
    """Before any work: ``path`` can be written, and an existing file is replaced only with
    ``--force`` or a yes on a terminal (bad input, exit 2, without either)."""
    if path is None:
        return
    from supportprep.cli.options import interactive
    from supportprep.errors import Stopped
    from supportprep.store.files import OutputExists, check_output_path
    from supportprep.text import terminal_safe

    if not check_output_path(path, option) or force:
        return
    if interactive():
        if typer.confirm(f"{terminal_safe(str(path))} exists. Replace it?", default=False):
            return
        raise Stopped(f"{option}: {path} kept as it was; nothing written")
    raise OutputExists(f"{option}: {path} exists; choose another path or add --force")


def today() -> date:
    from datetime import date

    return date.today()


def check_format(value: str, choices: tuple[str, ...]) -> str:
    from supportprep.errors import UserError

    if value not in choices:
        raise UserError(f"--format: unknown format '{value}'; choose one of: {', '.join(choices)}")
    return value


def targets_for(
    ctx: typer.Context,
    *,
    role: str | None = None,
    variant: str | None = None,
    industry: str | None = None,
    interview_date: str | None = None,
) -> tuple[Content, Targets]:
    """The content and the targets: options first, then the profile, all checked."""
    from supportprep.store.profile import load_profile
    from supportprep.targets import resolve_targets

    content = state(ctx).content()
    targets = resolve_targets(
        content,
        load_profile(),
        today=today(),
        role=role,
        variant=variant,
        industry=industry,
        interview_date=interview_date,
    )
    return content, targets


def all_attempts(*, window: int = 200, schedule: bool = True) -> Sequence[AttemptSummary]:
    """Every attempt's facts (no answer texts), newest first, read as far as the rules ask
    (``HistoryFacts``: the newest ``window`` and, with ``schedule``, each scenario's schedule
    up front); a history that cannot be read is an error (exit 2)."""
    from supportprep.store.history import open_history

    with open_history() as store:
        return store.facts(window=window, schedule=schedule)


def whole_attempts(since: datetime | None = None) -> list[Attempt]:
    """Attempts with their answers and criteria, newest first, started at ``since`` or later:
    for what the column facts cannot tell (calibration, blind re-scores). A history that cannot
    be read is an error (exit 2)."""
    from supportprep.store.history import open_history

    with open_history() as store:
        return store.attempts(since=since)


def judged_criteria() -> list[JudgedCriteria]:
    """The criteria of attempts judged by meaning, newest first, without their answers: what
    calibration per criterion reads (``progress``). A history that cannot be read is an error."""
    from supportprep.store.history import open_history

    with open_history() as store:
        return store.judged_criteria()


def attempts_or_warn(what: str) -> Sequence[AttemptSummary]:
    """Every attempt's facts, newest first; a history that cannot be read is a warning and none,
    for screens that are still useful without it (``what`` names the screen)."""
    from supportprep.errors import UserError

    try:
        return all_attempts()
    except UserError as exc:
        from supportprep.ui.console import err
        from supportprep.ui.text import plain

        err().print(plain(f"supportprep: warning: {exc}; showing {what} without it"))
        return []


def run_interactive(
    content: Content, scenario: Scenario, options: DrillOptions, *, as_json: bool = False
) -> None:
    """A timed drill on the terminal, its result, and exit 1 if the user stopped it."""
    from supportprep.practice.clock import SystemClock
    from supportprep.practice.session import run_drill
    from supportprep.store.history import open_history
    from supportprep.ui.console import screens
    from supportprep.ui.prompts import TerminalPrompter, keep_work_on_termination

    clock = SystemClock()
    with screens(as_json) as console:
        prompter = TerminalPrompter(console, content, clock)
        with open_history() as history, keep_work_on_termination():
            outcome = run_drill(content, scenario, prompter, clock, history, options)
    finish_drill(content, outcome, as_json)


def finish_drill(content: Content, outcome: Any, as_json: bool) -> None:
    """Show a drill's outcome (``DrillOutcome``) and exit 1 when the user stopped it."""
    from supportprep.errors import Stopped

    if as_json:
        typer.echo(to_json(outcome))
    else:
        from supportprep.ui.console import out
        from supportprep.ui.drill_view import result_view

        console = out()
        console.print(result_view(content, outcome))
        if outcome.attempt is not None:
            console.print(
                "Saved to your history. See `supportprep progress`, or `supportprep next`."
            )
    if outcome.interrupted:
        kept = outcome.attempt is not None
        raise Stopped("stopped; partial attempt kept" if kept else "stopped; attempt discarded")


def rescore_offer(content: Content) -> Attempt | None:
    """The freshest answer ready for a blind re-score. Only typed, scored answers of the last two
    weeks are read whole, freshest first, until one qualifies (older answers are never offered);
    an unreadable record or history is a warning, and no offer."""
    from datetime import timedelta

    from supportprep.errors import UserError
    from supportprep.practice.calibration import RESCORE_AFTER, RESCORE_WITHIN, rescore_candidates
    from supportprep.store.attempt import utcnow
    from supportprep.store.calibration import load_calibration
    from supportprep.store.history import open_history

    now = utcnow()
    try:
        record = load_calibration()
        with open_history() as history:
            # The freshest that qualifies is offered: answers are read one by one, freshest
            # first, until one does (a drill started a little before the window may have
            # finished inside it).
            for attempt in history.kept_answers(
                started_from=now - RESCORE_WITHIN - timedelta(days=1),
                finished_by=now - RESCORE_AFTER,
                rubrics=content.rubrics.keys(),
                skip=[rescore.attempt for rescore in record.rescores],
            ):
                if rescore_candidates(content, [attempt], record, now):
                    return attempt
    except UserError as exc:
        from supportprep.ui.console import err
        from supportprep.ui.text import plain

        err().print(plain(f"supportprep: warning: {exc}; no blind re-score offered"))
    return None
