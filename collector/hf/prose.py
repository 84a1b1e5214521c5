"""Rules that read a card's prose: its sections, its "Label: value" fields and its sentences.

* A **section** speaks to an indicator when its heading is in the reviewed vocabulary
  (:mod:`collector.hf.vocabulary`); its subsections belong to it.  When the indicator needs a particular kind of
  statement (a date, a score, a hardware name, a way to get in touch: :data:`SHOWS`), the quote is the first line
  or sentence under the heading that makes it; otherwise it is the section's opening paragraph.  A section holding
  only a placeholder is an explicit non-disclosure.
* A **field** (``**Hardware Type:** 8 x A100``) speaks to an indicator when its label is in the vocabulary and its
  value makes the statement the indicator needs.
* A **sentence** anywhere in the body (outside code) that matches an indicator's pattern
  (:mod:`collector.hf.patterns`).

Every quote is a verbatim excerpt that ends at a sentence, line or element boundary, never inside a link or tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from collector.hf import patterns
from collector.hf.card import BOILERPLATE, Card, Section, is_placeholder, placeholder_line
from collector.hf.fields import fields
from collector.hf.vocabulary import vocabulary
from collector.quotes import normalize
from collector.schema import Status

MAX_QUOTE = 400
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n\s*\n")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|\bhttps?://\S+")
_UNCLOSED = re.compile(r"!?\[[^\]\n]*(?:\]\([^)\n]*)?$|<[^>\n]*$")


@dataclass(frozen=True)
class Finding:
    """What the card says on one indicator: a proposed status, a verbatim quote and where it is."""

    indicator_id: str
    status: Status
    quote: str
    locator: str
    anchor: str | None = None
    note: str | None = None


Rule = Callable[[Card], Iterator[Finding]]


def plain(line: str) -> str:
    """A line without link targets and bare URLs: what a reader sees (so a URL's digits are not a score)."""
    return _LINK_TARGET.sub("]", line)


# ------------------------------------------------------------- what each indicator needs a passage to say


def _release(line: str, heading: str) -> bool:
    if patterns.NOT_RELEASE.search(line) or patterns.BIBTEX.search(line):
        return False
    if "date" in heading.lower():  # "Model date(s)", "Release date": the date alone is the statement
        return bool(patterns.DATE.search(line))
    return bool(patterns.RELEASE.search(line))


def _hardware(line: str, heading: str) -> bool:
    return bool(patterns.HARDWARE.search(plain(line))) and not patterns.INFERENCE.search(line)


def _channel(line: str, heading: str) -> bool:
    return bool(patterns.CHANNEL.search(line)) and not patterns.BIBTEX.search(line)


def _score(line: str, heading: str) -> bool:
    return patterns.is_score_line(plain(line))


def _limitation_in_shared_section(line: str, heading: str) -> bool:
    """Under "Intended uses & limitations" a line speaks to limitations only when it states one."""
    if "use" not in heading.lower():
        return True
    return bool(patterns.LIMITATION.search(line) or re.search(r"\blimit|\bbias|\brisk", line, re.IGNORECASE))


#: indicator -> what a line under its heading (or a field's value) must say, given the heading.
SHOWS: dict[str, Callable[[str, str], bool]] = {
    "release-date": _release,
    "training-hardware": _hardware,
    "feedback-channel": _channel,
    "evaluation-results": _score,
    "limitations": _limitation_in_shared_section,
}


# ------------------------------------------------------------------------------------------------ sections


def section_rule(indicator_id: str, *, note: str | None = None) -> Rule:
    """Sections whose heading the vocabulary maps to ``indicator_id``: partial with the passage that shows it, or
    not-disclosed when the section holds only a placeholder."""
    shows = SHOWS.get(indicator_id)

    def rule(card: Card) -> Iterator[Finding]:
        table = vocabulary()
        for section in card.sections:
            if indicator_id not in table.heading_indicators(section.heading):
                continue
            if is_placeholder(section.subtree):
                placeholder = placeholder_line(section.text)
                if placeholder:
                    yield Finding(indicator_id, Status.NOT_DISCLOSED, placeholder, section.heading, section.anchor,
                                  note="The card's section for this is a template placeholder.")  # fmt: skip
                continue
            quote = _showing_line(card, section, shows) if shows else opening(section)
            if quote:
                yield Finding(indicator_id, Status.PARTIAL, quote, section.heading, section.anchor, note)
                return

    return rule


def _showing_line(card: Card, section: Section, shows: Callable[[str, str], bool]) -> str:
    """The first line (or sentence of a long line) under ``section``, subsections included, that ``shows``."""
    offset = section.start
    for line in section.subtree.split("\n"):
        position = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or card.in_code(position) or is_placeholder(stripped):
            continue
        heading = _section_heading(card, position) or section.heading
        if shows(stripped, heading):
            for sentence in _sentences(stripped):
                if shows(sentence, heading):
                    return bounded(sentence)
            return bounded(stripped)
    return ""


def _section_heading(card: Card, position: int) -> str | None:
    section = section_at(card, position)
    return section.heading if section else None


def opening(section: Section) -> str:
    """The first meaningful paragraph under a section (subsections included), verbatim, at most MAX_QUOTE long."""
    for paragraph in re.split(r"\n\s*\n", section.subtree):
        stripped = _after_comments(paragraph.strip())
        if stripped.startswith("#"):
            stripped = stripped.split("\n", 1)[1].strip() if "\n" in stripped else ""
        if meaningful(stripped) and not is_placeholder(stripped) and not stripped.startswith(BOILERPLATE):
            return bounded(stripped)
    return ""


def _after_comments(paragraph: str) -> str:
    """The paragraph without the template's leading HTML comments (what remains is still verbatim)."""
    while paragraph.startswith("<!--"):
        end = paragraph.find("-->")
        if end < 0:
            return ""
        paragraph = paragraph[end + 3 :].strip()
    return paragraph


# -------------------------------------------------------------------------------------------------- fields


def field_rule(indicator_id: str, *, note: str | None = None) -> Rule:
    """``Label: value`` lines and two-column table rows whose label the vocabulary maps to ``indicator_id``."""
    shows = SHOWS.get(indicator_id)

    def rule(card: Card) -> Iterator[Finding]:
        table = vocabulary()
        for found in fields(card):
            if indicator_id not in table.label_indicators(found.label) or is_placeholder(found.value):
                continue
            if shows is not None and not shows(found.value, found.label):
                continue
            if shows is None and not meaningful(found.value, letters=4):
                continue
            where = section_at(card, found.start)
            quote = bounded(found.line)
            if quote:
                yield Finding(indicator_id, Status.PARTIAL, quote, where.heading if where else "card text",
                              where.anchor if where else None, note)  # fmt: skip
                return

    return rule


# ----------------------------------------------------------------------------------------------- sentences


def sentence_rule(
    indicator_id: str,
    pattern: re.Pattern[str],
    *,
    note: str | None = None,
    requires: re.Pattern[str] | None = None,
    unless: re.Pattern[str] | None = None,
) -> Rule:
    """The first sentence of the body, outside code, that matches ``pattern`` (and ``requires``, and not
    ``unless``)."""

    def rule(card: Card) -> Iterator[Finding]:
        text, offset = card.body, card.body_start
        for match in pattern.finditer(text):
            if card.in_code(offset + match.start()):
                continue
            sentence = sentence_around(text, match.start(), match.end())
            if not sentence or sentence.startswith("#") or patterns.BIBTEX.search(sentence):
                continue  # a heading names a topic; it is not a statement about it
            if requires is not None and not requires.search(sentence):
                continue
            if unless is not None and unless.search(sentence):
                continue
            where = section_at(card, offset + match.start())
            yield Finding(indicator_id, Status.PARTIAL, sentence, where.heading if where else "card text",
                          where.anchor if where else None, note)  # fmt: skip
            return

    return rule


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding ``text[start:end]``, bounded; empty when it says too little."""
    left = max(text.rfind("\n", 0, start), max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0))
    left = max(left, 0)
    right_match = _SENTENCE_END.search(text, end)
    newline = text.find("\n", end)
    right = min(right_match.start() if right_match else len(text), newline if newline >= 0 else len(text))
    sentence = text[left:right].strip()
    return bounded(sentence) if meaningful(sentence) else ""


def _sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(line) if s and s.strip()]


# -------------------------------------------------------------------------------------------------- quotes


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
    unclosed = _UNCLOSED.search(cut)
    if unclosed:
        cut = cut[: unclosed.start()].rstrip()
    if best <= 0 and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # not in the middle of a word
    return cut.strip()


def section_at(card: Card, position: int) -> Section | None:
    return next((s for s in card.sections if s.start <= position < s.end), None)
