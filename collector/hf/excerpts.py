"""Excerpts of a card to quote: verbatim, of bounded length, and never cut inside a link or a tag.

A quote must pass ``scorecards validate``, which finds it in the archived card once both are normalized
(:func:`collector.quotes.normalize`: links become their text, tags go).  So a quote may not start or end inside a
Markdown link or an HTML tag: a sentence end inside a link's text ("[Sheng et al. 2019](...)") is no sentence end,
and a cut at :data:`MAX_QUOTE` characters backs off to before the link or tag it would split.
"""

from __future__ import annotations

import re

from collector.quotes import normalize, quote_in_text

MAX_QUOTE = 400
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n\s*\n")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|\bhttps?://\S+")
_UNCLOSED = re.compile(r"!?\[[^\]\n]*(?:\]\([^)\n]*)?$|<[^>\n]*$")


def plain(line: str) -> str:
    """A line without link targets and bare URLs: what a reader sees (so a URL's digits are not a score)."""
    return _LINK_TARGET.sub("]", line)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding ``text[start:end]``, bounded; empty when it says too little."""
    left = max(text.rfind("\n", 0, start), max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0))
    left = max(left, 0)
    right_match = _SENTENCE_END.search(text, end)
    newline = text.find("\n", end)
    right = min(right_match.start() if right_match else len(text), newline if newline >= 0 else len(text))
    sentence = text[left:right].strip()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = newline if newline >= 0 else len(text)
    sentence = _whole_if_cut(sentence, text[line_start:line_end].strip())
    blank = text.rfind("\n\n", 0, start)
    paragraph_start = blank + 2 if blank >= 0 else 0
    paragraph_end = text.find("\n\n", end)
    paragraph = text[paragraph_start : paragraph_end if paragraph_end >= 0 else len(text)].strip()
    sentence = _whole_if_cut(sentence, paragraph)  # a link whose text runs over two lines
    return bounded(sentence) if meaningful(sentence) else ""


def sentences(line: str) -> list[str]:
    """The sentences of a line; the line itself where a split would fall inside a link ("[Sheng et al. 2019](...)")."""
    parts = [s.strip() for s in _SENTENCE_END.split(line) if s and s.strip()]
    return parts if all(_whole_if_cut(p, line) == p for p in parts) else [line]


def _whole_if_cut(sentence: str, line: str) -> str:
    """``sentence``, or its whole ``line`` when the sentence starts or ends inside a Markdown link of the line (it
    is then not found in the line as validation reads it)."""
    return sentence if quote_in_text(sentence, normalize(line)) else line


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
