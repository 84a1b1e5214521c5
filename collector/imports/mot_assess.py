"""One Model Openness Tool release as an archived text, a ``mof`` assessment and a subject block.

Every claim quotes a line of a per-model text generated from the file (``archive/mot/<id>.md``), so
``scorecards validate`` checks each quote; the text holds nothing that is not in the file.  A claim
whose license is inherited quotes two lines: the component's, and the release license it inherits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from collector.imports.common import clip
from collector.imports.mot_classes import mof_class, next_class_lacks, paper_stands_in
from collector.imports.mot_inheritance import INHERITED, NO_LICENSE, OWN, UNLICENSED, Resolved, resolve
from collector.imports.mot_licenses import license_verdict
from collector.imports.mot_release import (
    MODELS_DIR,
    SOURCE_COMMIT,
    SOURCE_REPOSITORY,
    Release,
    hub_repo_id,
    is_http,
    source_url,
    text_of,
)

RETRIEVED = dt.date(2026, 5, 11)  # the date of that commit, when the data was taken; every assessment's date
RUBRIC_ID = "mof"
LICENSE = "MIT"
ATTRIBUTION = "LF AI & Data, Model Openness Tool (github.com/lfai/model_openness_tool), MIT"
BY = "Model Openness Tool (LF AI & Data; MIT)"
COMMAND = "scorecards import mot"
MAX_NOTE = 2900
INHERITANCE_RULE = (
    "schema/sample_model.yml of the tool: an omitted component license is inherited from "
    "release/license/<code|data|document>, else release/license/distribution"
)


@dataclass(frozen=True)
class ReferenceItem:
    id: str
    name: str
    description: str


def archive_header(release: Release) -> list[str]:
    lines = [
        f"# Model Openness Tool: {release.name}",
        "",
        f"Made by `{COMMAND}` from {MODELS_DIR}/{release.file} of {SOURCE_REPOSITORY} at commit {SOURCE_COMMIT}",
        f"({source_url(release.file)}).",
        f"License: {LICENSE}. Attribution: {ATTRIBUTION}.",
        "",
        f"Framework: {release.framework_version} ({release.framework_date})",
        f"Release: {release.name}; producer {release.producer or '(none)'}; entry dated {release.date or '(none)'}",
    ]
    license_block = release.data.get("license")
    if isinstance(license_block, dict):
        for kind, value in license_block.items():
            if isinstance(value, dict) and (text_of(value.get("name")) or text_of(value.get("path"))):
                lines.append(release_license_line(str(kind), value))
    lines += ["", "## Components", ""]
    return lines


def release_license_line(kind: str, value: dict[str, Any]) -> str:
    name, path = text_of(value.get("name")) or "(none)", text_of(value.get("path")) or "(none)"
    return f"Release license ({kind}): {name}, path {path}"


def archive_lines(release: Release, reference: list[ReferenceItem]) -> dict[str, str]:
    """One line per MOF component: what the file says of it, or that it does not list it."""
    lines = {}
    for item in reference:
        component = release.components.get(item.id)
        if component is None:
            lines[item.id] = f"{item.name}: not listed in the file"
            continue
        own = "(omitted)" if component.license is None else (component.license or "'' (empty)")
        lines[item.id] = (
            f"{component.name}: license {own}, license_path "
            f"{component.license_path or '(none)'}, component_path {component.component_path or '(none)'}"
        )
    return lines


def _evidence(release: Release, ref: str, url: str, quote: str, locator: str) -> dict[str, Any]:
    return {
        "url": url,
        "quote": quote,
        "retrieved": RETRIEVED,
        "archive": ref,
        "locator": clip(f"{release.file}: {locator}", 200),
    }


def _judge(resolved: Resolved, unclassified: Counter[str]) -> tuple[bool, str]:
    """(open, note) for a listed component's resolved license."""
    if resolved.state == UNLICENSED:
        return False, "Not counted: unlicensed (the file lists the component as included, with no license)."
    if resolved.state == NO_LICENSE:
        return False, (
            "Not counted: no license given. The file gives the component no license of its own, and the release "
            f"names no license it could inherit ({INHERITANCE_RULE})."
        )
    verdict = license_verdict(resolved.license)
    if not verdict.classified and resolved.license:
        unclassified[resolved.license] += 1
    if resolved.state == OWN:
        return verdict.open, (
            f"Released under {verdict.reason}, an open license." if verdict.open else f"Not counted: {verdict.reason}."
        )
    inherited = (
        f"inherited from the release's {resolved.kind} license ({resolved.license}), as the file gives the "
        f"component no license of its own ({INHERITANCE_RULE})"
    )
    if verdict.open:
        return True, f"Released under {verdict.reason}, an open license: {inherited}."
    return False, f"Not counted: {verdict.reason}; {inherited}."


@dataclass
class Graded:
    assessment: dict[str, Any]
    open_ids: set[str]
    inherited: dict[str, str]  # component id -> the release license kind it inherits (open ones only)


def assessment(
    release: Release,
    reference: list[ReferenceItem],
    version: str,
    ref: str,
    lines: dict[str, str],
    *,
    dated: dt.date | None,
    unclassified: Counter[str],
) -> Graded:
    indicators: dict[str, Any] = {}
    open_ids: set[str] = set()
    inherited: dict[str, str] = {}
    for item in reference:
        component = release.components.get(item.id)
        url = source_url(release.file)
        evidence = []
        if component is None:
            is_open, note = False, "The file does not list this component: it is not included."
        else:
            resolved = resolve(item.id, component.license, release.licenses)
            is_open, note = _judge(resolved, unclassified)
            if resolved.state == INHERITED and resolved.kind is not None:
                kind_value = release.data["license"][resolved.kind]
                evidence.append(
                    _evidence(release, ref, source_url(release.file), release_license_line(resolved.kind, kind_value),
                              f"release license ({resolved.kind})")
                )  # fmt: skip
                if is_open:
                    inherited[item.id] = resolved.kind
        if is_open:
            open_ids.add(item.id)
        evidence.insert(0, _evidence(release, ref, url, lines[item.id], item.name))
        indicators[item.id] = {
            "status": "disclosed" if is_open else "not-disclosed",
            "evidence": evidence,
            "note": clip(note, MAX_NOTE),
            "provenance": {"source": "import", "by": BY},
        }
    graded = {
        "rubric": RUBRIC_ID,
        "rubric_version": version,
        "date": RETRIEVED,
        "summary": summary(release, reference, open_ids, inherited, dated),
        "indicators": indicators,
    }
    return Graded(graded, open_ids, inherited)


def summary(
    release: Release,
    reference: list[ReferenceItem],
    open_ids: set[str],
    inherited: dict[str, str],
    dated: dt.date | None,
) -> str:
    """How the count and the class were derived, in words a reader can check against the claims."""
    names = {item.id: item.name for item in reference}
    counted = f"{len(open_ids)} of {len(reference)} components under an open license"
    if inherited:
        kinds = "; ".join(f"{kind}: {release.licenses.names[kind]}" for kind in sorted(set(inherited.values())))
        counted += (
            f", {len(inherited)} of them by inheritance from the release's license ({kinds}), as the tool's "
            "schema/sample_model.yml says a component without a license of its own inherits it"
        )
    found = mof_class(open_ids)
    derivation = f"MOF class under its published rules: {found or 'no class'}."
    if paper_stands_in(open_ids) and found:
        derivation += " The research paper stands in for the technical report, as the tool allows."
    lacking = next_class_lacks(open_ids)
    if lacking is not None:
        label, missing = lacking
        derivation += f" {label} would also need {', '.join(names[m] for m in missing)} under an open license."
    entry = ""
    if dated is not None:
        entry = f" The tool's entry is dated {dated.isoformat()} (when it was last changed, not the model's release)."
    return clip(
        f"Imported from the Model Openness Tool ({MODELS_DIR}/{release.file}, commit {SOURCE_COMMIT[:7]}): "
        f"{counted}. {derivation}{entry} The tool's data is contributed and unverified (a public audit found "
        "major errors in 9 of 10 models checked).",
        5000,
    )


def subject(release: Release, subject_id: str, open_ids: set[str], problems: list[str]) -> dict[str, Any]:
    """The subject block; no release date, which the tool's files do not give (their date is the entry's)."""
    block: dict[str, Any] = {
        "id": subject_id,
        "name": clip(release.name, 200),
        "kind": "model",
        "developer": clip(release.producer, 200) if release.producer else "Unknown producer",
    }
    if "model-parameters-final" in open_ids:
        block["access"] = "open-weights"
    links: dict[str, str] = {}
    hub = text_of(release.data.get("huggingface"))
    if hub is not None:
        repo = hub_repo_id(hub)
        if repo is None:
            problems.append(f"{release.file}: huggingface {hub!r} names no Hub model repository; left out")
        else:
            links["huggingface"] = repo
    repository = text_of(release.data.get("repository"))
    if repository is not None:
        if is_http(repository):
            links["repository"] = repository
        else:
            problems.append(f"{release.file}: repository {repository!r} is not an http(s) URL; left out")
    if links:
        block["links"] = links
    return block
