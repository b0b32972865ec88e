"""A cache of validated content, so unchanged packs are not parsed and validated on every run.

What it holds is data, never code: JSON, read with ``json.loads`` and rebuilt into the model
dataclasses field by field, so a crafted cache file can at worst be refused, never run.

The key is everything the result depends on: this supportprep's version, the pack format and
the cache layout, and for every pack source in merge order its kind, its resolved folder, and the
relative path and SHA-256 of the bytes of each of its YAML files. The same pack named by a
relative and an absolute path hits the same entry; an edit that keeps size and modification time
still changes the key. Several entries are kept (one per distinct set of sources, the least
recently used dropped past ``MAX_ENTRIES``), so switching between ``--pack`` sets stays fast.

An entry is JSON lines: a header (the packs, the file paths, and for each line where it lies
and the SHA-256 of its bytes), one line of rows per kind, then the scenarios' long texts
(``DEFERRED``) on a line of their own. Only the header is read up front; a kind is checked
against its hash, parsed and rebuilt the first time something asks for it
(``Content.__getattr__``), and the scenarios' long texts the first time one of them is read
(``Scenario.__getattr__``). So ``packs list`` reads the header alone, and the home screen and
``next`` never parse the example answers or a scenario's prompt. The decoders are built the same
way, per class, the first time a line needs them, resolving each distinct annotation once.

An entry that cannot be read back (damaged, truncated, from another layout) is deleted and
rebuilt, with a one-line notice on stderr; a line found damaged only when first read is
handled the same way, mid-command: the notice, the packs loaded afresh, the kinds not yet decoded
taken from them, the entry rewritten. A cache that cannot be written is ignored: it only costs
speed. ``SUPPORTPREP_NO_CACHE=1`` turns it off.

The wheel ships an entry for the bundled packs (``SHIPPED``, written by ``hatch_build.py`` with
this module's ``write_shipped``), its paths relative to the bundled folder, so the first run
after an install needs neither yaml nor pydantic. It is read in place, never copied: it is used
only when every source is a bundled pack and its recorded key matches the hashes of the
installed files (computed as for any key, without the folder), and its paths are rebased on the
folder it is found in. Read in place, the first run writes nothing; if it proves damaged, the
rebuilt entry goes to the user's cache, which is looked at first from then on.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from supportprep.packs.content import Content, Origin, PackInfo, Source, gc_paused
from supportprep.packs.errors import PackError, PackIssue
from supportprep.packs.models import KINDS, ContentFile, Manifest, jsonable

NO_CACHE_ENV = "SUPPORTPREP_NO_CACHE"
PREFIX = "content-"
SUFFIX = ".jsonl"
SHIPPED = "content-cache.jsonl"
"""The prebuilt entry for the bundled packs, next to them in the wheel."""
MAX_ENTRIES = 4
LAYOUT = 5
"""The shape of an entry; bump it when the models or this file's format change (3: JSON;
4: scenario ``skip_criteria``, industry ``neighbours``, stage ``reflection``; 5: JSON lines, a
header, a line per kind and one for the scenarios' long texts)."""

DEFERRED: dict[str, frozenset[str]] = {
    "scenarios": frozenset(
        (
            "prompt",
            "context",
            "follow_ups",
            "strong_answer_points",
            "red_flags",
            "talking_points",
            "injects",
            "calculations",
        )
    )
}
"""Fields kept on a line of their own, read the first time one of them is asked for: nine
tenths of the scenarios' bytes, which the home screen and ``next`` never show
(``Scenario.__getattr__``)."""

Decoder = Callable[[Any], Any]
# What a damaged entry raises while it is decoded (json's errors are ValueErrors).
DAMAGE = (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)


class Keys:
    """An entry's key, and the key of the shipped entry when every source is a bundled pack."""

    __slots__ = ("own", "shipped")

    def __init__(self, own: str, shipped: str | None) -> None:
        self.own = own
        self.shipped = shipped


def keys(sources: Sequence[tuple[Path, Source]]) -> Keys | None:
    """The cache keys for ``sources``; None when a file cannot be hashed (the loader will say
    why, e.g. a pipe or a link out of the pack, so such content is never cached).

    The shipped key leaves out where the packs are (the folder's name and the files' paths
    inside it stay), so an entry built before install matches the installed files."""
    from supportprep import __version__
    from supportprep.packs.models import FORMAT_VERSION
    from supportprep.packs.packfiles import pack_files, regular_inside

    stamp = f"{__version__}|{FORMAT_VERSION}|{LAYOUT}"
    digest = hashlib.sha256(stamp.encode())
    bundled = bool(sources) and all(source == "bundled" for _, source in sources)
    shipped = hashlib.sha256(f"{stamp}|shipped".encode()) if bundled else None
    for folder, source in sources:
        try:
            root = folder.resolve()
            files = pack_files(root)
        except (OSError, RuntimeError):
            return None
        digest.update(f"\0{source}\0{root}".encode())
        if shipped is not None:
            shipped.update(f"\0{root.name}".encode())
        for path in files:
            if regular_inside(path, root) is not None:
                return None
            try:
                with path.open("rb") as handle:
                    file_digest = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                return None
            line = f"\0{path.relative_to(root).as_posix()}\0{file_digest}".encode()
            digest.update(line)
            if shipped is not None:
                shipped.update(line)
    return Keys(digest.hexdigest()[:32], None if shipped is None else shipped.hexdigest()[:32])


def fingerprint(sources: Sequence[tuple[Path, Source]]) -> str | None:
    """The cache key for ``sources`` (see :func:`keys`)."""
    found = keys(sources)
    return None if found is None else found.own


def cached(
    sources: Sequence[tuple[Path, Source]],
    load: Callable[[], Content],
    folder: Path,
    shipped: Path | None = None,
) -> Content:
    """The content for ``sources``: from the cache when the files are unchanged (or from the
    ``shipped`` entry when it was built from these very files), else ``load()``."""
    if os.environ.get(NO_CACHE_ENV):
        return load()
    key = keys(sources)
    if key is None:
        return load()
    entry = folder / f"{PREFIX}{key.own}{SUFFIX}"

    def store(content: Content) -> None:
        # A file edited while it was being loaded would otherwise be stored under the old key.
        if fingerprint(sources) == key.own:
            _store(folder, entry, encode(content))

    def rebuild(damaged: Path, exc: BaseException) -> Content:
        _discard(damaged, exc, delete=damaged == entry)
        content = load()
        store(content)
        return content

    content = _read(entry, rebuild)
    if content is None and shipped is not None and key.shipped is not None:
        content = _read(shipped, rebuild, base=shipped.parent.resolve(), key=key.shipped)
    if content is not None:
        return content
    content = load()  # raises PackError on invalid content, which is never cached
    store(content)
    return content


Rebuild = Callable[[Path, BaseException], Content]


def _read(
    entry: Path, rebuild: Rebuild, *, base: Path | None = None, key: str | None = None
) -> Content | None:
    """The entry's content, its kinds decoded when first asked for; None when there is no
    entry, it is damaged (then deleted, with a notice), or it is not for ``key``."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return None  # not cached yet (or unreadable): build it
    try:
        with gc_paused():
            content = decode(raw, base=base, key=key, on_damage=lambda exc: rebuild(entry, exc))
    except _Mismatch:
        return None  # a shipped entry for other files: the bundled packs were changed
    except DAMAGE as exc:
        _discard(entry, exc, delete=base is None)
        return None
    if base is None:
        with contextlib.suppress(OSError):
            os.utime(entry)  # most recently used: the last to be dropped
    return content


def _discard(entry: Path, exc: BaseException, *, delete: bool) -> None:
    if delete:  # never the shipped entry: it is the install's, and the user cache now wins
        with contextlib.suppress(OSError):
            entry.unlink(missing_ok=True)
    detail = " ".join(str(exc).split())[:80]
    print(
        f"supportprep: note: the content cache entry {entry.name} was damaged ({detail}); "
        "rebuilding it",
        file=sys.stderr,
    )


def _store(folder: Path, entry: Path, data: bytes) -> None:
    import tempfile  # only when writing: with shutil and random it costs a cached run ~3 ms

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".content-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            Path(tmp).replace(entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _evict(folder, entry)
    except OSError:
        pass  # a read-only or full disk only costs speed


def _evict(folder: Path, keep: Path) -> None:
    entries = []
    for path in folder.glob(f"{PREFIX}*"):
        if path == keep:
            continue
        if path.suffix != SUFFIX:
            path.unlink(missing_ok=True)  # an older layout (a pickle, one JSON document)
            continue
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES - 1 :]:
        path.unlink(missing_ok=True)


def write_shipped(sources: Sequence[tuple[Path, Source]], content: Content, out: Path) -> None:
    """Write the entry the wheel ships for the bundled packs in ``sources`` (all in one folder,
    ``content`` loaded from them), paths relative to that folder. Run at wheel build time."""
    key = keys(sources)
    if key is None or key.shipped is None:
        raise ValueError("only readable bundled packs make a shipped entry")
    base = sources[0][0].resolve().parent
    out.write_bytes(encode(content, base=base, key=key.shipped))


# --- content <-> JSON lines ------------------------------------------------------------------


class _Mismatch(Exception):
    """A shipped entry built from other files than the installed ones."""


def _dumps(value: Any) -> bytes:
    # No newline can appear: json escapes it inside strings, and writes none between values.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _text(line: bytes) -> str:
    # ``json.loads(bytes)`` decodes with the "surrogatepass" handler, which takes Python's slow
    # path: a third of the time of parsing the scenarios.
    return line.decode("utf-8")


def encode(content: Content, *, base: Path | None = None, key: str = "") -> bytes:
    """The content as JSON lines: a header (packs, file paths once each, and where each kind's
    line lies with its SHA-256), then each kind's rows in merge order, each with its origin's
    file number and index. With ``base``, paths are written relative to it."""
    files: dict[str, int] = {}
    lines: list[bytes] = []
    later: list[bytes] = []
    for kind in KINDS:
        rows = []
        rests = []
        deferred = DEFERRED.get(kind, frozenset())
        for item_id, item in content.kind(kind).items():
            origin = content.origins[(kind, item_id)]
            number = files.setdefault(origin.path, len(files))
            values = jsonable(item)
            if deferred:
                rests.append({name: values.pop(name) for name in sorted(deferred)})
            rows.append([values, number, origin.index])
        lines.append(_dumps(rows))
        if deferred:
            later.append(_dumps(rests))

    def where(path: str | Path) -> str:
        return str(path) if base is None else Path(path).relative_to(base).as_posix()

    packs = [
        {
            "manifest": jsonable(p.manifest),
            "path": where(p.path),
            "source": p.source,
            "counts": p.counts,
            "overridden": p.overridden,
        }
        for p in content.packs
    ]
    offset = 0

    def place(line: bytes) -> list[Any]:
        nonlocal offset
        start = offset
        offset += len(line) + 1
        return [start, start + len(line), hashlib.sha256(line).hexdigest()]

    index = {kind: place(line) for kind, line in zip(KINDS, lines, strict=True)}
    rest_index = {kind: place(line) for kind, line in zip(DEFERRED, later, strict=True)}
    header = {
        "layout": LAYOUT,
        "key": key,
        "relative": base is not None,
        "files": [where(f) for f in files],
        "packs": packs,
        "kinds": index,
        "deferred": rest_index,
    }
    return b"\n".join([_dumps(header), *lines, *later]) + b"\n"


def decode(
    raw: bytes,
    *,
    base: Path | None = None,
    key: str | None = None,
    on_damage: Callable[[BaseException], Content] | None = None,
) -> Content:
    """The content ``encode`` wrote. The header is checked now and raises
    ``ValueError``/``TypeError``/``KeyError`` on anything else; each kind is decoded when first
    asked for, and a kind that fails then is taken from ``on_damage(error)`` (by default the
    error is raised). With ``key``, an entry recorded for another key raises ``_Mismatch``."""
    newline = raw.find(b"\n")
    if newline < 0:
        raise ValueError("no header line")
    header = json.loads(_text(raw[:newline]))
    if type(header) is not dict:
        raise TypeError("the header is not an object")
    if header.get("layout") != LAYOUT:
        raise ValueError(f"layout {header.get('layout')!r}, expected {LAYOUT}")
    if key is not None and header.get("key") != key:
        raise _Mismatch(header.get("key"))
    if header["relative"] is not (base is not None):
        raise ValueError("paths relative where absolute ones were expected, or the reverse")
    files: list[str] = header["files"]
    if type(files) is not list or not all(type(f) is str for f in files):
        raise TypeError("file paths must be strings")
    if base is not None:
        files = [str(base / f) for f in files]
    manifest = _decoder(Manifest)
    packs = [
        PackInfo(
            manifest=manifest(p["manifest"]),
            path=Path(p["path"]) if base is None else base / p["path"],
            source=p["source"],
            counts=dict(p["counts"]),
            overridden=list(p["overridden"]),
        )
        for p in header["packs"]
    ]
    body = newline + 1

    def place(where: Any, kind: str) -> tuple[int, int, str]:
        start, end, digest = where
        if not (type(start) is int and type(end) is int and type(digest) is str):
            raise TypeError(f"{kind}: where its line lies")
        if not body <= body + start <= body + end < len(raw):
            raise ValueError(f"{kind}: its line lies outside the entry")
        return (body + start, body + end, digest)

    lines = {kind: place(header["kinds"][kind], kind) for kind in KINDS}
    rests = {kind: place(header["deferred"][kind], kind) for kind in DEFERRED}
    if max(end for _, end, _ in [*lines.values(), *rests.values()]) + 1 != len(raw):
        raise ValueError("the entry's length is not the one its header gives")
    content = Content.__new__(Content)
    origins = _Origins()
    pending = _Pending(content, raw, lines, rests, files, origins, on_damage)
    origins.pending = pending
    content.__dict__.update(packs=packs, origins=origins, _pending=pending)
    return content


class _Pending:
    """The kinds of one entry's content not decoded yet, with the bytes they are read from."""

    def __init__(
        self,
        content: Content,
        raw: bytes,
        lines: dict[str, tuple[int, int, str]],
        rests: dict[str, tuple[int, int, str]],
        files: list[str],
        origins: _Origins,
        on_damage: Callable[[BaseException], Content] | None,
    ) -> None:
        self.content = content
        self.raw = raw
        self.lines = lines
        self.rests = rests
        self.files = files
        self.origins = origins
        self.on_damage = on_damage
        self.fresh: Content | None = None

    def fill(self, kind: str) -> None:
        if kind not in self.lines:
            return
        try:
            with gc_paused():
                items, origins = self._decode(kind)
        except DAMAGE as exc:
            self.rebuilt(exc)
            return
        # Set only once the whole kind is read: a failure halfway leaves nothing half-made.
        self.content.__dict__[kind] = items
        dict.update(self.origins, origins)
        del self.lines[kind]
        if not self.lines:
            self._done()

    def fill_all(self) -> None:
        for kind in list(self.lines):
            self.fill(kind)

    def _decode(self, kind: str) -> tuple[dict[str, Any], dict[tuple[str, str], Origin]]:
        start, end, digest = self.lines[kind]
        line = self.raw[start:end]
        if hashlib.sha256(line).hexdigest() != digest:
            raise ValueError(f"the {kind} line does not match its SHA-256")
        rows = json.loads(_text(line))
        if type(rows) is not list:
            raise TypeError(f"the {kind} line is not a list")
        cls = get_args(_resolve(ContentFile, kind)[1])[0]  # list[Scenario]: Scenario
        deferred = DEFERRED.get(kind, frozenset())
        make = _dataclass_decoder(cls, deferred) if deferred else _decoder(cls)
        files = self.files
        items: dict[str, Any] = {}
        origins: dict[tuple[str, str], Origin] = {}
        for values, number, index in rows:
            item = make(values)
            items[item.id] = item
            origins[(kind, item.id)] = Origin(files[number], kind, index)
        if deferred:
            start, end, digest = self.rests[kind]
            rest = _Rest(self, kind, cls, deferred, self.raw[start:end], digest)
            rest.items = list(items.values())
            for item in rest.items:
                item.__dict__["_rest"] = rest
        return items, origins

    def rebuilt(self, exc: BaseException) -> Content:
        """Content loaded afresh after ``exc`` showed the entry damaged (once per run, with the
        notice); the kinds not decoded yet are taken from it."""
        if self.fresh is None:
            if self.on_damage is None:
                raise exc
            self.fresh = self.on_damage(exc)
            self._replace(self.fresh)
        return self.fresh

    def _replace(self, fresh: Content) -> None:
        """The kinds not decoded yet, taken from content loaded afresh."""
        waiting = set(self.lines)
        for kind in waiting:
            self.content.__dict__[kind] = fresh.kind(kind)
        dict.update(self.origins, {k: o for k, o in fresh.origins.items() if k[0] in waiting})
        self.lines.clear()
        self._done()

    def _done(self) -> None:
        self.raw = b""  # the entry's bytes are no longer needed
        self.origins.pending = None
        self.content.__dict__.pop("_pending", None)


class _Rest:
    """The deferred fields (``DEFERRED``) of one kind's items, decoded for all of them the
    first time any of them is asked for."""

    def __init__(
        self,
        pending: _Pending,
        kind: str,
        cls: type[Any],
        names: frozenset[str],
        line: bytes,
        digest: str,
    ) -> None:
        self.pending = pending
        self.kind = kind
        self.cls = cls
        self.names = names
        self.line = line
        self.digest = digest
        self.items: list[Any] = []

    def fill(self) -> None:
        try:
            with gc_paused():
                values = self._decode()
        except DAMAGE as exc:
            fresh = self.pending.rebuilt(exc).kind(self.kind)
            values = []
            for item in self.items:
                if item.id not in fresh:  # only if the packs were edited during this command
                    origin = self.pending.origins[(self.kind, item.id)]
                    raise PackError(
                        [PackIssue(origin.file, "changed while it was read; run the command again")]
                    ) from exc
                values.append({name: getattr(fresh[item.id], name) for name in self.names})
        for item, more in zip(self.items, values, strict=True):
            item.__dict__.update(more)
            del item.__dict__["_rest"]
        self.line = b""
        self.items = []

    def _decode(self) -> list[dict[str, Any]]:
        if hashlib.sha256(self.line).hexdigest() != self.digest:
            raise ValueError(f"the deferred {self.kind} line does not match its SHA-256")
        rows = json.loads(_text(self.line))
        if type(rows) is not list or len(rows) != len(self.items):
            raise TypeError(f"the deferred {self.kind} line is not one row per item")
        makes = [_resolve(self.cls, name) for name in sorted(self.names)]
        decoders = [(name, _decoder(hint)) for name, hint in makes]
        for row in rows:
            if type(row) is not dict or row.keys() != self.names:
                raise KeyError(f"{self.cls.__name__}: not the deferred fields")
            for name, make in decoders:
                row[name] = make(row[name])
        return rows


class _Origins(dict[tuple[str, str], Origin]):
    """``Content.origins`` for content served from the cache: looking up a key decodes its
    kind first; anything that sees the whole mapping decodes every kind first."""

    pending: _Pending | None = None

    def _want(self, key: object) -> None:
        if self.pending is not None and type(key) is tuple and key:
            self.pending.fill(str(key[0]))

    def _all(self) -> None:
        if self.pending is not None:
            self.pending.fill_all()

    def __missing__(self, key: tuple[str, str]) -> Origin:
        if self.pending is not None:
            self._want(key)
            if dict.__contains__(self, key):
                return dict.__getitem__(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        self._want(key)
        return dict.__contains__(self, key)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        if args:
            self._want(args[0])
        return dict.get(self, *args, **kwargs)

    def __iter__(self, *args: Any, **kwargs: Any) -> Any:
        self._all()
        return dict.__iter__(self, *args, **kwargs)


def _whole(name: str) -> Callable[..., Any]:
    method = getattr(dict, name)

    def whole(self: _Origins, *args: Any, **kwargs: Any) -> Any:
        self._all()
        return method(self, *args, **kwargs)

    whole.__name__ = name
    return whole


# Every other way of seeing or changing the mapping needs all of it.
for _name in (
    "__len__", "__eq__", "__ne__", "__repr__", "__reversed__", "__or__", "__ror__", "__ior__",
    "__setitem__", "__delitem__", "keys", "values", "items", "copy", "pop", "popitem",
    "setdefault", "update", "clear",
):  # fmt: skip
    setattr(_Origins, _name, _whole(_name))


_DECODERS: dict[Any, Decoder] = {}
_NONE = type(None)
# The JSON types a plain field may hold. JSON writes a whole float as 2.0, but a hand-edited
# entry may say 2.
_PLAIN: dict[Any, tuple[type, ...]] = {str: (str,), int: (int,), float: (float, int), bool: (bool,)}


def _decoder(annotation: Any) -> Decoder:
    """A function that rebuilds a value of ``annotation`` from its ``jsonable`` form, checking
    types on the way (a damaged entry must fail here, not later in a command)."""
    annotation = _bare(annotation)
    known = _DECODERS.get(annotation)
    if known is None:
        known = _DECODERS[annotation] = _make_decoder(annotation)
    return known


def _bare(annotation: Any) -> Any:
    """The type without its ``Annotated`` constraints (checked when the packs were loaded)."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


_RESOLVED: dict[tuple[str, str], Any] = {}


def _resolve(cls: type[Any], name: str) -> tuple[str, Any]:
    """The field ``name`` of the dataclass ``cls`` and its type. The models' annotations are
    strings (``from __future__ import annotations``); each distinct one is evaluated once, and
    only for the classes a command decodes (``typing.get_type_hints`` on every model cost more
    than decoding the content a command reads)."""
    for owner in cls.__mro__:
        text = inspect.get_annotations(owner).get(name)
        if text is not None:
            break
    else:
        raise TypeError(f"{cls.__name__} has no field {name!r}")
    if not isinstance(text, str):
        return name, text
    module = owner.__module__
    resolved = _RESOLVED.get((module, text))
    if resolved is None:
        # The model module's own source text, never the entry's: evaluated as
        # ``get_type_hints`` would.
        resolved = eval(text, vars(sys.modules[module]))
        _RESOLVED[(module, text)] = resolved
    return name, resolved


def _plain_kinds(annotation: Any) -> tuple[type, ...] | None:
    """The JSON types of a field that needs no conversion (text, numbers, optional ones), or
    None when its value must be rebuilt."""
    annotation = _bare(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        options = [_bare(a) for a in get_args(annotation) if a is not _NONE]
        inner = _PLAIN.get(options[0]) if len(options) == 1 else None
        return None if inner is None else (*inner, _NONE)
    return _PLAIN.get(annotation)


def _make_decoder(annotation: Any) -> Decoder:
    annotation = _bare(annotation)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        options = [_decoder(a) for a in get_args(annotation) if a is not _NONE]
        if len(options) == 1:
            inner = options[0]
            return lambda value: None if value is None else inner(value)

        def either(value: Any) -> Any:
            # Each option checks its own shape, so the first that accepts the value wins.
            for make in options:
                try:
                    return make(value)
                except (TypeError, KeyError, ValueError):
                    continue
            raise TypeError(f"not any of {annotation!r}")

        return either
    if origin is dict:
        key_kinds = _PLAIN.get(_bare(get_args(annotation)[0]))
        make_value = _decoder(get_args(annotation)[1])
        if key_kinds is None:
            raise TypeError(f"cannot rebuild {annotation!r} from the cache")

        def mapping(value: Any) -> Any:
            if type(value) is not dict or not set(map(type, value)) <= set(key_kinds):
                raise TypeError("expected a mapping")
            return {k: make_value(v) for k, v in value.items()}

        return mapping
    if origin is list:
        element = _bare(get_args(annotation)[0])
        kinds = _PLAIN.get(element)
        if kinds is not None:
            allowed = set(kinds)

            def plain_list(value: Any) -> Any:
                # set(map(type, ...)) runs in C: most of a cached load is lists of text.
                if type(value) is not list or not set(map(type, value)) <= allowed:
                    raise TypeError(f"expected a list of {element.__name__}")
                return value

            return plain_list
        make = _decoder(element)

        def item_list(value: Any) -> Any:
            if type(value) is not list:
                raise TypeError("expected a list")
            return [make(v) for v in value]

        return item_list
    if origin is Literal:
        allowed_values = set(get_args(annotation))

        def literal(value: Any) -> Any:
            if value not in allowed_values:
                raise ValueError(f"{value!r} is not one of {sorted(allowed_values)}")
            return value

        return literal
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        members = {member.value: member for member in annotation}
        return members.__getitem__  # a KeyError for a value the enum does not have
    if isinstance(annotation, type) and is_dataclass(annotation):
        return _dataclass_decoder(annotation)
    if annotation is date:  # written by ``jsonable`` as YYYY-MM-DD

        def iso_date(value: Any) -> Any:
            if type(value) is not str:
                raise TypeError("expected a date as YYYY-MM-DD")
            return date.fromisoformat(value)

        return iso_date
    kinds = _PLAIN.get(annotation)
    if kinds is not None:

        def plain(value: Any) -> Any:
            if type(value) not in kinds:
                raise TypeError(f"expected {annotation.__name__}, got {type(value).__name__}")
            return value

        return plain
    raise TypeError(f"cannot rebuild {annotation!r} from the cache")


def _dataclass_decoder(cls: type[Any], deferred: frozenset[str] = frozenset()) -> Decoder:
    """Rebuilds an instance of ``cls`` from its fields, less those ``deferred`` (set later)."""
    memo = (cls, deferred)
    known = _DECODERS.get(memo)
    if known is None:
        known = _DECODERS[memo] = _make_dataclass_decoder(cls, deferred)
    return known


def _make_dataclass_decoder(cls: type[Any], deferred: frozenset[str]) -> Decoder:
    names = [f.name for f in fields(cls) if f.name not in deferred]
    plain: list[tuple[str, tuple[type, ...]]] = []
    rebuilt: list[tuple[str, Decoder]] = []
    for name, hint in (_resolve(cls, name) for name in names):
        kinds = _plain_kinds(hint)
        if kinds is not None:
            plain.append((name, kinds))
        else:
            rebuilt.append((name, _decoder(hint)))
    wanted = set(names)
    new = object.__new__
    set_dict = object.__setattr__

    def build(value: Any) -> Any:
        if type(value) is not dict or value.keys() != wanted:
            raise KeyError(f"{cls.__name__}: not the fields it has")
        for name, kinds in plain:
            if type(value[name]) not in kinds:
                raise TypeError(f"{cls.__name__}.{name}: {type(value[name]).__name__}")
        for name, make in rebuilt:
            value[name] = make(value[name])
        # The values were validated when the packs were loaded: the parsed dict becomes the
        # instance's own, without the frozen dataclass's per-field ``__init__`` work.
        obj = new(cls)
        set_dict(obj, "__dict__", value)
        return obj

    return build
