"""The evidence archive of vendor documents: every extracted text version, and the latest raw snapshot.

One folder per declared document::

    archive/documents/<developer>/<document>/
        record.json           the history: each version's time, URL, hashes, extractor, and why it was recorded
        latest.md             the newest extracted text (a stable path, so a pull request shows its diff)
        versions/<stamp>.md   every extracted text ever recorded, never changed once written; evidence
                              pins the version it quotes, so a quote stays checkable after the vendor edits
        snapshot-<stamp>.html|.pdf   the raw bytes the newest text came from, so a fixed selector can
                              re-extract it

A version is recorded only when the extracted text changes.  Files are written
in an order that makes an interruption harmless: the new version file, the new
snapshot (under a new name), ``latest.md``, ``record.json``, and only then is
the previous snapshot deleted.  Until the record is written the previous
version stays current, and :meth:`DocumentArchive.repair` removes what the
record does not name and puts ``latest.md`` back from the version it names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from collector import scratch
from collector.store import write_atomically

DOCUMENTS = "documents"
RECORD = "record.json"
LATEST = "latest.md"
_STAMP = re.compile(r"\d{8}T\d{6}Z")
_SNAPSHOT = re.compile(r"snapshot-\d{8}T\d{6}Z\.(html|pdf|txt|bin)")
_VERSION_FIELDS = ("recorded", "stamp", "url", "media_type", "reason", "text_sha256", "snapshot_sha256", "extractor",
                   "selectors")  # fmt: skip


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
        """Parse a record, checking every field: its names become paths, so they must be what we wrote."""
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("versions"), list):
            raise TypeError("not a document record (an object with a list of versions)")
        fields = {name: data.get(name) for name in ("developer", "document", "title", "kind", "url", "snapshot")}
        if not all(isinstance(value, str) for value in fields.values()):
            raise TypeError("a record field is missing or not a string")
        versions = [_version(item) for item in data["versions"]]
        if fields["snapshot"] and not _SNAPSHOT.fullmatch(str(fields["snapshot"])):
            raise ValueError(f"unexpected snapshot name {fields['snapshot']!r}")
        if [v.stamp for v in versions] != sorted({v.stamp for v in versions}):
            raise ValueError("versions are not in time order")
        return cls(**{k: str(v) for k, v in fields.items()}, versions=versions)


def _version(item: Any) -> Version:
    if not isinstance(item, dict) or not all(isinstance(item.get(name), str) for name in _VERSION_FIELDS):
        raise TypeError("a version entry is missing a field")
    if not _STAMP.fullmatch(item["stamp"]):
        raise ValueError(f"unexpected version stamp {item['stamp']!r}")
    return Version(**{name: item[name] for name in _VERSION_FIELDS})


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
        except (OSError, ValueError, TypeError, UnicodeDecodeError) as exc:
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
        """Undo what an interrupted write left behind; returns what was done, for the run report.

        An interruption can only leave files newer than the record: a version file, a snapshot, ``latest.md``.
        Anything else the record does not explain (versions without a record, older unknown versions) is not
        ours to delete: it raises :class:`ArchiveDamagedError`, and a person restores the folder from git.
        """
        versions_dir = self.folder / "versions"
        on_disk = sorted(versions_dir.glob("*.md")) if versions_dir.is_dir() else []
        if record is None or record.latest is None:
            if on_disk:
                raise ArchiveDamagedError(f"{self.folder}: versions without a {RECORD}; restore the folder from git")
            return []
        latest = record.latest
        known = {v.file for v in record.versions}
        done: list[str] = []
        for path in on_disk:
            if f"versions/{path.name}" in known:
                continue
            if path.stem <= latest.stamp:
                raise ArchiveDamagedError(f"{path}: a version the {RECORD} does not list; restore the folder from git")
            path.unlink()
            done.append(f"removed {path.name}, a version whose record was never written")
        for path in sorted(self.folder.glob("snapshot-*")):
            if path.name != record.snapshot:
                path.unlink()
                done.append(f"removed {path.name}, a snapshot the record does not name")
        text = self.version_text(latest)
        current_path = self.folder / LATEST
        current = current_path.read_text(encoding="utf-8") if current_path.exists() else None
        if text is not None and current != text:
            write_atomically(current_path, text, inside=self.archive_root)
            done.append(f"restored {LATEST} from {latest.file}")
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
        snapshot_name = f"snapshot-{version.stamp}{new.snapshot_suffix}"
        if record.latest is None and not (self.folder.exists() and any(self.folder.iterdir())):
            return self._record_first(record, new, version, snapshot_name)
        write_atomically(self.folder / version.file, new.text, inside=self.archive_root)
        write_atomically(self.folder / snapshot_name, new.snapshot, inside=self.archive_root)
        write_atomically(self.folder / LATEST, new.text, inside=self.archive_root)
        old_snapshot = record.snapshot
        record.versions.append(version)
        record.snapshot = snapshot_name
        write_atomically(self.folder / RECORD, record.to_json(), inside=self.archive_root)
        if old_snapshot and old_snapshot != snapshot_name:
            (self.folder / old_snapshot).unlink(missing_ok=True)
        return version

    def _record_first(self, record: Record, new: NewVersion, version: Version, snapshot_name: str) -> Version:
        """A document's first version: its whole folder is made aside and renamed into place, so that an
        interruption leaves no version without a record (which :meth:`repair` could not tell from lost history)."""
        aside = scratch.temporary_path(self.folder)  # swept up after a killed run, like any temporary file
        write_atomically(aside / version.file, new.text, inside=self.archive_root)
        write_atomically(aside / snapshot_name, new.snapshot, inside=self.archive_root)
        write_atomically(aside / LATEST, new.text, inside=self.archive_root)
        record.versions.append(version)
        record.snapshot = snapshot_name
        write_atomically(aside / RECORD, record.to_json(), inside=self.archive_root)
        aside.replace(self.folder)  # onto nothing, or onto an empty folder: both atomic
        return version

    def update_description(self, record: Record, *, title: str, kind: str, url: str) -> bool:
        """Keep the record's title, kind and URL in step with the sources file; True when written."""
        if (record.title, record.kind, record.url) == (title, kind, url):
            return False
        record.title, record.kind, record.url = title, kind, url
        if record.versions:
            write_atomically(self.folder / RECORD, record.to_json(), inside=self.archive_root)
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
