"""A cache of validated content, so unchanged packs are not parsed and validated on every run.

The key is everything the result depends on: this supportprep's version, the pack format, and for
every file of every pack source, in merge order, its path, size, modification time (ns) and inode.
Any edit, added or removed file, reordered ``--pack`` or upgrade changes the key, so the cache can
never serve stale content; it only ever holds content that validated. Only the newest entry is
kept. A cache that cannot be read or written is ignored (``SUPPORTPREP_NO_CACHE=1`` turns it off).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from supportprep.packs.content import Content, Source

NO_CACHE_ENV = "SUPPORTPREP_NO_CACHE"
PREFIX = "content-"
LAYOUT = 2
"""The pickled shape of the models; bump it when they change class (2: stdlib dataclasses, not
pydantic models), so an entry written by an older checkout of the same version is not read."""


def _fingerprint(sources: Sequence[tuple[Path, Source]]) -> str | None:
    from supportprep import __version__
    from supportprep.packs.models import FORMAT_VERSION

    digest = hashlib.sha256(f"{__version__}|{FORMAT_VERSION}|{LAYOUT}".encode())
    for folder, source in sources:
        digest.update(f"\0{source}\0{folder.resolve()}".encode())
        try:
            files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
        except OSError:
            return None
        for path in files:
            try:
                st = path.stat()
            except OSError:
                return None
            digest.update(f"\0{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode())
    return digest.hexdigest()[:32]


def cached(
    sources: Sequence[tuple[Path, Source]], load: Callable[[], Content], folder: Path
) -> Content:
    """The content for ``sources``: from the cache when the files are unchanged, else ``load()``."""
    if os.environ.get(NO_CACHE_ENV):
        return load()
    key = _fingerprint(sources)
    if key is None:
        return load()
    entry = folder / f"{PREFIX}{key}.pickle"
    try:
        with entry.open("rb") as handle:
            content = pickle.load(handle)
        if isinstance(content, Content):
            return content
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass  # missing, unreadable or from an older layout: rebuild it
    content = load()  # raises PackError on invalid content, which is never cached
    _store(folder, entry, content)
    return content


def _store(folder: Path, entry: Path, content: Content) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".content-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(content, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(entry)
        for old in folder.glob(f"{PREFIX}*.pickle"):
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk only costs speed
