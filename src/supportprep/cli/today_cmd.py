"""``supportprep today``: tonight's session sized to the minutes there are, and "go"."""

from __future__ import annotations

from typing import Annotated

import typer

from supportprep.cli.common import attempts_or_warn, emit, rescore_offer, targets_for, today
from supportprep.cli.options import JsonFlag, interactive


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("today")(today_cmd)


def today_cmd(
    ctx: typer.Context,
    minutes: Annotated[
        int | None,
        typer.Option(
            "--minutes",
            "-m",
            min=5,
            max=600,
            metavar="N",
            help=(
                "How many minutes you have tonight; remembered for the next evening and the "
                "home screen (60 until you choose)."
            ),
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Tonight's session for the time you have: a blind re-score of an earlier answer when one
    is ready, reviews that are due, one drill on your weakest skill, and today's checklist items,
    in order, with the minutes each takes.

    In a terminal it then asks whether to go, and runs the steps one after another: the
    re-score, each drill, then each checklist item with a question whether it is done (ticked if
    so).
    """
    from supportprep.planning.tonight import DEFAULT_MINUTES, build_tonight
    from supportprep.store.attempt import utcnow
    from supportprep.store.checklist import load_artifact, load_ticks
    from supportprep.store.evening import load_evening_minutes, save_evening_minutes
    from supportprep.store.profile import load_profile
    from supportprep.store.stories import load_stories

    content, targets = targets_for(ctx)
    if minutes is None:
        minutes = load_evening_minutes() or DEFAULT_MINUTES
    else:
        from supportprep.errors import UserError

        try:
            save_evening_minutes(minutes)
        except UserError as exc:
            # Tonight's plan is still worth showing on a read-only or full disk.
            from supportprep.ui.console import err
            from supportprep.ui.text import plain

            err().print(plain(f"supportprep: warning: {exc}; {minutes} minutes not remembered"))
    tonight = build_tonight(
        content,
        targets,
        today=today(),
        now=utcnow(),
        attempts=attempts_or_warn("tonight's session"),
        stories=load_stories(),
        ticks=set(load_ticks()),
        minutes=minutes,
        artifact=load_artifact(),
        company=load_profile().company,
        rescore=rescore_offer(content),
    )
    from supportprep.ui.tonight_view import render_tonight

    emit(tonight, as_json=as_json, human=lambda console: render_tonight(console, tonight))
    if as_json or not interactive() or not tonight.steps:
        return
    from supportprep.ui.console import out
    from supportprep.ui.planning_prompts import QuestionaryPrompter
    from supportprep.ui.tonight_view import run_tonight

    prompter = QuestionaryPrompter()
    if prompter.confirm("Go? (runs the steps one after another)", default=True):
        run_tonight(out(), content, tonight, prompter)
