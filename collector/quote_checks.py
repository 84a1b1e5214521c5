"""Quotes checked against the archived snapshots they cite.

Every quote whose evidence names an archived copy (or cites a Hub card the
project archives) must be found in that copy.  Searching costs passes over the
archived text, so the work per file is bounded: each text is read and
normalized once, and a file's searches stop after as many failures as a file
can show (see :data:`collector.problems.MAX_PROBLEMS_PER_FILE`).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from collector import safefiles
from collector.loading import Loaded
from collector.passages import nearest_passage
from collector.problems import MAX_PROBLEMS_PER_FILE, Problem
from collector.quotes import ScanBudget, ScanBudgetError, missing_fragment, normalize
from collector.schema import Evidence, Scorecard

# Characters of archived text one file's quote searches may scan (each search that no word index settles
# costs up to a pass over the text): about a second, and 150 times what the shipped file that needs the
# most (14 million, in December 2026) scans.
SCAN_BUDGET_CHARS = 2 * 1024**3

_HUB_CARD = re.compile(
    r"https://huggingface\.co/([A-Za-z0-9][\w.-]*)/([A-Za-z0-9][\w.-]*)(?:/blob/([0-9a-f]{40})/README\.md)?/?(?:[?#].*)?$"
)


# The longest archived text read (the largest shipped one is under 100 KB; a vendor's PDF report can run to a
# few MB): a cap, so that a committed file cannot make validation read without end.
MAX_ARCHIVED_TEXT_BYTES = 16 * 1024 * 1024


class ArchiveIndex:
    """Normalized texts of archived snapshots, read once each."""

    def __init__(self, archive_dir: Path) -> None:
        self.archive_dir = archive_dir
        self._texts: dict[str, str | None] = {}

    def hub_card_for(self, url: str) -> str | None:
        """The archived card of a Hugging Face card URL, if stored.

        A card cited at its commit is at ``huggingface.co/owner/name/<commit>/README.md`` (as the collector
        archives it); a plain model page at ``huggingface.co/owner/name/README.md``.
        """
        match = _HUB_CARD.match(url)
        if match is None:
            return None
        owner, name, commit = match.groups()
        ref = f"huggingface.co/{owner}/{name}/" + (f"{commit}/README.md" if commit else "README.md")
        return ref if self.text(ref) is not None else None

    def text(self, ref: str) -> str | None:
        if ref not in self._texts:
            self._texts[ref] = None
            if not _UNSAFE_REF.search(ref):  # the schema refuses these; never hand one to the filesystem
                # never a link, a device or a file over the limit: validation reports links on their own
                with contextlib.suppress(OSError, UnicodeDecodeError, ValueError, safefiles.RefusedPathError):
                    text = safefiles.read_text(
                        self.archive_dir / ref, limit=MAX_ARCHIVED_TEXT_BYTES, inside=self.archive_dir
                    )
                    self._texts[ref] = normalize(text)
        return self._texts[ref]


_UNSAFE_REF = re.compile(r"[\x00-\x1f\x7f-\x9f]|^/|(?:^|/)\.\.?(?:/|$)")


def check_archived_quotes(
    loaded: Loaded[Scorecard], archive: ArchiveIndex, *, scan_budget: int = SCAN_BUDGET_CHARS
) -> list[Problem]:
    """Every quote that points at an archived snapshot must be found in it.

    Searching for a quote that is not there costs passes over its source, so after
    :data:`MAX_PROBLEMS_PER_FILE` quotes of a file failed, or its searches scanned ``scan_budget``
    characters of archived text, the rest are counted, not searched: a hostile file of thousands
    of quotes must not hold up validation.
    """
    card = loaded.model
    if card is None:
        return []
    problems: list[Problem] = []
    unchecked: list[tuple[str | int, ...]] = []
    budget = ScanBudget(scan_budget)
    for index, assessment in enumerate(card.assessments):
        for indicator_id, claim in assessment.indicators.items():
            for e_index, evidence in enumerate(claim.evidence):
                at = ("assessments", index, "indicators", indicator_id, "evidence", e_index)
                if unchecked or len(problems) >= MAX_PROBLEMS_PER_FILE:
                    unchecked.append(at)
                    continue
                try:
                    problem = _check_quote(loaded, at, evidence, archive, budget)
                except ScanBudgetError:
                    unchecked.append(at)
                    continue
                if problem is not None:
                    problems.append(problem)
    if unchecked:
        why = (
            f"{MAX_PROBLEMS_PER_FILE} quotes above failed; fix those and validate again"
            if len(problems) >= MAX_PROBLEMS_PER_FILE
            else f"the quotes above needed {scan_budget:,} characters of archived text scanned (quotes of one or "
            "two words, of very common words, or found only with spaces removed); quote at least three whole "
            "words of the source, or split the file"
        )
        problems.append(
            loaded.problem_at(
                (*unchecked[0], "quote"),
                f"{len(unchecked)} more quote(s), from here on, were not checked against the archive because {why}",
            )
        )
    return problems


def _check_quote(
    loaded: Loaded[Scorecard],
    at: tuple[str | int, ...],
    evidence: Evidence,
    archive: ArchiveIndex,
    budget: ScanBudget,
) -> Problem | None:
    if evidence.archive is None:
        # A Hub page whose card the project archives is checked against that copy even when the
        # evidence does not name it: a quote from memory must not pass because a field was left out.
        ref = archive.hub_card_for(str(evidence.url))
        missing = missing_fragment(evidence.quote, archive.text(ref) or "", budget) if ref else None
        if ref is not None and missing is not None:
            message = _quote_message(missing, archive.text(ref) or "", ref)
            return loaded.problem_at((*at, "quote"), message + f" (or set archive: {ref})")
        return None
    text = archive.text(evidence.archive)
    if text is None:
        return loaded.problem_at(
            (*at, "archive"),
            f"no archived snapshot at archive/{evidence.archive}; fix the path or remove the field",
        )
    missing = missing_fragment(evidence.quote, text, budget)
    if missing is not None:
        return loaded.problem_at((*at, "quote"), _quote_message(missing, text, evidence.archive))
    return None


def _quote_message(missing: str, text: str, archive_ref: str) -> str:
    shown = missing if len(missing) <= 80 else missing[:77] + "..."
    message = f"the quote is not in the archived snapshot archive/{archive_ref}: {shown!r} was not found"
    nearest = nearest_passage(missing, text)
    if nearest:
        message += f"; the closest passage is {nearest!r}"
    return message + (
        ". Copy the words exactly: spacing, line breaks, Markdown marks and curly vs straight "
        "quotes may differ, but words, numbers and punctuation may not; elide with '...'"
    )
