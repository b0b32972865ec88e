"""Wheel build hook: ship a validated content cache entry for the bundled packs in the wheel.

The first run after ``pipx install .`` then reads that entry instead of parsing and validating
every bundled YAML file (which imports yaml and pydantic: about three times the start-up of a
bare Typer app). The packs are validated here with the project's own loader, so a wheel is never
built from broken content; ``packs/cache.py`` says when the entry is used at run time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface[BuilderConfig]):
    _scratch: tempfile.TemporaryDirectory[str] | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads content/ in the checkout, edited as it goes
        root = Path(self.root)
        source = str(root / "src")
        sys.path.insert(0, source)
        try:
            import supportprep
            from supportprep.packs.cache import SHIPPED
            from supportprep.packs.loader import write_shipped_cache

            if not Path(supportprep.__file__).resolve().is_relative_to(root / "src"):
                raise RuntimeError(f"built against another supportprep: {supportprep.__file__}")
            self._scratch = tempfile.TemporaryDirectory(prefix="supportprep-build-")
            entry = Path(self._scratch.name) / SHIPPED
            write_shipped_cache(root / "content", entry)  # raises PackError on invalid packs
        finally:
            sys.path.remove(source)
        build_data["force_include"][str(entry)] = f"supportprep/_content/{SHIPPED}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
