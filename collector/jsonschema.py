"""JSON Schemas for editors, generated from the pydantic models.

Editors with the YAML language server read ``# yaml-language-server: $schema=...``
at the top of a file and then complete field names and flag mistakes as people
type.  The committed files under ``schema/`` must equal what this module
generates; a test and ``scorecards schema --check`` enforce it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from collector.schema import DeveloperList, ReferenceVocabulary, Rubric, Scorecard, SourceList

SCHEMAS: dict[str, type[BaseModel]] = {
    "scorecard.schema.json": Scorecard,
    "rubric.schema.json": Rubric,
    "reference.schema.json": ReferenceVocabulary,
    "sources.schema.json": SourceList,
    "developers.schema.json": DeveloperList,
}


def generate(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def render(model: type[BaseModel]) -> str:
    return json.dumps(generate(model), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, model in SCHEMAS.items():
        target = folder / filename
        target.write_text(render(model), encoding="utf-8")
        written.append(target)
    return written


def stale(folder: Path) -> list[str]:
    """Names of schema files in ``folder`` that differ from what the models generate."""
    out = []
    for filename, model in SCHEMAS.items():
        target = folder / filename
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != render(model):
            out.append(filename)
    return out
