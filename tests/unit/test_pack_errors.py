"""Every class of broken pack gets one clear line naming file, line, column and field; exit 2."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import Cli

MANIFEST = (
    "id: broken\nname: Broken\nversion: 1.0.0\nformat_version: 1\ndescription: Broken on purpose.\n"
)

SCENARIO = """\
scenarios:
  - id: x-outage
    title: Outage
    stage: live-troubleshooting
    prompt: Walk me through it.
    context: [It broke.]
    strong_answer_points: [Reproduce., Verify.]
    red_flags: [Guessing.]
    rubric: live-troubleshooting
"""


def make_pack(tmp_path: Path, content: str | bytes, manifest: str = MANIFEST) -> Path:
    pack = tmp_path / "broken"
    pack.mkdir()
    (pack / "pack.yaml").write_text(manifest, encoding="utf-8")
    target = pack / "content.yaml"
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(textwrap.dedent(content), encoding="utf-8")
    return pack


def validate(cli: Cli, pack: Path) -> list[str]:
    result = cli("packs", "validate", str(pack))
    assert result.code == 2, result
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert lines[-1].startswith("supportprep: ") and "problem" in lines[-1]
    return lines[:-1]


def one_error(cli: Cli, pack: Path) -> str:
    lines = validate(cli, pack)
    assert len(lines) == 1, lines
    return lines[0]


def test_yaml_syntax_error_names_line_and_column(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, "scenarios:\n  - id: a\n    title: [unclosed\n")
    line = one_error(cli, pack)
    assert re.match(r".*content\.yaml:\d+:\d+: YAML syntax error: ", line), line


def test_wrong_type(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, SCENARIO + "    time_limit_seconds: ten minutes\n")
    line = one_error(cli, pack)
    assert "content.yaml:10:25: scenarios[0].time_limit_seconds: should be a valid integer" in line
    assert "'ten minutes'" in line


def test_missing_field_points_at_the_item(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, SCENARIO.replace("    rubric: live-troubleshooting\n", ""))
    line = one_error(cli, pack)
    assert line.endswith("content.yaml:2:5: scenarios[0].rubric: missing required field 'rubric'")


def test_unknown_key_suggests_the_right_one(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, SCENARIO + "    folow_ups: []\n")
    line = one_error(cli, pack)
    assert "content.yaml:10:5: scenarios[0].folow_ups: unknown field 'folow_ups'" in line
    assert "did you mean 'follow_ups'?" in line


def test_unknown_top_level_kind(cli: Cli, tmp_path: Path) -> None:
    line = one_error(cli, make_pack(tmp_path, "scenario: []\n"))
    assert "content.yaml:1:1: scenario: unknown field 'scenario'; did you mean 'scenarios'?" in line


def test_duplicate_ids_name_both_places(cli: Cli, tmp_path: Path) -> None:
    second = SCENARIO.replace("scenarios:\n", "")
    line = one_error(cli, make_pack(tmp_path, SCENARIO + second))
    assert "content.yaml:10:9: scenarios[1].id: duplicate scenario id 'x-outage'" in line
    assert "first defined in" in line and "content.yaml:2)" in line


def test_dangling_reference(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path, SCENARIO.replace("rubric: live-troubleshooting", "rubric: live-trouble")
    )
    line = one_error(cli, pack)
    assert "content.yaml:9:13: scenarios[0].rubric: unknown rubric 'live-trouble'" in line
    assert "did you mean 'live-troubleshooting'?" in line


def test_dangling_reference_in_a_list(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, SCENARIO + "    industries: [saas, aerospace]\n")
    line = one_error(cli, pack)
    assert "content.yaml:10:24: scenarios[0].industries[1]: unknown industry 'aerospace'" in line


def test_empty_file(cli: Cli, tmp_path: Path) -> None:
    line = one_error(cli, make_pack(tmp_path, ""))
    assert line.endswith("content.yaml:1:1: file is empty; expected a mapping of content")


def test_comment_only_file_counts_as_empty(cli: Cli, tmp_path: Path) -> None:
    line = one_error(cli, make_pack(tmp_path, "# nothing yet\n"))
    assert "file is empty" in line


def test_document_that_is_not_a_mapping(cli: Cli, tmp_path: Path) -> None:
    line = one_error(cli, make_pack(tmp_path, "- one\n- two\n"))
    assert "content.yaml:1:1: expected a mapping (key: value pairs)" in line
    assert "found a list" in line


def test_file_that_is_not_utf8(cli: Cli, tmp_path: Path) -> None:
    data = SCENARIO.replace("Outage", "Caf\xe9 outage").encode("latin-1")
    line = one_error(cli, make_pack(tmp_path, data))
    assert "content.yaml:3:15: file is not UTF-8 text (byte 0xe9)" in line


def test_python_object_tags_are_refused(cli: Cli, tmp_path: Path) -> None:
    evil = "scenarios: !!python/object/apply:os.system [echo pwned]\n"
    line = one_error(cli, make_pack(tmp_path, evil))
    assert (
        "content.yaml:1:12: scenarios: YAML tag tag:yaml.org,2002:python/object/apply:os.system"
        in line
    )
    assert "not allowed" in line


def test_custom_tags_are_refused(cli: Cli, tmp_path: Path) -> None:
    line = one_error(cli, make_pack(tmp_path, "scenarios: !include other.yaml\n"))
    assert "YAML tag !include is not allowed in a pack" in line


def test_alias_bomb_is_refused_quickly(cli: Cli, tmp_path: Path) -> None:
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        rows.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    rows.append("scenarios: *a8")
    line = one_error(cli, make_pack(tmp_path, "\n".join(rows) + "\n"))
    assert "aliases expand to too many nodes" in line


def test_duplicate_mapping_keys(cli: Cli, tmp_path: Path) -> None:
    line = one_error(cli, make_pack(tmp_path, SCENARIO + "    title: Again\n"))
    assert "content.yaml:10:5: scenarios[0].title: duplicate key 'title'" in line


def test_bad_manifest(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path, SCENARIO, manifest=MANIFEST.replace("format_version: 1", "format_version: 9")
    )
    line = one_error(cli, pack)
    assert (
        "pack.yaml:4:17: format_version: format 9 is newer than this supportprep reads (1)" in line
    )


def test_folder_without_manifest(cli: Cli, tmp_path: Path) -> None:
    line = one_error(cli, tmp_path)
    assert "not a pack: there is no pack.yaml in this folder" in line


def test_every_problem_is_reported_not_just_the_first(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, SCENARIO + "    difficulty: hard\n    extra: 1\n")
    lines = validate(cli, pack)
    assert len(lines) == 2
    assert any("scenarios[0].difficulty" in line for line in lines)
    assert any("scenarios[0].extra" in line for line in lines)


@pytest.mark.parametrize("bad", ["Has Caps", "", "-leading-dash"])
def test_bad_ids(cli: Cli, tmp_path: Path, bad: str) -> None:
    pack = make_pack(tmp_path, SCENARIO.replace("id: x-outage", f'id: "{bad}"'))
    line = one_error(cli, pack)
    assert "scenarios[0].id:" in line


def test_valid_pack_passes(cli: Cli, tmp_path: Path) -> None:
    result = cli("packs", "validate", str(make_pack(tmp_path, SCENARIO)))
    assert result.code == 0, result.err
    assert result.out.startswith("ok: 2 packs valid (core, broken)")


def test_recursive_alias_is_refused(cli: Cli, tmp_path: Path) -> None:
    line = one_error(cli, make_pack(tmp_path, "scenarios: &loop [*loop]\n"))
    assert "content.yaml: an alias refers to itself" in line


def test_validate_json_lists_problems_with_their_places(cli: Cli, tmp_path: Path) -> None:
    import json

    pack = make_pack(tmp_path, SCENARIO.replace("rubric: live-troubleshooting", "rubric: nope"))
    result = cli("packs", "validate", "--json", str(pack))
    assert result.code == 2
    [problem] = json.loads(result.out)["problems"]
    assert problem["line"] == 9 and problem["column"] == 13
    assert problem["field"] == "scenarios[0].rubric"
    assert (
        problem["file"].endswith("content.yaml") and "unknown rubric 'nope'" in problem["message"]
    )
    ok = json.loads(cli("packs", "validate", "--json").out)
    assert ok["valid"] is True and ok["counts"]["scenarios"] >= 48


def test_insight_rule_stages_are_checked(cli: Cli, tmp_path: Path) -> None:
    rule = (
        "insights:\n  - id: probe\n    name: Probe\n    message: Say more.\n"
        "    flag_when: absent\n    phrases: [verify]\n    stages: [writing-exercize]\n"
    )
    line = one_error(cli, make_pack(tmp_path, rule))
    assert "insights[0].stages[0]: unknown stage 'writing-exercize'" in line
    assert "did you mean 'writing-exercise'?" in line


def test_skip_criteria_must_name_criteria_of_the_scenarios_rubric(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, SCENARIO + "    skip_criteria: [ticket-hygiene, verificaton]\n")
    line = one_error(cli, pack)
    assert (
        "content.yaml:10:37: scenarios[0].skip_criteria[1]: 'verificaton' is not a criterion"
        in (line)
    )
    assert "of rubric 'live-troubleshooting'; did you mean 'verification'?" in line


def test_skip_criteria_may_not_repeat_or_skip_every_criterion(cli: Cli, tmp_path: Path) -> None:
    every = "scope-stated, reproduce-isolate, verification, customer-updates, "
    every += "escalation-evidence, ticket-hygiene"
    pack = make_pack(tmp_path, SCENARIO + f"    skip_criteria: [{every}, verification]\n")
    lines = validate(cli, pack)
    assert len(lines) == 2, lines
    assert "scenarios[0].skip_criteria[6]: 'verification' is skipped twice" in lines[0]
    assert (
        "scenarios[0].skip_criteria: skips every criterion of rubric 'live-troubleshooting'"
        in (lines[1])
    )


def test_valid_skip_criteria_leave_the_rest_to_score(cli: Cli, tmp_path: Path) -> None:
    pack = make_pack(tmp_path, SCENARIO + "    skip_criteria: [ticket-hygiene]\n")
    valid = cli("packs", "validate", str(pack))
    assert valid.code == 0, valid.err
    answer = tmp_path / "answer.txt"
    answer.write_text("I scope it, reproduce it, and verify the fix.\n", encoding="utf-8")
    five = cli(
        "--pack",
        str(pack),
        "drill",
        "--scenario",
        "x-outage",
        "--answer-file",
        str(answer),
        "--scores",
        "4,4,4,4,4",
        "--json",
    )
    assert five.code == 0, five.err
    assert '"ticket-hygiene"' not in five.out and '"score": 100.0' in five.out
    six = cli(
        "--pack",
        str(pack),
        "drill",
        "--scenario",
        "x-outage",
        "--answer-file",
        str(answer),
        "--scores",
        "4,4,4,4,4,4",
    )
    assert six.code == 2 and "expected 5 levels" in six.err


def test_an_industry_neighbour_is_a_known_industry_other_than_itself(
    cli: Cli, tmp_path: Path
) -> None:
    pack = make_pack(
        tmp_path,
        """\
        industries:
          - id: retail-banking
            name: Retail banking
            neighbours: [fintech, retail-banking, insurence]
            constraints: [Branches and apps share one queue.]
        """,
    )
    lines = validate(cli, pack)
    assert len(lines) == 2, lines
    assert any(
        "industries[0].neighbours[1]: 'retail-banking' is this industry itself" in x for x in lines
    )
    assert any("industries[0].neighbours[2]: unknown industry 'insurence'" in x for x in lines)


def test_an_example_answer_may_not_grade_a_skipped_criterion(cli: Cli, tmp_path: Path) -> None:
    example = """\
    examples:
      - id: x-outage-solid
        scenario: x-outage
        level: 3
        levels: {ticket-hygiene: 2}
        answer: I scope it, reproduce it and verify the fix.
    """
    pack = make_pack(
        tmp_path, SCENARIO + "    skip_criteria: [ticket-hygiene]\n" + textwrap.dedent(example)
    )
    line = one_error(cli, pack)
    assert "examples[0].levels.ticket-hygiene: 'ticket-hygiene' is skipped by scenario" in line
