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
from collector.loading import load_model
from collector.problems import DataError
from collector.schema import DeveloperList, ReferenceVocabulary, Scorecard
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
    joined: list[str] = field(default_factory=list)  # records that joined a scorecard by developer and name
    removed: list[str] = field(default_factory=list)  # scorecards no record maps to any more


def apply(root: Path, imported: ImportedIndex) -> ImportReport:
    """Write an import into the project at ``root``: every scorecard is checked before anything is written."""
    paths = ProjectPaths(root)
    report = ImportReport(problems=list(imported.problems), figures=dict(imported.figures))
    existing = ExistingSubjects.of(root)
    scorecards: dict[Path, str] = {}
    for subject in sorted(imported.subjects.values(), key=lambda s: s.id):
        path = existing.match(subject, imported.rubric_id, report)
        if path is None:
            path = paths.scorecards / subject.path
            other = existing.by_id.get(subject.id)
            if other is not None and other.resolve() != path.resolve():
                report.problems.append(
                    f"{subject.id}: {paths.display(other)} already uses this subject id; if it is the same model, "
                    f"add {{index: {imported.rubric_id}, record: {subject.id}, subject: {subject.id}}} to "
                    "imports/identities.yaml; skipped"
                )
                continue
            if other is not None and imported.rubric_id not in existing.rubrics.get(other, set()):
                report.joined.append(
                    f"{subject.id}: joins {paths.display(other)}, which has the same developer and name; if they "
                    f"are different models, add {{index: {imported.rubric_id}, record: {subject.id}, subject: "
                    "<another id>}} to imports/identities.yaml"
                )
        if path in scorecards:
            report.problems.append(
                f"{subject.id}: another record of this import already goes to {paths.display(path)}; skipped"
            )
            continue
        scorecards[path] = _scorecard_text(path, imported, subject)
    stale = _stale_scorecards(existing, imported, set(scorecards), report, paths)
    for version, text in sorted(imported.rubrics.items()):
        _write(paths.rubrics / imported.rubric_id / f"{version}.yaml", text, paths, report)
    for ref, text in sorted(imported.archive.items()):
        _write(paths.archive / ref, text, paths, report)
    for path, text in scorecards.items():
        _write(path, text, paths, report)
    for path, stale_text in stale.items():
        if stale_text is None:
            path.unlink()
        else:
            write_atomically(path, stale_text)
    return report


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
    """The project's scorecards, to find the one an imported record describes.

    A record joins an existing scorecard when they name the same Hugging Face repository, or when
    ``imports/identities.yaml`` (a reviewed mapping) says so.  Otherwise it goes to
    ``scorecards/<developer>/<id>.yaml``, and so joins a scorecard there only when the developer (as
    ``developers.yaml`` resolves it) and the normalized name are both the same; that join is reported.
    A similar name never merges: "OLMo" (a family) is not "OLMo 2 1124 13B" (a model).
    """

    by_repo: dict[str, Path] = field(default_factory=dict)
    by_id: dict[str, Path] = field(default_factory=dict)
    reviewed: dict[tuple[str, str], str] = field(default_factory=dict)  # (rubric, record id) -> subject id
    rubrics: dict[Path, set[str]] = field(default_factory=dict)  # the rubrics each scorecard is assessed under

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
            found.by_id.setdefault(str(subject.get("id")), path)
            assessments = data.get("assessments")
            found.rubrics[path] = (
                {str(a.get("rubric")) for a in assessments if isinstance(a, dict)}
                if isinstance(assessments, list)
                else set()
            )
            repo = (subject.get("links") or {}).get("huggingface") if isinstance(subject.get("links"), dict) else None
            if isinstance(repo, str):
                found.by_repo.setdefault(repo.lower(), path)
        found.reviewed = _reviewed_identities(root / "imports" / "identities.yaml")
        return found

    def match(self, subject: ImportedSubject, rubric_id: str, report: ImportReport) -> Path | None:
        reviewed = self.reviewed.get((rubric_id, subject.id))
        if reviewed is not None:
            path = self.by_id.get(reviewed)
            if path is None:
                report.problems.append(f"imports/identities.yaml: {subject.id} -> {reviewed}, which has no scorecard")
            return path
        repo = (subject.subject.get("links") or {}).get("huggingface")
        if isinstance(repo, str) and repo.lower() in self.by_repo:
            return self.by_repo[repo.lower()]
        return None


def _reviewed_identities(path: Path) -> dict[tuple[str, str], str]:
    """``imports/identities.yaml``: a list of {index, record, subject}, each link checked by a person."""
    if not path.exists():
        return {}
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise IndexImportError(f"{path}: not valid YAML ({exc}); fix it before importing") from None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("index", "record", "subject")) for e in entries
    ):
        raise IndexImportError(f"{path}: expected a list of entries with index, record and subject (all text)")
    return {(e["index"], e["record"]): e["subject"] for e in entries}


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


def _scorecard_text(path: Path, imported: ImportedIndex, subject: ImportedSubject) -> str:
    """The scorecard with its assessments under the imported rubric replaced; everything else kept as it was."""
    round_trip = round_trip_yaml()
    round_trip.representer.ignore_aliases = lambda *_: True  # no anchors: people read and edit these files
    if path.exists():  # an existing scorecard keeps its subject: the import adds its assessments
        document = round_trip.load(path.read_text(encoding="utf-8"))
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
        [*kept, *(styled(a) for a in subject.assessments)], key=lambda a: (str(a.get("date")), str(a.get("rubric")))
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
