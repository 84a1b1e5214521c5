"""A local vendor web site with injectable faults, for testing the document fetcher against a real HTTP server.

:class:`VendorServer` (a context manager) serves files from a directory and pages set in memory on ``127.0.0.1``
with an ephemeral port; two instances are two different hosts.  Every response to a page carries a strong ETag and a
Last-Modified date, and conditional requests get a 304.  Faults (:meth:`VendorServer.set_fault`) turn a path into a
404, a bot wall, a rate limit, a flaky or slow server, a redirect, an endless body or a reset connection; they apply
to ``/robots.txt`` too.  Every request is logged with its start and end time (:attr:`VendorServer.requests`), so
tests can check that requests to one server never overlapped.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import struct
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.local_server import LocalServer, TrackedHandler

__all__ = ["FAULT_KINDS", "Fault", "RequestRecord", "VendorServer"]

#: Fault kinds accepted by :meth:`VendorServer.set_fault`, with the parameters each one takes.
FAULT_KINDS: dict[str, frozenset[str]] = {
    "status": frozenset({"code", "body", "content_type", "times"}),
    "retry_after": frozenset({"code", "value", "times"}),
    "flaky": frozenset({"code", "times"}),
    "slow": frozenset({"seconds", "times"}),
    "redirect": frozenset({"code", "location", "times"}),
    "huge": frozenset({"size", "declare_length", "times"}),
    "reset": frozenset({"times"}),
    "trickle": frozenset({"interval", "times"}),
    "header": frozenset({"name", "value", "times"}),
}
# Faults that are meant to pass: they hit the next `times` requests (default 1), then the path is normal again.
_TRANSIENT = frozenset({"retry_after", "flaky"})

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
}
_CHUNK = 64 * 1024


@dataclass
class RequestRecord:
    """One request as the server saw it; ``headers`` has lowercased names; times are ``time.monotonic()``."""

    method: str
    path: str
    headers: dict[str, str]
    start: float
    # When the response was complete, taken just before it goes out: a client that read all of it ended later.
    # For a streamed ("huge") body or a reset: when the server stopped.
    end: float | None = None
    status: int | None = None  # None when no response was sent (reset)
    fault: str | None = None


@dataclass
class Fault:
    kind: str
    params: dict[str, Any]
    remaining: int | None  # requests still to hit; None = every request


@dataclass
class _Page:
    body: bytes
    content_type: str
    last_modified: datetime  # whole seconds, UTC (HTTP dates have no fractions)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


@dataclass
class _Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    raw_headers: list[tuple[bytes, bytes]] = field(default_factory=list)  # sent as given, e.g. non-ASCII values


class VendorServer(LocalServer):
    """A vendor web site on ``127.0.0.1:<ephemeral port>``; see the module docstring."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(_Handler, "vendor-server")
        self.root = root
        self._pages: dict[str, _Page] = {}
        self._faults: dict[str, Fault] = {}
        self._log: list[RequestRecord] = []

    # -- content -----------------------------------------------------------------------------------------------------

    @property
    def host(self) -> str:
        """``127.0.0.1:PORT``."""
        return self.base_url.removeprefix("http://")

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def set_page(
        self,
        path: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        *,
        last_modified: datetime | None = None,
    ) -> None:
        """Serve ``body`` at ``path`` from now on (over any file): a vendor publishing or editing a page.

        Last-Modified is ``last_modified``, or now; a changed body changes the ETag.
        """
        # a server's own clock, which a pinned "today" does not move: Last-Modified is what the server says
        when = (last_modified or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        with self._lock:
            self._pages[path] = _Page(body, content_type, when)

    # -- faults ------------------------------------------------------------------------------------------------------

    def set_fault(self, path: str, kind: str, **params: Any) -> None:
        """Make requests to ``path`` (the path only, no query) misbehave; replaces an earlier fault on that path.

        - ``"status"``: answer ``code`` (e.g. 404, 410, 403, 500) with ``body`` (a small HTML page by default) and
          ``content_type``; a 304 is sent without a body and without validators.
        - ``"retry_after"``: answer ``code`` (429 or 503) with ``Retry-After: value`` (seconds or an HTTP-date).
        - ``"flaky"``: answer ``code`` (500).
        - ``"slow"``: wait ``seconds`` before answering normally.
        - ``"redirect"``: answer ``code`` (301, 302, 307, 308) with ``Location: location`` sent as given (a path, an
          absolute URL, ``file:...``); without a ``location``, no Location header.
        - ``"huge"``: a 200 with ``size`` bytes of HTML, streamed chunked, or with a Content-Length if
          ``declare_length``; the size is not held in memory.
        - ``"reset"``: close the connection (TCP RST) without answering.
        - ``"trickle"``: a 200 whose body arrives one byte every ``interval`` seconds, without end.
        - ``"header"``: the normal answer with one more header, ``name: value`` (sent as raw bytes).

        Every kind takes ``times``: how many requests it hits before the path is normal again (None = all of them).
        ``retry_after`` and ``flaky`` default to 1, the others to None.
        """
        allowed = FAULT_KINDS.get(kind)
        if allowed is None:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        unknown = set(params) - allowed
        if unknown:
            raise ValueError(f"fault {kind!r} takes {sorted(allowed)}, not {sorted(unknown)}")
        times = params.pop("times", 1 if kind in _TRANSIENT else None)
        with self._lock:
            self._faults[path] = Fault(kind, params, times)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            fault = self._faults.get(path)
            if fault is None:
                return None
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    del self._faults[path]
            return fault

    # -- request log -------------------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request so far, in arrival order (a copy of the list; the records are the live ones)."""
        with self._lock:
            return list(self._log)

    def requests_for(self, path: str) -> list[RequestRecord]:
        return [record for record in self.requests if record.path == path]

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._log.append(record)

    # -- content lookup ----------------------------------------------------------------------------------------------

    def _page(self, path: str) -> _Page | None:
        with self._lock:
            page = self._pages.get(path)
        if page is not None:
            return page
        file = self._file_for(path)
        if file is None:
            return None
        content_type = _CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")
        modified = datetime.fromtimestamp(int(file.stat().st_mtime), UTC)
        return _Page(file.read_bytes(), content_type, modified)

    def _file_for(self, path: str) -> Path | None:
        """The file under ``root`` for a URL path: as is, or ``<path>.html``, or ``<path>/index.html``."""
        if self.root is None:
            return None
        root = self.root.resolve()
        relative = unquote(path).lstrip("/")
        base = (root / relative).resolve()
        if not base.is_relative_to(root):
            return None
        candidates = [base] if base.suffix else []
        candidates += [base.with_name(base.name + ".html"), base / "index.html"]
        return next((c for c in candidates if c.is_file()), None)


# -- the HTTP side -----------------------------------------------------------------------------------------------------


class _Handler(TrackedHandler):
    server_version = "VendorSite/1.0"
    # Buffered writes: a response goes out in one piece when flushed, after its end time is taken (see _send).
    wbufsize = 1024 * 1024

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr: the request log is :attr:`VendorServer.requests`."""

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def _handle(self) -> None:
        vendor = self.server.owner
        path = urlsplit(self.path).path or "/"
        headers = {name.lower(): value for name, value in self.headers.items()}
        record = RequestRecord(self.command, path, headers, start=time.monotonic())
        vendor._record(record)
        fault = vendor._take_fault(path)
        record.fault = fault.kind if fault else None
        try:
            self._respond(vendor, path, headers, fault, record)
        except OSError:  # the client went away mid-response
            self.close_connection = True
        finally:
            if record.end is None:
                record.end = time.monotonic()

    def _respond(
        self, vendor: VendorServer, path: str, headers: dict[str, str], fault: Fault | None, record: RequestRecord
    ) -> None:
        kind = fault.kind if fault else None
        params = fault.params if fault else {}
        if kind == "reset":
            self._reset()
            return
        if kind == "slow":
            vendor._stopping.wait(float(params.get("seconds", 1.0)))
            if vendor._stopping.is_set():
                self._reset()
                return
        if kind == "huge":
            self._send_huge(int(params.get("size", 5 * 1024 * 1024)), bool(params.get("declare_length")), record)
            return
        if kind == "trickle":
            self._send_trickle(float(params.get("interval", 0.2)), record)
            return
        response = self._response(vendor, path, headers, kind, params)
        if kind == "header":
            response.raw_headers.append((str(params["name"]).encode(), params["value"]))
        self._send(response, record)

    def _response(
        self, vendor: VendorServer, path: str, headers: dict[str, str], kind: str | None, params: dict[str, Any]
    ) -> _Response:
        if kind == "status":
            code = int(params.get("code", 500))
            if code == 304:
                return _Response(304)
            body = params.get("body") or _error_page(code)
            return _Response(code, {"Content-Type": params.get("content_type", "text/html; charset=utf-8")}, body)
        if kind in ("retry_after", "flaky"):
            code = int(params.get("code", 429 if kind == "retry_after" else 500))
            response = _Response(code, {"Content-Type": "text/html; charset=utf-8"}, _error_page(code))
            if kind == "retry_after":
                response.headers["Retry-After"] = str(params.get("value", "1"))
            return response
        if kind == "redirect":
            code = int(params.get("code", 302))
            response = _Response(code, {"Content-Type": "text/html; charset=utf-8"}, _error_page(code))
            if params.get("location") is not None:
                response.headers["Location"] = str(params["location"])
            return response
        page = vendor._page(path)
        if page is None:
            return _Response(404, {"Content-Type": "text/html; charset=utf-8"}, _error_page(404))
        validators = {"ETag": page.etag, "Last-Modified": format_datetime(page.last_modified, usegmt=True)}
        if _not_modified(page, headers):
            return _Response(304, validators)
        return _Response(200, {"Content-Type": page.content_type, **validators}, page.body)

    def _send(self, response: _Response, record: RequestRecord) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        for raw_name, raw_value in response.raw_headers:
            self._headers_buffer.append(raw_name + b": " + raw_value + b"\r\n")
        if response.status != 304:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        record.status = response.status
        if self.command != "HEAD" and response.status != 304:
            self.wfile.write(response.body)
        record.end = time.monotonic()
        self.wfile.flush()

    def _send_huge(self, size: int, declare_length: bool, record: RequestRecord) -> None:
        """Stream ``size`` bytes of HTML a chunk at a time, until done or the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        record.status = 200
        if self.command == "HEAD":
            return
        chunk = (b"<p>" + b"x" * (_CHUNK - 8) + b"</p>\n")[:_CHUNK]
        sent = 0
        while sent < size and not self.server.owner._stopping.is_set():
            piece = chunk[: size - sent]
            self.wfile.write(piece if declare_length else b"%x\r\n%b\r\n" % (len(piece), piece))
            sent += len(piece)
        if not declare_length:
            self.wfile.write(b"0\r\n\r\n")

    def _send_trickle(self, interval: float, record: RequestRecord) -> None:
        """A 200 that never finishes: one byte per ``interval``, until the client hangs up or the server stops."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        record.status = 200
        with contextlib.suppress(OSError):
            while not self.server.owner._stopping.wait(interval):
                self.wfile.write(b"1\r\nx\r\n")
                self.wfile.flush()

    def _reset(self) -> None:
        """Close the connection without answering, with a TCP reset (the client sees ECONNRESET)."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()


def _error_page(code: int) -> bytes:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Error"
    title = f"{code} {phrase}"
    return f"<!doctype html><html><head><title>{title}</title></head><body><h1>{phrase}</h1></body></html>".encode()


def _not_modified(page: _Page, headers: dict[str, str]) -> bool:
    """RFC 9110 13.1: If-None-Match (weak comparison) wins; If-Modified-Since counts only without it."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or page.etag in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return page.last_modified <= since
