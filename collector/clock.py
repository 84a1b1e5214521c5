"""What day it is, for the whole program: the one place that reads the clock.

Every date the project stamps (an assessment's date, evidence's ``retrieved``, a verification run) and every
check against "today" (no date in the future) asks this module. Setting ``SCORECARDS_TODAY`` to an ISO date
(``2027-01-15``) makes every command, and every subprocess it starts, act as if that were today; the CLI's
``--today`` option sets it for one command, and without it a command reads the clock once and keeps that date.
Tests pin it so that they pass on any day; the sharded collection pins it so that every shard stamps one date.

Today is the UTC date, not the machine's local one: a runner in another time zone, or a run at midnight, must
stamp the same date a checker elsewhere computes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager

ENVIRONMENT_VARIABLE = "SCORECARDS_TODAY"


class ClockError(ValueError):
    """``SCORECARDS_TODAY`` holds something that is not a date."""


def parse_today(text: str, *, given_as: str = ENVIRONMENT_VARIABLE) -> dt.date:
    """An ISO date (``YYYY-MM-DD``), or a clear error naming where it came from and what was expected."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(
            f"{given_as} {text!r} is not a date; give one as YYYY-MM-DD (e.g. 2026-12-02), "
            f"or leave it out to use today's UTC date"
        ) from None


def today() -> dt.date:
    """Today's date: ``SCORECARDS_TODAY`` when set, otherwise the current UTC date."""
    pinned = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if pinned:
        return parse_today(pinned)
    return dt.datetime.now(dt.UTC).date()


def now() -> dt.datetime:
    """The current moment in UTC, on the pinned date when ``SCORECARDS_TODAY`` is set.

    The time of day stays real, so that two calls are still ordered and durations between them still measure.
    """
    moment = dt.datetime.now(dt.UTC)
    pinned = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if pinned:
        return dt.datetime.combine(parse_today(pinned), moment.timetz())
    return moment


def wall_clock() -> dt.datetime:
    """The real moment in UTC, whatever date is pinned: for comparing with another machine's clock.

    A server's ``Retry-After`` date, or the Hub's ``lastModified`` times that an incremental scan compares with the
    start of the previous run, count on the real calendar; a pinned date would skip changes or wait for years.
    """
    return dt.datetime.now(dt.UTC)


@contextmanager
def pinned(day: dt.date) -> Iterator[dt.date]:
    """Make ``day`` today inside the block, for this process and every subprocess it starts; restore after.

    Each CLI command runs inside one, so that a run crossing midnight stamps and checks a single date.
    """
    previous = os.environ.get(ENVIRONMENT_VARIABLE)
    os.environ[ENVIRONMENT_VARIABLE] = day.isoformat()
    try:
        yield day
    finally:
        if previous is None:
            os.environ.pop(ENVIRONMENT_VARIABLE, None)
        else:
            os.environ[ENVIRONMENT_VARIABLE] = previous
