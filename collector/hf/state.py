"""``state/huggingface.json``: what the Hub collector remembers between runs (see :mod:`collector.hf.collect`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from collector.store import write_atomically

STATE_VERSION = 1


class StateFile:
    """``state/huggingface.json``: each repository's last commit, and when the last run started."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.repos: dict[str, dict[str, Any]] = {}
        self.last_run_started: dt.datetime | None = None
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.repos = dict(data.get("repos", {}))
                started = data.get("last_run_started")
                self.last_run_started = dt.datetime.fromisoformat(started) if started else None
            except (ValueError, OSError, AttributeError):
                self.repos, self.last_run_started = {}, None  # a damaged state only costs a full re-fetch

    def save(self, started: dt.datetime | None) -> None:
        data = {
            "version": STATE_VERSION,
            "last_run_started": started.isoformat() if started else None,
            "repos": dict(sorted(self.repos.items())),
        }
        write_atomically(self.path, json.dumps(data, indent=1, sort_keys=False) + "\n", inside=self.path.parent)
