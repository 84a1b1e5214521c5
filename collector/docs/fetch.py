"""Polite HTTP fetching of vendor documents.

A :class:`Fetcher` asks robots.txt first (RFC 9309), sends at most one request at a time to a host with a pause
between requests, retries what is worth retrying, refuses oversized bodies and odd redirects, and makes conditional
requests so that an unchanged page costs the vendor a 304.  It never raises for anything a server or the network
does: every outcome is a :class:`FetchResult` whose ``status`` says what happened and whose ``detail`` says what to
do about it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType

import httpx
from protego import Protego

from collector.decoding import ACCEPT_ENCODING, BodyDecoder, DecodingError
from collector.docs.addresses import PUBLIC_ONLY, AddressPolicy, RefusedAddressError
from collector.docs.deadlines import Attempt, Budget, TimedOutError, out_of_time_detail, timeout_detail
from collector.docs.fetch_result import (
    SOURCES_HINT,
    FetchRequest,
    FetchResult,
    FetchStatus,
    GiveUpError,
    Reply,
    Trace,
    failure,
    final_result,
    network_detail,
)
from collector.docs.headers import conditional_headers, content_length, parse_retry_after
from collector.docs.pacing import HostPacing
from collector.docs.redirects import check_url, host_key, redirect_target
from collector.docs.transport import deadline, guarded_transport

__all__ = ["FetchRequest", "FetchResult", "FetchStatus", "Fetcher"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT_REDIRECTS = frozenset({301, 308})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_RETRY_AFTER_STATUSES = frozenset({429, 503})
# RFC 9309 2.3.1.2: follow at least five redirects for robots.txt; 2.5: parse at least the first 500 KiB.
_ROBOTS_MAX_REDIRECTS = 5
_ROBOTS_MAX_BYTES = 500 * 1024
# Error pages and redirects up to this size are read to the end, so that the connection can be reused.
_DRAIN_BYTES = 64 * 1024


@dataclass(frozen=True)
class _Robots:
    """The robots.txt verdict for one origin: parsed rules, allow-all, or (when unreachable) disallow-all."""

    url: str
    rules: Protego | None = None
    # When robots.txt could not be read, the whole site is off limits for this run: the status and the detail that
    # every URL of the origin then ends with.
    unreachable: tuple[FetchStatus, str] | None = None


@dataclass
class _RobotsSlot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    robots: _Robots | None = None


class Fetcher:
    """Fetches vendor documents politely; share one per run so robots.txt and per-host pacing are shared too."""

    def __init__(
        self,
        *,
        user_agent: str,
        robots_token: str = "ScorecardsBot",  # noqa: S107 (a robots.txt product token, not a password)
        timeout: float = 30.0,
        max_bytes: int = 25 * 1024 * 1024,
        min_delay: float = 1.0,
        max_crawl_delay: float = 30.0,
        max_retries: int = 3,
        backoff: float = 1.0,
        max_retry_after: float = 120.0,
        max_redirects: int = 5,
        max_document_time: float = 90.0,
        max_run_time: float | None = 30 * 60.0,
        addresses: AddressPolicy = PUBLIC_ONLY,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.user_agent = user_agent
        self.robots_token = robots_token
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.min_delay = min_delay
        self.max_crawl_delay = max_crawl_delay
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.max_redirects = max_redirects
        # ``timeout`` bounds one request (connect, headers and body together), ``max_document_time`` every request
        # made for one URL (retries and redirects), ``max_run_time`` the Fetcher's whole life (a run).
        self.max_document_time = max_document_time
        self.max_run_time = max_run_time
        self.addresses = addresses
        self._pacing = HostPacing(min_delay=min_delay, max_retry_after=max_retry_after, sleep=sleep, clock=clock)
        self._run_end = None if max_run_time is None else time.monotonic() + max_run_time
        # Requests go straight to the transport, not through an httpx.Client: redirects are followed by hand (each hop
        # must pass the scheme check, robots.txt and the host's pacing), and a Client, even with follow_redirects=False,
        # parses every Location header itself and raises on one like "javascript:alert(1)" before we see the response.
        # Its connections go to checked public addresses only and end at each request's deadline (see transport).
        self._transport = guarded_transport(addresses)
        self._headers = {"User-Agent": user_agent, "Accept": "*/*", "Accept-Encoding": ACCEPT_ENCODING}
        self._timeouts = httpx.Timeout(timeout).as_dict()
        self._lock = threading.Lock()  # guards the dictionary of robots.txt slots, not what is in it
        self._robots: dict[str, _RobotsSlot] = {}

    # -- public ------------------------------------------------------------------------------------------------------

    def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch one URL (following redirects) and classify the outcome; thread-safe."""
        trace = Trace(final_url=request.url, budget=self._budget())
        headers = conditional_headers(request)
        if trace.budget.left() <= 0:
            return failure(request, trace, FetchStatus.TIMEOUT, out_of_time_detail(trace.budget), None)
        try:
            reply = self._follow(request.url, headers, trace, max_hops=self.max_redirects, check_robots=True)
            return final_result(request, trace, reply, self.max_bytes)
        except GiveUpError as stop:
            return failure(request, trace, stop.status, stop.detail, stop.http_status)
        except (httpx.InvalidURL, UnicodeError) as exc:  # a header or address that cannot be sent as HTTP
            detail = f"the request could not be made ({exc}); check the URL in sources/"
            return failure(request, trace, FetchStatus.NETWORK_ERROR, detail, None)

    def fetch_all(self, requests: Sequence[FetchRequest], *, workers: int = 4) -> list[FetchResult]:
        """Fetch many URLs, different hosts concurrently; results are in the order of ``requests``."""
        results: list[FetchResult | None] = [None] * len(requests)
        for index, result in self.fetch_each(requests, workers=workers):
            results[index] = result
        return [result for result in results if result is not None]

    def fetch_each(self, requests: Sequence[FetchRequest], *, workers: int = 4) -> Iterator[tuple[int, FetchResult]]:
        """Fetch many URLs and yield ``(index, result)`` as each arrives, so the caller can store it at once.

        Requests are grouped by host and each group runs in one worker, so that workers are not all parked waiting
        on the same busy host while others sit idle.  (Redirects to other hosts are still paced by :meth:`fetch`.)
        When the caller stops early (an interruption), workers finish their current request and start no other.
        """
        groups: dict[str, list[int]] = {}
        for index, request in enumerate(requests):
            groups.setdefault(host_key(request.url) or f"invalid:{index}", []).append(index)
        arrived: queue.Queue[tuple[int, FetchResult] | BaseException | None] = queue.Queue()
        stop = threading.Event()

        def run(indexes: list[int]) -> None:
            try:
                for index in indexes:
                    if stop.is_set():
                        return
                    arrived.put((index, self.fetch(requests[index])))
            except BaseException as exc:  # a bug in a worker must reach the caller, not vanish in a thread
                arrived.put(exc)
            finally:
                arrived.put(None)

        pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fetch")
        try:
            for indexes in groups.values():
                pool.submit(run, indexes)
            running = len(groups)
            while running:
                item = arrived.get()
                if item is None:
                    running -= 1
                elif isinstance(item, BaseException):
                    raise item
                else:
                    yield item
        finally:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _budget(self) -> Budget:
        return Budget.starting_now(self.max_document_time, self.max_run_time, self._run_end)

    # -- redirects, retries, one exchange ----------------------------------------------------------------------------

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        trace: Trace,
        *,
        max_hops: int,
        check_robots: bool,
        body_limit: int | None = None,
    ) -> Reply:
        """GET ``url``, following up to ``max_hops`` redirects; returns the first response that is not a redirect."""
        check_url(url, self.addresses)
        for _hop in range(max_hops + 1):
            trace.final_url = url
            if check_robots:
                self._check_robots(url)
            reply = self._get(url, headers, trace, body_limit=body_limit)
            if reply.status not in _REDIRECTS:
                return reply
            trace.moved_permanently |= reply.status in _PERMANENT_REDIRECTS
            url = redirect_target(reply, self.addresses)
        raise GiveUpError(
            FetchStatus.BAD_REDIRECT,
            f"more than {max_hops} redirects (the last one to {url}), probably a loop; "
            "open the URL in a browser and put the final address in sources/",
        )

    def _get(self, url: str, headers: dict[str, str], trace: Trace, *, body_limit: int | None) -> Reply:
        """One GET with retries on overload, server errors, timeouts and broken connections.

        Returns the last reply, even when it is still a retryable status (the caller classifies it); raises when
        the network failed every time or the server asked for a longer wait than we are willing to make.
        """
        wait = 0.0
        budget = trace.budget
        for attempt in range(self.max_retries + 1):
            if attempt:
                self._pacing.hold(url, wait)
            trace.attempts += 1
            trace.retries = attempt
            can_retry = attempt < self.max_retries
            wait = self.backoff * 2**attempt
            try:
                reply = self._exchange(url, headers, budget, body_limit=body_limit)
            except TimedOutError as exc:
                # Another try is worth it only with a full request's time left after the pause.
                if can_retry and budget.left() >= wait + self.timeout:
                    continue
                raise GiveUpError(FetchStatus.TIMEOUT, timeout_detail(exc, budget, trace.attempts)) from exc
            except RefusedAddressError as exc:  # never retried: the address will not change its nature
                raise GiveUpError(FetchStatus.REFUSED_ADDRESS, f"not fetched: {exc}; {SOURCES_HINT}") from exc
            except DecodingError as exc:
                raise GiveUpError(FetchStatus.BAD_ENCODING, f"HTTP 200, but {exc}; try again later") from exc
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                if can_retry and budget.left() > wait:
                    continue
                raise GiveUpError(FetchStatus.NETWORK_ERROR, network_detail(exc, attempt)) from exc
            except httpx.HTTPError as exc:  # not worth retrying: unsupported protocol, proxy errors...
                raise GiveUpError(FetchStatus.NETWORK_ERROR, network_detail(exc, attempt)) from exc
            if reply.status not in _RETRY_STATUSES:
                return reply
            asked = self._retry_after(reply)
            wait = wait if asked is None else asked
            if not can_retry or budget.left() <= wait:
                return reply
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _retry_after(self, reply: Reply) -> float | None:
        """The wait a 429/503 asks for, if any; gives up at once when it is longer than we are willing to wait."""
        if reply.status not in _RETRY_AFTER_STATUSES:
            return None
        wait = parse_retry_after(reply.headers.get("Retry-After"))
        if wait is not None and wait > self.max_retry_after:
            self._pacing.hold(reply.url, wait)  # later requests to this host in this run are not sent before then
            status = FetchStatus.RATE_LIMITED if reply.status == 429 else FetchStatus.SERVER_ERROR
            raise GiveUpError(
                status,
                f"HTTP {reply.status}: the server asked us to wait {wait:.0f} s (Retry-After), longer than the "
                f"{self.max_retry_after:.0f} s we wait; try again later",
                reply.status,
            )
        return wait

    def _exchange(self, url: str, headers: dict[str, str], budget: Budget, *, body_limit: int | None) -> Reply:
        """One request/response, in the host's turn; reads the body of a 200 only, up to the cap.

        Connecting, sending, the headers and the body all end within one deadline: ``timeout``, or less when the
        document's or the run's time is nearly spent.  With ``body_limit`` the body is cut there instead of being
        refused (robots.txt: only its head matters).
        """
        request = httpx.Request(
            "GET", url, headers={**self._headers, **headers}, extensions={"timeout": self._timeouts}
        )
        with self._pacing.turn(url):
            attempt = budget.attempt(self.timeout)
            try:
                with deadline(attempt.seconds):
                    response = self._transport.handle_request(request)
                    attempt.stage = "body"
                    try:
                        reply = Reply(url=url, status=response.status_code, headers=response.headers)
                        if response.status_code == 200:
                            self._read_body(response, reply, body_limit, attempt)
                        else:
                            _drain(response)
                        return reply
                    finally:
                        response.close()
            except httpx.TimeoutException as exc:
                raise attempt.timed_out(connect=isinstance(exc, httpx.ConnectTimeout)) from exc

    def _read_body(self, response: httpx.Response, reply: Reply, body_limit: int | None, attempt: Attempt) -> None:
        limit = self.max_bytes if body_limit is None else body_limit
        declared = content_length(response.headers)
        if body_limit is None and declared is not None and declared > limit:
            reply.too_large = f"Content-Length {declared:,} bytes"
            return
        # Decoded here, a piece at a time with the cap checked as it grows (a small gzip can be gigabytes).
        decoder = BodyDecoder(response.headers.get("Content-Encoding"), limit)
        chunks: list[bytes] = []
        for chunk in response.iter_raw():
            attempt.received += len(chunk)
            chunks.append(decoder.feed(chunk))
            if decoder.over or attempt.received > limit:
                if body_limit is None:
                    what = "decoded" if decoder.over else "sent"
                    reply.too_large = f"more than {limit:,} bytes were {what}"
                    return
                break
        reply.body = b"".join(chunks)

    # -- robots.txt ---------------------------------------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        robots = self._robots_for(url)
        if robots.unreachable is not None:
            raise GiveUpError(*robots.unreachable)
        if robots.rules is not None and not robots.rules.can_fetch(url, self.robots_token):
            raise GiveUpError(
                FetchStatus.ROBOTS_DISALLOWED,
                f"{robots.url} disallows this URL for {self.robots_token}, so it was not requested; "
                "archive the page by hand if the vendor's terms allow it, or drop it from sources/",
            )

    def _robots_for(self, url: str) -> _Robots:
        """The origin's robots.txt, fetched on first use and kept for the Fetcher's lifetime."""
        parsed = httpx.URL(url)
        robots_url = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}/robots.txt"
        origin = f"{parsed.scheme}://{host_key(url)}"
        with self._lock:
            slot = self._robots.setdefault(origin, _RobotsSlot())
        with slot.lock:  # other threads wanting the same origin wait for this one fetch
            if slot.robots is None:
                slot.robots = self._load_robots(robots_url)
                crawl_delay = slot.robots.rules.crawl_delay(self.robots_token) if slot.robots.rules else None
                if crawl_delay is not None:
                    self._pacing.set_delay(url, max(self.min_delay, min(crawl_delay, self.max_crawl_delay)))
            return slot.robots

    def _load_robots(self, robots_url: str) -> _Robots:
        """Fetch and read robots.txt the RFC 9309 way: 4xx allows everything, 5xx or no answer disallows everything."""
        trace = Trace(final_url=robots_url, budget=self._budget())
        consequence = "so the site is skipped for this run (RFC 9309: no crawling while robots.txt cannot be read)"
        try:
            reply = self._follow(
                robots_url, {}, trace, max_hops=_ROBOTS_MAX_REDIRECTS, check_robots=False, body_limit=_ROBOTS_MAX_BYTES
            )
        except GiveUpError as stop:
            if stop.status == FetchStatus.BAD_REDIRECT:  # RFC 9309 2.3.1.2: too many redirects = unavailable
                return _Robots(robots_url)
            if stop.status == FetchStatus.REFUSED_ADDRESS:  # the site's own address (or its robots.txt's) is refused
                return _Robots(robots_url, unreachable=(stop.status, stop.detail))
            # The network failed, not the rules: say so (the page would have failed the same way), but still skip it.
            status = stop.status if stop.status in (FetchStatus.TIMEOUT, FetchStatus.NETWORK_ERROR) else None
            why = f"{robots_url} could not be fetched: {stop.detail.partition(';')[0]}, {consequence}; try again later"
            return _Robots(robots_url, unreachable=(status or FetchStatus.ROBOTS_DISALLOWED, why))
        # A 429 is overload, like a 5xx, whatever its class says: reading it as "no robots.txt" would be impolite.
        if reply.status == 429 or reply.status >= 500:
            why = f"{robots_url} answered HTTP {reply.status}, {consequence}; try again later"
            return _Robots(robots_url, unreachable=(FetchStatus.ROBOTS_DISALLOWED, why))
        if reply.status == 200 and reply.body is not None:
            return _Robots(robots_url, rules=Protego.parse(reply.body.decode("utf-8", errors="replace")))
        return _Robots(robots_url)  # 4xx and anything else: no usable robots.txt, so no restrictions


def _drain(response: httpx.Response) -> None:
    """Read and drop a body we do not keep (an error page, a redirect), unless it is big: then the caller hangs up."""
    size = 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > _DRAIN_BYTES:
            return
