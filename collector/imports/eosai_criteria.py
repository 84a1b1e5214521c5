"""What the European Open Source AI Index's database says about itself: its identity, and its criteria as a rubric.

The criteria and their groups come from ``_parameters.yml``, their questions from
``_parameters-descriptions.yml``, and what each class means from the description of ``.zenodo.json``
(collector/imports/eosai.py reads the models).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from collector.developers import slug
from collector.imports.common import IndexImportError, clip, dump_yaml, plain

RUBRIC_ID = "eosai"
VERSION = "2026.06"  # the month of the imported commit
SOURCE_SITE = "https://osai-index.eu/"
SOURCE_REPOSITORY = "https://github.com/Language-Technology-Assessment/main-database"
SOURCE_COMMIT = "5a388e871b88735e7ab7e6fb230b76c9d460d99a"
COMMIT_DATE = dt.date(2026, 6, 12)
LICENSE = "CC-BY-4.0"
ATTRIBUTION = (
    "Liesenfeld, Blankvoort, Kalra, Dingemanse (Radboud University), European Open Source AI Index, "
    "https://osai-index.eu/. Licensed CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)."
)
PROVENANCE_BY = "European Open Source AI Index (CC-BY-4.0)"
COMMAND = "scorecards import eosai"

#: ``.zenodo.json``'s names of the criteria -> ``_parameters.yml`` keys, checked by hand against both files.
#: Its "Package" and "API" are not in ``_parameters.yml`` and are not used.
ZENODO_NAMES = {
    "Datasources Basemodel": "datasources_basemodel",
    "Datasources Endmodel": "datasources_endmodel",
    "Weights basemodel": "weights_basemodel",
    "Weights endmodel": "weights_endmodel",
    "Training Code": "trainingcode",
    "Code Documentation": "code",
    "Hardware Architecture Documentation": "hardware_architecture",
    "Preprint": "preprint",
    "Paper": "paper",
    "Model card": "modelcard",
    "Datasheet": "datasheet",
    "Licenses": "licenses",
}
#: Criteria whose "open" text in ``.zenodo.json`` says "are not open for inspection or shared" (checked by hand).
ZENODO_OPEN_CONTRADICTS = {"datasources_basemodel", "datasources_endmodel"}


@dataclass(frozen=True)
class Criterion:
    key: str
    id: str
    name: str
    domain: str
    question: str
    summary: str = ""  # .zenodo.json's sentence about the criterion
    open_text: str = ""
    partial_text: str = ""


def load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise IndexImportError(f"cannot read {path}: {exc}") from None


def read_criteria(source: Path, problems: list[str]) -> tuple[list[tuple[str, str]], list[Criterion]]:
    """(domain id, name) of each group, and the criteria in the order ``_parameters.yml`` gives them."""
    groups = load_yaml(source / "_parameters.yml")
    descriptions = load_yaml(source / "_parameters-descriptions.yml")
    if not isinstance(groups, list) or not isinstance(descriptions, dict):
        raise IndexImportError(f"{source}: _parameters.yml or _parameters-descriptions.yml is not the known layout")
    classes = _zenodo_classes(source, problems)
    domains: list[tuple[str, str]] = []
    criteria: list[Criterion] = []
    for group in groups:
        try:
            domain_id = slug(str(group["ref"]))
            domains.append((domain_id, str(group["name"]).strip()))
            params = list(group["params"])
        except (KeyError, TypeError) as exc:
            raise IndexImportError(f"_parameters.yml: a group without {exc}") from None
        for param in params:
            key = str(param["ref"])
            described = descriptions.get(key)
            question = described.get("en") if isinstance(described, dict) else None
            if not isinstance(question, str) or not question.strip():
                raise IndexImportError(f"_parameters-descriptions.yml: no English question for {key!r}")
            summary, open_text, partial_text = classes.get(key, ("", "", ""))
            if not open_text:
                problems.append(f".zenodo.json: no class texts for {key!r}; the rubric names the class only")
            criteria.append(
                Criterion(
                    key,
                    slug(key),
                    str(param["name"]).strip(),
                    domain_id,
                    plain(question),
                    summary,
                    open_text,
                    partial_text,
                )
            )
    if not criteria:
        raise IndexImportError("_parameters.yml lists no criteria")
    return domains, criteria


def _zenodo_classes(source: Path, problems: list[str]) -> dict[str, tuple[str, str, str]]:
    """Criterion key -> (its sentence, the open text, the partial text) from ``.zenodo.json``'s description."""
    path = source / ".zenodo.json"
    try:
        description = str(json.loads(path.read_text(encoding="utf-8"))["description"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        problems.append(f".zenodo.json: cannot read the class texts ({exc}); the rubric names the classes only")
        return {}
    found = {}
    for name, key in ZENODO_NAMES.items():
        match = re.search(
            rf"<strong>{re.escape(name)}:\s*</strong>(.*?)<br />\s*-\s*<em>closed:</em>(.*?)<br />"
            r"\s*-\s*<em>partial:</em>(.*?)<br />\s*-\s*<em>open:</em>(.*?)(?:<br />|</p>)",
            description,
            re.DOTALL,
        )
        if match is None:
            problems.append(f".zenodo.json: no class texts for {name!r}")
            continue
        summary, _, partial_text, open_text = (_html_text(part) for part in match.groups())
        found[key] = (summary, open_text, partial_text)
    return found


def _html_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def rubric_text(domains: list[tuple[str, str]], criteria: list[Criterion]) -> str:
    indicators = []
    for c in criteria:
        if c.key in ZENODO_OPEN_CONTRADICTS or not c.open_text:
            full_credit = f"EOSAI class open. {c.summary}".strip()
        else:
            full_credit = f"EOSAI class open: {c.open_text}"
        indicator: dict[str, Any] = {
            "id": c.id,
            "domain": c.domain,
            "name": clip(c.name, 200),
            "question": clip(c.question, 5000),
            "full_credit": clip(full_credit, 5000),
        }
        indicator["partial_credit"] = clip(
            f"EOSAI class partial: {c.partial_text}" if c.partial_text else "EOSAI class partial.", 5000
        )
        indicators.append(indicator)
    rubric = {
        "id": RUBRIC_ID,
        "version": VERSION,
        "title": "European Open Source AI Index",
        "released": COMMIT_DATE.isoformat(),
        "license": LICENSE,
        "description": (
            f"The European Open Source AI Index rates how open generative AI systems are on {len(criteria)} "
            "criteria, each open, partial or closed. Imported from the index's database (commit "
            f"{SOURCE_COMMIT[:12]}, {COMMIT_DATE.isoformat()}): open is disclosed, partial is partial, closed is "
            "not-disclosed, and a criterion without a class is not-assessed. Names and questions are EOSAI's "
            "own (_parameters.yml, _parameters-descriptions.yml); the class texts are from its .zenodo.json."
        ),
        "source": SOURCE_SITE,
        "attribution": ATTRIBUTION,
        "scoring": {"method": "graded"},
        "domains": [{"id": domain_id, "name": name} for domain_id, name in domains],
        "indicators": indicators,
    }
    header = (
        "# yaml-language-server: $schema=../../schema/rubric.schema.json\n"
        f"# Generated by `{COMMAND}` from _parameters.yml of {SOURCE_REPOSITORY}\n"
        f"# at commit {SOURCE_COMMIT}; do not edit by hand, import again.\n"
    )
    return header + dump_yaml(rubric)
