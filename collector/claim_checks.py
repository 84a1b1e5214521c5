"""Checks that make each claim checkable: its status follows its checklist, a
not-disclosed claim says what was searched, and its evidence says exactly what
was read.

They run on every scorecard after the schema has accepted it; each returns
located problems that tell a contributor what to change.
"""

from __future__ import annotations

import re

from collector.loading import Loaded
from collector.problems import Problem
from collector.schema import Claim, ClaimSource, Indicator, Rubric, Scorecard, Status

# Hosts whose files have versions: a citation of them names the commit that was read.
_VERSIONED_HOSTS = ("huggingface.co", "github.com", "raw.githubusercontent.com")
_COMMIT = r"[0-9a-f]{40}"
_PINNED = re.compile(
    rf"^https://(?:huggingface\.co/(?:datasets/|spaces/)?[^/]+/[^/]+/(?:blob|resolve|raw)/{_COMMIT}/"
    rf"|github\.com/[^/]+/[^/]+/(?:blob|raw|tree)/{_COMMIT}(?:[/?#]|$)"
    rf"|raw\.githubusercontent\.com/[^/]+/[^/]+/{_COMMIT}/)"
)

Where = tuple[str | int, ...]


def is_pinned(url: str) -> bool:
    """A Hub or GitHub URL that names the commit it was read at."""
    return bool(_PINNED.match(url))


def check_claims(loaded: Loaded[Scorecard], rubrics: dict[tuple[str, str], Rubric]) -> list[Problem]:
    card = loaded.model
    if card is None:
        return []
    problems: list[Problem] = []
    for index, assessment in enumerate(card.assessments):
        rubric = rubrics.get((assessment.rubric, assessment.rubric_version))
        for indicator_id, claim in assessment.indicators.items():
            at: Where = ("assessments", index, "indicators", indicator_id)
            indicator = rubric.indicator(indicator_id) if rubric is not None else None
            if indicator is not None and rubric is not None:
                problems += _check_checklist(loaded, at, claim, indicator, rubric)
            if claim.status is Status.NOT_DISCLOSED:
                problems += _check_searched(loaded, at, claim)
            # Every citation is checked; its field path is built only for one that fails.
            for e_index, evidence in enumerate(claim.evidence):
                failed = _unpinned(evidence.url, evidence.archive)
                if failed is not None:
                    problems.append(loaded.problem_at((*at, "evidence", e_index, failed[0]), failed[1]))
            for s_index, document in enumerate(claim.searched):
                failed = _unpinned(document.url, document.archive)
                if failed is not None:
                    problems.append(loaded.problem_at((*at, "searched", s_index, failed[0]), failed[1]))
    return problems


def _check_checklist(
    loaded: Loaded[Scorecard], at: Where, claim: Claim, indicator: Indicator, rubric: Rubric
) -> list[Problem]:
    if not indicator.elements:
        if claim.elements is not None:
            return [
                loaded.problem_at(
                    (*at, "elements"),
                    f"rubric {rubric.id} {rubric.version} has no checklist for {indicator.id}; remove elements",
                )
            ]
        return []
    if claim.status is Status.NOT_ASSESSED:
        if claim.elements:
            return [
                loaded.problem_at(
                    (*at, "elements"), "a not-assessed claim shows no elements; remove them, or grade the claim"
                )
            ]
        return []
    known = {element.id: element for element in indicator.elements}
    listing = ", ".join(f"{e.id} ({e.name})" for e in indicator.elements)
    problems = []
    for position, element_id in enumerate(claim.elements or []):
        if element_id not in known:
            problems.append(
                loaded.problem_at(
                    (*at, "elements", position),
                    f"{element_id!r} is not an element of {indicator.id}; its checklist is: {listing}",
                )
            )
    if claim.elements is None and claim.status is not Status.NOT_DISCLOSED:
        return [
            *problems,
            loaded.problem_at(
                (*at, "status"),
                f"list the elements the evidence shows under elements:, from {indicator.id}'s checklist: {listing}",
            ),
        ]
    shown = set(claim.elements or [])
    expected = indicator.status_for(shown)
    if expected is not claim.status:
        problems.append(loaded.problem_at((*at, "status"), _mismatch(claim.status, expected, indicator, shown)))
    return problems


def _mismatch(status: Status, expected: Status, indicator: Indicator, shown: set[str]) -> str:
    missing = [e for e in indicator.elements if e.id not in shown]
    gives = ", ".join(e.id for e in indicator.elements if e.id in shown) or "no element"
    message = f"status {status.value!r} disagrees with the checklist of {indicator.id}: the claim shows {gives}"
    if missing:
        message += "; missing: " + ", ".join(f"{e.id} ({e.name})" for e in missing)
    return message + (
        f", which makes it {expected.value!r}. Change the status to {expected.value}, or add the "
        "evidence for the missing elements and list them under elements:"
    )


def _check_searched(loaded: Loaded[Scorecard], at: Where, claim: Claim) -> list[Problem]:
    if claim.status is not Status.NOT_DISCLOSED or claim.searched or claim.evidence:
        return []  # evidence of absence (a placeholder, "no information provided") names its document
    if claim.provenance.source is ClaimSource.IMPORT:
        return []  # an imported claim's search is its index's, recorded by the assessment's record
    return [
        loaded.problem_at(
            (*at, "status"),
            "a not-disclosed claim says what was searched: add searched: with the url (and archive) of each "
            "document read without finding it, or evidence quoting where it says nothing; if nobody has looked, "
            "use not-assessed",
        )
    ]


def _unpinned(url: str, archive: str | None) -> tuple[str, str] | None:
    """The field of a citation that does not pin what was read, and why; None when it does."""
    host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
    if host in _VERSIONED_HOSTS:
        if is_pinned(url):
            return None
        return (
            "url",
            f"{url} is not pinned to what was read: cite the file at its "
            "commit, like https://huggingface.co/org/model/blob/<40-hex commit>/README.md or "
            "https://github.com/org/repo/blob/<40-hex commit>/path",
        )
    if archive is not None and archive.startswith("documents/") and archive.endswith("/latest.md"):
        return (
            "archive",
            f"archive/{archive} changes with the page: cite the version "
            "that was read, documents/<developer>/<document>/versions/<time>.md",
        )
    return None
