"""Is a quote really in its source?  Matching tolerant of form, strict about wording.

A contributor copies a sentence from a rendered web page, a vendor's page uses
curly quotes and non-breaking spaces, a Markdown card wraps lines and marks
words in bold.  None of that changes what was said, so none of it may make a
true quote fail.  A changed word, number or negation must.

Rules, applied to both the quote and the source text:
* Unicode NFKC, then typographic quotes, dashes, ellipses and spaces folded to
  their ASCII forms;
* Markdown emphasis, code marks, heading marks, table pipes and link syntax
  (``[text](url)`` -> ``text``) removed; HTML tags removed;
* all runs of whitespace become one space.
Case, words, digits and punctuation otherwise stay as they are.  A quote may
elide with ``...`` or ``[...]``: each fragment must then appear, in order.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": "",
        "\u2026": "...",
    }
)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_MARKUP = re.compile(r"[*_`|]+|^#+\s*|^\s*>\s?", re.MULTILINE)
_SPACE = re.compile(r"\s+")
_ELISION = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.)\s*")


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """Text without control characters (mojibake in scraped pages); YAML cannot hold them verbatim,
    and :func:`normalize` drops them too, so a quote cleaned this way still matches its source."""
    return _CONTROLS.sub("", text)


_NEEDS_WORK = re.compile(r"[*_`|#>\[<\\\x00-\x08\x0e-\x1f\x7f]")


def normalize(text: str) -> str:
    """The comparable form of a text (see the module docstring)."""
    if text.isascii() and not _NEEDS_WORK.search(text):
        return " ".join(text.split())  # fast path: nothing to fold or strip
    text = without_controls(unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY))
    text = _MD_ESCAPE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _MARKUP.sub("", text)
    return _SPACE.sub(" ", text).strip()


def quote_fragments(quote: str) -> list[str]:
    """The parts of a quote that must each be found, split at elisions."""
    normalized = unicodedata.normalize("NFKC", quote).translate(_TYPOGRAPHY)
    return [frag for frag in (normalize(part) for part in _ELISION.split(normalized)) if frag]


def quote_in_text(quote: str, normalized_source: str) -> bool:
    """True when every fragment of ``quote`` occurs, in order, in the normalized source."""
    return missing_fragment(quote, normalized_source) is None


def missing_fragment(quote: str, normalized_source: str) -> str | None:
    """The first fragment of ``quote`` not found (in order) in the source, or None when all are.

    Each fragment is looked for as normalized, then with all spaces removed on
    both sides, so that a line break in a hyphenated word, or markup between
    two characters, does not fail a true quote.
    """
    fragments = quote_fragments(quote)
    if not fragments:
        return quote
    start = 0
    squeezed: tuple[str, list[int]] | None = None
    for fragment in fragments:
        found = normalized_source.find(fragment, start)
        if found >= 0:
            start = found + len(fragment)
            continue
        squeezed = squeezed or _squeeze(normalized_source)
        text, offsets = squeezed
        needle = fragment.replace(" ", "")
        at = text.find(needle, _squeezed_index(offsets, start))
        if at < 0 or not needle:
            return fragment
        start = offsets[at + len(needle) - 1] + 1
    return None


def _squeeze(text: str) -> tuple[str, list[int]]:
    """The text without spaces, and for each kept character its index in ``text``."""
    offsets = [i for i, ch in enumerate(text) if ch != " "]
    return "".join(text[i] for i in offsets), offsets


def _squeezed_index(offsets: list[int], original: int) -> int:
    return bisect.bisect_left(offsets, original)
