"""The polite fetcher, against a local vendor site that misbehaves on demand (tests/vendor_server.py).

Timing assertions are lower bounds and orderings only, read from the server's request log, so that a loaded machine
makes the tests slower, never red.
"""

from __future__ import annotations

import datetime
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from email.utils import format_datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from collector import clock
from collector.docs.addresses import LOOPBACK_FOR_TESTS
from collector.docs.fetch import Fetcher, FetchRequest, FetchResult, FetchStatus
from tests.vendor_server import RequestRecord, VendorServer

UA = "ScorecardsBot/0.1 (+https://example.org/scorecards)"
PAGE = (
    b"<!doctype html><html><head><title>Model card</title></head><body><p>Training data: public web.</p></body></html>"
)
# Monotonic clocks of the test and the server are the same clock; allow for float rounding only.
EPSILON = 0.001


class Sleeps:
    """A ``sleep`` that records what it was asked for, and really sleeps unless told not to."""

    def __init__(self, *, real: bool = True) -> None:
        self.calls: list[float] = []
        self.real = real
        self._lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self._lock:
            self.calls.append(seconds)
        if self.real:
            time.sleep(seconds)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[VendorServer]:
    """A vendor site with a few pages and no robots.txt."""
    root = tmp_path / "site"
    root.mkdir()
    for name in ("a", "b", "c", "d", "e", "f"):
        (root / f"{name}.html").write_bytes(PAGE.replace(b"Model card", name.encode()))
    with VendorServer(root) as server:
        yield server


@pytest.fixture
def make_fetcher() -> Iterator[Callable[..., Fetcher]]:
    """Fetchers with fast defaults (small delays and backoff) that may reach the local site, closed after the test."""
    made: list[Fetcher] = []

    def make(**options: Any) -> Fetcher:
        settings: dict[str, Any] = {
            "user_agent": UA,
            "timeout": 5.0,
            "min_delay": 0.01,
            "backoff": 0.01,
            "addresses": LOOPBACK_FOR_TESTS,
        }
        settings.update(options)
        fetcher = Fetcher(**settings)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


def fetch(fetcher: Fetcher, url: str, **request: Any) -> FetchResult:
    return fetcher.fetch(FetchRequest(url, **request))


def write_robots(server: VendorServer, text: str) -> None:
    server.set_page("/robots.txt", text.encode(), "text/plain; charset=utf-8")


def page_requests(server: VendorServer) -> list[RequestRecord]:
    return [r for r in server.requests if r.path != "/robots.txt"]


def assert_one_at_a_time(records: Sequence[RequestRecord], min_gap: float) -> None:
    """No two requests overlapped, and each started at least ``min_gap`` after the previous one ended."""
    ordered = sorted(records, key=lambda r: r.start)
    for before, after in pairwise(ordered):
        assert before.end is not None
        assert after.start >= before.end + min_gap - EPSILON, (before, after)


def overlaps(a: RequestRecord, b: RequestRecord) -> bool:
    assert a.end is not None and b.end is not None
    return a.start < b.end and b.start < a.end


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# -- a successful fetch ------------------------------------------------------------------------------------------------


def test_ok_result_carries_body_type_validators_and_one_attempt(site: VendorServer, make_fetcher: Any) -> None:
    site.set_page("/card", PAGE, "text/html; charset=UTF-8")
    before = clock.now()  # retrieved is stamped by the program's clock
    result = fetch(make_fetcher(), site.url("/card"))
    assert result.status == FetchStatus.OK and result.ok
    assert (result.http_status, result.body, result.attempts) == (200, PAGE, 1)
    assert (result.media_type, result.charset) == ("text/html", "utf-8")
    served = site.requests_for("/card")[0]
    assert served.status == 200
    assert result.etag is not None and result.etag.startswith('"')
    assert result.last_modified is not None and result.last_modified.endswith("GMT")
    assert (result.url, result.final_url, result.moved_permanently) == (site.url("/card"), site.url("/card"), False)
    assert result.retrieved.tzinfo is not None and result.retrieved >= before
    assert "200" in result.detail


def test_pdf_files_have_a_media_type_and_no_charset(tmp_path: Path, make_fetcher: Any) -> None:
    (tmp_path / "system-card.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_bytes(PAGE)
    with VendorServer(tmp_path) as server:
        fetcher = make_fetcher()
        pdf = fetch(fetcher, server.url("/system-card.pdf"))
        guide = fetch(fetcher, server.url("/guide"))
    assert (pdf.status, pdf.media_type, pdf.charset, pdf.body) == (
        FetchStatus.OK,
        "application/pdf",
        None,
        b"%PDF-1.7\n%%EOF\n",
    )
    assert (guide.status, guide.body) == (FetchStatus.OK, PAGE)


def test_every_request_carries_the_user_agent_including_robots_txt(site: VendorServer, make_fetcher: Any) -> None:
    write_robots(site, "User-agent: *\nAllow: /\n")
    site.set_fault("/b", "redirect", code=302, location="/c")
    fetcher = make_fetcher()
    fetch(fetcher, site.url("/a"))
    fetch(fetcher, site.url("/b"))
    assert [r.path for r in site.requests] == ["/robots.txt", "/a", "/b", "/c"]
    assert {r.headers.get("user-agent") for r in site.requests} == {UA}


def test_fetch_all_returns_results_in_input_order(site: VendorServer, make_fetcher: Any) -> None:
    with VendorServer() as other:
        other.set_page("/x", PAGE)
        urls = [site.url("/a"), other.url("/x"), site.url("/missing"), "ftp://example.org/", site.url("/b")]
        results = make_fetcher().fetch_all([FetchRequest(u) for u in urls], workers=3)
    assert [r.url for r in results] == urls
    assert [r.status for r in results] == [
        FetchStatus.OK,
        FetchStatus.OK,
        FetchStatus.NOT_FOUND,
        FetchStatus.BAD_REDIRECT,
        FetchStatus.OK,
    ]


# -- robots.txt --------------------------------------------------------------------------------------------------------


def test_robots_disallowed_url_is_never_requested(site: VendorServer, make_fetcher: Any) -> None:
    write_robots(site, "User-agent: *\nDisallow: /private\n")
    site.set_page("/private/report", PAGE)
    fetcher = make_fetcher()
    blocked = fetch(fetcher, site.url("/private/report"))
    allowed = fetch(fetcher, site.url("/a"))
    assert blocked.status == FetchStatus.ROBOTS_DISALLOWED and not blocked.ok
    assert (blocked.attempts, blocked.http_status, blocked.body) == (0, None, None)
    assert "robots.txt" in blocked.detail
    assert allowed.status == FetchStatus.OK
    assert [r.path for r in site.requests] == ["/robots.txt", "/a"]


def test_robots_group_of_our_product_token_applies(site: VendorServer, make_fetcher: Any) -> None:
    write_robots(site, "User-agent: *\nDisallow: /\n\nUser-agent: ScorecardsBot\nDisallow: /drafts\n")
    site.set_page("/drafts/x", PAGE)
    ours = make_fetcher()
    assert fetch(ours, site.url("/a")).status == FetchStatus.OK
    assert fetch(ours, site.url("/drafts/x")).status == FetchStatus.ROBOTS_DISALLOWED
    # The product token, not the User-Agent header, picks the group.
    other = make_fetcher(robots_token="OtherBot")
    assert fetch(other, site.url("/a")).status == FetchStatus.ROBOTS_DISALLOWED


def test_robots_txt_is_fetched_once_per_origin(site: VendorServer, make_fetcher: Any) -> None:
    write_robots(site, "User-agent: *\nDisallow: /private\n")
    fetcher = make_fetcher(min_delay=0.0)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda p: fetch(fetcher, site.url(p)), ["/a", "/b", "/c", "/d", "/e", "/f"]))
    assert all(r.status == FetchStatus.OK for r in results)
    assert len(site.requests_for("/robots.txt")) == 1


@pytest.mark.parametrize("code", [404, 403, 410])
def test_robots_txt_4xx_allows_everything(code: int, site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/robots.txt", "status", code=code)
    result = fetch(make_fetcher(), site.url("/a"))
    assert result.status == FetchStatus.OK


@pytest.mark.parametrize("code", [500, 503, 429])
def test_robots_txt_server_error_disallows_the_whole_site_for_the_run(
    code: int, site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/robots.txt", "status", code=code)
    fetcher = make_fetcher(max_retries=1)
    first = fetch(fetcher, site.url("/a"))
    site.clear_faults()  # the verdict holds for the Fetcher's lifetime, even once the server recovers
    second = fetch(fetcher, site.url("/b"))
    for result in (first, second):
        assert result.status == FetchStatus.ROBOTS_DISALLOWED
        assert f"HTTP {code}" in result.detail and "robots.txt" in result.detail and "skipped" in result.detail
        assert result.attempts == 0
    assert page_requests(site) == []
    assert len(site.requests_for("/robots.txt")) == 2  # one retry, then never again


def test_robots_txt_redirect_is_followed(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/robots.txt", "redirect", code=301, location="/real-robots.txt")
    site.set_page("/real-robots.txt", b"User-agent: *\nDisallow: /b\n", "text/plain")
    fetcher = make_fetcher()
    assert fetch(fetcher, site.url("/b")).status == FetchStatus.ROBOTS_DISALLOWED
    assert fetch(fetcher, site.url("/a")).status == FetchStatus.OK
    assert [r.path for r in site.requests] == ["/robots.txt", "/real-robots.txt", "/a"]


def test_crawl_delay_for_our_token_spaces_requests(site: VendorServer, make_fetcher: Any) -> None:
    write_robots(site, "User-agent: ScorecardsBot\nCrawl-delay: 0.2\nAllow: /\n")
    results = make_fetcher(min_delay=0.01).fetch_all([FetchRequest(site.url(p)) for p in ("/a", "/b", "/c")])
    assert all(r.status == FetchStatus.OK for r in results)
    assert_one_at_a_time(site.requests, min_gap=0.2)


def test_crawl_delay_is_capped(site: VendorServer, make_fetcher: Any) -> None:
    write_robots(site, "User-agent: *\nCrawl-delay: 3600\n")
    sleeps = Sleeps()
    fetcher = make_fetcher(min_delay=0.01, max_crawl_delay=0.2, sleep=sleeps)
    results = fetcher.fetch_all([FetchRequest(site.url(p)) for p in ("/a", "/b")])
    assert all(r.status == FetchStatus.OK for r in results)
    assert_one_at_a_time(site.requests, min_gap=0.2)
    assert sleeps.calls and max(sleeps.calls) <= 0.2


def test_crawl_delay_of_another_robot_is_ignored(site: VendorServer, make_fetcher: Any) -> None:
    write_robots(site, "User-agent: SlowBot\nCrawl-delay: 3600\n")
    sleeps = Sleeps()
    results = make_fetcher(min_delay=0.01, sleep=sleeps).fetch_all([FetchRequest(site.url(p)) for p in ("/a", "/b")])
    assert all(r.status == FetchStatus.OK for r in results)
    assert all(s <= 0.01 for s in sleeps.calls)


# -- politeness --------------------------------------------------------------------------------------------------------


def test_fetch_all_sends_one_request_at_a_time_to_a_host_with_a_pause(site: VendorServer, make_fetcher: Any) -> None:
    urls = [site.url(p) for p in ("/a", "/b", "/c", "/d", "/e")]
    results = make_fetcher(min_delay=0.05).fetch_all([FetchRequest(u) for u in urls], workers=4)
    assert all(r.status == FetchStatus.OK for r in results)
    assert len(site.requests) == 6  # robots.txt too: it is a request to the host like any other
    assert_one_at_a_time(site.requests, min_gap=0.05)


def test_concurrent_fetch_calls_to_one_host_never_overlap(site: VendorServer, make_fetcher: Any) -> None:
    for path in ("/a", "/b", "/c", "/d"):
        site.set_fault(path, "slow", seconds=0.05)
    fetcher = make_fetcher(min_delay=0.05)
    barrier = threading.Barrier(4)

    def fetch_at_once(path: str) -> FetchResult:
        barrier.wait()
        return fetch(fetcher, site.url(path))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(fetch_at_once, ["/a", "/b", "/c", "/d"]))
    assert all(r.status == FetchStatus.OK for r in results)
    assert_one_at_a_time(site.requests, min_gap=0.05)


def test_different_hosts_are_fetched_concurrently(make_fetcher: Any) -> None:
    with VendorServer() as one, VendorServer() as two:
        for server in (one, two):
            for path in ("/1", "/2", "/3"):
                server.set_page(path, PAGE)
                server.set_fault(path, "slow", seconds=0.1)
        requests = [FetchRequest(s.url(p)) for p in ("/1", "/2", "/3") for s in (one, two)]
        results = make_fetcher(min_delay=0.05).fetch_all(requests, workers=2)
        assert all(r.status == FetchStatus.OK for r in results)
        for server in (one, two):
            assert_one_at_a_time(server.requests, min_gap=0.05)
        assert any(overlaps(a, b) for a in page_requests(one) for b in page_requests(two))


# -- statuses ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [404, 410])
def test_gone_pages_are_not_found(code: int, site: VendorServer, make_fetcher: Any) -> None:
    if code != 404:
        site.set_fault("/a", "status", code=code)
    result = fetch(make_fetcher(), site.url("/a" if code != 404 else "/nothing-here"))
    assert (result.status, result.http_status, result.body, result.attempts) == (FetchStatus.NOT_FOUND, code, None, 1)
    assert "update the URL in sources/" in result.detail


@pytest.mark.parametrize("code", [401, 403, 451])
def test_bot_walls_and_logins_are_blocked(code: int, site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "status", code=code, body=b"<html><body>Checking your browser...</body></html>")
    result = fetch(make_fetcher(), site.url("/a"))
    assert (result.status, result.http_status, result.body, result.attempts) == (FetchStatus.BLOCKED, code, None, 1)
    assert "by hand" in result.detail


def test_unexpected_status_is_an_http_error(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "status", code=418)
    result = fetch(make_fetcher(), site.url("/a"))
    assert (result.status, result.http_status, result.attempts) == (FetchStatus.HTTP_ERROR, 418, 1)


def test_server_error_is_retried_with_exponential_backoff(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "status", code=500)
    result = fetch(make_fetcher(max_retries=2, backoff=0.05), site.url("/a"))
    assert (result.status, result.http_status, result.attempts) == (FetchStatus.SERVER_ERROR, 500, 3)
    assert "after 2 retries" in result.detail
    tries = site.requests_for("/a")
    assert len(tries) == 3
    for (before, after), wait in zip(pairwise(tries), (0.05, 0.1), strict=True):
        assert before.end is not None and after.start >= before.end + wait - EPSILON


def test_flaky_server_succeeds_on_retry(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "flaky", times=2)
    result = fetch(make_fetcher(max_retries=3), site.url("/a"))
    assert (result.status, result.attempts, result.body) == (FetchStatus.OK, 3, PAGE.replace(b"Model card", b"a"))


def test_retry_after_is_honoured_before_retrying(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "retry_after", code=429, value="1", times=1)
    sleeps = Sleeps()
    result = fetch(make_fetcher(sleep=sleeps), site.url("/a"))
    assert (result.status, result.attempts) == (FetchStatus.OK, 2)
    limited, retried = site.requests_for("/a")
    assert limited.status == 429 and retried.status == 200
    assert limited.end is not None and retried.start >= limited.end + 1.0 - EPSILON
    assert max(sleeps.calls) > 0.5  # through the injected sleep (a little less than 1 s is left by then)


def test_retry_after_on_503_is_honoured(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "retry_after", code=503, value="2", times=1)
    sleeps = Sleeps(real=False)
    result = fetch(make_fetcher(sleep=sleeps), site.url("/a"))
    assert (result.status, result.attempts) == (FetchStatus.OK, 2)
    assert 1.5 <= max(sleeps.calls) <= 2.0


def test_retry_after_as_an_http_date_is_honoured(site: VendorServer, make_fetcher: Any) -> None:
    # the real clock, as a server's is: an HTTP-date Retry-After counts from the wall clock, not a pinned date
    when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=4)
    site.set_fault("/a", "retry_after", code=429, value=format_datetime(when, usegmt=True), times=1)
    sleeps = Sleeps(real=False)
    result = fetch(make_fetcher(sleep=sleeps), site.url("/a"))
    assert (result.status, result.attempts) == (FetchStatus.OK, 2)
    assert 2.0 <= max(sleeps.calls) <= 4.0  # the date has whole seconds


@pytest.mark.parametrize(("code", "status"), [(429, FetchStatus.RATE_LIMITED), (503, FetchStatus.SERVER_ERROR)])
def test_retry_after_longer_than_we_wait_gives_up_without_waiting(
    code: int, status: FetchStatus, site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/a", "retry_after", code=code, value="3600", times=None)
    sleeps = Sleeps()
    result = fetch(make_fetcher(sleep=sleeps, max_retry_after=60), site.url("/a"))
    assert (result.status, result.http_status, result.attempts) == (status, code, 1)
    assert "3600" in result.detail
    assert all(s <= 0.01 for s in sleeps.calls)


def test_a_host_that_asked_for_a_long_wait_gets_no_more_requests_in_this_run(
    site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/a", "retry_after", code=429, value="3600", times=None)
    fetcher = make_fetcher(max_retry_after=60)
    fetch(fetcher, site.url("/a"))
    result = fetch(fetcher, site.url("/b"))
    assert result.status is FetchStatus.RATE_LIMITED
    assert "Retry-After" in result.detail
    assert page_requests(site) == page_requests(site)[:1]  # /b was never sent


def test_still_rate_limited_after_retries(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "retry_after", code=429, value="0", times=None)
    result = fetch(make_fetcher(max_retries=2), site.url("/a"))
    assert (result.status, result.http_status, result.attempts) == (FetchStatus.RATE_LIMITED, 429, 3)
    assert "after 2 retries" in result.detail


# -- network failures --------------------------------------------------------------------------------------------------


def test_slow_server_times_out(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "slow", seconds=5)
    result = fetch(make_fetcher(timeout=0.5, max_retries=0), site.url("/a"))
    assert (result.status, result.http_status, result.body, result.attempts) == (FetchStatus.TIMEOUT, None, None, 1)
    assert "0.5 s" in result.detail


def test_timeout_is_retried(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "slow", seconds=5, times=1)
    result = fetch(make_fetcher(timeout=0.5, max_retries=1), site.url("/a"))
    assert (result.status, result.attempts) == (FetchStatus.OK, 2)


def test_a_body_trickling_in_ends_in_a_timeout_however_fast_each_byte_comes(
    site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/a", "trickle", interval=0.05)
    result = fetch(make_fetcher(timeout=0.5, max_retries=0), site.url("/a"))
    assert result.status is FetchStatus.TIMEOUT
    assert "the body was still arriving after 0.5 s" in result.detail


def test_connection_reset_is_a_network_error(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "reset")
    result = fetch(make_fetcher(max_retries=1), site.url("/a"))
    assert (result.status, result.http_status, result.attempts) == (FetchStatus.NETWORK_ERROR, None, 2)
    assert "connection" in result.detail


def test_connection_reset_once_is_retried(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "reset", times=1)
    result = fetch(make_fetcher(max_retries=1), site.url("/a"))
    assert (result.status, result.attempts) == (FetchStatus.OK, 2)


def test_connection_refused_is_a_network_error(make_fetcher: Any) -> None:
    url = f"http://127.0.0.1:{closed_port()}/model-card"
    result = fetch(make_fetcher(max_retries=1), url)
    # robots.txt could not be fetched either: the page is not requested, and the result says why
    assert (result.status, result.http_status, result.body) == (FetchStatus.NETWORK_ERROR, None, None)
    assert "robots.txt" in result.detail and "refused" in result.detail.lower()


# -- redirects ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "javascript:alert(1)", "ftp://127.0.0.1/card.pdf", "data:text/html,<p>hi</p>"]
)
def test_redirect_to_a_non_http_scheme_is_refused(location: str, site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "redirect", code=302, location=location)
    result = fetch(make_fetcher(), site.url("/a"))
    assert (result.status, result.http_status, result.body, result.attempts) == (FetchStatus.BAD_REDIRECT, 302, None, 1)
    assert "only http(s) URLs are fetched" in result.detail


def test_redirect_loop_is_a_bad_redirect(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "redirect", code=302, location="/b")
    site.set_fault("/b", "redirect", code=302, location="/a")
    result = fetch(make_fetcher(max_redirects=3), site.url("/a"))
    assert (result.status, result.attempts) == (FetchStatus.BAD_REDIRECT, 4)
    assert "more than 3 redirects" in result.detail
    assert len(page_requests(site)) == 4


def test_redirect_without_location_is_a_bad_redirect(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "redirect", code=301)
    result = fetch(make_fetcher(), site.url("/a"))
    assert (result.status, result.http_status) == (FetchStatus.BAD_REDIRECT, 301)
    assert "Location" in result.detail


@pytest.mark.parametrize(("code", "permanent"), [(301, True), (308, True), (302, False), (307, False)])
def test_redirect_is_followed_and_a_permanent_move_is_flagged(
    code: int, permanent: bool, site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/old/card", "redirect", code=code, location="../c")
    result = fetch(make_fetcher(), site.url("/old/card"))
    assert (result.status, result.body, result.attempts) == (FetchStatus.OK, PAGE.replace(b"Model card", b"c"), 2)
    assert (result.url, result.final_url) == (site.url("/old/card"), site.url("/c"))
    assert result.moved_permanently is permanent


def test_redirect_chain_remembers_a_permanent_hop(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "redirect", code=308, location="/b")
    site.set_fault("/b", "redirect", code=302, location="/c")
    result = fetch(make_fetcher(), site.url("/a"))
    assert (result.status, result.final_url, result.moved_permanently) == (FetchStatus.OK, site.url("/c"), True)


def test_redirect_to_another_origin_obeys_that_origins_robots_txt(site: VendorServer, make_fetcher: Any) -> None:
    with VendorServer() as mirror:
        mirror.set_page("/card", PAGE)
        mirror.set_page("/docs/card", PAGE)
        write_robots(mirror, "User-agent: *\nDisallow: /card\n")
        fetcher = make_fetcher()
        site.set_fault("/a", "redirect", code=302, location=mirror.url("/card"))
        blocked = fetch(fetcher, site.url("/a"))
        site.set_fault("/b", "redirect", code=302, location=mirror.url("/docs/card"))
        allowed = fetch(fetcher, site.url("/b"))
        assert (blocked.status, blocked.final_url) == (FetchStatus.ROBOTS_DISALLOWED, mirror.url("/card"))
        assert (allowed.status, allowed.final_url) == (FetchStatus.OK, mirror.url("/docs/card"))
        assert [r.path for r in mirror.requests] == ["/robots.txt", "/docs/card"]


# -- size cap ----------------------------------------------------------------------------------------------------------


def test_endless_body_without_content_length_is_cut_off(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "huge", size=5 * 1024 * 1024)
    fetcher = make_fetcher(max_bytes=100 * 1024)
    tracemalloc.start()
    try:
        result = fetch(fetcher, site.url("/a"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.status, result.http_status, result.body, result.attempts) == (FetchStatus.TOO_LARGE, 200, None, 1)
    assert "102,400" in result.detail
    assert site.requests_for("/a")[0].headers.get("range") is None
    assert peak < 2 * 1024 * 1024  # far less than the 5 MiB sent: reading stopped at the cap


def test_declared_content_length_over_the_cap_is_refused_before_reading(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "huge", size=5 * 1024 * 1024, declare_length=True)
    result = fetch(make_fetcher(max_bytes=100 * 1024), site.url("/a"))
    assert (result.status, result.body) == (FetchStatus.TOO_LARGE, None)
    assert "Content-Length 5,242,880" in result.detail


def test_body_exactly_at_the_cap_is_kept(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "huge", size=100 * 1024)
    result = fetch(make_fetcher(max_bytes=100 * 1024), site.url("/a"))
    assert result.status == FetchStatus.OK
    assert result.body is not None and len(result.body) == 100 * 1024


# -- conditional requests ----------------------------------------------------------------------------------------------


def test_conditional_request_for_an_unchanged_page_is_not_modified(site: VendorServer, make_fetcher: Any) -> None:
    fetcher = make_fetcher()
    first = fetch(fetcher, site.url("/a"))
    assert first.etag is not None and first.last_modified is not None
    again = fetch(fetcher, site.url("/a"), etag=first.etag, last_modified=first.last_modified)
    assert (again.status, again.http_status, again.body) == (FetchStatus.NOT_MODIFIED, 304, None)
    assert again.ok
    assert (again.etag, again.last_modified) == (first.etag, first.last_modified)
    conditional = site.requests_for("/a")[1]
    assert conditional.headers["if-none-match"] == first.etag
    assert conditional.headers["if-modified-since"] == first.last_modified
    assert conditional.status == 304


def test_if_modified_since_alone_gets_not_modified(site: VendorServer, make_fetcher: Any) -> None:
    fetcher = make_fetcher()
    first = fetch(fetcher, site.url("/a"))
    again = fetch(fetcher, site.url("/a"), last_modified=first.last_modified)
    assert again.status == FetchStatus.NOT_MODIFIED
    assert "if-none-match" not in site.requests_for("/a")[1].headers


def test_changed_page_is_fetched_again_with_a_new_etag(site: VendorServer, make_fetcher: Any) -> None:
    site.set_page("/card", PAGE)
    fetcher = make_fetcher()
    first = fetch(fetcher, site.url("/card"))
    site.set_page("/card", PAGE.replace(b"public web", b"licensed data"))
    again = fetch(fetcher, site.url("/card"), etag=first.etag)
    assert (again.status, again.body) == (FetchStatus.OK, PAGE.replace(b"public web", b"licensed data"))
    assert again.etag not in (None, first.etag)


def test_a_validator_that_cannot_be_sent_as_a_header_is_left_out(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "header", name="ETag", value='"\xc3\xa9"'.encode("latin-1"))
    fetcher = make_fetcher()
    first = fetch(fetcher, site.url("/a"))
    assert first.status is FetchStatus.OK
    assert first.etag is not None and not first.etag.isascii()  # what a state file would keep and send back
    again = fetch(fetcher, site.url("/a"), etag=first.etag, last_modified="Tue, 01 Dec 2026 \u00e9")
    assert again.status is FetchStatus.OK  # a full answer, not a crash
    assert "if-none-match" not in page_requests(site)[-1].headers


def test_not_modified_without_validators_keeps_the_requests_validators(site: VendorServer, make_fetcher: Any) -> None:
    site.set_fault("/a", "status", code=304)
    result = fetch(make_fetcher(), site.url("/a"), etag='"v1"', last_modified="Mon, 06 Jan 2025 10:00:00 GMT")
    assert (result.status, result.etag, result.last_modified) == (
        FetchStatus.NOT_MODIFIED,
        '"v1"',
        "Mon, 06 Jan 2025 10:00:00 GMT",
    )


# -- what is never requested -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", "http:///no-host"])
def test_only_http_urls_are_fetched(url: str, make_fetcher: Any) -> None:
    result = fetch(make_fetcher(), url)
    assert (result.status, result.attempts, result.http_status) == (FetchStatus.BAD_REDIRECT, 0, None)
    assert "http" in result.detail
