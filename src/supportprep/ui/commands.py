"""An action (``supportprep.actions``) as the command that does it: the one place the engine's
suggestions become command lines, for screens, JSON, calendar files and error messages."""

from __future__ import annotations

from typing import Any

from supportprep.actions import Action, Do

_COMMANDS: dict[Do, str] = {
    Do.DRILL: "supportprep drill",
    Do.DRILL_SCENARIO: "supportprep drill --scenario {target}",
    Do.DRILL_STAGE: "supportprep drill --stage {target}",
    Do.ADD_STORY: "supportprep stories add --slot {target}",
    Do.LIST_STORIES: "supportprep stories list",
    Do.PICK_ARTIFACT: "supportprep checklist pick",
    Do.TICK: "supportprep checklist done {target}",
    Do.MOCK: "supportprep mock",
    Do.RESCORE: "supportprep rescore --attempt {target}",
    Do.SET_INTERVIEW_DATE: "supportprep profile set --interview-date YYYY-MM-DD",
    Do.LIST_ATTEMPTS: "supportprep history",
    Do.LIST_SCENARIOS: "supportprep scenarios",
    Do.SHOW_CONTENT: "supportprep packs show",
}


def command(action: Action) -> str:
    """The command line that does ``action``."""
    if action.do is Do.ADD_STORY and action.target is None:
        return "supportprep stories add"
    return _COMMANDS[action.do].format(target=action.target)


def with_commands(data: Any) -> Any:
    """JSON data with a ``command`` beside every action (``{"do": ..., "target": ...}``), so a
    script can run what a screen suggests without knowing the command line."""
    if isinstance(data, list):
        return [with_commands(value) for value in data]
    if not isinstance(data, dict):
        return data
    worded = {key: with_commands(value) for key, value in data.items()}
    action = data.get("action")
    if isinstance(action, dict) and "do" in action:
        worded["command"] = command(Action(Do(action["do"]), action.get("target")))
    return worded
