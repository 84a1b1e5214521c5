"""Bounds on reading the text of a PDF: pages, characters, and time.

A PDF is cheap to make expensive: 20,000 pages sharing one content stream cost a few hundred kilobytes and about
forty minutes of pypdf's time.  So the page count is checked before any text is extracted, each page's content is
measured before it is read, and the time and the characters so far are checked between pages and, through pypdf's
text visitor, at each piece of text inside a page.  Whatever limit is reached, the document fails with a message
that says which; the run goes on with the next document.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

__all__ = ["DEFAULT_PDF_LIMITS", "PdfLimitError", "PdfLimits", "page_texts"]


@dataclass(frozen=True)
class PdfLimits:
    pages: int = 2_000  # technical reports run to a few hundred
    characters: int = 5_000_000  # of extracted text, all pages together
    page_content_bytes: int = 8 * 1024 * 1024  # one page's decoded content stream(s)
    seconds: float = 60.0  # wall time for the whole document


DEFAULT_PDF_LIMITS = PdfLimits()


class PdfLimitError(Exception):
    """A PDF over one of the limits; the message names it (without saying which document: the caller does)."""


class _OutOfTimeError(Exception):
    pass


def page_texts(reader: PdfReader, limits: PdfLimits = DEFAULT_PDF_LIMITS) -> list[str]:
    """The text of each page, in order, within ``limits`` (raises :class:`PdfLimitError` past one of them)."""
    declared = _declared_page_count(reader)
    # The declared count refuses a bomb at once; counting the pages (which walks the whole page tree, seconds for
    # tens of thousands) catches a count that lies.
    count = declared if declared is not None and declared > limits.pages else len(reader.pages)
    if count > limits.pages:
        raise PdfLimitError(
            f"has {count:,} pages, over the {limits.pages:,} the collector reads; archive a shorter version by hand"
        )
    started = time.monotonic()
    end = started + limits.seconds

    def visit(*_: Any) -> None:  # called by pypdf for each piece of text: the one way into a long page
        if time.monotonic() > end:
            raise _OutOfTimeError

    texts: list[str] = []
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        contents = page.get_contents()
        size = len(contents.get_data()) if contents is not None else 0
        if size > limits.page_content_bytes:
            raise PdfLimitError(
                f"has a page ({number}) of {size:,} bytes of content, over the {limits.page_content_bytes:,} "
                "the collector reads"
            )
        try:
            text = page.extract_text(visitor_text=visit) or ""
        except _OutOfTimeError:
            text = None
        if text is None or time.monotonic() > end:
            raise PdfLimitError(
                f"took more than {limits.seconds:g} s to read (stopped at page {number:,} of {count:,}); "
                "archive its text by hand if it is genuinely that long"
            )
        total += len(text)
        if total > limits.characters:
            raise PdfLimitError(
                f"has more than {limits.characters:,} characters of text by page {number:,} of {count:,}; "
                "archive its text by hand if it is genuinely that long"
            )
        texts.append(text)
    return texts


def _declared_page_count(reader: PdfReader) -> int | None:
    """The /Count of the page tree's root, when the file has a readable one."""
    try:
        trailer: Any = reader.trailer  # pypdf types its objects loosely: anything may be missing or of a wrong type
        count = trailer["/Root"]["/Pages"]["/Count"]
    except Exception:  # pypdf raises many kinds of errors for broken files
        return None
    return count if isinstance(count, int) else None
