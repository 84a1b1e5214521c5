"""HTTP headers the fetcher sends and reads: validators for conditional requests, Retry-After, Content-Type."""

from __future__ import annotations

import datetime
import email.utils
from typing import TYPE_CHECKING

import httpx

from collector import clock

if TYPE_CHECKING:
    from collector.docs.fetch_result import FetchRequest

__all__ = ["conditional_headers", "content_length", "parse_content_type", "parse_retry_after", "sendable"]


def conditional_headers(request: FetchRequest) -> dict[str, str]:
    """Validators from the last answer; one that could not be sent back as a header (a server may send anything,
    and state files can be edited) is left out, which only costs a full answer."""
    headers = {}
    if sendable(request.etag):
        headers["If-None-Match"] = str(request.etag)
    if sendable(request.last_modified):
        headers["If-Modified-Since"] = str(request.last_modified)
    return headers


def sendable(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 1024 and all(" " <= ch <= "~" for ch in value)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date; None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are always GMT
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - clock.wall_clock()).total_seconds())


def content_length(headers: httpx.Headers) -> int | None:
    value = headers.get("Content-Length", "").strip()
    return int(value) if value.isdigit() else None


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``("text/html", "utf-8")`` from ``"text/html; charset=UTF-8"``."""
    if not value:
        return None, None
    media_type, *params = value.split(";")
    charset = None
    for param in params:
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = param_value.strip().strip('"').lower() or None
    return media_type.strip().lower() or None, charset
