"""Developer pages' data: each developer's models and ratings, gathered across every source.

A model belongs to the developer that ``developers.yaml`` resolves its
``subject.developer`` to, however the source spelled it.  A developer's own
ratings (FMTI rates developers, as scorecards of kind ``developer``) are its
profiles; a collaboration's models also appear on each member's page.
A name the list does not know still gets a page of its own, marked unlisted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from collector.developers import DeveloperIndex, slug
from collector.ranking import version_key
from collector.render.views import DEFAULT_RUBRIC, AssessmentView, ModelView
from collector.schema import Rubric, SubjectKind


@dataclass
class DeveloperView:
    id: str
    name: str
    listed: bool = True  # False when developers.yaml does not know the name
    aliases: list[str] = field(default_factory=list)
    note: str | None = None
    members: list[DeveloperView] = field(default_factory=list)  # for a collaboration
    collaborations: list[DeveloperView] = field(default_factory=list)  # that this developer is a member of
    profiles: list[ModelView] = field(default_factory=list)  # ratings of the developer itself (kind developer)
    models: list[ModelView] = field(default_factory=list)

    def rubric_columns(self) -> list[tuple[str, str]]:
        """(rubric id, name) of every rubric this developer's models are assessed under, ours first.

        The name without an edition ("Foundation Model Transparency Index", not "..., December 2025"): a
        column holds each model's latest score, whose version its cell names, and editions differ by model.
        """
        titles = {a.rubric.id: a.rubric.title.split(",")[0].strip() for m in self.models for a in m.assessments}
        return sorted(titles.items(), key=lambda item: (item[0] != DEFAULT_RUBRIC, item[1]))

    def ranked_under(self) -> list[Rubric]:
        """Every rubric version its models or its own ratings are assessed under: it has a row in each one's
        developers ranking.  Read from its own scorecards only, so its page changes only with them."""
        rubrics = {a.rubric.key: a.rubric for m in [*self.models, *self.profiles] for a in m.assessments}
        return sorted(rubrics.values(), key=lambda r: (r.id != DEFAULT_RUBRIC, r.id, version_key(r.version)))

    def profile_sources(self) -> list[str]:
        """The names of the indexes that rated this developer itself ("Foundation Model Transparency Index")."""
        names = [a.rubric.title.split(",")[0] for p in self.profiles for a in p.assessments]
        return list(dict.fromkeys(names))

    def latest_profile(self) -> AssessmentView | None:
        """The newest rating of the developer itself, under any rubric."""
        views = [a for p in self.profiles for a in p.assessments]
        return max(views, key=lambda a: a.assessment.date) if views else None


def group_by_developer(models: Iterable[ModelView], index: DeveloperIndex) -> dict[str, DeveloperView]:
    """Every developer that has at least one scorecard, by id, in name order."""
    developers: dict[str, DeveloperView] = {}
    for model in models:
        view = _developer_of(model.card.subject.developer, index, developers)
        if model.card.subject.kind is SubjectKind.DEVELOPER:
            view.profiles.append(model)
        else:
            view.models.append(model)
    for view in list(developers.values()):
        listed = index.by_id.get(view.id)
        for member_id in listed.members if listed else []:
            if member_id not in index.by_id:
                continue  # validation reports it
            member = developers.get(member_id) or _new_view(member_id, index, developers)
            view.members.append(member)
            member.collaborations.append(view)
    for view in developers.values():
        view.models.sort(key=lambda m: m.name.lower())
    return dict(sorted(developers.items(), key=lambda item: item[1].name.lower()))


def _developer_of(name: str, index: DeveloperIndex, developers: dict[str, DeveloperView]) -> DeveloperView:
    listed = index.resolve(name)
    if listed is not None:
        return developers.get(listed.id) or _new_view(listed.id, index, developers)
    key = slug(name) or "unnamed"
    if key in index.by_id:  # an unlisted spelling whose slug is some listed developer's id: keep them apart
        key = f"unlisted-{key}"
    if key not in developers:
        developers[key] = DeveloperView(key, name, listed=False)
    return developers[key]


def _new_view(developer_id: str, index: DeveloperIndex, developers: dict[str, DeveloperView]) -> DeveloperView:
    listed = index.by_id[developer_id]
    view = DeveloperView(listed.id, listed.name, aliases=list(listed.aliases), note=listed.note)
    developers[listed.id] = view
    return view
