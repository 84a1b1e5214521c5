"""What the pages show, computed once from the dataset: rankings, histories, changes.

Everything here is plain data derived from validated scorecards and their
scores; templates only lay it out.  Nothing here knows about HTML or mkdocs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from collector.dataset import Dataset
from collector.document_status import TrackedDocument
from collector.ranking import latest_scores, latest_version, version_key
from collector.render.changes import Change, Revision, revisions
from collector.schema import Assessment, Claim, Indicator, Rubric, Scorecard, Status
from collector.scoring import AssessmentScore, score_assessment
from collector.verification import VerificationFile

DEFAULT_RUBRIC = "transparency"


@dataclass(frozen=True)
class ClaimView:
    indicator: Indicator
    status: Status
    claim: Claim | None


@dataclass(frozen=True, eq=False)
class AssessmentView:
    assessment: Assessment
    rubric: Rubric
    score: AssessmentScore

    @cached_property
    def claim_views(self) -> dict[str, ClaimView]:
        """Every indicator of the rubric, in rubric order, with this assessment's claim (or none)."""
        out = {}
        for indicator in self.rubric.indicators:
            claim = self.assessment.indicators.get(indicator.id)
            out[indicator.id] = ClaimView(indicator, claim.status if claim else Status.NOT_ASSESSED, claim)
        return out

    def claims_by_domain(self) -> list[tuple[str, str, list[ClaimView]]]:
        """(domain id, domain name, claims) in rubric order, every indicator included."""
        views = list(self.claim_views.values())
        return [(d.id, d.name, [v for v in views if v.indicator.domain == d.id]) for d in self.rubric.domains]

    def gaps(self) -> list[ClaimView]:
        """Indicators that could earn more: partial, not disclosed, not assessed."""
        return [
            view for _, _, views in self.claims_by_domain() for view in views if view.status is not Status.DISCLOSED
        ]


@dataclass
class ModelView:
    card: Scorecard
    source_file: str
    assessments: list[AssessmentView] = field(default_factory=list)  # oldest first
    _latest: dict[str, AssessmentView | None] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return self.card.subject.id

    @property
    def name(self) -> str:
        return self.card.subject.name

    def latest(self, rubric_id: str = DEFAULT_RUBRIC) -> AssessmentView | None:
        if rubric_id not in self._latest:
            mine = [a for a in self.assessments if a.rubric.id == rubric_id]
            key = lambda a: (version_key(a.rubric.version), a.assessment.date)  # noqa: E731
            self._latest[rubric_id] = max(mine, key=key) if mine else None
        return self._latest[rubric_id]

    def primary(self) -> AssessmentView | None:
        """The assessment to headline: our rubric's latest, else the latest of any rubric."""
        return self.latest(DEFAULT_RUBRIC) or (
            max(self.assessments, key=lambda a: a.assessment.date) if self.assessments else None
        )


@dataclass
class SiteData:
    dataset: Dataset
    models: dict[str, ModelView]
    rubric: Rubric | None  # the headline rubric (ours, newest version)
    ranking: list[AssessmentScore]
    changes: list[Change]
    rankings: dict[tuple[str, str], list[AssessmentScore]] = field(default_factory=dict)  # every rubric version
    verification: VerificationFile = field(default_factory=VerificationFile)
    documents: list[TrackedDocument] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)  # models assessed again under the same rubric version

    def model_for_subject(self, subject_id: str) -> ModelView | None:
        return self.models.get(subject_id)

    def model_for_reference(self, reference: str | None) -> ModelView | None:
        """A base_model reference (subject id or Hub repo id) resolved to a tracked model."""
        if not reference:
            return None
        if reference in self.models:
            return self.models[reference]
        return self._by_hub_repo.get(reference.lower())

    @cached_property
    def _by_hub_repo(self) -> dict[str, ModelView]:
        """Models by lower-cased Hub repository, the first one winning as a scan in order would."""
        out: dict[str, ModelView] = {}
        for view in self.models.values():
            repo = view.card.subject.links.huggingface
            if repo:
                out.setdefault(repo.lower(), view)
        return out


def build_site_data(dataset: Dataset) -> SiteData:
    models: dict[str, ModelView] = {}
    for loaded in dataset.scorecards:
        card = loaded.model
        if card is None or card.subject.id in models:
            continue
        view = ModelView(card, loaded.display)
        for assessment in sorted(card.assessments, key=lambda a: a.date):
            rubric = dataset.rubrics.get((assessment.rubric, assessment.rubric_version))
            if rubric is not None:
                view.assessments.append(AssessmentView(assessment, rubric, score_assessment(card, assessment, rubric)))
        models[card.subject.id] = view
    scores = [a.score for m in models.values() for a in m.assessments]
    version = latest_version(scores, DEFAULT_RUBRIC)
    rubric = dataset.rubrics.get((DEFAULT_RUBRIC, version)) if version else _newest_rubric(dataset, DEFAULT_RUBRIC)
    ranking = latest_scores(scores, DEFAULT_RUBRIC, version) if version else []
    revised = revisions(models.values())
    changes = sorted(
        (change for revision in revised for change in revision.changes),
        key=lambda c: (c.date, c.subject_name, c.indicator_id),
        reverse=True,
    )
    rankings = {
        key: latest_scores(scores, *key)
        for key in sorted({(s.rubric_id, s.rubric_version) for s in scores}, key=lambda k: (k[0], version_key(k[1])))
    }
    verification = VerificationFile.read(dataset.paths.state / "verification.json")
    return SiteData(
        dataset, models, rubric, ranking, changes, rankings, verification, dataset.tracked_documents(), revised
    )


def _newest_rubric(dataset: Dataset, rubric_id: str) -> Rubric | None:
    versions = [r for (rid, _), r in dataset.rubrics.items() if rid == rubric_id]
    return max(versions, key=lambda r: version_key(r.version)) if versions else None


def status_counts(views: Sequence[ClaimView]) -> dict[Status, int]:
    counts = dict.fromkeys(Status, 0)
    for view in views:
        counts[view.status] += 1
    return counts
