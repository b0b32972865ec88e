"""The small slips a first evening met (issue 16, item 8): each test is what a user would see."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from supportprep.packs.content import Content
from supportprep.ui import console
from tests.cli.test_history_cli import make_attempt, save
from tests.conftest import TINY_PACK, Cli


def test_pack_goes_before_or_after_the_command(cli: Cli) -> None:
    before = cli("--no-bundled", "--pack", str(TINY_PACK), "packs", "show", "--json")
    after = cli("packs", "show", "--json", "--pack", str(TINY_PACK), "--no-bundled")
    joined = cli("packs", "show", f"--pack={TINY_PACK}", "--json", "--no-bundled")
    assert before.code == after.code == joined.code == 0, after.err
    assert json.loads(after.out) == json.loads(before.out) == json.loads(joined.out)
    assert "tiny-outage" in after.out and "customer-support-manager" not in after.out


def test_progress_keeps_names_whole_when_there_is_room(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(
        *(
            make_attempt(days_ago=n, stage=stage, rubric=stage)
            for n, stage in enumerate(["writing-exercise", "collaboration", "writing-exercise"])
        )
    )
    monkeypatch.setenv("COLUMNS", "100")
    wide = cli("progress").out
    assert "Writing exercise (customer email) " in wide
    assert "Collaboration with product and engineering " in wide
    assert "…" not in wide.replace("▁ 0 … █ 100", "")
    monkeypatch.setenv("COLUMNS", "80")
    console.out.cache_clear()
    narrow = cli("progress").out
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "Writing exercise (customer e…" in narrow  # cut only for want of room


def test_piped_tables_have_no_trailing_spaces(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    for args in (
        ("packs", "show"),
        ("packs", "list"),
        ("plan", "--role", "customer-support-manager"),
    ):
        out = cli(*args).out
        assert out.count("\n") > 5
        assert [line for line in out.splitlines() if line != line.rstrip()] == [], args


def _column(out: str, index: int) -> list[str]:
    """The non-empty cells of one table column, top to bottom (box-drawn tables only)."""
    cells = []
    for line in out.splitlines():
        parts = line.split("│")
        if len(parts) > index + 1 and parts[index + 1].strip():
            cells.append(parts[index + 1].strip())
    return cells


def _folds_between_words(fragments: list[str], ids: list[str]) -> None:
    """Every id is there whole once its fragments are joined, and each break follows a hyphen."""
    pending = ""
    wanted = iter(ids)
    current = next(wanted)
    for fragment in fragments:
        pending += fragment
        if pending == current:
            pending = ""
            current = next(wanted, "")
        else:
            assert fragment.endswith("-"), (fragment, current)
            assert current.startswith(pending), (pending, current)
    assert pending == "" and current == ""


def test_ids_fold_at_hyphens_not_mid_word(
    cli: Cli, bundled: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("packs", "show").out
    scenarios = out[out.index("Scenarios (") :]
    ids = list(bundled.scenarios)
    fragments = _column(scenarios, 0)
    _folds_between_words(fragments, ids)
    assert "…" not in out


def test_a_story_id_folds_at_hyphens(monkeypatch: pytest.MonkeyPatch, bundled: Content) -> None:
    from supportprep.store.stories import Story
    from supportprep.ui.stories_view import render_story_list

    story_id = "refund-backlog-cut-from-five-hundred-twenty-to-one-hundred-twenty"
    story = Story(
        id=story_id, title="Refund backlog", situation="s", task="t", action="a", result="r"
    )
    buffer = io.StringIO()
    render_story_list(Console(file=buffer, width=80, no_color=True), [story], bundled)
    out = buffer.getvalue()
    rows = out.splitlines()[2:-1]  # below the header rule, above the count
    lines = [line.split()[0] for line in rows if line.strip() and "─" not in line]
    assert "".join(lines) == story_id
    assert all(line.endswith("-") for line in lines[:-1])
    assert out.splitlines()[-1].strip().startswith("1 story. ")


def test_scenario_and_result_bullets_hang_under_their_text(bundled: Content) -> None:
    from supportprep.ui.drill_view import scenario_panel

    scenario = next(s for s in bundled.scenarios.values() if max(map(len, s.context)) > 120)
    stage = bundled.stages[scenario.stage]
    buffer = io.StringIO()
    Console(file=buffer, width=70, no_color=True).print(scenario_panel(scenario, stage, 600))
    lines = [line.strip("│").rstrip() for line in buffer.getvalue().splitlines()]
    start = next(i for i, line in enumerate(lines) if "On the table" in line) + 1
    block = []
    for line in lines[start:]:
        if not line.strip():
            break
        block.append(line)
    bullet_at = block[0].index("•")
    text_at = bullet_at + 2
    assert any("•" not in line for line in block)  # some item wrapped
    for line in block:
        if "•" not in line:
            assert line[:text_at].strip() == "" and line[text_at] != " ", line


def test_the_tiny_pack_counts_read_in_the_singular(cli: Cli) -> None:
    out = cli("--no-bundled", "--pack", str(TINY_PACK), "packs", "show").out
    assert "1 checklist, 2 plans" in " ".join(out.split())
    assert "1 checklists" not in out


def test_a_fifteen_second_scenario_is_not_one_minute(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "quick"
    shutil.copytree(TINY_PACK, pack)
    content = pack / "content.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("time_limit_seconds: 120", "time_limit_seconds: 15", 1))
    shown = cli("--no-bundled", "--pack", str(pack), "next")
    assert shown.code == 0, shown.err
    assert "Login outage" in shown.out and "0:15 to answer" in shown.out
    assert "1 min" not in shown.out


@pytest.mark.parametrize("typed", ["next week", "x" * 300, "2001-01-01", "+99999", "9999-01-01"])
def test_a_first_run_date_error_fits_the_prompts_error_bar(typed: str) -> None:
    from datetime import date

    from supportprep.targets import interview_date_problem
    from supportprep.ui.planning_prompts import fit_one_line

    problem = interview_date_problem(typed, date(2026, 12, 1))
    assert problem is not None and len(problem) <= 79, problem  # whole at 80 columns
    assert "; " in problem  # the problem and what to type instead
    assert fit_one_line(problem, width=100) == problem
    assert fit_one_line(problem, width=50) == problem.split("; ")[0]
    assert len(fit_one_line(problem, width=20)) == 19 and fit_one_line(problem, 20).endswith("…")


def test_packs_validate_shows_every_problem_in_one_run(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "acme"
    shutil.copytree(TINY_PACK, pack)
    content = pack / "content.yaml"
    text = content.read_text(encoding="utf-8")
    # As in docs/packs.md: a misspelt field in one scenario, an unknown rubric in another, and
    # a broken stage that a rubric still names (present, so not "unknown").
    text = text.replace("    follow_ups:\n", "    folow_ups:\n", 1)
    text = text.replace("    rubric: writing\n", "    rubric: writting\n", 1)
    text = text.replace("    time_limit_seconds: 600\n", "    time_limit_seconds: soon\n", 1)
    content.write_text(text, encoding="utf-8")
    result = cli("packs", "validate", str(pack))
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert any("scenarios[0].folow_ups: unknown field 'folow_ups'" in line for line in lines)
    assert any("unknown rubric 'writting'; did you mean 'writing'?" in line for line in lines)
    assert any("stages[1].time_limit_seconds" in line for line in lines)
    assert not any("unknown stage 'writing'" in line for line in lines)
    assert lines[-1] == "supportprep: 3 problems in the packs"
