"""Which card headings and "Label: value" keys speak to which indicator: a reviewed table, grown from data.

The table (``vocabulary.yaml`` next to this module) lists, per indicator, the headings and labels that cards
really use, each with the number of cards of the 2023 corpus (25,103 Hub cards) that use it, as
``scripts/card_vocabulary.py`` counts them.  A heading or label is compared in its *normal form*
(:func:`normal_form`): lowercase, "[optional]" and other bracketed asides dropped, "&" read as "and", punctuation
and emoji dropped.  An entry matches a heading equal to it; an entry marked ``anywhere`` also matches a heading
that contains it as whole words ("Known Limitations" for "limitations"), unless the heading also contains one of
the entry's ``unless`` words ("Training and evaluation data" is not a results section).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

TABLE = Path(__file__).with_name("vocabulary.yaml")
_ASIDE = re.compile(r"\[[^\]]*\]|\([^)]*optional[^)]*\)", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w\s-]+|_")
_SPACES = re.compile(r"[\s-]+")


@functools.lru_cache(maxsize=65536)
def normal_form(text: str) -> str:
    """The form headings and labels are compared in: "Bias, Risks, and Limitations [optional]" -> "bias risks and
    limitations"; "Out-of-Scope Use" -> "out of scope use"."""
    text = _ASIDE.sub(" ", text.lower().replace("&", " and "))
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


@dataclass(frozen=True)
class Entry:
    text: str  # in normal form
    cards: int  # how many corpus cards use it
    anywhere: bool = False
    unless: tuple[str, ...] = ()  # words that, in a heading, keep an ``anywhere`` entry from matching

    def matches(self, normal: str, *, exact: bool = False) -> bool:
        if normal == self.text:
            return True
        if not self.anywhere or exact or f" {self.text} " not in f" {normal} ":
            return False
        return not any(f" {word} " in f" {normal} " for word in self.unless)

    def uses(self, counts: Mapping[str, int]) -> int:
        """How many cards use this entry, given how many use each heading (or label) in normal form."""
        return sum(n for text, n in counts.items() if self.matches(text)) if self.anywhere else counts.get(self.text, 0)


class Vocabulary:
    """Indicator -> entries, for headings and for labels; answers are remembered, as the same headings recur
    across thousands of cards."""

    def __init__(self, headings: dict[str, tuple[Entry, ...]], labels: dict[str, tuple[Entry, ...]]) -> None:
        self.headings = headings
        self.labels = labels
        self._answers: dict[tuple[str, str, bool], tuple[str, ...]] = {}

    def heading_indicators(self, heading: str, *, exact: bool = False) -> tuple[str, ...]:
        """The indicators a section with this heading speaks to (``exact``: only entries equal to it)."""
        return self._matching("headings", normal_form(heading), exact)

    def label_indicators(self, label: str) -> tuple[str, ...]:
        """The indicators a "Label: value" line with this label speaks to."""
        return self._matching("labels", normal_form(label), False)

    def _matching(self, kind: str, normal: str, exact: bool) -> tuple[str, ...]:
        key = (kind, normal, exact)
        if key not in self._answers:
            table = self.headings if kind == "headings" else self.labels
            found = tuple(i for i, entries in table.items() if any(e.matches(normal, exact=exact) for e in entries))
            if len(self._answers) < 65536:
                self._answers[key] = found
            return found
        return self._answers[key]


@functools.cache
def vocabulary(path: Path = TABLE) -> Vocabulary:
    """The reviewed table, read once."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    headings: dict[str, tuple[Entry, ...]] = {}
    labels: dict[str, tuple[Entry, ...]] = {}
    for indicator, kinds in data["indicators"].items():
        headings[indicator] = tuple(_entry(e) for e in kinds.get("headings", []))
        labels[indicator] = tuple(_entry(e) for e in kinds.get("labels", []))
    return Vocabulary(headings, labels)


def _entry(raw: dict[str, object]) -> Entry:
    text = str(raw["text"])
    if normal_form(text) != text:
        raise ValueError(f"vocabulary entry {text!r} is not in normal form ({normal_form(text)!r})")
    unless = raw.get("unless") or []
    if not isinstance(unless, list):
        raise TypeError(f"vocabulary entry {text!r}: unless must be a list of words")
    return Entry(text, int(str(raw.get("cards", 0))), bool(raw.get("anywhere", False)), tuple(map(str, unless)))
