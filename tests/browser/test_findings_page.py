"""The findings page in Chromium: reachable from the navigation, readable without JavaScript, charts that
name themselves and whose numbers are also in the text beside them, and no axe violation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Recorder, Site, visit
from tests.browser.test_accessibility import AXE, describe
from tests.browser.test_xss import CARDS, XSS_IDS, assert_nothing_ran, normalize

pytestmark = pytest.mark.slow

PATH = "findings/"
# The accessible name and description of each chart, as the browser resolves aria-labelledby, and the text of
# its section outside charts (each paragraph, item and cell apart, so that numbers in adjacent cells stay apart).
CHART_TEXTS = """() => [...document.querySelectorAll('article svg')].map(svg => ({
  role: svg.getAttribute('role'),
  name: (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
    .map(id => (document.getElementById(id) || {}).textContent || '').join(' | '),
  beside: [...svg.closest('section').querySelectorAll('p, li, th, td, caption')]
    .map(e => e.textContent).join(' '),
}))"""


def test_the_findings_page_is_linked_early_in_the_navigation(page: Any, site: Site):
    visit(page, site, "")
    tabs = [t.strip() for t in page.locator(".md-tabs__link").all_inner_texts()]
    assert tabs[0] == "Leaderboard" and "Findings" in tabs[1:3], tabs  # right after the leaderboard, or next but one
    page.locator(".md-tabs__link", has_text="Findings").click()
    page.wait_for_url(re.compile(r"/findings/$"))
    assert page.locator("article h1").inner_text() == "Findings"


@pytest.mark.context(java_script_enabled=False)
def test_the_findings_page_reads_without_javascript(page: Any, site: Site):
    visit(page, site, PATH)
    article = page.locator("article")
    assert article.locator("h1").inner_text() == "Findings"
    assert article.locator("svg[role=img]").count() == 5
    assert "The least disclosed domain is" in article.inner_text()
    assert "Not assessed is not undisclosed." in article.inner_text()


def test_every_chart_has_an_accessible_name(page: Any, site: Site):
    visit(page, site, PATH)
    charts = page.evaluate(CHART_TEXTS)
    assert len(charts) == 5
    for chart in charts:
        title, _, description = chart["name"].partition(" | ")
        assert chart["role"] == "img"
        assert title.strip() and description.strip(), chart["name"]


def test_every_number_a_chart_shows_is_also_in_the_text_beside_it(page: Any, site: Site):
    visit(page, site, PATH)
    for chart in page.evaluate(CHART_TEXTS):
        description = chart["name"].partition(" | ")[2]
        beside = set(re.findall(r"\d+", chart["beside"]))
        missing = set(re.findall(r"\d+", description)) - beside
        assert not missing, f"{chart['name'][:80]}: {sorted(missing)} only in the chart"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_findings_page(browser: Any, site: Site, scheme: str):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        visit(page, site, PATH)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
    finally:
        context.close()
    assert not violations, describe(violations)


def test_the_findings_page_shows_payload_model_names_as_text_and_runs_none(page: Any, site: Site, recorder: Recorder):
    visit(page, site, PATH)
    assert_nothing_ran(page, recorder, "findings")
    rated = [i for i in XSS_IDS if any(a["rubric"] == "transparency" for a in CARDS[i]["assessments"])]
    assert rated, "the fixtures rate some payload models under our rubric"
    text = normalize(page.locator("article").text_content())
    for subject_id in rated:
        assert normalize(CARDS[subject_id]["subject"]["name"]) in text
