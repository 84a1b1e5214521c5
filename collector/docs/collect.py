"""The vendor-document collector: fetch each declared document, archive its text when it changed, suggest claims.

One run, for each document declared in ``sources/<developer>.yaml``:

1. **Repair** what an interrupted earlier run left (see :mod:`collector.docs.archive`).
2. **Re-extract** the stored snapshot when the declared selectors or the
   extractor changed since the latest version.  A different text is recorded
   as a ``re-extraction``, never as a change by the vendor.
3. **Fetch** politely (:mod:`collector.docs.fetch`), with the ETag and
   Last-Modified of the last answer, so an unchanged page costs a 304.
4. **Extract** the declared selection to Markdown.  A version is recorded only
   when the text differs from the latest one; the unified diff goes into the
   run report.
5. **Suggest**: passages that are new in this version and match an
   indicator's keywords are proposed beside the claims of the models the
   document covers, for a reviewer to accept or reject.  They are saved
   (:mod:`collector.docs.pending`) before the version is recorded, so that an
   interruption never loses them.

Every failure (HTTP, robots.txt, size, selector, format) ends as a classified
status in the report, and leaves the archive as it was.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collector import clock
from collector.docs.archive import (
    ArchiveDamagedError,
    DocumentArchive,
    NewVersion,
    Record,
    VersionReason,
    iso,
    selectors_fingerprint,
    sha256,
)
from collector.docs.extract import EXTRACTOR_ID, Extracted, ExtractionError, extract
from collector.docs.fetch import Fetcher, FetchRequest, FetchResult, FetchStatus
from collector.docs.pending import Pending, PendingFile
from collector.docs.state import Outcome, StateFile
from collector.docs.suggest import Suggestion, suggest
from collector.schema import Indicator, SourceDocument

COLLECTOR_ID = "vendor-docs"
MAX_DIFF_LINES = 400


@dataclass(frozen=True)
class Target:
    developer: str  # the sources file's name, which names the archive folder
    developer_name: str
    document: SourceDocument


@dataclass
class DocumentOutcome:
    developer: str
    document: str
    title: str
    kind: str
    url: str
    status: str = Outcome.UNCHANGED
    detail: str = ""
    http_status: int | None = None
    final_url: str | None = None
    moved_permanently: bool = False
    conditional: bool = False  # the request carried If-None-Match or If-Modified-Since
    versions: list[str] = field(default_factory=list)  # archive refs of the versions recorded in this run
    re_extracted: bool = False  # one of them came from the stored snapshot, not from the vendor
    version: str | None = None  # the last of them
    recorded: str | None = None  # when that version was recorded (ISO time, UTC)
    previous_version: str | None = None
    diff: str = ""
    added: int = 0
    removed: int = 0
    repaired: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status not in Outcome.FINE

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "suggestions"}
        data["suggestions"] = [s.__dict__ | {"keywords": list(s.keywords)} for s in self.suggestions]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentOutcome:
        """An outcome read back from :meth:`to_dict` (a shard's report, merged into one pull request body)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "suggestions"}
        suggestions = [
            Suggestion(s["indicator"], s["quote"], tuple(s.get("keywords", ())), s.get("locator"))
            for s in data.get("suggestions", [])
        ]
        return cls(**known, suggestions=suggestions)


class DocumentCollector:
    def __init__(
        self,
        archive_root: Path,
        state_path: Path,
        fetcher: Fetcher,
        *,
        indicators: Sequence[Indicator] = (),
        now: Callable[[], dt.datetime] = clock.now,
        workers: int = 4,
        pending: PendingFile | None = None,
    ) -> None:
        self.archive_root = archive_root
        self.state = StateFile(state_path)
        self.pending = pending
        self.fetcher = fetcher
        self.indicators = {indicator.id: indicator for indicator in indicators}
        self.now = now
        self.workers = workers

    def run(self, targets: Sequence[Target]) -> list[DocumentOutcome]:
        prepared = [self._prepare(target) for target in targets]
        to_fetch = [p for p in prepared if p.outcome.status in Outcome.FINE]
        try:
            # Each document is stored as soon as it arrives: an interruption loses only what was not yet fetched.
            for index, result in self.fetcher.fetch_each([p.request for p in to_fetch], workers=self.workers):
                self._handle(to_fetch[index], result)
        finally:
            self.state.save()
        return [p.outcome for p in prepared]

    # -- before fetching

    def _prepare(self, target: Target) -> _Prepared:
        document = target.document
        archive = DocumentArchive(self.archive_root, target.developer, document.id)
        outcome = DocumentOutcome(target.developer, document.id, document.title, document.kind.value, document.url)
        try:
            record = archive.load()
            outcome.repaired = archive.repair(record)
        except ArchiveDamagedError as exc:
            outcome.status, outcome.detail = Outcome.ARCHIVE_DAMAGED, str(exc)
            return _Prepared(target, archive, _new_record(target), outcome, FetchRequest(document.url), None)
        if record is None:
            record = _new_record(target)
        archive.update_description(record, title=document.title, kind=document.kind.value, url=document.url)
        start_text = archive.latest_text(record)
        item = _Prepared(target, archive, record, outcome, FetchRequest(document.url), start_text)
        remembered = self.state.documents.get(_state_key(target), {})
        current = selectors_current(document, record, remembered)
        if not current:
            self._reextract(item)
        usable_snapshot = record.latest is not None and archive.snapshot_bytes(record) is not None
        if usable_snapshot and current and remembered.get("url") == document.url:
            item.request = FetchRequest(document.url, remembered.get("etag"), remembered.get("last_modified"))
        # Otherwise a full answer: there is nothing to compare with, or the selectors changed, and then the live
        # page decides (after a redesign, fixed selectors match the new layout but not the stored snapshot).
        outcome.conditional = bool(item.request.etag or item.request.last_modified)
        return item

    def _reextract(self, item: _Prepared) -> None:
        """Apply edited selectors (or a new extractor) to the stored snapshot: a different text is a re-extraction."""
        target, archive, record, outcome = item.target, item.archive, item.record, item.outcome
        latest = record.latest
        snapshot = archive.snapshot_bytes(record)
        if latest is None or snapshot is None:
            return
        try:
            extracted = _extract(snapshot, latest.media_type, target.document, url=latest.url)
        except ExtractionError:
            return  # the selectors fit the live page, perhaps, not the stored one: the full fetch decides
        if extracted.text != item.start_text:
            self._record(item, extracted, _Source(snapshot, latest.url, latest.media_type), VersionReason.RE_EXTRACTION)
            outcome.status, outcome.re_extracted = Outcome.RE_EXTRACTED, True
            outcome.detail = "the stored snapshot was re-extracted with new selectors or extractor; not a vendor change"

    # -- after fetching

    def _handle(self, item: _Prepared, result: FetchResult) -> None:
        outcome, target = item.outcome, item.target
        outcome.http_status = result.http_status
        outcome.final_url = result.final_url if result.final_url != result.url else None
        outcome.moved_permanently = result.moved_permanently
        if result.status is FetchStatus.OK and result.body is not None:
            self._handle_body(item, result, result.body)
        elif result.status is FetchStatus.NOT_MODIFIED:
            if outcome.status not in Outcome.RECORDED:
                outcome.status, outcome.detail = Outcome.UNCHANGED, "not modified (HTTP 304)"
        else:
            outcome.status, outcome.detail = result.status.value, result.detail
        if outcome.moved_permanently and outcome.final_url:
            moved = f"moved permanently to {outcome.final_url}: update the URL in sources/"
            outcome.detail = _join(outcome.detail, moved)
        remembered = self.state.documents.setdefault(_state_key(target), {})
        remembered.update(
            url=target.document.url, checked=iso(result.retrieved), status=outcome.status, detail=outcome.detail
        )
        if result.ok and not outcome.failed:
            remembered.update(etag=result.etag, last_modified=result.last_modified)
            if result.status is FetchStatus.OK:
                remembered.update(selectors=_fingerprint(target.document), extractor=EXTRACTOR_ID)

    def _handle_body(self, item: _Prepared, result: FetchResult, body: bytes) -> None:
        outcome, record, archive = item.outcome, item.record, item.archive
        media_type = result.media_type or "application/octet-stream"
        try:
            extracted = _extract(body, media_type, item.target.document, url=result.final_url, charset=result.charset)
        except ExtractionError as exc:
            outcome.status, outcome.detail = exc.kind, str(exc)
            return
        previous_text = archive.latest_text(record)
        if extracted.text == previous_text:
            if outcome.status not in Outcome.RECORDED:
                outcome.status, outcome.detail = Outcome.UNCHANGED, "the extracted text is unchanged"
            return
        reason = VersionReason.FIRST if record.latest is None else VersionReason.VENDOR_CHANGE
        source = _Source(body, result.final_url, media_type)
        self._record(item, extracted, source, reason)
        outcome.status = Outcome.NEW if reason == VersionReason.FIRST else Outcome.CHANGED
        outcome.detail = "first version archived" if reason == VersionReason.FIRST else "the text changed"

    def _record(self, item: _Prepared, extracted: Extracted, source: _Source, reason: str) -> None:
        target, archive, record, outcome = item.target, item.archive, item.record, item.outcome
        previous = record.latest
        # Suggested from the text new since the run began, and saved before the archive moves on: once it has,
        # that text is no longer new, and a suggestion not yet proposed would never be made again.
        suggestions = self._suggest(target, extracted.text, item.start_text)
        if self.pending is not None:
            document = target.document
            if suggestions:  # a later version of the same run replaces an earlier one's, as in the report
                self.pending.add(
                    Pending(target.developer, document.id, document.title, document.url, tuple(document.models),
                            sha256(extracted.text), tuple(suggestions))
                )  # fmt: skip
            else:
                self.pending.remove(_state_key(target))
        version = archive.record_version(
            record,
            NewVersion(
                text=extracted.text,
                snapshot=source.body,
                snapshot_suffix=_SUFFIXES.get(extracted.format, ".bin"),
                url=source.url,
                media_type=source.media_type,
                reason=reason,
                extractor=EXTRACTOR_ID,
                selectors=_fingerprint(target.document),
                moment=self.now(),
            ),
        )
        outcome.versions.append(archive.version_ref(version))
        outcome.version = archive.version_ref(version)
        outcome.recorded = version.recorded
        if previous is not None and outcome.previous_version is None:
            outcome.previous_version = archive.version_ref(previous)
        # A run can record two versions (a re-extraction, then a vendor edit): report both against the run's start.
        before = outcome.previous_version or "(nothing archived)"
        outcome.diff, outcome.added, outcome.removed = _diff(
            item.start_text, extracted.text, before=before, after=outcome.version
        )
        outcome.suggestions = suggestions

    def _suggest(self, target: Target, text: str, previous_text: str | None) -> list[Suggestion]:
        wanted = target.document.indicators or list(self.indicators)
        indicators = [self.indicators[i] for i in wanted if i in self.indicators]
        if not target.document.models or not indicators:
            return []
        return suggest(text, previous_text, indicators)


@dataclass
class _Prepared:
    target: Target
    archive: DocumentArchive
    record: Record
    outcome: DocumentOutcome
    request: FetchRequest
    start_text: str | None  # the latest archived text when the run began


def selectors_current(document: SourceDocument, record: Record, remembered: dict[str, Any]) -> bool:
    """Whether the archived text is what the declared selectors and this extractor make of the page.

    True when the latest version was extracted with them, or when the live page last extracted cleanly
    with them (state); False means the text must be made again, from the snapshot and from the live page.
    """
    latest = record.latest
    applied = (_fingerprint(document), EXTRACTOR_ID)
    return latest is None or applied in {(latest.selectors, latest.extractor), _applied(remembered)}


@dataclass(frozen=True)
class _Source:
    body: bytes
    url: str
    media_type: str


_SUFFIXES = {"html": ".html", "pdf": ".pdf", "text": ".txt"}


def _new_record(target: Target) -> Record:
    document = target.document
    return Record(target.developer, document.id, document.title, document.kind.value, document.url)


def _applied(remembered: dict[str, Any]) -> tuple[str, str] | None:
    """The selectors and extractor the live page last extracted cleanly with."""
    if "selectors" in remembered and "extractor" in remembered:
        return (str(remembered["selectors"]), str(remembered["extractor"]))
    return None


def _state_key(target: Target) -> str:
    return f"{target.developer}/{target.document.id}"


def _fingerprint(document: SourceDocument) -> str:
    return selectors_fingerprint(list(document.select), list(document.remove))


def _extract(
    body: bytes, media_type: str, document: SourceDocument, *, url: str, charset: str | None = None
) -> Extracted:
    return extract(body, media_type, url=url, charset=charset, select=document.select, remove=document.remove)


def _diff(old: str | None, new: str, *, before: str, after: str) -> tuple[str, int, int]:
    """A unified diff of the extracted texts (capped for pull request bodies), and the lines added and removed."""
    lines = list(
        difflib.unified_diff(
            (old or "").splitlines(), new.splitlines(), fromfile=before, tofile=after, lineterm="", n=2
        )
    )
    added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---"))
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... {len(lines) - MAX_DIFF_LINES} more diff lines; see the archive"]
    return "\n".join(lines), added, removed


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second
