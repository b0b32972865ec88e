"""``supportprep`` with no command: the home screen, and a short setup on the first run."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from supportprep.cli.common import attempts_or_warn, emit, rescore_offer, run_interactive
from supportprep.cli.options import JsonFlag, interactive
from supportprep.cli.state import state

if TYPE_CHECKING:
    from rich.console import Console

    from supportprep.packs.content import Content


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(home)


def home(
    ctx: typer.Context,
    as_json: JsonFlag = False,
) -> None:
    """Today at a glance: days to the interview, what is due, the next drill, your skills.

    This is what `supportprep` with no command shows. On the first run (no profile, no history)
    in a terminal it asks four quick questions and offers a first drill.
    """
    from datetime import date

    from supportprep.store.attempt import utcnow
    from supportprep.store.profile import load_profile

    content = state(ctx).content()
    profile = load_profile()
    attempts = attempts_or_warn("the home screen")
    from supportprep.store.profile import profile_path

    # A profile file, even an empty one, means the questions were asked (and maybe skipped).
    first_time = profile.is_empty() and not attempts and not profile_path().exists()
    if not as_json and interactive() and first_time:
        if _first_run(content):
            return
        profile = load_profile()

    from supportprep.planning.home import build_home
    from supportprep.planning.tonight import DEFAULT_MINUTES
    from supportprep.store.checklist import load_artifact, load_ticks
    from supportprep.store.evening import load_evening_minutes
    from supportprep.store.stories import load_stories
    from supportprep.targets import resolve_targets

    today = date.today()
    targets = resolve_targets(content, profile, today=today)
    data = build_home(
        content,
        targets,
        today=today,
        now=utcnow(),
        attempts=attempts,
        stories=load_stories(),
        ticks=set(load_ticks()),
        artifact=load_artifact(),
        company=profile.company,
        rescore=rescore_offer(content),
        # The evening length last chosen with `today --minutes`, so both plan the same night.
        minutes=load_evening_minutes() or DEFAULT_MINUTES,
    )
    from supportprep.ui.home_view import home_view

    def human(console: Console) -> None:
        console.print(home_view(content, data))
        _offer_mock_resume(console)

    emit(data, as_json=as_json, human=human)


def _offer_mock_resume(console: Console) -> None:
    """An unfinished mock loop is named with how to carry on; a damaged one is one warning."""
    from supportprep.errors import UserError
    from supportprep.store.mock_loop import load_loop

    try:
        loop = load_loop()
    except UserError as exc:
        from supportprep.ui.console import err
        from supportprep.ui.text import plain

        err().print(plain(f"supportprep: warning: {exc}; `supportprep mock` starts a new loop"))
        return
    if loop is not None and not loop.finished:
        # Imported only then: the mock's views pull in the drill engine, which home never needs.
        from supportprep.ui.mock_view import resume_hint

        console.print(resume_hint(loop))


def _first_run(content: Content) -> bool:
    """Set up the profile; True when the user went on to a drill (the screen is theirs now)."""
    from datetime import date

    from supportprep.display import clock
    from supportprep.planning.home import first_run_setup
    from supportprep.practice.adaptive import pick_next
    from supportprep.practice.session import DrillOptions
    from supportprep.store.attempt import utcnow
    from supportprep.store.profile import save_profile
    from supportprep.ui.console import out
    from supportprep.ui.planning_prompts import QuestionaryPrompter

    console = out()
    console.print(
        "[bold]Welcome to supportprep.[/bold] Four quick questions so practice fits the job "
        "you are going for. Skip any of them; `supportprep profile` changes them later.\n"
    )
    prompter = QuestionaryPrompter()
    today = date.today()
    profile = first_run_setup(prompter, content, today)
    path = save_profile(profile)
    if profile.is_empty():
        console.print(
            "Skipped for now; these questions will not come back. "
            "`supportprep profile` sets them whenever you like.\n",
            markup=False,
        )
    else:
        console.print(f"Saved your profile to {path}.\n", markup=False)

    from supportprep.targets import resolve_targets

    targets = resolve_targets(content, profile, today=today)
    first = pick_next(content, [], targets, utcnow())
    scenario = content.scenarios[first.scenario_id]
    stage = content.stages[scenario.stage]
    if not prompter.confirm(
        f"Start your first drill now? “{scenario.title}” ({stage.name}, "
        f"{clock(content.time_limit(scenario))} to answer)",
        default=True,
    ):
        return False
    run_interactive(content, scenario, DrillOptions())
    return True
