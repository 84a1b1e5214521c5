"""Suggestions waiting to be proposed: written down before the archive moves on, so that no interruption loses them.

Suggestions come only from text that is new since the archived version. Once a run has recorded a new version,
the next run sees no new text, so a suggestion not yet written beside its claims when the run was killed would be
lost for good. So each document's suggestions are saved here (``state/pending-proposals.json``) *before* its new
version is recorded, and removed once they are proposed. A run starts by proposing what an earlier run left: an
entry whose version the archive's record lists (it was recorded) is proposed against that version; one whose
version never made it into the record is dropped, because the archive did not move on and this run suggests
from the same text again. Proposing twice writes nothing the second time, so a kill between the two is harmless.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collector.docs.archive import ArchiveDamagedError, DocumentArchive, Version
from collector.docs.suggest import Suggestion
from collector.store import write_atomically

FILE = "pending-proposals.json"


@dataclass(frozen=True)
class Pending:
    """One document's suggestions for the version whose text has ``text_sha256``."""

    developer: str
    document: str
    title: str
    url: str
    models: tuple[str, ...]
    text_sha256: str
    suggestions: tuple[Suggestion, ...]

    @property
    def key(self) -> str:
        return f"{self.developer}/{self.document}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "developer": self.developer,
            "document": self.document,
            "title": self.title,
            "url": self.url,
            "models": list(self.models),
            "text_sha256": self.text_sha256,
            "suggestions": [
                {"indicator": s.indicator, "quote": s.quote, "keywords": list(s.keywords), "locator": s.locator}
                for s in self.suggestions
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pending:
        suggestions = tuple(
            Suggestion(str(s["indicator"]), str(s["quote"]), tuple(map(str, s["keywords"])), s.get("locator"))
            for s in data["suggestions"]
        )
        fields = ("developer", "document", "title", "url", "text_sha256")
        return cls(**{k: str(data[k]) for k in fields}, models=tuple(map(str, data["models"])), suggestions=suggestions)

    def version_in(self, archive_root: Path) -> tuple[DocumentArchive, Version] | None:
        """The archived version these suggestions are for, when the archive's record lists it."""
        archive = DocumentArchive(archive_root, self.developer, self.document)
        try:
            record = archive.load()
        except ArchiveDamagedError:
            return None
        versions = record.versions if record is not None else []
        found = next((v for v in reversed(versions) if v.text_sha256 == self.text_sha256), None)
        return (archive, found) if found is not None else None


class PendingFile:
    """``state/pending-proposals.json``: one entry per document, saved atomically at every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, Pending] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for item in data.get("pending", []):
                entry = Pending.from_dict(item)
                self.entries[entry.key] = entry
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # unreadable: the suggestions in it cannot be proposed; the file is replaced at the next change
            self.entries = {}

    def add(self, entry: Pending) -> None:
        self.entries[entry.key] = entry
        self._save()

    def remove(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self._save()

    def all(self) -> Sequence[Pending]:
        return list(self.entries.values())

    def _save(self) -> None:
        data = {"pending": [self.entries[k].to_dict() for k in sorted(self.entries)]}
        write_atomically(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n", inside=self.path.parent)


def proposals_for(entry: Pending, archive: DocumentArchive, version: Version) -> dict[str, dict[str, Any]]:
    """Indicator id -> the proposal of a suggestion, citing the archived version it was found in."""
    return {
        s.indicator: {
            "evidence": [
                {
                    "url": entry.url,
                    "quote": s.quote,
                    "retrieved": version.date,
                    "archive": archive.version_ref(version),
                    **({"locator": s.locator[:200]} if s.locator else {}),
                }
            ],
            "note": (
                f"Unreviewed keyword suggestion ({', '.join(s.keywords)}) from {entry.title}. "
                "A keyword match is not a verdict: check the passage and set the status yourself."
            ),
        }
        for s in entry.suggestions
    }
