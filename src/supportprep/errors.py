"""Errors a user can fix. The CLI turns each into one line on stderr and its ``exit_code``."""

from __future__ import annotations

import errno
from pathlib import Path

EXIT_OK = 0
EXIT_STOPPED = 1  # the user stopped, or a check failed
EXIT_REFUSED = 1  # the machine refused: disk full, read-only, permission denied
EXIT_BAD_INPUT = 2  # bad input: options, files, packs


class UserError(Exception):
    """Bad input: one line, exit code 2."""

    exit_code = EXIT_BAD_INPUT


class Stopped(Exception):
    """The user chose to stop (declined a prompt, interrupted); exit code 1."""

    exit_code = EXIT_STOPPED


EXIT_INTERRUPTED_TWICE = 130  # Ctrl-C again at "keep or discard?": nothing kept


class InterruptedTwice(Exception):
    """Ctrl-C during the keep-or-discard question: the user wants out, nothing is written."""

    exit_code = EXIT_INTERRUPTED_TWICE


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived (the terminal closed, or the system is shutting down).

    Where Ctrl-C keeps typed work this keeps it too, without a question: nobody is left to ask.
    The program then ends with the shell's code for the signal, 128 + its number (143 for
    SIGTERM, 129 for SIGHUP). A ``BaseException``, like ``KeyboardInterrupt``, so no ``except
    Exception`` swallows it, but not one: typer would turn it into a plain exit 130."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class MachineRefused(UserError):
    """The machine would not do what was asked (nothing the user typed was wrong); exit code 1.

    A ``UserError`` still, so every place that reports or keeps work on a ``UserError`` (the
    attempt kept in ``history-unsaved/``) does the same for these."""

    exit_code = EXIT_REFUSED


class DiskFull(MachineRefused):
    """No space (or quota) left on the device."""


class ReadOnlyStorage(MachineRefused):
    """The file system is mounted read-only."""


class PermissionRefused(MachineRefused):
    """The file or its folder may not be written (permissions, or an immutable file)."""


class HomeNotAFolder(UserError):
    """``SUPPORTPREP_HOME`` (or a folder below it) is a file: a setting to fix, exit code 2."""


def refused(path: Path, action: str, exc: OSError) -> UserError:
    """The one-line typed error for an ``OSError`` met while ``action`` (e.g. "save the profile")
    on ``path``: disk full, read-only, permission, a file where a folder should be."""
    code = exc.errno
    reason = exc.strerror or str(exc)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"{path}: cannot {action}: the disk is full; free some space and try again")
    if code == errno.EROFS:
        return ReadOnlyStorage(f"{path}: cannot {action}: the file system is read-only")
    if code in (errno.EACCES, errno.EPERM):
        return PermissionRefused(
            f"{path}: cannot {action}: permission denied (check the file's and its folder's "
            "permissions, or whether the file is immutable)"
        )
    if code in (errno.ENOTDIR, errno.EEXIST):
        return HomeNotAFolder(
            f"{path}: cannot {action}: a folder on the way is a file; point SUPPORTPREP_HOME at "
            "a folder"
        )
    return MachineRefused(f"{path}: cannot {action}: {reason}")
