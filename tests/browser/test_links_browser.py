"""The default build's 404 page and scorecard files, as a server shows them to Chromium.

The session's site is built without a site URL.  Here it is served as GitHub Pages serves a site,
answering every missing address with the site's ``404.html`` and giving ``.yaml`` files the type
``text/yaml``, both at the server's root and below it (a project site, ``/<repository>/``).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_accessibility import AXE, blocking_nodes, describe
from tests.conftest import REPO

pytestmark = pytest.mark.slow


class _PagesHandler(SimpleHTTPRequestHandler):
    """Files from a folder; a missing one answered with ``404.html`` of the site folder, as a static host does."""

    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, ".yaml": "text/yaml"}

    def __init__(self, *args: Any, site: Path, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(directory: Path, site: Path) -> Iterator[str]:
    handler = functools.partial(_PagesHandler, directory=str(directory), site=site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="pages-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module", params=["at the server's root", "below the server's root"])
def pages_site(request: pytest.FixtureRequest, built_project: tuple[Path, Path]) -> Iterator[str]:
    """The address of the site's root, served from the server's root or from /<folder>/."""
    _, site = built_project
    if request.param == "at the server's root":
        yield from _serve(site, site)
    else:
        for base in _serve(site.parent, site):
            yield f"{base}{site.name}/"


def _responses(page: Any, url: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    page.on("response", lambda response: seen.__setitem__(response.url, response.status))
    page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
    return seen


def test_the_404_page_loads_its_styles_and_scripts_at_any_depth(page, recorder, pages_site):
    for missing in ["nonexistent", "models/x/y/nonexistent", "indicators/fmti/2025.12/nonexistent/"]:
        seen = _responses(page, pages_site + missing)
        assert seen[pages_site + missing] == HTTPStatus.NOT_FOUND
        # The page's own styles and scripts (not the preload scanner's guesses, which cannot know the root).
        used = page.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet], script[src]')].map(e => e.href || e.src)"
        )
        assert pages_site + "assets/scorecards.css" in used and pages_site + "assets/scorecards.js" in used
        assert {url: seen.get(url) for url in used} == dict.fromkeys(used, HTTPStatus.OK), missing
        # The theme's stylesheet applies (its header is fixed at the top), and its links lead into the site.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        tab = page.get_by_role("link", name="Indicators").first
        assert tab.evaluate("a => a.href") == pages_site + "indicators/"
    assert not recorder.page_errors


def test_the_404_pages_first_tab_stop_skips_to_its_content(page, pages_site):
    page.goto(pages_site + "models/x/nonexistent", wait_until="load", timeout=TIMEOUT_MS)
    page.keyboard.press("Tab")
    skip = page.evaluate("() => ({text: document.activeElement.textContent.trim(), href: document.activeElement.hash})")
    assert skip == {"text": "Skip to content", "href": "#sc-content"}
    assert page.locator("#sc-content").count() == 1  # the link leads somewhere
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('article') !== null")  # next: the page's own links


def test_a_model_page_links_its_scorecard_file_shown_as_text(page, pages_site):
    page.goto(pages_site + "models/falcon-7b/", wait_until="load", timeout=TIMEOUT_MS)
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.get_by_role("link", name="scorecards/tii/falcon-7b.yaml").click()
    assert page.url == pages_site + "scorecards/tii/falcon-7b.yaml"
    assert page.evaluate("document.contentType") == "text/yaml"
    assert "subject:" in page.evaluate("document.body.innerText")


def _first_indicator(rubric: str, version: str) -> str:
    data = yaml.safe_load((REPO / "rubrics" / rubric / f"{version}.yaml").read_text(encoding="utf-8"))
    return f"indicators/{rubric}/{version}/{data['indicators'][0]['id']}/"


@pytest.mark.parametrize(
    "path",
    ["indicators/fmti/2025.12/", _first_indicator("eosai", "2026.06"), "models/x/y/nonexistent"],
    ids=["a rubric version's indicators", "an imported indicator", "the 404 page at depth"],
)
def test_the_new_page_types_have_no_serious_or_critical_accessibility_violation(page, pages_site, path):
    page.goto(pages_site + path, wait_until="load", timeout=TIMEOUT_MS)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
    blocking = blocking_nodes(violations)
    assert not blocking, f"{path}:\n{describe(blocking)}"
