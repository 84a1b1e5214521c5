"""Scoring: a pure, deterministic function of one assessment and its rubric.

The rules, as the methodology page states them:

* Each indicator is worth its ``weight`` (1 unless the rubric says otherwise).
* ``disclosed`` earns the full weight; ``partial`` earns half of it under a
  graded rubric (a binary rubric has no partial credit); ``not-disclosed`` earns
  nothing.
* An indicator nobody assessed (``not-assessed``, or not mentioned) is unknown,
  not undisclosed.  An assessment is complete when every indicator is assessed;
  an incomplete one has no single score but a range: the lower bound counts
  every unassessed indicator as earning nothing, the upper bound as earning full
  credit.  Only complete assessments are ranked (:mod:`collector.ranking`).
* A domain's score is its earned points over its possible points, out of 100;
  the total is all earned points over all possible points, out of 100.  Both
  are rounded to two decimals only for display; nothing is rounded in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from collector.schema import Assessment, Rubric, Scorecard, ScoringMethod, Status

_CREDIT = {
    ScoringMethod.GRADED: {Status.DISCLOSED: 1.0, Status.PARTIAL: 0.5},
    ScoringMethod.BINARY: {Status.DISCLOSED: 1.0},
}


@dataclass(frozen=True, slots=True)  # one per indicator per assessment: hundreds of thousands at scale
class IndicatorScore:
    indicator_id: str
    domain_id: str
    status: Status
    points: float
    max_points: float


@dataclass(frozen=True, slots=True)
class DomainScore:
    domain_id: str
    name: str
    points: float
    max_points: float
    assessed: int
    indicators: int
    unassessed_points: float = 0.0  # what the unassessed indicators are worth

    @property
    def score(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    @property
    def lower(self) -> float:
        return self.score

    @property
    def upper(self) -> float:
        return 100.0 * (self.points + self.unassessed_points) / self.max_points if self.max_points else 0.0

    @property
    def complete(self) -> bool:
        return self.assessed == self.indicators


@dataclass(frozen=True)
class AssessmentScore:
    """The score of one assessment of one subject under one rubric version."""

    subject_id: str
    subject_name: str
    developer: str
    rubric_id: str
    rubric_version: str
    date: dt.date
    points: float
    max_points: float
    assessed: int
    indicator_count: int
    domains: tuple[DomainScore, ...]
    indicators: tuple[IndicatorScore, ...]

    @property
    def total(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    @property
    def lower(self) -> float:
        """The lowest the total can be: what is unassessed earns nothing."""
        return self.total

    @property
    def upper(self) -> float:
        """The highest the total can be: what is unassessed earns full credit."""
        return 100.0 * (self.points + self.unassessed_points) / self.max_points if self.max_points else 0.0

    @cached_property
    def unassessed_points(self) -> float:
        """What the unassessed indicators are worth (asked for by every sort and page: computed once)."""
        return sum(s.max_points for s in self.indicators if s.status is Status.NOT_ASSESSED)

    @property
    def complete(self) -> bool:
        """Every indicator of the rubric was assessed, so the total is a score, not a bound."""
        return self.assessed == self.indicator_count

    @property
    def unassessed(self) -> int:
        return self.indicator_count - self.assessed

    @property
    def coverage(self) -> float:
        """Share of the rubric's indicators that were assessed, from 0 to 1."""
        return self.assessed / self.indicator_count if self.indicator_count else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "developer": self.developer,
            "rubric_id": self.rubric_id,
            "rubric_version": self.rubric_version,
            "date": self.date.isoformat(),
            "complete": self.complete,
            "total": round(self.total, 2) if self.complete else None,
            "lower": round(self.lower, 2),
            "upper": round(self.upper, 2),
            "points": self.points,
            "max_points": self.max_points,
            "coverage": round(self.coverage, 4),
            "assessed": self.assessed,
            "indicators": self.indicator_count,
            "domains": {
                d.domain_id: {
                    "name": d.name,
                    "score": round(d.score, 2) if d.complete else None,
                    "lower": round(d.score, 2),
                    "upper": round(d.upper, 2),
                    "points": d.points,
                    "max_points": d.max_points,
                    "assessed": d.assessed,
                    "indicators": d.indicators,
                }
                for d in self.domains
            },
        }


def score_assessment(scorecard: Scorecard, assessment: Assessment, rubric: Rubric) -> AssessmentScore:
    """Score one assessment.  Claims on indicators the rubric does not define are ignored
    here; validation reports them."""
    credit = _CREDIT[rubric.scoring.method]
    indicator_scores = []
    for indicator in rubric.indicators:
        claim = assessment.indicators.get(indicator.id)
        status = claim.status if claim is not None else Status.NOT_ASSESSED
        points = credit.get(status, 0.0) * indicator.weight
        indicator_scores.append(IndicatorScore(indicator.id, indicator.domain, status, points, indicator.weight))
    by_domain: dict[str, list[IndicatorScore]] = {domain.id: [] for domain in rubric.domains}
    for score in indicator_scores:  # one pass, not one per domain
        if score.domain_id in by_domain:
            by_domain[score.domain_id].append(score)
    domains = tuple(_domain_score(domain.id, domain.name, by_domain[domain.id]) for domain in rubric.domains)
    subject = scorecard.subject
    return AssessmentScore(
        subject_id=subject.id,
        subject_name=subject.name,
        developer=subject.developer,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        date=assessment.date,
        points=sum(s.points for s in indicator_scores),
        max_points=sum(s.max_points for s in indicator_scores),
        assessed=sum(1 for s in indicator_scores if s.status is not Status.NOT_ASSESSED),
        indicator_count=len(indicator_scores),
        domains=domains,
        indicators=tuple(indicator_scores),
    )


def _domain_score(domain_id: str, name: str, mine: list[IndicatorScore]) -> DomainScore:
    return DomainScore(
        domain_id=domain_id,
        name=name,
        points=sum(s.points for s in mine),
        max_points=sum(s.max_points for s in mine),
        assessed=sum(1 for s in mine if s.status is not Status.NOT_ASSESSED),
        indicators=len(mine),
        unassessed_points=sum(s.max_points for s in mine if s.status is Status.NOT_ASSESSED),
    )


def shown(score: AssessmentScore | DomainScore) -> str:
    """A score as readers see it: a whole number when complete, else its range (24 to 61, with an en dash)."""
    if score.complete:
        return f"{score.lower:.0f}"
    return f"{score.lower:.0f}–{score.upper:.0f}"
