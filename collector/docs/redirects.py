"""Which URLs the fetcher requests: http(s) with a host, not on a refused address; and where a redirect points."""

from __future__ import annotations

import httpx

from collector.docs.addresses import AddressPolicy, RefusedAddressError
from collector.docs.fetch_result import SOURCES_HINT, FetchStatus, GiveUpError, Reply

__all__ = ["check_url", "host_key", "redirect_target"]


def host_key(url: str) -> str | None:
    """``host:port`` (default port filled in), the unit of politeness; None for a URL that cannot be fetched."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return None
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return f"{parsed.host}:{port}"


def check_url(url: str, addresses: AddressPolicy, *, redirect_status: int | None = None) -> None:
    """Refuse anything but an http(s) URL with a host: a redirect to ``file:`` or ``javascript:`` is never followed,
    and neither is one to a literal non-public address (host names are checked when they are resolved)."""
    what = f"HTTP {redirect_status} redirect to {url!r}" if redirect_status else f"the URL {url!r}"
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise GiveUpError(
            FetchStatus.BAD_REDIRECT, f"{what} is not a valid URL ({exc}); fix it in sources/", redirect_status
        ) from exc
    if parsed.scheme not in ("http", "https"):
        raise GiveUpError(
            FetchStatus.BAD_REDIRECT, f"{what} was refused: only http(s) URLs are fetched", redirect_status
        )
    if not parsed.host:
        raise GiveUpError(FetchStatus.BAD_REDIRECT, f"{what} has no host name; fix it in sources/", redirect_status)
    try:
        addresses.check_host(parsed.host)
    except RefusedAddressError as exc:
        raise GiveUpError(
            FetchStatus.REFUSED_ADDRESS, f"{what} was refused: {exc}; {SOURCES_HINT}", redirect_status
        ) from exc


def redirect_target(reply: Reply, addresses: AddressPolicy) -> str:
    """The absolute, checked URL a redirect points to."""
    location = reply.headers.get("Location", "").strip()
    if not location:
        raise GiveUpError(
            FetchStatus.BAD_REDIRECT,
            f"HTTP {reply.status} redirect without a Location header; open the URL in a browser to find the page",
            reply.status,
        )
    try:
        target = str(httpx.URL(reply.url).join(location))
    except httpx.InvalidURL as exc:
        raise GiveUpError(
            FetchStatus.BAD_REDIRECT, f"HTTP {reply.status} redirect to an invalid URL {location!r}", reply.status
        ) from exc
    check_url(target, addresses, redirect_status=reply.status)
    return target
