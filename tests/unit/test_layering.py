"""The layers only point down, and no import goes round in a circle (docs/architecture.md).

Imports are read with ``ast`` from the source, including those inside functions and under
``TYPE_CHECKING``: a lazy import is still a dependency, only a cheaper one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "supportprep"

# Lowest first. A module may import modules on its own floor or below, never above.
FLOORS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "supportprep",
            "supportprep.actions",
            "supportprep.display",
            "supportprep.errors",
            "supportprep.paths",
            "supportprep.records",
            "supportprep.text",
        ),
    ),
    ("packs", ("supportprep.packs",)),
    ("store", ("supportprep.store",)),
    ("targets", ("supportprep.targets",)),
    ("practice", ("supportprep.practice",)),
    ("planning", ("supportprep.planning",)),
    ("ui", ("supportprep.ui",)),
    ("cli", ("supportprep.cli",)),
    ("entry", ("supportprep.__main__",)),
]
# Inside cli/, command modules share only these; only the app wires commands together.
CLI_SHARED = {"supportprep.cli", "supportprep.cli.common", "supportprep.cli.options"}
CLI_SHARED |= {"supportprep.cli.state"}
CLI_WIRING = "supportprep.cli.app"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def floor_of(module: str) -> int:
    best: tuple[int, int] | None = None  # (prefix length, floor): the longest prefix wins
    for index, (_, prefixes) in enumerate(FLOORS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if prefix == "supportprep" and module != "supportprep":
                    continue  # the package root itself; its other modules are listed by name
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), index)
    if best is None:
        raise AssertionError(f"{module} is on no floor; add it to FLOORS and docs/architecture.md")
    return best[1]


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The supportprep modules ``path`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("supportprep"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("supportprep"):
                continue
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
    return found


def graph() -> dict[str, set[str]]:
    modules = all_modules()
    known = set(modules)
    return {name: imports_of(path, known) - {name} for name, path in modules.items()}


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            if floor_of(target) > floor_of(module):
                wrong.append(
                    f"{module} ({FLOORS[floor_of(module)][0]}) imports {target} "
                    f"({FLOORS[floor_of(target)][0]})"
                )
    return wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, found by depth-first search (each reported once, from its start)."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                loop = path[path.index(nxt) :]
                if frozenset(loop) not in seen:
                    seen.add(frozenset(loop))
                    found.append([*loop, nxt])
            elif nxt in edges and state.get(nxt) is None:
                visit(nxt, path)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if state.get(node) is None:
            visit(node, [])
    return found


def cli_cross_imports(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in sorted(edges.items()):
        if not module.startswith("supportprep.cli.") or module == CLI_WIRING:
            continue
        for target in sorted(targets):
            if target.startswith("supportprep.cli") and target not in CLI_SHARED:
                wrong.append(f"{module} imports the command module {target}")
    return wrong


def test_every_module_is_on_a_floor() -> None:
    for module in all_modules():
        floor_of(module)


def test_no_import_runs_up_a_floor() -> None:
    assert upward_imports(graph()) == []


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_commands_do_not_import_each_other() -> None:
    assert cli_cross_imports(graph()) == []


# The checks must be able to fail: the same functions, on made-up graphs.


def test_an_upward_import_is_caught() -> None:
    edges = {"supportprep.store.history": {"supportprep.practice.session"}}
    [message] = upward_imports(edges)
    assert "store" in message and "practice" in message


@pytest.mark.parametrize(
    "edges",
    [
        {"supportprep.ui.a": {"supportprep.ui.b"}, "supportprep.ui.b": {"supportprep.ui.a"}},
        {
            "supportprep.cli.a": {"supportprep.cli.b"},
            "supportprep.cli.b": {"supportprep.cli.c"},
            "supportprep.cli.c": {"supportprep.cli.a"},
        },
    ],
)
def test_a_cycle_is_caught(edges: dict[str, set[str]]) -> None:
    assert len(cycles(edges)) == 1


def test_a_command_importing_another_is_caught() -> None:
    edges = {"supportprep.cli.home": {"supportprep.cli.practice", "supportprep.cli.common"}}
    assert cli_cross_imports(edges) == [
        "supportprep.cli.home imports the command module supportprep.cli.practice"
    ]


def test_lazy_and_type_only_imports_count(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from supportprep.ui.console import out\n"
        "def f():\n    import supportprep.cli.app\n    from supportprep.store import history\n",
        encoding="utf-8",
    )
    known = {"supportprep.store.history"}
    assert imports_of(source, known) == {
        "supportprep.ui.console",
        "supportprep.cli.app",
        "supportprep.store.history",
    }
