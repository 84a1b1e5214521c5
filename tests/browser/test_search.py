"""mkdocs-material's search box finds models by name, from the built search index."""

from __future__ import annotations

import pytest

from tests.browser.conftest import search, visit

pytestmark = pytest.mark.slow


def result_links(items) -> list[str]:
    return items.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_typing_a_model_name_in_search_finds_its_page(page, site):
    visit(page, site, "")
    items = search(page, "Falcon")
    page.wait_for_selector(".md-search-result__item a[href*='models/falcon-7b/']")
    links = result_links(items)
    assert any("models/falcon-7b/" in href for href in links), links


def test_opening_a_search_result_lands_on_the_model_page(page, site):
    visit(page, site, "")
    search(page, "Falcon")
    page.locator(".md-search-result__item a[href*='models/falcon-7b/']").first.click()
    page.wait_for_url("**/models/falcon-7b/**")
    assert page.locator("h1").first.inner_text() == "Falcon-7B"


@pytest.mark.context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
def test_search_works_on_a_phone(page, site):
    visit(page, site, "methodology/")
    search(page, "Pythia")
    page.wait_for_selector(".md-search-result__item a[href*='models/pythia-160m/']")
