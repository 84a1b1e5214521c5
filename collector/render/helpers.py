"""Small lookups for the site's templates, kept out of the templates' own logic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import markupsafe

from collector.render import charts, claim_cells, feed, indicator_pages, scorecard_files
from collector.render.developer_views import DeveloperView
from collector.render.statuses import status_html
from collector.render.views import DEFAULT_RUBRIC, SiteData, status_counts
from collector.schema import Evidence, Rubric, Status
from collector.verification import EvidenceVerification


class TemplateHelpers:
    """Small lookups for templates, kept out of the templates' own logic."""

    # An indicator's page lists this many models at most: with every model on each of 80 pages, the
    # indicator pages alone would pass GitHub Pages' 1 GB limit near 25,000 models.
    INDICATOR_ROWS = 250

    def __init__(
        self, site: SiteData, developers: dict[str, DeveloperView], indicators: indicator_pages.IndicatorPages
    ) -> None:
        self.site = site
        self.indicators = indicators
        self.developer_of = {m.id: d for d in developers.values() for m in [*d.models, *d.profiles]}

    def histogram(self, ranking: list[Any]) -> str:
        return charts.histogram([s.total for s in ranking if s.complete], title="Distribution of transparency scores")

    def rank(self, ranking: list[Any], index: int) -> int:
        """Competition rank ("1, =2, =2, 4") by the score as shown, rounded to a whole number."""
        shown = round(ranking[index].total)
        first = index
        while first > 0 and round(ranking[first - 1].total) == shown:
            first -= 1
        return first + 1

    def tied(self, ranking: list[Any], index: int) -> bool:
        shown = round(ranking[index].total)
        neighbours = [ranking[i] for i in (index - 1, index + 1) if 0 <= i < len(ranking)]
        return any(round(n.total) == shown for n in neighbours)

    def domain_chart(self, view: Any) -> str:
        rows = [(d.name, d.lower, d.upper) for d in view.score.domains]
        return charts.domain_bars(rows, title="Score by domain", chart_id="domains")

    def status_counts(self, views: Any) -> dict[Status, int]:
        return status_counts(views)

    def indicator_rows(self, rubric: Rubric, indicator_id: str) -> list[tuple[Any, Any]]:
        """(model, claim view) for every model assessed under this rubric version, best status first."""
        return indicator_pages.indicator_rows(self.site.models, rubric, indicator_id)

    def indicator_href(self, rubric: Rubric, indicator_id: str, root: str) -> str | None:
        """The link to an indicator's page, None where it has none: every indicator link is made here."""
        return self.indicators.href(rubric, indicator_id, root)

    def indicator_model_href(self, model: Any, rubric: Rubric, indicator_id: str, root: str) -> str:
        """A model's page, at the indicator's row when the page lists its claims under this rubric version."""
        page = f"{root}models/{model.id}/"
        return f"{page}#i-{indicator_id}" if indicator_pages.shows_claims_of(model, rubric) else page

    def scorecard_href(self, model: Any, root: str) -> str | None:
        """The link to the model's scorecard file as the site serves it; None if the site does not."""
        path = scorecard_files.site_path(model)
        return f"{root}{path}" if path is not None else None

    def reference_name(self, reference_id: str, item_id: str) -> str:
        vocabulary = self.site.dataset.references.get(reference_id)
        if vocabulary is None:
            return item_id
        return next((i.name for i in vocabulary.items if i.id == item_id), item_id)

    def reference_title(self, reference_id: str) -> str:
        vocabulary = self.site.dataset.references.get(reference_id)
        return vocabulary.name if vocabulary else reference_id

    def base_model(self, reference: str | None) -> Any:
        return self.site.model_for_reference(reference)

    def heatmap_models(self, limit: int = 60) -> list[Any]:
        return [self.site.models[s.subject_id] for s in self.site.ranking[:limit]]

    def claim_status(self, model: Any, indicator_id: str) -> Status:
        latest = model.latest(DEFAULT_RUBRIC)
        view = latest.claim_views.get(indicator_id) if latest is not None else None
        return view.status if view is not None else Status.NOT_ASSESSED

    def developers(self, ranking: list[Any]) -> list[str]:
        return sorted({self.developer_name(s.subject_id) for s in ranking}, key=str.lower)

    def developer_name(self, model_id: str) -> str:
        """The developer's name as developers.yaml gives it, whatever spelling the scorecard uses."""
        developer = self.developer_of.get(model_id)
        return developer.name if developer is not None else self.site.models[model_id].card.subject.developer

    def modalities(self, ranking: list[Any]) -> list[str]:
        return sorted({m.value for s in ranking for m in self._subject(s).modalities})

    def _subject(self, score: Any) -> Any:
        return self.site.models[score.subject_id].card.subject

    def other_rubrics(self) -> list[Any]:
        return sorted(self.site.dataset.rubrics.values(), key=lambda r: (r.id, r.version))

    def source_list(self, root: str, view: Any) -> claim_cells.SourceList:
        """The sources a model page cites, each listed once, and the provenance all its claims share, if one
        does (see ``claim_cells``)."""
        made = [v.claim.provenance for v in view.claim_views.values() if v.claim is not None]
        shared = made[0] if len(made) > 1 and all(p == made[0] for p in made) else None
        return claim_cells.SourceList(root, shared)

    def claim_cell(self, subject_id: str, view: Any, sources: claim_cells.SourceList) -> markupsafe.Markup:
        """A claim's checklist, evidence, searches, note, provenance and proposal (see ``claim_cells``)."""
        verdict_of = self.verdicts(subject_id, view.indicator.id)
        return claim_cells.claim_cell(view.indicator, view.claim, sources, verdict_of, status_html)

    def verdicts(self, subject_id: str, indicator_id: str) -> Callable[[Evidence], EvidenceVerification | None]:
        """The verification lookup for one claim's evidence, for the evidence list macro."""
        verification = self.site.verification
        return lambda evidence: verification.lookup(subject_id, indicator_id, evidence)

    def evidence_health(self, model: Any, view: Any) -> dict[str, Any] | None:
        """How the last `scorecards verify` found this assessment's evidence; None if it never ran."""
        verification = self.site.verification
        if verification.checked is None:
            return None
        found = [
            verification.lookup(model.id, indicator_id, evidence)
            for indicator_id, claim in view.assessment.indicators.items()
            for evidence in claim.evidence
        ]
        return {
            "checked": verification.checked,
            "offline": verification.offline,
            "total": len(found),
            "verified": sum(1 for v in found if v is not None and v.verdict.value == "verified"),
            "needs_fix": sum(1 for v in found if v is not None and v.needs_fix),
        }

    def verdicts_by_source(self, model: Any) -> list[Any]:
        """The latest assessment under each rubric this subject has (ours, and each imported index)."""
        latest: dict[str, Any] = {}
        for view in model.assessments:
            latest[view.rubric.id] = view  # assessments are oldest first
        return sorted(latest.values(), key=lambda v: (v.rubric.id != DEFAULT_RUBRIC, v.rubric.title))

    def trajectories(self, model: Any) -> list[tuple[str, str]]:
        """(rubric title, chart) for each rubric this subject has several complete assessments under."""
        by_rubric: dict[str, list[Any]] = {}
        for view in model.assessments:
            if view.score.complete:  # an incomplete assessment has a range: a point would read as a score
                by_rubric.setdefault(view.rubric.id, []).append(view)
        charts_out = []
        for rubric_id, views in by_rubric.items():
            if len(views) < 2:
                continue
            points = [(f"{v.rubric.version} ({v.assessment.date.year})", v.score.total) for v in views]
            title = f"{model.name}: {views[-1].rubric.title.split(',')[0]} score over time"
            charts_out.append((title, charts.trajectory(points, title=title, chart_id=f"trajectory-{rubric_id}")))
        return charts_out

    def host(self, url: str) -> str:
        return urlsplit(url).hostname or url

    def describe_change(self, change: Any) -> str:
        return feed.describe(change)
