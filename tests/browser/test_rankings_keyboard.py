"""Rankings in a real browser: reachable with JavaScript off, usable by keyboard alone, and free of axe violations.

The keyboard tests press keys only (Tab, typing, Enter, Space, arrows): no click, no select_option.
"""

from __future__ import annotations

from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.browser.conftest import Site, visit
from tests.browser.test_accessibility import AXE, blocking_nodes, describe
from tests.browser.test_xss import CARDS, PAYLOAD_IDS, assert_nothing_ran, normalize

pytestmark = pytest.mark.slow

MAX_TABS = 150  # more tab stops than the leaderboard has before its last control


def ranking_pages(site: Site) -> set[str]:
    """Every ranking page the build wrote, as site paths: rankings/<rubric>/<version>/[developers/]."""
    return {p.parent.relative_to(site.root).as_posix() + "/" for p in (site.root / "rankings").rglob("index.html")}


def hrefs(page: Any) -> list[str]:
    """The links of the page as the server sent it (read from its HTML, as a browser without scripts has it)."""
    return [a["href"] for a in BeautifulSoup(page.content(), "html.parser").select("a[href]")]


@pytest.mark.context(java_script_enabled=False)
def test_with_javascript_off_every_ranking_the_developers_page_and_a_model_are_reachable_by_links(page, site):
    """Breadth-first from the home page, following plain links through the home, ranking and developers pages."""
    wanted = ranking_pages(site) | {"developers/"}
    assert len(wanted) > 10
    seen: set[str] = set()
    model_pages: set[str] = set()
    queue = deque([""])
    while queue:
        path = queue.popleft()
        visit(page, site, path)
        for href in hrefs(page):
            target = urlsplit(urljoin(site.url(path), href))
            if f"{target.scheme}://{target.netloc}/" != site.base_url:
                continue
            found = target.path.lstrip("/").removesuffix("index.html")
            if found.startswith("models/"):
                model_pages.add(found)
            elif found in wanted and found not in seen:
                seen.add(found)
                queue.append(found)
    assert wanted <= seen, f"not reachable by links: {sorted(wanted - seen)}"
    assert model_pages


@pytest.mark.context(java_script_enabled=False)
def test_with_javascript_off_the_rubric_choice_that_needs_it_is_not_shown(page, site):
    visit(page, site, "")
    assert not page.locator("select[data-sc-rubric]").is_visible()
    assert page.locator(".sc-rankings-nav a").count() >= 2 * len(list((site.root / "rankings").glob("*/*/developers")))


def tab_to(page: Any, selector: str) -> int:
    """Press Tab until the element matching ``selector`` has focus; returns how many presses it took."""
    target = page.locator(selector)
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{selector} never got focus in {MAX_TABS} presses of Tab")


def focus_ring(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow}; }"""
    )


def assert_visible_focus(page: Any) -> None:
    ring = focus_ring(page)
    outlined = ring["outline"] != "none" and ring["width"] not in ("0px", "")
    assert outlined or ring["shadow"] != "none", f"no visible focus indicator: {ring}"


def visible_rows(page: Any) -> Any:
    return page.locator("table[data-sc-sortable] tbody tr[data-developer]:not([hidden])")


def test_keyboard_alone_filters_sorts_and_changes_the_rubric_of_the_leaderboard(page, site):
    visit(page, site, "")
    tab_to(page, "input[data-sc-filter=text]")
    assert_visible_focus(page)
    everyone = visible_rows(page).count()
    page.keyboard.type("llama")
    names = visible_rows(page).locator("th[scope=row]").all_text_contents()
    assert 0 < len(names) < everyone
    assert all("llama" in row.lower() for row in visible_rows(page).all_inner_texts())

    score = page.locator("table.sc-unranked thead th").filter(has_text="Score range")
    tab_to(page, "table.sc-unranked thead th:has-text('Score range') button")
    assert_visible_focus(page)
    page.keyboard.press("Enter")
    assert score.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert score.get_attribute("aria-sort") == "descending"

    page.keyboard.press("Shift+Tab")  # back up to the rubric choice, which comes before the filters
    select = page.locator("select[data-sc-rubric]")
    while not select.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Shift+Tab")
    assert_visible_focus(page)
    start = page.url
    page.keyboard.press("ArrowDown")
    chosen = select.input_value()
    assert chosen != "./" and page.url == start, "choosing a rubric must not leave the page (WCAG 3.2.2)"
    page.keyboard.press("Tab")
    assert page.locator("form[data-sc-rubric-form] button").evaluate("el => el === document.activeElement")
    assert_visible_focus(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == urljoin(start, chosen)
    assert page.locator("h1").first.inner_text().endswith("ranking")


def test_arrow_keys_on_the_rubric_choice_never_navigate(page, site):
    visit(page, site, "rankings/mof/1.0/")
    select = page.locator("select[data-sc-rubric]")
    select.focus()
    start = page.url
    for key in ["ArrowUp", "ArrowUp", "ArrowDown", "ArrowDown", "ArrowDown"]:
        page.keyboard.press(key)
    page.wait_for_timeout(300)  # a navigation started by a change event would have begun by now
    assert page.url == start


def test_the_access_filter_offers_unknown_and_shows_only_those_rows(page, site):
    visit(page, site, "rankings/mof/1.0/")
    page.locator("select[data-sc-filter=access]").select_option("unknown")
    rows = visible_rows(page)
    assert rows.count() > 0
    assert set(rows.evaluate_all("rs => rs.map(r => r.getAttribute('data-access'))")) == {"unknown"}
    assert page.locator("[data-sc-count]").inner_text().startswith(str(rows.count()))


def test_a_ranking_of_developers_counts_developers(page, site):
    visit(page, site, "rankings/fmti/2025.12/")
    page.locator("input[data-sc-filter=text]").fill("a")
    assert page.locator("[data-sc-count]").inner_text().endswith(("developer", "developers"))


def test_the_sort_buttons_of_the_leaderboard_have_unique_accessible_names(page, site):
    visit(page, site, "")
    assert page.get_by_role("button", name="Model", exact=True).count() == 1
    assert page.get_by_role("button", name="Model (not ranked)", exact=True).count() == 1


@pytest.mark.parametrize(
    "path", ["rankings/fmti/2025.12/", "rankings/mof/1.0/developers/", "rankings/transparency/2.0/developers/"]
)
def test_rankings_pages_have_no_serious_accessibility_violation(page, site, path):
    visit(page, site, path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
    blocking = blocking_nodes(violations)
    assert not blocking, f"{path}:\n{describe(blocking)}"


def test_a_developers_ranking_shows_payload_names_as_text_and_runs_none(page, site, recorder):
    path = "rankings/transparency/2.0/developers/"  # the XSS fixtures are assessed under our rubric
    visit(page, site, path)
    assert_nothing_ran(page, recorder, path)
    text = normalize(page.locator(".md-content").inner_text())
    developers = {CARDS[i]["subject"]["developer"] for i in PAYLOAD_IDS}
    assert not [d for d in developers if normalize(d) not in text], "a developer name is not shown as text"
    page.locator("table[data-sc-sortable] thead th[data-sort] button").nth(1).click()  # sorting re-reads the rows
    assert_nothing_ran(page, recorder, f"{path} after sorting")
