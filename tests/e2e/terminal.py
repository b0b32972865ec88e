"""A real pseudo-terminal (pexpect) whose output is rendered by a terminal emulator (pyte).

prompt_toolkit redraws only the cells that change, so the raw byte stream does not contain
"1:57 left" once the countdown is drawn; the emulated screen does, exactly as a user sees it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pexpect
import pyte

from tests.conftest import TINY_PACK


def history_json(home: Path) -> list[dict[str, object]]:
    """``supportprep history --json`` for the home at ``home``: what a drill run in the terminal
    kept."""
    env = {**os.environ, "SUPPORTPREP_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "supportprep", "history", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


class Terminal:
    def __init__(
        self,
        home: Path,
        *args: str,
        rows: int = 50,
        cols: int = 100,
        tiny: bool = True,
        env: dict[str, str] | None = None,
        shell: bool = False,
    ) -> None:
        """Run supportprep with ``args``; with ``shell``, an interactive bash instead (job
        control, for Ctrl-Z and ``fg``), where the test types the command."""
        extra = env or {}
        env = {
            **os.environ,
            "SUPPORTPREP_HOME": str(home),
            "TERM": "xterm-256color",
            "COLUMNS": str(cols),
            "LINES": str(rows),
        }
        env.pop("NO_COLOR", None)
        env.update(extra)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        if shell:
            program, argv = "bash", ["--norc", "--noprofile", "-i"]
            env["PS1"] = "$ "
        else:
            program = sys.executable
            argv = ["-m", "supportprep", *(["--pack", str(TINY_PACK)] if tiny else []), *args]
        self.child: Any = pexpect.spawn(
            program,
            argv,
            env=env,
            dimensions=(rows, cols),
            timeout=20,
        )
        self.transcript = b""
        self.ended = False

    def pump(self, wait: float = 0.05) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.ended = True
            return
        self.transcript += data
        # Answer cursor-position requests (ESC [ 6 n) as a real terminal would, after drawing
        # everything that came before each one.
        chunks = data.split(b"\x1b[6n")
        for i, chunk in enumerate(chunks):
            self.stream.feed(chunk)
            if i < len(chunks) - 1:
                cursor = self.screen.cursor
                self.child.send(f"\x1b[{cursor.y + 1};{cursor.x + 1}R")

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, pattern: str, timeout: float = 15) -> re.Match[str]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = regex.search(self.text())
            if found:
                return found
            if self.ended:
                break
            self.pump()
        raise AssertionError(f"{pattern!r} never appeared; the screen shows:\n{self.text()}")

    def send(self, text: str) -> None:
        self.child.send(text)
        self.pump(0.2)

    def ctrl(self, key: str) -> None:
        self.child.sendcontrol(key)
        self.pump(0.2)

    def exit_status(self, timeout: float = 15) -> int:
        deadline = time.monotonic() + timeout
        while not self.ended and time.monotonic() < deadline:
            self.pump(0.1)
        self.child.close()
        status = self.child.exitstatus
        assert isinstance(status, int), f"no exit status; screen:\n{self.text()}"
        return status
