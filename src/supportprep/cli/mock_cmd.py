"""``supportprep mock``: the whole loop back to back, resumable, then a debrief with a verdict."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supportprep.cli.common import check_output, emit, targets_for, to_json
from supportprep.cli.options import (
    ForceFlag,
    IndustryOption,
    JsonFlag,
    NoSaveAnswerOpt,
    ReadingOpt,
    RoleOption,
    SpeakOpt,
    StrictOpt,
    TimeOption,
    VariantOption,
    answer_clock,
    interactive,
)

NOTHING_TO_RESUME = "no unfinished mock loop to resume; start one with `supportprep mock`"

if TYPE_CHECKING:
    from collections.abc import Callable

    from supportprep.packs.content import Content
    from supportprep.practice.mock import MockPlan
    from supportprep.practice.session import DrillOptions, DrillOutcome
    from supportprep.store.mock_loop import LoopState
    from supportprep.targets import Targets


def mock(
    ctx: typer.Context,
    industry: IndustryOption = None,
    role: RoleOption = None,
    variant: VariantOption = None,
    reading_time: ReadingOpt = 0,
    time: TimeOption = None,
    strict: StrictOpt = False,
    speak: SpeakOpt = False,
    no_save_answer: NoSaveAnswerOpt = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Also write the debrief as Markdown to this file.", dir_okay=False
        ),
    ] = None,
    plan: Annotated[
        bool,
        typer.Option(
            "--plan", help="Show the loop it would run (scenarios, times) without starting it."
        ),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Carry on with the unfinished loop at its next stage, same scenarios and options.",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Start without asking (an unfinished loop is resumed rather than replaced).",
        ),
    ] = False,
    force: ForceFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Run the whole hiring loop back to back, one timed stage after another, then a debrief.

    Each stage gets the scenario `supportprep next` ranks first for that stage and your profile.
    It shows the stages and the time they take, then asks to start. Ctrl-C in a stage offers to
    skip it, keep what you typed, or end the loop; `--resume` carries on where it stopped.
    """
    from supportprep.errors import UserError

    if not plan and not interactive(as_json):
        raise UserError(
            "mock is interactive and needs a terminal; --plan shows the loop without it"
        )
    if plan and resume:
        raise UserError("choose one of --plan and --resume")
    time_limit, untimed = answer_clock(time)
    if strict and untimed:
        raise UserError("--strict stops the answer when time is up; with --time off there is none")
    content, targets = targets_for(ctx, role=role, variant=variant, industry=industry)
    from supportprep.practice.session import DrillOptions

    # A mock runs like the room: the interviewer decides how far to probe, so no "one more".
    # --time sets every stage's main answer clock.
    options = DrillOptions(
        reading_seconds=reading_time,
        strict=strict,
        speak=speak,
        save_answer=not no_save_answer,
        one_more=False,
        time_limit=time_limit,
        untimed=untimed,
    )
    if plan:
        planned = _new_plan(content, targets, options)
        from supportprep.ui.mock_view import mock_plan_view

        emit(planned, as_json=as_json, human=lambda c: c.print(mock_plan_view(planned)))
        return
    # Found now, not after the whole loop: a report that cannot be written, or would replace a file.
    check_output(report, "--report", force=force)
    _run(content, targets, options, resume=resume, yes=yes, report=report, as_json=as_json)


def _new_plan(content: Content, targets: Targets, options: DrillOptions) -> MockPlan:
    from supportprep.practice.mock import plan_mock
    from supportprep.store.attempt import utcnow
    from supportprep.store.history import open_history

    with open_history() as history:
        attempts = history.summaries()
    return plan_mock(
        content,
        attempts,
        targets,
        utcnow(),
        reading_seconds=options.reading_seconds,
        options=options,
    )


def _saved_loop(*, required: bool) -> LoopState | None:
    """The unfinished loop, if any. A file that cannot be read is one line: an error with
    ``--resume``, otherwise a notice (a new loop then replaces it)."""
    from supportprep.errors import UserError
    from supportprep.store.mock_loop import load_loop

    try:
        loop = load_loop()
    except UserError as exc:
        if required:
            raise
        _notice(f"{exc}; starting a new loop, which replaces it")
        return None
    if loop is None and required:
        raise UserError(NOTHING_TO_RESUME)
    return loop


def _notice(message: str) -> None:
    from supportprep.ui.console import err
    from supportprep.ui.text import plain

    err().print(plain(f"supportprep: {message}"))


def _run(
    content: Content,
    targets: Targets,
    options: DrillOptions,
    *,
    resume: bool,
    yes: bool,
    report: Path | None,
    as_json: bool,
) -> None:
    from supportprep.errors import InterruptedTwice, Stopped, UserError
    from supportprep.practice.clock import SystemClock
    from supportprep.practice.debrief import build_debrief
    from supportprep.practice.mock import loop_options, new_loop, remaining_plan, run_mock
    from supportprep.store.history import open_history
    from supportprep.store.mock_loop import clear_loop
    from supportprep.store.profile import load_profile
    from supportprep.ui.console import screens
    from supportprep.ui.drill_view import result_view
    from supportprep.ui.mock_prompts import MockTerminalPrompter, confirm
    from supportprep.ui.mock_view import (
        debrief_markdown,
        debrief_view,
        loop_intro_view,
        resume_question,
    )
    from supportprep.ui.prompts import keep_work_on_termination

    with screens(as_json) as console:
        clock = SystemClock()
        company = load_profile().company
        saved = _saved_loop(required=resume)
        loop: LoopState | None = None
        planned: MockPlan | None = None
        if saved is not None and saved.finished:
            # Finished, but stopped before its file was removed: nothing is left to resume.
            if resume:
                raise UserError(NOTHING_TO_RESUME)
            saved = None
        if saved is not None:
            try:
                left = remaining_plan(content, saved, targets)
            except UserError as exc:
                if resume:
                    raise
                _notice(f"{exc}; starting a new loop, which replaces it")
            else:
                if resume or yes or confirm(resume_question(saved, len(left.stages))):
                    if options.time_limit is not None or options.untimed:
                        _notice(
                            "--time does not change a resumed loop: it keeps the clocks it "
                            "started with"
                        )
                    loop, planned, options = saved, left, loop_options(saved, options)
        if planned is None:
            planned = _new_plan(content, targets, options)
        console.print(loop_intro_view(planned, company=company, resumed=loop))
        if not yes and not confirm("Start?"):
            raise Stopped("mock loop not started")

        earlier: dict[int, DrillOutcome] = {}
        if loop is None:
            loop = new_loop(planned, clock.now(), options)
        else:
            earlier = _earlier(content, loop)
        with open_history() as history, keep_work_on_termination():
            run = run_mock(
                content,
                loop,
                MockTerminalPrompter(console, content, clock),
                clock,
                history,
                options,
                save=_saver(),
                earlier=earlier,
            )
        if not run.stopped:
            try:
                clear_loop()
            except UserError as exc:
                _notice(f"{exc}; the finished loop may be offered again")
        if run.last is not None and run.last.attempt is not None:
            console.print(result_view(content, run.last))
        debrief = build_debrief(
            content, run.results, story_gaps=_story_gaps(content), targets=targets, company=company
        )
        if as_json:
            from dataclasses import asdict

            typer.echo(to_json({"title": debrief.title, **asdict(debrief)}))
        else:
            console.print(debrief_view(content, debrief))
        if report is not None:
            from supportprep.store.files import write_output
            from supportprep.ui.text import plain

            when = clock.now().strftime("%Y-%m-%d %H:%M UTC")
            write_output(report, debrief_markdown(content, debrief, when), "--report")
            console.print(plain(f"Debrief written to {report}"))
        resume_hint = "`supportprep mock --resume` carries on with the stages left"
        if run.ended == "interrupted twice":
            raise InterruptedTwice(
                f"mock loop ended; the stage in progress was not kept; {resume_hint}"
            )
        if run.stopped:
            from supportprep.display import plural

            done = sum(1 for s in run.loop.stages if s.done)
            raise Stopped(
                f"mock loop stopped after {done} of {plural(len(run.loop.stages), 'stage')}; "
                f"{resume_hint}"
            )


def _earlier(content: Content, loop: LoopState) -> dict[int, DrillOutcome]:
    """The outcomes of the stages a resumed loop already did, from the history."""
    from supportprep.practice.mock import earlier_outcomes
    from supportprep.store.history import open_history

    wanted = {s.attempt_id for s in loop.stages if s.attempt_id}
    with open_history() as history:
        found = {
            a.id: a
            for scenario_id in {s.scenario_id for s in loop.stages if s.attempt_id}
            for a in history.attempts(scenario_id=scenario_id)
            if a.id in wanted
        }
    return earlier_outcomes(content, loop, found)


def _saver() -> Callable[[LoopState], None]:
    """Save the loop after each stage; a save that fails is said once and the loop goes on
    (every attempt is in the history already; only resuming would be lost)."""
    from supportprep.errors import UserError
    from supportprep.store.mock_loop import save_loop

    failed: list[str] = []

    def save(loop: LoopState) -> None:
        try:
            save_loop(loop)
        except UserError as exc:
            if not failed:
                failed.append(str(exc))
                _notice(f"{exc}; the loop goes on, but cannot be resumed if it stops")

    return save


def _story_gaps(content: Content) -> list[str]:
    """Story-bank slots and skills with no story, for the debrief; a damaged bank is reported,
    not fatal, since the mock itself is already saved."""
    from supportprep.errors import UserError
    from supportprep.planning.stories import story_gaps
    from supportprep.store.stories import load_stories

    try:
        return story_gaps(content, load_stories())
    except UserError as exc:
        _notice(f"story bank not read: {exc}")
        return []
