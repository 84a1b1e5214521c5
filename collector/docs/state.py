"""What a vendor-document run remembers between runs, and the names of its outcomes.

Kept free of the fetching and extraction libraries, so that the site can show
each document's last status without importing them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from collector.store import write_atomically


class Outcome:
    """What happened to a document in a run; failures reuse the fetch and extraction kinds."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    RE_EXTRACTED = "re-extracted"
    ARCHIVE_DAMAGED = "archive-damaged"

    RECORDED = frozenset({NEW, CHANGED, RE_EXTRACTED})
    FINE = frozenset({NEW, CHANGED, UNCHANGED, RE_EXTRACTED})


class StateFile:
    """``state/documents.json``: each document's last answer (validators for conditional requests, status)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data.get("documents", {}) if isinstance(data, dict) else {}
            # An entry of the wrong shape (a bad merge, a hand edit) is forgotten: it costs one full download.
            self.documents: dict[str, dict[str, Any]] = {
                str(key): value for key, value in dict(entries).items() if isinstance(value, dict)
            }
        except (OSError, ValueError, AttributeError, TypeError):
            self.documents = {}  # a lost state costs one full download per document, nothing else

    def save(self) -> None:
        data = {"documents": dict(sorted(self.documents.items()))}
        write_atomically(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n", inside=self.path.parent)
