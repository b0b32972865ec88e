"""``supportprep drill`` and ``supportprep analyze``: timed practice with self-scoring."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supportprep.cli.common import (
    finish_drill,
    run_interactive,
    targets_for,
    to_json,
)
from supportprep.cli.options import (
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
    finite_seconds,
    interactive,
)
from supportprep.cli.state import state

if TYPE_CHECKING:
    from supportprep.packs.content import Content
    from supportprep.packs.models import Scenario
    from supportprep.practice.session import DrillOptions, DrillOutcome
    from supportprep.targets import Targets

SeedOpt = Annotated[
    int | None, typer.Option("--seed", help="Seed for random picks (repeatable runs).", hidden=True)
]


def drill(
    ctx: typer.Context,
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Drill this scenario id.")
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Only scenarios of this stage id.")
    ] = None,
    industry: IndustryOption = None,
    role: RoleOption = None,
    variant: VariantOption = None,
    random_pick: Annotated[
        bool,
        typer.Option("--random", help="Pick at random among the scenarios that fit your profile."),
    ] = False,
    next_pick: Annotated[
        bool,
        typer.Option(
            "--next", help="Drill what `supportprep next` recommends (of --stage, when given)."
        ),
    ] = False,
    reading_time: ReadingOpt = 0,
    time: TimeOption = None,
    strict: StrictOpt = False,
    speak: SpeakOpt = False,
    no_save_answer: NoSaveAnswerOpt = False,
    answer_file: Annotated[
        Path | None,
        typer.Option(
            "--answer-file",
            help="Scripted run: read the answer from this file (- for stdin) instead of typing.",
            dir_okay=False,
        ),
    ] = None,
    scores: Annotated[
        str | None,
        typer.Option(
            "--scores",
            metavar="LEVELS",
            help="Scripted run: your level 1-4 per rubric criterion, in rubric order, e.g. 3,2,4.",
        ),
    ] = None,
    red_flags: Annotated[
        str | None,
        typer.Option(
            "--red-flags",
            metavar="NUMBERS",
            help="Scripted run: the scenario's red flags you showed, by number, e.g. 1,3.",
        ),
    ] = None,
    duration: Annotated[
        float | None,
        typer.Option(
            "--duration",
            callback=finite_seconds,
            metavar="SECONDS",
            help="Scripted run: how long the answer took, to record time and overtime.",
        ),
    ] = None,
    calc: Annotated[
        list[str] | None,
        typer.Option(
            "--calc",
            metavar="NUMBER",
            help="Scripted run: your answer to the scenario's next calculation question "
            "(repeat, in order; a date as YYYY-MM-DD; '' skips one).",
        ),
    ] = None,
    as_json: JsonFlag = False,
    seed: SeedOpt = None,
) -> None:
    """Run one timed mock stage: the scenario, a live countdown while you answer, follow-up
    questions, then score yourself against the rubric and see what to fix.

    Interactive on a terminal: while you answer, F2 shows the scenario again and the bottom
    line counts your words. For scripts: --scenario ID --answer-file FILE --scores 3,2,4,...
    """
    import random

    from supportprep.errors import UserError
    from supportprep.practice import selection
    from supportprep.practice.fit import candidates
    from supportprep.practice.session import DrillOptions

    content, targets = targets_for(ctx, role=role, variant=variant, industry=industry)
    selection.check_stage(content, stage)
    scripted = answer_file is not None or scores is not None
    if scores is not None and answer_file is None:
        raise UserError("--scores goes with --answer-file (a scripted run); add --answer-file FILE")
    if calc and answer_file is None:
        raise UserError("--calc goes with --answer-file (a scripted run); add --answer-file FILE")
    if not scripted and not interactive(as_json):
        raise UserError(
            "drill is interactive and needs a terminal; for a scripted run give "
            "--scenario ID --answer-file FILE --scores 3,2,4,..."
        )
    if [scenario is not None, random_pick, next_pick].count(True) > 1:
        raise UserError("choose one of --scenario, --random and --next")
    time_limit, untimed = answer_clock(time)
    if strict and untimed:
        raise UserError("--strict stops the answer when time is up; with --time off there is none")

    rng = random.Random(seed)
    chosen: Scenario
    if scenario is not None:
        chosen = selection.find(content, scenario)
    elif next_pick:
        chosen = _recommended(content, targets, stage)
    elif random_pick:
        chosen = selection.pick_random(candidates(content, targets, stage=stage), rng)
    elif scripted:
        raise UserError("a scripted run needs --scenario ID (or --random or --next)")
    else:
        from supportprep.ui.chooser import choose_scenario
        from supportprep.ui.console import screens

        with screens(as_json) as console:
            chosen = choose_scenario(console, content, targets, stage)

    options = DrillOptions(
        reading_seconds=reading_time,
        strict=strict,
        speak=speak,
        save_answer=not no_save_answer,
        time_limit=time_limit,
        untimed=untimed,
    )
    if scripted:
        assert answer_file is not None
        outcome, problem = _scripted(
            content, chosen, options, answer_file, scores, red_flags, duration, calc or []
        )
        finish_drill(content, outcome, as_json)
        if problem is not None:
            raise UserError(problem)
    else:
        run_interactive(content, chosen, options, as_json=as_json)


def _recommended(content: Content, targets: Targets, stage: str | None) -> Scenario:
    from supportprep.practice.adaptive import NoScenarios, rank_candidates
    from supportprep.store.attempt import utcnow
    from supportprep.store.history import open_history

    with open_history() as history:
        attempts = history.facts()
    ranked = rank_candidates(content, attempts, targets, utcnow(), stage=stage)
    if not ranked:
        raise NoScenarios("the loaded packs hold no scenario of this stage")
    return content.scenarios[ranked[0].scenario_id]


def _read_answer(path: Path) -> tuple[str, str | None]:
    """The answer's text, and a problem to report once the attempt is kept (``None`` if none).

    Bytes that are not UTF-8 are replaced (U+FFFD) rather than refused: from stdin they cannot
    be read again, so the attempt is kept and the command then exits 2 naming the problem.
    """
    from supportprep.errors import UserError
    from supportprep.practice.text import MAX_ANSWER_BYTES

    try:
        # Read one byte past the limit, no more: /dev/zero or a 50 MB file is refused without
        # loading it.
        if str(path) == "-":
            data = sys.stdin.buffer.read(MAX_ANSWER_BYTES + 1)
        else:
            with path.open("rb") as handle:
                data = handle.read(MAX_ANSWER_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"--answer-file: {path}: no such file") from None
    except OSError as exc:
        raise UserError(f"--answer-file: {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_ANSWER_BYTES:
        raise UserError(
            f"--answer-file: {path}: over {MAX_ANSWER_BYTES // 1000} KB; an answer that long "
            "is not analysed (paste the part you want feedback on)"
        )
    try:
        text, problem = data.decode("utf-8"), None
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        problem = (
            f"--answer-file: {path}: not UTF-8 text; the bytes that were not were replaced "
            "with U+FFFD and the attempt was kept"
        )
    if not text.strip():
        raise UserError(f"--answer-file: {path}: the answer is empty")
    return text, problem


def _scripted(
    content: Content,
    scenario: Scenario,
    options: DrillOptions,
    answer_file: Path,
    scores: str | None,
    red_flags: str | None,
    duration: float | None,
    calc: list[str],
) -> tuple[DrillOutcome, str | None]:
    from dataclasses import replace
    from datetime import timedelta

    from supportprep.errors import UserError
    from supportprep.practice.clock import FakeClock
    from supportprep.practice.scoring import parse_red_flags, parse_scores
    from supportprep.practice.scripted import ScriptedPrompter
    from supportprep.practice.session import run_drill
    from supportprep.practice.workforce import parse_answers
    from supportprep.store.attempt import utcnow
    from supportprep.store.history import open_history

    rubric = content.rubric_for(scenario)
    levels: dict[str, int] | None = None
    rater = None
    if scores is not None:
        try:
            levels = parse_scores(scores, rubric)
        except ValueError as exc:
            raise UserError(f"--scores: {exc}") from None
    elif interactive():
        from supportprep.practice.clock import SystemClock
        from supportprep.ui.console import out
        from supportprep.ui.prompts import TerminalPrompter

        rater = TerminalPrompter(out(), content, SystemClock()).rate
    else:
        from supportprep.display import plural

        names = ", ".join(c.id for c in rubric.criteria)
        raise UserError(
            f"--scores is needed without a terminal: {plural(len(rubric.criteria), 'level')} (1-4) "
            f"in rubric order ({names})"
        )
    try:
        flags = parse_red_flags(red_flags or "", scenario)
    except ValueError as exc:
        raise UserError(f"--red-flags: {exc}") from None
    try:
        parse_answers(calc, scenario.calculations)
    except ValueError as exc:
        raise UserError(f"--calc {exc}") from None
    answer, problem = _read_answer(answer_file)
    seconds = duration or 0.0
    clock = FakeClock(start=utcnow() - timedelta(seconds=seconds))
    prompter = ScriptedPrompter(
        answer,
        clock,
        duration_seconds=seconds,
        levels=levels,
        red_flags=flags,
        rater=rater,
        calculations=calc,
    )
    with open_history() as history:
        outcome = run_drill(
            content, scenario, prompter, clock, history, replace(options, follow_ups=False)
        )
    return outcome, problem


def analyze(
    ctx: typer.Context,
    scenario: Annotated[
        str, typer.Option("--scenario", "-s", help="The scenario the answer responds to.")
    ],
    answer_file: Annotated[
        Path,
        typer.Option("--answer-file", help="The answer to analyse (- for stdin).", dir_okay=False),
    ],
    duration: Annotated[
        float | None,
        typer.Option(
            "--duration",
            callback=finite_seconds,
            metavar="SECONDS",
            help="Time the answer took, for words a minute.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Analyse any answer offline: points made (by meaning, with evidence), structure, flags.

    The same insights a drill shows before self-scoring. Whether each strong-answer point is made
    is judged by meaning with a word model bundled in the install (nothing is downloaded), quoting
    the sentence that makes it; the language and structure rules live in the packs (kind
    `insights`). Answers over 100 KB are refused.
    """
    from supportprep.errors import UserError
    from supportprep.practice import selection, semantic
    from supportprep.practice.insights import analyze as run_analysis

    semantic.warm()  # the word model loads while the packs load
    content = state(ctx).content()
    chosen = selection.find(content, scenario)
    answer, problem = _read_answer(answer_file)
    if problem is not None:  # analysing text with replaced bytes would mislead; nothing to keep
        raise UserError(problem.split(";")[0])
    report = run_analysis(answer, chosen, content.insights.values(), duration_seconds=duration)
    if as_json:
        typer.echo(to_json({"scenario": chosen.id, **report.to_json()}))
        return
    from supportprep.ui.console import out
    from supportprep.ui.insights_view import insights_panel
    from supportprep.ui.text import plain

    console = out()
    console.print(plain(f"{chosen.title} ({chosen.id})"), style="bold")
    console.print(insights_panel(report))
