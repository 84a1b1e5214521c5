"""The run report as a pull request body: readable, and inert whatever the vendor's text or the sources file say."""

from __future__ import annotations

import json
import re

from collector.docs.collect import DocumentOutcome
from collector.docs.report import as_json, as_markdown, as_text
from collector.docs.suggest import Suggestion

HOSTILE = "[click](javascript:alert(1)) </details><img src=x onerror=alert(1)> | ```"


def changed(**fields) -> DocumentOutcome:
    outcome = DocumentOutcome(
        "example-labs", "card", HOSTILE, "system-card", "https://a.test/</details><img/src=x/onerror=alert(1)>"
    )
    outcome.status = "changed"
    outcome.versions = ["documents/example-labs/card/versions/20261128T060000Z.md"]
    outcome.version = outcome.versions[0]
    outcome.previous_version = "documents/example-labs/card/versions/20261101T060000Z.md"
    outcome.diff = "--- a\n+++ b\n-old ```` fence\n+new </details>"
    outcome.added, outcome.removed = 1, 1
    outcome.suggestions = [Suggestion("red-teaming", HOSTILE, ("red team",), None)]
    for name, value in fields.items():
        setattr(outcome, name, value)
    return outcome


def test_the_diff_sits_in_a_fence_longer_than_any_run_of_backticks_in_it():
    markdown = as_markdown([changed()])
    assert "`````diff\n--- a" in markdown
    assert markdown.count("`````") == 2


def test_urls_are_code_spans_and_titles_and_quotes_cannot_make_links_or_tags():
    markdown = as_markdown([changed()])
    assert "- URL: `https://a.test/</details><img/src=x/onerror=alert(1)>`" in markdown
    outside_code = markdown.split("`````diff")[0] + markdown.split("`````")[-1]
    for line in outside_code.splitlines():
        if "URL:" in line:
            continue
        assert "<img" not in line, line
        assert not re.search(r"(?<!\\)\]\(javascript:", line), line  # an escaped bracket makes no link


def test_failures_and_suggestions_are_tables():
    failed = changed(status="not-found", detail="HTTP 404 | gone", versions=[], suggestions=[])
    markdown = as_markdown([failed, changed()])
    assert "| `example-labs/card` | not-found | HTTP 404 \\| gone |" in markdown
    assert "### Suggestions to review" in markdown and "`red-teaming`" in markdown


def test_the_json_report_counts_outcomes_and_keeps_the_diffs():
    data = json.loads(as_json([changed()], started="2026-11-28T06:00:00Z", finished="2026-11-28T06:01:00Z"))
    assert data["counts"] == {"changed": 1}
    assert data["documents"][0]["diff"].startswith("--- a")
    assert data["documents"][0]["suggestions"][0]["keywords"] == ["red team"]


def test_the_text_report_ends_with_a_headline():
    assert as_text([changed()]).splitlines()[-1] == "1 document(s), 1 changed, 1 suggestion(s) to review"
