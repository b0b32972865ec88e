"""Text from a pack or a user file is data everywhere it goes: a pack whose every piece of text
carries rich markup and terminal escape sequences (OSC 52 clipboard writes, OSC 8 hyperlinks, CSI
screen clears, a terminal reset, 8-bit CSI, BEL, carriage return) goes through every command and
every format, to a colour terminal, to files and into error messages, and none of it survives as
anything but literal text.

The interactive drill and mock loop get the same pack in a real terminal:
tests/e2e/test_hostile_terminal.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import TINY_PACK, Cli

# Each link target is told apart from the others: the markup one may show as literal text, the
# escape-sequence ones must vanish with the sequence that carries them.
MARKUP = "[bold red]BOLD[/] [link=https://markup.example]L[/link]"
ESCAPES = (
    "\x1b]52;c;Q0xJUEJPQVJE\x07"  # OSC 52: write "CLIPBOARD" to the clipboard
    "\x1b]8;;https://osc8.example\x1b\\H\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x1b[2J\x1b[H"  # CSI: clear the screen, cursor home
    "\x9b2J"  # the same clear as 8-bit CSI
    "\x1bc"  # RIS: reset the terminal
    "\x07\r\x7f"
)
PAYLOAD = f" {MARKUP} {ESCAPES}"

# Keys whose values are text a pack author writes (never ids or references).
TEXT_KEYS = {
    "name",
    "description",
    "title",
    "tests",
    "listens_for",
    "common_failures",
    "constraints",
    "good_looks_like",
    "proof",
    "weak",
    "developing",
    "solid",
    "strong",
    "advice",
    "prompt",
    "context",
    "question",
    "strong_answer_points",
    "red_flags",
    "text",
    "summary",
    "goals",
    "actions",
    "artifacts",
    "success_signs",
    "why",
    "answer",
}


def _poison(node: Any, key: str | None = None) -> Any:
    if isinstance(node, dict):
        return {k: _poison(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, key) for v in node]
    if isinstance(node, str) and key in TEXT_KEYS:
        return node + PAYLOAD
    return node


def hostile_pack(folder: Path) -> Path:
    """The tiny pack with the payload appended to every piece of text."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in TINY_PACK.glob("*.yaml"):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        if source.name == "pack.yaml":
            data["id"] = "hostile"
        # safe_dump writes the escapes as YAML escapes ("\e", "\x9B"), which load back as is.
        (folder / source.name).write_text(
            yaml.safe_dump(_poison(data), allow_unicode=False, sort_keys=False), encoding="utf-8"
        )
    return folder


SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour and weight: the only codes our own output may use


def assert_inert(text: str, where: str) -> None:
    """Nothing of the payload acts: no escape but our own colour codes (so no link, from an
    escape sequence or from markup), and no control characters."""
    bare = SGR.sub("", text)
    for bad in ("\x1b", "\x9b", "\x07", "\r", "\x7f"):
        assert bad not in bare, f"{where}: {bad!r} survived"
    for gone in ("osc8.example", "Q0xJUEJPQVJE"):
        assert gone not in bare, f"{where}: {gone} survived (its escape sequence was not removed)"
    # Markup read as markup would draw its link as an OSC 8 sequence, caught above: the output
    # is a colour terminal's (see ``terminal``), where rich draws links.


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return hostile_pack(tmp_path / "hostile")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output as a colour terminal gets it: rich draws styles (and would draw links), and click's
    echo keeps escape sequences instead of stripping them as it does for a pipe."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "400")  # long lines, so markup is not split by wrapping
    monkeypatch.setattr("typer._click.utils.should_strip_ansi", lambda *a, **k: False)


ROLE = ("--role", "support-manager")
COMMANDS: list[tuple[str, ...]] = [
    (),
    ("packs", "list"),
    ("packs", "list", "--json"),
    ("packs", "show"),
    ("packs", "show", "--json"),
    ("packs", "validate"),
    ("plan", *ROLE),
    ("plan", *ROLE, "--format", "markdown"),
    ("plan", *ROLE, "--format", "json"),
    ("plan", *ROLE, "--kind", "job-search", "--format", "markdown"),
    ("checklist", *ROLE, "--interview-date", "+20"),
    ("checklist", *ROLE, "--interview-date", "+20", "--format", "markdown"),
    ("checklist", *ROLE, "--interview-date", "+20", "--json"),
    ("next", *ROLE),
    ("next", *ROLE, "--json"),
    ("history",),
    ("history", "--json"),
    ("progress",),
    ("progress", "--json"),
    ("export", "--format", "csv"),
    ("export", "--format", "json"),
    ("stories", "list"),
    ("stories", "list", "--json"),
    ("stories", "matrix"),
    ("stories", "matrix", "--json"),
    ("profile", "show"),
    ("profile", "show", "--json"),
]


@pytest.mark.usefixtures("terminal")
def test_hostile_text_is_inert_in_every_command_and_format(
    cli: Cli, pack: Path, tmp_path: Path
) -> None:
    base = ("--no-bundled", "--pack", str(pack))
    answer = tmp_path / "answer.txt"
    answer.write_text(f"I reproduce it first.{PAYLOAD}\nThen I post an update.", encoding="utf-8")
    seen: list[str] = []

    def run(*args: str, code: int = 0) -> None:
        result = cli(*base, *args)
        where = " ".join(args) or "home"
        assert result.code == code, f"{where}: exit {result.code}: {result.err}"
        assert_inert(result.out, f"{where} (stdout)")
        assert_inert(result.err, f"{where} (stderr)")
        if "--json" in args or ("json" in args and "-o" not in args):
            assert "\\u001b" not in result.out, f"{where}: an escape kept as \\u001b"
            json.loads(result.out)
        seen.append(result.out + result.err)

    assert cli("--no-bundled", "--pack", str(pack), "profile", "set", *ROLE).code == 0
    # The user's own text goes in too: a story and an answer carrying the same payload.
    run("stories", "add", "--title", f"Story{PAYLOAD}", "--situation", f"s{PAYLOAD}", "--task",
        "t", "--action", "a", "--result", f"r{PAYLOAD}", "--slot", "pushback")  # fmt: skip
    for scored in ((), ("--json",)):
        run("drill", "-s", "tiny-outage", "--answer-file", str(answer), "--scores", "3,2",
            "--red-flags", "1", *scored)  # fmt: skip
    run("analyze", "-s", "tiny-outage", "--answer-file", str(answer))
    run("analyze", "-s", "tiny-outage", "--answer-file", str(answer), "--json")
    for args in COMMANDS:
        run(*args)
    # Error messages quote pack text: the red flags, listed when the number is wrong.
    run("drill", "-s", "tiny-outage", "--answer-file", str(answer), "--scores", "3,2",
        "--red-flags", "9", code=2)  # fmt: skip
    # Pack text did reach the output (the test would prove nothing otherwise).
    assert sum("[bold red]BOLD[/]" in text for text in seen) >= len(COMMANDS) // 2

    # Files written for other programs: the calendar, the CSV/JSON export, the schema is ours.
    ics = tmp_path / "prep.ics"
    run("checklist", *ROLE, "--interview-date", "+20", "--ics", str(ics))
    for fmt in ("csv", "json"):
        run("export", "--format", fmt, "-o", str(tmp_path / f"export.{fmt}"))
        assert_inert((tmp_path / f"export.{fmt}").read_text(encoding="utf-8"), f"export.{fmt}")
    calendar = ics.read_text(encoding="utf-8")
    assert "BOLD" in calendar
    assert_inert(calendar.replace("\r\n", "\n"), "the .ics file")  # CRLF is iCalendar's own


def test_an_unknown_key_is_echoed_inert_by_packs_validate(cli: Cli, pack: Path) -> None:
    content = pack / "content.yaml"
    data = yaml.safe_load(content.read_text(encoding="utf-8"))
    data["scenarios"][0][f"oops{ESCAPES}[link=https://markup.example]k[/link]"] = 1
    content.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    for args in (("packs", "validate", str(pack)), ("packs", "validate", str(pack), "--json")):
        result = cli("--no-bundled", *args)
        assert result.code == 2
        assert "oops" in result.out + result.err
        assert_inert(result.out, " ".join(args))
        assert_inert(result.err, " ".join(args))


def test_json_output_has_no_control_characters_even_escaped(cli: Cli, pack: Path) -> None:
    """json.dumps would write ESC as \\u001b (inert, but a program reading it gets the escape
    back) and pass C1 controls through raw: strings lose their control characters first."""
    result = cli("--no-bundled", "--pack", str(pack), "packs", "show", "--json")
    assert result.code == 0
    assert "\x9b" not in result.out and "\\u001b" not in result.out and "\\u0007" not in result.out
    text = json.dumps(json.loads(result.out), ensure_ascii=False)
    assert "[bold red]BOLD[/]" in text  # the data itself is all there
