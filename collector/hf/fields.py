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
    rf"[ \t]*[:：][ \t]*{_EMPHASIS}[ \t]*(?P<value>[^\n]*)$",
    re.MULTILINE,
)
_ROW = re.compile(r"^[ \t]*\|(?P<label>[^|\n]{2,60})\|(?P<value>[^|\n]+)\|[ \t]*$", re.MULTILINE)
_MARKUP = re.compile(r"[*_`]+")
#: A card's fields are its first MAX_FIELDS of each kind (lines, table rows): real cards have at most a few dozen (77
#: among the 25,103 of the 2023 corpus), and each field rule reads them all.
MAX_FIELDS = 2000
# A line that starts something new: a blank line, a list item, a heading, a table row, a fence, a field.
_NEW_BLOCK = re.compile(r"^\s*$|^\s*(?:[-*+]\s|\d+\.\s|#|\||```|~~~|<)|^[^:\n]{1,50}:\s")


@dataclass(frozen=True)
class Field:
    label: str  # without markup
    value: str  # without surrounding markup
    line: str  # the whole line (with the lines that continue it), verbatim: the quote
    start: int  # offset of the line in the card's text


def fields(card: Card) -> list[Field]:
    """Every field of the card's body, in order (worked out once per card)."""
    if "fields" not in card.derived:
        card.derived["fields"] = list(_fields(card))
    found: list[Field] = card.derived["fields"]
    return found


def _fields(card: Card) -> Iterator[Field]:
    for pattern in (_LINE, _ROW):
        found = 0
        for match in pattern.finditer(card.text, card.body_start):
            if found == MAX_FIELDS:
                break
            if card.in_code(match.start()):
                continue
            label = _MARKUP.sub("", match.group("label")).strip()
            end = _continued(card.text, match.end()) if pattern is _LINE else match.end()
            value = match.group("value") + card.text[match.end() : end]
            if not value.strip() and pattern is _LINE:  # "**Release Date:**" with its value on the next line
                end = _next_line_end(card.text, match.end())
                value = card.text[match.end() : end]
            value = _MARKUP.sub("", value).strip().strip("|").strip()
            if label and value and not set(value) <= set("-: "):
                found += 1
                yield Field(label, value, card.text[match.start() : end].strip(), match.start())


def _next_line_end(text: str, end: int) -> int:
    """The end of the first non-blank line after ``end`` (at most one blank line between), else ``end``."""
    rest = text[end : end + 400]
    found = re.match(r"\n(?:[ \t]*\n)?[ \t]*(?:[-*+][ \t]+)?\S[^\n]*", rest)
    return end + found.end() if found else end


def _continued(text: str, end: int) -> int:
    """The end of a field whose value wraps onto the following lines (a Markdown list item written over several)."""
    while end < len(text) and text[end] == "\n":
        following = text.find("\n", end + 1)
        following = len(text) if following < 0 else following
        if _NEW_BLOCK.match(text[end + 1 : following]):
            break
        end = following
    return end
