"""``supportprep packs``: list, check, inspect and create content packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from supportprep.cli.common import check_output, emit
from supportprep.cli.options import ForceFlag, JsonFlag
from supportprep.cli.state import state

app = typer.Typer(
    help="List, validate, inspect and create content packs.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _print_json(data: Any) -> None:
    emit(data, as_json=True)


@app.command("list")
def list_packs(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the packs in use, where they come from, and what they hold."""
    from supportprep.packs.loader import bundled_root
    from supportprep.paths import user_packs_dir

    content = state(ctx).content()
    if as_json:
        _print_json(
            [
                {
                    "id": p.manifest.id,
                    "name": p.manifest.name,
                    "version": p.manifest.version,
                    "source": p.source,
                    "path": str(p.path),
                    "counts": p.counts,
                    "overrides": p.overridden,
                }
                for p in content.packs
            ]
        )
        return
    from supportprep.ui.console import out
    from supportprep.ui.packs_view import render_packs

    render_packs(out(), content, bundled=bundled_root(), user=user_packs_dir())


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Pack folders to check together with the bundled packs. "
            "Without any, the bundled and user packs are checked.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Check packs: every file, field and cross-reference. Exit 0 when valid, 2 with the errors."""
    from supportprep.packs.errors import PackError, display_path
    from supportprep.packs.loader import load_content
    from supportprep.paths import cache_home, user_packs_dir

    given = list(paths or [])
    try:
        content = load_content(
            [*state(ctx).extra_packs, *given],
            user_packs=None if given else user_packs_dir(),
            include_bundled=state(ctx).include_bundled,
            cache_dir=cache_home(),
        )
    except PackError as exc:
        if not as_json:
            raise
        problems = [
            {
                "file": display_path(i.file),
                "line": i.line,
                "column": i.column,
                "field": i.field or None,
                "message": i.message,
            }
            for i in exc.issues
        ]
        _print_json({"valid": False, "problems": problems})
        raise typer.Exit(2) from None
    from supportprep.errors import UserError
    from supportprep.practice.workforce import pack_problems
    from supportprep.text import terminal_safe

    wrong = pack_problems(content)
    if wrong:
        if as_json:
            _print_json({"valid": False, "problems": [{"message": m} for m in wrong]})
            raise typer.Exit(2)
        for line in wrong:
            typer.echo(terminal_safe(line), err=True)
        raise UserError(f"{len(wrong)} calculation{'s' if len(wrong) != 1 else ''} to fix")
    counts = {
        "scenarios": len(content.scenarios),
        "rubrics": len(content.rubrics),
        "stages": len(content.stages),
        "checklist_items": sum(len(c.items) for c in content.checklists.values()),
        "plans": len(content.plans),
    }
    if as_json:
        _print_json(
            {"valid": True, "packs": [p.manifest.id for p in content.packs], "counts": counts}
        )
        return
    names = ", ".join(p.manifest.id for p in content.packs)
    typer.echo(
        f"ok: {len(content.packs)} pack{'s' if len(content.packs) != 1 else ''} valid ({names})"
    )
    from supportprep.display import plural

    typer.echo(
        "    "
        + ", ".join(
            plural(counts[key], word)
            for key, word in (
                ("scenarios", "scenario"),
                ("rubrics", "rubric"),
                ("stages", "stage"),
                ("checklist_items", "checklist item"),
                ("plans", "plan"),
            )
        )
    )


@app.command()
def show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the merged content: an overview, or with --json every item as one document.

    Both report coverage: how many role x industry x stage cells hold at least 3 scenarios that
    fit, and how many role x industry profiles hold at least 25.
    """
    from supportprep.practice.fit import coverage

    content = state(ctx).content()
    covered = coverage(content)
    if as_json:
        _print_json({**content.to_jsonable(), "coverage": covered.to_jsonable()})
        return
    from supportprep.ui.console import out
    from supportprep.ui.packs_view import render_content

    render_content(out(), content, covered)


@app.command()
def schema(
    manifest: Annotated[
        bool, typer.Option("--manifest", help="The schema of pack.yaml instead of content files.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write both schemas into this folder instead of printing one.",
            file_okay=False,
        ),
    ] = None,
    force: ForceFlag = False,
) -> None:
    """Print the JSON Schema of pack files, for editor completion and checking."""
    from supportprep.packs import schema as schemas

    if output is not None:
        from supportprep.errors import UserError

        if not output.is_dir():
            if not output.parent.is_dir():
                raise UserError(f"--output: {output.parent} does not exist; create it first")
        else:
            for name in (schemas.CONTENT_SCHEMA, schemas.MANIFEST_SCHEMA):
                check_output(output / name, "--output", force=force)
        for path in schemas.write_schemas(output):
            typer.echo(f"wrote {path}")
        return
    data = schemas.manifest_schema() if manifest else schemas.content_schema()
    typer.echo(schemas.render(data), nl=False)


@app.command()
def new(
    folder: Annotated[Path, typer.Argument(help="Folder to create the pack in (new or empty).")],
    pack_id: Annotated[
        str | None, typer.Option("--id", help="Pack id; defaults to the folder name.")
    ] = None,
) -> None:
    """Create a small, valid pack that explains itself, ready to edit."""
    from supportprep.packs.scaffold import scaffold

    for path in scaffold(folder, pack_id):
        typer.echo(f"created {path}")
    typer.echo(f"next: supportprep packs validate {folder}")
