"""The committed JSON Schemas are generated from the models and must be current."""

from __future__ import annotations

import json

import jsonschema as jsonschema_lib
import yaml

from collector import jsonschema
from tests.conftest import FIXTURES, REPO


def test_committed_schemas_are_current():
    assert jsonschema.stale(REPO / "schema") == [], "run `scorecards schema` and commit schema/"


def test_stale_detects_an_edited_schema(tmp_path):
    jsonschema.write_all(tmp_path)
    (tmp_path / "rubric.schema.json").write_text("{}")
    assert jsonschema.stale(tmp_path) == ["rubric.schema.json"]


def test_a_valid_scorecard_passes_the_editor_schema():
    schema = json.loads((REPO / "schema" / "scorecard.schema.json").read_text())
    data = yaml.safe_load((FIXTURES / "mini" / "scorecards" / "acme" / "acme-one.yaml").read_text())
    data = json.loads(json.dumps(data, default=str))  # dates as the editor sees them: strings
    jsonschema_lib.validate(data, schema)


def test_the_editor_schema_flags_an_unknown_field():
    schema = json.loads((REPO / "schema" / "scorecard.schema.json").read_text())
    data = yaml.safe_load((FIXTURES / "mini" / "scorecards" / "acme" / "acme-one.yaml").read_text())
    data = json.loads(json.dumps(data, default=str))
    data["subject"]["nmae"] = "typo"
    errors = list(jsonschema_lib.Draft202012Validator(schema).iter_errors(data))
    assert any("nmae" in e.message for e in errors)


def test_the_committed_sources_files_pass_the_editor_schema():
    schema = json.loads((REPO / "schema" / "sources.schema.json").read_text())
    files = sorted((REPO / "sources").glob("*.yaml"))
    assert files
    for path in files:
        jsonschema_lib.validate(yaml.safe_load(path.read_text()), schema)


def test_the_sources_editor_schema_flags_an_unknown_kind():
    schema = json.loads((REPO / "schema" / "sources.schema.json").read_text())
    data = yaml.safe_load((REPO / "sources" / "meta.yaml").read_text())
    data["documents"][0]["kind"] = "blog-post"
    errors = list(jsonschema_lib.Draft202012Validator(schema).iter_errors(data))
    assert any("blog-post" in e.message for e in errors)


def test_a_hub_repository_id_may_start_with_an_underscore_as_the_hub_allows():
    import re

    from collector.hf.names import is_repo_id
    from collector.schema import HUB_REPO_PATTERN

    for repo_id in ("subaqua/_unofficial-WD1.4-fp16-safetensors", "org/model_", "a/b.c-d"):
        assert is_repo_id(repo_id) and re.fullmatch(HUB_REPO_PATTERN, repo_id)
    for repo_id in ("org/model-", "org/.hidden", "-org/model"):
        assert not is_repo_id(repo_id) and not re.fullmatch(HUB_REPO_PATTERN, repo_id)


def test_every_data_file_inside_the_collector_package_ships_with_it():
    """A non-editable install (the README's first command) copies only what pyproject.toml declares."""
    import fnmatch
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["collector"]
    package = REPO / "collector"
    data = [p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()]
    data = [d for d in data if not d.endswith((".py", ".pyc")) and "__pycache__" not in d]
    assert data and all(any(fnmatch.fnmatch(d, pattern) for pattern in declared) for d in data), data
