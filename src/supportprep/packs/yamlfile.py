"""Reading one YAML file safely, with line numbers for every problem.

PyYAML's C composer (libyaml) builds the node tree; a small converter of our own then turns the
nodes into plain dicts, lists and scalars. Doing the construction ourselves lets us:

- allow only the plain YAML types (no tag can build a Python object),
- refuse duplicate keys, which PyYAML would silently collapse,
- bound how far aliases may expand (a "billion laughs" file stops with an error, not an OOM),
- find the line and column of any field path later, for error messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from supportprep.packs.errors import Loc, PackIssue, format_loc

try:  # the C loader is much faster; fall back to pure Python where libyaml is missing
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

# How many nodes aliases may add on top of the file's own nodes before we call it a bomb.
ALIAS_EXPANSION_LIMIT = 10_000

_scalar = yaml.constructor.SafeConstructor()


class YamlProblem(Exception):
    def __init__(self, issue: PackIssue) -> None:
        self.issue = issue
        super().__init__(str(issue))


def read_text(path: Path) -> str:
    """The file as text; not UTF-8 is a one-line error with the position of the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(PackIssue(path, f"cannot read file: {exc.strerror or exc}")) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            PackIssue(
                path,
                f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                line,
                column,
            )
        ) from exc


def compose(path: Path, text: str) -> yaml.Node | None:
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context and exc.context not in problem:
            problem = f"{exc.context}; {problem}"
        raise YamlProblem(
            PackIssue(
                path,
                f"YAML syntax error: {problem}",
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
            )
        ) from exc
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a raw control code): located, on one line.
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlProblem(
            PackIssue(
                path,
                f"YAML error: character U+{character:04X} is not allowed ({exc.reason}); "
                "write it as an escape in a double-quoted string",
                line,
                column,
            )
        ) from exc
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())  # one line, whatever PyYAML wrote
        raise YamlProblem(PackIssue(path, f"YAML error: {detail}")) from exc
    return node


def load_mapping(path: Path) -> tuple[dict[str, Any], yaml.Node]:
    """Parse ``path`` into a mapping; empty files and non-mappings are errors."""
    text = read_text(path)
    node = compose(path, text)
    if node is None:
        raise YamlProblem(PackIssue(path, "file is empty; expected a mapping of content", 1, 1))
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise YamlProblem(
            PackIssue(
                path,
                f"expected a mapping (key: value pairs) at the top of the file, found {kind}",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        )
    # An alias needs an anchor; only a file with one can expand, so only then is it worth
    # counting nodes for the alias budget (the count costs as much as the conversion).
    budget = _count_nodes(node) + ALIAS_EXPANSION_LIMIT if "&" in text else None
    try:
        value = _Converter(path, budget).convert(node, ())
    except RecursionError:
        raise YamlProblem(
            PackIssue(path, "an alias refers to itself (a recursive structure); refusing to load")
        ) from None
    assert isinstance(value, dict)
    return value, node


class _Converter:
    def __init__(self, path: Path, budget: int | None) -> None:
        self.path = path
        self.budget = budget
        self.visited = 0

    def fail(self, node: yaml.Node, loc: Loc, message: str) -> YamlProblem:
        mark = node.start_mark
        return YamlProblem(
            PackIssue(self.path, message, mark.line + 1, mark.column + 1, format_loc(loc))
        )

    def convert(self, node: yaml.Node, loc: Loc) -> Any:
        self.visited += 1
        if self.budget is not None and self.visited > self.budget:
            raise self.fail(
                node, loc, "aliases expand to too many nodes (an alias bomb?); refusing to load"
            )
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, loc, f"YAML tag {node.tag} is not allowed in a pack")
            return [self.convert(child, (*loc, i)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, loc, f"YAML tag {node.tag} is not allowed in a pack")
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, loc, "merge keys (<<) are not supported in packs")
                key = self.convert(key_node, loc)
                if isinstance(key, dict | list):
                    raise self.fail(key_node, loc, "a mapping key must be a plain value")
                if key in out:
                    raise self.fail(key_node, (*loc, str(key)), f"duplicate key '{key}'")
                out[key] = self.convert(value_node, (*loc, str(key)))
            return out
        raise self.fail(node, loc, "unsupported YAML node")  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag in (_INT, _FLOAT, _BOOL):
            try:
                return _scalar.construct_object(node)
            except ValueError:  # e.g. more digits than Python converts (4,300)
                raise self.fail(
                    node, loc, f"cannot read '{_clip(node.value)}' as a number"
                ) from None
        if tag == _TIMESTAMP:
            return node.value  # dates stay text; the models parse what they need
        raise self.fail(node, loc, f"YAML tag {tag} is not allowed in a pack")


def _clip(text: str) -> str:
    """At most 40 characters of ``text``, for quoting a value in an error."""
    return text if len(text) <= 40 else f"{text[:37]}... ({len(text)} characters)"


def _count_nodes(root: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return len(seen)


def locate(root: yaml.Node, loc: Loc, *, key: bool = False) -> tuple[int, int]:
    """Line and column (1-based) of the deepest node ``loc`` reaches in ``root``.

    With ``key=True`` and a mapping key last in ``loc``, the key's own position (for an unknown
    key); a key that is not there leaves us at the mapping that lacks it (for a missing key).
    """
    node = root
    for depth, part in enumerate(loc, start=1):
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    node = key_node if key and depth == len(loc) else value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1, node.start_mark.column + 1
