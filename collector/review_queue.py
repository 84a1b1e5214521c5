"""The claims a second reviewer should check, most consequential first.

Nobody can re-read two thousand claims at once, so the queue orders them:

1. ``disclosed`` claims: they earn the most, and a wrong one flatters a developer;
2. claims a collector disagrees with (a pending ``proposed`` status that differs);
3. claims older than their source: the evidence quotes an archived version of a
   vendor document that has a newer version since;
4. ``partial`` claims, then ``not-disclosed`` ones.

Only the latest assessment under each rubric is listed, only claims this
project wrote (imports are their index's), and never a reviewer's own claims.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from collector.dataset import Dataset
from collector.schema import Claim, ClaimSource, Scorecard, Status

DISCLOSED, DISAGREED, STALE, PARTIAL, NOT_DISCLOSED = range(1, 6)
REASONS = {
    DISCLOSED: "disclosed: full credit, check every element is shown",
    DISAGREED: "a collector found something else",
    STALE: "its source has a newer version",
    PARTIAL: "partial: check which elements are shown",
    NOT_DISCLOSED: "not-disclosed: check what was searched",
}


@dataclass(frozen=True)
class ReviewItem:
    priority: int
    reason: str
    file: str
    line: int
    subject_id: str
    rubric: str
    indicator_id: str
    status: str
    written_by: str


def review_queue(dataset: Dataset, reviewer: str | None = None) -> list[ReviewItem]:
    """Every unreviewed claim of the latest assessments, in the order a reviewer should take them."""
    own = reviewer.lstrip("@").lower() if reviewer else None
    newest = functools.partial(_has_newer_version, dataset.paths.archive)
    items = []
    for loaded in dataset.scorecards:
        card = loaded.model
        if card is None:
            continue
        for index in _latest_assessments(card):
            assessment = card.assessments[index]
            for indicator_id, claim in assessment.indicators.items():
                provenance = claim.provenance
                if provenance.reviewed or provenance.source is ClaimSource.IMPORT:
                    continue
                if claim.status is Status.NOT_ASSESSED or (own and provenance.by.lstrip("@").lower() == own):
                    continue
                priority = _priority(claim, newest)
                line = loaded.problem_at(("assessments", index, "indicators", indicator_id), "").line
                items.append(
                    ReviewItem(
                        priority=priority,
                        reason=REASONS[priority],
                        file=loaded.display,
                        line=line,
                        subject_id=card.subject.id,
                        rubric=assessment.rubric,
                        indicator_id=indicator_id,
                        status=claim.status.value,
                        written_by=provenance.by,
                    )
                )
    return sorted(items, key=lambda i: (i.priority, i.file, i.line))


def _latest_assessments(card: Scorecard) -> list[int]:
    latest: dict[str, int] = {}
    for index, assessment in enumerate(card.assessments):
        current = latest.get(assessment.rubric)
        if current is None or assessment.date >= card.assessments[current].date:
            latest[assessment.rubric] = index
    return sorted(latest.values())


def _priority(claim: Claim, has_newer_version: functools.partial[bool]) -> int:
    if claim.status is Status.DISCLOSED:
        return DISCLOSED
    if claim.proposed is not None and claim.proposed.status not in (None, claim.status):
        return DISAGREED
    if any(e.archive and has_newer_version(e.archive) for e in claim.evidence):
        return STALE
    return PARTIAL if claim.status is Status.PARTIAL else NOT_DISCLOSED


@functools.cache
def _versions(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(p.name for p in folder.iterdir() if p.suffix == ".md"))
    except OSError:
        return ()


def _has_newer_version(archive_dir: Path, ref: str) -> bool:
    """A cited ``documents/<developer>/<document>/versions/<time>.md`` that is not the newest version."""
    parts = PurePosixPath(ref)
    if parts.parts[:1] != ("documents",) or parts.parent.name != "versions":
        return False
    versions = _versions(archive_dir / parts.parent)
    return bool(versions) and parts.name < versions[-1]


def format_queue(items: list[ReviewItem], limit: int | None) -> str:
    if not items:
        return "nothing to review: every claim this project wrote has a reviewer"
    shown = items[:limit] if limit else items
    lines = [f"{len(items)} claim(s) await a second review; the first {len(shown)}, most consequential first:", ""]
    for number, item in enumerate(shown, start=1):
        lines.append(
            f"{number:>4}. {item.file}:{item.line}  {item.indicator_id} ({item.status}, {item.rubric}) — {item.reason}"
        )
    lines += [
        "",
        "To record a review, check the claim against its archived sources and add under its provenance:",
        "  reviewed_by: '@your-handle'",
        "  reviewed_on: YYYY-MM-DD",
    ]
    return "\n".join(lines)


def as_json(items: list[ReviewItem]) -> list[dict[str, object]]:
    return [asdict(item) for item in items]
