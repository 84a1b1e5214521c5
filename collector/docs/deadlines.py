"""How long the fetcher may spend: on one request, on one document (retries and redirects), on one run.

A request's deadline covers everything (connect, headers, body): a vendor that trickles a body keeps us for the
request's ``timeout`` and no longer.  A document's time bounds its retries: a timed-out request is tried again only
when a whole request still fits.  And when the run's time is spent, the documents not yet fetched are reported as
such and left for the next run, so that a few slow sites cannot push the weekly job past its own limit.
Times are real (``time.monotonic``), whatever clock paces the requests.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

__all__ = ["Attempt", "Budget", "TimedOutError", "out_of_time_detail", "timeout_detail"]


@dataclass
class Budget:
    """The time one document may take: until ``document_end``, and never past ``run_end``."""

    document_time: float
    run_time: float | None
    document_end: float
    run_end: float | None
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def starting_now(cls, document_time: float, run_time: float | None, run_end: float | None) -> Budget:
        now = time.monotonic()
        return cls(document_time, run_time, now + document_time, run_end, now)

    @property
    def run_is_binding(self) -> bool:
        return self.run_end is not None and self.run_end <= self.document_end

    def end(self) -> float:
        return min(self.document_end, self.run_end) if self.run_end is not None else self.document_end

    def left(self) -> float:
        return self.end() - time.monotonic()

    def attempt(self, timeout: float) -> Attempt:
        """One request's deadline: ``timeout``, or what is left of the document's (or the run's) time."""
        left = self.left()
        if left <= 0:
            raise TimedOutError(Attempt(0.0, "run" if self.run_is_binding else "document"), self)
        if timeout <= left:
            return Attempt(timeout, "request")
        return Attempt(left, "run" if self.run_is_binding else "document")


@dataclass
class Attempt:
    """One request under way: its deadline in seconds, what set it, how far it got."""

    seconds: float
    limited_by: str  # "request" (the timeout), "document" or "run"
    stage: str = "headers"  # "connect", "headers" (waiting for them) or "body" (reading it)
    received: int = 0  # body bytes, as sent (before decoding)
    started: float = field(default_factory=time.monotonic)

    def timed_out(self, *, connect: bool) -> TimedOutError:
        if connect:
            self.stage = "connect"
        return TimedOutError(self, None)


class TimedOutError(Exception):
    """A request that ran into its deadline (or found none left); ``attempt`` says where it was."""

    def __init__(self, attempt: Attempt, budget: Budget | None) -> None:
        super().__init__(attempt.stage)
        self.attempt = attempt
        self.budget = budget


def timeout_detail(error: TimedOutError, budget: Budget, attempts: int) -> str:
    """The real cause and the real times, e.g. "the body was still arriving after 30.0 s (12 bytes so far)"."""
    attempt = error.attempt
    took = attempt.seconds  # the deadline it ran into; the time actually spent is the total below
    if attempt.seconds <= 0:
        what = "no time was left to try again"
    elif attempt.stage == "connect":
        what = f"could not connect within {took:.1f} s"
    elif attempt.stage == "headers":
        what = f"no response within {took:.1f} s"
    else:
        what = f"the body was still arriving after {took:.1f} s ({attempt.received:,} bytes so far)"
    if attempt.limited_by == "document":
        what += f", when the {budget.document_time:g} s allowed for one document ran out"
    elif attempt.limited_by == "run":
        what += f", when the run's {budget.run_time:g} s ran out"
    spent = time.monotonic() - budget.started
    tries = f"{attempts} {'attempt' if attempts == 1 else 'attempts'}"
    return f"{what} ({tries}, {spent:.1f} s in all); try again later, or raise the timeout if the server is that slow"


def out_of_time_detail(budget: Budget) -> str:
    return (
        f"not requested: the run's {budget.run_time:g} s were spent on other documents; "
        "the next run fetches it (or collect this developer alone)"
    )
