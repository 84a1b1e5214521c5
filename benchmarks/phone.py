"""Benchmark: how long the heaviest page of each kind takes to become usable on a slow phone (issue 17).

Usage:  python benchmarks/phone.py [--site build/site] [--baseline DIR] [--runs 3]

``--site`` is a built site (``scorecards build`` writes ``build/site``); ``--baseline`` another
build to measure the same way, e.g. of main, for comparison:

    git archive main | tar -x -C /tmp/main-site-src
    (cd /tmp/main-site-src && PYTHONPATH=. python -c "import sys; from collector.cli import main; \\
        sys.argv = ['scorecards', 'build']; main()")
    python benchmarks/phone.py --baseline /tmp/main-site-src/build/site

Each site is served from 127.0.0.1 and opened in Chromium (/usr/bin/chromium, or $CHROMIUM)
with the phone profile of the issue, through the Chrome DevTools Protocol: a 390 x 844 touch
screen, the CPU slowed 4 times (``Emulation.setCPUThrottlingRate``) and the network at
1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip (``Network.emulateNetworkConditions``,
Lighthouse's "slow 4G"), with an empty cache for every load.

Pages, the heaviest of each kind in the measured site: the home page (the leaderboard), the
indicators page, the largest model page, the largest rankings page, compare with two models
chosen, and search (the home page, then a query typed into the search box).

Time to interactive, as measured here: the time from navigation until the main thread is
free, that is the later of DOMContentLoaded and the end of the last long task (a task over
50 ms, from the browser's Long Tasks API) before a quiet window of 2 s with no long task.
For compare it is also not before the comparison table is filled; for search it is the home
page's, plus the time from typing the query (once the page is quiet) to the first result
shown.  Bytes are what the page and its workers fetched by then, as sent: text gzipped, as
GitHub Pages and most hosts send it (``--no-gzip`` sends the files as they are).

The target of issue 17: every page interactive within 3 s on this profile.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from static_server import serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
CPU_SLOWDOWN = 4
NETWORK = {
    "offline": False,
    "latency": 150,  # ms
    "downloadThroughput": 1_600_000 / 8,  # bytes per second
    "uploadThroughput": 750_000 / 8,
}
QUIET_MS = 2000
LIMIT_MS = 60_000
SEARCH_QUERY = "llama"

# Installed before any page script: records every long task (> 50 ms) of the main thread.
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__longTasks.push(e.startTime + e.duration);
}).observe({type: "longtask", buffered: true});
"""


def largest(site: Path, pattern: str) -> str:
    """The address (relative to the site) of the largest page matching ``pattern``."""
    pages = sorted(site.glob(pattern), key=lambda p: p.stat().st_size)
    if not pages:
        raise SystemExit(f"{site} has no page matching {pattern}")
    return pages[-1].parent.relative_to(site).as_posix() + "/"


def compare_address(site: Path) -> str:
    """Compare with the two largest model data files chosen (the most the page has to fetch and draw), among the
    models the page offers first: those rated under its first rubric where it has a rubric choice."""
    offered = site / "data" / "compare.json"
    files = sorted((site / "data" / "models").glob("*.json"), key=lambda p: p.stat().st_size)
    if offered.is_file():
        first = json.loads(offered.read_text(encoding="utf-8"))["rubrics"][0]
        rated = {model["id"] for model in first["models"]}
        files = [p for p in files if p.stem in rated]
    return "compare/?models=" + ",".join(p.stem for p in files[-2:])


def pages_of(site: Path) -> dict[str, str]:
    return {
        "home": "",
        "indicators": "indicators/",
        "model (largest)": largest(site, "models/*/index.html"),
        "rankings (largest)": largest(site, "rankings/**/index.html"),
        "compare": compare_address(site),
        "search": "",
    }


def measure(browser: Any, base: str, kind: str, address: str) -> tuple[float, int]:
    """(time to interactive in ms, bytes fetched) for one cold load on the phone profile."""
    context = browser.new_context(**PHONE)
    try:
        fetched: list[int] = []
        context.on("requestfinished", lambda request: fetched.append(_size(request)))
        page = context.new_page()
        page.add_init_script(LONG_TASKS)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.set_default_timeout(LIMIT_MS)
        page.goto(base + address, wait_until="load")
        ready = _quiet_main_thread(page)
        if kind == "compare":
            page.wait_for_selector("[data-sc-compare-table]:not([hidden])")
            ready = max(ready, page.evaluate("performance.now()"))
        elif kind == "search":
            toggle = page.locator("label.md-header__button[for='__search']")
            if toggle.is_visible():  # on a phone the search box is in an overlay opened by a button
                toggle.click()
            typed = page.evaluate("performance.now()")
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially(SEARCH_QUERY, delay=20)  # the theme searches on key presses
            page.locator(".md-search-result__item").first.wait_for(state="visible")
            ready += page.evaluate("performance.now()") - typed  # as if typed the moment the page was ready
        return ready, sum(fetched)
    finally:
        context.close()


def _quiet_main_thread(page: Any) -> float:
    """The TTI of this benchmark (see the module's docstring), in ms since navigation."""
    started = time.monotonic()
    while True:
        now, tasks, loaded = page.evaluate(
            "[performance.now(), window.__longTasks, performance.getEntriesByType('navigation')[0]"
            ".domContentLoadedEventEnd]"
        )
        last = max([loaded, *tasks])
        if now - last >= QUIET_MS or (time.monotonic() - started) * 1000 > LIMIT_MS:
            return float(last)
        page.wait_for_timeout(250)


def _size(request: Any) -> int:
    from playwright.sync_api import Error

    try:
        sizes = request.sizes()
    except Error:  # a request the page cancelled has no sizes: it fetched nothing to count
        return 0
    return int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])


def run(site: Path, runs: int, *, compress: bool) -> dict[str, tuple[str, float, int]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, tuple[str, float, int]] = {}
    with serve(site, compress=compress) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for kind, address in pages_of(site).items():
                samples = [measure(browser, base, kind, address) for _ in range(runs)]
                results[kind] = (
                    address or "/",
                    statistics.median(s[0] for s in samples),
                    int(statistics.median(s[1] for s in samples)),
                )
        finally:
            browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("build/site"))
    parser.add_argument("--baseline", type=Path, help="another built site to measure the same way (e.g. main's)")
    parser.add_argument("--runs", type=int, default=3, help="loads per page; the median is shown")
    parser.add_argument("--no-gzip", dest="compress", action="store_false", help="serve files as they are on disk")
    args = parser.parse_args()
    measured = run(args.site, args.runs, compress=args.compress)
    baseline = run(args.baseline, args.runs, compress=args.compress) if args.baseline else {}
    served = "gzipped" if args.compress else "uncompressed"
    print(
        f"phone profile: {CPU_SLOWDOWN}x CPU slowdown, 1.6 Mbit/s, 150 ms RTT, 390x844; text served {served};"
        f" median of {args.runs}"
    )
    for kind, (address, tti, fetched) in measured.items():
        line = f"{kind:20} {tti / 1000:6.2f} s  {fetched / 1024:8.0f} KB  {address}"
        if kind in baseline:
            old_address, old_tti, old_fetched = baseline[kind]
            line += f"   (baseline {old_tti / 1000:.2f} s, {old_fetched / 1024:.0f} KB, {old_address})"
        print(line)
    slow = [kind for kind, (_, tti, _) in measured.items() if tti > 3000]
    print("every page interactive within 3 s" if not slow else f"over 3 s: {', '.join(slow)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
