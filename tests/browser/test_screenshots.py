"""Layout at desktop width and on a 390px phone (light mode), and screenshots for people to look at.

With SCREENSHOT_DIR set, full-page screenshots of the leaderboard, a model page, compare and
the indicators overview are saved there, at 1280px and at 390px:
``SCREENSHOT_DIR=/tmp/shots .venv/bin/pytest tests/browser -k screenshots``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import SHIPPED_COMPARE, visit

pytestmark = pytest.mark.slow

PAGES = {
    "leaderboard": "",
    "model": "models/llama-3.1-8b-instruct/",
    "compare": SHIPPED_COMPARE,
    "indicators": "indicators/",
    "heat map": "indicators/heatmap/training-data/",
    "developer": "developers/meta/",
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"}
PHONE = {"viewport": {"width": 390, "height": 844}, "color_scheme": "light", "is_mobile": True, "has_touch": True}

# The session's site also holds the XSS fixture models (tests/fixtures/xss), whose 190-character
# names would dominate every shot; they are taken out of the DOM first, so that the shots and the
# layout checks show what a reader of the shipped data sees.  Long names have their own test.
HIDE_FIXTURE_MODELS = """() => {
  const developers = new Set();
  for (const link of document.querySelectorAll('a[href*="models/xss-"]')) {
    const row = link.closest('tr');
    if (row) { developers.add(row.getAttribute('data-developer')); row.remove(); }
  }
  for (const option of document.querySelectorAll('option')) {
    if (option.value.startsWith('xss-') || developers.has(option.textContent)) option.remove();
  }
}"""

# Words (hyphenated parts count as words) that the layout breaks across lines, inside elements matching a selector.
SPLIT_WORDS = """selector => {
  const split = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
        if (lines.size > 1) split.push(`${match[0]} (in ${JSON.stringify(el.textContent.trim().slice(0, 40))})`);
      }
    }
  }
  return split;
}"""


def open_page(page: Any, site: Any, name: str, *, hide_fixtures: bool = True) -> None:
    visit(page, site, PAGES[name])
    if hide_fixtures:
        page.evaluate(HIDE_FIXTURE_MODELS)


def shoot(page: Any, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True, timeout=30_000)


def sideways_overflow(page: Any) -> int:
    """How many CSS pixels the page as a whole is wider than the viewport."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.context(**DESKTOP)
@pytest.mark.parametrize("name", PAGES)
def test_screenshots_desktop_light_page_does_not_scroll_sideways(page, site, name):
    open_page(page, site, name)
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "default"
    shoot(page, f"desktop-light-{name}")
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"{name} is {overflow}px wider than a 1280px window"


@pytest.mark.context(**PHONE)
@pytest.mark.parametrize("name", PAGES)
def test_screenshots_phone_page_does_not_scroll_sideways(page, site, name):
    open_page(page, site, name)
    shoot(page, f"phone-{name}")
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"{name} is {overflow}px wider than a 390px phone"


@pytest.mark.context(**DESKTOP)
@pytest.mark.parametrize("name", ["leaderboard", "compare"])
def test_long_names_do_not_make_the_page_scroll_sideways(page, site, name):
    open_page(page, site, name, hide_fixtures=False)
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"{name} is {overflow}px wider than a 1280px window"


@pytest.mark.context(**DESKTOP)
def test_model_names_in_the_heat_map_are_not_split_inside_words(page, site):
    open_page(page, site, "heat map")
    assert page.locator("table.sc-heatmap tbody th[scope=row]").count() > 0
    split = page.evaluate(SPLIT_WORDS, "table.sc-heatmap tbody th[scope=row]")
    assert not split, split


@pytest.mark.context(**PHONE)
def test_evidence_quotes_on_a_phone_get_at_least_half_the_screen_width(page, site):
    open_page(page, site, "model")
    widths = page.eval_on_selector_all("blockquote.sc-quote", "qs => qs.map(q => q.getBoundingClientRect().width)")
    assert widths
    assert min(widths) >= 390 / 2, f"the narrowest quote is {min(widths):.0f}px wide"
