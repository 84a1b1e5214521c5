"""The findings page's results, computed from the loaded dataset: pure functions, no HTML.

Two rules run through every function here, because they are the project's rules for scores:

* An indicator nobody assessed is unknown, not undisclosed.  Disclosure rates are computed over the
  assessed indicator ratings only, and the unassessed ones are counted apart; an indicator is "disclosed
  by no model" only when at least one model was assessed on it and none disclosed it.
* An incomplete assessment has a range, not a score.  A summary of scores therefore gives the lowest and
  the highest its mean and median can be (the mean of the lower bounds, the mean of the upper bounds; the
  same for the median, which is monotone in each value), and equal bounds where every score is complete.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from collector.ranking import version_key
from collector.render.views import DEFAULT_RUBRIC, SiteData
from collector.schema import Access, Rubric, Status, SubjectKind
from collector.scoring import AssessmentScore, IndicatorScore

UNKNOWN_ACCESS = "unknown"
# The schema's access values in the order the page compares them, then models whose access no source gives.
ACCESS_ORDER = (*(a.value for a in Access), UNKNOWN_ACCESS)
ACCESS_LABELS = {
    Access.OPEN_WEIGHTS.value: "Open weights",
    Access.GATED_WEIGHTS.value: "Gated weights",
    Access.API_ONLY.value: "API only",
    Access.CLOSED.value: "Closed",
    UNKNOWN_ACCESS: "Access unknown",
}
COMPARED_INDEX = "fmti"  # the published index whose newest edition the page sets beside our rubric


@dataclass(frozen=True)
class Tally:
    """How a set of indicator ratings splits by status, and the points the assessed ones earned."""

    disclosed: int = 0
    partial: int = 0
    not_disclosed: int = 0
    not_assessed: int = 0
    points: float = 0.0  # earned by the assessed ratings
    max_points: float = 0.0  # possible on the assessed ratings only

    @property
    def assessed(self) -> int:
        return self.disclosed + self.partial + self.not_disclosed

    @property
    def rate(self) -> float | None:
        """Share of the points possible on assessed ratings that were earned (0 to 1); None if none assessed."""
        return self.points / self.max_points if self.max_points else None


def tally(ratings: Sequence[IndicatorScore]) -> Tally:
    count = dict.fromkeys(Status, 0)
    for rating in ratings:
        count[rating.status] += 1
    assessed = [r for r in ratings if r.status is not Status.NOT_ASSESSED]
    return Tally(
        disclosed=count[Status.DISCLOSED],
        partial=count[Status.PARTIAL],
        not_disclosed=count[Status.NOT_DISCLOSED],
        not_assessed=count[Status.NOT_ASSESSED],
        points=sum(r.points for r in assessed),
        max_points=sum(r.max_points for r in assessed),
    )


def short_name(rubric: Rubric) -> str:
    """The rubric's title before any comma, and its version unless the title names it already
    ("Foundation Model Transparency Index 2025.12", "Model Openness Framework 1.0 (Model Openness Tool)")."""
    title = rubric.title.split(",")[0]
    return (
        title if re.search(rf"(?<![\w.]){re.escape(rubric.version)}(?![\w.])", title) else f"{title} {rubric.version}"
    )


@dataclass(frozen=True)
class DomainFinding:
    domain_id: str
    name: str
    tally: Tally


@dataclass(frozen=True)
class IndicatorFinding:
    indicator_id: str
    name: str
    domain_id: str
    tally: Tally


@dataclass(frozen=True)
class ScoreSummary:
    """Mean, median, lowest and highest of a set of scores, each as (lowest possible, highest possible)."""

    n: int
    complete: int
    mean: tuple[float, float]
    median: tuple[float, float]
    low: tuple[float, float]
    high: tuple[float, float]

    @property
    def exact(self) -> bool:
        return self.complete == self.n


def summarise(scores: Sequence[AssessmentScore]) -> ScoreSummary | None:
    if not scores:
        return None
    lower = [s.lower for s in scores]
    upper = [s.upper for s in scores]
    return ScoreSummary(
        n=len(scores),
        complete=sum(s.complete for s in scores),
        mean=(statistics.fmean(lower), statistics.fmean(upper)),
        median=(statistics.median(lower), statistics.median(upper)),
        low=(min(lower), min(upper)),
        high=(max(lower), max(upper)),
    )


def domain_findings(scores: Sequence[AssessmentScore], rubric: Rubric) -> list[DomainFinding]:
    """Each domain of the rubric, in rubric order, with the tally of every rating in it across ``scores``."""
    ratings = [r for s in scores for r in s.indicators]
    return [DomainFinding(d.id, d.name, tally([r for r in ratings if r.domain_id == d.id])) for d in rubric.domains]


def least_disclosed(domains: Sequence[DomainFinding]) -> list[DomainFinding]:
    """Domains with at least one assessed rating, lowest disclosure rate first (rubric order breaks ties)."""
    rated = [d for d in domains if d.tally.rate is not None]
    return sorted(rated, key=lambda d: round(d.tally.rate or 0.0, 9))


def indicator_findings(scores: Sequence[AssessmentScore], rubric: Rubric) -> list[IndicatorFinding]:
    by_indicator: dict[str, list[IndicatorScore]] = {i.id: [] for i in rubric.indicators}
    for score in scores:
        for rating in score.indicators:
            by_indicator.setdefault(rating.indicator_id, []).append(rating)
    return [IndicatorFinding(i.id, i.name, i.domain, tally(by_indicator[i.id])) for i in rubric.indicators]


def disclosed_by_none(indicators: Sequence[IndicatorFinding]) -> list[IndicatorFinding]:
    """Assessed for at least one model, and not disclosed, even partly, by any model assessed on it."""
    return [i for i in indicators if i.tally.assessed and not i.tally.disclosed and not i.tally.partial]


def disclosed_by_all(indicators: Sequence[IndicatorFinding], models: int) -> list[IndicatorFinding]:
    """Fully disclosed by every one of the ``models``: an unassessed rating means we do not know that."""
    return [i for i in indicators if models and i.tally.disclosed == models]


def never_assessed(indicators: Sequence[IndicatorFinding]) -> list[IndicatorFinding]:
    return [i for i in indicators if not i.tally.assessed]


@dataclass(frozen=True)
class RubricFindings:
    """The results under one rubric version, over each subject's latest assessment under it."""

    rubric: Rubric
    page: str  # the ranking page the numbers come from, relative to the site root
    scores: tuple[AssessmentScore, ...]
    summary: ScoreSummary | None
    domains: tuple[DomainFinding, ...]
    indicators: tuple[IndicatorFinding, ...]

    @property
    def name(self) -> str:
        """An index's title may already say its edition's date, which the version repeats: see short_name."""
        return short_name(self.rubric)

    @property
    def least_disclosed_indicators(self) -> list[IndicatorFinding]:
        """The five assessed indicators with the lowest disclosure rates (rubric order breaks ties)."""
        assessed = [i for i in self.indicators if i.tally.rate is not None]
        return sorted(assessed, key=lambda i: round(i.tally.rate or 0.0, 9))[:5]

    @property
    def least_disclosed(self) -> list[DomainFinding]:
        return least_disclosed(self.domains)

    @property
    def disclosed_by_none(self) -> list[IndicatorFinding]:
        return disclosed_by_none(self.indicators)

    @property
    def disclosed_by_all(self) -> list[IndicatorFinding]:
        return disclosed_by_all(self.indicators, len(self.scores))

    @property
    def never_assessed(self) -> list[IndicatorFinding]:
        return never_assessed(self.indicators)

    @property
    def ratings(self) -> Tally:
        return tally([r for s in self.scores for r in s.indicators])


def rubric_findings(scores: Sequence[AssessmentScore], rubric: Rubric, page: str) -> RubricFindings:
    return RubricFindings(
        rubric,
        page,
        tuple(scores),
        summarise(scores),
        tuple(domain_findings(scores, rubric)),
        tuple(indicator_findings(scores, rubric)),
    )


@dataclass(frozen=True)
class AccessGroup:
    access: str  # an Access value, or UNKNOWN_ACCESS
    label: str
    scores: tuple[AssessmentScore, ...]
    summary: ScoreSummary
    domains: tuple[DomainFinding, ...]


def by_access(
    scores: Sequence[AssessmentScore], rubric: Rubric, access_of: Callable[[str], str | None]
) -> list[AccessGroup]:
    """The scores split by their subject's access class, in ACCESS_ORDER; a class with no model is left out.

    A subject whose access no source gives is its own group, never counted as open or closed.
    """
    groups: dict[str, list[AssessmentScore]] = {}
    for score in scores:
        groups.setdefault(access_of(score.subject_id) or UNKNOWN_ACCESS, []).append(score)
    out = []
    for access in ACCESS_ORDER:
        members = groups.get(access)
        summary = summarise(members or [])
        if members and summary is not None:
            domains = tuple(domain_findings(members, rubric))
            out.append(AccessGroup(access, ACCESS_LABELS[access], tuple(members), summary, domains))
    return out


@dataclass(frozen=True)
class AccessContrast:
    """Two access classes side by side: whether their mean scores can be told apart, and the domain where
    their disclosure rates (over assessed ratings, so comparable) differ most."""

    first: AccessGroup
    second: AccessGroup

    @property
    def higher(self) -> AccessGroup | None:
        """The class whose mean is higher however the unassessed indicators turn out; None if the ranges overlap."""
        a, b = self.first.summary.mean, self.second.summary.mean
        if a[0] > b[1]:
            return self.first
        if b[0] > a[1]:
            return self.second
        return None

    @property
    def widest_gap(self) -> tuple[DomainFinding, DomainFinding] | None:
        """(first's domain, second's domain) with the largest difference of rates; rubric order breaks ties."""
        pairs = [
            (a, b)
            for a, b in zip(self.first.domains, self.second.domains, strict=True)
            if a.tally.rate is not None and b.tally.rate is not None
        ]
        if not pairs:
            return None
        return max(pairs, key=lambda p: round(abs((p[0].tally.rate or 0.0) - (p[1].tally.rate or 0.0)), 9))


def contrast(
    groups: Sequence[AccessGroup], first: str = Access.OPEN_WEIGHTS.value, second: str = Access.API_ONLY.value
) -> AccessContrast | None:
    by_access = {g.access: g for g in groups}
    if first not in by_access or second not in by_access:
        return None
    return AccessContrast(by_access[first], by_access[second])


@dataclass(frozen=True)
class Coverage:
    """How many subjects the site tracks, and how many of them our rubric rates."""

    models: int  # subjects of kind model
    rated: int  # models with an assessment under our rubric's headline version
    imported_only: int  # models with assessments only under other rubrics (published indexes)
    developer_ratings: int  # subjects of kind developer (an index rating a developer, as FMTI does)
    # (ranking page, rubric's short name, subjects) of every published index's edition: where the rest are listed
    index_rankings: tuple[tuple[str, str, int], ...] = ()


def coverage(site: SiteData, rated_ids: set[str]) -> Coverage:
    kinds = [m.card.subject.kind for m in site.models.values()]
    models = [m for m in site.models.values() if m.card.subject.kind is SubjectKind.MODEL]
    rated = [m for m in models if m.id in rated_ids]
    indexes = tuple(
        (f"rankings/{rubric_id}/{version}/", short_name(site.dataset.rubrics[(rubric_id, version)]), len(scores))
        for (rubric_id, version), scores in site.rankings.items()
        if rubric_id != DEFAULT_RUBRIC and scores
    )
    return Coverage(
        models=len(models),
        rated=len(rated),
        imported_only=sum(1 for m in models if m.id not in rated_ids and m.assessments),
        developer_ratings=kinds.count(SubjectKind.DEVELOPER),
        index_rankings=indexes,
    )


@dataclass(frozen=True)
class Findings:
    ours: RubricFindings | None  # our rubric, its headline version
    index: RubricFindings | None  # the newest edition of the compared published index
    access: tuple[AccessGroup, ...]  # our rubric's scores by access class
    coverage: Coverage

    @property
    def open_against_api(self) -> AccessContrast | None:
        return contrast(self.access)


def build_findings(site: SiteData) -> Findings:
    ours = None
    if site.rubric is not None and site.ranking:
        ours = rubric_findings(site.ranking, site.rubric, "")
    index = _newest_edition(site.rankings, site, COMPARED_INDEX)
    access_of: Callable[[str], str | None] = lambda subject_id: _access(site, subject_id)  # noqa: E731
    groups = by_access(site.ranking, site.rubric, access_of) if site.rubric is not None else []
    rated = {s.subject_id for s in site.ranking}
    return Findings(ours, index, tuple(groups), coverage(site, rated))


def _access(site: SiteData, subject_id: str) -> str | None:
    model = site.models.get(subject_id)
    access = model.card.subject.access if model is not None else None
    return access.value if access is not None else None


def _newest_edition(
    rankings: Mapping[tuple[str, str], list[AssessmentScore]], site: SiteData, rubric_id: str
) -> RubricFindings | None:
    versions = [version for (rid, version), scores in rankings.items() if rid == rubric_id and scores]
    if not versions or rubric_id == DEFAULT_RUBRIC:
        return None
    version = max(versions, key=version_key)
    rubric = site.dataset.rubrics.get((rubric_id, version))
    if rubric is None:
        return None
    return rubric_findings(rankings[(rubric_id, version)], rubric, f"rankings/{rubric_id}/{version}/")
