"""The baseline: a minimal two-command Typer app, started the same way as supportprep."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    """Say hello."""
    typer.echo(f"Hello {name}")


@app.command()
def bye() -> None:
    """Say goodbye."""
    typer.echo("Bye")


if __name__ == "__main__":
    app()
