"""What changed: across editions of an index, and within one version of a rubric.

Two kinds of change, kept apart because they mean different things:

* Across editions (FMTI 2023.10 -> 2024.05 -> 2025.12): the index itself changed, so a score that moved may
  say as much about the new indicators as about the developer.  We show each subject's score per edition
  next to how many indicators each edition has and how many it shares with the one before.
* Within one rubric version (two assessments of a model under the same version): the same questions were
  asked twice, so a changed status is a change in what the developer discloses (or in our reading of it).

Changes between builds of the site (commits to the data) are read from git in :mod:`collector.render.history`.
Nothing here knows about HTML.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from collector.ranking import version_key
from collector.schema import Rubric, Status

if TYPE_CHECKING:  # views imports this module: its types are only needed for checking
    from collector.render.views import AssessmentView, ModelView
    from collector.scoring import AssessmentScore


@dataclass(frozen=True)
class Change:
    """One indicator that changed between two assessments of a subject under the same rubric version."""

    subject_id: str
    subject_name: str
    date: dt.date
    rubric_id: str
    indicator_id: str
    indicator_name: str
    before: Status | None
    after: Status
    new_evidence: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        if self.before is None:
            return "new"
        return "status" if self.before is not self.after else "evidence"


@dataclass(frozen=True)
class Revision:
    """A model assessed again under the same rubric version: the scores either side and what changed."""

    model_id: str
    model_name: str
    before: AssessmentView
    after: AssessmentView
    changes: tuple[Change, ...]

    @property
    def rubric(self) -> Rubric:
        return self.after.rubric

    @property
    def date(self) -> dt.date:
        return self.after.assessment.date

    @property
    def status_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "status")


@dataclass(frozen=True)
class Edition:
    """One version of a rubric with several versions, and how its indicators differ from the previous one's."""

    rubric: Rubric
    previous: Rubric | None

    @property
    def indicators(self) -> int:
        return len(self.rubric.indicators)

    @property
    def kept(self) -> int:
        """Indicators (by id) this edition shares with the previous one."""
        if self.previous is None:
            return self.indicators
        return len(self.rubric.indicator_map.keys() & self.previous.indicator_map.keys())

    @property
    def added(self) -> int:
        return self.indicators - self.kept

    @property
    def removed(self) -> int:
        return len(self.previous.indicators) - self.kept if self.previous is not None else 0


@dataclass(frozen=True)
class EditionRow:
    """A subject's latest score in each edition (None where it was not assessed under that edition)."""

    model_id: str
    model_name: str
    scores: tuple[AssessmentScore | None, ...]

    def steps(self) -> list[tuple[AssessmentScore, AssessmentScore]]:
        """Consecutive editions the subject was scored in: the moves a reader (and the feed) reports."""
        present = [s for s in self.scores if s is not None]
        return list(itertools.pairwise(present))


@dataclass(frozen=True)
class EditionSeries:
    """Every edition of one rubric and the subjects scored under more than one of them."""

    rubric_id: str
    title: str
    editions: tuple[Edition, ...]
    rows: tuple[EditionRow, ...]

    @property
    def comparable(self) -> bool:
        """Whether every edition asks the same indicators (then scores can be compared directly)."""
        return all(e.added == 0 and e.removed == 0 for e in self.editions)


def index_title(rubric: Rubric) -> str:
    """A rubric's title without its edition ("Foundation Model Transparency Index, May 2024" -> the index)."""
    return rubric.title.split(",")[0]


def revisions(models: Iterable[ModelView]) -> list[Revision]:
    """Consecutive assessments of each model under the same rubric version, oldest pair first per model.

    Versions are not diffed indicator by indicator: their indicators differ (FMTI rebuilt its set in 2025), so
    "not assessed -> disclosed" across versions would describe the rubric, not the developer.
    """
    out = []
    for model in models:
        by_version: dict[tuple[str, str], list[AssessmentView]] = {}
        for view in model.assessments:  # oldest first
            by_version.setdefault(view.rubric.key, []).append(view)
        for views in by_version.values():
            for before, after in itertools.pairwise(views):
                out.append(Revision(model.id, model.name, before, after, tuple(_diff(model, before, after))))
    return out


def _diff(model: ModelView, before: AssessmentView, after: AssessmentView) -> list[Change]:
    changes = []
    for indicator in after.rubric.indicators:
        new_claim = after.assessment.indicators.get(indicator.id)
        old_claim = before.assessment.indicators.get(indicator.id)
        new_status = new_claim.status if new_claim else Status.NOT_ASSESSED
        old_status = old_claim.status if old_claim else Status.NOT_ASSESSED
        old_urls = {e.url for e in old_claim.evidence} if old_claim else set()
        new_urls = tuple(e.url for e in new_claim.evidence if e.url not in old_urls) if new_claim else ()
        if new_status is old_status and not new_urls:
            continue
        changes.append(
            Change(
                subject_id=model.id,
                subject_name=model.name,
                date=after.assessment.date,
                rubric_id=after.rubric.id,
                indicator_id=indicator.id,
                indicator_name=indicator.name,
                before=old_status,
                after=new_status,
                new_evidence=new_urls,
            )
        )
    return changes


def edition_series(models: Iterable[ModelView], rubrics: dict[tuple[str, str], Rubric]) -> list[EditionSeries]:
    """For each rubric shipped in several versions, the subjects scored under at least two of them."""
    models = list(models)
    versions: dict[str, list[Rubric]] = {}
    for rubric in rubrics.values():
        versions.setdefault(rubric.id, []).append(rubric)
    out = []
    for rubric_id, found in sorted(versions.items()):
        if len(found) < 2:
            continue
        ordered = sorted(found, key=lambda r: version_key(r.version))
        editions = tuple(Edition(r, p) for p, r in zip([None, *ordered[:-1]], ordered, strict=True))
        rows = []
        for model in models:
            scores = tuple(_latest_score(model, r) for r in ordered)
            if sum(s is not None for s in scores) >= 2:
                rows.append(EditionRow(model.id, model.name, scores))
        if rows:
            rows.sort(key=lambda row: row.model_name.lower())
            out.append(EditionSeries(rubric_id, index_title(ordered[-1]), editions, tuple(rows)))
    return out


def _latest_score(model: ModelView, rubric: Rubric) -> AssessmentScore | None:
    mine = [a for a in model.assessments if a.rubric.key == rubric.key]  # oldest first
    return mine[-1].score if mine else None
