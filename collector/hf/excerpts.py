"""Excerpts of a card to quote: verbatim, of bounded length, and never cut inside a link or a tag.

A quote must pass ``scorecards validate``, which finds it in the archived card once both are normalized
(:func:`collector.quotes.normalize`: links become their text, tags go).  So a quote may not start or end inside a
Markdown link or an HTML tag: a sentence end inside a link's text ("[Sheng et al. 2019](...)") is no sentence end,
and a cut at :data:`MAX_QUOTE` characters backs off to before the link or tag it would split.
"""

from __future__ import annotations

import functools
import re

from collector.linear import without_link_targets
from collector.quotes import normalize, quote_fragments, quote_in_text

MAX_QUOTE = 400
#: How far on each side of a match :func:`sentence_around` reads: its line and paragraph are cut to this.  A quote
#: is at most MAX_QUOTE long, so a sentence that starts further back could not be quoted with the match in it, and
#: the bound keeps the work per match constant on a card that is one 2 MB line.
WINDOW = 10 * MAX_QUOTE
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n\s*\n")
_LAST_SENTENCE_END = re.compile(r"[\s\S]*(?<=[.!?])\s")  # in a line: its match ends where the last sentence ends
_UNCLOSED = re.compile(r"!?\[[^\]\n]*(?:\]\([^)\n]*)?$|<[^>\n]*$")


def plain(line: str) -> str:
    """A line without link targets and bare URLs: what a reader sees (so a URL's digits are not a score)."""
    return without_link_targets(line)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding ``text[start:end]``, bounded; empty when it says too little, or when it is cut
    by a link and its line or paragraph is longer than the :data:`WINDOW` read around the match."""
    low, high = max(0, start - WINDOW), min(len(text), end + WINDOW)
    newline_before, newline_after = text.rfind("\n", low, start), text.find("\n", end, high)
    line_start = newline_before + 1 if newline_before >= 0 else low
    line_end = newline_after if newline_after >= 0 else high
    last_end = _LAST_SENTENCE_END.match(text, line_start, start)
    left = last_end.end() if last_end else line_start
    right_match = _SENTENCE_END.search(text, end, line_end)
    sentence = text[left : right_match.start() if right_match else line_end].strip()
    line = text[line_start:line_end].strip()
    sentence = _whole_if_cut(sentence, line, cut=line_start != newline_before + 1 or line_end == high < len(text))
    blank_before, blank_after = text.rfind("\n\n", low, start), text.find("\n\n", end, high)
    paragraph_start = blank_before + 2 if blank_before >= 0 else low
    paragraph_end = blank_after if blank_after >= 0 else high
    paragraph = text[paragraph_start:paragraph_end].strip()
    cut = (blank_before < 0 < low) or (blank_after < 0 and high < len(text))
    sentence = _whole_if_cut(sentence, paragraph, cut=cut)  # a link whose text runs over two lines
    return bounded(sentence) if meaningful(sentence) else ""


def sentences(line: str) -> list[str]:
    """The sentences of a line; the line itself where a split would fall inside a link ("[Sheng et al. 2019](...)")."""
    parts = [s.strip() for s in _SENTENCE_END.split(line) if s and s.strip()]
    if len(parts) == 1:
        return parts
    normalized = normalize(line)  # once per line, not once per sentence
    return parts if all(quote_in_text(p, normalized) for p in parts) else [line]


def _whole_if_cut(sentence: str, line: str, *, cut: bool) -> str:
    """``sentence``, or its whole ``line`` when the sentence starts or ends inside a Markdown link of the line (it
    is then not found in the line as validation reads it); nothing when the line is only a ``cut`` of the card's."""
    if not sentence or ("[" not in line and "<" not in line and quote_fragments(sentence)):
        return sentence  # without links or tags, a line's normal form holds the normal form of each of its parts
    if quote_in_text(sentence, _normalized(line)):
        return sentence
    return "" if cut else line


@functools.lru_cache(maxsize=8)
def _normalized(line: str) -> str:
    """The normal form of a line or paragraph, kept for the next matches in it."""
    return normalize(line)


def meaningful(text: str, *, letters: int = 12) -> bool:
    """Text that says something: enough letters once markup, tags and link targets are gone."""
    if not text or text.startswith(("```", "<!--", "|--", "|:-", "![")):
        return False
    return sum(ch.isalpha() for ch in normalize(plain(text))) >= letters


def bounded(text: str) -> str:
    """A verbatim excerpt cut, if longer than MAX_QUOTE, at a sentence or line end, and never inside a Markdown link
    or an HTML tag (the cut backs off to before it)."""
    if len(text) <= MAX_QUOTE:
        return text
    cut = text[:MAX_QUOTE]
    ends = [m.end() for m in _SENTENCE_END.finditer(cut)] + [cut.rfind("\n")]
    best = max((e for e in ends if e > MAX_QUOTE // 3), default=-1)
    cut = (cut[:best] if best > 0 else cut).rstrip()
    if best <= 0 and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # not in the middle of a word
    while (unclosed := _UNCLOSED.search(cut)) is not None:
        cut = cut[: unclosed.start()].rstrip()
    return cut.strip()
