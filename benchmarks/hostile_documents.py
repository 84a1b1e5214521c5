"""Benchmark: what hostile vendor documents cost the collector, with its limits, against the same work unbounded.

Usage:  python benchmarks/hostile_documents.py [--bomb-mib N] [--pdf-pages N]

Printed, for each hostile input served by a local vendor server (tests/vendor_server.py):

* a gzip bomb (N MiB of zeros, about N KiB on the wire): wall time and peak Python memory of the fetch, which
  stops at the 25 MiB cap, and, as the baseline, httpx decoding the same body in full;
* the same bomb under "gzip, gzip, gzip": refused before decoding;
* a PDF page bomb (N pages sharing one content stream): the time to refuse it, and, as the baseline, pypdf reading
  the first 1,000 of its pages, scaled to all of them;
* a body trickled a byte every 0.2 s: how long one document costs with a 2 s timeout and a 5 s document time.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import io  # noqa: E402

import httpx  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from collector.docs.addresses import LOOPBACK_FOR_TESTS  # noqa: E402
from collector.docs.extract import ExtractionError, extract  # noqa: E402
from collector.docs.fetch import Fetcher, FetchRequest  # noqa: E402
from tests.hostile_files import MIB, gzipped_zeros, page_bomb  # noqa: E402
from tests.vendor_server import VendorServer  # noqa: E402

UA = "ScorecardsBot/benchmark (+https://scorecards.test/)"


def measured(call: Callable[[], Any]) -> tuple[Any, float, int]:
    """The call's result, wall seconds, and peak traced memory in bytes."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = call()
        return result, time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def fetcher(**options: Any) -> Fetcher:
    return Fetcher(user_agent=UA, min_delay=0.0, addresses=LOOPBACK_FOR_TESTS, **options)


def compression(server: VendorServer, bomb_mib: int) -> None:
    bomb = gzipped_zeros(bomb_mib * MIB)
    for path, encoding in (("/bomb", b"gzip"), ("/stacked", b"gzip, gzip, gzip")):
        server.set_page(path, bomb)
        server.set_fault(path, "header", name="Content-Encoding", value=encoding)
    print(f"gzip bomb: {bomb_mib:,} MiB of zeros in {len(bomb) / 1024:,.0f} KiB")
    with fetcher() as ours:
        result, seconds, peak = measured(lambda: ours.fetch(FetchRequest(server.url("/bomb"))))
        print(f"  collector: {result.status} in {seconds:.2f} s, peak {peak / MIB:.1f} MiB")
        result, seconds, peak = measured(lambda: ours.fetch(FetchRequest(server.url("/stacked"))))
        print(f"  'gzip, gzip, gzip': {result.status} in {seconds:.2f} s, peak {peak / MIB:.1f} MiB")
    with httpx.Client() as client:
        response, seconds, peak = measured(lambda: client.get(server.url("/bomb")))
        print(f"  baseline (httpx, decoded in full): {len(response.content) / MIB:,.0f} MiB in {seconds:.2f} s, "
              f"peak {peak / MIB:,.0f} MiB")  # fmt: skip


def pdf(pages: int) -> None:
    bomb = page_bomb(pages)
    print(f"PDF page bomb: {pages:,} pages sharing one content stream, {len(bomb) / 1024:,.0f} KiB")

    def ours() -> str:
        try:
            extract(bomb, "application/pdf")
        except ExtractionError as exc:
            return exc.kind
        return "extracted"

    started = time.perf_counter()  # not traced: tracemalloc slows pypdf several times over
    outcome = ours()
    seconds = time.perf_counter() - started
    print(f"  collector: {outcome} in {seconds:.2f} s")
    sample = min(pages, 1_000)
    started = time.perf_counter()
    reader = PdfReader(io.BytesIO(bomb))
    for page in reader.pages[:sample]:
        page.extract_text()
    seconds = time.perf_counter() - started
    print(f"  baseline (pypdf, every page): {seconds / sample * 1000:.1f} ms per page, "
          f"{seconds / sample * pages / 60:.1f} minutes for all {pages:,}")  # fmt: skip


def trickle(server: VendorServer) -> None:
    server.set_fault("/trickle", "trickle", interval=0.2)
    with fetcher(timeout=2.0, max_document_time=5.0, backoff=0.1) as ours:
        started = time.perf_counter()
        result = ours.fetch(FetchRequest(server.url("/trickle")))
        seconds = time.perf_counter() - started
    print("body trickled a byte every 0.2 s, timeout 2 s, 5 s per document:")
    print(f"  collector: {result.status} after {seconds:.1f} s, {result.attempts} attempts: {result.detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mib", type=int, default=256)
    parser.add_argument("--pdf-pages", type=int, default=20_000)
    args = parser.parse_args()
    with VendorServer() as server:
        compression(server, args.bomb_mib)
        pdf(args.pdf_pages)
        trickle(server)


if __name__ == "__main__":
    main()
