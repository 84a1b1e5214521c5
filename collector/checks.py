"""Checks that need more than one file, or more than the schema can say.

Each check takes loaded files and returns located problems; none raises for
bad data.  They run after every file has been parsed and validated on its own.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from collector.loading import Loaded
from collector.problems import MAX_PROBLEMS_PER_FILE, Problem
from collector.schema import (
    ReferenceVocabulary,
    Rubric,
    Scorecard,
    ScoringMethod,
    SourceList,
    Status,
    is_slug,
)

# A date written today in any time zone is at most one day ahead of UTC.
_FUTURE_SLACK = dt.timedelta(days=1)


def check_reference(loaded: Loaded[ReferenceVocabulary]) -> list[Problem]:
    vocabulary = loaded.model
    if vocabulary is None:
        return []
    problems = _duplicates(
        loaded,
        [("items", i, "id") for i in range(len(vocabulary.items))],
        [item.id for item in vocabulary.items],
        "item id",
    )
    if loaded.path.stem != vocabulary.id:
        problems.append(
            loaded.problem_at(
                ("id",), f"the id {vocabulary.id!r} must match the file name {loaded.path.name!r}; rename one of them"
            )
        )
    return problems


def check_rubric(loaded: Loaded[Rubric], references: dict[str, ReferenceVocabulary]) -> list[Problem]:
    rubric = loaded.model
    if rubric is None:
        return []
    problems = []
    expected = (loaded.path.parent.name, loaded.path.stem)
    if expected != rubric.key:
        problems.append(
            loaded.problem_at(
                ("id",),
                f"this rubric says id {rubric.id!r} version {rubric.version!r}, "
                f"so it must live at rubrics/{rubric.id}/{rubric.version}.yaml",
            )
        )
    problems += _duplicates(
        loaded, [("domains", i, "id") for i in range(len(rubric.domains))], [d.id for d in rubric.domains], "domain id"
    )
    problems += _duplicates(
        loaded,
        [("indicators", i, "id") for i in range(len(rubric.indicators))],
        [i.id for i in rubric.indicators],
        "indicator id",
    )
    domain_ids = {d.id for d in rubric.domains}
    for index, indicator in enumerate(rubric.indicators):
        where = ("indicators", index)
        if indicator.domain not in domain_ids:
            problems.append(
                loaded.problem_at(
                    (*where, "domain"),
                    f"unknown domain {indicator.domain!r}; expected one of: {', '.join(sorted(domain_ids))}",
                )
            )
        if rubric.scoring.method is ScoringMethod.BINARY and indicator.partial_credit:
            problems.append(
                loaded.problem_at(
                    (*where, "partial_credit"), "a binary rubric gives no partial credit; remove partial_credit"
                )
            )
        problems += _check_crosswalk(loaded, where, indicator.crosswalk, references)
    return problems


def _check_crosswalk(
    loaded: Loaded[Rubric],
    where: tuple[str | int, ...],
    crosswalk: dict[str, list[str]],
    references: dict[str, ReferenceVocabulary],
) -> list[Problem]:
    problems = []
    for reference_id, item_ids in crosswalk.items():
        vocabulary = references.get(reference_id)
        if vocabulary is None:
            problems.append(
                loaded.problem_at(
                    (*where, "crosswalk", reference_id),
                    f"unknown reference {reference_id!r}; expected one of: {', '.join(sorted(references))}",
                    key=True,
                )
            )
            continue
        known = {item.id for item in vocabulary.items}
        for position, item_id in enumerate(item_ids):
            if item_id not in known:
                problems.append(
                    loaded.problem_at(
                        (*where, "crosswalk", reference_id, position),
                        f"{item_id!r} is not an item of {reference_id} (see rubrics/references/{reference_id}.yaml)",
                    )
                )
    return problems


def check_scorecard(loaded: Loaded[Scorecard], rubrics: dict[tuple[str, str], Rubric], today: dt.date) -> list[Problem]:
    """Checks of one scorecard against the rubrics and the calendar."""
    card = loaded.model
    if card is None:
        return _check_raw_indicator_ids(loaded, rubrics)
    problems = []
    if loaded.path.stem != card.subject.id:
        problems.append(
            loaded.problem_at(
                ("subject", "id"),
                f"the id {card.subject.id!r} must match the file "
                f"name {loaded.path.name!r}; rename the file to {card.subject.id}.yaml "
                "or change the id",
            )
        )
    latest = today + _FUTURE_SLACK
    seen: set[tuple[str, str, dt.date]] = set()
    for index, assessment in enumerate(card.assessments):
        where: tuple[str | int, ...] = ("assessments", index)
        key = (assessment.rubric, assessment.rubric_version, assessment.date)
        if key in seen:
            problems.append(
                loaded.problem_at(
                    (*where, "date"),
                    "another assessment has the same rubric, version and date; merge them or change the date",
                )
            )
        seen.add(key)
        problems += _future(loaded, (*where, "date"), assessment.date, today)
        rubric = rubrics.get((assessment.rubric, assessment.rubric_version))
        if rubric is None:
            known = ", ".join(f"{r} {v}" for r, v in sorted(rubrics)) or "none"
            problems.append(
                loaded.problem_at(
                    (*where, "rubric"),
                    f"no rubric {assessment.rubric!r} version "
                    f"{assessment.rubric_version!r} exists; known rubrics: {known}",
                )
            )
        for indicator_id, claim in assessment.indicators.items():
            at = (*where, "indicators", indicator_id)
            if rubric is not None and rubric.indicator(indicator_id) is None:
                message = _unknown_indicator(indicator_id, rubric, suggest=len(problems) < MAX_PROBLEMS_PER_FILE)
                problems.append(loaded.problem_at(at, message, key=True))
            if rubric is not None and rubric.scoring.method is ScoringMethod.BINARY and claim.status is Status.PARTIAL:
                problems.append(
                    loaded.problem_at(
                        (*at, "status"),
                        f"rubric {rubric.id} {rubric.version} is binary: use disclosed or not-disclosed, not partial",
                    )
                )
            for e_index, evidence in enumerate(claim.evidence):
                if evidence.retrieved > latest:  # the path is built only for a date that fails
                    problems += _future(loaded, (*at, "evidence", e_index, "retrieved"), evidence.retrieved, today)
            reviewed_on = claim.provenance.reviewed_on
            if reviewed_on is not None and reviewed_on > latest:
                problems += _future(loaded, (*at, "provenance", "reviewed_on"), reviewed_on, today)
    return problems


def _check_raw_indicator_ids(loaded: Loaded[Scorecard], rubrics: dict[tuple[str, str], Rubric]) -> list[Problem]:
    """Unknown indicator ids, found even when the file has schema errors.

    A contributor who fixes three errors should not then meet six new ones: the
    id check needs only the raw mapping, so it runs on an invalid file too.
    """
    problems: list[Problem] = []
    for index, rubric_key, indicator_ids in _indicator_ids(loaded):
        rubric = rubrics.get(rubric_key)
        if rubric is None:
            continue
        for indicator_id in indicator_ids:
            if is_slug(str(indicator_id)) and rubric.indicator(indicator_id) is None:  # bad keys: reported already
                at = ("assessments", index, "indicators", indicator_id)
                message = _unknown_indicator(indicator_id, rubric, suggest=len(problems) < MAX_PROBLEMS_PER_FILE)
                problems.append(loaded.problem_at(at, message, key=True))
    return problems


def _indicator_ids(loaded: Loaded[Scorecard]) -> Iterator[tuple[int, tuple[str, str], Iterable[str]]]:
    """Each assessment's index, rubric key and indicator ids: from the model of a valid file (which
    keeps no plain copy), else from whatever the raw mapping holds."""
    if loaded.model is not None:
        for index, assessment in enumerate(loaded.model.assessments):
            yield index, (assessment.rubric, assessment.rubric_version), assessment.indicators
        return
    data = loaded.document.data if loaded.document is not None else None
    assessments = data.get("assessments") if isinstance(data, dict) else None
    if not isinstance(assessments, list):
        return
    for index, assessment in enumerate(assessments):
        if isinstance(assessment, dict) and isinstance(assessment.get("indicators"), dict):
            yield (
                index,
                (str(assessment.get("rubric")), str(assessment.get("rubric_version"))),
                assessment["indicators"],
            )


def _unknown_indicator(indicator_id: str, rubric: Rubric, *, suggest: bool = True) -> str:
    # A suggestion compares the id with every indicator of the rubric; past the problems a file can show,
    # that work would be thrown away (and 10,000 unknown ids made it minutes).
    hint = _did_you_mean(indicator_id, (i.id for i in rubric.indicators)) if suggest else ""
    return (
        f"{indicator_id!r} is not an indicator of rubric {rubric.id} {rubric.version}{hint}; "
        f"the indicators are listed on the methodology page and in rubrics/{rubric.id}/{rubric.version}.yaml"
    )


def _future(loaded: Loaded[Scorecard], at: tuple[str | int, ...], when: dt.date, today: dt.date) -> list[Problem]:
    if when > today + _FUTURE_SLACK:
        return [loaded.problem_at(at, f"the date {when.isoformat()} is in the future; check the year and month")]
    return []


def check_unique_subjects(scorecards: Iterable[Loaded[Scorecard]]) -> list[Problem]:
    """No two files may describe the same subject id or the same Hub repository.

    Every file of a clash gets the problem, so that validating any one of them shows it.
    """
    by_id: dict[str, list[Loaded[Scorecard]]] = {}
    by_repo: dict[str, list[Loaded[Scorecard]]] = {}
    for loaded in scorecards:
        if loaded.model is None:
            continue
        by_id.setdefault(loaded.model.subject.id, []).append(loaded)
        repo = loaded.model.subject.links.huggingface
        if repo:  # the Hub treats repo ids case-insensitively
            by_repo.setdefault(repo.lower(), []).append(loaded)
    problems = []
    for subject_id, group in by_id.items():
        for loaded, others in _clashes(group):
            problems.append(
                loaded.problem_at(
                    ("subject", "id"),
                    f"the subject id {subject_id!r} is also used by {others}; each subject has exactly one file",
                )
            )
    for group in by_repo.values():
        for loaded, others in _clashes(group):
            repo = loaded.model.subject.links.huggingface if loaded.model else ""
            problems.append(
                loaded.problem_at(
                    ("subject", "links", "huggingface"),
                    f"the Hub repo {repo!r} is also tracked by {others}; merge the files",
                )
            )
    return problems


def _clashes(group: list[Loaded[Scorecard]]) -> Iterator[tuple[Loaded[Scorecard], str]]:
    if len(group) < 2:
        return
    for loaded in group:
        yield loaded, ", ".join(sorted(other.display for other in group if other is not loaded))


def _duplicates(
    loaded: Loaded[Rubric] | Loaded[ReferenceVocabulary], paths: list[tuple[str | int, ...]], ids: list[str], what: str
) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for path, item_id in zip(paths, ids, strict=True):
        if item_id in seen:
            problems.append(loaded.problem_at(path, f"the {what} {item_id!r} is used twice; ids must be unique"))
        seen.add(item_id)
    return problems


def check_sources(
    loaded_sources: list[Loaded[SourceList]],
    scorecards: list[Loaded[Scorecard]],
    rubrics: dict[tuple[str, str], Rubric],
    sources_dir: Path,
) -> list[Problem]:
    """Declared vendor documents: one archive folder each, and models and indicators that exist."""
    problems: list[Problem] = []
    known = _Known(
        subject_ids={loaded.model.subject.id for loaded in scorecards if loaded.model is not None},
        indicator_ids={indicator.id for rubric in rubrics.values() for indicator in rubric.indicators},
    )
    names: dict[str, str] = {}
    for loaded in loaded_sources:
        misplaced = _misplaced_sources_file(loaded, sources_dir, names)
        if misplaced is not None:
            problems.append(misplaced)
        elif loaded.model is not None:
            problems += _check_documents(loaded, loaded.model, known)
    return problems


@dataclass
class _Known:
    subject_ids: set[str]
    indicator_ids: set[str]
    url_owner: dict[str, str] = field(default_factory=dict)


def _misplaced_sources_file(loaded: Loaded[SourceList], sources_dir: Path, names: dict[str, str]) -> Problem | None:
    """A sources file's name is its archive folder: directly in sources/, unique, a slug."""
    if loaded.path.parent.resolve() != sources_dir.resolve():
        return loaded.problem_at((), f"move this file to sources/{loaded.path.name}: sources files are not nested")
    owner = names.setdefault(loaded.path.stem, loaded.display)
    if owner != loaded.display:
        return loaded.problem_at((), f"{owner} already uses the name {loaded.path.stem!r}; merge the two files")
    if not is_slug(loaded.path.stem):
        return loaded.problem_at(
            (),
            f"the file name {loaded.path.name!r} names the archive folder: use lowercase letters, digits "
            "and dashes, e.g. example-labs.yaml",
        )
    return None


def _check_documents(loaded: Loaded[SourceList], sources: SourceList, known: _Known) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, document in enumerate(sources.documents):
        at: tuple[str | int, ...] = ("documents", index)
        if document.id in seen:
            problems.append(loaded.problem_at((*at, "id"), f"the document id {document.id!r} is used twice"))
        seen.add(document.id)
        declared_by = f"{loaded.display} ({document.id})"
        for url_index, url in enumerate([document.url, *document.previous_urls]):
            where = (*at, "url") if url_index == 0 else (*at, "previous_urls", url_index - 1)
            owner = known.url_owner.setdefault(url, declared_by)
            if owner != declared_by:
                problems.append(loaded.problem_at(where, f"the URL {url} is already declared by {owner}"))
        for model_index, model_id in enumerate(document.models):
            if model_id not in known.subject_ids:
                hint = _did_you_mean(model_id, known.subject_ids)
                message = f"no scorecard has the subject id {model_id!r}{hint}; use the id of a file in scorecards/"
                problems.append(loaded.problem_at((*at, "models", model_index), message))
        for indicator_index, indicator_id in enumerate(document.indicators):
            if indicator_id not in known.indicator_ids:
                hint = _did_you_mean(indicator_id, known.indicator_ids)
                message = f"no rubric has the indicator {indicator_id!r}{hint}"
                problems.append(loaded.problem_at((*at, "indicators", indicator_index), message))
    return problems


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
