"""JSON Schemas for pack files, so editors can autocomplete and check them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from supportprep.packs.models import ContentFile, Manifest

CONTENT_SCHEMA = "pack-content.schema.json"
MANIFEST_SCHEMA = "pack-manifest.schema.json"


def content_schema() -> dict[str, Any]:
    schema = ContentFile.model_json_schema(by_alias=True)
    schema["title"] = "supportprep pack content file"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def manifest_schema() -> dict[str, Any]:
    schema = Manifest.model_json_schema(by_alias=True)
    schema["title"] = "supportprep pack manifest (pack.yaml)"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in ((CONTENT_SCHEMA, content_schema()), (MANIFEST_SCHEMA, manifest_schema())):
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
