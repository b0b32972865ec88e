"""``supportprep plan``: a 30/60/90 plan for the role and industry."""

from __future__ import annotations

from typing import Annotated

import typer

from supportprep.cli.common import check_format, emit, targets_for, today
from supportprep.cli.options import IndustryOption, JsonFormatFlag, RoleOption


def plan(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="first-90-days (in the new job) or job-search (to get it).",
            metavar="KIND",
        ),
    ] = "first-90-days",
    role: RoleOption = None,
    industry: IndustryOption = None,
    spoken: Annotated[
        bool,
        typer.Option(
            "--spoken",
            help="The first-90-days plan as a two-minute answer to say aloud, in the first person.",
        ),
    ] = False,
    output: Annotated[
        str, typer.Option("--format", help="rich, markdown or json.", metavar="FORMAT")
    ] = "rich",
    as_json: JsonFormatFlag = False,
) -> None:
    """Show a 30/60/90 plan for the role and industry: goals, actions, artifacts, signs of success.

    Falls back to the profile's role and industry; prefers a plan written for the industry, else
    the role's general plan. The title names the profile's company; a job-search plan with an
    interview under 90 days away is fitted to the days left.
    """
    from supportprep.planning.plan import check_kind, pick_plan
    from supportprep.store.profile import load_profile

    check_kind(kind)
    fmt = "json" if as_json else check_format(output, ("rich", "markdown", "json"))
    content, targets = targets_for(ctx, role=role, industry=industry)
    choice = pick_plan(
        content,
        kind,
        targets,
        days_left=targets.days_left(today()),
        company=load_profile().company,
    )
    if spoken:
        from supportprep.planning.plan import spoken_plan

        said = spoken_plan(choice, content)
        if fmt == "json":
            emit(said.to_jsonable(), as_json=True)
        elif fmt == "markdown":
            typer.echo(f"# {choice.title}\n\n{said.text}\n", nl=False)
        else:
            from supportprep.ui.console import out
            from supportprep.ui.plan_view import render_spoken

            render_spoken(out(), said)
        return
    if fmt == "json":
        from supportprep.planning.plan import plan_to_jsonable

        emit(plan_to_jsonable(choice), as_json=True)
    elif fmt == "markdown":
        from supportprep.planning.plan import plan_to_markdown

        typer.echo(plan_to_markdown(choice), nl=False)
    else:
        from supportprep.ui.console import out
        from supportprep.ui.plan_view import render_plan

        render_plan(out(), choice, content)
