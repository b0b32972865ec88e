"""What the root command hands to every subcommand."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from supportprep.records import record

if TYPE_CHECKING:
    import typer

    from supportprep.packs.content import Content


@record
class State:
    extra_packs: list[Path] = field(default_factory=list)
    include_bundled: bool = True
    _content: Content | None = None

    def content(self) -> Content:
        """The merged content (bundled, user and ``--pack`` packs); loaded once per run."""
        if self._content is None:
            from supportprep.packs.loader import load_content
            from supportprep.paths import cache_home, user_packs_dir

            self._content = load_content(
                self.extra_packs,
                user_packs=user_packs_dir(),
                include_bundled=self.include_bundled,
                cache_dir=cache_home(),
            )
        return self._content


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()
