"""The data files of the compare page: which rubric versions have rated models, and each version's indicators.

Models can be compared only under a rubric they were assessed under, so the page offers a choice of
rubric version and, under it, only the models rated under it.  ``data/compare.json`` lists the
versions (ours first, then the others as the rankings pages order them) with their models, each
model's latest assessment under that version (as its ranking shows it); ``data/rubrics/<id>/<version>.json``
holds each version's domains and indicators (ids and names: what the table shows), fetched when the
version is chosen.
"""

from __future__ import annotations

import json
from typing import Any

from collector.render.indicator_pages import IndicatorPages
from collector.render.views import SiteData
from collector.schema import Rubric
from collector.scoring import AssessmentScore, shown

INDEX = "data/compare.json"


def rubric_path(rubric_id: str, version: str) -> str:
    return f"data/rubrics/{rubric_id}/{version}.json"


def compare_files(site: SiteData) -> list[tuple[str, str]]:
    """(path, text) of the compare page's data files."""
    keys = [key for key, scores in site.rankings.items() if scores and key in site.dataset.rubrics]
    if site.rubric is not None:  # the headline rubric first: the page opens on it
        headline = (site.rubric.id, site.rubric.version)
        keys.sort(key=lambda key: key != headline)
    versions = [_version(site, key, linked=site.rubric is site.dataset.rubrics[key]) for key in keys]
    files = [(INDEX, json.dumps({"rubrics": versions}, ensure_ascii=False, separators=(",", ":")))]
    pages = IndicatorPages(site.dataset.rubrics, site.rubric)
    for rubric_id, version in keys:
        rubric = site.dataset.rubrics[(rubric_id, version)]
        files.append((rubric_path(rubric_id, version), _rubric_json(rubric, pages)))
    return files


def _version(site: SiteData, key: tuple[str, str], *, linked: bool) -> dict[str, Any]:
    """A version and its rated models.  ``linked``: model pages show its claims' rows (the headline
    rubric's), so the table may link a status to its evidence there."""
    rubric = site.dataset.rubrics[key]
    scores = sorted(site.rankings[key], key=lambda s: s.subject_name.lower())
    return {
        "key": f"{rubric.id}/{rubric.version}",
        "id": rubric.id,
        "version": rubric.version,
        "label": rubric.title if rubric.version in rubric.title else f"{rubric.title} ({rubric.version})",
        "linked": linked,
        "models": [_model(s) for s in scores if s.subject_id in site.models],
    }


def _rubric_json(rubric: Rubric, pages: IndicatorPages) -> str:
    """What the table needs of a rubric: its domains and indicators, by id and name, in order, each indicator
    with the address of its page (from the site's root) where it has one."""
    return json.dumps(
        {
            "id": rubric.id,
            "version": rubric.version,
            "domains": [{"id": d.id, "name": d.name} for d in rubric.domains],
            "indicators": [
                {"id": i.id, "name": i.name, "domain": i.domain, "href": pages.href(rubric, i.id, "")}
                for i in rubric.indicators
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _model(score: AssessmentScore) -> dict[str, Any]:
    return {
        "id": score.subject_id,
        "name": score.subject_name,
        "developer": score.developer,
        "complete": score.complete,
        "score": shown(score),
    }
