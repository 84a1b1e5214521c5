"""The Hub collector checks its claims the way validation will, and drops (with a note) what would fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from collector.collect_report import as_text
from collector.dataset import load_dataset
from collector.hf.collect import RepoResult, RepoStatus
from collector.hf.hub import HubClient
from collector.hf.project import collect_hub, scaffold
from collector.hf.selfcheck import kept_claims
from collector.schema import Scorecard
from collector.yamlsource import parse_yaml
from tests.conftest import empty_project
from tests.dates import TODAY
from tests.hub_replay import HubReplayServer, ReplayRepo

SHA = "0123456789abcdef0123456789abcdef01234567"
ARCHIVED = f"huggingface.co/test-org/model/{SHA}/README.md"
# Test-only card text, shaped after real corpus cards: an unclosed link (Helsinki-NLP's opus-mt-tc-big cards), a
# figure tag (EleutherAI/gpt-neox-20b), a template placeholder in angle brackets (NeMo's card template).
CARD = """---
license: cc-by-4.0
---
# opus-mt-test

A translation model trained on data from the [Tatoeba Translation Challenge](https://github.com/Helsinki-NLP/Tatoeba-Challenge/

## Uses

This model can be used for translation and text-to-text generation.

## Limitations

<DECLARE ANY POTENTIAL LIMITATIONS OF THE MODEL>

## Evaluation

See [the results of Sheng et al. (2021)](https://aclanthology.org/2021.acl-long.330.pdf) for the scores.
"""


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    (folder / ARCHIVED).parent.mkdir(parents=True)
    (folder / ARCHIVED).write_text(CARD, encoding="utf-8")
    return folder


def claim(quote: str, *, url: str = f"https://huggingface.co/test-org/model/blob/{SHA}/README.md") -> dict[str, Any]:
    evidence = {"url": url, "quote": quote, "retrieved": TODAY, "archive": ARCHIVED, "locator": "card text"}
    return {"status": "disclosed", "evidence": [evidence], "provenance": {"source": "collector", "by": "huggingface"}}


def test_a_claim_whose_quote_the_archived_card_holds_is_kept(archive):
    notes: list[str] = []
    claims = {"license": claim("license: cc-by-4.0")}
    assert kept_claims(claims, archive, notes) == claims
    assert notes == []


def test_a_quote_that_is_only_an_html_tag_is_dropped_with_a_note(archive):
    notes: list[str] = []
    placeholder = "<DECLARE ANY POTENTIAL LIMITATIONS OF THE MODEL>"
    claims = {"license": claim("license: cc-by-4.0"), "limitations": claim(placeholder)}
    assert list(kept_claims(claims, archive, notes)) == ["license"]
    (note,) = notes
    assert note.startswith("dropped the limitations claim, which would fail validation: its quote")
    assert f"archive/{ARCHIVED}" in note


def test_a_quote_cut_inside_a_markdown_link_is_dropped(archive):
    notes: list[str] = []
    cut = "See [the results of Sheng et al. (2021)](https://aclanthology.org/2021.acl"
    assert kept_claims({"evaluation-results": claim(cut)}, archive, notes) == {}
    assert "dropped the evaluation-results claim" in notes[0]


def test_a_quote_after_an_unclosed_link_is_kept(archive):
    notes: list[str] = []
    quote = "This model can be used for translation and text-to-text generation."
    assert kept_claims({"intended-use": claim(quote)}, archive, notes) == {"intended-use": claim(quote)}
    assert notes == []


def test_a_claim_citing_a_card_at_no_commit_is_dropped(archive):
    notes: list[str] = []
    unpinned = claim("license: cc-by-4.0", url="https://huggingface.co/test-org/model/blob/main/README.md")
    assert kept_claims({"license": unpinned}, archive, notes) == {}
    assert "names no commit" in notes[0]


def test_a_claim_the_schema_refuses_is_dropped_with_the_field_named(archive):
    notes: list[str] = []
    empty = claim("")
    assert kept_claims({"license": empty}, archive, notes) == {}
    assert notes[0].startswith("dropped the license claim, which would fail validation: evidence.0.quote:")


def test_a_collection_from_a_hostile_card_writes_only_what_validates(tmp_path):
    root = empty_project(tmp_path / "project")
    repo_id = "test-org/opus-mt-test"
    with HubReplayServer({repo_id: ReplayRepo(repo_id, CARD.encode())}) as hub:
        client = HubClient(endpoint=hub.url, token=False, timeout=2.0, retries=1, backoff=0.01)
        path = scaffold(root, repo_id, client=client, today=TODAY)
        run = collect_hub(root, client=client, today=TODAY, workers=1)
    assert load_dataset(root, today=TODAY).problems == []
    (result,) = run.results
    assert result.status is RepoStatus.UPDATED
    indicators = Scorecard.model_validate(parse_yaml(path.read_bytes(), str(path)).data).assessments[-1].indicators
    # The unclosed "[...](https://..." no longer hides the Uses sentence from validation; the placeholder in angle
    # brackets and the pointer to a paper are not disclosures, so no claim is made of them.
    assert {"license", "intended-use"} <= set(indicators)
    assert "limitations" not in indicators and "evaluation-results" not in indicators
    assert "dropped" not in as_text(run.results, cards_fetched=run.summary.cards_fetched)


def test_the_report_shows_a_repository_left_unchanged_because_its_claims_were_dropped():
    result = RepoResult("test-org/model", RepoStatus.UNCHANGED, notes=["dropped the license claim, which would ..."])
    quiet = RepoResult("test-org/other", RepoStatus.UNCHANGED)
    lines = as_text([result, quiet], cards_fetched=2).splitlines()
    assert lines[0] == "unchanged  test-org/model: dropped the license claim, which would ..."
    assert len(lines) == 2  # the repository with nothing to say is only counted
