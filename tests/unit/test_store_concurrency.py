"""Twenty supportprep processes changing the same file at once: every change lands."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from supportprep.store.checklist import load_ticks
from supportprep.store.profile import Profile, load_profile, update_profile
from supportprep.store.stories import load_stories

WRITERS = 20

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and flock are POSIX")


def _in_processes(work: Callable[[int], int]) -> list[int]:
    """Run ``work(n)`` for n in 0..19, each in its own forked process, all released at once;
    return the exit codes."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(WRITERS)

    def child(n: int) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        start.wait()
        os._exit(work(n))

    processes = [context.Process(target=child, args=(n,)) for n in range(WRITERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    return [process.exitcode if process.exitcode is not None else -1 for process in processes]


def _cli(*args: str) -> int:
    from supportprep.cli.app import run

    return run(list(args))


STORY = ("--situation", "s", "--task", "t", "--action", "a", "--result", "r")


def test_twenty_stories_added_at_once_are_all_kept(isolated_home: Path) -> None:
    codes = _in_processes(lambda n: _cli("stories", "add", "--title", f"Story {n}", *STORY))
    assert codes == [0] * WRITERS
    stories = load_stories()
    assert sorted(s.title for s in stories) == sorted(f"Story {n}" for n in range(WRITERS))
    assert len({s.id for s in stories}) == WRITERS


def test_twenty_ticks_at_once_are_all_kept(isolated_home: Path) -> None:
    from supportprep.packs.loader import load_content

    content = load_content()  # fills the cache first, so the writers do not all build it
    ids = [item.id for _, item in content.checklist_items()][:WRITERS]
    codes = _in_processes(lambda n: _cli("checklist", "done", ids[n]))
    assert codes == [0] * WRITERS
    assert sorted(load_ticks()) == sorted(ids)


def test_twenty_profile_changes_at_once_are_all_kept(isolated_home: Path) -> None:
    def append(n: int) -> int:
        update_profile(lambda p: Profile(company=f"{p.company or ''}[{n}]"))
        return 0

    assert _in_processes(append) == [0] * WRITERS
    company = load_profile().company or ""
    assert sorted(company.strip("[]").split("][")) == sorted(str(n) for n in range(WRITERS))


def test_profile_set_from_twenty_commands_keeps_every_field(isolated_home: Path) -> None:
    fields = [("--company", "company"), ("--seniority", "seniority")]
    values = {"--company": "Acme", "--seniority": "manager"}
    codes = _in_processes(
        lambda n: (
            _cli("profile", "set", fields[n % 2][0], values[fields[n % 2][0]])
            if n % 4
            else _cli("profile", "set", "--interview-date", "2027-01-15")
        )
    )
    assert codes == [0] * WRITERS
    saved = json.loads((isolated_home / "profile.json").read_text(encoding="utf-8"))
    assert saved == {"seniority": "manager", "interview_date": "2027-01-15", "company": "Acme"}
