"""The hand-laid columns the checklist draws with instead of rich's Table."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from supportprep.ui.columns import Part, cells, grid, wrap

words = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P"]), min_size=1),
    max_size=30,
)


@given(words, st.integers(min_value=2, max_value=60))
def test_wrap_keeps_every_word_and_the_width(parts: list[str], width: int) -> None:
    lines = wrap(" ".join(parts), width)
    assert all(cells(line) <= width for line in lines)
    if all(cells(word) <= width for word in parts):
        # Nothing cut: the lines are the words, in order, joined by single spaces.
        assert " ".join(line for line in lines if line).split() == parts
    else:
        assert "".join(lines).replace(" ", "") == "".join(parts)


def test_wrap_keeps_line_breaks_and_breaks_at_spaces() -> None:
    assert wrap("one two three\nfour", 8) == ["one two", "three", "four"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def _plain(renderable: object, width: int, *, soft_wrap: bool = False) -> list[str]:
    console = Console(file=io.StringIO(), width=width, no_color=True)
    console.print(renderable, soft_wrap=soft_wrap)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in text.splitlines()]


def test_grid_draws_what_richs_simple_head_table_drew() -> None:
    """The same text, line for line, as the rich table the checklist used before."""
    from rich import box

    rows = [
        ("[ ]", "Tue 12-01", "Save 15-20 current postings for your target title into one doc."),
        ("[x]", "21d before", "A word-that-is-far-too-long-for-the-column-to-hold-in-one-line."),
    ]
    for width in (40, 80, 120):
        table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
        table.add_column("done", width=4, no_wrap=True)
        table.add_column("due", width=10, no_wrap=True)
        table.add_column("item", overflow="fold", ratio=1)
        for mark, due, text in rows:
            table.add_row(Text(mark), Text(due), Text(text + "\n" + "detail · line"))
        ours = grid(
            width,
            ["done", "due", "item"],
            [4, 10],
            [([(m, ""), (d, "")], [Part(t), Part("detail · line", "dim")]) for m, d, t in rows],
        )
        assert _plain(ours, width, soft_wrap=True) == _plain(table, width)


def test_grid_strips_control_codes_from_cells() -> None:
    drawn = _plain(grid(60, ["id", "item"], [6], [([("a\x1b[2J", "")], [Part("x\x07y")])]), 60)
    assert not any("\x1b" in line or "\x07" in line for line in drawn)


def test_a_table_gives_up_width_from_its_wrapping_columns_before_it_overflows() -> None:
    from supportprep.ui.columns import Column, table

    columns = [
        Column("when"),
        Column("scenario", flex=True),
        Column("score", wrap=True),
        Column("time", wrap=True),
    ]
    row = [
        [Part("2026-12-01\n15:16")],
        [Part("Login outage at a hospital"), Part("triage · drill · id abc123", "dim")],
        [Part("68"), Part("needs work", "dim")],
        [Part("8:00 / 10:00"), Part("+0:45 over on the answer", "yellow")],
    ]
    for width in (50, 60, 80, 120):
        drawn = _plain(table(width, columns, [row]), width, soft_wrap=True)
        assert max(len(line) for line in drawn) <= width, width
        words = " ".join(drawn).split()
        for word in ("Login", "outage", "hospital", "+0:45", "answer", "needs", "work"):
            assert word in words, (width, word)
    wide = _plain(table(120, columns, [row]), 120, soft_wrap=True)
    assert wide[3].split("   ")[1].strip() == "Login outage at a hospital"  # not wrapped
    assert len(wide[2]) < 120  # not expanded past what the cells need


def test_right_aligned_and_cut_cells() -> None:
    from supportprep.ui.columns import Column, table

    columns = [Column(width=6), Column("n", right=True)]
    drawn = _plain(table(40, columns, [[[Part("Troubleshooting")], [Part("7")]]], edge=False), 40)
    assert drawn == ["         n", "──────────", "Troub…   7"]
