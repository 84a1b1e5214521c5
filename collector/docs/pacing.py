"""Politeness per host: one request at a time, a pause between requests, and the waits a host asked for.

Shared by every thread of a :class:`collector.docs.fetch.Fetcher`; the unit is ``host:port``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from collector.docs.fetch_result import FetchStatus, GiveUpError
from collector.docs.redirects import host_key

__all__ = ["HostPacing"]


@dataclass
class _Host:
    """Politeness state of one host:port, shared by every thread."""

    delay: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_end: float | None = None  # clock() when the last request to the host ended
    hold_until: float = 0.0  # no request before this clock() time (backoff, Retry-After)


class HostPacing:
    def __init__(
        self, *, min_delay: float, max_retry_after: float, sleep: Callable[[float], None], clock: Callable[[], float]
    ) -> None:
        self.min_delay = min_delay
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()  # guards the dictionary, not the hosts in it
        self._hosts: dict[str, _Host] = {}

    def _host_of(self, url: str) -> _Host:
        key = host_key(url) or url  # every URL that gets here was checked, so it has a host
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host(delay=self.min_delay)
            return host

    def set_delay(self, url: str, delay: float) -> None:
        """The pause between two requests to this URL's host (a robots.txt Crawl-delay)."""
        self._host_of(url).delay = delay

    @contextmanager
    def turn(self, url: str) -> Iterator[None]:
        """Hold the host for one request: wait for its pause to pass, and start the next pause when done.

        The host's lock is held while waiting, so that the threads queued on a host keep their pause between them.
        """
        host = self._host_of(url)
        with host.lock:
            if host.hold_until - self._clock() > self.max_retry_after:
                raise GiveUpError(
                    FetchStatus.RATE_LIMITED,
                    "not requested: the host asked us to wait longer than we wait (Retry-After) earlier in this "
                    "run; try again later",
                )
            earliest = host.hold_until
            if host.last_end is not None:
                earliest = max(earliest, host.last_end + host.delay)
            wait = earliest - self._clock()
            if wait > 0:
                # One sleep, no loop: an injected sleep need not advance the injected clock.
                self._sleep(wait)
            try:
                yield
            finally:
                host.last_end = self._clock()

    def hold(self, url: str, seconds: float) -> None:
        """Keep every request to this URL's host waiting ``seconds`` (backoff and Retry-After apply to the host)."""
        host = self._host_of(url)
        with host.lock:
            host.hold_until = max(host.hold_until, self._clock() + seconds)
