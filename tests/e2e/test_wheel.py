"""The installed tool (a wheel, as pipx would install it) carries the bundled content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_wheel_installs_and_finds_its_content(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("supportprep-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {**os.environ, "SUPPORTPREP_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [str(env_dir / "bin" / "supportprep"), "packs", "list", "--json"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    packs = json.loads(result.stdout)
    assert packs[0]["id"] == "core"
    assert "site-packages" in packs[0]["path"] and packs[0]["path"].endswith("_content/core")
    assert packs[0]["counts"]["scenarios"] >= 48
