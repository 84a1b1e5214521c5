"""Benchmark: the link checker of ``tests/test_links.py`` over a built site.

Usage:  python benchmarks/link_check.py [SITE_DIR] [--repeat 3] [--site-url URL]
        (default: build/site, as ``scorecards build`` leaves it; build it first)

Prints the pages, internal links and anchors checked, the broken ones, the site's HTML bytes, and the
time of a whole check (read, parse and resolve, in one process; the best and the median of
``--repeat`` runs, each with fresh caches, and the best CPU time, which a busy machine disturbs less),
the parse alone and the resolving alone.  The check runs
in one process on purpose: the test suite shares the machine with others.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.link_check import SiteLinks  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", nargs="?", type=Path, default=REPO / "build" / "site")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--site-url", default=None)
    args = parser.parse_args()
    if not (args.site_dir / "index.html").is_file():
        sys.exit(f"no built site at {args.site_dir}: run `scorecards build` first")
    runs, parse_times, cpu = [], [], []
    for _ in range(args.repeat):
        links = SiteLinks(args.site_dir, site_url=args.site_url)
        started, cpu_started = time.perf_counter(), time.process_time()
        pages = list(links.html_files())
        for page in pages:
            links.page(page)
        parsed = time.perf_counter()
        broken = links.broken(pages)
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        parse_times.append(parsed - started)
    html_bytes = sum((args.site_dir / page).stat().st_size for page in pages)
    internal = sum(len(links.page(page).links) for page in pages)
    anchors = sum(len(links.page(page).ids) for page in pages)
    print(f"site: {args.site_dir} ({len(pages)} pages, {html_bytes / 1e6:.1f} MB of HTML)")
    print(f"links read: {internal:,}; ids read: {anchors:,}; distinct (folder, link) resolved: {links.resolved:,}")
    print(f"broken: {len(broken)}")
    for item in broken[:20]:
        print(f"  {item}")
    resolving = [run - parse for run, parse in zip(runs, parse_times, strict=True)]
    print(f"whole check: best {min(runs):.2f} s, median {statistics.median(runs):.2f} s (cpu: best {min(cpu):.2f} s)")
    print(f"of which parsing: best {min(parse_times):.2f} s; resolving: best {min(resolving):.2f} s")


if __name__ == "__main__":
    main()
