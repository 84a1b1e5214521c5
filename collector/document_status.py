"""What is known of each watched vendor document: its archived versions and how its last check went.

The vendor-document collector writes this into archive/ (the record of each document's versions) and
state/documents.json (each document's last outcome).  This module reads both back into plain records, so
that the site shows them from the loaded dataset without knowing either file's format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from collector.docs.archive import DocumentArchive, all_records
from collector.docs.state import Outcome, StateFile

if TYPE_CHECKING:
    from collector.dataset import Dataset


@dataclass(frozen=True)
class TrackedDocument:
    """A declared vendor document: what is archived of it, and how its last check went."""

    developer: str
    developer_key: str
    id: str
    title: str
    kind: str
    url: str
    models: tuple[str, ...]
    versions: int
    latest_recorded: str | None
    latest_ref: str | None  # archive ref of the latest version's text
    last_checked: str | None
    last_status: str | None
    last_detail: str

    @property
    def failing(self) -> bool:
        return self.last_status is not None and self.last_status not in Outcome.FINE


def tracked_documents(dataset: Dataset) -> list[TrackedDocument]:
    records = all_records(dataset.paths.archive)
    state = StateFile(dataset.paths.state / "documents.json")
    out = []
    for loaded in dataset.sources:
        if loaded.model is None:
            continue
        key = loaded.path.stem
        for document in loaded.model.documents:
            record = records.get((key, document.id))
            latest = record.latest if record else None
            remembered = state.documents.get(f"{key}/{document.id}", {})
            archive = DocumentArchive(dataset.paths.archive, key, document.id)
            out.append(
                TrackedDocument(
                    developer=loaded.model.developer,
                    developer_key=key,
                    id=document.id,
                    title=document.title,
                    kind=document.kind.value,
                    url=document.url,
                    models=tuple(document.models),
                    versions=len(record.versions) if record else 0,
                    latest_recorded=latest.recorded if latest else None,
                    latest_ref=archive.version_ref(latest) if latest else None,
                    last_checked=remembered.get("checked"),
                    last_status=remembered.get("status"),
                    last_detail=str(remembered.get("detail", "")),
                )
            )
    return sorted(out, key=lambda d: (d.developer.lower(), d.title.lower()))
