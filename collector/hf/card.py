"""Parse a Hugging Face model or dataset card: YAML front matter and Markdown sections.

Cards are written by anyone and arrive in every state: no front matter, front
matter without its closing fence, YAML that does not parse, a 600 KB README, a
one-line file.  :func:`parse_card` never raises for any text; what it could not
read is recorded in :attr:`Card.metadata_error`.

Sections keep their exact source text (``start`` and ``end`` offsets into the
card), because every quote a collector takes must be a verbatim excerpt.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Any

from collector.linear import links_to_text, without_matches
from collector.problems import DataError
from collector.yamlsource import parse_yaml

MAX_CARD_BYTES = 2 * 1024 * 1024
#: A card's sections are its first MAX_SECTIONS headings: real cards have a few dozen (at most 491 among the 25,103
#: of the 2023 corpus), and each section is read by each section rule.
MAX_SECTIONS = 2000
# Like the Hub's own pattern, front matter may follow blank lines.
_FENCE = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# The title runs to its last character that is not a closing '#', space or tab: found by one greedy pass (a lazy
# title followed by "[ \t#]*$" would rescan a long run of spaces or '#' once per character of it).
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.(?:[^\n]*[^ \t#\n])?)[ \t#]*$", re.MULTILINE)
# CommonMark: a fence is three or more backticks or tildes, indented at most three spaces; a backtick fence's info
# string holds no backtick (so "```code``` and text" is an inline code span, not a fence).
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}(?=[^`\n]*$)|~{3,})", re.MULTILINE)
_SETEXT = re.compile(r"^( {0,3}[^\s#>|`-][^\n]*)\n(=+|-+)[ \t]*$", re.MULTILINE)
_ANCHOR_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Section:
    """A heading and the text under it, up to the next heading of any level."""

    heading: str
    level: int
    anchor: str
    start: int  # offset of the first character after the heading line
    end: int
    text: str
    subtree: str = ""  # the text up to the next heading of the same or a higher level: subsections included

    @property
    def is_placeholder(self) -> bool:
        """True for an empty section or the card template's "[More Information Needed]"."""
        return is_placeholder(self.text)


def is_placeholder(text: str) -> bool:
    """True for text that discloses nothing: empty, template boilerplate, or "[More Information Needed]"
    (also as the value of every "- **Label:** ..." line)."""
    return not meaningful_lines(text)


def meaningful_lines(text: str) -> list[str]:
    """The lines of ``text`` that say something: not comments, boilerplate or placeholder values."""
    out = []
    for line in without_comments(text).splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(BOILERPLATE) or _HEADING_LINE.match(stripped):
            continue  # a subsection's heading says nothing by itself
        if not _is_placeholder_value(_LABELLED.sub("", stripped)):
            out.append(stripped)
    return out


def placeholder_line(text: str) -> str:
    """The first placeholder line of ``text``, verbatim, to quote as the evidence of a non-disclosure."""
    for line in without_comments(text).splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(BOILERPLATE):
            return stripped
    return ""


def _is_placeholder_value(value: str) -> bool:
    stripped = re.sub(r"[*_`\[\]>]", "", value).strip().rstrip(".!").strip().lower()
    return not stripped or stripped in PLACEHOLDERS


def without_comments(text: str) -> str:
    """Text without HTML comments (the card template's instructions to authors)."""
    return without_matches(_COMMENT, text, "-->")


PLACEHOLDERS = {
    "more information needed",
    "needs more information",
    "tbd",
    "todo",
    "n/a",
    "coming soon",
    "paper coming soon",
}  # compared without brackets, emphasis and final punctuation
# Sentences of the Hub's card template that authors leave in place; they disclose nothing.
BOILERPLATE = (
    "Carbon emissions can be estimated using the",
    "Use the code below to get started with the model",
    "Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model",
    "More information needed for further recommendations",
)
_HEADING_LINE = re.compile(r"#{1,6}(?:\s|$)")
_LABELLED = re.compile(r"^\s*[-*]\s*(?:\*\*)?[^:*\n]{1,60}:(?:\*\*)?\s*")


@dataclass
class Card:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    metadata_text: str = ""  # the raw front matter, for verbatim quotes
    metadata_error: str | None = None
    body_start: int = 0
    sections: list[Section] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)  # fenced code blocks: (start, end) offsets
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # what readers worked out once

    def in_code(self, position: int) -> bool:
        """True when ``position`` (an offset into :attr:`text`) lies inside a fenced code block."""
        return in_ranges(self.code, position)

    def find_sections(self, pattern: re.Pattern[str]) -> list[Section]:
        """Sections whose heading matches ``pattern`` (case-insensitive patterns are the caller's choice)."""
        return [s for s in self.sections if pattern.search(s.heading)]

    def section_at(self, position: int) -> Section | None:
        """The section holding ``position`` (None: text before any heading), found by bisection: a card may have
        thousands of sections and a rule asks once per line."""
        starts = self.derived.get("section_starts")
        if starts is None or len(starts) != len(self.sections):
            starts = self.derived["section_starts"] = [s.start for s in self.sections]
        index = bisect.bisect_right(starts, position) - 1
        if index < 0:
            return None
        section = self.sections[index]
        return section if position < section.end else None

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


def in_ranges(ranges: list[tuple[int, int]], position: int) -> bool:
    """True when ``position`` lies in one of ``ranges`` (sorted, not overlapping): by bisection, since a card may
    have thousands of code blocks and rules ask once per match."""
    index = bisect.bisect_right(ranges, (position, math.inf)) - 1
    return index >= 0 and ranges[index][0] <= position < ranges[index][1]


def parse_card(raw: bytes | str) -> Card:
    """Parse card bytes (or text) into front matter and sections; never raises."""
    if isinstance(raw, bytes):
        raw = raw[:MAX_CARD_BYTES].decode("utf-8", errors="replace")
    text = raw.replace("\r\n", "\n")
    card = Card(text)
    match = _FENCE.match(text)
    if match:
        card.metadata_text = match.group(1)
        card.body_start = match.end()
        card.metadata, card.metadata_error = _parse_metadata(match.group(1))
    elif text.lstrip("\ufeff \t\r\n").startswith("---"):
        card.metadata_error = "front matter starts with '---' but has no closing '---'"
    card.code = fenced_ranges(text, card.body_start)
    card.sections = _sections(text, card.body_start, card.code)
    return card


def _parse_metadata(source: str) -> tuple[dict[str, Any], str | None]:
    try:
        document = parse_yaml(source.encode("utf-8"), "front matter")
    except DataError as exc:
        return {}, exc.problems[0].message
    if not isinstance(document.data, dict):
        return {}, f"front matter is a {type(document.data).__name__}, not a mapping"
    return document.data, None


def _sections(text: str, start: int, fenced: list[tuple[int, int]]) -> list[Section]:
    headings = [(m.start(), m.end(), len(m.group(1)), m.group(2)) for m in _HEADING.finditer(text, start)]
    headings += [
        (m.start(), m.end(), 1 if m.group(2)[0] == "=" else 2, m.group(1)) for m in _SETEXT.finditer(text, start)
    ]
    headings = sorted(h for h in headings if not in_ranges(fenced, h[0]))
    stop = len(text)
    if len(headings) > MAX_SECTIONS:  # what follows the last section kept belongs to none
        stop = headings[MAX_SECTIONS][0]
        del headings[MAX_SECTIONS:]
    sections = []
    subtree_ends = _subtree_ends(headings, stop)
    for index, (_, heading_end, level, title) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else stop
        subtree_end = subtree_ends[index]
        body_start = min(heading_end + 1, end)
        clean = _clean_heading(title)
        sections.append(
            Section(clean, level, anchor(clean), body_start, end, text[body_start:end], text[body_start:subtree_end])
        )
    return sections


def _subtree_ends(headings: list[tuple[int, int, int, str]], text_end: int) -> list[int]:
    """For each heading, where the next heading of the same or a higher level starts (else ``text_end``): one pass
    from the last heading back, keeping the headings not yet closed (a card may have thousands)."""
    ends = [text_end] * len(headings)
    following: list[tuple[int, int]] = []  # (level, start) of later headings, nearest on top
    for index in range(len(headings) - 1, -1, -1):
        start, _, level, _ = headings[index]
        while following and following[-1][0] > level:
            following.pop()
        if following:
            ends[index] = following[-1][1]
        following.append((level, start))
    return ends


def fenced_ranges(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Fenced code blocks (their '#' lines are comments, not headings), per CommonMark: a block closes at a fence of
    the same character at least as long as its opening, and one never closed runs to the end of the text."""
    ranges = []
    position = start
    while (opening := _FENCE_OPEN.search(text, position)) is not None:
        mark = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", opening.end())
        found = closing.search(text, line_end) if line_end >= 0 else None
        end = found.end() if found else len(text)
        ranges.append((opening.start(), end))
        position = end
    return ranges


def _clean_heading(title: str) -> str:
    title = links_to_text(title, images=False, one_line=False)
    title = without_matches(_TAG, title, ">")
    title = re.sub(r"\\(.)", r"\1", title)
    return title.replace("**", "").replace("__", "").replace("`", "").strip()


def anchor(heading: str) -> str:
    """The id the Hub (like GitHub) gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    return _ANCHOR_DROP.sub("", heading.lower()).strip().replace(" ", "-")


def first_line(card: Card) -> str:
    """A dataset card's first informative line: its pretty_name, else its first paragraph of prose (cut at 300)."""
    pretty = card.metadata.get("pretty_name")
    if isinstance(pretty, str):
        for line in card.metadata_text.splitlines():
            if line.startswith("pretty_name"):
                return line.strip()
    for section in card.sections:
        for paragraph in section.text.split("\n\n"):
            text = paragraph.strip()
            if len(text) > 20 and not text.startswith(("|", "```", "<", "!", "-")):
                return text[:300].rsplit(" ", 1)[0] if len(text) > 300 else text
    return ""
