"""Every main page type loads from this site alone and without script errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SHIPPED_COMPARE, is_local, search, visit

pytestmark = pytest.mark.slow

MAIN_PAGES = [
    "",
    "models/falcon-7b/",
    "models/llama-3.1-8b-instruct/",
    "indicators/",
    "indicators/license/",
    SHIPPED_COMPARE,
    "methodology/",
    "changes/",
    "sources/",
    "downloads/",
    "about/",
]


def test_no_request_leaves_127_0_0_1(page, site, recorder):
    for path in MAIN_PAGES:
        visit(page, site, path)
    search(page, "Falcon")  # the search worker, its index and lunr
    page.wait_for_load_state("networkidle")

    outside = sorted({url for url in recorder.requests if not is_local(url)})
    assert not outside, "requests to other hosts:\n" + "\n".join(outside)
    fetched = "\n".join(recorder.requests)
    for expected in ("assets/scorecards.js", "assets/scorecards.css", "search/search_index.json", "data/compare.json",
                     "badges/falcon-7b.svg"):  # fmt: skip
        assert expected in fetched, f"{expected} was never requested: the test did not see the whole site"


@pytest.mark.parametrize("path", MAIN_PAGES, ids=lambda p: p.split("?")[0].strip("/") or "leaderboard")
def test_a_main_page_logs_no_console_error_and_throws_no_exception(page, site, recorder, path):
    visit(page, site, path, settle=True)
    page.wait_for_timeout(50)
    assert not recorder.page_errors, recorder.page_errors
    assert not recorder.console_errors, recorder.console_errors


def test_searching_logs_no_console_error(page, site, recorder):
    visit(page, site, "")
    search(page, "Llama")
    page.wait_for_timeout(100)
    assert not recorder.page_errors, recorder.page_errors
    assert not recorder.console_errors, recorder.console_errors
