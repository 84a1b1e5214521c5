"""The vendor-document collector applied to a project: which documents, which fetcher, which scorecards."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collector import __version__, clock
from collector.dataset import Dataset, ProjectPaths, load_dataset
from collector.docs.addresses import policy_from_environment
from collector.docs.archive import iso
from collector.docs.collect import COLLECTOR_ID, DocumentCollector, DocumentOutcome, Target
from collector.docs.fetch import Fetcher
from collector.docs.pending import FILE as PENDING_FILE
from collector.docs.pending import PendingFile, proposals_for
from collector.hf.project import CollectError, headline_rubric
from collector.problems import Severity
from collector.store import MergeError, propose_claims

CONTACT_VARIABLE = "SCORECARDS_CONTACT"


@dataclass
class DocumentRun:
    outcomes: list[DocumentOutcome]
    started: str
    finished: str
    proposal_errors: list[str]


def user_agent(contact: str) -> str:
    """Who we are and where to complain: sites' operators read this in their logs."""
    return f"ScorecardsBot/{__version__} (AI transparency scorecards; +{contact})"


def make_fetcher(root: Path, contact: str | None) -> Fetcher:
    """The fetcher of the command line: public addresses only (tests of the command line may allow loopback)."""
    return Fetcher(user_agent=user_agent(find_contact(root, contact)), addresses=policy_from_environment())


def find_contact(root: Path, explicit: str | None) -> str:
    """The contact URL for the user agent: --contact, then $SCORECARDS_CONTACT, then repo_url in mkdocs.yml,
    $SCORECARDS_REPO_URL, then the repository a GitHub Actions run belongs to."""
    candidates = (
        explicit,
        os.environ.get(CONTACT_VARIABLE),
        _repo_url(root / "mkdocs.yml"),
        os.environ.get("SCORECARDS_REPO_URL"),
        actions_repository(),
    )
    for candidate in candidates:
        if candidate and re.fullmatch(r"https?://[!-~]+", candidate.strip()):  # visible ASCII: it goes in a header
            return candidate.strip()
    raise CollectError(
        "vendor sites must be able to reach whoever runs the collector: pass --contact URL, set "
        f"{CONTACT_VARIABLE}, or set repo_url in mkdocs.yml (e.g. the repository's GitHub URL)"
    )


def actions_repository() -> str | None:
    """The repository's URL when running in GitHub Actions (which sets both variables)."""
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if (
        server
        and repository
        and re.fullmatch(r"https://[\w.-]+", server)
        and re.fullmatch(r"[\w.-]+/[\w.-]+", repository)
    ):
        return f"{server}/{repository}"
    return None


def _repo_url(mkdocs_yml: Path) -> str | None:
    try:
        text = mkdocs_yml.read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"^repo_url:\s*['\"]?(\S+?)['\"]?\s*$", text, re.MULTILINE)
    return match.group(1) if match else None


def targets_of(dataset: Dataset, wanted: Sequence[str] = ()) -> list[Target]:
    """Declared documents from valid sources files; ``wanted`` filters by developer or developer/document."""
    broken = dataset.files_with_errors()
    targets = []
    for loaded in dataset.sources:
        if loaded.model is None or loaded.display in broken:
            continue
        for document in loaded.model.documents:
            targets.append(Target(loaded.path.stem, loaded.model.developer, document))
    if not wanted:
        return targets
    chosen = [t for t in targets if t.developer in wanted or f"{t.developer}/{t.document.id}" in wanted]
    known = {t.developer for t in targets} | {f"{t.developer}/{t.document.id}" for t in targets}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise CollectError(f"not declared in sources/: {', '.join(unknown)}; give a developer or developer/document")
    return chosen


def collect_documents(
    root: Path,
    wanted: Sequence[str] = (),
    *,
    fetcher: Fetcher | None = None,
    contact: str | None = None,
    today: dt.date | None = None,
    now: Callable[[], dt.datetime] = clock.now,
    workers: int = 4,
) -> DocumentRun:
    """Fetch, archive and suggest for every declared document (or those ``wanted``)."""
    paths = ProjectPaths(root)
    dataset = load_dataset(root, check_archive=False)
    invalid_sources = [p for p in dataset.problems if p.file.startswith("sources/") and p.severity is Severity.ERROR]
    if invalid_sources:
        first = invalid_sources[0]
        raise CollectError(
            f"{len(invalid_sources)} problem(s) in sources/, first {first.file}:{first.line}: {first.message}; "
            "fix them (scorecards validate) before collecting"
        )
    targets = targets_of(dataset, wanted)
    rubric_id, rubric_version = headline_rubric(dataset)
    rubric = dataset.rubrics[(rubric_id, rubric_version)]
    own_fetcher = fetcher is None
    fetcher = fetcher or make_fetcher(root, contact)
    started = now()
    day = today or started.date()
    pending = PendingFile(paths.state / PENDING_FILE)
    errors = _propose(dataset, pending, paths.archive, day)  # what an interrupted run recorded but did not propose
    try:
        collector = DocumentCollector(
            paths.archive,
            paths.state / "documents.json",
            fetcher,
            indicators=rubric.indicators,
            now=now,
            workers=workers,
            pending=pending,
        )
        outcomes = collector.run(targets)
    finally:
        if own_fetcher:
            fetcher.close()
    errors += _propose(dataset, pending, paths.archive, day)
    return DocumentRun(outcomes, iso(started), iso(now()), errors)


def _propose(dataset: Dataset, pending: PendingFile, archive_root: Path, today: dt.date) -> list[str]:
    """Write every pending document's suggestions beside the claims of the models it covers (this run's, and those
    an interrupted run left), then forget them; an entry whose version was never recorded is dropped.

    Each scorecard is read, validated and written once for all the documents that cover it, not once per
    document: a developer's dozens of documents each covering its every model made that quadratic. Entries are
    forgotten only after every scorecard is written, so an interrupted run proposes them again (which changes
    nothing where a proposal is already there).
    """
    rubric_id, rubric_version = headline_rubric(dataset)
    by_subject = {loaded.model.subject.id: loaded for loaded in dataset.scorecards if loaded.model is not None}
    broken = dataset.files_with_errors()
    errors = []
    per_model: dict[str, dict[str, dict[str, Any]]] = {}
    done = []
    for entry in pending.all():
        done.append(entry.key)
        found = entry.version_in(archive_root)
        if found is None:
            continue
        proposals = proposals_for(entry, *found)
        for model_id in entry.models:
            loaded = by_subject.get(model_id)
            if loaded is None or loaded.display in broken:
                errors.append(f"{entry.key}: {model_id} has no valid scorecard; skipped")
                continue
            per_model.setdefault(model_id, {}).update(proposals)  # a later document's word on an indicator wins
    for model_id, proposals in per_model.items():
        try:
            propose_claims(
                by_subject[model_id].path,
                rubric_id=rubric_id,
                rubric_version=rubric_version,
                proposals=proposals,
                collector=COLLECTOR_ID,
                today=today,
            )
        except MergeError as exc:
            errors.append(str(exc))
    for key in done:
        pending.remove(key)
    return errors
