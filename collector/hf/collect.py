"""Collect disclosures from Hub cards into scorecards: the Hugging Face collector.

One run, in order:

1. **What changed.**  Repositories never seen before are fetched directly (the
   card's GET also returns its commit).  For the others, one paginated listing
   of recently modified models (``list_models(sort="last_modified",
   expand=[...])``), read only back to the previous run, names those whose
   commit moved; nothing else is requested.  If that listing runs too long
   (the previous run is old), every known repository is fetched again.
2. **Fetch** the changed cards with bounded concurrency (one GET each).
3. **Read** each card with :mod:`collector.hf.rules`; where the card is silent
   on what a base model's card documents (pre-training data, architecture,
   hardware, emissions), the base model's card is read too and the claim says
   it is inherited.  Named datasets' cards are read for data access.
4. **Merge** into the scorecard (:mod:`collector.store`) and archive the card
   text the quotes come from, so ``scorecards validate`` can check them; a
   claim that check would reject is dropped first, with a note in the report
   (:mod:`collector.hf.selfcheck`).
5. **Remember** each repository's commit in ``state/huggingface.json``
   (written atomically, with checkpoints), so a re-run downloads nothing that
   did not change.

A run has a deadline (:data:`RUN_DEADLINE`): past it nothing more is requested,
cards still on their way are abandoned with the status ``timed out``, and the
run finishes with what it has (the next run fetches those again).  Names that
come from the Hub or from cards go through :mod:`collector.hf.names` before
they become a path: an invalid ``base_model`` or ``datasets`` value is reported
and skipped, an invalid commit refuses the card.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from collector import clock
from collector.hf.card import Card, first_line, parse_card
from collector.hf.elements import graded
from collector.hf.hub import CardFetch, FetchStatus, HubClient, TransientError
from collector.hf.names import InvalidNameError, archive_path, check_commit, check_repo_id, is_commit, named_repo_ids
from collector.hf.rules import Finding, find_all
from collector.hf.selfcheck import kept_claims
from collector.hf.state import StateFile
from collector.quotes import without_controls
from collector.schema import Status
from collector.store import MergeError, MergeReport, merge_claims, write_atomically

COLLECTOR_ID = "huggingface"
HUB = "https://huggingface.co"
INHERITABLE = {
    "training-data-sources",
    "training-data-size",
    "model-architecture",
    "model-size",
    "training-hardware",
    "energy-emissions",
}
SCAN_MARGIN = dt.timedelta(hours=1)
CHECKPOINT_EVERY = 200
RUN_DEADLINE = 20 * 60.0  # seconds: the weekly job's hour also holds the document collector


class RepoStatus(StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    GATED = "gated"
    NOT_FOUND = "not found"
    NO_CARD = "no card"
    REFUSED = "refused"
    TIMED_OUT = "timed out"
    FAILED = "failed"


#: Outcomes that need a person's attention (the command's exit status is 1).
PROBLEMS = frozenset({RepoStatus.FAILED, RepoStatus.REFUSED, RepoStatus.TIMED_OUT})


@dataclass
class RepoResult:
    repo_id: str
    status: RepoStatus
    message: str = ""
    merge: MergeReport | None = None
    claims: int = 0
    parse_error: str | None = None
    notes: list[str] = field(default_factory=list)  # what was skipped, e.g. a base_model that is not a repo id


@dataclass
class RunSummary:
    results: list[RepoResult] = field(default_factory=list)
    cards_fetched: int = 0

    def count(self, status: RepoStatus) -> int:
        return sum(1 for r in self.results if r.status is status)


@dataclass
class Target:
    """A scorecard to keep current, and the Hub repository it tracks."""

    repo_id: str
    scorecard: Path


class HubCollector:
    """Keeps scorecards current with their Hub cards (see the module docstring)."""

    name = COLLECTOR_ID

    def __init__(
        self,
        client: HubClient,
        *,
        archive_dir: Path,
        state_path: Path,
        rubric_id: str,
        rubric_version: str,
        today: dt.date,
        now: Callable[[], dt.datetime] | None = None,
        workers: int = 8,
        follow_datasets: bool = True,
        progress: Callable[[RepoResult, int, int], None] | None = None,
        checklists: Mapping[str, Sequence[str]] | None = None,
        run_deadline: float = RUN_DEADLINE,
    ) -> None:
        self.client = client
        self.archive_dir = archive_dir
        self.state = StateFile(state_path)
        self.rubric_id = rubric_id
        self.rubric_version = rubric_version
        self.today = today
        self.now = now or clock.wall_clock  # compared with the Hub's lastModified
        self.workers = workers
        self.follow_datasets = follow_datasets
        self.progress = progress
        self._related: dict[tuple[str, bool], CardFetch] = {}
        self.checklists = checklists or {}  # indicator id -> its element ids, where the rubric grades by checklist
        self.run_deadline = run_deadline
        self._deadline: float | None = None  # time.monotonic() instant the current run ends by

    # ----------------------------------------------------------------- run

    def run(self, targets: Iterable[Target], *, force: bool = False) -> RunSummary:
        started = self.now()
        self._deadline = time.monotonic() + self.run_deadline
        targets = list(targets)
        summary = RunSummary()
        plan = self._plan(targets, force)
        to_fetch = [(t, rev) for t, rev in plan if rev is not None]
        for target, revision in plan:
            if revision is None:
                self._record(summary, RepoResult(target.repo_id, RepoStatus.UNCHANGED), len(targets))
        pool = ThreadPoolExecutor(max_workers=self.workers)
        try:
            futures: dict[Future[CardFetch], Target] = {
                pool.submit(self.client.fetch_card, t.repo_id, rev, deadline=self._deadline): t for t, rev in to_fetch
            }
            pending = set(futures)
            try:
                remaining = max(self._deadline - time.monotonic(), 0.0)
                for done, future in enumerate(as_completed(futures, timeout=remaining), start=1):
                    pending.discard(future)
                    summary.cards_fetched += 1
                    self._record(summary, self._process(futures[future], future.result()), len(targets))
                    if done % CHECKPOINT_EVERY == 0:
                        self.state.save(self.state.last_run_started)  # progress survives an interruption
            except FuturesTimeout:
                # Cards still on their way are abandoned (their workers stop at their next read); nothing of
                # theirs is written, and the next run fetches them again.
                for future in sorted(pending, key=lambda f: futures[f].repo_id.lower()):
                    future.cancel()
                    self._record(summary, self._timed_out(futures[future].repo_id), len(targets))
        except BaseException:
            # Ctrl-C or a crash: stop fetching, keep what is complete. Every scorecard is either
            # untouched or fully written; the previous run's start time stays, so the next run
            # looks for changes from there again.
            pool.shutdown(wait=False, cancel_futures=True)
            self.state.save(self.state.last_run_started)
            raise
        pool.shutdown(wait=False, cancel_futures=True)
        self.state.save(started)
        return summary

    def begin(self) -> float:
        """Start a run's clock for a caller that fetches its cards itself (``scorecards new``, see
        :mod:`collector.hf.new`); returns the :func:`time.monotonic` instant nothing is requested past."""
        self._deadline = time.monotonic() + self.run_deadline
        return self._deadline

    def collect_fetched(self, target: Target, fetched: CardFetch) -> RepoResult:
        """Merge a card its caller fetched, with no change plan: a repository the state remembers (a scorecard
        deleted and added again) is collected all the same.  Its state entry is refreshed; :meth:`save_state`
        keeps it."""
        return self._process(target, fetched)

    def save_state(self) -> None:
        """Keep what :meth:`collect_fetched` learnt.  The previous full run's start stays: only some repositories
        were looked at, so the next run still looks for changes from there."""
        self.state.save(self.state.last_run_started)

    def _timed_out(self, repo_id: str) -> RepoResult:
        entry = self.state.repos.setdefault(repo_id, {})
        entry.update({"checked": self.today.isoformat(), "status": RepoStatus.TIMED_OUT.value})
        entry.pop("sha", None)  # not collected: fetched directly next run, whatever the listing says
        message = f"timed out: the run's deadline ({self.run_deadline:.0f} s) passed before its card arrived"
        return RepoResult(repo_id, RepoStatus.TIMED_OUT, message + "; run again to finish")

    def _record(self, summary: RunSummary, result: RepoResult, total: int) -> None:
        summary.results.append(result)
        if self.progress is not None:
            self.progress(result, len(summary.results), total)

    def _plan(self, targets: list[Target], force: bool) -> list[tuple[Target, str | None]]:
        """Each target with the revision to fetch, or None when it certainly did not change."""
        known = {t.repo_id for t in targets if self.state.repos.get(t.repo_id, {}).get("sha")}
        if force or not known or self.state.last_run_started is None:
            return [(t, "main") for t in targets]
        moved = self._moved_since(self.state.last_run_started - SCAN_MARGIN, known, limit=max(2_000, len(known)))
        plan: list[tuple[Target, str | None]] = []
        for target in targets:
            if target.repo_id not in known or moved is None:
                plan.append((target, "main"))
            elif target.repo_id in moved:
                plan.append((target, moved[target.repo_id] or "main"))
            else:
                plan.append((target, None))
        return plan

    def _moved_since(self, cutoff: dt.datetime, known: set[str], *, limit: int) -> dict[str, str | None] | None:
        """Known repositories whose commit changed since ``cutoff``; None if the listing ran past ``limit``."""
        moved: dict[str, str | None] = {}
        try:
            for seen, info in enumerate(self.client.recently_modified(self._deadline), start=1):
                if info.last_modified is not None and info.last_modified < cutoff:
                    return moved
                if seen > limit:
                    return None
                if info.repo_id in known and info.sha != self.state.repos[info.repo_id].get("sha"):
                    moved[info.repo_id] = info.sha
        except TransientError:
            return None
        return moved

    # ------------------------------------------------------------- one repo

    def _process(self, target: Target, fetched: CardFetch) -> RepoResult:
        repo_id = target.repo_id
        entry = self.state.repos.setdefault(repo_id, {})
        entry["checked"] = self.today.isoformat()
        status = {
            FetchStatus.GATED: RepoStatus.GATED,
            FetchStatus.NOT_FOUND: RepoStatus.NOT_FOUND,
            FetchStatus.NO_CARD: RepoStatus.NO_CARD,
            FetchStatus.REFUSED: RepoStatus.REFUSED,
            FetchStatus.TIMED_OUT: RepoStatus.TIMED_OUT,
            FetchStatus.FAILED: RepoStatus.FAILED,
        }.get(fetched.status)
        if status is not None:
            entry["status"] = status.value
            entry.pop("sha", None)  # not collected: look at it again next run (a token may have been added)
            return RepoResult(repo_id, status, fetched.message)
        sha = fetched.sha or "main"
        card = parse_card(fetched.content)
        notes: list[str] = []
        try:
            check_repo_id(repo_id)
            if sha != "main":
                check_commit(sha, "the card's commit")
            claims = kept_claims(self.claims_for(repo_id, sha, card, fetched.content, notes), self.archive_dir, notes)
            report = merge_claims(
                target.scorecard,
                rubric_id=self.rubric_id,
                rubric_version=self.rubric_version,
                claims=claims,
                collector=COLLECTOR_ID,
                today=self.today,
            )
        except _RelatedUnavailableError as exc:
            entry["status"] = exc.status.value
            entry.pop("sha", None)
            return RepoResult(repo_id, exc.status, str(exc), parse_error=card.metadata_error, notes=notes)
        except InvalidNameError as exc:
            entry["status"] = RepoStatus.REFUSED.value
            entry.pop("sha", None)
            return RepoResult(repo_id, RepoStatus.REFUSED, f"{exc}; nothing was written", notes=notes)
        except (MergeError, OSError) as exc:
            entry["status"] = RepoStatus.FAILED.value
            entry.pop("sha", None)
            return RepoResult(repo_id, RepoStatus.FAILED, str(exc), parse_error=card.metadata_error)
        except Exception as exc:  # one unreadable card must not stop a run over thousands
            entry["status"] = RepoStatus.FAILED.value
            entry.pop("sha", None)
            message = f"unexpected {type(exc).__name__} while reading the card: {exc}"
            return RepoResult(repo_id, RepoStatus.FAILED, message, parse_error=card.metadata_error)
        entry.update({"sha": sha, "status": "ok"})
        outcome = RepoStatus.UPDATED if report.written else RepoStatus.UNCHANGED
        return RepoResult(
            repo_id, outcome, merge=report, claims=len(claims), parse_error=card.metadata_error, notes=notes
        )

    def claims_for(
        self, repo_id: str, sha: str, card: Card, content: bytes, notes: list[str] | None = None
    ) -> dict[str, dict[str, Any]]:
        """The claims a card supports, with its base model's and datasets' cards where they add to it.

        What is skipped (a name that is not a Hub repository id, a related card refused) is added to ``notes``.
        """
        notes = notes if notes is not None else []
        findings = find_all(card)
        for indicator_id in sorted(set(card.derived.get("dropped", [])) - {f.indicator_id for f in findings}):
            notes.append(f"dropped a {indicator_id} finding: its quote would not pass validation")
        claims = {f.indicator_id: self._claim(f, repo_id, sha, content) for f in findings}
        for base in named_repo_ids(card.metadata.get("base_model"), "base_model", notes):
            missing = INHERITABLE - set(claims)
            if not missing or base == repo_id:
                break
            fetched = self._related_card(base, dataset=False, notes=notes)
            if fetched.status is FetchStatus.OK:
                base_sha = fetched.sha or "main"
                for finding in find_all(parse_card(fetched.content)):
                    if finding.indicator_id in missing:
                        claims[finding.indicator_id] = self._claim(
                            finding, base, base_sha, fetched.content, inherited_from=base
                        )
        if self.follow_datasets:
            self._dataset_claims(card, claims, notes)
        return claims

    def _dataset_claims(self, card: Card, claims: dict[str, dict[str, Any]], notes: list[str]) -> None:
        """A named training dataset that the Hub serves is evidence that (part of) the data can be obtained."""
        if "training-data-access" in claims:
            return
        for dataset in named_repo_ids(card.metadata.get("datasets"), "datasets", notes)[:5]:
            fetched = self._related_card(dataset, dataset=True, notes=notes)
            if fetched.status is not FetchStatus.OK:
                continue
            dataset_card = parse_card(fetched.content)
            quote = first_line(dataset_card)
            if not quote:
                continue
            finding = Finding(
                "training-data-access",
                Status.PARTIAL,
                quote,
                f"dataset card of {dataset}",
                note=f"The training dataset {dataset}, named in this model's card, is published on "
                "the Hub; whether it is all of the training data needs a reviewer.",
            )
            claims["training-data-access"] = self._claim(
                finding, dataset, fetched.sha or "main", fetched.content, dataset=True
            )
            return

    def _related_card(self, repo_id: str, *, dataset: bool, notes: list[str]) -> CardFetch:
        """A base model's or dataset's card.  One that could not be read for now (a failure, a timeout) stops the
        repository's merge, since merging without it would drop the claims it supports; one refused is noted."""
        key = (repo_id, dataset)
        if key not in self._related:
            self._related[key] = self.client.fetch_card(repo_id, "main", dataset=dataset, deadline=self._deadline)
        fetched = self._related[key]
        what = f"the card of {'dataset' if dataset else 'base model'} {repo_id}"
        if fetched.status is FetchStatus.TIMED_OUT:
            raise _RelatedUnavailableError(RepoStatus.TIMED_OUT, f"{what}: {fetched.message}; run again to finish")
        if fetched.status is FetchStatus.FAILED:
            raise _RelatedUnavailableError(RepoStatus.FAILED, f"{what}: {fetched.message}; run again to finish")
        if fetched.status is FetchStatus.OK and fetched.sha is not None and not is_commit(fetched.sha):
            fetched = CardFetch(FetchStatus.REFUSED, message=f"its commit {fetched.sha!r} is not a commit id")
        if fetched.status is FetchStatus.REFUSED:
            notes.append(f"{what} was not used: {fetched.message}")
        return fetched

    def _claim(
        self,
        finding: Finding,
        repo_id: str,
        sha: str,
        content: bytes,
        *,
        inherited_from: str | None = None,
        dataset: bool = False,
    ) -> dict[str, Any]:
        prefix = "datasets/" if dataset else ""
        url = f"{HUB}/{prefix}{repo_id}/blob/{sha}/README.md" + (f"#{finding.anchor}" if finding.anchor else "")
        archive = self._archive(prefix, repo_id, sha, content)
        evidence: dict[str, Any] = {"url": url, "quote": without_controls(finding.quote), "retrieved": self.today}
        if archive:
            evidence["archive"] = archive
        evidence["locator"] = without_controls(finding.locator).strip()[:200] or "card text"
        status, elements = graded(finding, self.checklists)
        claim: dict[str, Any] = {"status": status.value}
        if elements:
            claim["elements"] = elements
        claim["evidence"] = [evidence]
        note = finding.note
        if inherited_from:
            note = f"From the card of the base model {inherited_from}; this model's own card is silent here."
        if note:
            claim["note"] = note
        provenance: dict[str, Any] = {"source": "collector", "by": COLLECTOR_ID}
        if inherited_from:
            provenance["inherited_from"] = inherited_from
        claim["provenance"] = provenance
        return claim

    def _archive(self, prefix: str, repo_id: str, sha: str, content: bytes) -> str | None:
        """Store the card the quote comes from, once per commit; returns its path inside archive/.

        Every part of the path comes from the Hub: :func:`archive_path` checks each against the Hub's naming rules
        and the whole path against ``archive/`` (:class:`InvalidNameError` otherwise, and nothing is written)."""
        if sha == "main":
            return None
        relative, path = archive_path(self.archive_dir, repo_id, sha, dataset=bool(prefix))
        if not path.exists():
            write_atomically(
                path, content.decode("utf-8", errors="replace").replace("\r\n", "\n"), inside=self.archive_dir
            )
        return relative


class _RelatedUnavailableError(Exception):
    """A related card that could not be read for now: the repository is left as it was."""

    def __init__(self, status: RepoStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
