"""The engine says what to do; the command line words it (docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from supportprep.actions import Action, Do
from supportprep.ui.commands import command, with_commands

SRC = Path(__file__).resolve().parents[2] / "src" / "supportprep"
CLI_WORDS = re.compile(r"\bsupportprep [a-z]|(?<![\w-])--[a-z]")


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_no_engine_string_names_a_command_or_a_flag() -> None:
    offenders = []
    for floor in ("planning", "practice"):
        for path in sorted((SRC / floor).glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = _docstrings(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docs
                    and CLI_WORDS.search(node.value)
                ):
                    offenders.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert offenders == []


def test_every_action_has_a_command() -> None:
    for do in Do:
        worded = command(Action(do, "x"))
        assert worded.startswith("supportprep ")
    assert command(Action(Do.ADD_STORY)) == "supportprep stories add"
    data = with_commands({"steps": [{"action": {"do": "tick", "target": "a"}, "why": "b"}]})
    assert data["steps"][0]["command"] == "supportprep checklist done a"
    story = {"action": "I triaged by age"}  # a story's own "action" is text, left alone
    assert with_commands(story) == story
