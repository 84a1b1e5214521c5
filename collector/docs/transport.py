"""The fetcher's connections: to checked addresses only, and never past the request's deadline.

httpx's transport is kept (HTTP/1.1, TLS, connection reuse), with its network layer replaced by one that

* resolves the host itself, refuses it when any address is not allowed (:mod:`collector.docs.addresses`), and
  connects to an address it checked, so that DNS rebinding cannot swap a private address in after the check;
  redirects open new connections through the same layer, so every hop is checked;
* cuts every socket operation (DNS lookup, connect, TLS handshake, each write and read) at the deadline of the
  request under way, so that a body trickled a byte at a time ends at the deadline, not after one read timeout per byte.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from collector.docs.addresses import AddressPolicy

__all__ = ["deadline", "guarded_transport"]

_current = threading.local()  # httpcore's sync API does all its socket work in the calling thread


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Socket operations of this thread end within ``seconds`` from now (a ``httpx.TimeoutException`` after)."""
    previous = getattr(_current, "deadline", None)
    _current.deadline = time.monotonic() + seconds
    try:
        yield
    finally:
        _current.deadline = previous


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` cut to what is left before the deadline; raises ``error`` when nothing is left."""
    end: float | None = getattr(_current, "deadline", None)
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.SyncBackend()
        # getaddrinfo cannot be given a timeout: it runs here, and the request stops waiting for it at its deadline
        # (a lookup left behind ends on the resolver's own timeout, in a pool thread that holds nothing).
        self._resolvers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="resolve")

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        lookup = self._resolvers.submit(self._policy.resolve, host, port)
        try:
            # RefusedAddressError goes up as it is: never retried
            addresses = lookup.result(timeout=_clamp(timeout, httpcore.ConnectTimeout))
        except FutureTimeoutError as exc:
            raise httpcore.ConnectTimeout(f"{host}: no DNS answer in time") from exc
        except OSError as exc:
            raise httpcore.ConnectError(f"{host}: {exc}") from exc
        failure: Exception | None = None
        for address in addresses:  # each one was checked: the connection goes to one of them, not to a new lookup
            try:
                stream = self._inner.connect_tcp(
                    str(address), port, _clamp(timeout, httpcore.ConnectTimeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        assert failure is not None  # resolve() returns at least one address
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the fetcher does not use Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def guarded_transport(policy: AddressPolicy) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through the checks above (no proxy: it would hide the address)."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx does not take a network backend, so its connection pool is replaced by one that has ours; the pool is
    # configured as httpx configures it by default.  tests/test_docs_addresses.py fails if this stops taking effect.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=_GuardedBackend(policy),
    )
    return transport
