"""The Atom feed, read by a real feed parser: valid (no bozo), with ids, links, an author and RFC 3339 dates."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from collector.dataset import load_dataset
from collector.render import render_site
from collector.render.feed import atom_feed
from collector.render.site_items import RenderOptions
from tests.conftest import REPO
from tests.test_changes import git, set_status

TEMPLATES = REPO / "site" / "templates"
SITE_URL = "https://example.org/scorecards/"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def feed_text(dataset, **options: str) -> str:
    rendered = render_site(dataset, RenderOptions(templates=TEMPLATES, **options))
    return str(next(f for f in rendered.files if f.path == "feed.xml").content)


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(REPO)


@pytest.fixture(scope="module")
def relative(shipped) -> str:
    """The shipped data's feed with no site URL configured (a default build)."""
    return feed_text(shipped)


@pytest.fixture(scope="module")
def absolute(shipped) -> str:
    return feed_text(shipped, site_url=SITE_URL)


def is_uri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme) and not re.search(r"\s", value) and (parts.scheme != "https" or bool(parts.netloc))


@pytest.mark.parametrize("which", ["relative", "absolute"])
def test_the_feed_parses_as_atom_without_errors(which, request):
    parsed = feedparser.parse(request.getfixturevalue(which))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"


@pytest.mark.parametrize("which", ["relative", "absolute"])
def test_the_feed_has_an_id_title_updated_author_and_self_and_alternate_links(which, request):
    feed = feedparser.parse(request.getfixturevalue(which)).feed
    assert is_uri(feed.id), feed.id
    assert feed.title and RFC3339.match(feed.updated)
    assert feed.author_detail.name
    rels = {link.rel: link.href for link in feed.links}
    assert {"self", "alternate"} <= set(rels)


@pytest.mark.parametrize("which", ["relative", "absolute"])
def test_every_entry_has_a_unique_uri_id_a_title_a_link_and_an_rfc3339_date(which, request):
    text = request.getfixturevalue(which)
    entries = feedparser.parse(text).entries
    assert entries
    assert len({e.id for e in entries}) == len(entries)
    for entry in entries:
        assert is_uri(entry.id), entry.id
        assert entry.title and entry.link and entry.summary
    for updated in re.findall(r"<updated>([^<]*)</updated>", text):
        assert RFC3339.match(updated), updated


def test_without_a_site_url_links_are_relative_to_the_feed(relative):
    parsed = feedparser.parse(relative)
    assert {link.rel: link.href for link in parsed.feed.links} == {"self": "feed.xml", "alternate": "changes/"}
    assert all(not urlsplit(e.link).scheme for e in parsed.entries)


def test_with_a_site_url_links_and_the_feed_id_are_absolute(absolute):
    parsed = feedparser.parse(absolute)
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": SITE_URL + "feed.xml", "alternate": SITE_URL + "changes/"}
    assert parsed.feed.id == SITE_URL + "feed.xml"
    assert all(e.link.startswith(SITE_URL) for e in parsed.entries)


def test_the_feed_reports_meta_across_fmti_editions_with_the_caveat(relative):
    entries = feedparser.parse(relative).entries
    titles = {e.title: e for e in entries}
    step = titles["Meta: Foundation Model Transparency Index 2024.05 60 → 2025.12 31"]
    assert "Meta: Foundation Model Transparency Index 2023.10 54 → 2024.05 60" in titles
    assert "not directly comparable" in step.summary and "2025.12 has 100 indicators" in step.summary
    assert step.link == "models/meta/"


def test_an_empty_feed_is_still_valid():
    parsed = feedparser.parse(atom_feed([], site_url="", site_name="Scorecards"))
    assert not parsed.bozo and parsed.entries == []
    assert is_uri(parsed.feed.id) and RFC3339.match(parsed.feed.updated)


def test_entry_ids_stay_the_same_when_the_site_is_built_again_after_a_new_change(mini_project):
    git(mini_project, "init", "-q", "-b", "main")
    git(mini_project, "add", "-A")
    git(mini_project, "commit", "-q", "-m", "Add the Acme scorecards", date="2026-01-01T09:00:00+00:00")
    before = {e.title: e.id for e in feedparser.parse(feed_text(load_dataset(mini_project))).entries}
    set_status(mini_project / "scorecards" / "acme" / "acme-one.yaml", "data-sources", "disclosed")
    git(mini_project, "commit", "-q", "-am", "Acme One: sources", date="2026-01-02T09:00:00+00:00")
    after = {e.title: e.id for e in feedparser.parse(feed_text(load_dataset(mini_project))).entries}
    assert "Data change: Add the Acme scorecards" in before
    assert set(after) == {*before, "Data change: Acme One: sources"}
    assert {title: after[title] for title in before} == before


def test_markup_and_control_characters_in_a_commit_message_stay_text_in_a_valid_feed(mini_project: Path):
    git(mini_project, "init", "-q", "-b", "main")
    git(mini_project, "add", "-A")
    git(mini_project, "commit", "-q", "-m", "Add <script>alert(1)</script> & \x01bell", date="2026-01-01T09:00:00Z")
    text = feed_text(load_dataset(mini_project))
    assert "<script>" not in text
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title == "Data change: Add <script>alert(1)</script> & bell"
