"""The Hub collector checks its own claims before it writes them: what ``scorecards validate`` would reject is
dropped, with a note that the run's report shows.

A card is written by anyone, and a quote cut from it can fail validation in ways the card's reader does not
foresee: cut inside a Markdown link, or made only of an HTML tag (which validation strips to nothing).  The rules
already drop such quotes (:func:`collector.hf.rules.find_all`); this is the last check, on the claim as written. A
scorecard that fails validation stops the next collection of that file and the site build, so one such quote must
cost its claim, never the file. The checks are validation's own, run on the same text: the claim against the
schema, its URL pinned to a commit, and its quote looked for in the archived card as validation reads it
(:class:`collector.quote_checks.ArchiveIndex`, :func:`collector.quotes.missing_fragment`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from collector.claim_checks import is_pinned
from collector.quote_checks import ArchiveIndex
from collector.quotes import missing_fragment
from collector.schema import Claim


def kept_claims(claims: Mapping[str, dict[str, Any]], archive_dir: Path, notes: list[str]) -> dict[str, dict[str, Any]]:
    """The claims validation would accept; each other one is left out and named in ``notes``."""
    archive = ArchiveIndex(archive_dir)
    kept: dict[str, dict[str, Any]] = {}
    for indicator_id, claim in claims.items():
        problem = claim_problem(claim, archive)
        if problem is None:
            kept[indicator_id] = claim
        else:
            notes.append(f"dropped the {indicator_id} claim, which would fail validation: {problem}")
    return kept


def claim_problem(claim: Mapping[str, Any], archive: ArchiveIndex) -> str | None:
    """Why ``scorecards validate`` would reject this claim's evidence, or None if it would accept it."""
    try:
        model = Claim.model_validate(claim)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "the claim"
        return f"{where}: {error['msg']}"
    for evidence in model.evidence:
        url = str(evidence.url)
        if not is_pinned(url):
            return f"its URL {url} names no commit"
        ref = evidence.archive or archive.hub_card_for(url)
        if ref is None:
            continue
        text = archive.text(ref)
        if text is None:
            return f"no readable archived card at archive/{ref}"
        missing = missing_fragment(evidence.quote, text)
        if missing is not None:
            return f"its quote {_shown(evidence.quote)} is not in archive/{ref} as validation reads it"
    return None


def _shown(quote: str, limit: int = 80) -> str:
    text = " ".join(quote.split())
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
