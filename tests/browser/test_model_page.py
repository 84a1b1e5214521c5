"""A model page shows the evidence behind each claim: quote, source, retrieval date, provenance."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

import pytest
import yaml
from playwright.sync_api import expect

from collector.quotes import normalize, quote_in_text
from tests.browser.conftest import visit
from tests.conftest import REPO

pytestmark = pytest.mark.slow

MODEL = "falcon-7b"


def evidence_of(model_id: str) -> tuple[list[dict], list[dict]]:
    """(every evidence item, every provenance) in the model's scorecard YAML."""
    path = next((REPO / "scorecards").rglob(f"{model_id}.yaml"))
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    claims = [claim for a in card["assessments"] for claim in (a.get("indicators") or {}).values()]
    return [e for c in claims for e in c.get("evidence", [])], [c["provenance"] for c in claims]


def test_a_model_page_shows_quotes_sources_retrieval_dates_and_provenance(page, site):
    evidence, provenances = evidence_of(MODEL)
    visit(page, site, f"models/{MODEL}/")

    quotes = page.locator("blockquote.sc-quote").all_text_contents()
    yaml_quotes = {e["quote"] for e in evidence}
    verbatim = [q for q in quotes if q in yaml_quotes]
    assert verbatim, f"no quote on the page is verbatim from the scorecard; the page shows {quotes[:3]}"

    hrefs = page.eval_on_selector_all(
        ".sc-sources a:not(.sc-archived)", "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs, "no source link"
    assert all(h.startswith("https://") for h in hrefs), [h for h in hrefs if not h.startswith("https://")]
    # each source links to what was read and, for a copy, to the page it reproduces
    assert {e["url"] for e in evidence} | {e["original"] for e in evidence if e.get("original")} >= set(hrefs)
    assert {e["url"] for e in evidence} & set(hrefs)

    dates = page.eval_on_selector_all(
        ".sc-sources time", "ts => ts.map(t => [t.getAttribute('datetime'), t.textContent])"
    )
    retrieved = {str(e["retrieved"]) for e in evidence}
    assert dates, "no retrieval date"
    for machine, shown in dates:
        assert machine in retrieved
        assert dt.date.fromisoformat(machine)
        assert machine in shown
    assert re.search(r"retrieved\s+\d{4}-\d{2}-\d{2}", page.locator(".sc-sources li").first.inner_text())

    provenance = " ".join(page.locator(".sc-provenance").all_inner_texts())
    assert any(p["by"] in provenance for p in provenances), provenance[:300]
    assert re.search(r"\b(Written by|Collected by|Imported from) \S", provenance)
    assert "not reviewed" in provenance  # no shipped claim of this model has a second reviewer yet


# A page lists each source once (with its retrieval date and archived copy); each quote links to its entry.
QUOTE_AND_SOURCE = (
    "items => items.map(li => { const cite = li.querySelector('.sc-source a.sc-cite');"
    " const entry = cite && document.getElementById(cite.getAttribute('href').slice(1));"
    " return [li.querySelector('blockquote.sc-quote').textContent,"
    " entry && entry.querySelector('a:not(.sc-archived)').getAttribute('href'),"
    " entry && entry.querySelector('a.sc-archived') && entry.querySelector('a.sc-archived').getAttribute('href')]; })"
)


def test_each_quote_links_to_its_own_source(page, site):
    evidence, _ = evidence_of(MODEL)
    by_quote = {}
    for item in evidence:
        by_quote.setdefault(item["quote"], set()).add(item["url"])
    visit(page, site, f"models/{MODEL}/")
    pairs = page.eval_on_selector_all("ul.sc-evidence > li", QUOTE_AND_SOURCE)
    assert pairs
    for quote, href, _ in pairs:
        assert href in by_quote.get(quote, set()), f"{quote[:60]!r} is shown with {href}"


def test_the_badge_image_loads_and_the_copy_button_copies_its_snippet(page, site):
    visit(page, site, f"models/{MODEL}/")
    loaded = page.eval_on_selector("img[src*='badges/']", "img => img.complete && img.naturalWidth > 0")
    assert loaded, "the badge image did not load"
    snippet = page.locator("#badge-md").input_value()
    assert f"badges/{MODEL}.svg" in snippet
    page.locator("[data-sc-copy]").click()
    expect(page.locator("[data-sc-copy]")).to_have_text("Copied")  # the clipboard answers asynchronously


def test_the_archived_copy_a_quote_comes_from_opens_as_plain_text_and_holds_the_quote(page, site):
    visit(page, site, f"models/{MODEL}/")
    quote, archived = next(
        (q, a) for q, _, a in page.eval_on_selector_all("ul.sc-evidence > li", QUOTE_AND_SOURCE) if a
    )
    response = page.request.get(urljoin(page.url, archived))
    assert response.ok
    assert response.headers["content-type"].startswith("text/plain")
    assert quote_in_text(quote, normalize(response.text()))
