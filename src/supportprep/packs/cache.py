"""A cache of validated content, so unchanged packs are not parsed and validated on every run.

What it holds is data, never code: JSON, read with ``json.loads`` and rebuilt into the model
dataclasses field by field, so a crafted cache file can at worst be refused, never run.

The key is everything the result depends on: this supportprep's version, the pack format and
the cache layout, and for every pack source in merge order its kind, its resolved folder, and the
relative path and SHA-256 of the bytes of each of its YAML files. The same pack named by a
relative and an absolute path hits the same entry; an edit that keeps size and modification time
still changes the key. Several entries are kept (one per distinct set of sources, the least
recently used dropped past ``MAX_ENTRIES``), so switching between ``--pack`` sets stays fast.

An entry that cannot be read back (damaged, truncated, from another layout) is deleted and
rebuilt, with a one-line notice on stderr. A cache that cannot be written is ignored: it only
costs speed. ``SUPPORTPREP_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import sys
import tempfile
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from supportprep.packs.content import Content, Origin, PackInfo, Source
from supportprep.packs.models import KINDS, ContentFile, Manifest, jsonable

NO_CACHE_ENV = "SUPPORTPREP_NO_CACHE"
PREFIX = "content-"
SUFFIX = ".json"
MAX_ENTRIES = 4
LAYOUT = 4
"""The shape of an entry; bump it when the models or this file's format change (3: JSON;
4: scenario ``skip_criteria``, industry ``neighbours``, stage ``reflection``)."""

Decoder = Callable[[Any], Any]


def fingerprint(sources: Sequence[tuple[Path, Source]]) -> str | None:
    """The cache key for ``sources``; None when a file cannot be hashed (the loader will say why,
    e.g. a pipe or a link out of the pack, so such content is never cached)."""
    from supportprep import __version__
    from supportprep.packs.models import FORMAT_VERSION
    from supportprep.packs.packfiles import pack_files, regular_inside

    digest = hashlib.sha256(f"{__version__}|{FORMAT_VERSION}|{LAYOUT}".encode())
    for folder, source in sources:
        try:
            root = folder.resolve()
            files = pack_files(root)
        except (OSError, RuntimeError):
            return None
        digest.update(f"\0{source}\0{root}".encode())
        for path in files:
            if regular_inside(path, root) is not None:
                return None
            try:
                with path.open("rb") as handle:
                    file_digest = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                return None
            digest.update(f"\0{path.relative_to(root)}\0{file_digest}".encode())
    return digest.hexdigest()[:32]


def cached(
    sources: Sequence[tuple[Path, Source]], load: Callable[[], Content], folder: Path
) -> Content:
    """The content for ``sources``: from the cache when the files are unchanged, else ``load()``."""
    if os.environ.get(NO_CACHE_ENV):
        return load()
    key = fingerprint(sources)
    if key is None:
        return load()
    entry = folder / f"{PREFIX}{key}{SUFFIX}"
    content = _read(entry)
    if content is not None:
        return content
    content = load()  # raises PackError on invalid content, which is never cached
    # A file edited while it was being loaded would otherwise be stored under the old key.
    if fingerprint(sources) == key:
        _store(folder, entry, content)
    return content


def _read(entry: Path) -> Content | None:
    try:
        raw = entry.read_bytes()
    except OSError:
        return None  # not cached yet (or unreadable): build it
    try:
        with _gc_paused():
            data = json.loads(raw)
            del raw  # tens of megabytes at 50k scenarios, no longer needed
            content = decode(data)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        _discard(entry, exc)
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # most recently used: the last to be dropped
    return content


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Everything built here stays alive and forms no cycles; the cyclic collector would rescan
    the growing heap again and again (it took half the time of a cached 50k load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _discard(entry: Path, exc: BaseException) -> None:
    with contextlib.suppress(OSError):
        entry.unlink(missing_ok=True)
    detail = " ".join(str(exc).split())[:80]
    print(
        f"supportprep: note: the content cache entry {entry.name} was damaged ({detail}); "
        "rebuilding it",
        file=sys.stderr,
    )


def _store(folder: Path, entry: Path, content: Content) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".content-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(encode(content), handle, ensure_ascii=False, separators=(",", ":"))
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
            path.unlink(missing_ok=True)  # an older layout (a pickle): never read again
            continue
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES - 1 :]:
        path.unlink(missing_ok=True)


# --- content <-> JSON -------------------------------------------------------------------------


def encode(content: Content) -> dict[str, Any]:
    """The content as JSON types: items by kind in merge order, each with its origin; file paths
    once each, referred to by number."""
    files: dict[str, int] = {}
    items: dict[str, list[list[Any]]] = {}
    for kind in KINDS:
        rows = []
        for item_id, item in content.kind(kind).items():
            origin = content.origins[(kind, item_id)]
            number = files.setdefault(origin.path, len(files))
            rows.append([jsonable(item), number, origin.index])
        items[kind] = rows
    packs = [
        {
            "manifest": jsonable(p.manifest),
            "path": str(p.path),
            "source": p.source,
            "counts": p.counts,
            "overridden": p.overridden,
        }
        for p in content.packs
    ]
    return {"layout": LAYOUT, "files": list(files), "packs": packs, "items": items}


def decode(data: dict[str, Any]) -> Content:
    """The content ``encode`` wrote; raises ``ValueError``/``TypeError``/``KeyError`` on
    anything else."""
    if data.get("layout") != LAYOUT:
        raise ValueError(f"layout {data.get('layout')!r}, expected {LAYOUT}")
    content = Content()
    manifest = _decoder(Manifest)
    for p in data["packs"]:
        info = PackInfo(
            manifest=manifest(p["manifest"]),
            path=Path(p["path"]),
            source=p["source"],
            counts=dict(p["counts"]),
            overridden=list(p["overridden"]),
        )
        content.packs.append(info)
    files: list[str] = data["files"]
    if not all(isinstance(f, str) for f in files):
        raise TypeError("file paths must be strings")
    hints = get_type_hints(ContentFile)
    origins = content.origins
    for kind in KINDS:
        make = _decoder(get_args(hints[kind])[0])
        store = content.kind(kind)
        for values, number, index in data["items"][kind]:
            item = make(values)
            store[item.id] = item
            origins[(kind, item.id)] = Origin(files[number], kind, index)
    return content


_DECODERS: dict[Any, Decoder] = {}
_NONE = type(None)
# The JSON types a plain field may hold. JSON writes a whole float as 2.0, but a hand-edited
# entry may say 2.
_PLAIN: dict[Any, tuple[type, ...]] = {str: (str,), int: (int,), float: (float, int), bool: (bool,)}


def _decoder(annotation: Any) -> Decoder:
    """A function that rebuilds a value of ``annotation`` from its ``jsonable`` form, checking
    types on the way (a damaged entry must fail here, not later in a command)."""
    known = _DECODERS.get(annotation)
    if known is None:
        known = _DECODERS[annotation] = _make_decoder(annotation)
    return known


def _plain_kinds(annotation: Any) -> tuple[type, ...] | None:
    """The JSON types of a field that needs no conversion (text, numbers, optional ones), or
    None when its value must be rebuilt."""
    if get_origin(annotation) in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not _NONE]
        inner = _PLAIN.get(options[0]) if len(options) == 1 else None
        return None if inner is None else (*inner, _NONE)
    return _PLAIN.get(annotation)


def _make_decoder(annotation: Any) -> Decoder:
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
        key_kinds = _PLAIN.get(get_args(annotation)[0])
        make_value = _decoder(get_args(annotation)[1])
        if key_kinds is None:
            raise TypeError(f"cannot rebuild {annotation!r} from the cache")

        def mapping(value: Any) -> Any:
            if type(value) is not dict or not set(map(type, value)) <= set(key_kinds):
                raise TypeError("expected a mapping")
            return {k: make_value(v) for k, v in value.items()}

        return mapping
    if origin is list:
        element = get_args(annotation)[0]
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


def _dataclass_decoder(cls: type[Any]) -> Decoder:
    hints = get_type_hints(cls)  # without include_extras: Annotated constraints are left out
    names = [f.name for f in fields(cls)]
    plain: list[tuple[str, tuple[type, ...]]] = []
    rebuilt: list[tuple[str, Decoder]] = []
    for name in names:
        kinds = _plain_kinds(hints[name])
        if kinds is not None:
            plain.append((name, kinds))
        else:
            rebuilt.append((name, _decoder(hints[name])))
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
