"""The mock loop's questions on the terminal: start it?, resume the saved one?, the pause screen
between stages, and what to do with a stage after Ctrl-C.

Every question goes through ``prompts._ask`` (or the pause screen's own prompt registered with
``_on_screen``), so SIGTERM and SIGHUP end them the way they end a drill's prompts.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from supportprep import display
from supportprep.packs.models import Stage
from supportprep.practice.mock import StageChoice
from supportprep.practice.session import DrillOutcome
from supportprep.practice.timer import UNTIMED
from supportprep.ui import drill_view
from supportprep.ui.prompts import TerminalPrompter, _ask, _on_screen
from supportprep.ui.text import ARROW_HINT, YES_NO, clean, plain
from supportprep.ui.text import question as fold


def confirm(question: str, *, default: bool = True) -> bool:
    """A yes/no question; Ctrl-C raises ``KeyboardInterrupt`` (the caller's "stopped")."""
    import questionary

    return bool(_ask(questionary.confirm(fold(question, reserve=YES_NO), default=default)))


class MockTerminalPrompter(TerminalPrompter):
    """The drill's prompter plus the loop's own screens."""

    def between_stages(
        self,
        number: int,
        total: int,
        stage: Stage,
        time_limit: int,
        previous: DrillOutcome | None,
    ) -> None:
        from prompt_toolkit import PromptSession

        if previous is not None:
            self.console.print(drill_view.result_view(self.content, previous))
        # A stage name is pack text: a rule's title string would be read as markup.
        self.console.rule(Text(f"Stage {number} of {total}: {clean(stage.name)}"))
        self.console.print(plain(stage.tests))
        if time_limit == UNTIMED:  # mock --time off
            self.console.print("Untimed: take the time you need; how long you take is kept.")
        else:
            self.console.print(f"You will have {display.clock(time_limit)} to answer.")
        session: PromptSession[str] = PromptSession(
            "Press Enter to start (Ctrl-C to skip it or end the loop) ", enable_suspend=True
        )
        with _on_screen(session.app):
            session.prompt()

    def stage_stopped(
        self, number: int, total: int, stage: Stage, *, can_keep: bool
    ) -> StageChoice:
        return ask_stage_stopped(self.console, number, total, stage, can_keep=can_keep)


def ask_stage_stopped(
    console: Console, number: int, total: int, stage: Stage, *, can_keep: bool
) -> StageChoice:
    """Skip the stage, keep what was typed and go on, or end the loop (Ctrl-C again: end now)."""
    import questionary

    last = number == total
    onward = "go to the debrief" if last else f"go on to stage {number + 1} of {total}"
    choices = [questionary.Choice(f"Skip this stage, {onward} (counts as 0)", value="skip")]
    if can_keep:
        choices.append(
            questionary.Choice(f"Keep what you typed as partial, {onward}", value="keep")
        )
    kept = ", keeping what you typed" if can_keep else ""
    choices.append(
        questionary.Choice(f"End the loop here{kept} (mock --resume later)", value="end")
    )
    console.print()
    # Short lines: questionary does not wrap its choices, and 80 columns must show them whole.
    choice: StageChoice = _ask(
        questionary.select(
            fold(
                f"Stage {number} of {total} stopped. What now? (Ctrl-C again ends the loop)",
                reserve=ARROW_HINT,
            ),
            choices=choices,
        )
    )
    return choice
