"""The "Label: value" lines and two-column table rows of a card: its fields.

Cards state many facts as fields rather than prose: ``- **Hardware Type:** 8 x A100``, ``**Contact:** ...``,
``Model date: May 2023``, ``| Release date | 2024-05-01 |``.  Each is read with its verbatim line, so it can be
quoted.  Lines inside fenced code, and the front matter, are not fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from collector.hf.card import Card

_EMPHASIS = r"(?:\*\*|__|\*|_)?"
# "- **Label:** value", "**Label**: value", "Label: value"; a label is short and starts with a letter.
_LINE = re.compile(
    rf"^[ \t]{{0,3}}(?:[-*+][ \t]+|\d+\.[ \t]+)?{_EMPHASIS}(?P<label>[^\W\d_][^:*_\n|`\[\]<>]{{0,48}}?){_EMPHASIS}"
    rf"[ \t]*[:：][ \t]*{_EMPHASIS}[ \t]*(?P<value>\S[^\n]*)$",
    re.MULTILINE,
)
_ROW = re.compile(r"^[ \t]*\|(?P<label>[^|\n]{2,60})\|(?P<value>[^|\n]+)\|[ \t]*$", re.MULTILINE)
_MARKUP = re.compile(r"[*_`]+")


@dataclass(frozen=True)
class Field:
    label: str  # without markup
    value: str  # without surrounding markup
    line: str  # the whole line, verbatim: the quote
    start: int  # offset of the line in the card's text


def fields(card: Card) -> Iterator[Field]:
    """Every field of the card's body, in order."""
    for pattern in (_LINE, _ROW):
        for match in pattern.finditer(card.text, card.body_start):
            if card.in_code(match.start()):
                continue
            label = _MARKUP.sub("", match.group("label")).strip()
            value = _MARKUP.sub("", match.group("value")).strip().strip("|").strip()
            if label and value and not set(value) <= set("-: "):
                yield Field(label, value, match.group(0).strip(), match.start())
