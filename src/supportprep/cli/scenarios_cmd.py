"""``supportprep scenarios``: the scenarios that fit your profile, and a preview of one."""

from __future__ import annotations

from typing import Annotated

import typer

from supportprep.cli.common import attempts_or_warn, emit, targets_for
from supportprep.cli.options import JsonFlag
from supportprep.cli.state import state

app = typer.Typer(
    help=(
        "The scenarios that fit your profile, by interview stage, each marked tried or not with "
        "its best score; `scenarios show ID` previews one without starting the clock."
    ),
    invoke_without_command=True,
    rich_markup_mode=None,
)


@app.callback()
def scenarios(
    ctx: typer.Context,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="Only this stage (a stage id).", metavar="STAGE"),
    ] = None,
    untried: Annotated[
        bool, typer.Option("--untried", help="Only the scenarios you have not tried.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the scenarios that fit your profile, tried or not, with the best score."""
    if ctx.invoked_subcommand is not None:
        return
    from supportprep.practice.catalog import build_catalog
    from supportprep.targets import check_choice

    content, targets = targets_for(ctx)
    wanted = None if stage is None else check_choice(content, "stages", stage, "stage")
    catalog = build_catalog(
        content, targets, attempts_or_warn("the scenarios"), stage=wanted, untried=untried
    )
    from supportprep.ui.catalog_view import render_catalog

    emit(catalog, as_json=as_json, human=lambda console: render_catalog(console, catalog))


@app.command()
def show(
    ctx: typer.Context,
    scenario_id: Annotated[str, typer.Argument(help="A scenario id.", metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """Preview a scenario as a drill shows it, without the clock; nothing is saved."""
    from supportprep.practice.catalog import find_scenario

    content = state(ctx).content()
    scenario = find_scenario(content, scenario_id)
    data = {
        "id": scenario.id,
        "title": scenario.title,
        "stage": scenario.stage,
        "time_limit_seconds": content.time_limit(scenario),
        "prompt": scenario.prompt,
        "context": list(scenario.context),
        "follow_ups": len(scenario.follow_ups),
    }
    from supportprep.ui.catalog_view import render_preview

    emit(data, as_json=as_json, human=lambda console: render_preview(console, content, scenario))
