"""The European Open Source AI Index (Radboud University, CC-BY-4.0) as an import, read from its YAML database.

The database (``Language-Technology-Assessment/main-database``) has one YAML
file per model: ``system`` and ``org`` blocks, then one block per criterion
``{class: open | partial | closed, link, notes}``.  The criteria and their
groups are in ``_parameters.yml``, their questions in
``_parameters-descriptions.yml``, and what each class means in the description
of ``.zenodo.json``.  This becomes the rubric ``eosai`` (graded: open is
disclosed, partial is partial, closed is not-disclosed, an empty class is
not-assessed) and one scorecard per model.

Each claim quotes EOSAI's notes for the criterion (or the line
``<criterion>: <class>`` when it has none) from a per-model text made here from
the model's file and stored under ``archive/eosai/``, so ``scorecards validate``
checks every quote.  EOSAI's links go into the claim's note.

The quirks of the source, each handled here by name rather than by guessing:

* ``a_submission_template.yaml`` is the contribution template, not a model: it is skipped and reported;
* the readme and ``.zenodo.json`` speak of 14 dimensions, ``_parameters.yml`` lists 12 (no package, no API):
  the 12 are the rubric;
* ``.zenodo.json`` names the criteria differently from ``_parameters.yml`` (:data:`ZENODO_NAMES`);
* its "open" class text for both data-source criteria says the sources "are not open for inspection or shared",
  the words of "closed" (:data:`ZENODO_OPEN_CONTRADICTS`): there the criterion's own sentence is used instead;
* links are a string, a list or empty, and some are not URLs (``tilde.ai``): those are reported;
* the release date is a month (``2024-10``), so it is not a subject's release date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from collector.developers import slug
from collector.identity import normalized_name
from collector.imports.common import (
    DeveloperNames,
    ImportedIndex,
    ImportedSubject,
    ImportReport,
    apply,
    clip,
    plain,
)
from collector.imports.eosai_criteria import (
    ATTRIBUTION,
    COMMAND,
    COMMIT_DATE,
    PROVENANCE_BY,
    RUBRIC_ID,
    SOURCE_COMMIT,
    SOURCE_REPOSITORY,
    SOURCE_SITE,
    VERSION,
    Criterion,
    read_criteria,
    rubric_text,
)
from collector.schema import HUB_REPO_PATTERN

TEMPLATE_FILE = "a_submission_template.yaml"

STATUS = {"open": "disclosed", "partial": "partial", "closed": "not-disclosed"}
MAX_QUOTE = 4900
MAX_NOTE = 2900
_HF_NOT_MODELS = {"collections", "datasets", "docs", "spaces", "blog", "papers", "models", "organizations", "learn"}


def build(root: Path, source: Path) -> ImportedIndex:
    """Read the EOSAI database folder ``source`` (a checkout of main-database) into an import for ``root``."""
    developers = DeveloperNames.of(root, RUBRIC_ID)
    imported = ImportedIndex(RUBRIC_ID, f"{COMMAND} SOURCE_DIR")
    domains, criteria = read_criteria(source, imported.problems)
    imported.rubrics[VERSION] = rubric_text(domains, criteria)
    seen: dict[str, str] = {}  # subject id -> file that took it
    not_assessed = 0
    totals: list[float] = []
    for path in sorted(source.glob("*.yaml")):
        if path.name == TEMPLATE_FILE:
            imported.problems.append(f"{path.name}: the contribution template, not a model; skipped")
            continue
        model = _read_model(path, imported.problems)
        if model is None:
            continue
        subject_id = slug(model.name)
        if subject_id in seen:
            imported.problems.append(
                f"{path.name}: the name {model.name!r} gives the id {subject_id!r}, already taken by "
                f"{seen[subject_id]}; skipped (the first file is kept, nothing is merged)"
            )
            continue
        seen[subject_id] = path.name
        ref = f"{RUBRIC_ID}/{subject_id}.md"
        imported.archive[ref] = _archive_text(model, criteria)
        assessment, empty, total = _assessment(model, criteria, ref, imported.problems)
        not_assessed += empty
        totals.append(total)
        subject = _subject(model, subject_id, imported.problems)
        folder, subject["developer"] = developers.place(
            model.org_name,
            path.name,
            imported.problems,
            hub_repo=(subject.get("links") or {}).get("huggingface"),
            record_id=subject_id,
        )
        imported.subjects[subject_id] = ImportedSubject(subject_id, subject, [assessment], folder=folder)
    if not_assessed:
        imported.problems.append(f"{not_assessed} claims are not-assessed: EOSAI gives no class for them")
    if totals:
        imported.figures[f"mean total {VERSION}"] = sum(totals) / len(totals)
    return imported


def import_eosai(root: Path, source: Path) -> ImportReport:
    return apply(root, build(root, source))


# ---------------------------------------------------------------- one model file


@dataclass
class Model:
    file: str
    name: str
    org_name: str
    system: dict[str, Any]
    org: dict[str, Any]
    blocks: dict[str, Any]  # criterion key -> its block (a dict, or what the file has there)


def _read_model(path: Path, problems: list[str]) -> Model | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problems.append(f"{path.name}: not readable YAML ({first_line}); skipped")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name}: not a mapping of system, org and criteria; skipped")
        return None
    system: dict[str, Any] = data["system"] if isinstance(data.get("system"), dict) else {}
    org: dict[str, Any] = data["org"] if isinstance(data.get("org"), dict) else {}
    name = system.get("name")
    org_name = org.get("name")
    if not isinstance(name, str) or not slug(name):
        problems.append(f"{path.name}: system.name is empty or not a name ({name!r}); skipped")
        return None
    if not isinstance(org_name, str) or not org_name.strip():
        problems.append(f"{path.name}: org.name is empty ({org_name!r}); skipped")
        return None
    if len(name.strip()) > 200 or len(org_name.strip()) > 200 or len(slug(name)) > 120:
        problems.append(f"{path.name}: system.name or org.name is longer than 200 characters; skipped")
        return None
    blocks = {key: value for key, value in data.items() if key not in {"system", "org"}}
    return Model(path.name, name.strip(), org_name.strip(), system, org, blocks)


def _links(value: Any) -> list[str]:
    """A link field as given: empty, one string, or a list."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and not any(ch.isspace() for ch in url)


def _text(value: Any) -> str:
    return plain(str(value)) if value is not None else ""


def _rated_model(model: Model, problems: list[str]) -> str:
    """The end model's name; the base model's when the two look swapped (only it names the family: Guru.yaml gives
    Qwen2.5-32B as its end model and Guru-32B as its base)."""
    end, base = _text(model.system.get("endmodelname")), _text(model.system.get("basemodelname"))
    family = normalized_name(model.name)
    if end and base and family not in normalized_name(end) and family in normalized_name(base):
        problems.append(
            f"{model.file}: endmodelname {end!r} does not name the {model.name} family but basemodelname {base!r} "
            "does; the two look swapped, so the page is named after the base model field"
        )
        return base
    return end


def _subject(model: Model, subject_id: str, problems: list[str]) -> dict[str, Any]:
    # EOSAI files a family ("GLM") and rates one model of it, its end model ("GLM-5", the one its link names):
    # the scorecard is about that model, so it takes that name.
    rated = _rated_model(model, problems)
    name = clip(rated, 200) if rated else model.name
    subject: dict[str, Any] = {"id": subject_id, "name": name, "kind": "model", "developer": model.org_name}
    weights = model.blocks.get("weights_endmodel")
    if isinstance(weights, dict) and _text(weights.get("class")) == "open":
        subject["access"] = "open-weights"
    released = model.system.get("releasedate")
    if isinstance(released, dt.date) and not isinstance(released, dt.datetime):
        subject["release_date"] = released
    elif isinstance(released, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", released.strip()):
        try:
            subject["release_date"] = dt.date.fromisoformat(released.strip())
        except ValueError:
            problems.append(f"{model.file}: system.releasedate {released!r} is not a calendar date; left out")
    description = _text(model.system.get("notes"))
    family = f"EOSAI lists it under {model.name}." if rated and rated != model.name else ""
    if description and family and not description.endswith((".", "!", "?")):
        description += "."
    if description or family:
        subject["description"] = clip(" ".join(t for t in (description, family) if t), 1000)
    links: dict[str, str] = {}
    for where, block in (("system", model.system), ("org", model.org)):
        for url in _links(block.get("link")):
            if not _is_http(url):
                problems.append(f"{model.file}: {where}.link {url!r} is not an http(s) URL; not used")
    system_links = [url for url in _links(model.system.get("link")) if _is_http(url)]
    if system_links:
        repo_id = _hub_repo(system_links[0])
        if repo_id is not None:
            links["huggingface"] = repo_id
        else:
            links["homepage"] = system_links[0]
    if links:
        subject["links"] = links
    return subject


def _hub_repo(url: str) -> str | None:
    """The repo id when ``url`` is a Hugging Face model page (not a collection, dataset or space)."""
    parts = urlsplit(url)
    if parts.netloc.lower() not in {"huggingface.co", "www.huggingface.co"}:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0] in _HF_NOT_MODELS:
        return None
    if len(segments) > 2 and segments[2] not in {"tree", "blob"}:
        return None
    repo_id = f"{segments[0]}/{segments[1]}"
    return repo_id if re.fullmatch(HUB_REPO_PATTERN, repo_id) else None


# ---------------------------------------------------------------- archived text


def _class_line(criterion: Criterion, value: str) -> str:
    return f"{criterion.key}: {value}"


def _file_url(model: Model) -> str:
    """The model's file in the index's repository, at the commit that was read."""
    return f"{SOURCE_REPOSITORY}/blob/{SOURCE_COMMIT}/{quote(model.file)}"


def _archive_text(model: Model, criteria: list[Criterion]) -> str:
    """What EOSAI's file says of one model, as plain text that evidence quotes."""
    file_url = _file_url(model)
    lines = [
        f"# European Open Source AI Index: {model.name}",
        "",
        f"Made by `{COMMAND}` from {model.file} ({file_url}), commit {SOURCE_COMMIT} of {SOURCE_REPOSITORY}.",
        f"Source: {SOURCE_SITE}. Data: {ATTRIBUTION}",
        "",
        "## System",
        "",
    ]
    for key in ("name", "link", "type", "performanceclass", "basemodelname", "endmodelname", "endmodellicense",
                "releasedate", "notes"):  # fmt: skip
        value = model.system.get(key)
        shown = ", ".join(_links(value)) if key == "link" else _text(value)
        lines.append(f"{key}: {shown}")
    lines += ["", "## Organisation", ""]
    for key in ("name", "link", "notes"):
        value = model.org.get(key)
        lines.append(f"{key}: {', '.join(_links(value)) if key == 'link' else _text(value)}")
    lines.append("")
    for criterion in criteria:
        block = model.blocks.get(criterion.key)
        lines += [f"## {criterion.name}", ""]
        if not isinstance(block, dict):
            lines += [_class_line(criterion, ""), ""]
            continue
        lines += [_class_line(criterion, _text(block.get("class"))), ""]
        notes = _text(block.get("notes"))
        if notes:
            lines += ["Notes:", "", notes, ""]
        links = _links(block.get("link"))
        if links:
            lines += ["Links:", "", *(f"- {url}" for url in links), ""]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- scorecards


def _assessment(
    model: Model, criteria: list[Criterion], ref: str, problems: list[str]
) -> tuple[dict[str, Any], int, float]:
    """The assessment, how many of its claims are not-assessed, and its total out of 100 (graded, equal weights)."""
    indicators: dict[str, Any] = {}
    counts = {"open": 0, "partial": 0, "closed": 0, "": 0}
    for criterion in criteria:
        block = model.blocks.get(criterion.key)
        if block is not None and not isinstance(block, dict):
            problems.append(f"{model.file}: {criterion.key} is not a block of class, link and notes; not assessed")
        block = block if isinstance(block, dict) else {}
        value = _text(block.get("class"))
        if value not in counts:
            problems.append(f"{model.file}: {criterion.key} has class {value!r}, not open, partial or closed; skipped")
            continue
        counts[value] += 1
        notes = _text(block.get("notes"))
        links = _links(block.get("link"))
        for url in links:
            if not _is_http(url):
                problems.append(f"{model.file}: {criterion.key} link {url!r} is not an http(s) URL; not used")
        claim: dict[str, Any] = {"status": STATUS.get(value, "not-assessed")}
        quote_text = notes or (_class_line(criterion, value) if value else "")
        if quote_text:
            claim["evidence"] = [
                {
                    "url": _file_url(model),
                    "quote": clip(quote_text, MAX_QUOTE),
                    "retrieved": COMMIT_DATE,
                    "archive": ref,
                    "locator": clip(f"{model.file}: {criterion.key}", 200),
                }
            ]
        note_parts = []
        if not value:
            note_parts.append("EOSAI gives no class for this criterion.")
        http_links = [url for url in links if _is_http(url)]
        if http_links:
            note_parts.append(f"Links given by EOSAI: {', '.join(http_links)}")
        if note_parts:
            claim["note"] = clip(" ".join(note_parts), MAX_NOTE)
        claim["provenance"] = {"source": "import", "by": PROVENANCE_BY}
        indicators[criterion.id] = claim
    for key in model.blocks:
        if key not in {c.key for c in criteria}:
            problems.append(f"{model.file}: {key!r} is not a criterion of _parameters.yml; not used")
    total = 100 * (counts["open"] + counts["partial"] / 2) / len(criteria)
    assessment = {
        "rubric": RUBRIC_ID,
        "rubric_version": VERSION,
        "date": COMMIT_DATE,
        "summary": (
            f"Imported from the European Open Source AI Index ({model.file}, commit {SOURCE_COMMIT[:12]}): "
            f"{counts['open']} open, {counts['partial']} partial, {counts['closed']} closed"
            + (f", {counts['']} without a class" if counts[""] else "")
            + f" of {len(criteria)} criteria."
        ),
        "indicators": indicators,
    }
    return assessment, counts[""], total
