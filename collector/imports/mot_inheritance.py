"""The license a Model Openness Tool component has: its own, or the release's by inheritance.

The rule is the tool's own, read (not copied) from github.com/lfai/model_openness_tool:

* ``schema/sample_model.yml``: a component whose ``license`` is omitted inherits
  ``release/license/<code|data|document>`` for its content type, else ``release/license/distribution``
  ("Omitted license implies inheritance from release/license/code"; intermediate parameters are
  "Inherited from release/license/distribution (data is empty)"); ``license: unlicensed`` means the
  component "is included, but has no license".
* ``web/modules/mof/src/ModelEvaluator.php``, ``resolveLicense``: a component-specific license wins;
  an empty one resolves to no license; otherwise the global license of each of the component's content
  types is tried in order, then the distribution license; with none, the component is "unlicensed".
* ``web/modules/mof/src/ModelSerializer.php`` writes every included component into the file, with
  a ``license`` key only when it has a license of its own: so a component listed with no ``license``
  is included and inherits, and a component not listed is not included.
* Content types per component: ``web/modules/mof/config/install/mof.settings.yml`` (``content_type``).

Three states stay apart: *omitted* (inherits), *unlicensed* (included, not under any license, so not
open) and *not listed* (not included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from collector.imports.mot_licenses import name_key

#: The release-wide license kinds of the schema, the type-specific ones first.
TYPED_KINDS = ("code", "data", "document")
DISTRIBUTION = "distribution"

#: Each component's content types (mof-1.0 reference ids), in the order the tool tries them, from
#: mof.settings.yml of the tool.  Datasets and sample outputs may be any of the three.
CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ["model-architecture", "data-preprocessing-code", "training-code", "inference-code", "evaluation-code",
         "supporting-libraries-and-tools"],
        ("code",),
    ),
    **dict.fromkeys(
        ["model-parameters-final", "model-parameters-intermediate", "evaluation-data", "model-metadata"], ("data",)
    ),
    **dict.fromkeys(
        ["model-card", "data-card", "technical-report", "research-paper", "evaluation-results"], ("document",)
    ),
    **dict.fromkeys(["datasets", "sample-model-outputs"], ("data", "code", "document")),
}  # fmt: skip


@dataclass(frozen=True)
class ReleaseLicenses:
    """The release-wide licenses a file names, by kind (only kinds with a non-empty name)."""

    names: dict[str, str] = field(default_factory=dict)

    def for_types(self, types: tuple[str, ...]) -> tuple[str, str] | None:
        """(kind, name) a component of these content types inherits, or None when the release gives none."""
        for kind in (*types, DISTRIBUTION):
            if kind in self.names:
                return kind, self.names[kind]
        return None


def release_licenses(value: Any, file: str, present: bool, problems: list[str]) -> ReleaseLicenses:
    """Read ``release.license`` in the shapes the files use; what cannot be inherited from is reported.

    The schema (``schema/mof_schema.json``) makes it a mapping of distribution/code/data/document, each
    {name, path}; an empty mapping (most files) gives nothing to inherit.  A plain string is not that
    shape: the tool's schema check refuses such a file and its evaluator finds no type or distribution
    license in it, so nothing is inherited from it here either, and the file is reported.
    """
    if value is None:
        if present:
            return ReleaseLicenses()  # `license:` left empty: no release license, as an empty mapping
        problems.append(f"{file}: release has no license (the schema requires one); components inherit nothing")
        return ReleaseLicenses()
    if isinstance(value, str):
        problems.append(
            f"{file}: release.license is the plain text {value.strip()[:100]!r}, not the mapping of "
            "distribution/code/data/document that schema/mof_schema.json requires; components without a "
            "license of their own inherit nothing from it. Fix: write it as license: {distribution: {name: ...}}"
        )
        return ReleaseLicenses()
    if not isinstance(value, dict):
        problems.append(f"{file}: release.license is not a mapping; components inherit nothing")
        return ReleaseLicenses()
    names: dict[str, str] = {}
    for kind in (*TYPED_KINDS, DISTRIBUTION):
        entry = value.get(kind)
        if entry is None:
            continue
        if not isinstance(entry, dict):
            problems.append(f"{file}: release.license.{kind} is not a mapping with a name; not inherited")
            continue
        name = entry.get("name")
        if isinstance(name, str) and name.strip():
            names[kind] = name.strip()
    return ReleaseLicenses(names)


#: How a component's license was found.
OWN, INHERITED, UNLICENSED, NO_LICENSE = "own", "inherited", "unlicensed", "no-license"


@dataclass(frozen=True)
class Resolved:
    state: str  # OWN, INHERITED, UNLICENSED or NO_LICENSE
    license: str | None = None  # the license name judged (own or inherited)
    kind: str | None = None  # the release license kind it was inherited from


def resolve(component_id: str, own: str | None, release: ReleaseLicenses) -> Resolved:
    """The license of a listed component whose own ``license`` field is ``own`` (None when omitted)."""
    if own is not None:
        # An empty license is "no license" to the tool, like "unlicensed": it does not inherit.
        if not own.strip() or name_key(own) == "unlicensed":
            return Resolved(UNLICENSED)
        return Resolved(OWN, own.strip())
    inherited = release.for_types(CONTENT_TYPES[component_id])
    if inherited is None:
        return Resolved(NO_LICENSE)
    kind, name = inherited
    return Resolved(INHERITED, name, kind)
