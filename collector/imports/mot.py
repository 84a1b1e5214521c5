"""The Model Openness Tool (LF AI & Data, MIT) as an import: rubric ``mof``, one model scorecard per file.

The tool's data (``models/*.yml`` of github.com/lfai/model_openness_tool) says, for each model release,
which of the 17 components of the Model Openness Framework (MOF) are released, with a license and a
path.  Each file becomes a subject of kind ``model`` with one assessment under the rubric ``mof``
(binary scoring, one indicator per component, ids from ``rubrics/references/mof-1.0.yaml``).

A component counts (``disclosed``) only when the file gives it a ``component_path`` or a ``license``
and that license is on :data:`OPEN_LICENSES`; otherwise it is ``not-disclosed`` and the note says why.
The class follows MOF's cumulative rules (:func:`mof_class`).

Every claim quotes a line of a per-model text generated from the file (``archive/mot/<id>.md``), so
``scorecards validate`` checks each quote; the text holds nothing that is not in the file.

Decisions and quirks of the source, handled here by name:

* ``schema/sample_model.yml`` says an omitted component license is inherited from the release license
  (``release.license.code`` / ``data`` / ``document``, else ``distribution``).  This import does *not*
  inherit: a component with neither a path nor a license of its own gives no evidence that it was
  released, so it is ``not-disclosed`` ("no license given").  The MOT website may therefore rate a model
  higher than this import does.
* ``huggingface`` and ``repository`` occur in files although the schema does not define them; the
  ``huggingface`` value is sometimes a URL with " · Hugging Face" appended (a copied page title), a bare
  repo id, a collection URL or free text: only a repo id is kept (:func:`hub_repo_id`).
* License names are free text ("Apache 2.0", "BSD-3", "MIT license", "Component not include."); they
  are matched case-insensitively against explicit lists, and a name on neither list is reported.
* Two files can name the same release (e.g. ``Qwen2.5-72B-Instruct.yml`` says ``Qwen2.5-32B-Instruct``):
  the first file by name keeps the id, the other is reported.
* A public audit of the tool's data (issue #80 of the repository) found major errors in 9 of 10 models
  checked; the rubric description says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from pydantic import TypeAdapter, ValidationError

from collector.dataset import ProjectPaths
from collector.imports.common import (
    DeveloperNames,
    ImportedIndex,
    ImportedSubject,
    ImportReport,
    IndexImportError,
    apply,
    clip,
    dump_yaml,
    reference_vocabulary,
)
from collector.schema import HUB_REPO_PATTERN, SLUG_PATTERN, HttpUrl

SOURCE_REPOSITORY = "https://github.com/lfai/model_openness_tool"
SOURCE_COMMIT = "8b5d30e90a7c62d7d6ece48b91e69ff495920a4d"
SOURCE_TREE = f"{SOURCE_REPOSITORY}/tree/{SOURCE_COMMIT}"
RETRIEVED = dt.date(2026, 5, 11)  # the date of that commit, when the data was taken; every assessment's date
RUBRIC_ID = "mof"
REFERENCE = "mof-1.0"
LICENSE = "MIT"
ATTRIBUTION = "LF AI & Data, Model Openness Tool (github.com/lfai/model_openness_tool), MIT"
BY = "Model Openness Tool (LF AI & Data; MIT)"
COMMAND = "scorecards import mot"
MODELS_DIR = "models"
SAMPLE_FILE = "schema/sample_model.yml"
MAX_NOTE = 2900

# ---------------------------------------------------------------- MOF classes

#: Components each class requires in addition to the class below it (reference ids of mof-1.0), as
#: PROVENANCE.md of the data states the rules: III "Open Model", II "Open Tooling", I "Open Science".
CLASS_III = frozenset(
    {"model-architecture", "model-parameters-final", "model-card", "data-card", "technical-report",
     "evaluation-results"}
)  # fmt: skip
CLASS_II_OWN = frozenset({"training-code", "inference-code", "evaluation-code", "evaluation-data"})
CLASS_I_OWN = frozenset({"datasets", "model-parameters-intermediate", "data-preprocessing-code", "research-paper"})
CLASS_II = CLASS_III | CLASS_II_OWN
CLASS_I = CLASS_II | CLASS_I_OWN

#: Rubric domains: the components by the class that first requires them.
DOMAINS: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("class-iii", "Class III (Open Model)", "Required for Class III and so for every class.", CLASS_III),
    ("class-ii", "Class II (Open Tooling)", "Required, with Class III's components, for Class II and I.",
     CLASS_II_OWN),
    ("class-i", "Class I (Open Science)", "Required, with Class II's components, for Class I.", CLASS_I_OWN),
    ("not-class-required", "Not required for a class",
     "Components of the framework that no class requires under the rules applied here.", frozenset()),
)  # fmt: skip


def mof_class(open_components: set[str] | frozenset[str]) -> str | None:
    """The MOF class a model reaches with these components open (mof-1.0 reference ids), or None.

    The classes are cumulative: Class III needs its six components; Class II needs Class III's and its
    own four; Class I needs Class II's and its own four.  Other components do not matter.
    """
    if not CLASS_III.issubset(open_components):
        return None
    if not CLASS_II.issubset(open_components):
        return "Class III"
    if not CLASS_I.issubset(open_components):
        return "Class II"
    return "Class I"


def domain_of(component_id: str) -> str:
    for domain_id, _, _, members in DOMAINS:
        if component_id in members:
            return domain_id
    return DOMAINS[-1][0]


# ---------------------------------------------------------------- licenses

#: Licenses counted as open, as the data spells them (compared case-insensitively, spaces collapsed)
#: -> the SPDX id.  OSI-approved software licenses, and open data / content licenses (Creative Commons
#: BY, BY-SA, CC0; CDLA-Permissive; ODC-By), as MOF asks of each component.  Entries marked "data"
#: occur in the MOT files of commit 8b5d30e; the others are common SPDX ids added so that a new file
#: using them is not reported as unclassified.
OPEN_LICENSES = {
    "apache-2.0": "Apache-2.0",  # data
    "apache 2.0": "Apache-2.0",  # data
    "apache license 2.0": "Apache-2.0",  # data
    "mit": "MIT",  # data
    "mit license": "MIT",  # data
    "bsd-3": "BSD-3-Clause",  # data: not an SPDX id, read as the 3-clause BSD license
    "bsd-3-clause": "BSD-3-Clause",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd": "BSD",  # data: variant not given; every BSD variant is a free-software license
    "cc-by-4.0": "CC-BY-4.0",  # data
    "cc-by-sa-4.0": "CC-BY-SA-4.0",  # data
    "cc by-sa 4.0": "CC-BY-SA-4.0",  # data
    "cdla-permissive-2.0": "CDLA-Permissive-2.0",  # data
    "odc-by-1.0": "ODC-By-1.0",  # data
    "cc0-1.0": "CC0-1.0",
    "cc-by-3.0": "CC-BY-3.0",
    "cdla-permissive-1.0": "CDLA-Permissive-1.0",
    "odc-by": "ODC-By-1.0",
    "pddl-1.0": "PDDL-1.0",
    "isc": "ISC",
    "mpl-2.0": "MPL-2.0",
    "gpl-2.0": "GPL-2.0",
    "gpl-3.0": "GPL-3.0",
    "lgpl-2.1": "LGPL-2.1",
    "lgpl-3.0": "LGPL-3.0",
    "agpl-3.0": "AGPL-3.0",
    "epl-2.0": "EPL-2.0",
}

#: What the data says instead of a license when the component is not there.
NOT_INCLUDED = ("component not include", "component component not included")

#: License names in the data that are not open licenses (each checked by hand), by why.
NOT_OPEN = {
    # restricted model licenses: use restrictions, non-commercial terms or custom terms
    **dict.fromkeys(
        ["gemma terms of use", "gemma", "openrail", "llama 2 community license",
         "meta llama 3 community license agreement", "llama 3 community license", "llama 3.1 community license",
         "llama 3.2 community license", "tongyi-qianwen-research", "tongyi-qianwen-license-agreement",
         "tongyi-qianwen", "qwen license agreement", "deepseek license agreement", "databricks open model license",
         "bigscience-bloom-rail-1.0", "bloom", "ai sweden's llm ai model license agreement",
         "nvidia open model license", "bigcode openrail-m v1 license agreement", "baai aquila model license",
         "baichuan-7b license", "chatglm-6b license", "chatglm2-6b license", "chatglm3-6b license",
         "codefuse community license", "apple-sample-code-license",
         "dialogue model and data evaluation license agreement", "proprietary", "other license",
         "cc-by-nc-4.0", "creative commons attribution non commercial 4.0",
         "creative commons attribution non commercial share alike 4.0",
         "commercial use restrcitions; cc-by-nc-sa-4.0",
         "commercial use restrcitions; apache 2.0, telechat模型社区许可协议"],
        "restricted",
    ),
    # arXiv's license lets arXiv distribute a paper; it grants readers nothing
    **dict.fromkeys(
        ["arxiv.org perpetual non-exclusive license 1.0", "arxiv.org perpetual, non-exclusive license 1.0",
         "arxiv.org - non-exclusive license", "arxiv.org - non-exclusive", "arxiv-non-excluse-1.0",
         "arxiv non exclusive"],
        "restricted",
    ),
    "undisclosed": "undisclosed",
    # text in the license field that names no single license
    **dict.fromkeys(
        ['datasets with "mit" “apache-2”, “bsd-3-clause”, “bsd-2-clause”, “cc0-1.0”, “unlicense”, “isc”',
         "mc4, cc100, wikipedia, eleutherai/pile, togethercomputer/redpajama-data-1t", "pubmed",
         "license only specified in original dataset starcoderdata", "https://arxiv.org/pdf/2401.06066",
         "license", "component not included but listed sources"],
        "no-single-license",
    ),
}  # fmt: skip


def _key(name: str) -> str:
    return " ".join(name.split()).lower()


@dataclass(frozen=True)
class Verdict:
    open: bool
    reason: str  # why not, for a note; the SPDX id when open
    classified: bool = True


def license_verdict(license_name: str | None) -> Verdict:
    """Whether a component's license (as the file spells it) is an open license, and if not why not."""
    if license_name is None or not license_name.strip():
        return Verdict(False, "no license given")
    key = _key(license_name)
    if key in OPEN_LICENSES:
        return Verdict(True, OPEN_LICENSES[key])
    if key == "unlicensed":
        return Verdict(False, "unlicensed")
    if key.startswith(NOT_INCLUDED):
        return Verdict(False, f"marked as not included (license field: {license_name.strip()!r})")
    kind = NOT_OPEN.get(key)
    if kind == "undisclosed":
        return Verdict(False, "license undisclosed")
    if kind == "no-single-license":
        return Verdict(False, f"license field {license_name.strip()!r} names no single license")
    if kind == "restricted":
        return Verdict(False, f"license {license_name.strip()} is not an open license")
    return Verdict(False, f"license {license_name.strip()} is not an open license (not on the allow-list)", False)


# ---------------------------------------------------------------- reading files


@dataclass
class Component:
    id: str
    name: str
    license: str | None
    license_path: str | None
    component_path: str | None
    description: str | None = None

    @property
    def given(self) -> bool:
        return bool(self.license or self.component_path)


@dataclass
class Release:
    file: str
    framework_version: str
    framework_date: str
    name: str
    producer: str
    date: str
    data: dict[str, Any]
    components: dict[str, Component] = field(default_factory=dict)  # component id -> as listed


def slug(value: str) -> str:
    """A subject id: "+" is spelled out so that Command-R+ and Command-R stay apart."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower().replace("+", " plus ")).strip("-")


_HTTP_URL: TypeAdapter[str] = TypeAdapter(HttpUrl)


def is_http(value: str) -> bool:
    """Whether ``value`` passes the schema's own test of an evidence URL."""
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError:
        return False
    return True


def hub_repo_id(value: str) -> str | None:
    """The Hub repo id in a ``huggingface`` value: a huggingface.co model URL (a copied page title such as
    " · Hugging Face" and any /blob/... path dropped) or a bare ``org/name``; None for anything else."""
    text = value.split(" · ", 1)[0].strip()
    if re.fullmatch(HUB_REPO_PATTERN, text):
        return text
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or parts.netloc.lower() not in {"huggingface.co", "www.huggingface.co"}:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0] in {"collections", "datasets", "spaces", "papers", "docs", "blog"}:
        return None
    repo = f"{segments[0]}/{segments[1]}"
    return repo if re.fullmatch(HUB_REPO_PATTERN, repo) else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def read_release(path: Path, names: dict[str, str], problems: list[str]) -> Release | None:
    """One model file, or None (with the reason in ``problems``); ``names`` maps component name -> id."""
    file = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{file}: not readable YAML ({' '.join(str(exc).split())[:300]}); skipped")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("release"), dict):
        problems.append(f"{file}: no release mapping; skipped")
        return None
    framework: dict[str, Any] = data["framework"] if isinstance(data.get("framework"), dict) else {}
    release = data["release"]
    name = _text(release.get("name"))
    if name is None:
        problems.append(f"{file}: release has no name; skipped")
        return None
    producer = _text(release.get("producer")) or ""
    found = Release(
        file,
        _text(framework.get("version")) or "",
        _text(framework.get("date")) or "",
        name,
        producer,
        _text(release.get("date")) or "",
        release,
    )
    components = release.get("components")
    if not isinstance(components, list):
        problems.append(f"{file}: release.components is not a list; every component is not-disclosed")
        components = []
    for entry in components:
        if not isinstance(entry, dict) or _text(entry.get("name")) is None:
            problems.append(f"{file}: a component without a name ({str(entry)[:100]}); ignored")
            continue
        component_name = str(entry["name"]).strip()
        component_id = names.get(_key(component_name))
        if component_id is None:
            problems.append(f"{file}: component {component_name!r} is none of the 17 MOF components; ignored")
            continue
        if component_id in found.components:
            problems.append(f"{file}: component {component_name!r} is listed twice; the first is used")
            continue
        paths = {}
        for key in ("license_path", "component_path"):
            value = _text(entry.get(key))
            if value is not None and not is_http(value):
                problems.append(f"{file}: {component_name}: {key} {value!r} is not an http(s) URL")
            paths[key] = value
        found.components[component_id] = Component(
            component_id,
            component_name,
            _text(entry.get("license")),
            paths["license_path"],
            paths["component_path"],
            _text(entry.get("description")),
        )
    return found


# ---------------------------------------------------------------- building the import


@dataclass(frozen=True)
class ReferenceItem:
    id: str
    name: str
    description: str


def build(root: Path, source: Path) -> ImportedIndex:
    """Read every ``models/*.yml`` under ``source`` (a checkout of lfai/model_openness_tool)."""
    paths = ProjectPaths(root)
    reference = _reference(paths)
    names = {_key(item.name): item.id for item in reference}
    models = sorted((source / MODELS_DIR).glob("*.yml"))
    if not models:
        raise IndexImportError(f"{source / MODELS_DIR}: no model files (*.yml); is this the MOT repository?")
    imported = ImportedIndex(RUBRIC_ID, f"{COMMAND} SOURCE_DIR")
    developers = DeveloperNames.of(root, RUBRIC_ID)
    releases = []
    for path in models:
        release = read_release(path, names, imported.problems)
        if release is not None:
            releases.append(release)
    version, released = _framework(releases, imported.problems)
    descriptions = _descriptions(source, releases, reference, imported.problems)
    imported.rubrics[version] = _rubric_text(version, released, reference, descriptions)
    unclassified: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    taken: dict[str, str] = {}  # subject id -> the file that took it
    repos: dict[str, str] = {}  # Hub repo id, lower case -> the file that gave it
    for release in releases:
        subject_id = slug(release.name)
        if not re.fullmatch(SLUG_PATTERN, subject_id):
            imported.problems.append(f"{release.file}: release name {release.name!r} gives no usable id; skipped")
            continue
        if subject_id in taken:
            imported.problems.append(
                f"{release.file}: release name {release.name!r} gives the id {subject_id}, already taken by "
                f"{taken[subject_id]}; skipped"
            )
            continue
        taken[subject_id] = release.file
        ref = f"mot/{subject_id}.md"
        lines = _archive_lines(release, reference)
        imported.archive[ref] = "\n".join(_archive_header(release)) + "\n" + "\n".join(lines.values()) + "\n"
        assessment, open_ids = _assessment(release, reference, version, ref, lines, unclassified=unclassified)
        classes[mof_class(open_ids) or "no class"] += 1
        subject = _subject(release, subject_id, open_ids, imported.problems)
        _claim_hub_repo(subject, release.file, repos, imported.problems)
        folder, developer = developers.place(
            release.producer,
            release.file,
            imported.problems,
            folder="" if release.producer else "unknown-producer",
            hub_repo=(subject.get("links") or {}).get("huggingface"),
            record_id=subject_id,
        )
        if developer:
            subject["developer"] = developer
        else:
            imported.problems.append(f"{release.file}: no producer; filed under unknown-producer")
        imported.subjects[subject_id] = ImportedSubject(subject_id, subject, [assessment], folder=folder)
    for name, count in sorted(unclassified.items()):
        imported.problems.append(f"license {name!r} ({count} components) is on no list; counted as not open")
    for label in ("Class I", "Class II", "Class III", "no class"):
        imported.figures[f"models in {label}"] = classes[label]
    return imported


def _claim_hub_repo(subject: dict[str, Any], file: str, repos: dict[str, str], problems: list[str]) -> None:
    """One Hub repo, one scorecard: a second file naming the same repo is a data error, and loses the link."""
    repo = subject.get("links", {}).get("huggingface")
    if repo is None:
        return
    if repo.lower() not in repos:
        repos[repo.lower()] = file
        return
    problems.append(f"{file}: huggingface {repo} is also given by {repos[repo.lower()]}; link left out")
    del subject["links"]["huggingface"]
    if not subject["links"]:
        del subject["links"]


def import_mot(root: Path, source: Path) -> ImportReport:
    return apply(root, build(root, source))


def _reference(paths: ProjectPaths) -> list[ReferenceItem]:
    vocabulary = reference_vocabulary(paths.root, REFERENCE)
    items = [ReferenceItem(item.id, item.name, "") for item in vocabulary.items]
    if {i.id for i in items} != CLASS_I | {"supporting-libraries-and-tools", "model-metadata", "sample-model-outputs"}:
        raise IndexImportError(f"rubrics/references/{REFERENCE}.yaml does not list the 17 components this import knows")
    return items


def _framework(releases: list[Release], problems: list[str]) -> tuple[str, dt.date]:
    """The framework version and date the files declare; the most common, with disagreement reported."""
    declared = Counter((r.framework_version, r.framework_date) for r in releases)
    if not declared:
        raise IndexImportError("no model file could be read")
    (version, date), _ = declared.most_common(1)[0]
    for (other_version, other_date), count in declared.items():
        if (other_version, other_date) != (version, date):
            files = ", ".join(r.file for r in releases if (r.framework_version, r.framework_date) == (other_version,
                              other_date))[:500]  # fmt: skip
            problems.append(
                f"{count} files declare framework version {other_version!r} of {other_date!r}, not {version!r} of "
                f"{date!r} ({files}); they are imported under {version}"
            )
    if not re.fullmatch(r"[0-9A-Za-z._-]{1,20}", version):
        raise IndexImportError(f"the files declare framework version {version!r}, which cannot name a rubric version")
    try:
        released = dt.date.fromisoformat(date)
    except ValueError:
        raise IndexImportError(f"the files declare framework date {date!r}, not a date") from None
    return version, released


def _descriptions(
    source: Path, releases: list[Release], reference: list[ReferenceItem], problems: list[str]
) -> dict[str, str]:
    """Each component's description: from schema/sample_model.yml, else the one most files give."""
    names = {_key(item.name): item.id for item in reference}
    found: dict[str, str] = {}
    try:
        sample = yaml.safe_load((source / SAMPLE_FILE).read_text(encoding="utf-8"))
        for entry in sample["release"]["components"]:
            component_id = names.get(_key(str(entry["name"])))
            if component_id is not None and _text(entry.get("description")):
                found[component_id] = " ".join(str(entry["description"]).split())
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        problems.append(f"{SAMPLE_FILE}: not readable; descriptions are taken from the model files")
    counts: dict[str, Counter[str]] = {}
    for release in releases:
        for component in release.components.values():
            if component.description:
                counts.setdefault(component.id, Counter())[" ".join(component.description.split())] += 1
    for item in reference:
        if item.id not in found:
            common = counts.get(item.id)
            found[item.id] = common.most_common(1)[0][0] if common else item.name
    return found


def _rubric_text(version: str, released: dt.date, reference: list[ReferenceItem], descriptions: dict[str, str]) -> str:
    rubric = {
        "id": RUBRIC_ID,
        "version": version,
        "title": f"Model Openness Framework {version} (Model Openness Tool)",
        "released": released.isoformat(),
        "license": LICENSE,
        "description": (
            f"The Model Openness Framework {version} of LF AI & Data: 17 components of a model release, each "
            "scored 1 when the Model Openness Tool's data gives it a path or a license and that license is an "
            "open license, 0 otherwise. Class III (Open Model) needs the six components of its domain, Class II "
            "(Open Tooling) adds four, Class I (Open Science) four more; each assessment's summary gives the "
            "class. Imported from the tool's contributed model files, which were not checked here: a public "
            "audit of the data (issue #80 of lfai/model_openness_tool) reported major errors in 9 of 10 models "
            "checked. Components without a license of their own are not counted, although the tool's sample "
            "file says they inherit the release license."
        ),
        "source": SOURCE_REPOSITORY,
        "attribution": ATTRIBUTION,
        "scoring": {"method": "binary"},
        "domains": [{"id": d, "name": name, "description": text} for d, name, text, _ in DOMAINS],
        "indicators": [
            {
                "id": item.id,
                "domain": domain_of(item.id),
                "name": item.name,
                "question": clip(f"Is this component released under an open license? ({descriptions[item.id]})", 5000),
                "full_credit": (
                    "The Model Openness Tool's file for the model gives the component a path or a license, and the "
                    "license is an open license (OSI-approved for code; open data or content licenses such as "
                    "CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, CDLA-Permissive-2.0 or ODC-By for data and documents)."
                ),
                "crosswalk": {REFERENCE: [item.id]},
            }
            for item in reference
        ],
    }
    header = (
        "# yaml-language-server: $schema=../../schema/rubric.schema.json\n"
        f"# Generated by `{COMMAND}` from {MODELS_DIR}/*.yml of {SOURCE_REPOSITORY}\n"
        f"# at commit {SOURCE_COMMIT}; do not edit by hand, import again.\n"
    )
    return header + dump_yaml(rubric)


def source_url(file: str) -> str:
    return f"{SOURCE_REPOSITORY}/blob/{SOURCE_COMMIT}/{MODELS_DIR}/{quote(file)}"


def _archive_header(release: Release) -> list[str]:
    license_block = release.data.get("license")
    lines = [
        f"# Model Openness Tool: {release.name}",
        "",
        f"Made by `{COMMAND}` from {MODELS_DIR}/{release.file} of {SOURCE_REPOSITORY} at commit {SOURCE_COMMIT}",
        f"({source_url(release.file)}).",
        f"License: {LICENSE}. Attribution: {ATTRIBUTION}.",
        "",
        f"Framework: {release.framework_version} ({release.framework_date})",
        f"Release: {release.name}; producer {release.producer or '(none)'}; date {release.date or '(none)'}",
    ]
    if isinstance(license_block, dict):
        for kind, value in license_block.items():
            if isinstance(value, dict) and (_text(value.get("name")) or _text(value.get("path"))):
                lines.append(
                    f"Release license ({kind}): {_text(value.get('name')) or '(none)'}, "
                    f"path {_text(value.get('path')) or '(none)'}"
                )
    lines += ["", "## Components", ""]
    return lines


def _archive_lines(release: Release, reference: list[ReferenceItem]) -> dict[str, str]:
    """One line per MOF component: what the file says of it, or that it does not list it."""
    lines = {}
    for item in reference:
        component = release.components.get(item.id)
        if component is None:
            lines[item.id] = f"{item.name}: not listed in the file"
            continue
        lines[item.id] = (
            f"{component.name}: license {component.license or '(none)'}, license_path "
            f"{component.license_path or '(none)'}, component_path {component.component_path or '(none)'}"
        )
    return lines


def _assessment(
    release: Release,
    reference: list[ReferenceItem],
    version: str,
    ref: str,
    lines: dict[str, str],
    *,
    unclassified: Counter[str],
) -> tuple[dict[str, Any], set[str]]:
    indicators: dict[str, Any] = {}
    open_ids: set[str] = set()
    for item in reference:
        component = release.components.get(item.id)
        url = source_url(release.file)
        if component is None:
            status, note = "not-disclosed", "The file does not list this component."
        else:
            verdict = license_verdict(component.license)
            if not verdict.classified and component.license:
                unclassified[component.license.strip()] += 1
            if component.component_path and is_http(component.component_path):
                url = component.component_path
            if verdict.open and component.given:
                status, note = "disclosed", f"Released under {verdict.reason}, an open license."
                open_ids.add(item.id)
            else:
                status, note = "not-disclosed", f"Not counted: {verdict.reason}."
        evidence = {
            "url": url,
            "quote": lines[item.id],
            "retrieved": RETRIEVED,
            "archive": ref,
            "locator": clip(f"{release.file}: {item.name}", 200),
        }
        indicators[item.id] = {
            "status": status,
            "evidence": [evidence],
            "note": clip(note, MAX_NOTE),
            "provenance": {"source": "import", "by": BY},
        }
    found = mof_class(open_ids)
    summary = (
        f"Imported from the Model Openness Tool ({MODELS_DIR}/{release.file}, commit {SOURCE_COMMIT[:7]}): "
        f"{len(open_ids)} of {len(reference)} components released under an open license. "
        f"MOF class under its published rules: {found or 'no class'}. The tool's data is contributed and "
        "unverified (a public audit found major errors in 9 of 10 models checked)."
    )
    return {
        "rubric": RUBRIC_ID,
        "rubric_version": version,
        "date": RETRIEVED,
        "summary": summary,
        "indicators": indicators,
    }, open_ids


def _subject(release: Release, subject_id: str, open_ids: set[str], problems: list[str]) -> dict[str, Any]:
    subject: dict[str, Any] = {
        "id": subject_id,
        "name": clip(release.name, 200),
        "kind": "model",
        "developer": clip(release.producer, 200) if release.producer else "Unknown producer",
    }
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", release.date):
        try:
            subject["release_date"] = dt.date.fromisoformat(release.date)
        except ValueError:
            problems.append(f"{release.file}: release date {release.date!r} is not a calendar date; left out")
    if "model-parameters-final" in open_ids:
        subject["access"] = "open-weights"
    links: dict[str, str] = {}
    hub = _text(release.data.get("huggingface"))
    if hub is not None:
        repo = hub_repo_id(hub)
        if repo is None:
            problems.append(f"{release.file}: huggingface {hub!r} names no Hub model repository; left out")
        else:
            links["huggingface"] = repo
    repository = _text(release.data.get("repository"))
    if repository is not None:
        if is_http(repository):
            links["repository"] = repository
        else:
            problems.append(f"{release.file}: repository {repository!r} is not an http(s) URL; left out")
    if links:
        subject["links"] = links
    return subject
