"""Errors a user can fix. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_STOPPED = 1  # the user stopped, or a check failed
EXIT_BAD_INPUT = 2  # bad input: options, files, packs


class UserError(Exception):
    """Bad input: one line, exit code 2."""

    exit_code = EXIT_BAD_INPUT


class Stopped(Exception):
    """The user chose to stop (declined a prompt, interrupted); exit code 1."""

    exit_code = EXIT_STOPPED
