from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from supportprep.planning.prompter import Choice, Validator
from supportprep.store.attempt import Attempt

if TYPE_CHECKING:
    from supportprep.packs.content import Content

ROOT = Path(__file__).resolve().parent.parent
TINY_PACK = Path(__file__).resolve().parent / "fixtures" / "tiny-pack"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own empty data home, so nothing touches the real user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SUPPORTPREP_HOME", str(home))
    # Set, then removed: monkeypatch then restores it after the test even when the code under
    # test sets it (``--no-color`` does, for prompt_toolkit).
    monkeypatch.setenv("NO_COLOR", "")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("COLUMNS", "100")
    from supportprep.ui import console

    console.out.cache_clear()
    console.err.cache_clear()
    yield home
    console._no_color = False
    console.out.cache_clear()
    console.err.cache_clear()


@dataclass
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run the real entry point in-process, as a user would from the shell."""
    from supportprep.cli.app import run

    def invoke(*args: str) -> Result:
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


# --- shared content and records -----------------------------------------------------------------


@pytest.fixture(scope="session")
def tiny() -> Content:
    """The tiny test pack alone: two skills, three scenarios; fast, and stable for exact asserts."""
    from supportprep.packs.loader import load_content

    return load_content([TINY_PACK], include_bundled=False)


@pytest.fixture(scope="session")
def bundled() -> Content:
    """The bundled content, as a user gets it (no user packs, no cache)."""
    from supportprep.packs.loader import load_content

    return load_content()


ATTEMPT_TIME = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_attempt(
    scenario_id: str = "tiny-outage",
    *,
    score: float | None = 60.0,
    skills: dict[str, float] | None = None,
    when: datetime = ATTEMPT_TIME,
    minutes: float = 5,
    content: Content | None = None,
    **more: Any,
) -> Attempt:
    """One attempt for tests: ``when`` is when it finished, ``minutes`` how long it took (the
    answer time too, unless ``duration_seconds`` says otherwise; overtime follows from it).

    With ``content``, the title, stage, rubric and time limit come from the scenario there;
    otherwise the tiny pack's triage stage. Any other ``Attempt`` field goes in ``more``.
    """
    fields: dict[str, Any] = {
        "scenario_id": scenario_id,
        "scenario_title": scenario_id,
        "stage": "triage",
        "rubric": "triage",
        "time_limit_seconds": 300,
    }
    if content is not None:
        scenario = content.scenarios[scenario_id]
        fields.update(
            scenario_title=scenario.title,
            stage=scenario.stage,
            rubric=scenario.rubric,
            time_limit_seconds=content.time_limit(scenario),
        )
    fields.update(
        started_at=when - timedelta(minutes=minutes),
        finished_at=when,
        duration_seconds=minutes * 60,
        score=score,
        skill_scores=dict(skills or {}),
    )
    fields.update(more)
    fields.setdefault(
        "overtime_seconds", max(0.0, fields["duration_seconds"] - fields["time_limit_seconds"])
    )
    return Attempt(**fields)


# --- a scripted stand-in for the questionary prompter -------------------------------------------


class ScriptedPrompter:
    """Answers the planning flows' questions (``planning.prompter.Prompter``) from a script.

    Either one ``script`` in the order the questions come, or a queue per kind of question
    (``text=``, ``select=``, ``checkbox=``, ``confirm=``); a kind with no queue must not be
    asked. ``None`` in a script means the user just pressed Enter (the default). A text answer
    that fails its validator is recorded in ``rejected`` and the next answer is taken, as
    questionary asks again. What was offered is recorded for asserts.
    """

    def __init__(
        self,
        script: list[object] | None = None,
        *,
        text: list[str | None] | None = None,
        select: list[str | None] | None = None,
        checkbox: list[list[str] | None] | None = None,
        confirm: list[bool | None] | None = None,
    ) -> None:
        self.script = script
        self.queues: dict[str, list[Any] | None] = {
            "text": text,
            "select": select,
            "checkbox": checkbox,
            "confirm": confirm,
        }
        self.defaults: dict[str, list[object]] = {kind: [] for kind in self.queues}
        self.offered: list[list[Choice]] = []
        self.checked: list[list[str]] = []
        self.rejected: list[str] = []

    def _answer(self, kind: str, message: str, default: object) -> Any:
        queue = self.script if self.script is not None else self.queues[kind]
        if queue is None:
            raise AssertionError(f"not asked for a {kind}: {message}")
        if not queue:
            raise AssertionError(f"asked more than scripted: {message}")
        answer = queue.pop(0)
        return default if answer is None else answer

    def text(self, message: str, *, default: str = "", validate: Validator | None = None) -> str:
        self.defaults["text"].append(default)
        value = str(self._answer("text", message, default))
        while validate is not None and validate(value) is not None:
            self.rejected.append(value)
            value = str(self._answer("text", message, default))
        return value

    def select(self, message: str, choices: Sequence[Choice], *, default: str) -> str:
        self.defaults["select"].append(default)
        self.offered.append(list(choices))
        value = str(self._answer("select", message, default))
        assert value in {c.value for c in choices}, f"{message}: {value} is not a choice"
        return value

    def checkbox(
        self, message: str, choices: Sequence[Choice], *, checked: Collection[str] = ()
    ) -> list[str]:
        self.offered.append(list(choices))
        self.checked.append(list(checked))
        value = list(self._answer("checkbox", message, list(checked)))
        assert set(value) <= {c.value for c in choices}, f"{message}: {value} not all choices"
        return value

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self.defaults["confirm"].append(default)
        return bool(self._answer("confirm", message, default))
