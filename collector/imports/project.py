"""An imported index applied to a project: its rubric files, its archived texts, and its developers' scorecards.

Imports are repeatable: every file is made again from the source and written
only when its content changes, and in a scorecard only the assessments of the
imported rubric are replaced (anything else a person added stays, comments
included).  Each imported claim names the index, its edition and its license;
its evidence quotes a per-developer text made from the index's files and
stored under ``archive/fmti/``, so ``scorecards validate`` checks every quote.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from collector.dataset import ProjectPaths
from collector.imports import fmti
from collector.loading import load_model
from collector.problems import DataError
from collector.schema import ReferenceVocabulary, Scorecard
from collector.store import round_trip_yaml, styled, write_atomically
from collector.yamlsource import parse_yaml

MAX_QUOTE = 4900
MAX_NOTE = 2900


@dataclass
class ImportReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    means: dict[str, float] = field(default_factory=dict)  # edition -> mean total, as published


class IndexImportError(Exception):
    """The import cannot run; nothing was written."""


def import_fmti(root: Path, source: Path) -> ImportReport:
    """Import every FMTI edition found under ``source`` (a checkout of stanford-crfm/fmti)."""
    paths = ProjectPaths(root)
    report = ImportReport()
    references = {ref: _reference_ids(paths, ref) for ref in {e.reference for e in fmti.EDITIONS}}
    try:
        editions = [fmti.read_edition(source, e, references[e.reference]) for e in fmti.EDITIONS]
    except fmti.FmtiError as exc:
        raise IndexImportError(str(exc)) from None
    assessments: dict[str, list[dict[str, Any]]] = {}
    names: dict[str, str] = {}
    for data in editions:
        report.problems += data.problems
        report.means[data.edition.version] = data.mean()
        _write(paths.rubrics / fmti.RUBRIC_ID / f"{data.edition.version}.yaml", _rubric_text(data), paths, report)
        for developer in data.developers.values():
            ref = f"fmti/{data.edition.version}/{developer.id}.md"
            text = _archive_text(data, developer)
            _write(paths.archive / ref, text, paths, report)
            assessments.setdefault(developer.id, []).append(_assessment(data, developer, ref, text))
            names[developer.id] = developer.name
    for subject_id, imported in sorted(assessments.items()):
        path = paths.scorecards / subject_id / f"{subject_id}.yaml"
        _write(path, _scorecard_text(path, subject_id, names[subject_id], imported), paths, report)
    return report


def _reference_ids(paths: ProjectPaths, reference: str) -> dict[str, str]:
    loaded = load_model(paths.references / f"{reference}.yaml", ReferenceVocabulary, reference)
    if loaded.model is None:
        raise IndexImportError(f"rubrics/references/{reference}.yaml is missing or invalid; names are mapped to it")
    return {item.name: item.id for item in loaded.model.items}


def _write(path: Path, text: str, paths: ProjectPaths, report: ImportReport) -> None:
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        report.unchanged += 1
        return
    write_atomically(path, text)
    report.written.append(paths.display(path))


# ---------------------------------------------------------------- rubric


def _rubric_text(data: fmti.EditionData) -> str:
    edition = data.edition
    rubric = {
        "id": fmti.RUBRIC_ID,
        "version": edition.version,
        "title": f"Foundation Model Transparency Index, {edition.label}",
        "released": edition.date.isoformat(),
        "license": "CC-BY-4.0",
        "description": (
            f"The {edition.label} edition of Stanford CRFM's Foundation Model Transparency Index: 100 binary "
            "indicators of what a developer discloses about its flagship foundation model, scored 1 when disclosed "
            "and 0 otherwise. Imported from the index's published data; definitions and notes are FMTI's own."
        ),
        "source": fmti.SOURCE_REPOSITORY,
        "attribution": fmti.ATTRIBUTION,
        "scoring": {"method": "binary"},
        "domains": [{"id": d, "name": name} for d, name in fmti.iter_subdomains(data.indicators)],
        "indicators": [
            {
                "id": i.id,
                "domain": fmti.domain_id_of(i),
                "name": i.name,
                "question": _clip(i.definition or i.name, 5000),
                "full_credit": _clip(i.notes or "Scored 1 by FMTI when the definition is met.", 5000),
                "crosswalk": {edition.reference: [i.id]},
            }
            for i in data.indicators
        ],
    }
    header = (
        "# yaml-language-server: $schema=../../schema/rubric.schema.json\n"
        f"# Generated by `scorecards import fmti` from {edition.indicators_file} of {fmti.SOURCE_REPOSITORY}\n"
        f"# at commit {fmti.SOURCE_COMMIT}; do not edit by hand, import again.\n"
    )
    return header + _dump(rubric)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# ---------------------------------------------------------------- archived texts


def _archive_text(data: fmti.EditionData, developer: fmti.Developer) -> str:
    """What FMTI says of one developer in one edition, as plain text that evidence quotes."""
    edition = data.edition
    source_file = developer.report_file or edition.scores_file
    lines = [
        f"# Foundation Model Transparency Index, {edition.label}: {developer.name}",
        "",
        f"Made by `scorecards import fmti` from {source_file} ({fmti.source_url(source_file)}).",
        f"{fmti.ATTRIBUTION}",
        "",
    ]
    by_id = {i.id: i for i in data.indicators}
    for indicator in data.indicators:
        score = developer.scores.get(indicator.id)
        if score is None:
            continue
        entry = developer.report.get(indicator.id)
        lines += [f"## {by_id[indicator.id].name}", "", f"{indicator.name}: score {score}", ""]
        if entry is not None:
            for label, value in (("Disclosure", entry.disclosure), ("Justification", entry.justification),
                                 ("References", entry.references)):  # fmt: skip
                if value:
                    lines += [f"{label}:", "", _plain(value), ""]
    return "\n".join(lines).rstrip() + "\n"


def _plain(value: str) -> str:
    """A cell's text with its line breaks kept and trailing spaces dropped."""
    return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").split("\n")).strip()


# ---------------------------------------------------------------- scorecards


def _assessment(data: fmti.EditionData, developer: fmti.Developer, ref: str, text: str) -> dict[str, Any]:
    edition = data.edition
    source_file = developer.report_file or edition.scores_file
    total = sum(developer.scores.values())
    by = f"FMTI {edition.label} (Stanford CRFM; CC-BY-4.0)"
    indicators: dict[str, Any] = {}
    for indicator in data.indicators:
        score = developer.scores.get(indicator.id)
        if score is None:
            continue
        entry = developer.report.get(indicator.id)
        quote, note = _quote_and_note(indicator, score, entry)
        evidence = {
            "url": fmti.source_url(source_file),
            "quote": quote,
            "retrieved": fmti.RETRIEVED,
            "archive": ref,
            "locator": _clip(indicator.name, 200),
        }
        claim: dict[str, Any] = {"status": "disclosed" if score else "not-disclosed", "evidence": [evidence]}
        if note:
            claim["note"] = note
        claim["provenance"] = {"source": "import", "by": by}
        indicators[indicator.id] = claim
    return {
        "rubric": fmti.RUBRIC_ID,
        "rubric_version": edition.version,
        "date": edition.date,
        "summary": (
            f"Imported from the Foundation Model Transparency Index, {edition.label}: {total} of "
            f"{len(indicators)} indicators scored 1. FMTI rates a developer through its flagship model; "
            "the imported files do not name the model."
        ),
        "indicators": indicators,
    }


def _quote_and_note(
    indicator: fmti.IndicatorDefinition, score: int, entry: fmti.ReportEntry | None
) -> tuple[str, str | None]:
    """The disclosure FMTI cites (else its justification, else the score line), and the rest as a note."""
    score_line = f"{indicator.name}: score {score}"
    if entry is None:
        return score_line, None
    parts = []
    if entry.disclosure:
        quote = _plain(entry.disclosure)
        if entry.justification:
            parts.append(f"FMTI's justification: {_plain(entry.justification)}")
    elif entry.justification:
        quote = _plain(entry.justification)
    else:
        quote = score_line
    if entry.references:
        parts.append(f"References given by FMTI: {_plain(entry.references)}")
    note = _clip("\n".join(parts), MAX_NOTE) if parts else None
    return _clip(quote, MAX_QUOTE), note


def _clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word and marked with an elision that quote checks understand."""
    if len(text) <= limit:
        return text
    return text[: limit - 4].rsplit(" ", 1)[0] + " ..."


def _scorecard_text(path: Path, subject_id: str, name: str, imported: list[dict[str, Any]]) -> str:
    """The scorecard with its FMTI assessments replaced by ``imported``; everything else kept as it was."""
    round_trip = round_trip_yaml()
    round_trip.representer.ignore_aliases = lambda *_: True  # no anchors: people read and edit these files
    if path.exists():
        document = round_trip.load(path.read_text(encoding="utf-8"))
    else:
        document = CommentedMap(
            [
                ("schema_version", 1),
                (
                    "subject",
                    CommentedMap([("id", subject_id), ("name", name), ("kind", "developer"), ("developer", name)]),
                ),
                ("assessments", CommentedSeq()),
            ]
        )
        document.yaml_set_start_comment(
            "yaml-language-server: $schema=../../schema/scorecard.schema.json\n"
            "Assessments under rubric fmti are made by `scorecards import fmti`; add others by hand."
        )
    kept = [a for a in document.get("assessments") or [] if a.get("rubric") != fmti.RUBRIC_ID]
    merged = sorted([*kept, *(styled(a) for a in imported)], key=lambda a: (str(a.get("date")), str(a.get("rubric"))))
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
