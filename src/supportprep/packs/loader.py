"""Find packs, read them, validate them, and merge them into one :class:`Content`.

Sources, in the order they are merged:

1. the bundled packs shipped inside the installed package;
2. user packs: every folder with a ``pack.yaml`` in ``$SUPPORTPREP_HOME/packs/`` (else the
   platform's user data folder ``packs/``);
3. each ``--pack PATH`` given on the command line, in the order given.

Override rule: items are merged by id within their kind (a scenario replaces a scenario with the
same id, a rubric a rubric, ...), the later source winning, and the whole item is replaced, never
patched field by field. A pack whose id equals an earlier pack's replaces that pack entirely.
Within one pack an id may appear only once per kind. Cross-references are checked after merging,
so a user pack may refer to the bundled rubrics, stages and taxonomy.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin, get_type_hints

from supportprep.packs.content import Content, Origin, PackInfo, Source, gc_paused
from supportprep.packs.errors import Loc, PackError, PackIssue, display_path, format_loc
from supportprep.packs.models import KINDS, SCHEMA_KEY, ContentFile, Manifest, Scenario, validator
from supportprep.packs.packfiles import pack_files, regular_inside

# yaml and pydantic are imported where packs are read: content served from the cache needs
# neither, and importing them would cost more than the rest of a cached run.
if TYPE_CHECKING:
    import yaml

M = TypeVar("M")

MANIFEST = "pack.yaml"
MAX_ISSUES = 50
SINGULAR = {
    "roles": "role",
    "variants": "variant",
    "industries": "industry",
    "skills": "skill",
    "stages": "stage",
    "rubrics": "rubric",
    "scenarios": "scenario",
    "checklists": "checklist",
    "plans": "plan",
    "insights": "insight rule",
    "examples": "example answer",
}


def bundled_root() -> Path:
    """The bundled packs: inside the wheel as ``supportprep/_content``; in a source checkout,
    the repository's ``content/`` folder."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "_content"
    if inside.is_dir():
        return inside
    return package.parent.parent / "content"


def discover(root: Path) -> list[Path]:
    """Pack folders directly below ``root`` (each holds a ``pack.yaml``), sorted by name."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / MANIFEST).is_file())


def sources(
    extra: Sequence[Path] = (), *, user_packs: Path | None = None, include_bundled: bool = True
) -> list[tuple[Path, Source]]:
    """The pack folders to merge, in merge order: bundled, then those in ``user_packs``, then
    ``extra``. The caller names the user folder, so this floor knows nothing of where user data
    lives."""
    found: list[tuple[Path, Source]] = []
    if include_bundled:
        found += [(p, "bundled") for p in discover(bundled_root())]
    if user_packs is not None:
        found += [(p, "user") for p in discover(user_packs)]
    found += [(Path(p), "cli") for p in extra]
    return found


def load_content(
    extra: Sequence[Path] = (),
    *,
    user_packs: Path | None = None,
    include_bundled: bool = True,
    cache_dir: Path | None = None,
) -> Content:
    """Load, validate and merge every pack; raise :class:`PackError` listing all problems.

    ``user_packs`` is the folder of user packs (None: none); with ``cache_dir``, unchanged packs
    come from the validated-content cache kept there (see ``packs/cache.py``).
    """
    found = sources(extra, user_packs=user_packs, include_bundled=include_bundled)
    if cache_dir is None:
        return merge(found)
    from supportprep.packs.cache import SHIPPED, cached

    shipped = bundled_root() / SHIPPED if include_bundled else None
    return cached(found, lambda: merge(found), cache_dir, shipped)


def write_shipped_cache(bundled: Path, out: Path) -> None:
    """Validate the bundled packs in ``bundled`` and write the content cache entry the wheel
    ships for them (``hatch_build.py`` runs this at build time); raises :class:`PackError`."""
    from supportprep.packs.cache import write_shipped

    found: list[tuple[Path, Source]] = [(p, "bundled") for p in discover(bundled)]
    write_shipped(found, merge(found), out)


class _Collector:
    def __init__(self) -> None:
        self.issues: list[PackIssue] = []
        self._roots: dict[Path, yaml.Node | None] = {}
        self.broken: dict[str, set[str]] = {}
        """Ids of items that failed their own checks, by kind: present, so not "unknown"."""
        self.item_issues = 0
        """How many issues lie inside single items whose file was otherwise read: with only
        those, the other items are still checked against each other."""

    def add(self, issue: PackIssue) -> None:
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)

    def root(self, file: Path) -> yaml.Node | None:
        """The file's node tree, parsed again only when an error needs a position."""
        from supportprep.packs.yamlfile import YamlProblem, compose, read_text

        if file not in self._roots:
            try:
                self._roots[file] = compose(file, read_text(file))
            except YamlProblem:
                self._roots[file] = None
        return self._roots[file]

    def at(self, file: Path, loc: Loc, message: str, *, key: bool = False) -> None:
        """An issue at the node ``loc`` reaches in ``file``."""
        from supportprep.packs.yamlfile import locate

        root = self.root(file)
        line, column = locate(root, loc, key=key) if root is not None else (None, None)
        self.add(PackIssue(file, message, line, column, format_loc(loc)))

    def where(self, origin: Origin) -> str:
        """``file:line`` of an item, for "first defined in" hints."""
        from supportprep.packs.yamlfile import locate

        root = self.root(origin.file)
        if root is None:
            return display_path(origin.file)
        line, _ = locate(root, (origin.kind, origin.index))
        return f"{display_path(origin.file)}:{line}"


def merge(pack_dirs: Iterable[tuple[Path, Source]]) -> Content:
    content = Content()
    issues = _Collector()
    with gc_paused():
        for pack_dir, source in pack_dirs:
            _load_pack(pack_dir, source, content, issues)
        if len(issues.issues) == issues.item_issues:
            # Every item that could be read is loaded, so references are checked too, and a
            # broken scenario and a wrong reference elsewhere show up in one run.
            _check_references(content, issues)
    if issues.issues:
        raise PackError(issues.issues)
    return content


def _load_pack(pack_dir: Path, source: Source, content: Content, issues: _Collector) -> None:
    if not pack_dir.is_dir():
        issues.add(PackIssue(pack_dir, "not a folder; a pack is a folder with a pack.yaml"))
        return
    manifest_path = pack_dir / MANIFEST
    if not manifest_path.is_file():
        issues.add(PackIssue(pack_dir, f"not a pack: there is no {MANIFEST} in this folder"))
        return
    root = pack_dir.resolve()
    if not _readable_inside(manifest_path, root, issues):
        return
    manifest = _read_model(manifest_path, Manifest, issues)
    if manifest is None:
        return

    for i, earlier in enumerate(content.packs):
        if earlier.manifest.id == manifest.id:
            # Same pack id: the later pack replaces the earlier one whole.
            _drop_pack_items(content, earlier.path)
            del content.packs[i]
            break

    info = PackInfo(manifest=manifest, path=pack_dir.resolve(), source=source)
    counts = dict.fromkeys(KINDS, 0)
    seen_here: dict[tuple[str, str], Origin] = {}
    item_ids_here: dict[str, Origin] = {}
    files = [p for p in pack_files(pack_dir) if p != manifest_path]
    for file in (p for p in files if _readable_inside(p, root, issues)):
        salvaged: list[tuple[str, int, Any]] = []
        data = _read_model(file, ContentFile, issues, salvaged)
        if data is not None:
            salvaged = [
                (kind, index, item)
                for kind in KINDS
                for index, item in enumerate(getattr(data, kind))
            ]
        resolved = str(file.resolve())
        for kind, index, item in salvaged:
            origin = Origin(resolved, kind, index)
            key = (kind, item.id)
            if key in seen_here:
                first = seen_here[key]
                issues.at(
                    origin.file,
                    (kind, index, "id"),
                    f"duplicate {SINGULAR[kind]} id '{item.id}' (first defined in "
                    f"{issues.where(first)})",
                )
                continue
            seen_here[key] = origin
            if kind == "checklists":
                for item_index, entry in enumerate(item.items):
                    if entry.id in item_ids_here:
                        issues.at(
                            origin.file,
                            (kind, index, "items", item_index, "id"),
                            f"duplicate checklist item id '{entry.id}' (first defined in "
                            f"{issues.where(item_ids_here[entry.id])})",
                        )
                    item_ids_here[entry.id] = origin
            store: dict[str, Any] = content.kind(kind)
            if item.id in store:
                info.overridden.append(f"{kind}:{item.id}")
            store[item.id] = item
            content.origins[key] = origin
            counts[kind] += 1
    info.counts = counts
    content.packs.append(info)


def _readable_inside(path: Path, root: Path, issues: _Collector) -> bool:
    problem = regular_inside(path, root)
    if problem is not None:
        issues.add(PackIssue(path, problem))
    return problem is None


def _drop_pack_items(content: Content, pack_path: Path) -> None:
    for key, origin in list(content.origins.items()):
        if origin.file.is_relative_to(pack_path):
            del content.kind(key[0])[key[1]]
            del content.origins[key]


def _read_model(
    file: Path,
    model: type[M],
    issues: _Collector,
    salvaged: list[tuple[str, int, Any]] | None = None,
) -> M | None:
    """The file read as ``model``, or None with its problems added to ``issues``. For a content
    file that fails only inside some items, ``salvaged`` receives the items that pass on their
    own, as (kind, index, item)."""
    from pydantic import ValidationError

    from supportprep.packs.yamlfile import YamlProblem, load_mapping, locate

    try:
        data, root = load_mapping(file)
    except YamlProblem as problem:
        issues.add(problem.issue)
        return None
    hint_problem = None
    if model is ContentFile and SCHEMA_KEY in data:
        hint_problem = _schema_hint_problem(data.pop(SCHEMA_KEY))
        if hint_problem is not None:
            line, column = locate(root, (SCHEMA_KEY,))
            issues.add(PackIssue(file, hint_problem, line, column, SCHEMA_KEY))
    try:
        validated = validator(model).validate_python(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        before = len(issues.issues)
        for err in errors:
            loc: Loc = tuple(err["loc"])
            message, key, at = _describe(err, model, loc)
            line, column = locate(root, at, key=key)
            issues.add(PackIssue(file, message, line, column, format_loc(loc)))
        if salvaged is not None and hint_problem is None:
            kept = _salvage(data, [tuple(err["loc"]) for err in errors], issues)
            if kept is not None:
                salvaged += kept
                issues.item_issues += len(issues.issues) - before
        return None
    return validated if hint_problem is None else None


def _salvage(
    data: dict[str, Any], failed: list[Loc], issues: _Collector
) -> list[tuple[str, int, Any]] | None:
    """The items of a content file that pass on their own, when every problem lies inside an
    item whose id can be read; else None (what is missing cannot be told apart from a typo)."""
    bad: set[tuple[str, int]] = set()
    for loc in failed:
        if len(loc) < 2 or loc[0] not in KINDS or not isinstance(loc[1], int):
            return None
        bad.add((str(loc[0]), loc[1]))
    hints = get_type_hints(ContentFile)
    broken: list[tuple[str, str]] = []
    kept: list[tuple[str, int, Any]] = []
    for kind in KINDS:
        raw = data.get(kind, [])
        if not isinstance(raw, list):
            return None
        item_model = _inner_model(hints[kind])
        for index, item in enumerate(raw):
            if (kind, index) in bad:
                item_id = item.get("id") if isinstance(item, dict) else None
                if not isinstance(item_id, str):
                    return None
                broken.append((kind, item_id))
            else:
                kept.append((kind, index, validator(item_model).validate_python(item)))
    for kind, item_id in broken:
        issues.broken.setdefault(kind, set()).add(item_id)
    return kept


def _schema_hint_problem(value: object) -> str | None:
    """What is wrong with a ``$schema`` editor hint (see ``SCHEMA_KEY``), if anything."""
    if value is None:
        return None
    if not isinstance(value, str):
        return f"should be a valid string (got {_short(value)})"
    return None if value.strip() else "must not be blank"


def _describe(err: Any, model: type[Any], loc: Loc) -> tuple[str, bool, Loc]:
    """A readable message for a pydantic error, whether to point at the key, and where."""
    kind = err["type"]
    if kind == "missing":
        return f"missing required field '{loc[-1]}'", False, loc[:-1]
    # dataclasses report an unknown key as an unexpected keyword argument, models as extra
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        allowed = _fields_at(model, loc[:-1])
        hint = ""
        if allowed:
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(allowed)}"
        return f"unknown field '{loc[-1]}'{hint}", True, loc
    message = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    message = message.replace("Input should be", "should be")
    value = err.get("input")
    if kind not in ("value_error", "assertion_error") and "input" in err:
        message += f" (got {_short(value)})"
    return message, False, loc


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fields_at(model: type[Any], loc: Loc) -> list[str]:
    """The field names the model expects at ``loc`` (for "did you mean" hints)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not _is_model(current) or part not in _field_names(current):
            return []
        # The annotations are strings (``from __future__ import annotations``): resolve them.
        current = _inner_model(get_type_hints(current)[part])
    return _field_names(current) if _is_model(current) else []


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and dataclasses.is_dataclass(value)


def _field_names(model: Any) -> list[str]:
    return [f.name for f in dataclasses.fields(model)]


def _inner_model(annotation: Any) -> Any:
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            return None
        annotation = args[0]
    return annotation


def _check_references(content: Content, issues: _Collector) -> None:
    def check(kind: str, item_id: str, loc: Loc, target: str, value: str | None) -> None:
        if value is None:
            return
        known: dict[str, Any] = content.kind(target)
        if value in known or value in issues.broken.get(target, ()):
            return
        origin = content.origins[(kind, item_id)]
        close = difflib.get_close_matches(value, list(known), n=1)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif len(known) <= 12:
            hint = f"known: {', '.join(sorted(known))}"
        else:
            hint = f"none of the {len(known)} known is close"
        issues.at(
            origin.file, (kind, origin.index, *loc), f"unknown {SINGULAR[target]} '{value}'; {hint}"
        )

    def check_all(kind: str, item_id: str, field: str, target: str, values: list[str]) -> None:
        for i, value in enumerate(values):
            check(kind, item_id, (field, i), target, value)

    for s in content.scenarios.values():
        check("scenarios", s.id, ("stage",), "stages", s.stage)
        check("scenarios", s.id, ("rubric",), "rubrics", s.rubric)
        check_all("scenarios", s.id, "roles", "roles", s.roles)
        check_all("scenarios", s.id, "variants", "variants", s.variants)
        check_all("scenarios", s.id, "industries", "industries", s.industries)
        _check_skips(content, s, issues)
    for industry in content.industries.values():
        check_all("industries", industry.id, "neighbours", "industries", industry.neighbours)
        if industry.id in industry.neighbours:
            origin = content.origins[("industries", industry.id)]
            issues.at(
                origin.file,
                ("industries", origin.index, "neighbours", industry.neighbours.index(industry.id)),
                f"'{industry.id}' is this industry itself; name other industries",
            )
    _check_injects(content, issues)
    for r in content.rubrics.values():
        check("rubrics", r.id, ("stage",), "stages", r.stage)
        for i, criterion in enumerate(r.criteria):
            check("rubrics", r.id, ("criteria", i, "skill"), "skills", criterion.skill)
    first_list: dict[str, str] = {}
    for c in content.checklists.values():
        for i, item in enumerate(c.items):
            at: Loc = ("items", i)
            # Ticks are kept by item id alone, so one id in two checklists would tick both.
            owner = first_list.setdefault(item.id, c.id)
            if owner != c.id:
                origin = content.origins[("checklists", c.id)]
                issues.at(
                    origin.file,
                    ("checklists", origin.index, *at, "id"),
                    f"duplicate checklist item id '{item.id}' (checklist '{owner}', first defined "
                    f"in {issues.where(content.origins[('checklists', owner)])}, has it too)",
                )
            for field, target, values in (
                ("roles", "roles", item.roles),
                ("variants", "variants", item.variants),
                ("industries", "industries", item.industries),
            ):
                for j, value in enumerate(values):
                    check("checklists", c.id, (*at, field, j), target, value)
            check("checklists", c.id, (*at, "skill"), "skills", item.skill)
            check("checklists", c.id, (*at, "stage"), "stages", item.stage)
    for p in content.plans.values():
        check_all("plans", p.id, "roles", "roles", p.roles)
        check_all("plans", p.id, "industries", "industries", p.industries)
    for rule in content.insights.values():
        check_all("insights", rule.id, "stages", "stages", rule.stages)
        check_all("insights", rule.id, "except_stages", "stages", rule.except_stages)
    for example in content.examples.values():
        check("examples", example.id, ("scenario",), "scenarios", example.scenario)
        scenario = content.scenarios.get(example.scenario)
        rubric = content.rubrics.get(scenario.rubric) if scenario else None
        if rubric is None:
            continue
        criteria = [c.id for c in rubric.criteria]
        for level_key in example.levels:
            if scenario is not None and level_key in scenario.skip_criteria:
                origin = content.origins[("examples", example.id)]
                issues.at(
                    origin.file,
                    ("examples", origin.index, "levels", level_key),
                    f"'{level_key}' is skipped by scenario '{scenario.id}' (skip_criteria), "
                    "so it is never graded; leave it out",
                    key=True,
                )
            elif level_key not in criteria:
                origin = content.origins[("examples", example.id)]
                issues.at(
                    origin.file,
                    ("examples", origin.index, "levels", level_key),
                    f"'{level_key}' is not a criterion of rubric '{rubric.id}'; "
                    f"known: {', '.join(criteria)}",
                    key=True,
                )


def _check_skips(content: Content, scenario: Scenario, issues: _Collector) -> None:
    """``skip_criteria`` names criteria of the scenario's own rubric, each once, and leaves at
    least one to score."""
    rubric = content.rubrics.get(scenario.rubric)
    if rubric is None or not scenario.skip_criteria:
        return  # an unknown rubric is reported on its own
    origin = content.origins[("scenarios", scenario.id)]
    known = [c.id for c in rubric.criteria]
    seen: set[str] = set()
    for i, criterion_id in enumerate(scenario.skip_criteria):
        at: Loc = ("scenarios", origin.index, "skip_criteria", i)
        if criterion_id not in known:
            close = difflib.get_close_matches(criterion_id, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
            issues.at(
                origin.file,
                at,
                f"'{criterion_id}' is not a criterion of rubric '{rubric.id}'; {hint}",
            )
        elif criterion_id in seen:
            issues.at(origin.file, at, f"'{criterion_id}' is skipped twice")
        seen.add(criterion_id)
    if set(known) <= seen:
        issues.at(
            origin.file,
            ("scenarios", origin.index, "skip_criteria"),
            f"skips every criterion of rubric '{rubric.id}'; leave at least one to score, "
            "or choose a rubric that fits the scenario",
        )


def _check_injects(content: Content, issues: _Collector) -> None:
    """Injects against what their scenario borrows from elsewhere: the stage's default time
    limit and the rubric's criteria."""
    for s in content.scenarios.values():
        if not s.injects:
            continue
        origin = content.origins[("scenarios", s.id)]
        stage = content.stages.get(s.stage)
        limit = s.time_limit_seconds or (stage.time_limit_seconds if stage else None)
        rubric = content.rubrics.get(s.rubric)
        criteria = [c.id for c in rubric.criteria] if rubric else None
        for i, inject in enumerate(s.injects):
            if limit is not None and inject.at_seconds >= limit:
                issues.at(
                    origin.file,
                    ("scenarios", origin.index, "injects", i, "at_seconds"),
                    f"the inject arrives at {inject.at_seconds} seconds, after the answer's "
                    f"time limit ({limit} seconds)",
                )
            if criteria is not None and inject.criterion and inject.criterion not in criteria:
                issues.at(
                    origin.file,
                    ("scenarios", origin.index, "injects", i, "criterion"),
                    f"'{inject.criterion}' is not a criterion of rubric '{s.rubric}'; "
                    f"known: {', '.join(criteria)}",
                )
