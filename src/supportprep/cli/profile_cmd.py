"""``supportprep profile``: what you are interviewing for, and when."""

from __future__ import annotations

from typing import Annotated

import typer

from supportprep.cli.options import JsonFlag, interactive
from supportprep.cli.planning import print_json, today
from supportprep.cli.state import state

app = typer.Typer(
    help=(
        "Your target role, variant, industry, seniority, interview date and company. "
        "On a terminal, `supportprep profile` asks for each; `profile set` takes flags."
    ),
    invoke_without_command=True,
    rich_markup_mode=None,
)


RoleOption = Annotated[str | None, typer.Option("--role", help="Target role id.", metavar="ROLE")]
VariantOption = Annotated[
    str | None,
    typer.Option("--variant", help="What the role really is: a variant id.", metavar="VARIANT"),
]
IndustryOption = Annotated[
    str | None, typer.Option("--industry", help="Industry id.", metavar="INDUSTRY")
]
InterviewDateOption = Annotated[
    str | None,
    typer.Option(
        "--interview-date", help="YYYY-MM-DD, or +N for N days from today.", metavar="DATE"
    ),
]


@app.callback()
def profile(ctx: typer.Context) -> None:
    """Set up the profile by answering questions (on a terminal), or show it."""
    if ctx.invoked_subcommand is not None:
        return
    if not interactive():
        show(ctx)
        return
    from supportprep.planning.profile_setup import ask_profile
    from supportprep.store.profile import load_profile, save_profile
    from supportprep.ui.planning_prompts import QuestionaryPrompter

    content = state(ctx).content()
    updated = ask_profile(QuestionaryPrompter(), content, load_profile(), today())
    path = save_profile(updated)  # every field was just asked: the answers replace the file
    typer.echo(f"saved {path}")
    show(ctx)


@app.command()
def show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the profile that every command falls back to."""
    from supportprep.store.profile import load_profile, profile_path

    current = load_profile()
    day = today()
    days_left = (current.interview_date - day).days if current.interview_date else None
    if as_json:
        print_json(
            {
                "path": str(profile_path()),
                "profile": current.to_jsonable(),
                "days_left": days_left,
            }
        )
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from supportprep.ui.console import out
    from supportprep.ui.text import plain

    console = out()
    if current.is_empty():
        console.print("No profile yet. Set one with `supportprep profile set --role ROLE ...`,")
        console.print("or run `supportprep profile` in a terminal to be asked.")
        console.print(Text(f"It will be saved in {profile_path()}", style="dim"), soft_wrap=True)
        return
    content = state(ctx).content()
    table = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for field, kind, value in (
        ("role", "roles", current.role),
        ("variant", "variants", current.variant),
        ("industry", "industries", current.industry),
    ):
        cell = plain(value or "-")
        if value:
            known = content.kind(kind).get(value)
            if known is None:
                cell.append("  (not in the loaded packs)", style="red")
            else:
                cell.append(f"  {known.name}", style="dim")
        table.add_row(field, cell)
    table.add_row("seniority", plain(current.seniority or "-"))
    when = Text("-")
    if current.interview_date is not None:
        when = Text(current.interview_date.isoformat())
        if days_left is not None and days_left < 0:
            when.append("  (past: no longer drives the checklist)", style="red")
        else:
            left = {0: "today", 1: "tomorrow"}.get(days_left or 0, f"in {days_left} days")
            when.append(f"  {left}", style="dim")
    table.add_row("interview date", when)
    table.add_row("company", plain(current.company or "-"))
    console.print(table)
    console.print(Text(str(profile_path()), style="dim"), soft_wrap=True)


@app.command("set")
def set_profile(
    ctx: typer.Context,
    role: RoleOption = None,
    variant: VariantOption = None,
    industry: IndustryOption = None,
    seniority: Annotated[
        str | None,
        typer.Option(
            "--seniority", help="lead, manager, senior-manager or director.", metavar="LEVEL"
        ),
    ] = None,
    interview_date: InterviewDateOption = None,
    company: Annotated[
        str | None,
        typer.Option("--company", help="The company you are interviewing with.", metavar="NAME"),
    ] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            help="Empty a field (role, variant, industry, seniority, interview-date, company). "
            "Repeatable.",
            metavar="FIELD",
        ),
    ] = None,
) -> None:
    """Set profile fields by flag; the others keep their values."""
    from supportprep.errors import UserError
    from supportprep.planning.profile_setup import change_profile
    from supportprep.store.profile import update_profile

    values = (role, variant, industry, seniority, interview_date, company)
    if all(v is None for v in values) and not clear:
        raise UserError(
            "profile set: nothing to set; give --role, --variant, --industry, --seniority, "
            "--interview-date, --company or --clear (or run `supportprep profile` in a terminal)"
        )
    content = state(ctx).content()
    day = today()
    path, _ = update_profile(
        lambda current: change_profile(
            current,
            content,
            day,
            role=role,
            variant=variant,
            industry=industry,
            seniority=seniority,
            interview_date=interview_date,
            company=company,
            clear=clear or [],
        )
    )
    typer.echo(f"saved {path}")
