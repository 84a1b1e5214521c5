"""How an import is written into a project.

An importer reads a published index and returns an :class:`ImportedIndex`:
its rubric files, the texts its claims quote (stored under ``archive/``), and
for each subject the assessments under its rubric.  :func:`apply` writes them.
Imports are repeatable: every file is made again from the source and written
only when its content changes, and in a scorecard only the assessments of the
imported rubric are replaced, so anything a person added stays, comments
included.  Scorecards are validated before they are written.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from collector.dataset import ProjectPaths
from collector.imports.developer_names import DeveloperNames
from collector.imports.joining import ExistingSubjects, duplicate_records, repeats_message
from collector.imports.records import ImportedIndex, ImportedSubject, ImportReport, IndexImportError, clip
from collector.loading import load_model
from collector.moved import record_moves
from collector.problems import DataError
from collector.schema import ReferenceVocabulary, Scorecard
from collector.store import styled, write_atomically
from collector.yamlsource import parse_yaml
from collector.yamlwrite import dump_plain, round_trip_yaml

# What importers take from here (the value types live in records.py, joins in joining.py).
__all__ = [
    "DeveloperNames",
    "ImportReport",
    "ImportedIndex",
    "ImportedSubject",
    "IndexImportError",
    "apply",
    "clip",
    "dump_yaml",
    "duplicate_records",
    "plain",
    "reference_vocabulary",
    "repeats_message",
]

MAX_REMOVED = 5  # scorecards an import may take its assessments from, or a tenth of them if more


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
            report.problems.append(f"{subject.id}: {repeats_message(repeats[subject.id])}; skipped")
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
    return dump_plain(data)


def plain(value: str) -> str:
    """A cell's text with its line breaks kept and trailing spaces dropped."""
    return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").split("\n")).strip()
