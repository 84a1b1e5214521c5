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
from collections import OrderedDict
from typing import ClassVar

from collector.linear import links_to_text, without_matches

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
# A link's address never holds a line break: an unclosed "[text](url" must not swallow the text up to the next ")".
# Links are replaced by collector.linear.links_to_text, which reads like r"!?\[([^\]]*)\]\([^)\n]*\)" in linear time.
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")  # applied up to the last '>' only (collector.linear.without_matches)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
# A quote mark's leading spaces stay on its line: "^\s*>" would rescan a long run of blank lines from each of them
# (the blank lines it no longer removes become the one space they would have become anyway).
_MARKUP = re.compile(r"[*_`|]+|^#+\s*|^[^\S\n]*>\s?", re.MULTILINE)
_SPACE = re.compile(r"\s+")
# Leading spaces are taken from the start of their run only: an attempt from inside a long run of spaces could only
# fail after rescanning the rest of the run.
_ELISION_MARK = r"(?:\[\s*\.\.\.\s*\]|\.\.\.)"
_ELISION = re.compile(rf"(?<!\s)\s*{_ELISION_MARK}\s*|(?<=\s){_ELISION_MARK}\s*")


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
    text = links_to_text(text, images=True, one_line=True)
    text = without_matches(_HTML_TAG, text, ">")
    text = _MARKUP.sub("", text)
    return _SPACE.sub(" ", text).strip()


def quote_fragments(quote: str) -> list[str]:
    """The parts of a quote that must each be found, split at elisions."""
    normalized = unicodedata.normalize("NFKC", quote).translate(_TYPOGRAPHY)
    return [frag for frag in (normalize(part) for part in _ELISION.split(normalized)) if frag]


def quote_in_text(quote: str, normalized_source: str) -> bool:
    """True when every fragment of ``quote`` occurs, in order, in the normalized source."""
    return missing_fragment(quote, normalized_source) is None


def missing_fragment(quote: str, normalized_source: str, budget: ScanBudget | None = None) -> str | None:
    """The first fragment of ``quote`` not found (in order) in the source, or None when all are.

    Each fragment is looked for as normalized, then with all spaces removed on
    both sides, so that a line break in a hyphenated word, or markup between
    two characters, does not fail a true quote.  Answers are remembered per
    source: a file may quote one passage many times, and a search can cost a
    pass over the source.  Such passes are charged to ``budget`` when one is
    given (see :class:`ScanBudget`).
    """
    return _Searches.of(normalized_source).missing(quote, budget)


class ScanBudgetError(Exception):
    """The searches charged to a :class:`ScanBudget` would scan more than it allows."""


class ScanBudget:
    """How many characters of source text one file's quote searches may scan.

    A large source is searched through its word index, but a quote of one or two partial words, of
    words that occur everywhere, or that is only found with its spaces removed still needs a pass over
    the source; thousands of those in one file would make its validation the product of their number
    and the source's size.
    """

    def __init__(self, chars: int) -> None:
        self.left = chars

    def spend(self, chars: int) -> None:
        if chars > self.left:
            raise ScanBudgetError
        self.left -= chars


def word_starts(normalized_source: str) -> dict[str, list[int]] | None:
    """Where each word of a large source starts (its word index), or None for a source small enough to scan."""
    words = _Searches.of(normalized_source).words
    return words.starts if words is not None else None


class _Searches:
    """The searches of one source text, and their answers (for the few texts in use at a time)."""

    _MAX_ANSWERS = 4096

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = _WordIndex(text) if len(text) > _INDEXED_LENGTH else None
        self._squeezed: _Squeezed | None = None
        self._answers: dict[str, str | None] = {}

    # Kept by the characters they hold, not by their number: with room for four, a file whose quotes
    # cycled through five large sources rebuilt a word index for every quote (60 ms each at 360 KB).
    # The bound is what four sources of the largest size read (MAX_ARCHIVED_TEXT_BYTES) held before.
    _kept: ClassVar[OrderedDict[str, _Searches]] = OrderedDict()
    _kept_chars: ClassVar[int] = 0

    @classmethod
    def of(cls, text: str) -> _Searches:
        searches = cls._kept.get(text)
        if searches is not None:
            cls._kept.move_to_end(text)
            return searches
        searches = cls(text)
        cls._kept[text] = searches
        cls._kept_chars += len(text)
        while cls._kept_chars > _KEPT_CHARS and len(cls._kept) > 1:
            _, dropped = cls._kept.popitem(last=False)
            cls._kept_chars -= len(dropped.text)
        return searches

    def missing(self, quote: str, budget: ScanBudget | None) -> str | None:
        if quote in self._answers:
            return self._answers[quote]
        answer = self._search(quote, budget)
        if len(self._answers) < self._MAX_ANSWERS:
            self._answers[quote] = answer
        return answer

    def _search(self, quote: str, budget: ScanBudget | None) -> str | None:
        fragments = quote_fragments(quote)
        if not fragments:
            return quote
        start = 0
        for number, fragment in enumerate(fragments, start=1):
            found = self.words.find(fragment, start) if self.words is not None else None
            if found is None and self.words is not None and number == len(fragments):
                found = self.words.find_whole_words(fragment, start)
            if found is None:
                if budget is not None:
                    budget.spend(len(self.text) - start)
                found = self.text.find(fragment, start)
            if found >= 0:
                start = found + len(fragment)
                continue
            self._squeezed = self._squeezed or _Squeezed(self.text)
            needle = fragment.replace(" ", "")
            squeezed_start = self._squeezed.index_of(start)
            if budget is not None:
                budget.spend(len(self._squeezed.text) - squeezed_start)
            at = self._squeezed.text.find(needle, squeezed_start)
            if at < 0 or not needle:
                return fragment
            start = self._squeezed.position_of(at + len(needle) - 1) + 1
        return None


class _Squeezed:
    """A text without its spaces, and the way back to positions in the text.

    Made once per source text (not once per quote): making it is a pass in
    Python over the whole source.  Only the spaces' positions are kept, not
    one offset per character, so a large source costs little memory.
    """

    def __init__(self, text: str) -> None:
        self.text = text.replace(" ", "")
        self._spaces = [m.start() for m in _ONE_SPACE.finditer(text)]
        # _shifted[j]: the squeezed index that the j-th space precedes.
        self._shifted = [position - j for j, position in enumerate(self._spaces)]

    def index_of(self, position: int) -> int:
        """The squeezed index of the first character at or after ``position`` in the text."""
        return position - bisect.bisect_left(self._spaces, position)

    def position_of(self, index: int) -> int:
        """The position in the text of the character at squeezed ``index``."""
        return index + bisect.bisect_right(self._shifted, index)


_ONE_SPACE = re.compile(" ")

# Sources longer than this are searched through a word index: a file may quote a large document
# thousands of times, and a scan of it per quote would make validation time their product.
_INDEXED_LENGTH = 256 * 1024
_KEPT_CHARS = 64 * 1024 * 1024
_MAX_CANDIDATES = 256


class _WordIndex:
    """Where each word of a normalized source starts, to find a quote without scanning the source.

    A fragment of three or more words that occurs in the source has its inner
    words there as whole words (a space on each side), so the occurrences of the
    rarest inner word are the only places it can start.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[str, list[int]] = {}
        position = 0
        for word in text.split(" "):
            self.starts.setdefault(word, []).append(position)
            position += len(word) + 1

    def find_whole_words(self, fragment: str, start: int) -> int | None:
        """Some place at or after ``start`` where a fragment of one or two words occurs as whole words.

        Not necessarily the first place (a word may also occur inside a longer one earlier), so this
        answers only for a quote's last fragment, where any occurrence will do; None when it cannot.
        """
        words = fragment.split(" ")
        if len(words) > 2:
            return None
        places = [(self.starts.get(word), offset) for word, offset in zip(words, (0, len(words[0]) + 1), strict=False)]
        best, offset = min(places, key=lambda item: len(item[0] or ()))
        if not best:
            return None
        first = bisect.bisect_left(best, start + offset)
        for place in best[first : first + _MAX_CANDIDATES]:
            if self.text.startswith(fragment, place - offset) and self._whole_at(place - offset, len(fragment)):
                return place - offset
        return None

    def _whole_at(self, position: int, length: int) -> bool:
        end = position + length
        return (position == 0 or self.text[position - 1] == " ") and (end == len(self.text) or self.text[end] == " ")

    def find(self, fragment: str, start: int) -> int | None:
        """Like ``str.find``; None when the index cannot answer cheaply (too few or too common words)."""
        words = fragment.split(" ")
        if len(words) < 3:
            return None
        offset, best_offset, best = len(words[0]) + 1, 0, None
        for word in words[1:-1]:
            places = self.starts.get(word)
            if places is None:
                return -1
            if best is None or len(places) < len(best):
                best, best_offset = places, offset
            offset += len(word) + 1
        assert best is not None
        first = bisect.bisect_left(best, start + best_offset)
        if len(best) - first > _MAX_CANDIDATES:
            return None
        for place in best[first:]:
            if self.text.startswith(fragment, place - best_offset):
                return place - best_offset
        return -1
