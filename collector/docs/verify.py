"""``scorecards verify``: is every piece of evidence still true where it points?

For each evidence item of each scorecard's latest assessments:

* the URL is requested (politely, once per URL, conditionally for archived
  documents): a 404 or 410 makes it ``url-missing``, a permanent redirect
  ``moved``, and a block, a timeout or a server error ``unreachable`` (not the
  evidence's fault, so not a failure);
* for a declared document, the live page is extracted with the declared
  selectors: when they match nothing it is ``structure-changed``;
* the quote is looked for in the newest text of the document (the live text
  when it was fetched, else the latest archived version; for other sources the
  archived copy the evidence names), tolerant of spacing and typography, not of
  wording: when it is gone it is ``quote-missing``, with the closest passage.

With ``offline``, nothing is fetched: quotes are checked against the archive,
and a document's last collection status stands in for its URL check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from collector import clock
from collector.dataset import Dataset, ProjectPaths, load_dataset
from collector.docs.archive import DocumentArchive, all_records
from collector.docs.collect import selectors_current
from collector.docs.extract import ExtractionError, extract
from collector.docs.fetch import Fetcher, FetchRequest, FetchResult, FetchStatus
from collector.docs.state import StateFile
from collector.loading import Loaded
from collector.passages import nearest_passage
from collector.quote_checks import ArchiveIndex
from collector.quotes import missing_fragment, normalize
from collector.schema import ClaimSource, Evidence, Scorecard, SourceDocument
from collector.store import write_atomically
from collector.verification import NEEDS_FIX, EvidenceVerification, Verdict, VerificationFile, evidence_key


@dataclass(frozen=True)
class Declared:
    developer: str
    document: SourceDocument
    previous_url: bool  # the evidence cites one of the document's previous URLs


@dataclass
class Item:
    """One evidence item, where it is, and what was found."""

    loaded: Loaded[Scorecard]
    subject_id: str
    indicator_id: str
    path: tuple[str | int, ...]
    evidence: Evidence
    verdict: Verdict = Verdict.VERIFIED
    detail: str = ""
    suggestion: str = ""
    imported: bool = False  # the claim comes from an imported index: checked against its archived text only

    @property
    def key(self) -> str:
        return evidence_key(self.subject_id, self.indicator_id, self.evidence)


@dataclass
class _Page:
    """What the live check of one URL found."""

    result: FetchResult | None = None
    text: str | None = None  # the live extracted text (with the declared selectors, for a declared document)
    structure_error: str | None = None  # the declared selectors match nothing, or nothing with words
    unreadable: str | None = None  # the page could not be read as text (a new format, a broken PDF)
    declared: bool = False


@dataclass
class VerificationRun:
    items: list[Item]
    checked: str
    offline: bool
    problems_in_data: int = 0  # files that did not validate are not verified; the summary says so

    @property
    def needing_fixes(self) -> list[Item]:
        return [i for i in self.items if i.verdict in NEEDS_FIX]


def verify(
    root: Path,
    *,
    fetcher: Fetcher | None,
    today: dt.date | None = None,
    workers: int = 4,
    only: Collection[str] | None = None,
) -> VerificationRun:
    """Check every evidence item (or those of the scorecard files ``only`` names, as validate displays them);
    ``fetcher=None`` means offline.  A full run saves its verdicts in state/verification.json."""
    paths = ProjectPaths(root)
    dataset = load_dataset(root, check_archive=False)
    today = today or clock.today()
    verifier = _Verifier(paths, dataset)
    items = [i for i in _evidence_items(dataset) if only is None or i.loaded.display in only]
    if fetcher is not None:
        # An index's own files (FMTI's CSVs, EOSAI's and MOT's YAML) are archived whole, and requesting
        # thousands of links into one code host would be impolite; their quotes are checked offline.
        verifier.check_pages(fetcher, [i for i in items if not i.imported], workers)
    for item in items:
        verifier.judge(item)
    run = VerificationRun(items, today.isoformat(), offline=fetcher is None, problems_in_data=len(dataset.problems))
    if only is None:  # a partial run (a pull request's files) must not replace the whole record
        _save(paths.state / "verification.json", run)
    return run


def _evidence_items(dataset: Dataset) -> Iterator[Item]:
    """Evidence of the latest assessment under each rubric: older assessments are history, not current claims."""
    for loaded in dataset.scorecards:
        card = loaded.model
        if card is None:
            continue
        latest: dict[str, int] = {}
        for index, assessment in enumerate(card.assessments):
            previous = latest.get(assessment.rubric)
            if previous is None or card.assessments[previous].date <= assessment.date:
                latest[assessment.rubric] = index
        for index in sorted(latest.values()):
            for indicator_id, claim in card.assessments[index].indicators.items():
                for e_index, evidence in enumerate(claim.evidence):
                    path = ("assessments", index, "indicators", indicator_id, "evidence", e_index)
                    imported = claim.provenance.source is ClaimSource.IMPORT
                    yield Item(loaded, card.subject.id, indicator_id, path, evidence, imported=imported)


def _declared_by_url(dataset: Dataset) -> dict[str, Declared]:
    found: dict[str, Declared] = {}
    for loaded in dataset.sources:
        if loaded.model is None:
            continue
        for document in loaded.model.documents:
            found.setdefault(document.url, Declared(loaded.path.stem, document, previous_url=False))
            for url in document.previous_urls:
                found.setdefault(url, Declared(loaded.path.stem, document, previous_url=True))
    return found


class _Verifier:
    """What the checks share: declared documents by URL, archive records, collection state, live pages."""

    def __init__(self, paths: ProjectPaths, dataset: Dataset) -> None:
        self.paths = paths
        self.declared = _declared_by_url(dataset)
        self.records = all_records(paths.archive)
        self.state = StateFile(paths.state / "documents.json")
        self.archive_index = ArchiveIndex(paths.archive)
        self.pages: dict[str, _Page] = {}

    def check_pages(self, fetcher: Fetcher, items: Sequence[Item], workers: int) -> None:
        """Request each cited URL once, and read the live text: declared documents with their selectors."""
        urls = sorted({item.evidence.url for item in items})
        requests = [self._request(url) for url in urls]
        for index, result in fetcher.fetch_each(requests, workers=workers):  # each body is read, then dropped
            self.pages[urls[index]] = self._page(urls[index], result)

    def _request(self, url: str) -> FetchRequest:
        """Conditional only when a 304 would mean "the archived text is the live text"."""
        known = self.declared.get(url)
        if known is None or known.previous_url:
            return FetchRequest(url)
        record = self.records.get((known.developer, known.document.id))
        remembered = self.state.documents.get(f"{known.developer}/{known.document.id}", {})
        current = record is not None and selectors_current(known.document, record, remembered)
        if current and record is not None and record.latest is not None and remembered.get("url") == url:
            return FetchRequest(url, remembered.get("etag"), remembered.get("last_modified"))
        return FetchRequest(url)

    def _page(self, url: str, result: FetchResult) -> _Page:
        page = _Page(result)
        if result.status is not FetchStatus.OK or result.body is None:
            return page
        known = self.declared.get(url)
        select = known.document.select if known else ()
        remove = known.document.remove if known else ()
        try:
            page.text = extract(
                result.body,
                result.media_type,
                url=result.final_url,
                charset=result.charset,
                select=select,
                remove=remove,
            ).text
        except ExtractionError as exc:
            if known is not None and exc.kind in {"structure-changed", "empty"}:
                page.structure_error = str(exc)
            else:
                page.unreadable = str(exc)
        page.declared = known is not None
        return page

    def judge(self, item: Item) -> None:
        evidence = item.evidence
        known = self.declared.get(evidence.url)
        page = self.pages.get(evidence.url)
        moved = known is not None and known.previous_url  # declared moved: the old URL's answer does not matter
        if page is not None and page.result is not None and not moved:
            if _url_verdict(item, page.result):
                return
            if page.structure_error is not None:
                item.verdict, item.detail = Verdict.STRUCTURE_CHANGED, page.structure_error
                item.suggestion = "update select/remove of the document in sources/, then run `scorecards collect docs`"
                return
            if page.unreadable is not None:
                item.verdict = Verdict.UNREACHABLE
                item.detail = f"the page answers but could not be read: {page.unreadable}"
                return
            if page.text is not None and not page.declared:
                self._judge_undeclared(item, page.text)
                return
        elif known is not None:
            last = self.state.documents.get(f"{known.developer}/{known.document.id}", {})
            if _offline_verdict(item, str(last.get("status", "")), str(last.get("detail", ""))):
                return
        text, where = self._text_to_check(evidence, known, page)
        if text is None:
            item.verdict = Verdict.UNCHECKED
            item.detail = "no archived text to check the quote against"
            item.suggestion = "declare the document in sources/ and run `scorecards collect docs` to archive it"
            return
        missing = missing_fragment(evidence.quote, normalize(text))
        if missing is not None:
            item.verdict = Verdict.QUOTE_MISSING
            item.detail = f"the quote is no longer in {where}: {_short(missing)!r} was not found"
            nearest = nearest_passage(missing, normalize(text))
            item.suggestion = (
                f"the closest passage now is {nearest!r}; update the quote (and retrieved, archive) or the status"
                if nearest
                else "the passage was removed; find where it went, or change the claim"
            )
            return
        if known is not None and known.previous_url:
            item.verdict, item.detail = Verdict.MOVED, f"the document now lives at {known.document.url}"
            item.suggestion = f"change the url to {known.document.url}"
            return
        item.verdict = Verdict.VERIFIED
        item.detail = f"the quote is in {where}" + ("" if page is not None else "; the URL was not requested (offline)")

    def _judge_undeclared(self, item: Item, live_text: str) -> None:
        """A page not declared in sources/: its whole main content is searched, as no selectors say where to look."""
        if missing_fragment(item.evidence.quote, normalize(live_text)) is None:
            item.verdict, item.detail = Verdict.VERIFIED, "the quote is in the live page"
            return
        item.verdict = Verdict.UNCHECKED
        item.detail = "the quote was not found in the live page as read without declared selectors"
        item.suggestion = "declare the document in sources/ (with selectors) so that it is archived and checked"

    def _text_to_check(self, evidence: Evidence, known: Declared | None, page: _Page | None) -> tuple[str | None, str]:
        """The newest text of what the evidence cites, and a phrase saying which text it is."""
        if page is not None and page.text is not None and not (known is not None and known.previous_url):
            return page.text, "the live page"
        if known is not None:
            record = self.records.get((known.developer, known.document.id))
            if record is not None and record.latest is not None:
                archive = DocumentArchive(self.paths.archive, known.developer, known.document.id)
                text = archive.latest_text(record)
                if text is not None:
                    return text, f"the latest archived version ({record.latest.recorded})"
        if evidence.archive is not None:
            text = self.archive_index.text(evidence.archive)
            if text is not None:
                return text, f"the archived copy archive/{evidence.archive}"
        return None, ""


def _url_verdict(item: Item, result: FetchResult) -> bool:
    """Set a verdict from the URL check alone; False when the quote still has to be checked."""
    if result.status is FetchStatus.NOT_FOUND:
        item.verdict, item.detail = Verdict.URL_MISSING, result.detail
        item.suggestion = "find where the document went (or an archived copy) and update the url"
        return True
    if not result.ok:
        item.verdict, item.detail = Verdict.UNREACHABLE, result.detail
        return True
    if result.moved_permanently and result.final_url != result.url:
        item.verdict = Verdict.MOVED
        item.detail = f"{result.url} redirects permanently to {result.final_url}"
        item.suggestion = f"change the url to {result.final_url}"
        return True
    return False


def _offline_verdict(item: Item, status: str, detail: str) -> bool:
    """Offline, a declared document's last collection status tells what its URL did."""
    if status == "not-found":
        item.verdict, item.detail = Verdict.URL_MISSING, f"at the last collection: {detail}"
        return True
    if status == "structure-changed":
        item.verdict, item.detail = Verdict.STRUCTURE_CHANGED, f"at the last collection: {detail}"
        item.suggestion = "update select/remove of the document in sources/, then run `scorecards collect docs`"
        return True
    return False


def _save(path: Path, run: VerificationRun) -> None:
    previous = VerificationFile.read(path)
    current = VerificationFile(checked=run.checked, offline=run.offline)
    for item in run.items:
        before = previous.entries.get(item.key)
        since = before.since if before is not None and before.verdict is item.verdict else run.checked
        current.entries[item.key] = EvidenceVerification(item.verdict, run.checked, since, item.detail, item.suggestion)
    write_atomically(path, current.to_json(), inside=path.parent)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
