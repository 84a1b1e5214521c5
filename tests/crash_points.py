"""Run the ``scorecards`` command and kill it (SIGKILL, no clean-up at all) at its Nth change to the file system.

``python -m tests.crash_points N COUNT_FILE scorecards-arguments...``: every rename, unlink and fsync counts as one
change; at the Nth the process kills itself, so a test can interrupt a command at each point of its writing
deterministically, which a timer cannot. With N = 0 the command runs to its end and the number of changes it made
is written to COUNT_FILE, so that a test knows how many points there are. ``CRASH_POINTS_FAST_FETCHER=1`` gives
the document fetcher the short politeness delays of ``tests.docs_project.fast_fetcher`` (a local server needs none).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

changes = [0]  # changes made so far


def counted(call: Callable[..., Any], limit: int) -> Callable[..., Any]:
    def change(*args: Any, **kwargs: Any) -> Any:
        changes[0] += 1
        if changes[0] == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return call(*args, **kwargs)

    return change


def main() -> int:
    limit, count_file, *arguments = sys.argv[1:]
    for name in ("replace", "rename", "unlink", "fsync"):
        setattr(os, name, counted(getattr(os, name), int(limit)))
    if os.environ.get("CRASH_POINTS_FAST_FETCHER") == "1":
        import functools

        from collector.docs import project

        project.Fetcher = functools.partial(project.Fetcher, min_delay=0.01, backoff=0.01)  # type: ignore[misc]
    from collector.cli import main as scorecards

    status = scorecards(arguments)
    Path(count_file).write_text(str(changes[0]))
    return status


if __name__ == "__main__":
    sys.exit(main())
