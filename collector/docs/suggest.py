"""Keyword suggestions: passages of a new or changed document that may bear on an indicator.

A keyword match is a lead, not a finding.  A suggestion becomes a ``proposed``
entry beside the claim (whose status is left as it was, or ``not-assessed``
when there was none), so it never changes a score: a reviewer reads the quote
and decides.  Only passages that are new in this version are looked at, so a
suggestion that was rejected once is not made again while the text stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from collector.quotes import missing_fragment, normalize
from collector.schema import Indicator

MAX_QUOTE = 400
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_STRONG_MARKUP = re.compile(r"\*\*|__|`")
_MARKUP_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)+")


@dataclass(frozen=True)
class Passage:
    heading: str | None
    text: str


@dataclass(frozen=True)
class Suggestion:
    indicator: str
    quote: str
    keywords: tuple[str, ...]
    locator: str | None


def passages(text: str) -> list[Passage]:
    """Paragraphs and list items, each with the heading it sits under; headings and tables are not passages."""
    found: list[Passage] = []
    heading: str | None = None
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            heading = lines[0].lstrip("#").strip() or heading
            lines = lines[1:]
            if not lines:
                continue
        items = _split_items(lines)
        found.extend(Passage(heading, item) for item in items if not item.startswith("|"))
    return found


def _split_items(lines: list[str]) -> list[str]:
    """A block of list items is one passage per item; a paragraph is one passage."""
    if all(_MARKUP_PREFIX.match(line) or line.startswith("  ") for line in lines) and len(lines) > 1:
        items: list[str] = []
        for line in lines:
            if _MARKUP_PREFIX.match(line) or not items:
                items.append(line.strip())
            else:
                items[-1] += " " + line.strip()
        return items
    return [" ".join(line.strip() for line in lines)]


def new_passages(text: str, previous: str | None) -> list[Passage]:
    """Passages of ``text`` whose words were not in ``previous`` (all of them for a first version)."""
    current = passages(text)
    if previous is None:
        return current
    seen = {normalize(p.text) for p in passages(previous)}
    return [p for p in current if normalize(p.text) not in seen]


@lru_cache(maxsize=4096)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in keyword.split()) + r"(?!\w)", re.IGNORECASE)


def _hits(text: str, keywords: Iterable[str]) -> tuple[str, ...]:
    return tuple(k for k in keywords if _keyword_pattern(k).search(text))


def suggest(text: str, previous: str | None, indicators: Sequence[Indicator]) -> list[Suggestion]:
    """For each indicator, the best new passage that names its keywords, quoted verbatim from ``text``."""
    candidates = new_passages(text, previous)
    normalized = normalize(text)
    found: list[Suggestion] = []
    for indicator in indicators:
        best: tuple[int, Suggestion] | None = None
        for passage in candidates:
            for sentence in _sentences(passage.text):
                hits = _hits(sentence, indicator.keywords)
                if not _strong(hits) or (best is not None and len(hits) <= best[0]):
                    continue
                quote = _quotable(sentence)
                if quote and missing_fragment(quote, normalized) is None:
                    best = (len(hits), Suggestion(indicator.id, quote, hits, passage.heading))
        if best is not None:
            found.append(best[1])
    return found


def _strong(hits: tuple[str, ...]) -> bool:
    """A phrase of several words, or two different keywords: one common word alone ("feedback") is too weak a lead."""
    return len(hits) >= 2 or any(" " in hit for hit in hits)


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(_MARKUP_PREFIX.sub("", paragraph)) if s.strip()]


def _quotable(sentence: str) -> str:
    """The sentence as a quote: at most MAX_QUOTE characters, cut at a word boundary with an ellipsis."""
    sentence = _STRONG_MARKUP.sub("", sentence).strip()  # the checker ignores these marks; a reader need not see them
    if len(sentence) <= MAX_QUOTE:
        return sentence
    cut = sentence[:MAX_QUOTE].rsplit(" ", 1)[0]
    return cut + " ..."
