"""What every importer produces, and how it is written into a project.

An importer reads a published index and returns an :class:`ImportedIndex`:
its rubric files, the texts its claims quote (stored under ``archive/``), and
for each subject the assessments under its rubric.  :func:`apply` writes them.
Imports are repeatable: every file is made again from the source and written
only when its content changes, and in a scorecard only the assessments of the
imported rubric are replaced, so anything a person added stays, comments
included.  Scorecards are validated before they are written.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from collector.dataset import ProjectPaths
from collector.developers import DeveloperIndex, check_developer_list, slug
from collector.identity import conversion, disagreements, repository_name
from collector.identity_checks import owned_namespaces
from collector.loading import load_model
from collector.moved import record_moves
from collector.problems import DataError
from collector.schema import DeveloperList, IdentityList, ReferenceVocabulary, Scorecard
from collector.store import round_trip_yaml, styled, write_atomically
from collector.yamlsource import parse_yaml

# The C loader when PyYAML has it: an import reads every scorecard of the project to find joins.
_FAST_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_REMOVED = 5  # scorecards an import may take its assessments from, or a tenth of them if more


class IndexImportError(Exception):
    """The import cannot run; nothing was written."""


@dataclass
class ImportedSubject:
    id: str
    subject: dict[str, Any]  # the subject block, used when the scorecard is new
    assessments: list[dict[str, Any]]
    folder: str = ""  # scorecards/<folder>/<id>.yaml; the id itself when empty (a developer's own folder)
    dated: dt.date | None = None  # the record's own date (e.g. when the index's entry was written): not a release date

    @property
    def path(self) -> str:
        return f"{self.folder or self.id}/{self.id}.yaml"


@dataclass
class ImportedIndex:
    rubric_id: str
    command: str  # how to run the import again, named in generated files
    rubrics: dict[str, str] = field(default_factory=dict)  # version -> the rubric file's text
    archive: dict[str, str] = field(default_factory=dict)  # path below archive/ -> text
    subjects: dict[str, ImportedSubject] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # what could not be used, and why
    figures: dict[str, float] = field(default_factory=dict)  # e.g. each edition's mean total


@dataclass
class ImportReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    joined: list[str] = field(default_factory=list)  # records that joined another source's scorecard, with the key
    possible: list[str] = field(default_factory=list)  # same developer and name, not joined: for a person to review
    removed: list[str] = field(default_factory=list)  # scorecards no record maps to any more
    moved: list[str] = field(default_factory=list)  # deleted scorecards whose record lives on elsewhere
    relocated: list[str] = field(default_factory=list)  # own scorecards moved to their developer's folder


def apply(root: Path, imported: ImportedIndex) -> ImportReport:
    """Write an import into the project at ``root``: every scorecard is checked before anything is written.

    Each record goes to the scorecard a strong key names (a reviewed identity, its own earlier file, the same Hub
    repository) or to a new file of its own; a shared developer and name never joins (see :class:`ExistingSubjects`).
    """
    paths = ProjectPaths(root)
    report = ImportReport(problems=list(imported.problems), figures=dict(imported.figures))
    existing = ExistingSubjects.of(root)
    scorecards: dict[Path, str] = {}
    homes: dict[str, Path] = {}  # record id -> where it went
    relocated: dict[Path, Path] = {}  # a record's own scorecard, moved to its developer's folder
    repeats = {  # record id -> the record it repeats (reviewed duplicates of the index)
        record: original
        for (index, record), original in existing.duplicates.items()
        if index == imported.rubric_id and original in imported.subjects
    }
    for subject in sorted(imported.subjects.values(), key=lambda s: s.id):
        if subject.id in repeats:
            report.problems.append(f"{subject.id}: {_repeats(subject.id, repeats[subject.id])}; skipped")
            continue
        placed = existing.place(subject, imported.rubric_id, report, paths)
        if placed is None:
            continue
        path, record = placed
        text = _scorecard_text(path, imported, subject, record)
        if record["joined_by"] == "own":
            path = _in_developer_folder(path, subject, paths, relocated, report)
        if path in scorecards:
            report.problems.append(
                f"{subject.id}: another record of this import already goes to {paths.display(path)}; skipped"
            )
            continue
        existing.claim(path, subject)
        homes[record["id"]] = path
        scorecards[path] = text
    homes |= {record_id: homes[original] for record_id, original in repeats.items() if original in homes}
    stale = _stale_scorecards(existing, imported, set(scorecards) | set(relocated), report, paths)
    moves = _moves(existing, rubric_id=imported.rubric_id, stale=stale, homes=homes, report=report, paths=paths)
    for version, text in sorted(imported.rubrics.items()):
        _write(paths.rubrics / imported.rubric_id / f"{version}.yaml", text, paths, report)
    for ref, text in sorted(imported.archive.items()):
        _write(paths.archive / ref, text, paths, report)
    for path, text in scorecards.items():
        _write(path, text, paths, report)
    if moves:
        record_moves(paths.moved, moves)
    for path, stale_text in stale.items():
        if stale_text is None:
            path.unlink()
        else:
            write_atomically(path, stale_text)
    for old in relocated:
        old.unlink(missing_ok=True)
    return report


def _in_developer_folder(
    path: Path, subject: ImportedSubject, paths: ProjectPaths, relocated: dict[Path, Path], report: ImportReport
) -> Path:
    """Where a record's own scorecard belongs: its developer's folder (as developers.yaml now places the record),
    under the same file name, so that its page and id stay; a file filed elsewhere earlier moves there."""
    intended = paths.scorecards / (subject.folder or subject.id) / path.name
    if intended == path or not path.exists() or intended.exists():
        return path
    relocated[path] = intended
    report.relocated.append(f"{paths.display(path)} -> {paths.display(intended)}: its developer's folder")
    return intended


def _moves(
    existing: ExistingSubjects,
    *,
    rubric_id: str,
    stale: dict[Path, str | None],
    homes: dict[str, Path],
    report: ImportReport,
    paths: ProjectPaths,
) -> list[tuple[str, str]]:
    """(old subject id, new subject id) for each deleted scorecard whose record now lives in another file."""
    moves = []
    for path, text in stale.items():
        if text is not None:
            continue
        legacy = {existing.subject_ids.get(path, "")}  # before record blocks, a record's id was its file's
        for record_id in existing.records.get(path, {}).get(rubric_id, legacy):
            home = homes.get(record_id)
            old_id, new_id = existing.subject_ids.get(path), existing.subject_ids.get(home) if home else None
            if old_id and new_id and old_id != new_id:
                moves.append((old_id, new_id))
                report.moved.append(f"{paths.display(path)}: its record is now on {new_id}; the old page points there")
    return moves


def _stale_scorecards(
    existing: ExistingSubjects, imported: ImportedIndex, targets: set[Path], report: ImportReport, paths: ProjectPaths
) -> dict[Path, str | None]:
    """Scorecards holding this index's assessments that no record of it maps to any more (the record left the
    source, or now joins another scorecard): their text without them, or None when nothing else is left."""
    out: dict[Path, str | None] = {}
    empty = ImportedSubject("", {}, [])
    holding = [p for p, rubrics in existing.rubrics.items() if imported.rubric_id in rubrics]
    gone = [p for p in holding if p not in targets]
    if len(gone) > max(MAX_REMOVED, len(holding) // 10):
        raise IndexImportError(
            f"{len(gone)} of the {len(holding)} scorecards with {imported.rubric_id} assessments would lose them, "
            "more than a new edition of an index drops; is SOURCE_DIR the whole index? Nothing was written"
        )
    for path, rubrics in sorted(existing.rubrics.items()):
        if imported.rubric_id not in rubrics or path in targets:
            continue
        if rubrics == {imported.rubric_id}:
            out[path] = None
            report.removed.append(f"{paths.display(path)}: no record of the source maps here any more; deleted")
        else:
            out[path] = _scorecard_text(path, imported, empty)
            report.removed.append(
                f"{paths.display(path)}: no record of the source maps here any more; its "
                f"{imported.rubric_id} assessments were removed"
            )
    return out


@dataclass
class ExistingSubjects:
    """The project's scorecards, to find the one an imported record describes: by strong keys only.

    In order: a reviewed entry of ``imports/identities.yaml``; the record's own file (made from it earlier); a
    scorecard tracking the Hub repository the record names, when their names do not contradict it (a size,
    version or variant apart is another model); otherwise a new file of the record's own. A file of the same
    developer and id that is not the record's own is never joined: the record gets another id and the pair is
    reported as a possible match for a person to review. "OLMo" (a family) is not "OLMo 2 1124 13B" (a model).
    """

    by_repo: dict[str, list[Path]] = field(default_factory=dict)  # two when a duplicate is being merged
    by_id: dict[str, Path] = field(default_factory=dict)
    reviewed: dict[tuple[str, str], str] = field(default_factory=dict)  # (rubric, record id) -> subject id
    duplicates: dict[tuple[str, str], str] = field(default_factory=dict)  # (rubric, record id) -> the record it repeats
    rubrics: dict[Path, set[str]] = field(default_factory=dict)  # the rubrics each scorecard is assessed under
    records: dict[Path, dict[str, set[str]]] = field(default_factory=dict)  # rubric -> record ids held
    owners: dict[Path, tuple[str, str]] = field(default_factory=dict)  # (rubric, record id) the file was made from
    own_files: dict[tuple[str, str], Path] = field(default_factory=dict)  # (rubric, record id) -> file made from it
    subject_ids: dict[Path, str] = field(default_factory=dict)
    names: dict[Path, str] = field(default_factory=dict)
    developers: DeveloperIndex | None = None  # developers.yaml, when the project has it

    @classmethod
    def of(cls, root: Path) -> ExistingSubjects:
        found = cls()
        for path in sorted((root / "scorecards").rglob("*.y*ml")):
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_FAST_SAFE_LOADER)  # noqa: S506 (safe)
                subject = data["subject"]
            except (OSError, yaml.YAMLError, TypeError, KeyError):
                continue  # validation reports broken files; an import does not join them
            if not isinstance(subject, dict):
                continue
            found._add(path, subject, data.get("assessments"))
        reviewed = _reviewed_identities(root / "imports" / "identities.yaml")
        found.reviewed = {(e.index, e.record): e.subject for e in reviewed.identities}
        found.duplicates = {(d.index, d.record): d.of for d in reviewed.duplicates}
        found.developers = DeveloperNames.of(root).index
        return found

    def _add(self, path: Path, subject: dict[str, Any], assessments: Any) -> None:
        subject_id = str(subject.get("id"))
        self.by_id.setdefault(subject_id, path)
        self.subject_ids[path] = subject_id
        self.names[path] = str(subject.get("name") or "")
        links = subject.get("links")
        repo = links.get("huggingface") if isinstance(links, dict) else None
        if isinstance(repo, str):
            self.by_repo.setdefault(repo.lower(), []).append(path)
        listed = [a for a in assessments if isinstance(a, dict)] if isinstance(assessments, list) else []
        self.rubrics[path] = {str(a.get("rubric")) for a in listed}
        held = self.records.setdefault(path, {})
        for assessment in listed:
            rubric, record = str(assessment.get("rubric")), assessment.get("record")
            if isinstance(record, dict):
                held.setdefault(rubric, set()).add(str(record.get("id")))
                if record.get("joined_by") == "own":
                    self.owners.setdefault(path, (rubric, str(record.get("id"))))
                    self.own_files.setdefault((rubric, str(record.get("id"))), path)

    def place(
        self, subject: ImportedSubject, rubric_id: str, report: ImportReport, paths: ProjectPaths
    ) -> tuple[Path, dict[str, Any]] | None:
        """Where the record goes and its record block, or None (reported) when it cannot go anywhere."""
        name = str(subject.subject.get("name", subject.id))
        repo = _own_repo(subject, name, rubric_id, report, self.developers)
        record = {"id": subject.id, "name": name, "huggingface": repo, "joined_by": "own", "dated": subject.dated}
        record = {k: v for k, v in record.items() if v is not None}
        reviewed = self.reviewed.get((rubric_id, subject.id))
        if reviewed is not None:
            path = self.by_id.get(reviewed)
            if path is None:
                report.problems.append(f"imports/identities.yaml: {subject.id} -> {reviewed}, which has no scorecard")
                return None
            return path, record | {"joined_by": "identity"}
        home = self._own_file(subject.id, rubric_id, repo)
        joined = self._by_repo(subject, repo, name=name, rubric_id=rubric_id, report=report, paths=paths, home=home)
        if joined is not None and joined != home:  # another file tracks its repository: a duplicate merges there
            return joined, record | {"joined_by": "huggingface"}
        if home is not None:
            return home, record
        path = paths.scorecards / subject.path
        taken = self.by_id.get(subject.id)
        if taken is None and not path.exists():
            return path, record
        other = taken or path
        new_id = self._free_id(subject, repo, rubric_id)
        report.possible.append(
            f"{rubric_id} record {subject.id!r} ({name}) and {paths.display(other)} ({self.names.get(other, '?')}) "
            f"share a developer and name but no strong key: filed apart as {new_id}. If they are one model, add "
            f"{{index: {rubric_id}, record: {subject.id}, subject: {self.subject_ids.get(other, subject.id)}, "
            "why: ...} to imports/identities.yaml"
        )
        subject.subject = subject.subject | {"id": new_id}
        subject.id = new_id  # the record keeps its own id: only the scorecard's differs
        return paths.scorecards / subject.path, record

    def _own_file(self, record_id: str, rubric_id: str, repo: str | None) -> Path | None:
        """The file made from this record earlier: its record block says so, or (before record blocks) it is the
        file of that id holding this index's assessments and nothing contradicts it."""
        if (rubric_id, record_id) in self.own_files:
            return self.own_files[(rubric_id, record_id)]
        path = self.by_id.get(record_id)
        if path is None or rubric_id not in self.rubrics.get(path, set()):
            return None
        owner = self.owners.get(path)
        if owner is not None:
            return path if owner == (rubric_id, record_id) else None
        others = self.rubrics[path] - {rubric_id}
        tracked = next((r for r, held in self.by_repo.items() if path in held), None)
        if not others or (tracked is not None and repo is not None and tracked == repo.lower()):
            return path
        return None

    def _by_repo(
        self, subject: ImportedSubject, repo: str | None, *, name: str, rubric_id: str, report: ImportReport,
        paths: ProjectPaths, home: Path | None,
    ) -> Path | None:  # fmt: skip
        held = self.by_repo.get(repo.lower(), []) if repo else []
        path = next((p for p in held if p != home), home if home in held else None)  # another file wins: a merge
        if path is None or path == home:
            return path
        differ = disagreements(name, self.names.get(path, ""))
        if differ:
            report.possible.append(
                f"{rubric_id} record {subject.id!r} ({name}) names {repo}, tracked by {paths.display(path)} "
                f"({self.names.get(path)}), but the names disagree on {'; '.join(differ)}: not joined. If they are "
                "one model, add a reviewed entry with name_difference to imports/identities.yaml"
            )
            return None
        report.joined.append(f"{subject.id}: joins {paths.display(path)} by the Hub repository {repo}")
        return path

    def _free_id(self, subject: ImportedSubject, repo: str | None, rubric_id: str) -> str:
        """Another id for a record whose own is taken: its repository's name, else the id and the index."""
        candidates = [slug(repository_name(repo))] if repo else []
        candidates.append(f"{subject.id}-{rubric_id}")
        for candidate in candidates:
            if candidate and candidate not in self.by_id:
                return candidate
        return f"{subject.id}-{rubric_id}-{len(self.by_id)}"

    def claim(self, path: Path, subject: ImportedSubject) -> None:
        """Note that ``path`` now holds ``subject`` (so that a later record of the run sees it taken)."""
        self.by_id.setdefault(subject.id, path)
        self.subject_ids.setdefault(path, subject.id)


def _developers_own(developers: DeveloperIndex | None, subject: ImportedSubject, repo: str) -> bool:
    """Whether ``repo`` sits in a Hub namespace of the record's developer (a developer's own GGUF is theirs)."""
    developer = developers.resolve(str(subject.subject.get("developer", ""))) if developers else None
    if developers is None or developer is None:
        return False
    return repo.split("/", 1)[0].casefold() in owned_namespaces(developers, developer)


def _own_repo(
    subject: ImportedSubject, name: str, rubric_id: str, report: ImportReport, developers: DeveloperIndex | None
) -> str | None:
    """The record's Hub link, unless the repository's name contradicts the record's own name (then reported and
    kept off the scorecard: MOT's CodeGemma 2B file links codegemma-7b)."""
    links = subject.subject.get("links") or {}
    repo = links.get("huggingface")
    if not isinstance(repo, str):
        return None
    differ = disagreements(name, repository_name(repo))
    converted = conversion(repo) if not _developers_own(developers, subject, repo) else None
    if differ or converted:
        why = f"whose name disagrees on {'; '.join(differ)}" if differ else f"a {converted} conversion, not its own"
        report.problems.append(f"{rubric_id} record {subject.id!r} ({name}) links {repo}, {why}; the link is not used")
        subject.subject = subject.subject | {"links": {k: v for k, v in links.items() if k != "huggingface"}}
        if not subject.subject["links"]:
            del subject.subject["links"]
        return None
    return repo


def _repeats(record: str, original: str) -> str:
    return f"the same model as record {original} (imports/identities.yaml, duplicates)"


def duplicate_records(root: Path, rubric_id: str) -> dict[str, str]:
    """The records of an index that a person found to repeat another (record id -> the one that stands), so that
    an importer can leave them out before they take a Hub link or an id from the record that stands."""
    reviewed = _reviewed_identities(ProjectPaths(root).identities)
    return {d.record: d.of for d in reviewed.duplicates if d.index == rubric_id}


def _reviewed_identities(path: Path) -> IdentityList:
    """``imports/identities.yaml``: reviewed joins and duplicates, each checked by a person."""
    if not path.exists():
        return IdentityList()
    loaded = load_model(path, IdentityList, "imports/identities.yaml")
    if loaded.model is None:
        first = loaded.problems[0]
        raise IndexImportError(
            f"imports/identities.yaml:{first.line}: {first.message}; fix it (scorecards validate) before importing"
        )
    return loaded.model


@dataclass
class DeveloperNames:
    """The project's ``developers.yaml`` as importers use it: a source's record -> (folder, name to show).

    In order: a record the list attributes to a developer by review (``records``); the developer the source's
    spelling names; the developer whose Hub namespace holds the record's Hub repository (reported, so that a
    person can add the spelling).  Anything else is reported once and filed under a folder made from the
    spelling, as given; nothing is guessed.  A project without the list files every developer under its own
    spelling.
    """

    index: DeveloperIndex | None
    reported: set[str] = field(default_factory=set)
    rubric_id: str = ""  # the index being imported, as developers.yaml's records name it (e.g. mof)

    @classmethod
    def of(cls, root: Path, rubric_id: str = "") -> DeveloperNames:
        path = ProjectPaths(root).developers
        if not path.exists():
            return cls(None, rubric_id=rubric_id)
        loaded = load_model(path, DeveloperList, "developers.yaml")
        problems = loaded.problems + check_developer_list(loaded)
        if loaded.model is None or problems:
            first = problems[0]
            raise IndexImportError(
                f"developers.yaml:{first.line}: {first.message}; fix it (scorecards validate lists every problem) "
                "before importing"
            )
        return cls(DeveloperIndex.of(loaded.model.developers), rubric_id=rubric_id)

    def place(
        self,
        spelled: str,
        record: str,
        problems: list[str],
        *,
        folder: str = "",
        hub_repo: str | None = None,
        record_id: str = "",
    ) -> tuple[str, str]:
        """The folder and the name for a record's developer as a source spells it (blank: the source names
        none); ``folder`` is the importer's own choice for a developer the list does not know (else one is made
        from the spelling), ``hub_repo`` the record's Hub repository and ``record_id`` the id the import gives
        the record.  A blank spelling that nothing places gives the name ``""``: the importer says what then."""
        fallback = folder or slug(spelled) or "unnamed-developer"
        if self.index is None:
            return fallback, clip(spelled, 200)
        developer = self.index.resolve_record(self.rubric_id, record_id) if record_id else None
        if developer is None and spelled.strip():
            developer = self.index.resolve(spelled)
        if developer is not None:
            return developer.id, developer.name
        developer = self.index.resolve_repo(hub_repo) if hub_repo else None
        if developer is not None:
            named, hint = (
                (
                    f"developer {spelled!r} is not in developers.yaml",
                    "; if that name is theirs, list it as an alias",
                )
                if spelled.strip()
                else ("names no developer", "")
            )
            problems.append(
                f"{record}: {named}; resolved by the Hub namespace of {hub_repo} to {developer.name} "
                f"(scorecards/{developer.id}/){hint}"
            )
            return developer.id, developer.name
        if not spelled.strip():
            return fallback, ""
        if spelled not in self.reported:
            self.reported.add(spelled)
            problems.append(
                f"{record}: developer {spelled!r} is not in developers.yaml; filed under scorecards/{fallback}/ "
                "with the name as given (add it to developers.yaml, as a developer or another's alias, and import "
                "again)"
            )
        return fallback, clip(spelled, 200)


def reference_vocabulary(root: Path, reference: str) -> ReferenceVocabulary:
    """A reference vocabulary of the project (rubrics/references/<id>.yaml), whose ids an import's indicators take."""
    loaded = load_model(ProjectPaths(root).references / f"{reference}.yaml", ReferenceVocabulary, reference)
    if loaded.model is None:
        raise IndexImportError(f"rubrics/references/{reference}.yaml is missing or invalid; names are mapped to it")
    return loaded.model


def _write(path: Path, text: str, paths: ProjectPaths, report: ImportReport) -> None:
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        report.unchanged += 1
        return
    write_atomically(path, text)
    report.written.append(paths.display(path))


def _scorecard_text(
    path: Path, imported: ImportedIndex, subject: ImportedSubject, record: dict[str, Any] | None = None
) -> str:
    """The scorecard with its assessments under the imported rubric replaced; everything else kept as it was.

    A scorecard made from this record (``joined_by: own``) also takes the record's name, Hub link and release date
    again, so that a correction in the index reaches it; one the record joined keeps its subject as it is.
    """
    round_trip = round_trip_yaml()
    round_trip.representer.ignore_aliases = lambda *_: True  # no anchors: people read and edit these files
    if path.exists():  # an existing scorecard keeps its subject: the import adds its assessments
        document = round_trip.load(path.read_text(encoding="utf-8"))
        if record is not None and record["joined_by"] == "own":
            _refresh_subject(document["subject"], subject.subject)
    else:
        document = CommentedMap(
            [("schema_version", 1), ("subject", styled(subject.subject)), ("assessments", CommentedSeq())]
        )
        document.yaml_set_start_comment(
            "yaml-language-server: $schema=../../schema/scorecard.schema.json\n"
            f"Assessments under rubric {imported.rubric_id} are made by `{imported.command}`; add others by hand."
        )
    kept = [a for a in document.get("assessments") or [] if a.get("rubric") != imported.rubric_id]
    merged = sorted(
        [*kept, *(styled(_with_record(a, record)) for a in subject.assessments)],
        key=lambda a: (str(a.get("date")), str(a.get("rubric"))),
    )
    document["assessments"] = CommentedSeq(merged)
    buffer = io.StringIO()
    round_trip.dump(document, buffer)
    text = buffer.getvalue()
    try:
        Scorecard.model_validate(parse_yaml(text.encode("utf-8"), str(path)).data)
    except (DataError, ValueError) as exc:
        raise IndexImportError(
            f"{path}: the imported scorecard would not be valid, so nothing was written: {exc}"
        ) from None
    return text


def _with_record(assessment: dict[str, Any], record: dict[str, Any] | None) -> dict[str, Any]:
    """The assessment with its record block placed before the indicators (where a reader looks first)."""
    if record is None:
        return assessment
    out = {k: v for k, v in assessment.items() if k != "indicators"}
    out["record"] = record
    out["indicators"] = assessment.get("indicators", {})
    return out


def _refresh_subject(current: CommentedMap, made: dict[str, Any]) -> None:
    """The fields a record gives its own scorecard, taken again from it; a field the record no longer gives goes."""
    current["name"] = made["name"]
    current["developer"] = made["developer"]
    if "release_date" in made:
        current["release_date"] = made["release_date"]
    elif "release_date" in current:
        del current["release_date"]
    repo = (made.get("links") or {}).get("huggingface")
    links = current.get("links")
    if repo:
        if links is None:
            current["links"] = links = CommentedMap()
        links["huggingface"] = repo
    elif links is not None and "huggingface" in links:
        del links["huggingface"]
        if not links:
            del current["links"]


def dump_yaml(data: Any) -> str:
    """A generated file's YAML: keys in the order given, Unicode as is, long lines kept."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word and marked with an elision that quote checks understand."""
    if len(text) <= limit:
        return text
    return text[: limit - 4].rsplit(" ", 1)[0] + " ..."


def plain(value: str) -> str:
    """A cell's text with its line breaks kept and trailing spaces dropped."""
    return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").split("\n")).strip()
