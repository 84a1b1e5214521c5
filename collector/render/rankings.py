"""How rankings are named and found: one label per rubric version, and every ranking page's address.

Rubric titles sometimes carry their edition already ("Foundation Model Transparency Index, December
2025", "Model Openness Framework 1.0 (...)"), so a label that appends the version blindly reads
"December 2025 2025.12".  Here a label names the rubric once and its version once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collector.render.views import DEFAULT_RUBRIC, SiteData
from collector.schema import Rubric, Subject, SubjectKind

UNKNOWN_ACCESS = "unknown"  # shown, and offered as a filter, when a scorecard does not say how a model is released


def rubric_name(rubric: Rubric) -> str:
    """The rubric's name without its edition: the title up to its first comma."""
    return rubric.title.split(",")[0].strip()


def rubric_label(rubric: Rubric) -> str:
    """The name and the version, the version written once ("Model Openness Framework 1.0 (...)" has it)."""
    name = rubric_name(rubric)
    return name if rubric.version in name.split() else f"{name} {rubric.version}"


def rubric_short(rubric: Rubric) -> str:
    """A label short enough for a badge: the imported indexes' ids are their acronyms (FMTI, EOSAI, MOF)."""
    if rubric.id == DEFAULT_RUBRIC:
        return "transparency"
    return f"{rubric.id.upper()} {rubric.version}"


def access_of(subject: Subject) -> str:
    """How a model is released, or "unknown" when its scorecard does not say (never its kind, "model")."""
    return subject.access.value if subject.access is not None else UNKNOWN_ACCESS


def rates_developers(site: SiteData, rubric: Rubric) -> bool:
    """Whether this rubric's ranking lists developers (FMTI rates each developer through its flagship model)."""
    ranking = site.rankings.get(rubric.key, [])
    subjects = [site.models[s.subject_id].card.subject for s in ranking]
    return bool(subjects) and all(s.kind is SubjectKind.DEVELOPER for s in subjects)


@dataclass(frozen=True)
class RankingLink:
    """One rubric version's two rankings: of what it rates (models, or developers), and of developers."""

    rubric: Rubric
    label: str
    models_slug: str  # "" for the home page (the headline rubric), else rankings/<id>/<version>/
    developers_slug: str  # rankings/<id>/<version>/developers/
    ranked: int  # complete assessments in the ranking
    listed: int  # every subject the ranking lists
    of_developers: bool  # the rubric rates developers themselves

    @property
    def headline(self) -> bool:
        return self.models_slug == ""


def ranking_links(site: SiteData) -> list[RankingLink]:
    """Every ranking page, the headline rubric first, then by rubric and version as ``site.rankings`` orders them."""
    links = []
    for key, ranking in site.rankings.items():
        rubric = site.dataset.rubrics[key]
        folder = f"rankings/{rubric.id}/{rubric.version}/"
        links.append(
            RankingLink(
                rubric=rubric,
                label=rubric_label(rubric),
                models_slug="" if rubric is site.rubric else folder,
                developers_slug=f"{folder}developers/",
                ranked=sum(1 for s in ranking if s.complete),
                listed=len(ranking),
                of_developers=rates_developers(site, rubric),
            )
        )
    return sorted(links, key=lambda link: not link.headline)


def board_context(site: SiteData, rubric: Rubric | None, links: list[RankingLink]) -> dict[str, Any]:
    """What a ranking page needs beyond its scores: its link (label, kind of subjects) and the access values
    its filter offers ("unknown" among them when some scorecard does not say)."""
    here = next((link for link in links if link.rubric is rubric), None)
    ranking = site.rankings.get(rubric.key, []) if rubric is not None else []
    accesses = sorted({access_of(site.models[s.subject_id].card.subject) for s in ranking})
    return {"here": here, "links": links, "accesses": accesses, "access_of": access_of}
