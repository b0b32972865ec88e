"""Text from a pack or a user file is data: before it reaches a terminal, a file another program
reads (Markdown, CSV, ICS, JSON) or an error message, it loses every terminal control code.

Kept at the package root so every layer (packs, store, practice, planning, ui, cli) can use the
one definition; it imports nothing.
"""

from __future__ import annotations

import re

# Whole escape sequences first, so their parameters do not survive as visible garbage once the
# introducer is gone: CSI (ESC [ or 8-bit 0x9b, ending in a final byte 0x40-0x7e); OSC, DCS, SOS,
# PM and APC strings (ESC ] P X ^ _ or their 8-bit forms), which run to BEL or the string
# terminator (ESC \ or 0x9c) and would otherwise carry a title, a hyperlink or an OSC 52
# clipboard write; then any other two-byte ESC sequence (ESC c resets the terminal).
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x7e]?"
)
# What is left of C0 (except tab and newline), DEL and C1. A carriage return goes too: it lets a
# line overwrite what was printed before it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` without control characters or escape sequences; newline and tab are kept."""
    if text.isprintable():  # the common case: nothing to remove (newline and tab are not
        return text  # printable, so text holding them takes the slow path, which keeps them)
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def terminal_safe_data(data: object) -> object:
    """``data`` (JSON-like: mappings, lists, strings, numbers) with every string, keys included,
    made terminal-safe; for JSON, CSV and other documents built from pack or user text. json
    would write ESC as ``\\u001b``, which a program reading the document gets back as ESC."""
    if isinstance(data, str):
        return terminal_safe(data)
    if isinstance(data, dict):
        return {terminal_safe_data(k): terminal_safe_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [terminal_safe_data(v) for v in data]
    return data
