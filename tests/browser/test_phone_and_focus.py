"""On a phone and from the keyboard: the leaderboard's score fits a 390 px screen, focus is always visible,
every page has a skip link to its content, and the heat map's cells are links with their status as text."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.browser.conftest import visit

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}
STATUS_WORDS = {"Disclosed", "Partially disclosed", "Not disclosed", "Not assessed"}


@pytest.mark.context(viewport=PHONE, is_mobile=True, has_touch=True)
def test_the_first_rows_score_is_on_screen_on_a_390_px_phone(page, site):
    visit(page, site, "")
    score = page.locator("table.sc-leaderboard tbody tr").first.locator(".sc-score")
    score.evaluate("cell => window.scrollTo(0, cell.getBoundingClientRect().top + window.scrollY - 200)")
    box = score.evaluate(
        "el => { const r = el.getBoundingClientRect(), w = el.closest('.sc-table-wrap').getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,"
        " wrapLeft: w.left, wrapRight: w.right, width: window.innerWidth, height: window.innerHeight}; }"
    )
    assert box["left"] >= max(0, box["wrapLeft"]) - 0.5, box
    assert box["right"] <= min(box["width"], box["wrapRight"]) + 0.5, box  # not scrolled out of its table's box
    assert box["top"] >= 0 and box["bottom"] <= box["height"], box


def tab_until(page, selector: str, limit: int = 60) -> dict:
    """Press Tab until the focused element matches ``selector``; its tag and computed outline."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "sel => { const el = document.activeElement; if (!el || !el.matches(sel)) return null;"
            " const s = getComputedStyle(el); return {tag: el.tagName, style: s.outlineStyle,"
            " width: parseFloat(s.outlineWidth), visible: el.matches(':focus-visible')}; }",
            selector,
        )
        if found:
            return found
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(
    "selector",
    ["a.md-tabs__link", "[data-sc-filter='text']", "select[data-sc-filter]", "th button", "tbody a"],
    ids=["tab link", "filter box", "filter select", "sort button", "table link"],
)
def test_a_control_reached_by_the_keyboard_shows_a_focus_ring(page, site, selector):
    visit(page, site, "")
    focused = tab_until(page, selector)
    assert focused["visible"]
    assert focused["style"] != "none" and focused["width"] >= 2, focused


@pytest.mark.parametrize("path", ["", "models/falcon-7b/", "indicators/", "compare/", "developers/", "about/"])
def test_the_first_tab_stop_is_a_skip_link_that_lands_on_the_content(page, site, path):
    visit(page, site, path)
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "() => { const a = document.activeElement; const r = a.getBoundingClientRect();"
        " return {text: a.textContent.trim(), href: a.getAttribute('href'), shown: getComputedStyle(a).opacity,"
        " inView: r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight}; }"
    )
    assert skip["text"] == "Skip to content", skip
    assert skip["href"].startswith("#"), skip
    assert page.locator(skip["href"]).count() == 1  # it leads somewhere
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('article')")
    assert inside, "after the skip link, the next tab stop is not in the page's content"


def test_the_skip_link_is_visible_when_focused(page, site):
    visit(page, site, "models/falcon-7b/")
    page.keyboard.press("Tab")
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    assert page.evaluate("() => document.activeElement.classList.contains('md-skip')")


def test_heat_map_cells_are_links_to_the_evidence_with_their_status_as_text(page, site):
    visit(page, site, "indicators/")
    with page.expect_navigation():
        page.locator("#heatmap ~ ul a").first.click()
    cells = page.locator("table.sc-heatmap tbody td")
    assert cells.count() > 0
    first = cells.first.locator("a")
    href = first.get_attribute("href")
    assert re.search(r"models/[^/]+/#i-[\w-]+$", href), href
    labels = set(page.eval_on_selector_all("table.sc-heatmap tbody td a", "as => as.map(a => a.textContent)"))
    words = {re.sub(r"^[●◐○–]\s*", "", label).strip() for label in labels}
    assert words <= STATUS_WORDS and words, words
    assert page.locator("table.sc-heatmap td[title]").count() == 0  # the label is text, not a tooltip
    with page.expect_navigation():
        first.click()
    target = href.rsplit("#", 1)[1]
    assert page.locator(f"#{target}").count() == 1


AXE = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"


def test_axe_finds_no_serious_violation_on_a_heat_map_page(page, site):
    visit(page, site, "indicators/")
    heat_map = page.locator("#heatmap ~ ul a").first.get_attribute("href")
    visit(page, site, urljoin("indicators/", heat_map))
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, serious
