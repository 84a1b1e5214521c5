"""Writing scorecards: merge collected claims into files people also edit, atomically.

Rules of the merge, so that a collector never costs a person their work:

* A claim a person wrote or reviewed (``source: person``, or ``reviewed_by``),
  or that came from an import or another collector, is never changed or
  removed.  When this collector finds something different, it records a
  ``proposed`` claim beside it for a reviewer to accept or reject.
* This collector's own unreviewed claims are replaced when the source changes,
  and removed when the source no longer supports them.
* A change of any status starts a new assessment dated today (a copy of the
  latest one with the changes), so that history is kept in the file; evidence
  refreshes with unchanged statuses update the latest assessment in place.
* Comments, key order and formatting of everything else are kept (round-trip
  YAML), and a file whose content would not change is not written.
* The new text is validated before it is written, and written atomically
  (temporary file, fsync, rename), so an interrupted run leaves every file
  either as it was or fully updated.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from collector import safefiles, scratch
from collector.problems import DataError
from collector.schema import Scorecard
from collector.yamlsource import parse_yaml
from collector.yamlwrite import round_trip_yaml


def write_atomically(path: Path, content: str | bytes, *, inside: Path) -> None:
    """Replace ``path`` with ``content`` (text as UTF-8) so that readers see the old or the new file, never a mix.

    ``inside`` is the tree the caller writes to (archive/, the project): no folder between it and ``path`` may be
    a symbolic link, so that a link committed in a pull request cannot send the write elsewhere
    (:mod:`collector.safefiles`). The file itself is replaced by a rename, which replaces a link, never follows it.
    """
    safefiles.make_folder(path.parent, inside)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = scratch.temporary_path(path)  # named for its run, so that a later run can sweep it up
    stream = temporary.open("xb")  # outside the try: a name taken by another run is not ours to remove
    try:
        with stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    new_assessment: bool = False
    written: bool = False

    @property
    def status_changes(self) -> int:
        return len(self.added) + len(self.removed) + len(self.updated)


class MergeError(Exception):
    """The merged file would not be valid; nothing was written."""


def merge_claims(
    path: Path,
    *,
    rubric_id: str,
    rubric_version: str,
    claims: dict[str, dict[str, Any]],
    collector: str,
    today: dt.date,
    dry_run: bool = False,
) -> MergeReport:
    """Merge ``claims`` (indicator id -> claim mapping) made by ``collector`` into the scorecard at ``path``."""
    opened = _Opened.read(path, rubric_id, rubric_version, today)
    report = MergeReport()
    indicators = opened.indicators
    changes = _plan(indicators, claims, collector, today, report)
    if any(kind != "refresh" for kind, _, _ in changes) and opened.target.get("date") != today:
        fresh = _copy_as_new(opened.target, today)
        opened.assessments.append(fresh)
        indicators = fresh["indicators"]
        report.new_assessment = True
    for kind, indicator_id, value in changes:
        if kind == "remove":
            del indicators[indicator_id]
        elif kind == "propose":
            indicators[indicator_id]["proposed"] = value
        elif kind == "unpropose":
            del indicators[indicator_id]["proposed"]
        else:
            indicators[indicator_id] = value
    report.written = opened.write_if_changed(path, dry_run=dry_run)
    return report


def propose_claims(
    path: Path,
    *,
    rubric_id: str,
    rubric_version: str,
    proposals: dict[str, dict[str, Any]],
    collector: str,
    today: dt.date,
) -> MergeReport:
    """Record ``proposals`` (indicator id -> proposal) beside the claims of the latest assessment.

    A proposal never changes a status, so it never changes a score: an indicator
    with no claim gets one with status ``not-assessed`` that carries the
    proposal; a claim that is ``not-assessed`` or ``not-disclosed`` gets the
    proposal beside it, unless someone else's proposal is waiting there; a claim
    that already gives credit is left alone.
    """
    opened = _Opened.read(path, rubric_id, rubric_version, today)
    report = MergeReport()
    indicators = opened.indicators
    for indicator_id, found in sorted(proposals.items()):
        proposal = {**found, "by": collector, "collected_on": today}
        existing = indicators.get(indicator_id)
        if existing is None:
            claim = {"status": "not-assessed", "provenance": {"source": "collector", "by": collector}}
            indicators[indicator_id] = styled({**claim, "proposed": proposal})
            report.proposed.append(indicator_id)
            continue
        if existing.get("status") not in {"not-assessed", "not-disclosed"}:
            continue
        current = existing.get("proposed")
        if current is not None and (current.get("by") != collector or _same_evidence(current, proposal)):
            continue
        existing["proposed"] = styled(proposal)
        report.proposed.append(indicator_id)
    report.written = opened.write_if_changed(path)
    return report


@dataclass
class _Opened:
    """A scorecard read for editing, with the latest assessment under one rubric (created when missing)."""

    yaml: YAML
    original: str
    document: Any
    assessments: CommentedSeq
    target: CommentedMap
    indicators: CommentedMap

    @classmethod
    def read(cls, path: Path, rubric_id: str, rubric_version: str, today: dt.date) -> _Opened:
        yaml = round_trip_yaml()
        original = path.read_text(encoding="utf-8")
        document = yaml.load(original)
        assessments = document.setdefault("assessments", CommentedSeq())
        target = _latest(assessments, rubric_id, rubric_version)
        if target is None:
            fields = [("rubric", rubric_id), ("rubric_version", rubric_version), ("date", today)]
            target = CommentedMap([*fields, ("indicators", CommentedMap())])
            assessments.append(target)
        indicators = target.setdefault("indicators", CommentedMap())
        if isinstance(indicators, CommentedMap):
            indicators.fa.set_block_style()  # a scaffolded `indicators: {}` grows as a readable block
        return cls(yaml, original, document, assessments, target, indicators)

    def write_if_changed(self, path: Path, *, dry_run: bool = False) -> bool:
        """Validate and atomically write the edited document; False when it would not change."""
        text = _dump(self.yaml, self.document)
        if text == self.original:
            return False
        _validate(text, path)
        if not dry_run:
            write_atomically(path, text, inside=path.parent)  # the file was found by a walk that skips links
        return True


def _plan(
    indicators: CommentedMap, claims: dict[str, dict[str, Any]], collector: str, today: dt.date, report: MergeReport
) -> list[tuple[str, str, Any]]:
    """What to do to each indicator: add, update, refresh (same status), remove, propose, unpropose."""
    changes: list[tuple[str, str, Any]] = []
    for indicator_id in sorted(set(indicators) | set(claims)):
        existing = indicators.get(indicator_id)
        new = claims.get(indicator_id)
        if existing is not None and new is not None and _is_placeholder(existing, collector):
            # Another collector's lead, with no finding of its own: this collector's finding takes the place,
            # and the lead stays beside it for the reviewer.
            replacement = styled(new)
            if existing.get("proposed") is not None and "proposed" not in new:
                replacement["proposed"] = existing["proposed"]
            changes.append(("add", indicator_id, replacement))
            report.added.append(indicator_id)
            continue
        if existing is not None and not _is_mine(existing, collector):
            _plan_proposal(changes, indicator_id, existing, new, collector=collector, today=today, report=report)
        elif existing is None:
            if new is not None:
                changes.append(("add", indicator_id, styled(new)))
                report.added.append(indicator_id)
        elif new is None:
            changes.append(("remove", indicator_id, None))
            report.removed.append(indicator_id)
        elif existing.get("status") != new["status"]:
            changes.append(("update", indicator_id, styled(new)))
            report.updated.append(indicator_id)
        elif not _same_evidence(existing, new) or existing.get("note") != new.get("note"):
            changes.append(("refresh", indicator_id, styled(new)))
    return changes


def _plan_proposal(
    changes: list[tuple[str, str, Any]],
    indicator_id: str,
    existing: Any,
    new: dict[str, Any] | None,
    *,
    collector: str,
    today: dt.date,
    report: MergeReport,
) -> None:
    """A person's claim stays; a disagreement from this collector is recorded beside it."""
    current = existing.get("proposed")
    agrees = new is None or (existing.get("status") == new["status"])
    if agrees:
        if current is not None and current.get("by") == collector:
            changes.append(("unpropose", indicator_id, None))
        return
    assert new is not None
    proposal = {"status": new["status"], "evidence": new.get("evidence", []), "by": collector, "collected_on": today}
    if new.get("note"):
        proposal["note"] = new["note"]
    if current is not None and current.get("status") == new["status"] and _same_evidence(current, new):
        return
    changes.append(("propose", indicator_id, styled(proposal)))
    report.proposed.append(indicator_id)


def _is_mine(claim: Any, collector: str) -> bool:
    provenance = claim.get("provenance") or {}
    return (
        provenance.get("source") == "collector"
        and provenance.get("by") == collector
        and not provenance.get("reviewed_by")
    )


def _is_placeholder(claim: Any, collector: str) -> bool:
    """An unreviewed not-assessed claim another collector wrote only to carry its proposal."""
    provenance = claim.get("provenance") or {}
    return (
        claim.get("status") == "not-assessed"
        and not claim.get("evidence")
        and provenance.get("source") == "collector"
        and provenance.get("by") != collector
        and not provenance.get("reviewed_by")
    )


def _same_evidence(old: Any, new: dict[str, Any]) -> bool:
    def key(items: Any) -> list[tuple[str, str]]:
        return [(str(e.get("url")), str(e.get("quote")).strip()) for e in items or []]

    return key(old.get("evidence")) == key(new.get("evidence"))


def _latest(assessments: CommentedSeq, rubric_id: str, rubric_version: str) -> CommentedMap | None:
    mine = [a for a in assessments if a.get("rubric") == rubric_id and str(a.get("rubric_version")) == rubric_version]
    return max(mine, key=lambda a: str(a.get("date"))) if mine else None


def _copy_as_new(assessment: CommentedMap, today: dt.date) -> CommentedMap:
    fresh = copy.deepcopy(assessment)
    fresh["date"] = today
    # The summary stays: a person wrote it, and the new assessment differs only by what the collector changed,
    # which the reviewer of the collection sees (dropping it lost the words from the latest assessment).
    return fresh


def styled(value: Any) -> Any:
    """Plain data with multi-line strings as literal blocks, trailing spaces dropped, for readable diffs."""
    if isinstance(value, dict):
        return CommentedMap((k, styled(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(styled(v) for v in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString("\n".join(line.rstrip() for line in value.split("\n")))
    return value


def _dump(yaml: YAML, document: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


def _validate(text: str, path: Path) -> None:
    try:
        data = parse_yaml(text.encode("utf-8"), str(path)).data
        Scorecard.model_validate(data)
    except (DataError, ValidationError) as exc:
        raise MergeError(f"{path}: merging would make the file invalid, so it was left as it was: {exc}") from None
