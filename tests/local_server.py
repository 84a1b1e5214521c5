"""What the local test servers share: a threaded HTTP server on 127.0.0.1 that shuts down cleanly.

:class:`LocalServer` binds an ephemeral port, serves from a daemon thread and
keeps track of open connections, so that :meth:`LocalServer.close` also ends
idle keep-alive connections and wakes handlers sleeping in a fault
(``stopping``).  Handlers derive from :class:`TrackedHandler` and reach their
server's state as ``self.server.owner``.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LocalServer:
    """Start with :meth:`start` or as a context manager; :attr:`base_url` is ``http://127.0.0.1:PORT``."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], thread_name: str) -> None:
        self._handler = handler
        self._thread_name = thread_name
        self._lock = threading.Lock()  # subclasses guard their own state with it too
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._httpd: QuietServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    def start(self) -> Any:
        if self._httpd is not None:
            return self
        httpd = QuietServer(("127.0.0.1", 0), self._handler)
        httpd.owner = self
        self._httpd = httpd
        self.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, name=self._thread_name, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving, wake handlers waiting on :attr:`_stopping`, and close open connections."""
        if self._httpd is None:
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: Any

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up (after a timeout, a reset, a size cap...) are expected: stay quiet."""


class TrackedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections are dropped after this many seconds
    server: QuietServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle + delayed ACK add 40 ms per request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.owner._lock:
            self.server.owner._connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.owner._lock:
                self.server.owner._connections.discard(self.connection)
