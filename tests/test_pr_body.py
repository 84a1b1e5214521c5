"""Whatever a model card or a vendor page says, the pull request body mentions nobody, links and closes nothing."""

from __future__ import annotations

import html
import re

import pytest

from collector.docs.collect import DocumentOutcome
from collector.docs.suggest import Suggestion
from collector.scheduled import ClaimChange, CollectionReport, ModelChanges, pull_request_body
from collector.untrusted import JOINER, cell

# What GitHub acts on in a pull request body's plain text.
PAYLOADS = [
    "@octocat please look",
    "cc @github/security-team",
    "Fixes #1",
    "closes owner/repo#2",
    "Resolves GH-3",
    "fixes https://github.com/owner/repo/issues/4",
    "see www.example.com/x",
    "write to admin@example.com",
    "&#64;octocat and &#35;5 as entities",
    "[a link](https://x.test/) and <https://y.test/>",
    "\\@octocat escaped",
    "FIXED:#6",
    "ftp://files.example.com/",
]
# A mention, an issue reference or an autolink, as GitHub finds them in rendered text.
ACTS = re.compile(r"(?<![A-Za-z0-9])@[A-Za-z0-9]|#[0-9]|\bGH-[0-9]|[A-Za-z]://|\bwww\.", re.IGNORECASE)
CODE = re.compile(r"^(`{3,}).*?^\1$|(`+)(?!`).*?(?<!`)\2(?!`)", re.DOTALL | re.MULTILINE)


def outside_code(markdown: str) -> str:
    """The body's text as GitHub renders it, code spans and fenced blocks left out (GitHub acts on none of it)."""
    return html.unescape(CODE.sub(" ", markdown))


def hostile_report(payload: str) -> CollectionReport:
    outcome = DocumentOutcome("example-labs", "card", payload, "system-card", "https://example.com/card")
    outcome.status = "changed"
    outcome.versions = ["documents/example-labs/card/versions/20261128T060000Z.md"]
    outcome.diff = f"--- a\n+++ b\n+{payload}"
    outcome.suggestions = [Suggestion("red-teaming", payload, ("red team",), None)]
    failed = DocumentOutcome("example-labs", "policy", payload, "usage-policy", "https://example.com/policy")
    failed.status, failed.detail = "not-found", payload
    change = ClaimChange("license", "transparency", None, "disclosed", "disclosed",
                         [("https://huggingface.co/acme/one", payload)])  # fmt: skip
    return CollectionReport(
        started="2026-12-03T06:00:00+00:00",
        changed_files=["scorecards/acme/one.yaml"],
        models=[ModelChanges("scorecards/acme/one.yaml", "acme-one", payload, [change])],
        hub=[{"repo": "acme/one", "status": "failed", "detail": payload}],
        hub_checked=1,
        documents=[outcome.to_dict(), failed.to_dict()],
        errors=[payload],
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_untrusted_text_in_the_body_mentions_links_and_closes_nothing(payload):
    body = pull_request_body([hostile_report(payload)])
    assert body is not None
    acting = [m.group() for m in ACTS.finditer(outside_code(body))]
    assert acting == [], f"{payload!r} still acts: {acting}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_untrusted_text_still_reads_as_it_was_written(payload):
    shown = html.unescape(cell(payload).replace(JOINER, ""))
    assert shown.replace("\\", "") == payload.replace("\\", "")


def test_the_projects_own_links_and_code_spans_are_left_as_they_are():
    body = pull_request_body([hostile_report("plain words")])
    assert body is not None
    assert "`https://huggingface.co/acme/one`" in body and "`example-labs/card`" in body
