"""How many processes a job may fork: one per core, one where forking is unsafe.

Loading scorecards and writing the site's pages are independent per file, and
this machine class (GitHub's runners, a contributor's laptop) has two cores or
more.  Forking is unsafe in a process that runs threads (``scorecards serve``
watches files from one), and unavailable on some platforms: there the work
runs in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading


def default_workers() -> int:
    """One process per core, and one only where forking is unsafe (a server's threads, no fork)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
