"""``supportprep grade`` and ``supportprep rescore``: training the eye that self-scores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from supportprep.cli.common import emit, whole_attempts
from supportprep.cli.options import JsonFlag, interactive
from supportprep.cli.state import state
from supportprep.display import plural

if TYPE_CHECKING:
    from rich.console import Console

    from supportprep.packs.content import Content
    from supportprep.packs.models import ExampleAnswer
    from supportprep.practice.calibration import GradePrompter, RescorePrompter
    from supportprep.store.calibration import GradedExample

AnswersOpt = Annotated[
    str | None,
    typer.Option(
        "--answers",
        metavar="LEVELS",
        help="Scripted run: your level 1-4 per criterion in rubric order, rounds split by ';', "
        "e.g. 3,2,4;2,2,1.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(grade)
    app.command()(rescore)


def _rounds(answers: str | None, needs: str) -> list[list[int]] | None:
    from supportprep.errors import UserError
    from supportprep.practice.scripted import parse_rounds

    if answers is None:
        if not interactive():
            raise UserError(
                f"{needs} is interactive and needs a terminal; for a script give --answers"
            )
        return None
    try:
        return parse_rounds(answers)
    except ValueError as exc:
        raise UserError(f"--answers: {exc}") from None


def _check_counts(content: Content, examples: list[ExampleAnswer], rounds: list[list[int]]) -> None:
    from supportprep.errors import UserError

    for number, (example, levels) in enumerate(zip(examples, rounds, strict=True), start=1):
        rubric = content.rubric_for(content.scenarios[example.scenario])
        if len(levels) != len(rubric.criteria):
            names = ", ".join(c.id for c in rubric.criteria)
            raise UserError(
                f"--answers: round {number} ({example.id}) needs "
                f"{plural(len(rubric.criteria), 'level')} "
                f"for rubric '{rubric.id}' ({names}), got {len(levels)}"
            )


def grade(
    ctx: typer.Context,
    rounds: Annotated[
        int, typer.Option("--rounds", min=1, max=20, help="How many example answers to grade.")
    ] = 3,
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", "-s", help="Only example answers to this scenario id."),
    ] = None,
    example: Annotated[
        list[str] | None,
        typer.Option("--example", help="Grade this example answer id. Repeatable.", metavar="ID"),
    ] = None,
    answers: AnswersOpt = None,
    as_json: JsonFlag = False,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Seed for the picks (repeatable runs).", hidden=True),
    ] = None,
) -> None:
    """Grade example answers as the interviewer would: an answer is shown with its level hidden,
    you score it on the rubric, then see the levels it was written at and your gap.

    A few rounds a week train the eye you self-score with; results feed `supportprep progress`.
    For scripts: --example ID --answers 3,2,4 (one group of levels per example, split by ';').
    """
    import random

    from supportprep.errors import UserError
    from supportprep.practice import selection
    from supportprep.practice.calibration import NoExamples, pick_examples, run_grading
    from supportprep.store.attempt import utcnow
    from supportprep.store.calibration import add_records, load_calibration

    content = state(ctx).content()
    scripted = _rounds(answers, "grade")
    if scenario is not None:
        selection.find(content, scenario)
    count = len(scripted) if scripted is not None and not example else rounds
    try:
        picked = pick_examples(
            content,
            load_calibration(),
            count,
            random.Random(seed),
            scenario=scenario,
            example_ids=example or (),
        )
    except NoExamples as exc:
        raise UserError(f"grade: {exc}") from None
    if scripted is not None:
        if len(scripted) != len(picked):
            raise UserError(
                f"--answers: {plural(len(scripted), 'round')} of levels for "
                f"{plural(len(picked), 'example answer')}"
            )
        _check_counts(content, picked, scripted)
        from supportprep.practice.scripted import ScriptedGrader

        prompter: GradePrompter = ScriptedGrader(scripted)
    else:
        from supportprep.ui.calibration_view import TerminalGrader
        from supportprep.ui.console import out

        prompter = TerminalGrader(out())

    def save(record: GradedExample) -> None:
        add_records(graded=[record])

    session = run_grading(content, picked, prompter, utcnow(), save)

    def human(console: Console) -> None:
        from supportprep.ui.calibration_view import grade_reveal, grading_summary

        if scripted is not None:  # the terminal revealed each round as it was graded
            for result in session.results:
                console.print(grade_reveal(result))
        console.print(grading_summary(session))

    emit(session, as_json=as_json, human=human)


def rescore(
    ctx: typer.Context,
    attempt: Annotated[
        str | None,
        typer.Option(
            "--attempt",
            help="Re-score this attempt (its id, or a unique start of it).",
            metavar="ID",
        ),
    ] = None,
    answers: AnswersOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Score an earlier answer again, blind, a day or more after the drill: your first scores
    stay hidden until you have given the new ones, then the two are compared.

    Judging after a delay is markedly more accurate than right after answering; the gap shows
    in `supportprep progress`. For scripts: --answers 3,2,4 (levels in rubric order).
    """
    from supportprep.errors import UserError
    from supportprep.practice.calibration import (
        NotRescorable,
        attempt_rubric,
        choose_rescore,
        run_rescore,
    )
    from supportprep.store.attempt import utcnow
    from supportprep.store.calibration import add_records, load_calibration

    content = state(ctx).content()
    scripted = _rounds(answers, "rescore")
    now = utcnow()
    try:
        chosen = choose_rescore(content, whole_attempts(), load_calibration(), now, attempt)
    except NotRescorable as exc:
        raise UserError(f"--attempt: {exc}") from None
    if chosen is None:
        emit(
            {"rescore": None},
            as_json=as_json,
            human=lambda console: console.print(
                "Nothing to re-score yet: answers become ready a day after the drill "
                "(typed and scored, within two weeks)."
            ),
        )
        return
    if scripted is not None:
        rubric = attempt_rubric(content, chosen)
        names = [c.id for c in rubric.criteria] if rubric else []
        if len(scripted) != 1 or len(scripted[0]) != len(names):
            raise UserError(
                f"--answers: one round of {plural(len(names), 'level')} "
                f"for rubric '{chosen.rubric}' "
                f"({', '.join(names)})"
            )
        from supportprep.practice.scripted import ScriptedGrader

        rater: RescorePrompter = ScriptedGrader(scripted)
    else:
        from supportprep.ui.calibration_view import TerminalGrader
        from supportprep.ui.console import out

        rater = TerminalGrader(out())
    result = run_rescore(content, chosen, rater, now)
    add_records(rescores=[result.record])

    def human(console: Console) -> None:
        from supportprep.ui.calibration_view import rescore_reveal

        if scripted is not None:  # the terminal revealed it already
            console.print(rescore_reveal(result))
        console.print("Saved; `supportprep progress` shows the gap over time.")

    emit({"rescore": result.to_jsonable()}, as_json=as_json, human=human)
