"""The pack models are plain dataclasses that pydantic validates: the cached everyday run needs
neither pydantic nor yaml, and what pydantic would produce is what we produce by hand."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from supportprep.packs.content import Content
from supportprep.packs.errors import PackError
from supportprep.packs.loader import load_content
from supportprep.packs.models import jsonable, validator
from tests.conftest import TINY_PACK


def test_json_output_matches_what_pydantic_would_dump(bundled: Content) -> None:
    for kind in ("roles", "skills", "stages", "rubrics", "scenarios", "checklists", "plans"):
        for item in bundled.kind(kind).values():
            dumper = validator(type(item))
            for exclude_none in (False, True):
                expected = dumper.dump_python(item, mode="json", exclude_none=exclude_none)
                assert jsonable(item, exclude_none=exclude_none) == expected, (kind, item.id)


def test_a_cached_run_imports_neither_pydantic_nor_yaml() -> None:
    script = (
        "import sys\n"
        "from supportprep.cli.app import run\n"
        "code = run(['plan', '--role', 'customer-support-manager'])\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'pydantic', 'pydantic_core', 'yaml'}\n"
        "print(code, sorted(heavy), file=sys.stderr)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    first, cached = (r.stderr.strip().splitlines()[-1] for r in runs)
    assert first.startswith("0 ") and "pydantic" in first  # the first run validated the packs
    assert cached == "0 []"


def _pack_with(tmp_path: Path, extra: str, file: str = "content.yaml") -> Path:
    """The tiny pack with ``extra`` at the top of ``file`` (a new file when it is not there)."""
    pack = tmp_path / "tiny"
    shutil.copytree(TINY_PACK, pack)
    target = pack / file
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(extra + before, encoding="utf-8")
    return pack


def test_a_schema_hint_for_editors_is_allowed(tmp_path: Path) -> None:
    pack = _pack_with(tmp_path, "$schema: ./schema/pack-content.schema.json\n")
    content = load_content([pack], include_bundled=False)
    assert "tiny-outage" in content.scenarios


def test_a_schema_hint_must_be_text(tmp_path: Path) -> None:
    pack = _pack_with(tmp_path, "$schema: 3\n")
    with pytest.raises(PackError) as caught:
        load_content([pack], include_bundled=False)
    [issue] = caught.value.issues
    assert (issue.line, issue.field) == (1, "$schema")
    assert "should be a valid string (got 3)" in issue.message


def test_text_is_stripped_and_blank_text_is_refused(tmp_path: Path) -> None:
    padded = "roles:\n  - {id: lead, name: '  Team lead  ', description: Leads.}\n"
    content = load_content([_pack_with(tmp_path, padded, "more.yaml")], include_bundled=False)
    assert content.roles["lead"].name == "Team lead"

    blank = "roles:\n  - {id: lead, name: '   ', description: Leads.}\n"
    with pytest.raises(PackError) as caught:
        load_content(
            [_pack_with(tmp_path / "blank", blank, "more.yaml")],
            include_bundled=False,
        )
    [issue] = caught.value.issues
    assert (issue.field, issue.message) == ("roles[0].name", "must not be blank")


def test_packs_show_json_is_plain_json(bundled: Content) -> None:
    data = bundled.to_jsonable()
    assert json.loads(json.dumps(data)) == data
    first = next(iter(bundled.scenarios.values()))
    [dumped] = [s for s in data["scenarios"] if s["id"] == first.id]
    assert dumped["difficulty"] == first.difficulty.value
    assert dumped["time_limit_seconds"] == bundled.time_limit(first)


def test_example_answers_load_and_are_found_by_scenario(tmp_path: Path) -> None:
    pack = _pack_with(
        tmp_path,
        "examples:\n"
        "  - id: ex-outage-4\n    scenario: tiny-outage\n    level: 4\n"
        "    answer: I reproduce it first.\n    levels: {update: 3}\n"
        "  - id: ex-outage-1\n    scenario: tiny-outage\n    level: 1\n"
        "    answer: Restart it.\n    why: Jumps to a fix.\n",
        file="more-examples.yaml",
    )
    content = load_content([pack], include_bundled=False)
    found = [e for e in content.examples_for("tiny-outage") if e.id.startswith("ex-outage")]
    assert [(e.id, e.level) for e in found] == [("ex-outage-1", 1), ("ex-outage-4", 4)]
    assert found[1].levels == {"update": 3}
    levels = [e.level for e in content.examples_for("tiny-outage")]
    assert levels == sorted(levels)
    assert content.examples_for("tiny-refund-email") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("level: 5\n    answer: x\n", "examples[0].level: should be less than or equal to 4"),
        (
            "level: 2\n    answer: x\n    levels: {tone: 2}\n",
            "examples[0].levels.tone: 'tone' is not a criterion of rubric 'triage'",
        ),
    ],
)
def test_bad_example_answers_are_located_errors(tmp_path: Path, body: str, expected: str) -> None:
    pack = _pack_with(
        tmp_path, f"examples:\n  - id: ex-bad\n    scenario: tiny-outage\n    {body}", "ex.yaml"
    )
    with pytest.raises(PackError) as caught:
        load_content([pack], include_bundled=False)
    message = str(caught.value)
    assert "ex.yaml:" in message and expected in message, message


def test_an_example_for_an_unknown_scenario_is_refused(tmp_path: Path) -> None:
    pack = _pack_with(
        tmp_path, "examples:\n  - id: ex\n    scenario: tiny-outgae\n    level: 1\n    answer: x\n"
    )
    with pytest.raises(PackError, match="did you mean 'tiny-outage'"):
        load_content([pack], include_bundled=False)
