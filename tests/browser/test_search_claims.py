"""The header search finds claims inside model pages, lists rated models first, and works from the keyboard."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import search, visit

pytestmark = pytest.mark.slow

CLAIM = "models/llama-3.1-8b-instruct/?h=15+trillion#i-training-data-sources"


def result_links(page) -> list[str]:
    return page.locator(".md-search-result__item a").evaluate_all("a => a.map(x => x.getAttribute('href'))")


def wait_for_result(page, href_part: str) -> None:
    page.wait_for_selector(f".md-search-result__item a[href*='{href_part}']")


def test_words_of_a_quote_find_the_claim_on_its_model_page(page, site):
    visit(page, site, "")
    search(page, "15 trillion")
    wait_for_result(page, "#i-training-data-sources")
    claim = page.locator(".md-search-result__item a[href*='llama-3.1-8b-instruct/'][href*='#i-training-data-sources']")
    assert "15 trillion" in claim.inner_text()

    claim.click()
    page.wait_for_url("**/models/llama-3.1-8b-instruct/**")
    assert page.evaluate("location.hash") == "#i-training-data-sources"
    assert "15 trillion" in page.locator("#i-training-data-sources").inner_text()


def test_llama_lists_a_model_rated_under_our_rubric_first(page, site):
    models = {m["id"] for m in json.loads((site.root / "data" / "index.json").read_text(encoding="utf-8"))}
    rated = {p.stem for p in (site.root / "badges" / "transparency").glob("*.svg")} & models  # rated by us
    visit(page, site, "")
    search(page, "llama")
    wait_for_result(page, "h=llama")
    pages = [h.split("models/")[1].split("/")[0] for h in result_links(page) if "models/" in h and "#" not in h]
    assert pages[0] in rated, pages
    family = ["llama-2", "llama-3-1", "llama-4"]  # index family entries: not rated under our rubric
    assert all(f not in rated for f in family)
    rated_llamas = [m for m in pages if m in rated]
    assert max(pages.index(m) for m in rated_llamas) < min(pages.index(f) for f in family), pages


def test_search_by_keyboard_only_opens_a_claim(page, site):
    visit(page, site, "methodology/", settle=True)
    page.keyboard.press("/")  # the theme's shortcut to the search box
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("15 trillion", delay=20)
    wait_for_result(page, "#i-training-data-sources")
    for _ in range(40):  # arrow down through the results to the claim
        page.keyboard.press("ArrowDown")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if "llama-3.1-8b-instruct/" in href and "#i-training-data-sources" in href:
            break
    else:
        pytest.fail("the arrow keys never reached the claim")
    page.keyboard.press("Enter")
    page.wait_for_url("**/models/llama-3.1-8b-instruct/**")
    assert page.evaluate("location.hash") == "#i-training-data-sources"


def test_a_page_loads_the_search_index_only_when_search_is_opened(page, site, recorder):
    visit(page, site, "rankings/mof/1.0/", settle=True)
    page.wait_for_load_state("networkidle")
    index = [url for url in recorder.requests if url.endswith("search/search_index.json")]
    assert index == [], "the 3 MB index with every claim was fetched by a page nobody searched"
    with page.expect_response(lambda r: r.url.endswith("search/search_index.json")):
        page.keyboard.press("/")  # the theme's search shortcut
    page.keyboard.type("trillion")
    wait_for_result(page, "#i-")
