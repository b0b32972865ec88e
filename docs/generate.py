"""Regenerate the README's screenshots (docs/img/*.svg) and the command reference
(docs/commands.md) from the real program.

    python docs/generate.py          # rewrite them
    python docs/generate.py --check  # exit 1, naming what is stale (the test suite runs this)

Screens come from supportprep's own engine and renderers fed with fixed inputs: the bundled
content, a fixed date, and practice attempts made by running real drills through the session
engine with scripted answers on a fake clock. Same inputs, same pictures, so a stale picture
means the program's output changed. The command reference is each command's real --help.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from supportprep.packs.content import Content
    from supportprep.practice.session import DrillOutcome
    from supportprep.store.attempt import Attempt
    from supportprep.targets import Targets

DOCS = Path(__file__).resolve().parent
IMG = DOCS / "img"
WIDTH = 80
TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
INTERVIEW = TODAY + timedelta(days=9)

SCENARIO = "lt-sso-loop-idp-cert-rotation"
ANSWER = """\
Scope first: I own triage, the customer updates and the incident record; our tier-2
engineer takes the SAML trace, and I escalate to the identity engineer on call if the
certificate is the cause. First I reproduce it with one affected clinician and a SAML
trace, compare the certificate thumbprint with the one we hold, and confirm the mismatch
before anyone changes anything. I would ask Dana to start paper downtime on the affected
units now, because medication handoffs cannot wait for us. Marcus uploads the new
certificate through the break-glass admin; no validation bypass. I verify by watching
login success for the affected units for 30 minutes. I'll post the next update to the IT
bridge and charge nurses at 19:30, then every 30 minutes until logins are back.
"""


def _recording() -> Console:
    return Console(
        record=True,
        width=WIDTH,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )


def _crop(console: Console, lines: int) -> Console:
    """A console holding only the first ``lines`` lines of what ``console`` recorded."""
    text = console.export_text(styles=True, clear=False)
    cropped = _recording()
    for line in text.splitlines()[:lines]:
        cropped.print(Text.from_ansi(line), no_wrap=True, overflow="crop")
    return cropped


def _svg(console: Console, name: str, title: str) -> str:
    return console.export_svg(title=title, unique_id=f"supportprep-{name}")


class _Sink:
    def __init__(self) -> None:
        self.saved: list[Attempt] = []

    def save(self, attempt: Attempt) -> None:
        self.saved.append(attempt)


def _practice() -> tuple[Content, list[Attempt], list[DrillOutcome]]:
    """A fortnight of real drills (scripted answers, fixed times) and the content they used."""
    from supportprep.packs.loader import load_content
    from supportprep.practice.clock import FakeClock
    from supportprep.practice.scripted import ScriptedPrompter
    from supportprep.practice.session import DrillOptions, run_drill

    content = load_content()
    plan = [  # (days before TODAY, scenario stage, levels 1-4)
        (8, "live-troubleshooting", 2),
        (7, "writing-exercise", 2),
        (6, "prioritization-escalation", 1),
        (5, "collaboration", 2),
        (4, "live-troubleshooting", 3),
        (3, "metrics", 2),
        (2, "writing-exercise", 3),
        (1, "prioritization-escalation", 2),
        (0, "live-troubleshooting", 3),
    ]
    sink = _Sink()
    outcomes = []
    for days, stage, level in plan:
        scenario = next(s for s in content.scenarios.values() if s.stage == stage)
        rubric = content.rubric_for(scenario)
        start = datetime.combine(TODAY - timedelta(days=days), datetime.min.time(), UTC)
        clock = FakeClock(start=start + timedelta(hours=19))
        levels = {c.id: min(4, level + (i % 2)) for i, c in enumerate(rubric.criteria)}
        limit = content.time_limit(scenario)
        prompter = ScriptedPrompter(
            ANSWER, clock, duration_seconds=limit * 1.1, levels=levels, red_flags=[]
        )
        outcomes.append(
            run_drill(content, scenario, prompter, clock, sink, DrillOptions(follow_ups=False))
        )
    attempts = list(reversed(sink.saved))  # newest first, as the store returns them
    return content, attempts, outcomes


def _targets() -> Targets:
    from supportprep.targets import Targets

    return Targets(
        role="support-operations-manager",
        variant="tier-2",
        industry="saas",
        interview_date=INTERVIEW,
    )


def screen_home() -> str:
    from supportprep.planning.home import build_home
    from supportprep.ui.home_view import home_view

    content, attempts, _ = _practice()
    home = build_home(
        content, _targets(), today=TODAY, now=NOW, attempts=attempts, stories=[], ticks=set()
    )
    console = _recording()
    console.print(home_view(content, home))
    return _svg(console, "home", "supportprep")


def _toolbar(limit: int, elapsed: float) -> Text:
    """The live countdown line as the drill's own toolbar code draws it ``elapsed`` seconds in."""
    from supportprep.practice.clock import FakeClock
    from supportprep.practice.timer import Countdown
    from supportprep.ui.prompts import _STYLE, SUBMIT_HINT, _timer_fragments

    clock = FakeClock(start=NOW)
    countdown = Countdown(limit, clock)
    clock.advance(elapsed)
    rich_style = {"bold": "bold", "fg:ansiyellow": "yellow", "fg:ansired": "red"}
    line = Text()
    for style_class, text in [
        *_timer_fragments(countdown, "⏱"),
        ("class:hint", f"  {SUBMIT_HINT}"),
    ]:
        words = _STYLE.get(style_class.removeprefix("class:"), "").split()
        line.append(text, style=" ".join(rich_style.get(w, "") for w in words).strip() or "dim")
    return line


def screen_drill() -> str:
    from supportprep.practice.insights import analyze
    from supportprep.ui import drill_view
    from supportprep.ui.insights_view import insights_panel

    content, _, _ = _practice()
    scenario = content.scenarios[SCENARIO]
    stage = content.stages[scenario.stage]
    console = _recording()
    console.print(drill_view.scenario_panel(scenario, stage, content.time_limit(scenario)))
    console.print("Your answer (type as you would speak; Esc then Enter, or Ctrl-D, to submit)")
    console.print(Text("> Scope first: I own triage, the customer updates and the incident rec"))
    console.print(_toolbar(content.time_limit(scenario), elapsed=258))
    console.print()
    report = analyze(ANSWER, scenario, content.insights.values(), duration_seconds=412)
    console.print(insights_panel(report))
    return _svg(console, "drill", "supportprep drill: answering")


def screen_result() -> str:
    from supportprep.practice.clock import FakeClock
    from supportprep.practice.scripted import ScriptedPrompter
    from supportprep.practice.session import DrillOptions, run_drill
    from supportprep.ui import drill_view

    content, _, _ = _practice()
    scenario = content.scenarios[SCENARIO]
    rubric = content.rubric_for(scenario)
    console = _recording()
    console.print(drill_view.anchors_table(rubric.criteria[0], 1, len(rubric.criteria)))
    clock = FakeClock(start=NOW)
    levels = {c.id: (3 if i % 3 else 4) for i, c in enumerate(rubric.criteria)}
    prompter = ScriptedPrompter(ANSWER, clock, duration_seconds=412, levels=levels, red_flags=[])
    outcome = run_drill(content, scenario, prompter, clock, _Sink(), DrillOptions(follow_ups=False))
    console.print(drill_view.result_view(content, outcome))
    return _svg(console, "result", "supportprep drill: scoring and result")


def screen_mock() -> str:
    from supportprep.practice.debrief import build_debrief
    from supportprep.practice.mock import StageResult
    from supportprep.ui.mock_view import debrief_view

    content, _, outcomes = _practice()
    latest = {o.scenario.stage: o for o in outcomes}  # the newest outcome per stage
    last_loop = [
        StageResult(s, latest[s.id].scenario, "scored", latest[s.id]) for s in content.loop_stages()
    ]
    debrief = build_debrief(
        content,
        last_loop,
        story_gaps=["No pushback story yet.", "No story shows Tooling."],
        company="Northwind Health",
    )
    console = _recording()
    console.print(debrief_view(content, debrief))
    return _svg(console, "mock", "supportprep mock: the debrief")


def screen_checklist() -> str:
    from supportprep.planning.checklist import build_checklist
    from supportprep.ui.checklist_view import render_checklist

    content, attempts, _ = _practice()
    checklist = build_checklist(content, _targets(), TODAY, attempts, [], set())
    console = _recording()
    render_checklist(console, checklist)
    return _svg(_crop(console, 40), "checklist", "supportprep checklist")


def screen_plan() -> str:
    from supportprep.planning.plan import pick_plan
    from supportprep.ui.plan_view import render_plan

    content, _, _ = _practice()
    console = _recording()
    render_plan(console, pick_plan(content, "first-90-days", _targets()), content)
    return _svg(_crop(console, 40), "plan", "supportprep plan")


def screen_progress() -> str:
    from supportprep.practice.progress import summarize
    from supportprep.ui.history_view import render_progress

    content, attempts, _ = _practice()
    names = {s.id: s.name for s in content.stages.values()}
    names.update({s.id: s.name for s in content.skills.values()})
    console = _recording()
    render_progress(console, summarize(attempts, TODAY, tz=UTC), names)
    return _svg(console, "progress", "supportprep progress")


SCREENS: dict[str, Callable[[], str]] = {
    "home.svg": screen_home,
    "drill.svg": screen_drill,
    "result.svg": screen_result,
    "mock.svg": screen_mock,
    "checklist.svg": screen_checklist,
    "plan.svg": screen_plan,
    "progress.svg": screen_progress,
}


def command_reference() -> str:
    """Every command's --help, as the program prints it at 80 columns."""
    import typer

    from supportprep.cli.app import make_app, run

    def walk(command: Any, path: list[str]) -> list[list[str]]:
        found = [path]
        if hasattr(command, "list_commands"):  # a group (typer vendors its own click)
            ctx = typer.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    found += walk(sub, [*path, name])
        return found

    lines = [
        "# Command reference",
        "",
        "Generated from `--help` by `python docs/generate.py`; a test fails when it is stale.",
        "",
    ]
    for path in walk(typer.main.get_command(make_app()), []):
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            run([*path, "--help"])
        title = " ".join(["supportprep", *path])
        lines += [f"## {title}", "", "```text", buffer.getvalue().rstrip(), "```", ""]
    return "\n".join(lines)


def outputs() -> dict[Path, str]:
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        # No user packs, profile or history of whoever runs this may leak into the pictures.
        saved = {k: os.environ.get(k) for k in ("COLUMNS", "SUPPORTPREP_HOME", "NO_COLOR")}
        os.environ.update(COLUMNS=str(WIDTH), SUPPORTPREP_HOME=home)
        os.environ.pop("NO_COLOR", None)
        try:
            result = {IMG / name: make() for name, make in SCREENS.items()}
            result[DOCS / "commands.md"] = command_reference()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return result


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if check and stale:
        names = ", ".join(str(p.relative_to(DOCS.parent)) for p in stale)
        print(f"stale: {names}; run `python docs/generate.py`", file=sys.stderr)
        return 1
    for path in stale:
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
