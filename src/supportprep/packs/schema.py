"""JSON Schemas for pack files, so editors can autocomplete and check them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from supportprep.packs.models import SCHEMA_KEY, ContentFile, Manifest, validator

CONTENT_SCHEMA = "pack-content.schema.json"
MANIFEST_SCHEMA = "pack-manifest.schema.json"


def content_schema() -> dict[str, Any]:
    schema = validator(ContentFile).json_schema()
    # The loader accepts (and sets aside) the editor's schema hint; it is not a model field.
    hint = {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "default": None,
        "description": "Editor schema hint.",
        "title": "$Schema",
    }
    schema["properties"] = {SCHEMA_KEY: hint, **schema["properties"]}
    schema["title"] = "supportprep pack content file"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def manifest_schema() -> dict[str, Any]:
    schema = validator(Manifest).json_schema()
    schema["title"] = "supportprep pack manifest (pack.yaml)"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)  # its parent must exist: a missing one is a typo to report
    written = []
    for name, schema in ((CONTENT_SCHEMA, content_schema()), (MANIFEST_SCHEMA, manifest_schema())):
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
