"""The one terminal-safe text function every layer uses for text from packs and user files."""

from __future__ import annotations

from supportprep.text import terminal_safe
from supportprep.ui.text import clean

ESCAPES = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b31m\x1bc"


def test_sequences_and_controls_are_removed_and_nothing_else() -> None:
    assert terminal_safe(f"a{ESCAPES}b") == "ab"
    assert terminal_safe("link \x1b]8;;https://x.example\x1b\\here\x1b]8;;\x1b\\") == "link here"
    assert terminal_safe("tab\tand\nnewline kept, \r\x00\x7f\x85 gone") == (
        "tab\tand\nnewline kept,  gone"
    )
    assert (
        terminal_safe("Zoë [bold]not markup[/bold] ² 日本") == "Zoë [bold]not markup[/bold] ² 日本"
    )


def test_each_kind_of_sequence_goes_whole() -> None:
    cases = {
        "\x1b[1;31mred\x1b[0m": "red",  # CSI (SGR)
        "\x1b]0;title\x07x": "x",  # OSC window title ended by BEL
        "\x1b]52;c;Zm9v\x1b\\x": "x",  # OSC 52 clipboard ended by ST
        "\x1bPq#0;2;0;0;0\x1b\\x": "x",  # DCS (sixel)
        "\x1b_payload\x1b\\x": "x",  # APC
        "\x9d8;;http://e\x9cx": "x",  # 8-bit OSC and ST
        "a\x1b7b\x1b8c": "abc",  # two-byte ESC sequences (save and restore cursor)
        "unterminated \x1b]52;c;Zm9v": "unterminated ",
    }
    for raw, expected in cases.items():
        assert terminal_safe(raw) == expected, raw


def test_the_ui_uses_the_same_function() -> None:
    assert clean(f"x{ESCAPES}y") == terminal_safe(f"x{ESCAPES}y") == "xy"


def test_questions_fold_at_word_boundaries_and_keep_room_for_what_follows() -> None:
    from supportprep.ui.text import ARROW_HINT, question

    message = "What does the posting really mean? (ask the recruiter if unsure)"
    assert question(message, width=200) == message
    folded = question(message, reserve=ARROW_HINT, width=60)
    lines = folded.split("\n")
    assert " ".join(line.strip() for line in lines) == message, "no word lost or cut"
    assert all(line.startswith("  ") for line in lines[1:]), "continuations under the text"
    # "? " + each line fits, and the last one has room for "(Use arrow keys)".
    assert all(len(line) <= 60 - 2 - 1 for line in lines)
    assert len(lines[-1]) + 1 + ARROW_HINT <= 60 - 2 - 1
    # At 80 columns the instruction would have cut "keys" in two; now the last word moves down.
    assert question(message, reserve=ARROW_HINT, width=80).endswith("\n  unsure)")
    assert "\x1b" not in question("Role\x1b[31m", width=80), "pack text stays data"
