"""Word wrapping for the answer box.

prompt_toolkit wraps a long line at whatever character reaches the right edge, so a word is cut
in two across rows. This processor pads the line with spaces before any word that would cross
the edge, so the window's own character wrapping then falls between words. Only what is drawn
changes: the buffer (the answer) keeps exactly what was typed, and the cursor maps through the
padding. A word longer than a whole row still breaks where it must.
"""

from __future__ import annotations

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.utils import get_cwidth


def wrap_padding(text: str, row: int) -> dict[int, int]:
    """For each index of ``text`` where a word must start on a new row, the spaces to insert
    before it, for rows ``row`` columns wide."""
    padding: dict[int, int] = {}
    col = 0
    for i, char in enumerate(text):
        if not char.isspace() and (i == 0 or text[i - 1].isspace()):
            end = i
            width = 0
            while end < len(text) and not text[end].isspace():
                width += get_cwidth(text[end])
                end += 1
            if 0 < col < row and col + width > row and width <= row:
                padding[i] = row - col
                col = 0
        char_width = get_cwidth(char)
        if col + char_width > row:
            col = 0
        col += char_width
    return padding


class WordWrap(Processor):
    """Wrap at word boundaries in a window ``prefix_width`` columns narrower than it is (the
    prompt and its continuation take those columns on every row)."""

    def __init__(self, prefix_width: int) -> None:
        self.prefix_width = prefix_width

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        row = ti.width - self.prefix_width
        fragments = explode_text_fragments(ti.fragments)
        padding = (
            wrap_padding("".join(fragment[1] for fragment in fragments), row) if row > 1 else {}
        )
        if not padding:
            return Transformation(ti.fragments)
        result: StyleAndTextTuples = []
        to_display: list[int] = []
        position = 0
        for i, fragment in enumerate(fragments):
            pad = padding.get(i, 0)
            if pad:
                result.append(("", " " * pad))
                position += pad
            to_display.append(position)
            result.append(fragment)
            position += 1
        to_display += [position, position + 1]  # the cursor may sit just past the line's end
        to_source = {shown: source for source, shown in enumerate(to_display)}

        def source_to_display(source: int) -> int:
            return to_display[min(source, len(to_display) - 1)]

        def display_to_source(shown: int) -> int:
            while shown > 0 and shown not in to_source:
                shown -= 1  # inside the padding: the end of the word before it
            return to_source.get(shown, 0)

        return Transformation(result, source_to_display, display_to_source)
