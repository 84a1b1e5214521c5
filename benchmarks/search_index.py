"""Benchmark: the site search's index size and its time to first result in Chromium, against a baseline ref.

Usage:  python benchmarks/search_index.py [--baseline REF] [--runs N] [--no-baseline]
        (default: baseline main, 3 runs per figure)

Both sites are the shipped project built by ``collector.sitebuild.build`` in a fresh interpreter: this
working tree, and ``git archive REF`` of the baseline unpacked in a temporary folder (its own code,
rubrics and scorecards, so the figures compare what each version ships).  Each is served from
127.0.0.1 and opened in the system Chromium (/usr/bin/chromium, or $CHROMIUM), one fresh context
per run.

Figures, per site:

* index bytes: ``search/search_index.json`` as written, and gzipped at level 6 (what a server that
  compresses responses sends);
* time to first result, per query: the query is put in the search box and one key pressed (the theme
  searches on key up); from that key press to the first result (or the theme's "no matching
  documents") drawn on the page, both read from the page's own clock.
  "at once" opens search and types as soon as the page has loaded, while the index is still loading
  (it loads when search opens: assets/search-on-demand.js) and the theme's worker builds it (what a
  reader who searches straight away waits); "ready" types once the worker says it is ready.
  "4x CPU" repeats both with Chromium's CPU slowed four times (a mid-range phone);
* whether the query finds what it should: "15 trillion" the Llama 3.1 8B Instruct page's claim (a
  result whose link has a ``#i-`` fragment on that page), "llama" a page rated under our rubric as the
  first result.

Medians of the runs are printed, in milliseconds.
"""

from __future__ import annotations

import argparse
import gzip
import math
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).resolve().parent))

from static_server import serve

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
QUERIES = ("15 trillion", "llama")
CLAIM = ".md-search-result a[href*='models/llama-3.1-8b-instruct/'][href*='#i-']"  # ?h=... comes before #
BUILD = "from pathlib import Path; from collector.sitebuild import build; import sys; r = build(Path('.'), site_dir=Path(sys.argv[1])); sys.exit(r.error is not None)"  # noqa: E501

# In the page: note the time of the key press that ends the query (the theme searches on each key up), and of
# the first result (or the "no match" message) drawn after it.
WATCH = """() => {
  window.__sc = {};
  const input = document.querySelector('input.md-search__input');
  input.addEventListener('keydown', (e) => { if (e.key === 'End') window.__sc.typed = performance.now(); });
  const result = document.querySelector('.md-search-result');
  new MutationObserver(() => {
    const s = window.__sc;
    if (!s.typed || s.shown) return;
    const first = result.querySelector('.md-search-result__item a');
    const meta = result.querySelector('.md-search-result__meta');
    if (first || (meta && /no matching/i.test(meta.textContent))) {
      s.shown = performance.now();
      s.first = first ? first.getAttribute('href') : null;
    }
  }).observe(result, {childList: true, subtree: true, characterData: true});
}"""


def build_site(source: Path, out: Path) -> Path:
    """Build the project at ``source`` with its own code, in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    argv = [sys.executable, "-c", BUILD, str(out)]
    subprocess.run(argv, cwd=source, env=env, check=True, capture_output=True)  # noqa: S603 (our own code)
    return out


def checkout(ref: str, into: Path) -> Path:
    archive = into / "ref.tar"
    with archive.open("wb") as f:
        git = shutil.which("git") or "git"
        subprocess.run([git, "-C", str(REPO), "archive", ref], stdout=f, check=True)  # noqa: S603 (a ref the user names)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def one_search(browser: Any, url: str, query: str, *, ready: bool, slowdown: int) -> tuple[float, str | None]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(r"^(?!http://127\.0\.0\.1[:/])", lambda route: route.abort())  # never leave the machine
    try:
        page = context.new_page()
        if slowdown > 1:
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        page.goto(url, wait_until="load")
        page.evaluate(WATCH)
        page.keyboard.press("/")  # the theme's shortcut to the search box; opening it loads the index
        if ready:  # the theme replaces "Initializing search" once its worker has built the index
            page.wait_for_function(
                "() => !/initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
                timeout=120_000,
            )
        box = page.locator("input.md-search__input")
        box.fill(query)  # the whole query at once, then one key: one search, not one per letter typed
        box.press("End")
        try:
            page.wait_for_function("() => window.__sc.shown", timeout=60_000)
        except PlaywrightTimeout:
            return float("nan"), "(timed out after 60 s)"
        found = page.evaluate("() => [window.__sc.shown - window.__sc.typed, window.__sc.first]")
        return float(found[0]), found[1]
    finally:
        context.close()


def measure(browser: Any, url: str, runs: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for slowdown in (1, 4):
        for ready in (False, True):
            for query in QUERIES:
                times, firsts = [], []
                for _ in range(runs):
                    ms, first = one_search(browser, url, query, ready=ready, slowdown=slowdown)
                    times.append(ms)
                    firsts.append(first)
                done = [t for t in times if not math.isnan(t)]  # a timed-out run (NaN) is left out
                figures[(slowdown, ready, query)] = (statistics.median(done) if done else float("nan"), firsts[-1])
    return figures


def claim_found(browser: Any, url: str) -> bool:
    """Whether searching "15 trillion" lists a claim on the Llama 3.1 8B Instruct page."""
    context = browser.new_context()
    context.route(r"^(?!http://127\.0\.0\.1[:/])", lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.fill("15 trillion")
        box.press("End")
        try:  # results are drawn a few groups at a time: wait for the claim's, not the first
            page.wait_for_selector(CLAIM, state="attached", timeout=60_000)
        except PlaywrightTimeout:
            return False
        return True
    finally:
        context.close()


def report(name: str, site: Path, browser: Any, runs: int) -> None:
    index = (site / "search" / "search_index.json").read_bytes()
    print(f"\n{name}: search index {len(index):,} bytes, {len(gzip.compress(index, 6)):,} gzipped")
    with serve(site, compress=False) as url:
        figures = measure(browser, url, runs)
        found = claim_found(browser, url)
    for (slowdown, ready, query), (ms, first) in figures.items():
        cpu = "4x CPU" if slowdown > 1 else "desktop"
        when = "ready" if ready else "at once"
        print(f"  {cpu:8} {when:8} {query!r:15} first result in {ms:7.0f} ms   first: {first}")
    print(f"  '15 trillion' lists the Llama 3.1 8B Instruct claim: {'yes' if found else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default="main", help="git ref to compare with (default: main)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        sites = [("this tree", build_site(REPO, Path(tmp) / "ours"))]
        if not args.no_baseline:
            tree = checkout(args.baseline, Path(tmp))
            sites.insert(0, (f"baseline {args.baseline}", build_site(tree, Path(tmp) / "base")))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            for name, site in sites:
                report(name, site, browser, args.runs)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
