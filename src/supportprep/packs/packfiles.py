"""Which files make up a pack folder, and which of them may be read.

Shared by the loader (which reads them) and the content cache (which hashes them), so the cache
never imports the loader: the two would otherwise import each other.
"""

from __future__ import annotations

import stat
from pathlib import Path


def pack_files(pack_dir: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` below the pack folder, sorted, whatever kind of file it is
    (``_readable_inside`` decides which may be read)."""
    return sorted(p for p in pack_dir.rglob("*") if p.suffix in (".yaml", ".yml"))


def regular_inside(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be read as part of the pack in ``root`` (resolved), or None.

    Only regular files are read: opening a FIFO or a device named ``*.yaml`` would block or
    never end. A symlink may point anywhere inside its pack, never outside it: a shared pack
    must not make supportprep read (and echo, in its errors) a file of the user's elsewhere."""
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except (OSError, RuntimeError):  # a dangling link, a loop, no permission
        return "cannot read file: it is a broken link or cannot be opened"
    if not target.is_relative_to(root):
        return "refused: this link points outside the pack; a pack may only link to its own files"
    if stat.S_ISDIR(mode):
        return "a folder named like a YAML file; skipped"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, socket or device?); skipped"
    return None
