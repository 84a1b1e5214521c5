"""The Foundation Model Transparency Index (Stanford CRFM, CC-BY-4.0), read from its published CSV files.

Three editions, each a version of the rubric ``fmti`` with binary scoring:
``2023.10`` and ``2024.05`` (indicators v1, ``fmti-indicators.csv``) and
``2025.12`` (``Dec2025/Dec2025_indicators.csv``).  FMTI rates developers
(through a flagship model the CSV files do not name), so each developer is one
subject of kind ``developer`` with one assessment per edition it was rated in.

The scores files are authoritative (they reproduce the published means); the
per-developer reports of 2024 and 2025 give each score its disclosure,
justification and references, and are cross-checked against the scores.

The quirks of the source, each handled here by name rather than by guessing:

* the scores files of 2023 and 2024 spell nine indicator names differently from
  the indicator list (:data:`NAME_ALIASES`); hyphens and case are also ignored;
* names carry stray spaces ("Data creators ", subdomain "Accountability ");
* the 2023 scores file ends with a "Total" row, 2024 with a "Total" row, 2025 with none;
* the 2024 Adept report's header row says "Downstream applications" where the
  other reports say "Indicator";
* developers are named differently in scores files and report file names
  ("Stability" and "Stability AI"; "BigCode" and "BigCode:Hugging Face:ServiceNow";
  "AI21_Labs"): :data:`DEVELOPERS` maps every spelling, and an unknown one is reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

SOURCE_REPOSITORY = "https://github.com/stanford-crfm/fmti"
SOURCE_COMMIT = "f4500c5f4763966fddf71c468a148533a1236290"
RETRIEVED = dt.date(2025, 12, 9)  # the date of that commit, when the files were taken
ATTRIBUTION = (
    "Bommasani, Klyman, Kapoor, Wan, Liang et al., Stanford CRFM. Foundation Model Transparency Index. "
    "Licensed CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)."
)
RUBRIC_ID = "fmti"


@dataclass(frozen=True)
class Edition:
    version: str
    label: str
    date: dt.date  # the month of publication; the files give no day, so the first is used
    reference: str  # the reference vocabulary whose ids the indicators take
    indicators_file: str
    scores_file: str
    reports_dir: str | None


EDITIONS = (
    Edition("2023.10", "October 2023", dt.date(2023, 10, 1), "fmti-v1", "fmti-indicators.csv",
            "October2023/October2023_scores.csv", None),
    Edition("2024.05", "May 2024", dt.date(2024, 5, 1), "fmti-v1", "fmti-indicators.csv",
            "May2024/May2024_scores.csv", "May2024/reports"),
    Edition("2025.12", "December 2025", dt.date(2025, 12, 1), "fmti-2025", "Dec2025/Dec2025_indicators.csv",
            "Dec2025/Dec2025_scores.csv", "Dec2025/reports"),
)  # fmt: skip

#: Scores-file spellings of v1 indicator names, checked by hand against fmti-indicators.csv.
NAME_ALIASES = {
    "data copyright status": "copyrighted data",
    "data license status": "data license",
    "release decision making protocol": "release decision making",
    "machine generated content": "detection of machine generated content",
    "model asset license": "model license",
    "license": "model license",
}

#: Every spelling of a developer in the files -> (subject id, display name).  "BigCode" (2024) is the
#: BigCode project of Hugging Face and ServiceNow, rated through StarCoder; it is not the "Hugging Face"
#: of 2023 (rated through its own model), so the two stay separate subjects.
DEVELOPERS = {
    "Adept": ("adept", "Adept"),
    "AI21 Labs": ("ai21-labs", "AI21 Labs"),
    "AI21_Labs": ("ai21-labs", "AI21 Labs"),
    "Aleph Alpha": ("aleph-alpha", "Aleph Alpha"),
    "Alibaba": ("alibaba", "Alibaba"),
    "Amazon": ("amazon", "Amazon"),
    "Anthropic": ("anthropic", "Anthropic"),
    "BigCode": ("bigcode", "BigCode (Hugging Face and ServiceNow)"),
    "BigCode:Hugging Face:ServiceNow": ("bigcode", "BigCode (Hugging Face and ServiceNow)"),
    "Cohere": ("cohere", "Cohere"),
    "DeepSeek": ("deepseek", "DeepSeek"),
    "Google": ("google", "Google"),
    "Hugging Face": ("hugging-face", "Hugging Face"),
    "IBM": ("ibm", "IBM"),
    "Inflection": ("inflection", "Inflection"),
    "Meta": ("meta", "Meta"),
    "Microsoft": ("microsoft", "Microsoft"),
    "Midjourney": ("midjourney", "Midjourney"),
    "Mistral": ("mistral", "Mistral"),
    "OpenAI": ("openai", "OpenAI"),
    "Stability": ("stability-ai", "Stability AI"),
    "Stability AI": ("stability-ai", "Stability AI"),
    "Writer": ("writer", "Writer"),
    "xAI": ("xai", "xAI"),
}


@dataclass(frozen=True)
class IndicatorDefinition:
    id: str
    name: str
    domain: str
    subdomain: str
    definition: str
    notes: str


@dataclass(frozen=True)
class ReportEntry:
    """One indicator of one developer's transparency report."""

    indicator: str  # our id
    name: str  # as the report writes it
    score: int
    disclosure: str
    justification: str
    references: str


@dataclass
class Developer:
    id: str
    name: str
    scores: dict[str, int] = field(default_factory=dict)  # indicator id -> 0/1
    report: dict[str, ReportEntry] = field(default_factory=dict)
    report_file: str | None = None  # path inside the FMTI repository


@dataclass
class EditionData:
    edition: Edition
    indicators: list[IndicatorDefinition]
    developers: dict[str, Developer]
    problems: list[str] = field(default_factory=list)  # what could not be used, and why

    def mean(self) -> float:
        totals = [sum(d.scores.values()) for d in self.developers.values()]
        return sum(totals) / len(totals) if totals else 0.0


class FmtiError(Exception):
    """The source folder is not the FMTI repository layout this importer knows."""


def source_url(path: str) -> str:
    """Where a file of the FMTI repository is published, at the imported commit."""
    return f"{SOURCE_REPOSITORY}/blob/{SOURCE_COMMIT}/{quote(path)}"


def name_key(name: str) -> str:
    key = " ".join(name.replace("-", " ").lower().split())
    return NAME_ALIASES.get(key, key)


def read_edition(source: Path, edition: Edition, reference_ids: dict[str, str]) -> EditionData:
    """One edition's indicators, scores and reports; ``reference_ids`` maps indicator names to our ids."""
    ids_by_key = {name_key(name): item_id for name, item_id in reference_ids.items()}
    data = EditionData(edition, _indicators(source, edition, ids_by_key), {})
    _read_scores(source, edition, ids_by_key, data)
    if edition.reports_dir is not None:
        for path in sorted((source / edition.reports_dir).glob("*.csv")):
            _read_report(source, path, ids_by_key, data)
    return data


def _rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FmtiError(f"cannot read {path}: {exc}; give a checkout of github.com/stanford-crfm/fmti") from None
    return list(csv.reader(io.StringIO(text, newline="")))


def _indicators(source: Path, edition: Edition, ids_by_key: dict[str, str]) -> list[IndicatorDefinition]:
    rows = _rows(source / edition.indicators_file)
    header = [cell.strip() for cell in rows[0]]
    if header[:5] != ["Domain", "Subdomain", "Indicator", "Definition", "Notes"]:
        raise FmtiError(f"{edition.indicators_file}: unexpected columns {header[:5]}")
    found = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        name = row[2].strip()
        item_id = ids_by_key.get(name_key(name))
        if item_id is None:
            raise FmtiError(f"{edition.indicators_file}: indicator {name!r} is not in rubrics/references")
        found.append(IndicatorDefinition(item_id, name, row[0].strip(), row[1].strip(), row[3].strip(), row[4].strip()))
    return found


def _read_scores(source: Path, edition: Edition, ids_by_key: dict[str, str], data: EditionData) -> None:
    rows = _rows(source / edition.scores_file)
    header = [cell.strip() for cell in rows[0]]
    name_column = header.index("Indicator")
    developer_columns = [
        (index, name) for index, name in enumerate(header) if index > name_column and name and name != "Total"
    ]
    for _, name in developer_columns:
        subject = DEVELOPERS.get(name)
        if subject is None:
            raise FmtiError(f"{edition.scores_file}: developer {name!r} is not in the importer's mapping")
        data.developers.setdefault(subject[0], Developer(*subject))
    for number, row in enumerate(rows[1:], start=2):
        name = row[name_column].strip() if len(row) > name_column else ""
        if not name or name == "Total":
            continue
        item_id = ids_by_key.get(name_key(name))
        if item_id is None:
            data.problems.append(f"{edition.scores_file}:{number}: indicator {name!r} matches no indicator; skipped")
            continue
        for index, developer in developer_columns:
            value = row[index].strip() if index < len(row) else ""
            subject_id = DEVELOPERS[developer][0]
            if value not in {"0", "1"}:
                data.problems.append(
                    f"{edition.scores_file}:{number}: {developer} has {value!r} for {name!r}, not 0 or 1; skipped"
                )
                continue
            data.developers[subject_id].scores[item_id] = int(value)


def _read_report(source: Path, path: Path, ids_by_key: dict[str, str], data: EditionData) -> None:
    relative = path.relative_to(source).as_posix()
    spelled = re.split(r"[_-]fmtransparencyreport", path.name)[0]
    subject = DEVELOPERS.get(spelled)
    if subject is None or subject[0] not in data.developers:
        data.problems.append(f"{relative}: developer {spelled!r} has no scores in {data.edition.scores_file}; skipped")
        return
    developer = data.developers[subject[0]]
    developer.report_file = relative
    rows = _rows(path)
    header = [cell.strip() for cell in rows[0]]
    if header[0] != "Indicator" and header[1:2] == ["Definition"]:
        data.problems.append(f"{relative}: the first column is headed {header[0]!r}; read as 'Indicator'")
        header[0] = "Indicator"
    columns = {name: header.index(name) for name in ("Indicator", "Disclosure", "Justification", "References", "Score")}
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
        item_id = ids_by_key.get(name_key(cells["Indicator"]))
        if item_id is None:
            data.problems.append(f"{relative}:{number}: indicator {cells['Indicator']!r} matches no indicator")
            continue
        score = developer.scores.get(item_id)
        if cells["Score"] in {"0", "1"} and score is not None and int(cells["Score"]) != score:
            data.problems.append(
                f"{relative}:{number}: the report scores {cells['Indicator']!r} {cells['Score']}, the scores file "
                f"{score}; the scores file is used"
            )
        developer.report[item_id] = ReportEntry(
            item_id,
            cells["Indicator"],
            score if score is not None else 0,
            cells["Disclosure"],
            cells["Justification"],
            cells["References"],
        )


def iter_subdomains(indicators: list[IndicatorDefinition]) -> Iterator[tuple[str, str]]:
    """(domain id, name) of each subdomain, in the order indicators first use them."""
    seen: set[str] = set()
    for indicator in indicators:
        domain_id = domain_id_of(indicator)
        if domain_id not in seen:
            seen.add(domain_id)
            yield domain_id, f"{indicator.domain} / {indicator.subdomain}"


def domain_id_of(indicator: IndicatorDefinition) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{indicator.domain} {indicator.subdomain}".lower()).strip("-")
