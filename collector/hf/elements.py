"""Which checklist elements a card finding shows, so the collector's claims follow the rubric's checklists.

The collector is a first reader: it credits an element only where the finding
itself is that element (a ``datasets:`` list names sources; a "Limitations"
section states limitations).  Everything else is left for a reviewer, who
adds elements with the evidence that shows them.  Element ids are those of
``rubrics/transparency/2.0.yaml``; ids a rubric does not list are dropped, so
a checklist that changes never receives an element it does not have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from collector.hf.rules import METADATA, Finding
from collector.schema import Status

# Elements a structured field of the card's metadata shows on its own.
_FROM_METADATA: dict[str, tuple[str, ...]] = {
    # A licence id names it, an SPDX id or link gives its text, and the Hub's licence field is the licence of the
    # repository as a whole: one licence stated to cover the release.
    "license": ("named", "full-text", "assets-covered"),
    "base-model": ("parent", "version"),  # a Hub repository id names the parent and its exact version
    "training-data-sources": ("source-categories", "named-sources"),
    "energy-emissions": ("emissions",),
    "training-hardware": ("hardware-type",),
    "evaluation-results": ("scores", "metric"),  # model-index gives each result's metric type
}

# Elements a section or sentence on the topic shows: the first line of each checklist, no more.
_FROM_PROSE: dict[str, tuple[str, ...]] = {
    "training-data-sources": ("source-categories",),
    "training-data-size": ("amount", "unit"),
    "fine-tuning-data": ("data-kind",),
    "model-architecture": ("family",),
    "model-size": ("size-class",),
    "release-date": ("month-year",),
    "training-hardware": ("hardware-type",),
    "energy-emissions": ("emissions",),
    "evaluation-results": ("scores",),
    "intended-use": ("tasks",),
    "out-of-scope-use": ("disclaimer",),
    "limitations": ("stated",),
    "bias-evaluation": ("qualitative",),
    "red-teaming": ("testing-stated",),
    "acceptable-use-policy": ("prohibited-uses",),
    "feedback-channel": ("channel",),
}


def elements_shown(finding: Finding) -> tuple[str, ...]:
    """The element ids a finding shows; none for a placeholder (an explicit non-disclosure)."""
    if finding.status is Status.NOT_DISCLOSED:
        return ()
    if finding.locator == METADATA:
        shown = _FROM_METADATA.get(finding.indicator_id, ())
        if finding.indicator_id == "base-model" and finding.status is Status.DISCLOSED:
            shown = (*shown, "derivation-method")  # base_model_relation says how it was derived
        if finding.indicator_id == "license" and finding.status is Status.PARTIAL:
            shown = ()  # "other" without a name names no licence
        return shown
    return _FROM_PROSE.get(finding.indicator_id, ())


def graded(finding: Finding, checklists: Mapping[str, Sequence[str]]) -> tuple[Status, list[str] | None]:
    """(status, elements) of a finding under a rubric's checklists; unchanged where the indicator has none."""
    checklist = checklists.get(finding.indicator_id)
    if not checklist:
        return finding.status, None
    shown = [element for element in checklist if element in elements_shown(finding)]
    if len(shown) == len(checklist):
        return Status.DISCLOSED, shown
    return (Status.PARTIAL, shown) if shown else (Status.NOT_DISCLOSED, [])
