"""The Changes page and the feed in Chromium: what a reader sees, what a feed reader finds in a page's head."""

from __future__ import annotations

import urllib.request
from typing import Any

import feedparser
import pytest

from tests.browser.conftest import Site, is_local, visit
from tests.browser.test_accessibility import AXE, blocking_nodes, describe

pytestmark = pytest.mark.slow


def cells(page: Any, row: Any) -> list[str]:
    return [text.strip() for text in row.locator("td").all_inner_texts()]


def test_meta_is_shown_with_its_score_in_each_fmti_edition(page, site):
    visit(page, site, "changes/")
    table = page.locator("table", has=page.locator("caption", has_text="Foundation Model Transparency Index: score"))
    assert table.locator("thead th").all_inner_texts() == ["Subject", "2023.10", "2024.05", "2025.12"]
    meta = table.locator("tbody tr", has=page.get_by_role("link", name="Meta", exact=True))
    assert cells(page, meta) == ["54", "60", "31"]


def test_the_editions_caveat_names_each_editions_indicator_count(page, site):
    visit(page, site, "changes/")
    section = page.locator("section", has=page.locator("#editions"))
    text = section.inner_text()
    assert "2023.10 (100 indicators)" in text and "2025.12 (100 indicators; " in text
    assert section.get_by_text("Scores are not directly comparable across editions").first.is_visible()


def test_a_build_outside_git_says_its_history_is_unavailable(page, site):
    visit(page, site, "changes/")  # the test site is built from a copy of the project, not a git checkout
    section = page.locator("section", has=page.locator("#data"))
    assert "Source: the git history of scorecards/ and rubrics/" in section.inner_text()
    assert section.get_by_text("History unavailable: the site was not built from a git checkout.").is_visible()


def test_the_subject_links_lead_to_the_history_on_its_page(page, site):
    visit(page, site, "changes/")
    page.locator("#editions ~ div a", has_text="Meta").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/models/meta/#history")
    assert page.locator("#history").is_visible()


@pytest.mark.parametrize("path", ["", "changes/", "models/meta/", "developers/meta/"])
def test_every_page_advertises_the_feed_and_the_advertised_feed_is_valid_atom(page, site: Site, path):
    visit(page, site, path)
    feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert feeds.count() == 1
    href = feeds.evaluate("link => link.href")  # resolved by the browser against the page's address
    assert is_local(href) and href == site.url("feed.xml")
    with urllib.request.urlopen(href, timeout=10) as response:  # the test server, 127.0.0.1
        parsed = feedparser.parse(response.read())
    assert not parsed.bozo and parsed.entries


def test_the_changes_page_has_no_serious_or_critical_accessibility_violation(page, site):
    visit(page, site, "changes/")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
    blocking = blocking_nodes(violations)
    assert not blocking, describe(blocking)
