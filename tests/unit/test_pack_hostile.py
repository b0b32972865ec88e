"""Hostile or odd pack files: refused with a located line, never a hang, a crash or a leak."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import TINY_PACK, Cli
from tests.unit.test_pack_errors import MANIFEST, make_pack, one_error, validate

ESCAPES = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b31m\x1bc"
# The same codes as YAML escapes (YAML refuses them raw) in a double-quoted string.
YAML_ESCAPES = r"\e]52;c;cHduZWQ=\a\e[2J\x9b31m\ec"


def _copy(tmp_path: Path) -> Path:
    pack = tmp_path / "tiny"
    shutil.copytree(TINY_PACK, pack)
    return pack


def _hung(signum: int, frame: object) -> None:
    raise TimeoutError("the load hung on the pipe")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_named_like_yaml_is_skipped_with_an_issue(cli: Cli, tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    os.mkfifo(pack / "pipe.yaml")
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(20)  # opening a FIFO blocks until a writer comes: fail instead of hanging
    try:
        line = one_error(cli, pack)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert "pipe.yaml" in line and "not a regular file" in line


def test_a_link_out_of_the_pack_is_refused_and_not_read(cli: Cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2-do-not-echo\n", encoding="utf-8")
    pack = _copy(tmp_path)
    (pack / "link.yaml").symlink_to(secret)
    lines = validate(cli, pack)
    assert len(lines) == 1 and "link.yaml" in lines[0] and "outside the pack" in lines[0]
    assert "hunter2" not in "\n".join(lines) and "password" not in "\n".join(lines)


def test_a_link_inside_the_pack_is_followed(cli: Cli, tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    (pack / "more").mkdir()
    (pack / "more" / "roles.yml").write_text(
        "roles:\n  - {id: director, name: Director, description: Runs it.}\n", encoding="utf-8"
    )
    (tmp_path / "elsewhere").mkdir()
    (pack / "more" / "roles.yml").rename(tmp_path / "elsewhere" / "roles.yml")
    (pack / "more" / "roles.yml").symlink_to(tmp_path / "elsewhere" / "roles.yml")
    assert "outside the pack" in " ".join(validate(cli, pack))
    (tmp_path / "elsewhere" / "roles.yml").rename(pack / "roles-real.yml")
    (pack / "more" / "roles.yml").unlink()
    (pack / "more" / "roles.yml").symlink_to(pack / "roles-real.yml")
    # the same roles twice (the file and its link) is a duplicate, which proves the link was read
    assert "duplicate role id 'director'" in " ".join(validate(cli, pack))


def test_a_5000_digit_integer_is_a_located_error(cli: Cli, tmp_path: Path) -> None:
    content = SCENARIO_WITH_LIMIT.replace("LIMIT", "9" * 5000)
    pack = make_pack(tmp_path, content)
    line = one_error(cli, pack)
    assert "content.yaml:" in line and "as a number" in line and "time_limit_seconds" in line
    assert len(line) < 300


SCENARIO_WITH_LIMIT = """\
scenarios:
  - id: x-outage
    title: Outage
    stage: live-troubleshooting
    time_limit_seconds: LIMIT
    prompt: Walk me through it.
    context: [It broke.]
    strong_answer_points: [Reproduce., Verify.]
    red_flags: [Guessing.]
    rubric: live-troubleshooting
"""


def test_a_checklist_item_id_from_another_checklist_is_refused(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "pack.yaml").write_text(MANIFEST.replace("broken", "other"), encoding="utf-8")
    (other / "lists.yaml").write_text(
        textwrap.dedent(
            """\
            checklists:
              - id: my-prep
                name: My prep
                items:
                  - id: tiny-story-pushback
                    text: Another item with a taken id.
                    category: stories
                    due_days_before: 3
            """
        ),
        encoding="utf-8",
    )
    result = cli("--pack", str(TINY_PACK), "--no-bundled", "packs", "validate", str(other))
    assert result.code == 2
    assert "duplicate checklist item id 'tiny-story-pushback'" in result.err
    assert "lists.yaml:5:" in result.err and "checklist 'prep'" in result.err


def test_an_unknown_key_with_escape_codes_is_echoed_without_them(cli: Cli, tmp_path: Path) -> None:
    content = SCENARIO_WITH_LIMIT.replace("LIMIT", "300") + f'    "bad{YAML_ESCAPES}key": 1\n'
    content = content.replace("title: Outage", f'title: "Out{YAML_ESCAPES}"\n    tags: [x]')
    pack = make_pack(tmp_path, content)
    result = cli("packs", "validate", str(pack))
    assert result.code == 2
    assert "unknown field" in result.err and "badkey" in result.err
    for code in ("\x1b", "\x07", "\x9b", "\x9d"):
        assert code not in result.err


def test_a_raw_control_character_is_one_located_line(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, f"roles:\n  - id: a\n    name: A{ESCAPES}\n")
    line = one_error(cli, pack)
    assert "content.yaml:3:12:" in line and "U+001B is not allowed" in line


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="POSIX file kinds")
