"""The site's indicator pages: which exist, where they are, and what each lists.

Every rubric version the dataset ships has a page per indicator.  The headline rubric (ours, newest
version) keeps its short addresses, ``indicators/<id>/``, which readers and badges already link; every
other rubric version lives under its own folder, ``indicators/<rubric>/<version>/<id>/``, with a list of
its indicators at ``indicators/<rubric>/<version>/``.  Indicator ids repeat across rubrics (FMTI's
editions share many), so only the rubric and version in the address keep two pages apart.

Every link to an indicator is made here (:meth:`IndicatorPages.href`), from the same list the pages are
made from, so a link exists exactly when its page does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from collector.render.views import ClaimView, ModelView
from collector.schema import Indicator, Rubric, Status

# A headline indicator with one of these ids would take the address of the indicators' own list
# (indicators/index.html) or of the heat map's pages (indicators/heatmap/<domain>/).
_RESERVED = {"index", "heatmap"}

_ORDER = {Status.DISCLOSED: 0, Status.PARTIAL: 1, Status.NOT_DISCLOSED: 2, Status.NOT_ASSESSED: 3}


@dataclass(frozen=True)
class IndicatorPage:
    rubric: Rubric
    indicator: Indicator
    slug: str  # as Page.slug: the address without its trailing slash
    title: str  # the indicator's name, and for all but the headline rubric the rubric's name and version

    @property
    def context(self) -> dict[str, Any]:
        """What the indicator page's template is given."""
        return {"indicator": self.indicator, "rubric": self.rubric}


class IndicatorPages:
    """The indicator pages of every rubric version in ``rubrics``; ``headline`` keeps the short addresses."""

    def __init__(self, rubrics: Mapping[tuple[str, str], Rubric], headline: Rubric | None) -> None:
        self.headline = headline
        self.rubrics = sorted(rubrics.values(), key=lambda r: (r is not headline, r.id, r.version))
        self._slugs: dict[tuple[str, str, str], str] = {}
        for rubric in self.rubrics:
            for indicator in rubric.indicators:
                self._slugs[(rubric.id, rubric.version, indicator.id)] = self._slug(rubric, indicator.id)

    def _slug(self, rubric: Rubric, indicator_id: str) -> str:
        if rubric is self.headline and indicator_id not in _RESERVED:
            return f"indicators/{indicator_id}"
        return f"{self.rubric_slug(rubric)}/{indicator_id}"

    @staticmethod
    def rubric_slug(rubric: Rubric) -> str:
        """The folder of a rubric version's pages (also the address of its list of indicators)."""
        return f"indicators/{rubric.id}/{rubric.version}"

    def href(self, rubric: Rubric, indicator_id: str, root: str) -> str | None:
        """The link to an indicator's page from a page ``root`` below the site's root; None if it has none."""
        slug = self._slugs.get((rubric.id, rubric.version, indicator_id))
        return f"{root}{slug}/" if slug is not None else None

    def rubric_href(self, rubric: Rubric, root: str) -> str | None:
        """The link to a rubric version's list of indicators (the headline's is the Indicators page)."""
        if rubric is self.headline:
            return f"{root}indicators/"
        return f"{root}{self.rubric_slug(rubric)}/" if rubric in self.rubrics else None

    def pages(self) -> Iterator[IndicatorPage]:
        for rubric in self.rubrics:
            for indicator in rubric.indicators:
                title = (
                    indicator.name if rubric is self.headline else f"{indicator.name} ({rubric.title} {rubric.version})"
                )
                yield IndicatorPage(rubric, indicator, self._slugs[(rubric.id, rubric.version, indicator.id)], title)

    def others(self) -> list[Rubric]:
        """The rubric versions whose indicators are listed on a page of their own (all but the headline)."""
        return [r for r in self.rubrics if r is not self.headline]


def indicator_rows(
    models: Mapping[str, ModelView], rubric: Rubric, indicator_id: str
) -> list[tuple[ModelView, ClaimView]]:
    """(model, claim) for each model's latest assessment under exactly this rubric version, best status first.

    Exactly this version: a status under another version answers another question (FMTI rebuilt its
    indicators in 2025), even where the indicator's id is the same.
    """
    rows = []
    for model in models.values():
        mine = [a for a in model.assessments if a.rubric.key == rubric.key]  # oldest first
        view = mine[-1].claim_views.get(indicator_id) if mine else None
        if view is not None:
            rows.append((model, view))
    return sorted(rows, key=lambda row: (_ORDER[row[1].status], row[0].name.lower()))


def shows_claims_of(model: ModelView, rubric: Rubric) -> bool:
    """Whether the model's page lists its claims under this rubric version (with an ``#i-<indicator>`` row each)."""
    primary = model.primary()
    return primary is not None and primary.rubric.key == rubric.key
