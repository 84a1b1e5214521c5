"""The scheduled collection: every collector in one run, and the pull-request body that explains it.

A scheduled workflow runs :func:`collect_all` (the Hub cards, then the vendor
documents), and opens one pull request when the data changed.  Its body says,
per model, which claims changed status and on what evidence, which documents
changed (with diffs), and what failed.  The run is described by a
:class:`CollectionReport`, which is JSON-serialisable so that shards of a
larger run (see :func:`plan`) can be merged into one body by
:func:`pull_request_body`.  Nothing changed, no body: the workflow then opens nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from collector import clock
from collector.dataset import Dataset, ProjectPaths, load_dataset
from collector.docs import project as docs_project
from collector.docs import report as docs_report
from collector.docs.collect import DocumentOutcome
from collector.docs.fetch import Fetcher
from collector.hf import project as hub_project
from collector.hf.collect import PROBLEMS
from collector.hf.hub import HubClient
from collector.schema import Claim, Scorecard, is_slug

# GitHub refuses pull request bodies over 65,536 characters; leave room for the workflow's own text.
MAX_BODY = 60_000
DOCUMENT_WEIGHT = 5  # a vendor document costs about five Hub cards of time: politeness delays, bigger pages


@dataclass
class ClaimChange:
    """One claim that a collection run changed."""

    indicator: str
    rubric: str
    before: str | None  # the status before, None for a claim that is new
    after: str
    proposed: str | None = None  # a collector's finding or lead awaiting review, when that is what changed
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (url, quote)


@dataclass
class ModelChanges:
    file: str
    subject_id: str
    name: str
    changes: list[ClaimChange] = field(default_factory=list)


@dataclass
class CollectionReport:
    started: str
    changed_files: list[str] = field(default_factory=list)
    models: list[ModelChanges] = field(default_factory=list)
    hub: list[dict[str, str]] = field(default_factory=list)  # repositories that did not come back unchanged
    hub_checked: int = 0
    documents: list[dict[str, Any]] = field(default_factory=list)  # DocumentOutcome.to_dict of every document
    errors: list[str] = field(default_factory=list)  # a collector that could not run at all, and why

    @property
    def changed(self) -> bool:
        return bool(self.changed_files)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CollectionReport:
        data = json.loads(text)
        models = [
            ModelChanges(
                m["file"],
                m["subject_id"],
                m["name"],
                [ClaimChange(**c | {"evidence": [tuple(e) for e in c["evidence"]]}) for c in m["changes"]],
            )
            for m in data.get("models", [])
        ]
        return cls(
            started=data["started"],
            changed_files=list(data.get("changed_files", [])),
            models=models,
            hub=list(data.get("hub", [])),
            hub_checked=int(data.get("hub_checked", 0)),
            documents=list(data.get("documents", [])),
            errors=list(data.get("errors", [])),
        )


# ---------------------------------------------------------------- running


def collect_all(
    root: Path,
    developers: Sequence[str] = (),
    *,
    hub_client: HubClient | None = None,
    fetcher: Fetcher | None = None,
    contact: str | None = None,
    today: dt.date | None = None,
) -> CollectionReport:
    """Run the Hub collector, then the document collector, for every developer (or only ``developers``)."""
    paths = ProjectPaths(root)
    started = clock.now()
    report = CollectionReport(started=started.isoformat(timespec="seconds"))
    before_files = _digest(paths)
    before = load_dataset(root, check_archive=False)
    known = _developer_ids(before)
    unknown = [d for d in developers if d not in known]
    if unknown:
        close = difflib.get_close_matches(unknown[0], known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise hub_project.CollectError(
            f"no scorecards or sources for developer {unknown[0]!r}{hint}; give ids as developers.yaml lists them, "
            "or the folder name under scorecards/"
        )
    repos, documents = _work_of(before, developers)
    if repos or not developers:
        try:
            run = hub_project.collect_hub(root, repos if developers else (), client=hub_client, today=today)
            report.hub_checked = len(run.results)
            report.hub = [
                {"repo": r.repo_id, "status": r.status.value, "detail": _hub_detail(r)}
                for r in run.results
                if r.status.value != "unchanged"
            ]
        except hub_project.CollectError as exc:
            report.errors.append(f"Hugging Face collector: {exc}")
    if documents:
        try:
            wanted = documents if developers else ()
            doc_run = docs_project.collect_documents(root, wanted, fetcher=fetcher, contact=contact, today=today)
            report.documents = [o.to_dict() for o in doc_run.outcomes]
            report.errors += [f"document suggestions: {e}" for e in doc_run.proposal_errors]
        except hub_project.CollectError as exc:
            report.errors.append(f"vendor document collector: {exc}")
    after_files = _digest(paths)
    report.changed_files = sorted(p for p in {*before_files, *after_files} if before_files.get(p) != after_files.get(p))
    if report.changed:
        report.models = _claim_changes(before, load_dataset(root, check_archive=False))
    return report


def plan(root: Path, shards: int) -> list[list[str]]:
    """Developer ids in at most ``shards`` groups of about equal work; never an empty group."""
    dataset = load_dataset(root, check_archive=False)
    work: dict[str, int] = {}
    for developer in _developer_ids(dataset):
        repos, documents = _work_of(dataset, [developer])
        weight = len(repos) + DOCUMENT_WEIGHT * _document_count(dataset, documents)
        if weight:
            work[developer] = weight
    groups: list[tuple[int, list[str]]] = [(0, []) for _ in range(max(1, min(shards, len(work))))]
    for developer, weight in sorted(work.items(), key=lambda item: (-item[1], item[0])):
        groups.sort(key=lambda g: g[0])
        total, members = groups[0]
        groups[0] = (total + weight, [*members, developer])
    return [sorted(members) for _, members in groups if members]


def _developer_ids(dataset: Dataset) -> list[str]:
    """Every developer with scorecards or sources: its id, or for a name developers.yaml lacks, its folder."""
    ids = {
        _developer_id(dataset, loaded.model.subject.developer, loaded.path.parent.name)
        for loaded in dataset.scorecards
        if loaded.model is not None
    }
    ids |= {_developer_id(dataset, s.model.developer, s.path.stem) for s in dataset.sources if s.model is not None}
    # A folder or file name is not an id until it is a slug: one with a newline or a space would split into two
    # `--developer` arguments in the sharded workflow. validate reports such names as errors.
    return sorted(i for i in ids if is_slug(i))


def _developer_id(dataset: Dataset, name: str, fallback: str) -> str:
    developer = dataset.developers.resolve(name)
    return developer.id if developer is not None else fallback


def _work_of(dataset: Dataset, developers: Sequence[str]) -> tuple[list[str], list[str]]:
    """The Hub repos and the sources files (by name) that belong to ``developers`` (all, when none are given)."""
    wanted = set(developers)
    broken = dataset.files_with_errors()  # the Hub collector reports these itself, when run for all
    repos = []
    for loaded in dataset.scorecards:
        card = loaded.model
        if card is None or card.subject.links.huggingface is None or loaded.display in broken:
            continue
        if not wanted or _developer_id(dataset, card.subject.developer, loaded.path.parent.name) in wanted:
            repos.append(card.subject.links.huggingface)
    documents = [
        s.path.stem
        for s in dataset.sources
        if s.model is not None and (not wanted or _developer_id(dataset, s.model.developer, s.path.stem) in wanted)
    ]
    return repos, documents


def _document_count(dataset: Dataset, files: Iterable[str]) -> int:
    names = set(files)
    return sum(len(s.model.documents) for s in dataset.sources if s.model is not None and s.path.stem in names)


def _hub_detail(result: Any) -> str:
    merge = result.merge
    if merge is not None and merge.written:
        parts = [f"{len(merge.added)} added", f"{len(merge.updated)} changed", f"{len(merge.removed)} removed"]
        if merge.proposed:
            parts.append(f"{len(merge.proposed)} proposed for review")
        return ", ".join(parts)
    return str(result.message or "")


def _digest(paths: ProjectPaths) -> dict[str, str]:
    """The data a pull request carries (scorecards and archive), file by file; state is not part of it."""
    out = {}
    for folder in (paths.scorecards, paths.archive):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    out[paths.display(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


# ---------------------------------------------------------------- what changed


def _claim_changes(before: Dataset, after: Dataset) -> list[ModelChanges]:
    old = {loaded.display: loaded.model for loaded in before.scorecards if loaded.model is not None}
    out = []
    for loaded in after.scorecards:
        if loaded.model is None:
            continue
        changes = _changes_in(old.get(loaded.display), loaded.model)
        if changes:
            subject = loaded.model.subject
            out.append(ModelChanges(loaded.display, subject.id, subject.name, changes))
    return sorted(out, key=lambda m: m.name.lower())


def _latest_claims(card: Scorecard | None) -> dict[tuple[str, str], Claim]:
    if card is None:
        return {}
    latest: dict[str, Any] = {}
    for assessment in sorted(card.assessments, key=lambda a: a.date):
        latest[assessment.rubric] = assessment
    return {(rubric, key): claim for rubric, a in latest.items() for key, claim in a.indicators.items()}


def _changes_in(before: Scorecard | None, after: Scorecard) -> list[ClaimChange]:
    old = _latest_claims(before)
    changes = []
    for (rubric, indicator), claim in _latest_claims(after).items():
        previous = old.get((rubric, indicator))
        proposal = _proposal(claim)
        status_changed = previous is None or previous.status is not claim.status
        proposal_changed = proposal is not None and (previous is None or _proposal(previous) != proposal)
        # by quote: a Hub URL pins the card's commit, so it changes with every commit even when the words do not
        evidence_changed = previous is not None and {e.quote for e in previous.evidence} != {
            e.quote for e in claim.evidence
        }
        if not (status_changed or proposal_changed or evidence_changed):
            continue
        shown = claim.proposed.evidence if proposal_changed and claim.proposed else claim.evidence
        changes.append(
            ClaimChange(
                indicator=indicator,
                rubric=rubric,
                before=previous.status.value if previous is not None else None,
                after=claim.status.value,
                proposed=proposal if proposal_changed else None,
                evidence=[(str(e.url), e.quote) for e in shown[:2]],
            )
        )
    return changes


def _proposal(claim: Claim) -> str | None:
    if claim.proposed is None:
        return None
    return claim.proposed.status.value if claim.proposed.status is not None else "lead"


# ---------------------------------------------------------------- the body


def pull_request_body(reports: Sequence[CollectionReport]) -> str | None:
    """One pull request body for a run (or its shards); None when no data changed."""
    if not any(r.changed for r in reports):
        return None
    models = sorted((m for r in reports for m in r.models), key=lambda m: m.name.lower())
    hub = [h for r in reports for h in r.hub]
    outcomes = [DocumentOutcome.from_dict(d) for r in reports for d in r.documents]
    errors = [e for r in reports for e in r.errors]
    files = sorted({f for r in reports for f in r.changed_files})
    started = min(r.started for r in reports)
    claims = sum(len(m.changes) for m in models)
    hub_failed = [h for h in hub if h["status"] in {status.value for status in PROBLEMS}]
    parts = [
        f"Scheduled collection started {started}: {claims} claim change(s) in {len(models)} scorecard(s), "
        f"{len(files)} file(s) changed. {docs_report.headline(outcomes) if outcomes else 'No vendor documents.'}",
        "",
        "Review the status changes and their evidence below; a person's claims are never changed by a collector, "
        "only proposed beside. Merge when they read right, or push fixes to this branch.",
        "",
    ]
    if errors or hub_failed:
        parts += ["## Failures", ""]
        parts += [f"- {docs_report.cell(e)}" for e in errors]
        parts += [f"- Hugging Face `{h['repo']}`: {docs_report.cell(h['detail'])}" for h in hub_failed]
        parts.append("")
    parts += _models_section(models)
    if hub:
        parts += ["## Hugging Face cards", "", "| repository | status | detail |", "|---|---|---|"]
        parts += [f"| `{h['repo']}` | {h['status']} | {docs_report.cell(h['detail'])} |" for h in hub]
        parts.append("")
    if outcomes:
        parts.append(docs_report.as_markdown(outcomes))
    body = "\n".join(parts).rstrip() + "\n"
    if len(body) > MAX_BODY:
        body = body[: MAX_BODY - 200] + "\n\n*(truncated; the full report is in the workflow's artifacts)*\n"
    return body


def _models_section(models: Sequence[ModelChanges]) -> list[str]:
    if not models:
        return []
    lines = ["## Status changes by model", ""]
    for model in models:
        lines += [
            f"### {docs_report.cell(model.name)} (`{model.file}`)",
            "",
            "| indicator | before | after | evidence |",
            "|---|---|---|---|",
        ]
        for change in model.changes:
            after = change.after + (f", proposed: {change.proposed}" if change.proposed else "")
            evidence = "<br>".join(
                f"{docs_report.code(url)}: “{docs_report.cell(docs_report.short(quote, 160))}”"
                for url, quote in change.evidence
            )
            lines.append(f"| `{change.indicator}` | {change.before or 'new'} | {after} | {evidence or '–'} |")
        lines.append("")
    return lines
