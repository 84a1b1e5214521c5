"""What the Hub answers, judged before use: outcomes, errors, bounded bodies, waits asked for, what a card is."""

from __future__ import annotations

import re
import time
from enum import StrEnum
from typing import Any

import httpx2

from collector.decoding import BodyDecoder, DecodingError
from collector.hf.names import shown

# What the Hub serves a README.md as: text/plain from the Hub itself; octet-stream from the storage a
# large file redirects to; the replay server says text/markdown.  Anything else (an HTML sign-in page,
# JSON, an image) is not a card.
CARD_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown", "application/octet-stream",
                        "binary/octet-stream"})  # fmt: skip
_HTML_START = (b"<!doctype html", b"<html")
_RATELIMIT_RESET = re.compile(r"\bt=(\d+)")


class FetchStatus(StrEnum):
    OK = "ok"
    GATED = "gated"
    NOT_FOUND = "not-found"
    NO_CARD = "no-card"
    REFUSED = "refused"
    TIMED_OUT = "timed out"
    FAILED = "failed"


class TransientError(Exception):
    """A failure worth retrying: 5xx, 429, timeouts, resets, truncated or malformed bodies."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


class TimedOutError(TransientError):
    """A request ran past its deadline, or the run's deadline leaves no time for it."""


class FinalError(Exception):
    """An answer that retrying cannot mend: not a card, a hostile header, a wait longer than we make."""

    def __init__(self, status: FetchStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def refuse_unless_text(content_type: str | None) -> None:
    """A card is text: an HTML sign-in or error page served with status 200 is not one."""
    if content_type is None:
        return  # judged by its first bytes
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in CARD_TYPES:
        raise FinalError(
            FetchStatus.REFUSED,
            f"the Hub answered with Content-Type {shown(media, 60)}, not a card's text; nothing was collected",
        )


def refuse_if_html(content: bytes) -> None:
    """A page that says it is text but is HTML (a sign-in page behind a lying Content-Type) is not a card either."""
    if content.lstrip(b"\xef\xbb\xbf \t\r\n")[:20].lower().startswith(_HTML_START):
        raise FinalError(FetchStatus.REFUSED, "the Hub answered with an HTML page, not a card; nothing was collected")


def read_bounded(response: httpx2.Response, limit: int, end: float, what: str, *, cut: bool = False) -> bytes:
    """The body, given up past ``limit`` bytes (or cut there) or once ``end`` passes, however slowly it comes.

    The limit holds on the decoded body while it is decoded: a few kilobytes of stacked gzip can stand for
    gigabytes, so the raw bytes are inflated here, a piece at a time (:class:`BodyDecoder`), not by httpx.
    """
    try:
        decoder = BodyDecoder(response.headers.get("Content-Encoding"), limit)
    except DecodingError as exc:
        raise FinalError(FetchStatus.REFUSED, f"{what}: {exc}; nothing was collected") from None
    chunks: list[bytes] = []
    size = 0
    for raw in response.iter_raw():
        try:
            chunk = decoder.feed(raw)
        except DecodingError as exc:
            raise FinalError(FetchStatus.REFUSED, f"{what}: {exc}; nothing was collected") from None
        chunks.append(chunk)
        size += len(chunk)
        if decoder.over:
            if cut:
                break
            raise FinalError(FetchStatus.REFUSED, f"{what} is larger than {limit:,} bytes; nothing was collected")
        if time.monotonic() > end:
            raise TimedOutError(f"timed out: {what} was still arriving at its deadline ({size:,} bytes so far)")
    return b"".join(chunks)


def retry_after(response: httpx2.Response | Any) -> float:
    """Seconds the server asks to wait, from Retry-After or the IETF RateLimit header's reset (t=)."""
    headers = getattr(response, "headers", {}) or {}
    value = headers.get("Retry-After")
    if value and value.strip().isdigit():
        return float(value.strip())
    match = _RATELIMIT_RESET.search(headers.get("RateLimit", "") or "")
    if match:
        return float(match.group(1))
    return 5.0


def short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
