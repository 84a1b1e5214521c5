"""The evidence archive of vendor documents: every extracted text version, and the latest raw snapshot.

One folder per declared document::

    archive/documents/<developer>/<document>/
        record.json           the history: each version's time, URL, hashes, extractor, and why it was recorded
        latest.md             the newest extracted text (a stable path, so a pull request shows its diff)
        versions/<stamp>.md   every extracted text ever recorded, never changed once written; evidence
                              pins the version it quotes, so a quote stays checkable after the vendor edits
        snapshot.html|.pdf    the raw bytes the newest text came from, so a fixed selector can re-extract it

A version is recorded only when the extracted text changes.  Files are written
in an order that makes an interruption harmless: the new version file, the
snapshot, ``latest.md``, and ``record.json`` last.  Until the record is
written the previous version stays current, and :meth:`DocumentArchive.repair`
puts ``latest.md`` back from the version file the record names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from collector.store import write_atomically

DOCUMENTS = "documents"
RECORD = "record.json"
LATEST = "latest.md"


class VersionReason:
    FIRST = "first"
    VENDOR_CHANGE = "vendor-change"
    RE_EXTRACTION = "re-extraction"


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def selectors_fingerprint(select: list[str], remove: list[str]) -> str:
    """Identifies the selectors a text was extracted with, to notice when a source's selectors were edited."""
    return sha256(json.dumps({"select": select, "remove": remove}, sort_keys=True))[:16]


def stamp(moment: dt.datetime) -> str:
    """A version's file name stem: sortable, and safe on every file system."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Version:
    recorded: str  # ISO time in UTC
    stamp: str
    url: str  # where the bytes came from, after redirects
    media_type: str
    reason: str
    text_sha256: str
    snapshot_sha256: str
    extractor: str
    selectors: str

    @property
    def file(self) -> str:
        return f"versions/{self.stamp}.md"

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.recorded[:10])


@dataclass
class Record:
    developer: str
    document: str
    title: str
    kind: str
    url: str
    snapshot: str = ""  # file name of the raw snapshot of the latest version
    versions: list[Version] = field(default_factory=list)

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Record:
        data: dict[str, Any] = json.loads(text)
        versions = [Version(**item) for item in data.pop("versions", [])]
        return cls(**data, versions=versions)


class ArchiveDamagedError(Exception):
    """A record that cannot be read: the document is skipped this run, and the reason reported."""


@dataclass(frozen=True)
class NewVersion:
    text: str
    snapshot: bytes
    snapshot_suffix: str  # ".html", ".pdf", ".txt"
    url: str
    media_type: str
    reason: str
    extractor: str
    selectors: str
    moment: dt.datetime


class DocumentArchive:
    """The archive folder of one declared document."""

    def __init__(self, archive_root: Path, developer: str, document: str) -> None:
        self.archive_root = archive_root
        self.developer = developer
        self.document = document
        self.folder = archive_root / DOCUMENTS / developer / document

    @property
    def ref(self) -> str:
        """The folder as evidence writes it, relative to archive/."""
        return f"{DOCUMENTS}/{self.developer}/{self.document}"

    def version_ref(self, version: Version) -> str:
        return f"{self.ref}/{version.file}"

    def load(self) -> Record | None:
        path = self.folder / RECORD
        if not path.exists():
            return None
        try:
            return Record.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError) as exc:
            raise ArchiveDamagedError(f"{path}: unreadable record ({exc}); restore it from git") from None

    def latest_text(self, record: Record) -> str | None:
        version = record.latest
        if version is None:
            return None
        return self.version_text(version)

    def version_text(self, version: Version) -> str | None:
        try:
            return (self.folder / version.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def snapshot_bytes(self, record: Record) -> bytes | None:
        """The latest raw snapshot, or None when it is missing or is not the one the record names."""
        version = record.latest
        if version is None or not record.snapshot:
            return None
        try:
            data = (self.folder / record.snapshot).read_bytes()
        except OSError:
            return None
        return data if sha256(data) == version.snapshot_sha256 else None

    def repair(self, record: Record | None) -> list[str]:
        """Undo what an interrupted write left behind; returns what was done, for the run report."""
        done: list[str] = []
        known = {v.file for v in record.versions} if record else set()
        versions_dir = self.folder / "versions"
        if versions_dir.is_dir():
            for path in sorted(versions_dir.glob("*.md")):
                if f"versions/{path.name}" not in known:
                    path.unlink()
                    done.append(f"removed {path.name}, a version whose record was never written")
        if record is not None and record.latest is not None:
            text = self.latest_text(record)
            latest = self.folder / LATEST
            current = latest.read_text(encoding="utf-8") if latest.exists() else None
            if text is not None and current != text:
                write_atomically(latest, text)
                done.append(f"restored {LATEST} from {record.latest.file}")
        return done

    def record_version(self, record: Record, new: NewVersion) -> Version:
        """Store a new text version; the record (and so the archive's current state) changes last."""
        moment = new.moment
        if record.latest is not None:  # two versions in one second (a re-extraction, then a fetch): keep them apart
            previous = dt.datetime.strptime(record.latest.stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            moment = max(moment, previous + dt.timedelta(seconds=1))
        version = Version(
            recorded=iso(moment),
            stamp=stamp(moment),
            url=new.url,
            media_type=new.media_type,
            reason=new.reason,
            text_sha256=sha256(new.text),
            snapshot_sha256=sha256(new.snapshot),
            extractor=new.extractor,
            selectors=new.selectors,
        )
        write_atomically(self.folder / version.file, new.text)
        snapshot_name = f"snapshot{new.snapshot_suffix}"
        write_atomically(self.folder / snapshot_name, new.snapshot)
        write_atomically(self.folder / LATEST, new.text)
        old_snapshot = record.snapshot
        record.versions.append(version)
        record.snapshot = snapshot_name
        write_atomically(self.folder / RECORD, record.to_json())
        if old_snapshot and old_snapshot != snapshot_name:
            (self.folder / old_snapshot).unlink(missing_ok=True)
        return version

    def update_description(self, record: Record, *, title: str, kind: str, url: str) -> bool:
        """Keep the record's title, kind and URL in step with the sources file; True when written."""
        if (record.title, record.kind, record.url) == (title, kind, url):
            return False
        record.title, record.kind, record.url = title, kind, url
        if record.versions:
            write_atomically(self.folder / RECORD, record.to_json())
        return True


def all_records(archive_root: Path) -> dict[tuple[str, str], Record]:
    """Every readable document record under archive/documents, keyed by (developer, document)."""
    found: dict[tuple[str, str], Record] = {}
    base = archive_root / DOCUMENTS
    if not base.is_dir():
        return found
    for path in sorted(base.glob(f"*/*/{RECORD}")):
        try:
            record = Record.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            continue
        found[(path.parent.parent.name, path.parent.name)] = record
    return found
