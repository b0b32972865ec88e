"""Tonight's session in the terminal: the steps with their minutes, and running them on "go"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from supportprep.display import in_days, plural
from supportprep.planning.tonight import Step, Tonight
from supportprep.ui.commands import command
from supportprep.ui.text import clean, plain

if TYPE_CHECKING:
    from rich.console import Console

    from supportprep.packs.content import Content
    from supportprep.planning.prompter import Prompter
    from supportprep.practice.calibration import RescorePrompter
    from supportprep.practice.clock import Clock
    from supportprep.practice.session import Prompter as DrillPrompter

KIND_LABEL = {
    "rescore": "re-score blind",
    "review": "review",
    "drill": "drill",
    "checklist": "to do",
}


def _header(tonight: Tonight) -> Text:
    line = Text(f"Tonight: {tonight.planned_minutes} of {tonight.minutes} min", style="bold")
    if tonight.days_left is not None and tonight.days_left >= 0:
        line.append(f" · interview {in_days(tonight.days_left)}")
    return line


def tonight_view(tonight: Tonight) -> RenderableType:
    parts: list[RenderableType] = [_header(tonight)]
    if not tonight.steps:
        parts.append(
            Text(
                f"Nothing fits in {plural(tonight.minutes, 'minute')}; the smallest step takes "
                f"{plural(min((s.minutes for s in tonight.left_out), default=0), 'minute')}. "
                "Try a larger --minutes.",
            )
        )
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1), expand=True)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("min", justify="right", no_wrap=True)
    table.add_column("what", ratio=1, overflow="fold")
    for number, step in enumerate(tonight.steps, 1):
        cell = Text(f"{KIND_LABEL[step.kind]}: ", style="bold") + plain(step.title)
        cell.append("\n")
        cell.append(clean(step.why), style="dim")
        table.add_row(f"{number}.", f"{step.minutes} min", cell)
    parts.append(table)
    if tonight.left_out:
        names = "; ".join(f"{clean(s.title)} ({s.minutes} min)" for s in tonight.left_out[:3])
        more = len(tonight.left_out) - 3
        tail = f"; and {plural(more, 'more step')}" if more > 0 else ""
        parts.append(Text(f"Not tonight (no time left): {names}{tail}", style="dim"))
    return Group(*parts)


def render_tonight(console: Console, tonight: Tonight) -> None:
    console.print(tonight_view(tonight))


def run_tonight(
    console: Console,
    content: Content,
    tonight: Tonight,
    prompter: Prompter,
    rater: RescorePrompter | None = None,
    *,
    drill_prompter: DrillPrompter | None = None,
    clock: Clock | None = None,
) -> int:
    """Run the steps one after another; returns how many were done. A drill the user stops
    ends the session (``Stopped``), the rest left for another evening. ``rater`` scores the
    blind re-score (the terminal's grader unless a test gives one); the drills ask through
    ``drill_prompter`` on ``clock`` (the terminal's and the system's unless given)."""
    done = 0
    total = len(tonight.steps)
    for number, step in enumerate(tonight.steps, 1):
        console.print(
            Text(f"\nStep {number} of {total} · {step.minutes} min · ", style="bold cyan")
            + plain(step.title)
        )
        if step.kind == "rescore" and step.attempt_id is not None:
            console.print(plain(step.why), style="dim")
            if _rescore(console, content, step.attempt_id, rater):
                done += 1
        elif step.scenario_id is not None:
            _drill(console, content, step.scenario_id, drill_prompter, clock)
            done += 1
        elif step.item_id is not None and _checklist_step(console, prompter, step, tonight):
            done += 1
    console.print(Text(f"\nTonight is done: {done} of {plural(total, 'step')}.", style="bold"))
    return done


def _drill(
    console: Console,
    content: Content,
    scenario_id: str,
    prompter: DrillPrompter | None,
    clock: Clock | None,
) -> None:
    from supportprep.errors import Stopped
    from supportprep.practice.clock import SystemClock
    from supportprep.practice.session import DrillOptions, run_drill
    from supportprep.store.history import open_history
    from supportprep.ui.drill_view import result_view

    clock = clock or SystemClock()
    if prompter is None:
        from supportprep.ui.prompts import TerminalPrompter

        prompter = TerminalPrompter(console, content, clock)
    with open_history() as history:
        outcome = run_drill(
            content,
            content.scenarios[scenario_id],
            prompter,
            clock,
            history,
            DrillOptions(),
        )
    console.print(result_view(content, outcome))
    if outcome.interrupted:
        raise Stopped("stopped; the rest of tonight is left for later (`supportprep today`)")


def _rescore(
    console: Console, content: Content, attempt_id: str, rater: RescorePrompter | None
) -> bool:
    """The blind re-score of ``supportprep rescore``; False when the answer is no longer there
    or no longer ready (re-scored in another window meanwhile, say): the evening goes on."""
    from datetime import timedelta

    from supportprep.practice.calibration import (
        RESCORE_WITHIN,
        NotRescorable,
        choose_rescore,
        run_rescore,
    )
    from supportprep.store.attempt import utcnow
    from supportprep.store.calibration import add_records, load_calibration
    from supportprep.store.history import open_history
    from supportprep.ui.calibration_view import TerminalGrader

    now = utcnow()
    with open_history() as history:
        # A drill started a little before the window may have finished inside it.
        recent = history.attempts(since=now - RESCORE_WITHIN - timedelta(days=1))
    try:
        chosen = choose_rescore(content, recent, load_calibration(), now, attempt_id)
    except NotRescorable as exc:
        console.print(plain(f"Skipped the re-score: {exc}."), style="dim")
        return False
    assert chosen is not None  # an id was given: found, or NotRescorable
    result = run_rescore(content, chosen, rater or TerminalGrader(console), now)
    add_records(rescores=[result.record])
    console.print("Saved; `supportprep progress` shows the gap over time.", style="dim")
    return True


def _checklist_step(console: Console, prompter: Prompter, step: Step, tonight: Tonight) -> bool:
    from supportprep.store.checklist import update_ticks

    assert step.item_id is not None
    item_id = step.item_id
    console.print(plain(step.why), style="dim")
    console.print(Text("Do it: ", style="dim") + plain(command(step.action)), style="cyan")
    if not prompter.confirm("Done? (tick it off the checklist)", default=True):
        console.print("Left open on the checklist.", style="dim")
        return False
    from supportprep.planning.checklist import tick_items

    day = tonight.today
    update_ticks(lambda ticks: tick_items(ticks, [item_id], day).ticks)
    console.print(Text("ticked ", style="green") + plain(item_id))
    return True
