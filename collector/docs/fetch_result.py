"""What fetching one URL came to: the request, the classified result, and the sentence that explains it.

Kept apart from :mod:`collector.docs.fetch` (which does the fetching) so that the vocabulary of outcomes and the
rules that classify an answer can be read, and changed, in one place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

import httpx

from collector import clock
from collector.docs.deadlines import Budget
from collector.docs.headers import parse_content_type

__all__ = [
    "SOURCES_HINT",
    "FetchRequest",
    "FetchResult",
    "FetchStatus",
    "GiveUpError",
    "Reply",
    "Trace",
    "classify",
    "failure",
    "final_result",
    "network_detail",
]

SOURCES_HINT = "find where it moved and update the URL in sources/"


class FetchStatus(StrEnum):
    """What came of fetching one URL; the values are stable strings for reports and state files."""

    OK = "ok"  # 200 with a body
    NOT_MODIFIED = "not-modified"  # 304 to our conditional request
    NOT_FOUND = "not-found"  # 404, 410
    BLOCKED = "blocked"  # 401, 403, 451 (bot walls, logins)
    ROBOTS_DISALLOWED = "robots-disallowed"
    RATE_LIMITED = "rate-limited"  # 429 still after retries, or Retry-After longer than we will wait
    SERVER_ERROR = "server-error"  # 5xx still after retries
    TIMEOUT = "timeout"
    NETWORK_ERROR = "network-error"  # connection refused/reset, DNS, protocol errors
    TOO_LARGE = "too-large"  # body over the cap (Content-Length or counted while streaming)
    BAD_REDIRECT = "bad-redirect"  # redirect to a non-http(s) scheme, missing Location, or too many hops
    REFUSED_ADDRESS = "refused-address"  # the host is, or resolves to, a loopback, private, link-local... address
    BAD_ENCODING = "bad-encoding"  # stacked, unknown or corrupt Content-Encoding
    HTTP_ERROR = "http-error"  # any other unexpected status


@dataclass(frozen=True)
class FetchRequest:
    """A URL to fetch, with the validators of the copy we hold (if any) to make the request conditional."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: FetchStatus
    http_status: int | None
    body: bytes | None  # only for OK
    media_type: str | None  # Content-Type lowercased without parameters
    charset: str | None  # from Content-Type, if given
    etag: str | None
    last_modified: str | None
    moved_permanently: bool  # a 301 or 308 was in the redirect chain (the URL should be updated)
    detail: str  # one human-readable sentence: what happened and, for failures, what to do
    attempts: int  # requests made for this URL (retries and redirect hops included; robots.txt not counted)
    retrieved: datetime.datetime  # UTC, when the final response arrived (or when we gave up)

    @property
    def ok(self) -> bool:
        """True when we hold the current document: fetched now, or unchanged since the last fetch."""
        return self.status in (FetchStatus.OK, FetchStatus.NOT_MODIFIED)


class GiveUpError(Exception):
    """Stops the fetch of one URL with a classified outcome (internal: turned into a FetchResult)."""

    def __init__(self, status: FetchStatus, detail: str, http_status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.http_status = http_status


@dataclass
class Reply:
    """One HTTP exchange, done: the status, the headers and, for a 200, the body (or the fact that it was too big)."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes | None = None
    too_large: str | None = None  # why the body was refused, when it was


@dataclass
class Trace:
    """What happened so far while fetching one URL."""

    final_url: str
    budget: Budget
    attempts: int = 0  # every request, hops and retries
    retries: int = 0  # retries of the last URL requested
    moved_permanently: bool = False


def final_result(request: FetchRequest, trace: Trace, reply: Reply, max_bytes: int) -> FetchResult:
    """The outcome of a fetch that got a final answer (not a redirect)."""
    status, detail = classify(request, reply, trace.retries, max_bytes)
    media_type, charset = parse_content_type(reply.headers.get("Content-Type"))
    if status == FetchStatus.NOT_MODIFIED:
        etag = reply.headers.get("ETag") or request.etag
        last_modified = reply.headers.get("Last-Modified") or request.last_modified
    else:
        etag, last_modified = reply.headers.get("ETag"), reply.headers.get("Last-Modified")
    return FetchResult(
        url=request.url,
        final_url=trace.final_url,
        status=status,
        http_status=reply.status,
        body=reply.body if status == FetchStatus.OK else None,
        media_type=media_type,
        charset=charset,
        etag=etag,
        last_modified=last_modified,
        moved_permanently=trace.moved_permanently,
        detail=detail,
        attempts=trace.attempts,
        retrieved=clock.now(),
    )


def classify(request: FetchRequest, reply: Reply, retries: int, max_bytes: int) -> tuple[FetchStatus, str]:
    """The status of a final answer, with one sentence saying what happened and what to do."""
    code = reply.status
    if reply.too_large is not None:
        return FetchStatus.TOO_LARGE, (
            f"HTTP {code}: the body is over the {max_bytes:,}-byte cap ({reply.too_large}) and was not "
            "kept; raise max_bytes if the document is genuinely that big"
        )
    if code == 200:
        size = len(reply.body or b"")
        return FetchStatus.OK, f"HTTP 200: fetched {size:,} bytes"
    if code == 304:
        if request.etag is None and request.last_modified is None:
            return FetchStatus.HTTP_ERROR, "HTTP 304 to a request that was not conditional; check the URL"
        return FetchStatus.NOT_MODIFIED, "HTTP 304: the document has not changed since the last fetch"
    if code == 404:
        return FetchStatus.NOT_FOUND, f"HTTP 404: the page is gone; {SOURCES_HINT}"
    if code == 410:
        return FetchStatus.NOT_FOUND, f"HTTP 410: the page was removed for good; {SOURCES_HINT}"
    if code in (401, 403):
        return FetchStatus.BLOCKED, (
            f"HTTP {code}: the server refused us (a login or a bot wall); "
            "archive the page by hand from a browser, or find a public copy"
        )
    if code == 451:
        return FetchStatus.BLOCKED, (
            "HTTP 451: unavailable for legal reasons from here; archive the page by hand, or find a public copy"
        )
    after = f" after {retries} {'retry' if retries == 1 else 'retries'}" if retries else ""
    if code == 429:
        return FetchStatus.RATE_LIMITED, f"HTTP 429: still rate-limited{after}; try again later"
    if 500 <= code <= 599:
        return FetchStatus.SERVER_ERROR, f"HTTP {code}: the server failed{after}; try again later"
    return FetchStatus.HTTP_ERROR, f"HTTP {code}: an unexpected status; open the URL in a browser to see why"


def failure(
    request: FetchRequest, trace: Trace, status: FetchStatus, detail: str, http_status: int | None
) -> FetchResult:
    return FetchResult(
        url=request.url,
        final_url=trace.final_url,
        status=status,
        http_status=http_status,
        body=None,
        media_type=None,
        charset=None,
        etag=None,
        last_modified=None,
        moved_permanently=trace.moved_permanently,
        detail=detail,
        attempts=trace.attempts,
        retrieved=clock.now(),
    )


def network_detail(exc: httpx.HTTPError, retries: int) -> str:
    after = f" (tried {retries + 1} times)" if retries else ""
    reason = str(exc) or type(exc).__name__
    return f"the connection failed: {reason}{after}; check the host name, and try again later"
