"""A real browser on the real site: one build, one HTTP server and one Chromium per session.

The site is built once, in a temporary copy of the project (mkdocs.yml, site/, rubrics/,
scorecards/, archive/) plus the XSS fixture scorecards of tests/fixtures/xss, and served
from 127.0.0.1 on a free port.  Each test gets a fresh browser context (no shared cookies,
storage or cache) and a page in it.

Chromium is the system one (/usr/bin/chromium, or $CHROMIUM); nothing is downloaded.  If
it is missing, every browser test is skipped with the reason.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from collector.sitebuild import build
from tests.conftest import FIXTURES, copy_shipped_project

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PROJECT_PARTS = ("site", "rubrics", "scorecards", "sources", "archive", "imports")
XSS_SCORECARDS = FIXTURES / "xss" / "scorecards"
XSS_SOURCES = FIXTURES / "xss" / "sources"
TIMEOUT_MS = 10_000


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Site:
    """The built site: where its files are, where it is served, and the project it came from."""

    project: Path
    root: Path
    base_url: str

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")


def copy_project(target: Path) -> Path:
    """The repository's project files, plus the XSS fixture scorecards (scorecards/xss/) and sources file."""
    copy_shipped_project(target, PROJECT_PARTS)
    shutil.copytree(XSS_SCORECARDS, target / "scorecards", dirs_exist_ok=True)
    shutil.copytree(XSS_SOURCES, target / "sources", dirs_exist_ok=True)
    return target


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, site folder): the strict build of the shipped data and the XSS fixtures."""
    project = copy_project(tmp_path_factory.mktemp("browser-project"))
    result = build(project, site_dir=project / "out", strict=True)
    assert result.error is None, f"the site did not build: {result.error}"
    return project, result.site_dir


@pytest.fixture(scope="session")
def site(built_project: tuple[Path, Path]) -> Iterator[Site]:
    project, root = built_project
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield Site(project=project, root=root, base_url=f"http://{host}:{port}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (install the Debian package chromium, or set $CHROMIUM)"
        if os.environ.get("CI"):  # in CI a skipped browser test would pass for nothing
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Recorder:
    """What a page did: requests, console errors, uncaught exceptions, dialogs."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def on_console(self, message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{location.get('url', '?')}: {message.text}")

    def on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


NOT_LOCAL = re.compile(r"^(?!data:|blob:http://127\.0\.0\.1[:/]|https?://127\.0\.0\.1[:/])")


def is_local(url: str) -> bool:
    """True for requests to the test server (127.0.0.1), and for data: URLs."""
    if url.startswith("data:"):
        return True
    if url.startswith("blob:"):
        url = url[len("blob:") :]
    return urlsplit(url).hostname == "127.0.0.1"


@pytest.fixture
def context(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh context in light mode; a test can ask for other options with @pytest.mark.context(...)."""
    marker = request.node.get_closest_marker("context")
    options: dict[str, Any] = {"color_scheme": "light", "viewport": {"width": 1280, "height": 900}}
    if marker is not None:
        options.update(marker.kwargs)
    ctx = browser.new_context(**options)
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def recorder(context: Any) -> Recorder:
    """Records every request of the context (pages and workers); requests that would leave 127.0.0.1
    are recorded and aborted, so that a failing test never waits on the network."""
    recorded = Recorder()
    context.on("request", lambda req: recorded.requests.append(req.url))
    # A regular expression is matched by the Playwright driver: local requests never reach Python.
    context.route(NOT_LOCAL, lambda route: route.abort())
    return recorded


@pytest.fixture
def page(context: Any, recorder: Recorder) -> Any:
    new_page = context.new_page()
    new_page.on("console", recorder.on_console)
    new_page.on("pageerror", lambda error: recorder.page_errors.append(str(error)))
    new_page.on("dialog", recorder.on_dialog)
    return new_page


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "context(**options): options for the browser context of a browser test")


# ------------------------------------------------------------------ helpers for the tests

SHIPPED_COMPARE = "compare/?models=llama-3.1-8b-instruct,falcon-7b"
COMPARE_TABLE = "[data-sc-compare-table]:not([hidden])"


def visit(page: Any, site: Site, path: str, *, settle: bool = False) -> None:
    """Open a page and wait until it is ready to read: loaded, and on compare the table filled.

    With settle, also wait until mkdocs-material's script has set up its keyboard shortcuts (it loads the
    search index only when search is opened: assets/search-on-demand.js).
    """
    response = page.goto(site.url(path), wait_until="load")
    if settle:
        page.wait_for_function("() => typeof window.keyboard$ !== 'undefined'")
    assert response is not None, f"no response for {path}"
    assert response.ok, f"{path}: HTTP {response.status}"
    if path.startswith("compare/") and "models=" in path:
        page.wait_for_selector("[data-sc-compare-table] thead th, [data-sc-compare-status]:text-matches('Could not')")


def search(page: Any, text: str) -> Any:
    """Type into mkdocs-material's header search box; returns the locator of the result items."""
    toggle = page.locator("label.md-header__button[for='__search']")
    if toggle.is_visible():  # narrow screens: the box is in an overlay opened by a button
        toggle.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text, delay=20)
    items = page.locator(".md-search-result__item")
    items.first.wait_for(state="visible")
    return items
