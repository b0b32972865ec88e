"""What a screen or an error suggests the user do next, as data.

The engine (practice, planning) says *what* to do: drill this scenario, add a story for this
slot, tick this item. How that is typed is the command line's business: ``ui/commands.py``
words an action as a command, in one place, for the screens, the JSON and the exported files.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from supportprep.records import record


class Do(StrEnum):
    DRILL = "drill"
    """Start a drill (no target)."""
    DRILL_SCENARIO = "drill-scenario"
    DRILL_STAGE = "drill-stage"
    ADD_STORY = "add-story"
    """Add a story, for the slot named by the target when there is one."""
    LIST_STORIES = "list-stories"
    PICK_ARTIFACT = "pick-artifact"
    TICK = "tick"
    """Tick the checklist item named by the target."""
    MOCK = "mock"
    """Start a new mock loop."""
    RESCORE = "rescore"
    """Score the attempt named by the target again, blind."""
    SET_INTERVIEW_DATE = "set-interview-date"
    LIST_ATTEMPTS = "list-attempts"
    LIST_SCENARIOS = "list-scenarios"
    SHOW_CONTENT = "show-content"


@record(frozen=True)
class Action:
    do: Do
    target: str | None = None

    def to_jsonable(self) -> dict[str, Any]:
        return {"do": self.do.value, "target": self.target}


E = TypeVar("E", bound=BaseException)


def then(error: E, action: Action) -> E:
    """``error`` carrying the step that helps: the CLI adds it to the message as a command."""
    error.then = action  # type: ignore[attr-defined]
    return error


def suggested(error: BaseException) -> Action | None:
    """The step an error carries, if any."""
    action = getattr(error, "then", None)
    return action if isinstance(action, Action) else None
