"""The Model Openness Tool (LF AI & Data, MIT) as an import: rubric ``mof``, one model scorecard per file.

The tool's data (``models/*.yml`` of github.com/lfai/model_openness_tool) says, for each model release,
which of the 17 components of the Model Openness Framework (MOF) are included, with a license and a
path.  Each file becomes a subject of kind ``model`` with one assessment under the rubric ``mof``
(binary scoring, one indicator per component, ids from ``rubrics/references/mof-1.0.yaml``).

The import grades by the tool's own published rules:

* a listed component counts (``disclosed``) when its license is an open license (:mod:`.mot_licenses`);
  its license is its own, or when the file omits it the release's license by inheritance, exactly as the
  tool's ``schema/sample_model.yml`` and its evaluator describe (:mod:`.mot_inheritance`); "unlicensed"
  and a component not listed never count;
* the class follows MOF's cumulative rules with the tool's one exception, a research paper standing in
  for the technical report (:mod:`.mot_classes`);
* ``release.date`` is the date of the tool's entry, never the model's release date: it is kept as the
  subject's ``dated`` and said in the summary.

The parts: reading a file (:mod:`.mot_release`), grading it (:mod:`.mot_assess`), and here the whole
import with its rubric.  Two files can name the same release (e.g. ``Qwen2.5-72B-Instruct.yml`` says
``Qwen2.5-32B-Instruct``): the first file by name keeps the id, the other is reported.  A public audit
of the tool's data (issue #80 of the repository) found major errors in 9 of 10 models checked; the
rubric description says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

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
    duplicate_records,
    reference_vocabulary,
    repeats_message,
)
from collector.imports.mot_assess import (
    ATTRIBUTION,
    BY,
    COMMAND,
    LICENSE,
    RETRIEVED,
    RUBRIC_ID,
    ReferenceItem,
    archive_header,
    archive_lines,
    assessment,
    subject,
)
from collector.imports.mot_classes import (
    CLASS_I,
    CLASS_I_OWN,
    CLASS_II,
    CLASS_II_OWN,
    CLASS_III,
    DOMAINS,
    domain_of,
    mof_class,
)
from collector.imports.mot_licenses import license_verdict, name_key
from collector.imports.mot_release import (
    MODELS_DIR,
    SOURCE_COMMIT,
    SOURCE_REPOSITORY,
    Release,
    hub_repo_id,
    read_release,
    slug,
    source_url,
    text_of,
)
from collector.schema import SLUG_PATTERN

__all__ = [
    "ATTRIBUTION", "BY", "CLASS_I", "CLASS_II", "CLASS_III", "CLASS_II_OWN", "CLASS_I_OWN", "RETRIEVED",
    "SOURCE_COMMIT", "SOURCE_REPOSITORY", "build", "hub_repo_id", "import_mot", "license_verdict", "mof_class",
    "source_url",
]  # fmt: skip

REFERENCE = "mof-1.0"
SAMPLE_FILE = "schema/sample_model.yml"


def build(root: Path, source: Path) -> ImportedIndex:
    """Read every ``models/*.yml`` under ``source`` (a checkout of lfai/model_openness_tool)."""
    paths = ProjectPaths(root)
    reference = _reference(paths)
    names = {name_key(item.name): item.id for item in reference}
    models = sorted((source / MODELS_DIR).glob("*.yml"))
    if not models:
        raise IndexImportError(f"{source / MODELS_DIR}: no model files (*.yml); is this the MOT repository?")
    imported = ImportedIndex(RUBRIC_ID, f"{COMMAND} SOURCE_DIR")
    developers = DeveloperNames.of(root, RUBRIC_ID)
    repeated = duplicate_records(root, RUBRIC_ID)
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
    inherited = 0  # components counted open by inheritance from the release's license
    for release in releases:
        subject_id = slug(release.name)
        skipped = _skip_reason(release, subject_id, taken, repeated)
        if skipped:
            imported.problems.append(f"{release.file}: {skipped}; skipped")
            continue
        taken[subject_id] = release.file
        ref = f"mot/{subject_id}.md"
        lines = archive_lines(release, reference)
        imported.archive[ref] = "\n".join(archive_header(release)) + "\n" + "\n".join(lines.values()) + "\n"
        dated = release.entry_date(imported.problems)
        graded = assessment(release, reference, version, ref, lines, dated=dated, unclassified=unclassified)
        classes[mof_class(graded.open_ids) or "no class"] += 1
        inherited += len(graded.inherited)
        block = subject(release, subject_id, graded.open_ids, imported.problems)
        _claim_hub_repo(block, release.file, repos, imported.problems)
        folder, developer = developers.place(
            release.producer,
            release.file,
            imported.problems,
            folder="" if release.producer else "unknown-producer",
            hub_repo=(block.get("links") or {}).get("huggingface"),
            record_id=subject_id,
        )
        if developer:
            block["developer"] = developer
        else:
            imported.problems.append(f"{release.file}: no producer; filed under unknown-producer")
        imported.subjects[subject_id] = ImportedSubject(
            subject_id, block, [graded.assessment], folder=folder, dated=dated
        )
    for name, count in sorted(unclassified.items()):
        imported.problems.append(f"license {name!r} ({count} components) is on no list; counted as not open")
    for label in ("Class I", "Class II", "Class III", "no class"):
        imported.figures[f"models in {label}"] = classes[label]
    imported.figures["components open by inheritance"] = inherited
    return imported


def _skip_reason(release: Release, subject_id: str, taken: dict[str, str], repeated: dict[str, str]) -> str | None:
    """Why a release gets no scorecard: no usable id, an id another file took, or a reviewed duplicate."""
    if not re.fullmatch(SLUG_PATTERN, subject_id):
        return f"release name {release.name!r} gives no usable id"
    if subject_id in taken:
        return f"release name {release.name!r} gives the id {subject_id}, already taken by {taken[subject_id]}"
    if subject_id in repeated:
        return repeats_message(repeated[subject_id])
    return None


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
    names = {name_key(item.name): item.id for item in reference}
    found: dict[str, str] = {}
    try:
        sample = yaml.safe_load((source / SAMPLE_FILE).read_text(encoding="utf-8"))
        for entry in sample["release"]["components"]:
            component_id = names.get(name_key(str(entry["name"])))
            if component_id is not None and text_of(entry.get("description")):
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
            "scored 1 when the Model Openness Tool's file lists it and its license is an open license, 0 "
            "otherwise. Counts and classes follow the tool's own published rules: a component whose license the "
            "file omits inherits the release's license for its type (code, data or document), else the release's "
            "distribution license (schema/sample_model.yml of the tool); 'unlicensed' means included without a "
            "license, and a component not listed is not included. Class III (Open Model) needs the six components "
            "of its domain, Class II (Open Tooling) adds four, Class I (Open Science) four more; as in the tool, "
            "an open research paper stands in for the technical report. Each assessment's summary says how its "
            "count and class were derived. The file's release date is the date of the tool's entry, not the "
            "model's release, and is not used as one. Imported from the tool's contributed model files, which "
            "were not checked here: a public audit of the data (issue #80 of lfai/model_openness_tool) reported "
            "major errors in 9 of 10 models checked."
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
                    "The Model Openness Tool's file for the model lists the component, and its license (its own, or "
                    "the release's license it inherits when the file gives it none) is an open license (OSI-approved "
                    "for code; open data or content licenses such as "
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
