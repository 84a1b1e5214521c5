"""The whole dataset of a project: rubrics, references, scorecards, and their problems.

A project is a folder (the repository) with ``rubrics/``, ``scorecards/``,
``sources/`` (declared vendor documents) and ``archive/``.
:func:`load_dataset` reads all of it, validates each file and then the files
against each other, and returns what is usable together with every problem
found, so that one run reports every error at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from collector import checks, claim_checks, clock, heap, identity_checks, parallel_reading, quote_checks, safefiles
from collector.developers import (
    DeveloperIndex,
    check_developer_list,
    check_scorecard_developers,
    check_source_developers,
)
from collector.incremental import ScorecardCache, tree_signature
from collector.loading import Loaded, load_model
from collector.moved import check_moved, load_moved
from collector.problems import Problem, Severity, cap_per_file
from collector.schema import (
    DeveloperList,
    IdentityList,
    MovedPage,
    ReferenceVocabulary,
    Rubric,
    Scorecard,
    SourceList,
    is_slug,
)
from collector.scoring import AssessmentScore, score_assessment

if TYPE_CHECKING:
    from collector.document_status import TrackedDocument

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def scorecards(self) -> Path:
        return self.root / "scorecards"

    @property
    def rubrics(self) -> Path:
        return self.root / "rubrics"

    @property
    def references(self) -> Path:
        return self.root / "rubrics" / "references"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def developers(self) -> Path:
        return self.root / "developers.yaml"

    @property
    def identities(self) -> Path:
        return self.root / "imports" / "identities.yaml"

    @property
    def moved(self) -> Path:
        return self.root / "moved.yaml"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def schema(self) -> Path:
        return self.root / "schema"

    @cached_property
    def resolved_root(self) -> Path:
        return self.root.resolve()

    def display(self, path: Path) -> str:
        """A path as it appears in messages: relative to the project when inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.resolved_root).as_posix()
        except ValueError:
            return str(path)


@dataclass
class Dataset:
    paths: ProjectPaths
    references: dict[str, ReferenceVocabulary] = field(default_factory=dict)
    rubrics: dict[tuple[str, str], Rubric] = field(default_factory=dict)
    scorecards: list[Loaded[Scorecard]] = field(default_factory=list)
    sources: list[Loaded[SourceList]] = field(default_factory=list)
    developers: DeveloperIndex = field(default_factory=DeveloperIndex)
    moved: list[MovedPage] = field(default_factory=list)  # pages that went away, and where to
    problems: list[Problem] = field(default_factory=list)

    def valid_scorecards(self) -> list[Scorecard]:
        """Scorecards that loaded, in file order.  A file with a cross-file problem
        is still listed: its problem is reported, and its scores may still be shown."""
        return [loaded.model for loaded in self.scorecards if loaded.model is not None]

    def scores(self) -> list[AssessmentScore]:
        """Every assessment that has a known rubric, scored."""
        with heap.paused():  # scoring builds many small objects, as loading does
            return self._scores()

    def _scores(self) -> list[AssessmentScore]:
        results = []
        for card in self.valid_scorecards():
            for assessment in card.assessments:
                rubric = self.rubrics.get((assessment.rubric, assessment.rubric_version))
                if rubric is not None:
                    results.append(score_assessment(card, assessment, rubric))
        return results

    def tracked_documents(self) -> list[TrackedDocument]:
        """The declared vendor documents, with what is archived of each and how its last check went."""
        from collector.document_status import tracked_documents  # reads archive/ and state/ only when asked

        return tracked_documents(self)

    def files_with_errors(self) -> set[str]:
        """Files with an error (not only a warning): collectors leave these alone until they are fixed."""
        return {p.file for p in self.problems if p.severity is Severity.ERROR}

    def problems_for(self, files: Iterable[str]) -> list[Problem]:
        wanted = set(files)
        return [p for p in self.problems if p.file in wanted]


def find_yaml_files(folder: Path) -> Iterator[Path]:
    """YAML files below ``folder``, sorted, skipping hidden folders."""
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(YAML_SUFFIXES):
                yield Path(dirpath) / name


def load_dataset(
    root: Path,
    *,
    extra_scorecards: Sequence[Path] = (),
    today: dt.date | None = None,
    check_archive: bool = True,
    cache: ScorecardCache | None = None,
) -> Dataset:
    """Load and validate everything under ``root`` (plus ``extra_scorecards`` outside it).

    With a ``cache`` (``scorecards serve`` keeps one), a scorecard unchanged since the last load, under
    unchanged rubrics and archive, is not read and checked again; checks across files always run.
    """
    # Loading builds millions of small acyclic objects: a collector pass during it would walk them all again.
    with heap.paused(freeze=True):
        return _load(
            ProjectPaths(root), extra_scorecards, today or clock.today(), check_archive=check_archive, cache=cache
        )


def _check_identities(paths: ProjectPaths, dataset: Dataset) -> list[Problem]:
    """Joins by strong keys only, names that do not contradict them, and the reviewed entries behind them."""
    problems: list[Problem] = []
    reviewed: set[tuple[str, str, str]] = set()
    if paths.identities.exists():
        loaded = load_model(paths.identities, IdentityList, paths.display(paths.identities))
        problems += loaded.problems + identity_checks.check_identity_entries(loaded, dataset.scorecards)
        problems += identity_checks.check_duplicates(loaded, dataset.scorecards)
        reviewed = identity_checks.reviewed_keys(loaded.model)
    for loaded_card in dataset.scorecards:
        problems += identity_checks.check_joins(loaded_card, reviewed)
        problems += identity_checks.check_hub_link_name(loaded_card)
    problems += identity_checks.check_same_names(dataset.scorecards, paths.scorecards)
    moved = load_moved(paths.moved)
    if moved is not None:
        problems += moved.problems + check_moved(moved, dataset.scorecards)
        dataset.moved = list(moved.model.moved) if moved.model is not None else []
    return problems


# What the project reads or publishes: a symbolic link in any of them is an error, never followed.
PROJECT_CONTENT = (
    "scorecards",
    "rubrics",
    "archive",
    "sources",
    "imports",
    "site",
    "developers.yaml",
    "moved.yaml",
    "mkdocs.yml",
)


def symlink_problems(paths: ProjectPaths) -> list[Problem]:
    """A committed symbolic link could make validation quote, and the site publish, a file outside the project."""
    return [
        Problem(
            paths.display(link),
            1,
            1,
            "",
            "this is a symbolic link; the project never follows links, so that nothing outside it is read or "
            "published. Replace it with the file (or folder) itself",
        )
        for link in safefiles.symlinks_under(paths.root, PROJECT_CONTENT)
    ]


def file_name_problems(paths: ProjectPaths, scorecard_files: Sequence[Path]) -> list[Problem]:
    """Folder names under scorecards/ are developer ids, which reach command lines."""
    problems = []
    for path in scorecard_files:
        if paths.scorecards not in path.parents:
            continue
        for folder in path.relative_to(paths.scorecards).parts[:-1]:
            if not is_slug(folder):
                problems.append(Problem(paths.display(path), 1, 1, "", _not_an_id("the folder", folder)))
    return problems  # a sources file's name is checked with the sources (checks.check_sources)


def _not_an_id(what: str, name: str) -> str:
    return (
        f"{what} {name!r} is not a developer id: use lowercase letters, digits and hyphens (as in "
        "developers.yaml), because the scheduled collection passes it on a command line"
    )


def _load_scorecards(
    dataset: Dataset, files: Sequence[Path], today: dt.date, *, check_archive: bool, cache: ScorecardCache | None
) -> None:
    """Each scorecard loaded and checked on its own (from the cache when nothing it depends on changed)."""
    paths = dataset.paths
    archive = quote_checks.ArchiveIndex(paths.archive)
    # What a scorecard's own checks read besides the file itself: a change to any of it invalidates the cache.
    context = f"{tree_signature([paths.rubrics, paths.archive])} {today} {check_archive}" if cache else ""
    cached_cards = {path: cache.get(path, context) for path in files} if cache is not None else {}
    to_read = [(path, paths.display(path)) for path in files if cached_cards.get(path) is None]
    # Parsed by other processes while this one validates; closed at the end, which stops the workers.
    with contextlib.closing(parallel_reading.read_all(to_read)) as documents:
        for path in files:
            cached = cached_cards.get(path)
            if cached is None:
                loaded_card = load_model(path, Scorecard, paths.display(path), read=next(documents))
                own = list(loaded_card.problems)
                own += checks.check_scorecard(loaded_card, dataset.rubrics, today)
                own += claim_checks.check_claims(loaded_card, dataset.rubrics)
                if check_archive:
                    own += quote_checks.check_archived_quotes(loaded_card, archive)
                cached = (loaded_card, own)
                if cache is not None:
                    cache.put(path, context, cached)
            loaded_card, own = cached
            dataset.problems += own
            dataset.scorecards.append(loaded_card)
    if cache is not None:
        cache.keep_only(files)


def _load(
    paths: ProjectPaths,
    extra_scorecards: Sequence[Path],
    today: dt.date,
    *,
    check_archive: bool,
    cache: ScorecardCache | None,
) -> Dataset:
    dataset = Dataset(paths)
    dataset.problems += symlink_problems(paths)

    for path in find_yaml_files(paths.references):
        loaded_ref = load_model(path, ReferenceVocabulary, paths.display(path))
        dataset.problems += loaded_ref.problems + checks.check_reference(loaded_ref)
        if loaded_ref.model is not None:
            dataset.references[loaded_ref.model.id] = loaded_ref.model

    loaded_rubrics = []
    for path in find_yaml_files(paths.rubrics):
        if paths.references in path.parents:
            continue
        loaded_rubric = load_model(path, Rubric, paths.display(path))
        dataset.problems += loaded_rubric.problems
        loaded_rubrics.append(loaded_rubric)
    for loaded_rubric in loaded_rubrics:
        dataset.problems += checks.check_rubric(loaded_rubric, dataset.references)
        if loaded_rubric.model is not None:
            dataset.rubrics[loaded_rubric.model.key] = loaded_rubric.model

    scorecard_files = list(find_yaml_files(paths.scorecards))
    if extra_scorecards:
        known = {p.resolve() for p in scorecard_files}
        scorecard_files += [p for p in extra_scorecards if p.resolve() not in known]
    dataset.problems += file_name_problems(paths, scorecard_files)
    _load_scorecards(dataset, scorecard_files, today, check_archive=check_archive, cache=cache)
    dataset.problems += checks.check_unique_subjects(dataset.scorecards)
    dataset.problems += _check_identities(paths, dataset)
    if paths.developers.exists():  # optional: a project without the list gets no developer checks
        loaded_developers = load_model(paths.developers, DeveloperList, paths.display(paths.developers))
        dataset.problems += loaded_developers.problems + check_developer_list(loaded_developers)
        if loaded_developers.model is not None:
            dataset.developers = DeveloperIndex.of(loaded_developers.model.developers)
            dataset.problems += check_scorecard_developers(dataset.scorecards, dataset.developers, paths.scorecards)
            for loaded_card in dataset.scorecards:
                dataset.problems += identity_checks.check_hub_namespace(loaded_card, dataset.developers)
    for path in find_yaml_files(paths.sources):
        loaded_sources = load_model(path, SourceList, paths.display(path))
        dataset.problems += loaded_sources.problems
        dataset.sources.append(loaded_sources)
    dataset.problems += checks.check_sources(dataset.sources, dataset.scorecards, dataset.rubrics, paths.sources)
    if dataset.developers.by_id:
        dataset.problems += check_source_developers(dataset.sources, dataset.developers)
    dataset.problems = cap_per_file(dataset.problems)
    dataset.problems.sort(key=lambda p: (p.file, p.line, p.column, p.message))
    return dataset
