"""The dates tests use, so that no test depends on the day it runs.

``TODAY`` is the day the recorded Hub and vendor fixtures were collected: tests that stamp dates pin it (the
``pinned_today`` fixture) so that the collector, its subprocesses and the checks after it agree on one date.
Every other test runs on the one date the session pinned at its start (see ``tests/conftest.py``).
"""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 27)
