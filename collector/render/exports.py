"""Downloads: every scorecard as JSON, scores and claims as CSV (with evidence URLs)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from collector.render.views import AssessmentView, ModelView, SiteData
from collector.scoring import AssessmentScore

# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def scorecards_json(records: Iterable[str]) -> Iterator[str]:
    """Every record (as its compact JSON text) in one JSON array, in pieces: the whole would not fit in memory
    at 25,000 models."""
    yield "["
    for index, record in enumerate(records):
        yield ("," if index else "") + record
    yield "]\n"


def write_zip(name: str, pieces: Callable[[], Iterable[str]], target: Path) -> None:
    """A zip holding one file ``name``, written piece by piece, the same bytes for the same content.

    Zip, not gzip: every desktop opens it without extra software.  The entry's date is fixed so that
    an unchanged dataset gives an unchanged file.
    """
    entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(target, "w") as archive, archive.open(entry, "w", force_zip64=True) as out:
        for piece in pieces():
            out.write(piece.encode("utf-8"))


def compact_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def model_record(model: ModelView) -> dict[str, Any]:
    return {
        "id": model.id,
        "source_file": model.source_file,
        "subject": model.card.subject.model_dump(mode="json", exclude_none=True),
        "assessments": [_assessment_record(a) for a in model.assessments],
    }


def model_summary(model: ModelView) -> dict[str, Any]:
    """A model's record without its evidence: what the compare page reads, at ``data/models/<id>.json``.

    The quotes, notes and provenance are most of a record and are already on the model page and in
    ``scorecards.zip``; a third copy of them made the data files a quarter of the site.  Each claim keeps
    its status, its checklist and how many sources back it."""
    return {**model_record(model), "assessments": [_assessment_summary(a) for a in model.assessments]}


def _assessment_summary(view: AssessmentView) -> dict[str, Any]:
    record = _assessment_record(view)
    record["indicators"] = {
        indicator_id: {
            "status": claim.status.value,
            **({"elements": claim.elements} if claim.elements else {}),
            "evidence_count": len(claim.evidence),
        }
        for indicator_id, claim in view.assessment.indicators.items()
    }
    return record


def _assessment_record(view: AssessmentView) -> dict[str, Any]:
    score = view.score.to_dict()
    record = view.assessment.record
    return {
        "rubric": view.rubric.id,
        "rubric_version": view.rubric.version,
        "date": view.assessment.date.isoformat(),
        # an imported assessment's record: what the index calls the model, and the key that put it on this page
        **({"record": record.model_dump(mode="json", exclude_none=True)} if record else {}),
        "complete": score["complete"],
        "total": score["total"],
        "lower": score["lower"],
        "upper": score["upper"],
        "assessed": score["assessed"],
        "indicator_count": score["indicators"],
        "coverage": score["coverage"],
        "domains": score["domains"],
        "indicators": {
            indicator_id: claim.model_dump(mode="json", exclude_none=True)
            for indicator_id, claim in view.assessment.indicators.items()
        },
    }


SCORES_COLUMNS = [
    "subject_id",
    "subject_name",
    "developer",
    "rubric_id",
    "rubric_version",
    "assessment_date",
    "complete",
    "total",
    "lower",
    "upper",
    "coverage",
    "domain",
    "indicator_id",
    "status",
    "elements",
    "points",
    "evidence_urls",
    "retrieved",
    "made_by",
    "reviewed_by",
]


def scores_csv(rows_of_each_model: Iterable[str]) -> Iterator[str]:
    """One row per model, assessment and indicator: totals, status, evidence URLs and provenance.

    In pieces, a model's rows (:func:`scores_rows`) each: at 25,000 models the whole is hundreds of megabytes."""
    yield _csv_text([SCORES_COLUMNS])
    yield from rows_of_each_model


def scores_rows(model: ModelView) -> str:
    """The rows of :func:`scores_csv` for one model, as CSV text."""
    rows = []
    for view in model.assessments:
        score = view.score
        # The same for every indicator of the assessment: made (and made safe) once.
        assessment = [
            _cell(value)
            for value in (
                model.id,
                model.name,
                model.card.subject.developer,
                score.rubric_id,
                score.rubric_version,
                score.date.isoformat(),
                *_bounds(score),
                f"{score.coverage:.4f}",
            )
        ]
        claims = view.assessment.indicators
        for indicator_score in score.indicators:
            claim = claims.get(indicator_score.indicator_id)
            evidence = claim.evidence if claim else []
            row = [
                indicator_score.domain_id,
                indicator_score.indicator_id,
                indicator_score.status.value,
                " ".join(claim.elements or []) if claim else "",
                f"{indicator_score.points:g}",
                " ".join(e.url for e in evidence),
                " ".join(e.retrieved.isoformat() for e in evidence),
                f"{claim.provenance.source.value}:{claim.provenance.by}" if claim else "",
                claim.provenance.reviewed_by or "" if claim else "",
            ]
            rows.append(assessment + [_cell(value) for value in row])
    return _csv_text(rows)


def _csv_text(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)  # RFC 4180 line ends: a field with a bare CR is quoted, not split
    return buffer.getvalue()


def totals_csv(site: SiteData) -> str:
    """One row per assessment: total, coverage and each domain's score."""
    return totals_csv_from_scores([view.score for model in site.models.values() for view in model.assessments])


def totals_csv_from_scores(scores: Sequence[AssessmentScore]) -> str:
    """One row per assessment, with a column per domain (the union over the rubrics in ``scores``)."""
    domains = list(dict.fromkeys(d.domain_id for score in scores for d in score.domains))
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180 line ends: a field with a bare CR is quoted, not split
    header = ["subject_id", "subject_name", "developer", "rubric_id", "rubric_version", "date"]
    writer.writerow([*header, "complete", "total", "lower", "upper", "coverage", *domains])
    for score in scores:
        # A domain with unassessed indicators has a range, not a score: its cell stays empty (the JSON has both bounds).
        by_domain = {d.domain_id: f"{d.score:.2f}" for d in score.domains if d.complete}
        row = [
            score.subject_id,
            score.subject_name,
            score.developer,
            score.rubric_id,
            score.rubric_version,
            score.date.isoformat(),
            *_bounds(score),
            f"{score.coverage:.4f}",
        ]
        writer.writerow([_cell(value) for value in row] + [by_domain.get(d, "") for d in domains])
    return buffer.getvalue()


def _bounds(score: AssessmentScore) -> list[str]:
    """complete, total (empty unless complete), lower and upper bound."""
    total = f"{score.total:.2f}" if score.complete else ""
    return ["yes" if score.complete else "no", total, f"{score.lower:.2f}", f"{score.upper:.2f}"]


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value
