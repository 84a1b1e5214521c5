"""What one response may cost the fetcher: bytes after decoding, and time, whatever the vendor site does.

The hostile site is tests/vendor_server.py: compression bombs are served as pages with a Content-Encoding header,
slow bodies with its "slow" and "trickle" faults.  Time is asserted through counts (attempts, requests) and the
reported cause, never as upper bounds on durations.
"""

from __future__ import annotations

import gzip
import socket
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from collector.docs.addresses import LOOPBACK_FOR_TESTS
from collector.docs.fetch import Fetcher, FetchRequest, FetchResult, FetchStatus
from tests.hostile_files import MIB, gzipped_zeros
from tests.vendor_server import VendorServer

UA = "ScorecardsBot/0.1 (+https://example.org/scorecards)"
PAGE = b"<!doctype html><html><body><main><p>Training data: public web.</p></main></body></html>"


@pytest.fixture
def site() -> Iterator[VendorServer]:
    with VendorServer() as server:
        for name in ("a", "b", "c"):
            server.set_page(f"/{name}", PAGE)
        yield server


@pytest.fixture
def make_fetcher() -> Iterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def make(**options: Any) -> Fetcher:
        settings: dict[str, Any] = {"user_agent": UA, "min_delay": 0.01, "backoff": 0.01, "timeout": 5.0}
        fetcher = Fetcher(**(settings | options), addresses=LOOPBACK_FOR_TESTS)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


def fetch(fetcher: Fetcher, url: str) -> FetchResult:
    return fetcher.fetch(FetchRequest(url))


def serve_encoded(site: VendorServer, path: str, body: bytes, encoding: bytes) -> None:
    site.set_page(path, body)
    site.set_fault(path, "header", name="Content-Encoding", value=encoding)


def peak_memory_of(call: Callable[[], FetchResult]) -> tuple[FetchResult, int]:
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# -- decoding ----------------------------------------------------------------------------------------------------------


def test_a_gzip_body_is_decoded(site: VendorServer, make_fetcher: Any) -> None:
    serve_encoded(site, "/a", gzip.compress(PAGE), b"gzip")
    result = fetch(make_fetcher(), site.url("/a"))
    assert (result.status, result.body) == (FetchStatus.OK, PAGE)
    assert site.requests_for("/a")[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_a_deflate_body_is_decoded_in_either_form_servers_send(
    wbits: int, site: VendorServer, make_fetcher: Any
) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    serve_encoded(site, "/a", packer.compress(PAGE) + packer.flush(), b"deflate")
    assert fetch(make_fetcher(), site.url("/a")).body == PAGE


def test_a_gzip_bomb_is_cut_at_the_cap_while_it_is_decoded(site: VendorServer, make_fetcher: Any) -> None:
    bomb = gzipped_zeros(512 * MIB)  # about 500 KB on the wire
    serve_encoded(site, "/a", bomb, b"gzip")
    fetcher = make_fetcher(max_bytes=MIB)
    result, peak = peak_memory_of(lambda: fetch(fetcher, site.url("/a")))
    assert (result.status, result.body) == (FetchStatus.TOO_LARGE, None)
    assert "1,048,576-byte cap" in result.detail and "decoded" in result.detail
    assert peak < 16 * MIB  # the cap, the compressed body and change: never the 512 MiB it stands for


def test_stacked_encodings_are_refused_before_any_decoding(site: VendorServer, make_fetcher: Any) -> None:
    # Three layers of gzip: 15 KB that would be gigabytes.
    bomb = gzip.compress(gzip.compress(gzipped_zeros(64 * MIB)))
    serve_encoded(site, "/a", bomb, b"gzip, gzip, gzip")
    fetcher = make_fetcher()
    result, peak = peak_memory_of(lambda: fetch(fetcher, site.url("/a")))
    assert (result.status, result.attempts, result.body) == (FetchStatus.BAD_ENCODING, 1, None)
    assert "encoded 3 times over" in result.detail
    assert peak < 16 * MIB


@pytest.mark.parametrize(("encoding", "words"), [(b"br", "'br', which was not asked for"), (b"gzip", "corrupt")])
def test_an_unknown_or_corrupt_encoding_fails_at_once(
    encoding: bytes, words: str, site: VendorServer, make_fetcher: Any
) -> None:
    serve_encoded(site, "/a", b"this is not compressed at all", encoding)
    result = fetch(make_fetcher(max_retries=3), site.url("/a"))
    assert (result.status, result.attempts) == (FetchStatus.BAD_ENCODING, 1)
    assert words in result.detail


# -- time --------------------------------------------------------------------------------------------------------------


def test_a_body_trickled_slower_than_the_timeout_allows_ends_at_the_request_deadline(
    site: VendorServer, make_fetcher: Any
) -> None:
    # A byte every 0.2 s: every read succeeds well within the timeout, so only a deadline on the whole request ends it.
    site.set_fault("/a", "trickle", interval=0.2)
    result = fetch(make_fetcher(timeout=1.0, max_retries=0), site.url("/a"))
    assert (result.status, result.attempts, result.http_status) == (FetchStatus.TIMEOUT, 1, None)
    assert "the body was still arriving after 1.0 s (" in result.detail and "bytes so far)" in result.detail
    assert "no response" not in result.detail


def test_headers_that_never_come_are_reported_as_such(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "slow", seconds=5)
    result = fetch(make_fetcher(timeout=0.5, max_retries=0), site.url("/a"))
    assert result.status is FetchStatus.TIMEOUT
    assert result.detail.startswith("no response within 0.5 s (1 attempt,")


def test_timeouts_are_retried_only_while_a_whole_request_fits_in_the_document_time(
    site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/a", "trickle", interval=0.05)
    fetcher = make_fetcher(timeout=0.5, max_retries=5, max_document_time=1.2)
    result = fetch(fetcher, site.url("/a"))
    # 0.5 s, then 0.5 s more; what is left (0.2 s) would not hold a third request, so none is made.
    assert (result.status, result.attempts) == (FetchStatus.TIMEOUT, 2)
    assert len(site.requests_for("/a")) == 2
    assert "(2 attempts, " in result.detail


def test_the_last_request_gets_what_is_left_of_the_document_time_and_says_so(
    site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/a", "trickle", interval=0.05)
    result = fetch(make_fetcher(timeout=5.0, max_retries=0, max_document_time=0.5), site.url("/a"))
    assert result.status is FetchStatus.TIMEOUT
    assert "when the 0.5 s allowed for one document ran out" in result.detail


def test_once_the_run_time_is_spent_no_more_requests_are_made(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "trickle", interval=0.05)
    fetcher = make_fetcher(timeout=5.0, max_retries=2, max_run_time=0.8)
    results = fetcher.fetch_all([FetchRequest(site.url(p)) for p in ("/a", "/b", "/c")], workers=1)
    assert [r.status for r in results] == [FetchStatus.TIMEOUT] * 3
    assert "when the run's 0.8 s ran out" in results[0].detail
    assert all(r.attempts == 0 and "not requested: the run's 0.8 s were spent" in r.detail for r in results[1:])
    assert [r.path for r in site.requests if r.path != "/robots.txt"] == ["/a"]


def test_a_dns_lookup_that_hangs_ends_at_the_request_deadline(
    make_fetcher: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A resolver that does not answer in time (getaddrinfo takes no timeout): the request does not wait for it.
    release = threading.Event()
    real = socket.getaddrinfo

    def hanging(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "slow-dns.vendor.example":
            return real(host, *args, **kwargs)
        release.wait(10)
        raise socket.gaierror(socket.EAI_AGAIN, "no answer")

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    try:
        result = fetch(make_fetcher(timeout=0.5, max_retries=0), "http://slow-dns.vendor.example/a")
    finally:
        release.set()
    # robots.txt is asked for first, and its lookup is the one that hangs: the site is skipped, and says why
    assert result.status is FetchStatus.TIMEOUT
    assert "could not connect within 0.5 s" in result.detail
