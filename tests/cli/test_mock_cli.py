"""``supportprep mock`` through the real entry point, its terminal questions scripted: the time it
takes and "Start?", the resume offer and ``--resume``, a damaged loop file, the company in the
debrief and the report."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from supportprep.packs.content import Content
from supportprep.practice.clock import FakeClock
from supportprep.store.mock_loop import load_loop, loop_path, save_loop
from supportprep.store.profile import Profile, save_profile
from tests.conftest import TINY_PACK, Cli
from tests.unit.test_mock import LoopPrompter
from tests.unit.test_session import loop_of


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A terminal, with every yes/no question answered from ``answers`` (then yes) and recorded."""
    from supportprep.cli import mock_cmd

    monkeypatch.setattr(mock_cmd, "interactive", lambda as_json=False: True)
    questions: list[str] = []
    return questions


def _script(monkeypatch: pytest.MonkeyPatch, questions: list[str], answers: list[bool]) -> None:
    from supportprep.ui import mock_prompts

    def confirm(question: str, *, default: bool = True) -> bool:
        questions.append(question)
        return answers.pop(0) if answers else True

    monkeypatch.setattr(mock_prompts, "confirm", confirm)


def _prompter(monkeypatch: pytest.MonkeyPatch, **script: Any) -> LoopPrompter:
    from supportprep.ui import mock_prompts

    prompter = LoopPrompter(FakeClock(), **script)
    monkeypatch.setattr(mock_prompts, "MockTerminalPrompter", lambda *_args: prompter)
    return prompter


def mock(cli: Cli, *args: str) -> Any:
    return cli("--no-bundled", "--pack", str(TINY_PACK), "mock", *args)


def test_the_loop_shows_its_stages_and_time_then_asks_to_start(
    cli: Cli, asked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _script(monkeypatch, asked, [False])
    result = mock(cli)
    assert result.code == 1 and "mock loop not started" in result.err
    assert asked == ["Start?"]
    out = " ".join(result.out.split())
    assert "Mock loop: 2 stages back to back." in out
    assert out.index("Triage") < out.index("Writing")
    assert "Total about" in out and "to score yourself" in out
    assert not loop_path().exists()  # nothing started, nothing to resume


def test_yes_starts_without_asking_and_the_debrief_names_the_company(
    cli: Cli, asked: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    save_profile(Profile(company="Acme Health"))
    _script(monkeypatch, asked, [])
    _prompter(monkeypatch, answers=[("a", 60), ("b", 30), ("c", 300)], levels=[4, 4, 3])
    report = tmp_path / "debrief.md"
    result = mock(cli, "--yes", "--report", str(report))
    assert result.code == 0, result.err
    assert asked == []
    out = " ".join(result.out.split())
    assert "Mock loop for Acme Health: 2 stages back to back." in out
    assert "Mock loop for Acme Health: debrief" in out and "Verdict: Likely hire" in out
    assert report.read_text(encoding="utf-8").startswith("# Mock loop for Acme Health: debrief")
    assert not loop_path().exists()


def test_json_debrief_carries_the_verdict_and_its_rule(
    cli: Cli, asked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _script(monkeypatch, asked, [])
    _prompter(
        monkeypatch,
        answers=[("half", 60), ("c", 300)],
        levels=[1],
        ctrl_c_in={"tiny-outage"},
        choices=["skip"],
    )
    result = mock(cli, "--yes", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out[result.out.index('{\n  "title"') :])
    assert data["verdict"] == "Not yet" and "counts as 0" in data["verdict_rule"]
    assert [r["status"] for r in data["rows"]] == ["skipped", "scored"]
    assert data["cost_most"]["scenario_id"] == "tiny-outage"
    assert data["cost_most"]["command"] == "supportprep drill --scenario tiny-outage"


def test_an_unfinished_loop_is_offered_and_resumed_at_its_next_stage(
    cli: Cli, asked: list[str], monkeypatch: pytest.MonkeyPatch, tiny: Content
) -> None:
    loop = loop_of([tiny.scenarios["tiny-outage"], tiny.scenarios["tiny-refund-email"]])
    save_loop(loop.with_stage(0, "skipped", None))
    _script(monkeypatch, asked, [True, True])
    prompter = _prompter(monkeypatch, answers=[("c", 300)], levels=[4])
    result = mock(cli)
    assert result.code == 0, result.err
    assert asked[0].startswith("Resume the mock loop from ")
    assert asked[0].endswith(", stage 2 of 2 (1 stage left)?")
    assert asked[1] == "Start?"
    assert [c for c in prompter.calls if c.startswith("show")] == ["show:tiny-refund-email"]
    out = " ".join(result.out.split())
    assert "Resuming the mock loop from" in out and "skipped" in out
    assert load_loop() is None


def test_time_given_at_resume_is_said_not_to_apply(
    cli: Cli, asked: list[str], monkeypatch: pytest.MonkeyPatch, tiny: Content
) -> None:
    """The resumed loop keeps its own clocks, and says so rather than ignoring --time."""
    loop = loop_of([tiny.scenarios["tiny-outage"], tiny.scenarios["tiny-refund-email"]])
    save_loop(loop.with_stage(0, "skipped", None))
    _script(monkeypatch, asked, [True])
    _prompter(monkeypatch, answers=[("c", 300)], levels=[4])
    result = mock(cli, "--resume", "--time", "2m")
    assert result.code == 0, result.err
    assert (
        "supportprep: --time does not change a resumed loop: it keeps the clocks it started with"
        in " ".join(result.err.split())
    )
    quiet = loop_of([tiny.scenarios["tiny-outage"], tiny.scenarios["tiny-refund-email"]])
    save_loop(quiet.with_stage(0, "skipped", None))
    _prompter(monkeypatch, answers=[("c", 300)], levels=[4])
    assert "--time" not in mock(cli, "--resume").err


def test_declining_the_offer_starts_a_new_loop_that_replaces_it(
    cli: Cli, asked: list[str], monkeypatch: pytest.MonkeyPatch, tiny: Content
) -> None:
    save_loop(loop_of([tiny.scenarios["tiny-outage"]], session_id="old"))
    _script(monkeypatch, asked, [False, True])
    _prompter(
        monkeypatch,
        answers=[("a", 60), ("b", 10)],
        levels=[4, 4],
        interrupt_at="pause",
        choices=["end"],
    )
    result = mock(cli)
    assert result.code == 1
    assert asked[1] == "Start?"
    saved = load_loop()
    assert saved is not None and saved.session_id != "old"
    assert [s.status for s in saved.stages] == ["scored", "pending"]


def test_resume_with_no_loop_saved_says_so(cli: Cli, asked: list[str]) -> None:
    result = mock(cli, "--resume")
    assert result.code == 2
    assert result.err.strip() == (
        "supportprep: no unfinished mock loop to resume; start one with `supportprep mock`"
    )


def test_a_damaged_loop_file_is_one_line_never_a_traceback(
    cli: Cli, asked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_path().write_text('{"stages": [', encoding="utf-8")
    result = mock(cli, "--resume")
    assert result.code == 2 and "Traceback" not in result.err
    [line] = result.err.splitlines()
    assert "cannot read the unfinished mock loop" in line and "not valid JSON" in line

    _script(monkeypatch, asked, [False])
    result = mock(cli)  # without --resume: a notice, and a new loop is offered
    assert result.code == 1 and "Traceback" not in result.err
    assert "starting a new loop, which replaces it" in result.err
    assert asked == ["Start?"]


def test_a_loop_whose_scenario_is_gone_cannot_resume(
    cli: Cli, asked: list[str], tiny: Content
) -> None:
    loop = loop_of([tiny.scenarios["tiny-outage"]])
    gone = replace(loop, stages=(replace(loop.stages[0], scenario_id="no-such-scenario"),))
    save_loop(gone)
    result = mock(cli, "--resume")
    assert result.code == 2
    assert "no-such-scenario" in result.err and "start a new loop" in result.err


def test_plan_and_resume_do_not_go_together(cli: Cli) -> None:
    result = mock(cli, "--plan", "--resume")
    assert result.code == 2 and "choose one of --plan and --resume" in result.err
