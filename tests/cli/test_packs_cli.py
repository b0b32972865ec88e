from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import TINY_PACK, Cli


def test_list_json_has_path_and_counts(cli: Cli) -> None:
    result = cli("--pack", str(TINY_PACK), "packs", "list", "--json")
    assert result.code == 0, result.err
    packs = json.loads(result.out)
    assert [p["id"] for p in packs] == ["core", "tiny"]
    tiny = packs[1]
    assert Path(tiny["path"]) == TINY_PACK
    assert tiny["source"] == "cli"
    assert tiny["counts"]["scenarios"] == 3
    assert tiny["counts"]["plans"] == 2


def test_list_table(cli: Cli) -> None:
    result = cli("packs", "list")
    assert result.code == 0
    assert "core" in result.out and "bundled" in result.out


def test_user_packs_in_the_data_home_are_loaded(cli: Cli, isolated_home: Path) -> None:
    import shutil

    shutil.copytree(TINY_PACK, isolated_home / "packs" / "tiny")
    packs = json.loads(cli("packs", "list", "--json").out)
    assert [(p["id"], p["source"]) for p in packs] == [("core", "bundled"), ("tiny", "user")]


def test_show_json_has_the_documented_shape(cli: Cli) -> None:
    result = cli("packs", "show", "--json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    for key in ("stages", "rubrics", "scenarios", "checklists", "plans"):
        assert isinstance(doc[key], list) and doc[key], key
    for scenario in doc["scenarios"]:
        for key in ("id", "stage", "roles", "variants", "industries", "rubric"):
            assert key in scenario
        assert isinstance(scenario["time_limit_seconds"], int)
    assert all(rubric["criteria"] for rubric in doc["rubrics"])


def test_later_pack_overrides_by_id(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "override"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "id: override\nname: O\nversion: 1.0.0\nformat_version: 1\ndescription: Test.\n"
    )
    stage = {
        "id": "behavioral",
        "name": "Our behavioural round",
        "tests": "Stories.",
        "listens_for": ["Ownership."],
        "common_failures": ["We."],
        "time_limit_seconds": 240,
    }
    (pack / "stages.yaml").write_text(yaml.safe_dump({"stages": [stage]}))
    doc = json.loads(cli("--pack", str(pack), "packs", "show", "--json").out)
    behavioral = next(s for s in doc["stages"] if s["id"] == "behavioral")
    assert behavioral["name"] == "Our behavioural round"
    assert behavioral["time_limit_seconds"] == 240
    listed = json.loads(cli("--pack", str(pack), "packs", "list", "--json").out)
    assert listed[-1]["overrides"] == ["stages:behavioral"]


def test_show_table_renders_pack_text_literally(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "evil"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "id: evil\nname: E\nversion: 1.0.0\nformat_version: 1\ndescription: Test.\n"
    )
    scenario = yaml.safe_load((TINY_PACK / "content.yaml").read_text())["scenarios"][0]
    scenario.update(
        id="evil-markup",
        title="[red]x[/]\x1b[31my",
        stage="live-troubleshooting",
        rubric="live-troubleshooting",
        roles=[],
        variants=[],
        industries=[],
    )
    (pack / "content.yaml").write_text(yaml.safe_dump({"scenarios": [scenario]}))
    result = cli("--pack", str(pack), "packs", "show")
    assert result.code == 0, result.err
    assert "[red]x[/]y" in result.out  # the escape sequence is removed whole
    assert "\x1b" not in result.out


def test_schema_is_json_schema_for_content_files(cli: Cli) -> None:
    schema = json.loads(cli("packs", "schema").out)
    assert set(schema["properties"]) >= {"scenarios", "rubrics", "stages", "checklists", "plans"}
    assert schema["additionalProperties"] is False
    manifest = json.loads(cli("packs", "schema", "--manifest").out)
    assert "format_version" in manifest["required"]


def test_checked_in_schemas_are_current(cli: Cli, tmp_path: Path) -> None:
    """docs/schema is what the bundled files point editors at; regenerate with
    `supportprep packs schema --output docs/schema`."""
    cli("packs", "schema", "--output", str(tmp_path))
    docs = Path(__file__).resolve().parents[2] / "docs" / "schema"
    for generated in tmp_path.iterdir():
        assert (docs / generated.name).read_text() == generated.read_text(), generated.name


def test_new_scaffolds_a_valid_pack(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "acme-support"
    result = cli("packs", "new", str(folder))
    assert result.code == 0, result.err
    assert (folder / "schema" / "pack-content.schema.json").is_file()
    assert (
        "yaml-language-server: $schema=./schema/pack-content.schema.json"
        in (folder / "content.yaml").read_text()
    )
    check = cli("packs", "validate", str(folder))
    assert check.code == 0, check.err
    doc = json.loads(cli("--pack", str(folder), "packs", "show", "--json").out)
    assert "acme-support-flat-usage-renewal" in {s["id"] for s in doc["scenarios"]}


def test_new_refuses_a_non_empty_folder(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("mine")
    result = cli("packs", "new", str(tmp_path))
    assert result.code == 2
    assert "folder exists and is not empty" in result.err
    assert (tmp_path / "file.txt").read_text() == "mine"


def test_version(cli: Cli) -> None:
    from supportprep import __version__

    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"supportprep {__version__}"


def test_the_example_in_the_pack_guide_validates(cli: Cli, tmp_path: Path) -> None:
    import re

    guide = (Path(__file__).resolve().parents[2] / "docs" / "packs.md").read_text()
    example = re.search(r"## An example\n\n```yaml\n(.+?)```", guide, re.S)
    assert example is not None
    pack = tmp_path / "acme"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "id: acme\nname: Acme\nversion: 1.0.0\nformat_version: 1\ndescription: Guide example.\n"
    )
    (pack / "content.yaml").write_text(example.group(1))
    result = cli("packs", "validate", str(pack))
    assert result.code == 0, result.err


def test_no_bundled_leaves_only_the_given_packs(cli: Cli) -> None:
    packs = json.loads(cli("--no-bundled", "--pack", str(TINY_PACK), "packs", "list", "--json").out)
    assert [p["id"] for p in packs] == ["tiny"]
    result = cli("--no-bundled", "packs", "validate", str(TINY_PACK))
    assert result.code == 0 and result.out.startswith("ok: 1 pack valid (tiny)")


def test_counts_and_names_read_as_english(cli: Cli, tmp_path: Path) -> None:
    assert cli("packs", "new", str(tmp_path / "my-pack")).code == 0
    assert "name: My pack\n" in (tmp_path / "my-pack" / "pack.yaml").read_text()
    result = cli("--pack", str(TINY_PACK), "--no-bundled", "packs", "validate")
    assert result.code == 0, result.err
    assert "1 pack valid" in result.out
    shown = cli("--pack", str(TINY_PACK), "--no-bundled", "packs", "show").out
    # A stage's time limit reads as a clock (a 15-second stage is not "1 min").
    assert " min " not in shown and "5:00" in shown
