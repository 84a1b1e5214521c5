"""The search index of the built site: a model page's claims are sections of its entry, escaped, rated pages first."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from collector.sitebuild import build
from tests.browser.conftest import copy_project

pytestmark = pytest.mark.slow

LLAMA = "models/llama-3.1-8b-instruct/"
QUOTE = "Llama 3.1 was pretrained on ~15 trillion tokens of data from publicly available sources."


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, site): the shipped data and the XSS fixture scorecards, built as the site is."""
    project = copy_project(tmp_path_factory.mktemp("search-project"))
    result = build(project, site_dir=project / "out", strict=True)
    assert result.error is None, result.error
    return project, result.site_dir


@pytest.fixture(scope="module")
def docs(built: tuple[Path, Path]) -> list[dict[str, Any]]:
    return json.loads((built[1] / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def entries_of(docs: list[dict[str, Any]], page: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["location"].split("#")[0] == page]


def scorecard(project: Path, model_id: str) -> dict[str, Any]:
    [path] = project.glob(f"scorecards/*/{model_id}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_each_claim_on_a_model_page_is_a_section_landing_on_its_row(built, docs):
    project, site = built
    card = scorecard(project, "llama-3.1-8b-instruct")
    claimed = {i for a in card["assessments"] if a["rubric"] == "transparency" for i in a["indicators"]}
    sections = {d["location"].split("#")[1] for d in entries_of(docs, LLAMA)[1:]}
    assert sections == {f"i-{i}" for i in claimed}
    html = (site / LLAMA / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{anchor}"' in html for anchor in sections)


def test_a_section_holds_its_claims_quotes_and_note_under_the_indicators_name(docs):
    [section] = [d for d in docs if d["location"] == f"{LLAMA}#i-training-data-sources"]
    assert section["title"] == "Training data sources"
    assert QUOTE in section["text"]
    assert "A new mix of publicly available online data." in section["text"]  # the claim's note


def test_a_quote_cited_on_several_rows_is_indexed_on_the_first_only(docs):
    holding = [d["location"] for d in entries_of(docs, LLAMA) if QUOTE in d["text"]]
    assert holding == [f"{LLAMA}#i-training-data-sources"]


def test_a_pages_own_entry_comes_before_its_sections(docs):
    # the theme takes the first entry of a path as the page, and the entries after it with a fragment as its sections
    first_of: dict[str, str] = {}
    for d in docs:
        first_of.setdefault(d["location"].split("#")[0], d["location"])
    assert all("#" not in location for location in first_of.values())


def test_pages_rated_under_our_rubric_are_favoured_in_search_and_no_others(built, docs):
    site = built[1]
    models = {m["id"] for m in json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))}
    rated = {p.stem for p in (site / "badges" / "transparency").glob("*.svg")} & models  # a badge per model rated by us
    boosted = {d["location"].split("/")[1] for d in docs if d.get("boost", 1) > 1}
    assert "llama-3.1-8b-instruct" in boosted
    assert boosted == rated
    assert all(d.get("boost") == 4.0 for d in entries_of(docs, LLAMA))
    assert not any("boost" in d for d in entries_of(docs, "models/llama-2/"))


def test_quotes_and_notes_are_escaped_text_in_the_index(docs):
    sections = [d for d in docs if "#i-" in d["location"] and d["location"].startswith("models/xss-")]
    assert sections, "the XSS fixtures have claims"
    for d in sections:
        inner = re.fullmatch(r"<p>(.*)</p>", d["text"], re.DOTALL)
        assert inner, d
        assert "<" not in inner.group(1) and ">" not in inner.group(1), d
        assert "<" not in d["title"], d
    assert any("&lt;img src=x onerror=" in d["text"] for d in sections)
