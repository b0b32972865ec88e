"""Writing user files so that a crash, Ctrl-C or a second supportprep never loses data.

- ``locked(path)`` holds an exclusive ``fcntl.flock`` on ``<name>.lock`` beside the file for a
  whole read-modify-write, so two commands changing the same file at once both keep their change.
  Readers take no lock: every write replaces the file whole, so they see the old or the new one.
- ``atomic_write_text`` writes a temp file in the target's folder, fsyncs it and ``os.replace``s
  it over the target. A symlinked file is written through to its target and the link stays; a new
  file gets the permissions the umask allows, an existing one keeps its own.
- Every ``OSError`` becomes a typed one-line error (``errors.refused``): disk full, read-only,
  permission denied, a file where a folder should be.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from supportprep.errors import UserError, refused


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


@contextlib.contextmanager
def locked(path: Path, action: str) -> Iterator[None]:
    """Hold the lock for ``path`` (waiting for another holder) until the block ends.

    The lock lives beside the path as given, not beside a symlink's target: every supportprep
    names the same path in the data home, and a user's dotfiles folder gets no lock file.
    """
    lock = lock_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), _new_file_mode())
    except OSError as exc:
        raise refused(lock, action, exc) from exc
    try:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)  # released when the descriptor closes
        yield
    finally:
        os.close(fd)


def _new_file_mode() -> int:
    """What ``open()`` would give a new file under the current umask (read without a race-free
    API, so set it straight back)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_target(path: Path) -> Path:
    """Where writing ``path`` lands: a symlink's final target (so the link stays a link)."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def atomic_write_text(
    path: Path, text: str, *, action: str = "write the file", make_folders: bool = True
) -> None:
    """Write ``text`` to ``path`` via a temp file in the same folder, fsync, then ``os.replace``.

    Readers see the old file or the new one, never a mix; the old file is untouched on failure.
    An ``OSError`` is raised as the typed refusal for ``action``. Files the user names on the
    command line pass ``make_folders=False``: a missing folder there is a typo, not ours to make.
    """
    atomic_write_with(
        path, lambda handle: handle.write(text), action=action, make_folders=make_folders
    )


def atomic_write_with(
    path: Path,
    write: Callable[[TextIO], object],
    *,
    action: str = "write the file",
    make_folders: bool = True,
) -> None:
    """``atomic_write_text`` for text written piece by piece (``write`` gets the open file), so
    a long document never has to be held in memory whole."""
    target = write_target(path)
    try:
        if make_folders:
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = _new_file_mode()
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise refused(target, action, exc) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            os.fchmod(handle.fileno(), mode)
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
        _sync_folder(target.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise refused(target, action, exc) from exc
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; a file system that cannot fsync a folder only loses that."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_user_file(path: Path, what: str) -> str | None:
    """The file's text, or None when it does not exist yet. Call it inside ``locked`` for a
    read-modify-write. Unreadable files raise the one-line error naming ``what``."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise unreadable(path, what, "not UTF-8 text") from exc
    except OSError as exc:
        raise refused(path, f"read {what}", exc) from exc


def write_keeping_backup(path: Path, text: str, *, what: str, previous: str | None) -> None:
    """Atomically replace ``path`` with ``text``, first keeping ``previous`` (the text the caller
    read under the lock) as ``.bak``, so a bad change can be undone by hand."""
    if previous is not None and previous != text:
        atomic_write_text(backup_path(path), previous, action=f"keep a backup of {what}")
    atomic_write_text(path, text, action=f"save {what}")


def unreadable(path: Path, what: str, detail: str) -> UserError:
    """The one-line error for a user file that cannot be read; the file is never touched."""
    return UserError(
        f"{path}: cannot read {what} ({detail}); the file was left as it is: fix it, or "
        f"restore the previous version from {backup_path(path).name}"
    )


class OutputExists(UserError):
    """An output file the user named is already there and ``--force`` was not given."""


def check_output_path(path: Path, option: str) -> bool:
    """Check, before any work is done, that ``path`` (given with ``option``) can be written as an
    output file; return whether it already exists (the caller asks, or wants ``--force``).

    Bad input (exit 2): a folder, a missing parent folder, a parent that is a file. The machine
    refusing (exit 1): the folder (a symlink's target's folder) cannot take a new file, or the
    existing file is read-only. A symlink counts as existing, and is written through later.
    """
    if path.is_dir():
        raise UserError(f"{option}: {path} is a folder; give a file path")
    target = write_target(path)
    folder = target.parent
    if not folder.exists():
        raise UserError(f"{option}: {folder} does not exist; create the folder first")
    if not folder.is_dir():
        raise UserError(f"{option}: {folder} is not a folder")
    exists = path.is_symlink() or path.exists()
    if exists and target.exists() and not os.access(target, os.W_OK):
        raise refused(target, f"write {option}", PermissionError(13, "Permission denied"))
    # A probe file shows now what the real write would meet after a long mock loop: a read-only
    # disk, a folder without write permission, no space for even an empty file.
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        Path(probe).unlink()
    except OSError as exc:
        raise refused(folder, f"write {option} {path}", exc) from exc
    return exists


def write_output(path: Path, text: str, option: str) -> None:
    """Write an output file the user named (checked first with ``check_output_path``)."""
    atomic_write_text(path, text, action=f"write {option}", make_folders=False)


def write_output_with(path: Path, write: Callable[[TextIO], object], option: str) -> None:
    """``write_output`` for a document written piece by piece (an export of a long history)."""
    atomic_write_with(path, write, action=f"write {option}", make_folders=False)
