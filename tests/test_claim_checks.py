"""Each claim is checkable: its status follows its checklist, a not-disclosed claim says what was searched,
evidence names the version that was read, and a review names a real reviewer."""

from __future__ import annotations

import datetime as dt

import pytest

from collector.claim_checks import is_pinned
from collector.dataset import load_dataset
from collector.schema import Indicator, Status

TODAY = dt.date(2026, 1, 1)
COMMIT = "0123456789abcdef0123456789abcdef01234567"

CHECKLIST_RUBRIC = """\
id: mini
version: "3.0"
title: Mini rubric, checklist edition
released: 2025-09-01
license: CC0-1.0
description: The tokenizer, graded by checklist.
domains:
  - id: model
    name: Model
indicators:
  - id: tokenizer
    domain: model
    name: Tokenizer
    question: Is the tokenizer described?
    full_credit: The tokenizer type and its vocabulary size.
    partial_credit: One of the two.
    elements:
      - id: type
        name: Tokenizer type
        test: The algorithm is named.
      - id: vocabulary-size
        name: Vocabulary size
        test: The number of tokens in the vocabulary is stated.
"""

HEADER = """\
schema_version: 1
subject:
  id: test-model
  name: Test Model
  developer: Acme
assessments:
  - rubric: mini
    rubric_version: "{version}"
    date: 2025-10-01
    indicators:
"""


def claim(status: str, extra: str = "", *, evidence: bool = True, url: str = "https://example.com/card") -> str:
    text = f"      tokenizer:\n        status: {status}\n{extra}"
    if evidence:
        text += (
            f"        evidence:\n          - url: {url}\n            quote: a BPE tokenizer\n"
            "            retrieved: 2025-10-01\n"
        )
    return text + '        provenance:\n          source: person\n          by: "@alice"\n'


@pytest.fixture
def project(mini_project):
    (mini_project / "rubrics" / "mini" / "3.0.yaml").write_text(CHECKLIST_RUBRIC, encoding="utf-8")
    return mini_project


def problems_of(project, body: str, version: str = "3.0"):
    path = project / "scorecards" / "acme" / "test-model.yaml"
    path.write_text(HEADER.format(version=version) + body, encoding="utf-8")
    return [p for p in load_dataset(project, today=TODAY).problems if p.file.endswith("test-model.yaml")]


def test_a_status_that_follows_its_elements_is_accepted(project):
    assert problems_of(project, claim("partial", "        elements: [type]\n")) == []
    assert problems_of(project, claim("disclosed", "        elements: [type, vocabulary-size]\n")) == []


def test_a_disclosed_claim_missing_an_element_is_rejected_with_the_missing_element_named(project):
    [problem] = problems_of(project, claim("disclosed", "        elements: [type]\n"))
    assert problem.path == "assessments[0].indicators.tokenizer.status"
    assert problem.line == 12  # the status line of the claim
    assert "missing: vocabulary-size (Vocabulary size)" in problem.message
    assert "makes it 'partial'" in problem.message and "Change the status to partial" in problem.message


def test_a_partial_claim_showing_no_element_is_not_disclosed(project):
    [problem] = problems_of(project, claim("partial", "        elements: []\n"))
    assert "makes it 'not-disclosed'" in problem.message


def test_a_graded_claim_without_elements_is_asked_for_them(project):
    [problem] = problems_of(project, claim("partial"))
    assert "list the elements the evidence shows" in problem.message
    assert "type (Tokenizer type), vocabulary-size (Vocabulary size)" in problem.message


def test_an_unknown_element_is_named_with_the_checklist(project):
    found = problems_of(project, claim("partial", "        elements: [typ]\n"))
    unknown = next(p for p in found if p.path.endswith("elements[0]"))
    assert "'typ' is not an element of tokenizer" in unknown.message
    assert "type (Tokenizer type)" in unknown.message


def test_elements_on_a_rubric_without_checklists_are_rejected(project):
    body = claim("disclosed", "        elements: [named]\n").replace("tokenizer:", "license:")
    [problem] = problems_of(project, body, version="1.0")
    assert "has no checklist for license" in problem.message


def test_a_not_disclosed_claim_without_evidence_must_say_what_was_searched(project):
    [problem] = problems_of(project, claim("not-disclosed", evidence=False))
    assert "says what was searched" in problem.message
    searched = (
        "        searched:\n          - url: https://example.com/card\n            archive: example.com/card.md\n"
    )
    assert problems_of(project, claim("not-disclosed", searched, evidence=False)) == []


def test_a_not_disclosed_claim_quoting_the_absence_needs_no_search_list(project):
    assert problems_of(project, claim("not-disclosed")) == []


def test_an_unpinned_hub_or_github_url_is_rejected_with_the_pinned_form(project):
    hub = "https://huggingface.co/acme/test-model"
    [problem] = problems_of(project, claim("partial", "        elements: [type]\n", url=hub))
    assert problem.path.endswith("evidence[0].url")
    assert "not pinned to what was read" in problem.message and "<40-hex commit>" in problem.message
    github = "https://github.com/acme/model/blob/main/README.md"
    assert problems_of(project, claim("partial", "        elements: [type]\n", url=github))


def test_an_unpinned_url_of_a_searched_document_is_located_on_that_document(project):
    searched = (
        "        searched:\n          - url: https://example.com/card\n          - url: https://huggingface.co/acme/m\n"
    )
    [problem] = problems_of(project, claim("not-disclosed", searched, evidence=False))
    assert problem.path == "assessments[0].indicators.tokenizer.searched[1].url"
    assert "not pinned to what was read" in problem.message


def test_a_url_pinned_to_a_commit_is_accepted(project):
    pinned = f"https://github.com/acme/model/blob/{COMMIT}/README.md"
    assert problems_of(project, claim("partial", "        elements: [type]\n", url=pinned)) == []


@pytest.mark.parametrize(
    ("url", "pinned"),
    [
        (f"https://huggingface.co/acme/m/blob/{COMMIT}/README.md", True),
        (f"https://huggingface.co/datasets/acme/d/resolve/{COMMIT}/README.md", True),
        (f"https://github.com/acme/r/tree/{COMMIT}", True),
        (f"https://raw.githubusercontent.com/acme/r/{COMMIT}/x.md", True),
        ("https://huggingface.co/acme/m", False),
        ("https://huggingface.co/acme/m/blob/main/README.md", False),
        ("https://github.com/acme/r/blob/v1.0/README.md", False),
    ],
)
def test_pinned_means_a_full_commit_id(url, pinned):
    assert is_pinned(url) is pinned


def test_an_archived_vendor_page_is_cited_by_its_version_not_by_latest(project):
    extra = "        elements: [type]\n"
    body = claim("partial", extra).replace(
        "            retrieved: 2025-10-01\n",
        "            retrieved: 2025-10-01\n            archive: documents/acme/card/latest.md\n",
    )
    found = problems_of(project, body)
    assert any("cite the version that was read" in p.message for p in found)


@pytest.mark.parametrize("reviewer", ["initial-curation", "TBD", "@reviewer", "someone", "Jane Doe", "curators"])
def test_a_placeholder_or_a_name_that_is_not_a_handle_is_refused_as_reviewer(project, reviewer):
    review = f'          reviewed_by: "{reviewer}"\n          reviewed_on: 2025-10-02\n'
    body = claim("partial", "        elements: [type]\n") + review
    [problem] = problems_of(project, body)
    assert problem.path.endswith("provenance.reviewed_by")
    assert "handle" in problem.message


def test_a_real_handle_is_accepted_as_reviewer(project):
    review = '          reviewed_by: "@octo-cat"\n          reviewed_on: 2025-10-02\n'
    assert problems_of(project, claim("partial", "        elements: [type]\n") + review) == []


def test_the_checklist_decides_the_status():
    indicator = Indicator.model_validate(
        {
            "id": "tokenizer",
            "domain": "model",
            "name": "Tokenizer",
            "question": "q",
            "full_credit": "f",
            "elements": [{"id": "type", "name": "Type"}, {"id": "vocabulary-size", "name": "Vocabulary size"}],
        }
    )
    assert indicator.status_for(set()) is Status.NOT_DISCLOSED
    assert indicator.status_for({"type"}) is Status.PARTIAL
    assert indicator.status_for({"type", "vocabulary-size"}) is Status.DISCLOSED
