"""Developers ranked under one rubric version: one row per developer, by a rule the page states.

A rubric that rates developers themselves (FMTI scores a developer through its flagship model) gives
each developer one rating: that rating is its row.  A rubric that rates models gives a developer many:
its row is its best-scoring model among those with every indicator assessed, named in the row with how
many of its models the rubric rates, so a reader sees both the best case and how much it covers.

A developer whose models all have unassessed indicators has ranges, not a score.  Ranking it would read
an indicator nobody looked at as one the developer kept quiet about, so it is listed apart, unranked,
with the range of the model whose lower bound is highest.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from collector.render.developer_views import DeveloperView
from collector.render.views import ModelView, SiteData
from collector.schema import Rubric, SubjectKind
from collector.scoring import AssessmentScore


@dataclass(frozen=True)
class DeveloperRow:
    developer: DeveloperView
    score: AssessmentScore  # the score that stands for the developer
    subject: ModelView  # whose score it is: the developer's own rating, or one of its models
    rated: int  # how many of the developer's subjects the ranking lists
    complete: int  # of them, how many have every indicator assessed
    median: float | None  # the median total of those complete ones (None when there are none)

    @property
    def total(self) -> float:  # what the rank helpers read
        return self.score.total

    @property
    def own_rating(self) -> bool:
        return self.subject.card.subject.kind is SubjectKind.DEVELOPER


@dataclass(frozen=True)
class DeveloperRanking:
    rubric: Rubric
    ranked: list[DeveloperRow]  # best first; equal totals by name
    unranked: list[DeveloperRow]  # by name

    @property
    def own_ratings(self) -> bool:
        """Whether the rows are the developers' own ratings rather than their best models."""
        rows = [*self.ranked, *self.unranked]
        return bool(rows) and all(row.own_rating for row in rows)


def rank_all_developers(
    site: SiteData, developer_of: Mapping[str, DeveloperView]
) -> dict[tuple[str, str], DeveloperRanking]:
    """Developers ranked under each rubric version, in ``site.rankings``' order (oldest version first)."""
    rubrics = site.dataset.rubrics
    return {
        key: rank_developers(rubrics[key], scores, site.models, developer_of) for key, scores in site.rankings.items()
    }


def rank_developers(
    rubric: Rubric,
    ranking: Sequence[AssessmentScore],
    models: Mapping[str, ModelView],
    developer_of: Mapping[str, DeveloperView],
) -> DeveloperRanking:
    """One row per developer with a subject in ``ranking`` (each subject's latest assessment there)."""
    by_developer: dict[str, list[AssessmentScore]] = {}
    developers: dict[str, DeveloperView] = {}
    for score in ranking:
        developer = developer_of.get(score.subject_id)
        if developer is None:  # every subject has a developer view; a gap would be a grouping bug, not data
            continue
        developers[developer.id] = developer
        by_developer.setdefault(developer.id, []).append(score)
    rows = [_row(developers[key], scores, models) for key, scores in by_developer.items()]
    ranked = sorted((r for r in rows if r.score.complete), key=lambda r: (-round(r.total, 6), r.developer.name.lower()))
    unranked = sorted((r for r in rows if not r.score.complete), key=lambda r: r.developer.name.lower())
    return DeveloperRanking(rubric, ranked, unranked)


def _row(developer: DeveloperView, scores: list[AssessmentScore], models: Mapping[str, ModelView]) -> DeveloperRow:
    own = [s for s in scores if models[s.subject_id].card.subject.kind is SubjectKind.DEVELOPER]
    complete = [s for s in scores if s.complete]
    if own:  # the index rated the developer itself: that rating is the developer's score
        chosen = max(own, key=lambda s: (s.complete, s.date))
    elif complete:
        chosen = min(complete, key=lambda s: (-round(s.total, 6), s.subject_name.lower()))
    else:
        chosen = min(scores, key=lambda s: (-round(s.lower, 6), s.subject_name.lower()))
    median = statistics.median(s.total for s in complete) if complete else None
    return DeveloperRow(developer, chosen, models[chosen.subject_id], len(scores), len(complete), median)
