"""Benchmark: collecting vendor documents from several local hosts, first run, no-change re-run, and a few edits.

Usage:  python benchmarks/collect_docs.py [--documents N] [--hosts H] [--delay SECONDS]

Each host is a local vendor server (tests/vendor_server.py) serving N/H pages
made from the fixture system card (each page a different text) plus the
fixture PDF.  The collector runs three times: a first run, a re-run with
nothing changed, and a run after 10% of the pages were edited.  Printed:
documents per second, requests and bytes per document (counted by the
servers), versions recorded, and, as the baseline run in the same process, a
naive collector (plain GET of every URL, extract, compare) on the same pages.
The politeness delay is set with --delay (the collector's default is 1 s per
host); at the default it alone would make a run take documents/hosts seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from collector.docs.addresses import LOOPBACK_FOR_TESTS  # noqa: E402
from collector.docs.extract import extract  # noqa: E402
from collector.docs.fetch import Fetcher  # noqa: E402
from collector.docs.project import collect_documents  # noqa: E402
from tests.docs_project import make_project, site_url  # noqa: E402
from tests.vendor_server import VendorServer  # noqa: E402

SITE = REPO / "tests" / "fixtures" / "vendor" / "site"
CARD = (SITE / "models" / "nova-2" / "system-card.html").read_bytes()
PDF = (SITE / "research" / "nova-2-technical-report.pdf").read_bytes()


def page(index: int, edition: int = 0) -> bytes:
    marker = f"<p>Document {index}, edition {edition}: this paragraph makes each page's text its own.</p>"
    return CARD.replace(b'<section id="introduction">', marker.encode() + b'<section id="introduction">', 1)


def declare(root: Path, servers: list[VendorServer], per_host: int) -> list[tuple[VendorServer, str]]:
    pages: list[tuple[VendorServer, str]] = []
    lines = ["developer: Example Labs", "documents:"]
    for host, server in enumerate(servers):
        server.set_page("/report.pdf", PDF, "application/pdf")
        pdf_url = site_url(server, "/report.pdf")
        lines.append(f"  - {{id: h{host}-pdf, title: Report {host}, kind: technical-report, url: '{pdf_url}'}}")
        for n in range(per_host - 1):
            path = f"/docs/{n}"
            server.set_page(path, page(host * 1000 + n))
            pages.append((server, path))
            lines.append(
                f"  - {{id: h{host}-d{n}, title: Doc {host}.{n}, kind: model-documentation, "
                f"url: '{site_url(server, path)}', select: ['article.doc-body']}}"
            )
    (root / "sources" / "example-labs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pages


def traffic(servers: list[VendorServer]) -> tuple[int, int, int]:
    requests = [r for s in servers for r in s.requests if r.path != "/robots.txt"]
    return len(requests), sum(1 for r in requests if r.status == 304), sum(1 for r in requests if r.status == 200)


def timed_run(root: Path, servers: list[VendorServer], delay: float, count: int, label: str) -> float:
    for server in servers:
        server.clear_requests()
    started = time.perf_counter()
    agent = "ScorecardsBot/benchmark (+https://scorecards.test/)"
    with Fetcher(user_agent=agent, min_delay=delay, addresses=LOOPBACK_FOR_TESTS) as fetcher:
        run = collect_documents(root, fetcher=fetcher, workers=len(servers), now=lambda: dt.datetime.now(dt.UTC))
    elapsed = time.perf_counter() - started
    total, not_modified, full = traffic(servers)
    statuses: dict[str, int] = {}
    for outcome in run.outcomes:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    print(
        f"{label:<22} {elapsed:7.2f} s  {count / elapsed:7.1f} docs/s  {total / count:.2f} requests/doc "
        f"({not_modified} x 304, {full} x 200)  outcomes {statuses}"
    )
    return elapsed


def naive_run(pages: list[tuple[VendorServer, str]], label: str) -> float:
    """Baseline: what a plain script does, one GET each, full bodies every time, no politeness."""
    started = time.perf_counter()
    size = 0
    with httpx.Client() as client:
        for server, path in pages:
            body = client.get(server.url(path)).content
            size += len(body)
            extract(body, "text/html", select=["article.doc-body"])
    elapsed = time.perf_counter() - started
    print(f"{label:<22} {elapsed:7.2f} s  {len(pages) / elapsed:7.1f} docs/s  1.00 requests/doc, {size / 1e6:.1f} MB")
    return elapsed


def extraction_speed() -> None:
    rounds = 50
    started = time.perf_counter()
    for _ in range(rounds):
        extract(CARD, "text/html", select=["article.doc-body"])
    html_ms = (time.perf_counter() - started) / rounds * 1000
    started = time.perf_counter()
    for _ in range(rounds // 5):
        extract(PDF, "application/pdf")
    pdf_ms = (time.perf_counter() - started) / (rounds // 5) * 1000
    print(f"extraction: {html_ms:.1f} ms per {len(CARD) // 1024} KiB HTML page, {pdf_ms:.1f} ms per PDF")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--delay", type=float, default=0.0, help="politeness delay per host (default 0: machinery)")
    args = parser.parse_args()
    per_host = args.documents // args.hosts
    count = per_host * args.hosts
    extraction_speed()
    with tempfile.TemporaryDirectory() as folder:
        servers = [VendorServer().start() for _ in range(args.hosts)]
        try:
            root = make_project(Path(folder) / "project", servers[0])
            pages = declare(root, servers, per_host)
            print(f"{count} documents on {args.hosts} hosts, politeness delay {args.delay} s")
            first = timed_run(root, servers, args.delay, count, "first run")
            again = timed_run(root, servers, args.delay, count, "re-run, no change")
            edited = pages[: count // 10]
            for number, (server, path) in enumerate(edited):
                server.set_page(path, page(number, edition=1))
            timed_run(root, servers, args.delay, count, f"re-run, {len(edited)} edited")
            naive = naive_run(pages, "baseline: naive GETs")
            print(f"ratio re-run / naive: {again / naive:.2f} (time); first run / naive: {first / naive:.2f}")
        finally:
            for server in servers:
                server.close()


if __name__ == "__main__":
    main()
