"""The real prompter: rich panels, questionary choices, and a text box with a live countdown.

The countdown lives in prompt_toolkit's bottom toolbar, redrawn twice a second while the user
types (``refresh_interval``); it turns yellow in the last minute and red in overtime, where it
counts up (``+0:42``). Nothing polls: prompt_toolkit's event loop redraws on its timer, and
``--strict`` ends the answer with a single sleeping task.

Injects (new facts mid-answer) are drawn in the same toolbar, above the timer: the redraw that
first finds one due shows it, and it stays there until the answer is submitted, while the text
being typed stays untouched in the buffer above.

The answer box wraps between words (``ui.word_wrap``), counts words in the toolbar beside the
clock, and F2 prints the scenario again above it (``run_in_terminal``): the typed text stays in
the buffer and the clock keeps running. Pasted text (a bracketed paste) is counted in the draft,
so a pasted answer gets no words-a-minute pace.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Console

from supportprep import display
from supportprep.errors import Terminated
from supportprep.packs.content import Content
from supportprep.packs.models import Calculation, Criterion, FollowUp, Scenario, Stage
from supportprep.practice.calibration import examples_by_level
from supportprep.practice.clock import Clock
from supportprep.practice.injects import Arrival, InjectFeed
from supportprep.practice.session import Draft
from supportprep.practice.timer import UNTIMED, Countdown, Phase
from supportprep.practice.workforce import Checked
from supportprep.ui import drill_view
from supportprep.ui.text import ARROW_HINT, YES_NO, clean, question

if TYPE_CHECKING:
    from supportprep.practice.insights import Insights

REFRESH_SECONDS = 0.5
SUBMIT_HINT = "Esc then Enter, or Ctrl-D, to submit · Ctrl-C to stop"
RECALL_KEY = "f2"
ANSWER_HINT = "F2 scenario · Ctrl-D or Esc Enter submits · Ctrl-C stops"
"""The toolbar's help line while answering: short, so it fits beside the clock at 80 columns."""
PROMPT = "> "
REFLECT_HINT = "No clock · Esc then Enter, or Ctrl-D, to keep it · leave it empty or Ctrl-C to skip"

_STYLE = {
    "bottom-toolbar": "noreverse",
    "timer.ok": "bold",
    "timer.warn": "bold fg:ansiyellow",
    "timer.over": "bold fg:ansired",
    "hint": "fg:ansibrightblack",
    "words": "bold",
    "inject": "bold fg:ansimagenta",
}


def _inject_fragments(arrivals: list[Arrival]) -> list[tuple[str, str]]:
    fragments: list[tuple[str, str]] = []
    for arrival in arrivals:
        who = f"{clean(arrival.inject.source)}: " if arrival.inject.source else ""
        fragments.append(
            (
                "class:inject",
                f" ▶ New at {display.clock(arrival.arrived_at_seconds)}  {who}"
                f"{clean(arrival.inject.text)}\n",
            )
        )
    return fragments


READING_LABEL = "Reading"


class Bursts:
    """Keys that come faster than anyone types, in a run: a paste the terminal did not mark as
    one (no bracketed paste). Even fast typing leaves tens of milliseconds between keys; a paste
    arrives in one read, keys microseconds apart, so a run of keys under ``GAP`` apart is pasted
    text. A short run (keys held up while the screen redrew) does not count."""

    GAP = 0.008
    RUN = 12

    def __init__(self) -> None:
        self._last = float("-inf")
        self._run = 0

    def key(self, now: float) -> int:
        """One key arrived at ``now``; returns how many keys this makes count as pasted (the
        whole run once it is long enough, then one for each key that continues it)."""
        self._run = self._run + 1 if now - self._last < self.GAP else 1
        self._last = now
        if self._run == self.RUN:
            return self.RUN
        return 1 if self._run > self.RUN else 0


def _word_count(text: str) -> str:
    return display.plural(len(text.split()), "word")


def _timer_fragments(countdown: Countdown, label: str) -> list[tuple[str, str]]:
    if countdown.untimed:
        return [("class:timer.ok", f" {label} {countdown.display()} untimed ")]
    phase = countdown.phase()
    if phase is Phase.RUNNING:
        timer = [("class:timer.ok", f" {label} {countdown.display()} left ")]
    elif phase is Phase.LAST_MINUTE:
        # Reading time has nothing to wrap up: it just runs out.
        nudge = "" if label == READING_LABEL else ", wrap up"
        timer = [("class:timer.warn", f" {label} {countdown.display()} left{nudge} ")]
    else:
        timer = [("class:timer.over", f" {label} {countdown.display()} over time ")]
    if phase is Phase.WAY_OVER:
        timer.append(
            ("class:timer.over", " 50% over: land it now with the next step, its owner and when ")
        )
    return timer


# The prompt_toolkit application on screen and the draft it types into, so a SIGTERM or SIGHUP
# can take the text typed so far and end the prompt the way Ctrl-C does (terminal restored).
_active: list[tuple[Any, Draft | None]] = []
# The termination being handled: after a hang-up, restoring the terminal fails with EIO, and
# that error must not hide why the prompt ended.
_terminating: list[Terminated] = []


@contextlib.contextmanager
def _on_screen(app: Any, draft: Draft | None = None) -> Iterator[None]:
    _active.append((app, draft))
    try:
        yield
    except Exception as exc:
        if _terminating:
            raise _terminating[-1] from exc
        raise
    finally:
        _active.remove((app, draft))


def _terminate(signum: int, frame: object) -> None:
    stop = Terminated(signum)
    _terminating.append(stop)
    if _active:
        app, draft = _active[-1]
        if app.is_running and app.future is not None and not app.future.done():
            if draft is not None:
                draft.text = app.current_buffer.text
            # Ends the prompt from inside its own event loop; the exception comes out of it.
            app.loop.call_soon_threadsafe(_exit_app, app, stop)
            return
    raise stop


def _exit_app(app: Any, stop: Terminated) -> None:
    if app.is_running and app.future is not None and not app.future.done():
        app.exit(exception=stop)


@contextlib.contextmanager
def keep_work_on_termination() -> Iterator[None]:
    """While a drill or mock runs: SIGTERM and SIGHUP raise ``Terminated`` where the program is
    (out of the prompt on screen, with its text in the draft), so the drill keeps what was typed
    as a partial attempt, as Ctrl-C does, without asking; the previous handlers come back after."""
    previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _terminating.clear()


def _ask(question: Any) -> Any:
    """A questionary question, answered with the termination handlers able to end it."""
    with _on_screen(question.application):
        return question.unsafe_ask()


SHOW_EXAMPLES = 0
"""The choice that shows an example answer at each level instead of picking one."""


def ask_level(console: Console, criterion: Criterion, examples: dict[int, str]) -> int:
    """The level picked for one criterion; with example answers for it, an extra choice (key
    ``e``) shows one at each level and asks again."""
    import questionary

    choices = [
        questionary.Choice(title=name, value=level, shortcut_key=str(level))
        for level, name in drill_view.LEVEL_NAMES.items()
    ]
    if examples:
        choices.append(
            questionary.Choice(
                title="show an example of each level", value=SHOW_EXAMPLES, shortcut_key="e"
            )
        )
    while True:
        level = _ask(
            questionary.select(
                question(f"Level for “{clean(criterion.name)}”", reserve=ARROW_HINT),
                choices=choices,
                use_shortcuts=True,
            )
        )
        if int(level) != SHOW_EXAMPLES:
            return int(level)
        console.print(drill_view.examples_panel(criterion, examples))
        console.print(drill_view.anchors_table(criterion, 0, 0))


class TerminalPrompter:
    def __init__(self, console: Console, content: Content, clock: Clock) -> None:
        self.console = console
        self.content = content
        self.clock = clock
        self._scenario: Scenario | None = None
        """The scenario being answered, for its example answers while scoring."""
        self._recall: list[Any] = []
        """What F2 prints again while answering: the scenario, and the question being answered."""
        self._untimed = False

    def _show_recall(self) -> None:
        for panel in self._recall:
            self.console.print(panel)

    # --- prompt_toolkit plumbing ---------------------------------------------------------------

    def _style(self) -> Any:
        from prompt_toolkit.styles import Style

        return Style.from_dict(_STYLE)

    def _color_depth(self) -> Any:
        from prompt_toolkit.output import ColorDepth

        if self.console.no_color or os.environ.get("NO_COLOR"):
            return ColorDepth.MONOCHROME
        return None

    def _timed_prompt(
        self,
        message: str,
        countdown: Countdown,
        *,
        label: str,
        hint: str,
        multiline: bool,
        stop_when_up: bool,
        draft: Draft | None = None,
        feed: InjectFeed | None = None,
        validate: Callable[[str], str | None] | None = None,
        default: str = "",
    ) -> str:
        # Here, not at the top: asyncio (with prompt_toolkit) would delay the scenario's first
        # paint by ~40 ms, and the scenario is drawn before the answer box.
        import asyncio

        from prompt_toolkit import PromptSession
        from prompt_toolkit.application import get_app, run_in_terminal
        from prompt_toolkit.formatted_text import FormattedText
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.keys import Keys
        from prompt_toolkit.validation import ValidationError, Validator

        bindings = KeyBindings()

        from supportprep.ui.word_wrap import WordWrap

        if multiline:

            @bindings.add("c-d")
            def _submit(event: Any) -> None:
                event.app.exit(result=event.app.current_buffer.text)

        if self._recall:

            @bindings.add(RECALL_KEY)
            def _show_again(event: Any) -> None:
                # Printed above the prompt, which is then drawn again below it as it was.
                run_in_terminal(self._show_recall)

        pasting = False
        bursts = Bursts()
        if draft is not None:

            @bindings.add(Keys.BracketedPaste)
            def _paste(event: Any) -> None:
                # As prompt_toolkit's own paste binding does, and counted: a pasted answer has
                # no typing pace.
                nonlocal pasting
                data = event.data.replace("\r\n", "\n").replace("\r", "\n")
                draft.pasted += len(data)
                pasting = True
                try:
                    event.current_buffer.insert_text(data)
                finally:
                    pasting = False

        @bindings.add("c-c")
        def _interrupt(event: Any) -> None:
            if draft is not None:
                draft.text = event.app.current_buffer.text
            event.app.exit(exception=KeyboardInterrupt())

        def toolbar() -> FormattedText:
            typed = get_app().current_buffer.text
            injects: list[tuple[str, str]] = []
            if feed is not None:
                injects = _inject_fragments(feed.poll(typed))
            words = [("class:words", f" {_word_count(typed)} ")] if multiline else []
            return FormattedText(
                [
                    *injects,
                    *_timer_fragments(countdown, label),
                    *words,
                    ("class:hint", f" {hint}"),
                ]
            )

        validator = None
        if validate is not None:
            check = validate

            class _Check(Validator):
                def validate(self, document: Any) -> None:
                    problem = check(document.text)
                    if problem:
                        raise ValidationError(message=problem, cursor_position=len(document.text))

            validator = _Check()

        def pre_run() -> None:
            if not stop_when_up or countdown.untimed:
                return
            app = get_app()

            async def stop_at_deadline() -> None:
                await asyncio.sleep(max(0.0, countdown.remaining()))
                if app.is_running:
                    app.exit(result=app.current_buffer.text)

            app.create_background_task(stop_at_deadline())

        session: PromptSession[str] = PromptSession(
            message,
            multiline=multiline,
            bottom_toolbar=toolbar,
            refresh_interval=REFRESH_SECONDS,
            key_bindings=bindings,
            style=self._style(),
            color_depth=self._color_depth(),
            prompt_continuation=lambda width, line, wrap: "… ".rjust(width),
            # Ctrl-Z suspends to the shell (fg resumes, screen redrawn) instead of typing ^Z.
            enable_suspend=True,
            validator=validator,
            input_processors=[WordWrap(len(message))] if multiline else None,
        )
        if draft is not None:
            counted = draft

            def _inserted(_: Any) -> None:
                if not pasting:
                    counted.pasted += bursts.key(time.monotonic())

            session.default_buffer.on_text_insert += _inserted
        with _on_screen(session.app, draft):
            text = session.prompt(pre_run=pre_run, default=default)
        if draft is not None:
            draft.text = text
        return text

    # --- the Prompter protocol -------------------------------------------------------------------

    def show_scenario(self, scenario: Scenario, stage: Stage, time_limit: int) -> None:
        self._scenario = scenario
        self._untimed = time_limit == UNTIMED
        panel = drill_view.scenario_panel(scenario, stage, time_limit)
        self._recall = [panel]
        self.console.print(panel)

    def reading(self, countdown: Countdown) -> None:
        self.console.print(
            f"Reading time: {display.clock(countdown.limit_seconds)}. "
            "The answer clock starts when it ends or when you press Enter."
        )
        self._timed_prompt(
            "Ready? ",
            countdown,
            label=READING_LABEL,
            hint="Enter to start answering",
            multiline=False,
            stop_when_up=True,
        )

    def answer(
        self,
        label: str,
        countdown: Countdown,
        *,
        strict: bool,
        draft: Draft,
        feed: InjectFeed | None = None,
    ) -> str:
        self.console.print(
            f"[bold]{label}[/bold] (type as you would speak; {SUBMIT_HINT.split(' · ')[0]})"
        )
        if feed is not None:
            self.console.print(
                "[dim]New information may arrive as you answer; it shows below your text.[/dim]"
            )
        text = ""
        while True:
            text = self._timed_prompt(
                PROMPT,
                countdown,
                label="⏱",
                hint=ANSWER_HINT,
                multiline=True,
                stop_when_up=strict,
                draft=draft,
                feed=feed,
                default=text,
            )
            if text.strip() or (strict and countdown.is_up()) or self._submit_empty():
                break
        if strict and countdown.is_up():
            self.console.print(
                "[red]Time is up (--strict): your answer was taken as it stood.[/red]"
            )
        self._report_arrivals(feed)
        self._report_time(countdown)
        return text

    def _submit_empty(self) -> bool:
        """Asked when an answer is submitted with nothing in it: a slip of Ctrl-D should not
        end the answer. No goes back to the box, the clock still running."""
        import questionary

        message = question("Submit an empty answer?", reserve=YES_NO)
        return bool(_ask(questionary.confirm(message, default=False)))

    def _report_arrivals(self, feed: InjectFeed | None) -> None:
        # The toolbar goes when the prompt ends; keep what arrived in the scrollback.
        for arrival in feed.arrivals if feed is not None else []:
            self.console.print(drill_view.inject_line(arrival))

    def inject(self, arrival: Arrival) -> None:
        self.console.print(drill_view.inject_panel(arrival))

    def calculate(
        self,
        index: int,
        total: int,
        calculation: Calculation,
        countdown: Countdown,
        parse: Callable[[str], float | date],
    ) -> float | date | None:
        panel = drill_view.calculation_panel(index, total, calculation, untimed=self._untimed)
        self._recall = [*self._recall[:1], panel]
        self.console.print(panel)

        def problem(text: str) -> str | None:
            if not text.strip():
                return None
            try:
                parse(text)
            except ValueError as exc:
                return str(exc)
            return None

        text = self._timed_prompt(
            "= ",
            countdown,
            label="⏱",
            hint="Enter to check · empty Enter to skip · F2 scenario · Ctrl-C to stop",
            multiline=False,
            stop_when_up=False,
            validate=problem,
        )
        return parse(text) if text.strip() else None

    def calculation_result(self, checked: Checked) -> None:
        self.console.print(drill_view.calculation_result(checked))

    def one_more(self) -> bool:
        import questionary

        return bool(
            _ask(
                questionary.confirm(
                    question(
                        "One more follow-up? The interviewer has more to probe.", reserve=YES_NO
                    ),
                    default=False,
                )
            )
        )

    def _report_time(self, countdown: Countdown) -> None:
        if countdown.untimed:
            taken = display.clock(countdown.elapsed())
            self.console.print(f"[dim]Time taken {taken} (untimed)[/dim]")
            return
        used = f"{display.clock(countdown.elapsed())} of {display.clock(countdown.limit_seconds)}"
        line = f"[dim]Time used {used}[/dim]"
        if countdown.overtime() >= 1:  # a few milliseconds past a --strict stop is not overtime
            line += f" [red]+{display.clock(countdown.overtime())} over[/red]"
        self.console.print(line)

    def speak(
        self, label: str, countdown: Countdown, *, strict: bool, feed: InjectFeed | None = None
    ) -> None:
        self.console.print(
            f"[bold]{label}[/bold]: speak it now, as you would in the room. "
            "Press Enter when you finish."
        )
        self._timed_prompt(
            "Speaking… ",
            countdown,
            label="⏱",
            hint="Enter when you finish · F2 scenario · Ctrl-C to stop",
            multiline=False,
            stop_when_up=strict,
            feed=feed,
        )
        self._report_arrivals(feed)
        self._report_time(countdown)

    def follow_up(self, index: int, total: int, follow_up: FollowUp) -> None:
        panel = drill_view.follow_up_panel(index, total, follow_up, untimed=self._untimed)
        self._recall = [*self._recall[:1], panel]
        self.console.print(panel)

    def insights(self, report: Insights) -> None:
        from supportprep.ui.insights_view import insights_panel

        self.console.print(insights_panel(report))

    def rate(
        self, criterion: Criterion, index: int, total: int, *, reminders: Sequence[str] = ()
    ) -> int:
        if index == 1:
            self.console.print(
                "\n[bold]Score yourself.[/bold] For each criterion pick the level whose "
                "description matches what your answer actually did."
            )
        self.console.print(drill_view.anchors_table(criterion, index, total))
        for reminder in reminders:
            self.console.print(drill_view.credit_line(reminder))
        examples: dict[int, str] = {}
        if self._scenario is not None:
            examples = examples_by_level(self.content, self._scenario, criterion.id)
        return ask_level(self.console, criterion, examples)

    def red_flags(self, flags: list[str]) -> list[str]:
        import questionary

        if not flags:
            return []
        chosen = _ask(
            questionary.checkbox(
                # The message says how; questionary's own hint would run to a second line.
                question(
                    "Red flags: tick any your answer showed (Space to tick, Enter when done)",
                    reserve=0,
                ),
                instruction="",
                choices=[questionary.Choice(title=clean(f), value=f) for f in flags],
            )
        )
        return list(chosen or [])

    def reflect(self, question: str) -> str:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.formatted_text import FormattedText
        from prompt_toolkit.key_binding import KeyBindings

        from supportprep.ui.word_wrap import WordWrap

        self.console.print(drill_view.reflection_panel(question))
        bindings = KeyBindings()

        @bindings.add("c-d")
        def _submit(event: Any) -> None:
            event.app.exit(result=event.app.current_buffer.text)

        session: PromptSession[str] = PromptSession(
            PROMPT,
            multiline=True,
            bottom_toolbar=lambda: FormattedText([("class:hint", REFLECT_HINT)]),
            key_bindings=bindings,
            style=self._style(),
            color_depth=self._color_depth(),
            prompt_continuation=lambda width, line, wrap: "… ".rjust(width),
            input_processors=[WordWrap(len(PROMPT))],
        )
        text = session.prompt()
        self.console.print(
            "[dim]Kept with this attempt.[/dim]" if text.strip() else "[dim]Skipped.[/dim]"
        )
        return text

    def keep_partial(self) -> bool:
        import questionary

        self.console.print()
        keep = _ask(
            questionary.select(
                # Folded between words: at 80 columns the terminal cut "q / uit".
                question(
                    "Stopped. Keep this attempt as a partial one, or discard it? "
                    "(Ctrl-C again to quit)"
                ),
                choices=[
                    questionary.Choice("Keep it (saved as partial, not scored)", value=True),
                    questionary.Choice("Discard it", value=False),
                ],
            )
        )
        return bool(keep)
