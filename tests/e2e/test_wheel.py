"""The installed tool (a wheel, as pipx would install it) carries the bundled content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
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
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("supportprep/_content/content-cache.jsonl")
    header = json.loads(shipped.split(b"\n", 1)[0])
    assert header["relative"] and not any(f.startswith("/") for f in header["files"])
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

    # The first run after install reads the entry shipped in the wheel, in place: neither yaml
    # nor pydantic is imported, and nothing is written to the empty cache.
    first_run = (
        "import sys\n"
        "from supportprep.cli.app import main\n"
        "sys.argv = ['supportprep', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print(sorted({'pydantic', 'yaml'} & set(sys.modules)), file=sys.stderr)\n"
    )
    fresh = tmp_path / "fresh-home"
    for command in (["packs", "list", "--json"], ["scenarios"], ["next"]):
        result = subprocess.run(
            [str(python), "-c", first_run, *command],
            cwd=outside,
            env={**env, "SUPPORTPREP_HOME": str(fresh)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[-1] == "[]", (command, result.stderr)
    assert not list((fresh / "cache").glob("content-*"))

    # The word model comes with the install and loads with the network cut off.
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "Scope first: I own triage and the customer updates. I reproduce it with one affected "
        "clinician and a SAML trace and compare the certificate thumbprint before anyone "
        "changes anything. I'll post the next update on the bridge at 10:30.",
        encoding="utf-8",
    )
    offline = (
        "import socket, sys\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network disabled by the test')\n"
        "socket.socket = refuse\n"
        "socket.create_connection = refuse\n"
        "from supportprep.cli.app import main\n"
        "sys.argv = ['supportprep', *sys.argv[1:]]\n"
        "main()\n"
    )
    result = subprocess.run(
        [
            str(python),
            "-c",
            offline,
            "analyze",
            "-s",
            "lt-sso-loop-idp-cert-rotation",
            "--answer-file",
            str(answer),
            "--json",
        ],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["confidence"] != "low"  # "low" would mean the model did not load
    assert any(p["covered"] and p["evidence"] for p in report["points"])
