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
from collector.hf.excerpts import MAX_QUOTE, bounded, meaningful, plain, sentence_around, sentences
from collector.hf.fields import fields
from collector.hf.vocabulary import vocabulary
from collector.schema import Status


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


# ------------------------------------------------------------- what each indicator needs a passage to say


def _release(line: str, heading: str) -> bool:
    line = plain(line)
    if re.search(r"\bmodel\s+dates?\b", heading, re.IGNORECASE):  # the card's own "Model date(s)" field
        return bool(patterns.DATE.search(line)) and not patterns.BIBTEX.search(line)
    if patterns.NOT_RELEASE.search(line) or patterns.BIBTEX.search(line):
        return False
    if _DATES_HEADING.search(heading):  # "Model date(s)", "Release date", "Release notes": the date alone says it
        return bool(patterns.DATE.search(line))
    return bool(patterns.RELEASE.search(line))


_DATES_HEADING = re.compile(r"\bdates?\b|\breleases?\b", re.IGNORECASE)


def _hardware(line: str, heading: str) -> bool:
    if _DEVICE_COUNT.search(heading) and re.fullmatch(r"\s*[1-9]\d*\s*", line):
        return True  # a training config's "ngpu: 4"
    return bool(patterns.HARDWARE.search(plain(line))) and not patterns.INFERENCE.search(line)


_DEVICE_COUNT = re.compile(r"^(?:n_?gpus?|num_?gpus|num_devices|gpus|number of gpus)$", re.IGNORECASE)


def _channel(line: str, heading: str) -> bool:
    found = patterns.CHANNEL.search(line)
    return bool(found) and not patterns.BIBTEX.search(line) and not patterns.SALES.search(line)


def _score(line: str, heading: str) -> bool:
    return patterns.is_score_line(plain(line))


def _limitation_in_shared_section(line: str, heading: str) -> bool:
    """Under "Intended uses & limitations" a line speaks to limitations only when it states one."""
    if patterns.CARD_DISCLAIMER.search(line):
        return False
    if "use" not in heading.lower():
        return True
    return bool(patterns.LIMITATION.search(line) or re.search(r"\blimit|\bbias|\brisk", line, re.IGNORECASE))


#: Letters a quoted line needs: a score, a date or an address says a lot in few letters; prose needs more.
MIN_LETTERS = {"evaluation-results": 2, "training-hardware": 2, "release-date": 2, "feedback-channel": 2}

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
                # Only a section that names the indicator exactly is the card's place for it, so only its
                # placeholder is an explicit non-disclosure ("Training and evaluation data" is not a results section).
                if placeholder and indicator_id in table.heading_indicators(section.heading, exact=True):
                    yield Finding(indicator_id, Status.NOT_DISCLOSED, placeholder, section.heading, section.anchor,
                                  note="The card's section for this is a template placeholder.")  # fmt: skip
                continue
            found = _showing_line(card, section, shows, indicator_id) if shows else opening(section, indicator_id)
            if found is not None:
                quote, position = found
                yield at(card, section_at(card, position) or section, indicator_id, quote, note)
                return

    return rule


def _showing_line(
    card: Card, section: Section, shows: Callable[[str, str], bool], section_indicator: str
) -> tuple[str, int] | None:
    """The first line (or sentence of a long line) under ``section``, subsections included, that ``shows``, and
    where it is."""
    offset = section.start
    for line in section.subtree.split("\n"):
        position = offset
        offset += len(line) + 1
        stripped = line.strip()
        if (
            not stripped
            or stripped.startswith(("#", *BOILERPLATE))
            or card.in_code(position)
            or is_placeholder(stripped)
        ):
            continue
        heading = _section_heading(card, position) or section.heading
        if shows(stripped, heading) and meaningful(stripped, letters=MIN_LETTERS.get(section_indicator, 12)):
            if stripped.startswith(("<td", "<th")):
                return _html_row(section.subtree, position - section.start) or bounded(stripped), position
            for sentence in sentences(stripped):
                if shows(sentence, heading):
                    return bounded(sentence), position
            return bounded(stripped), position
    return None


def _html_row(text: str, at: int) -> str:
    """The HTML table row (``<tr> ... </tr>``) around offset ``at``, verbatim, when it is short enough to quote."""
    start = text.rfind("<tr", 0, at)
    end = text.find("</tr>", at)
    if start < 0 or end < 0 or end - start > MAX_QUOTE:
        return ""
    return text[start : end + len("</tr>")].strip()


def _section_heading(card: Card, position: int) -> str | None:
    section = section_at(card, position)
    return section.heading if section else None


def opening(section: Section, indicator_id: str | None = None) -> tuple[str, int] | None:
    """The first meaningful paragraph under a section (subsections included), verbatim, at most MAX_QUOTE long, and
    where it is.  Under "Intended uses & limitations", a paragraph that only warns against a use does not state one."""
    for split in _PARAGRAPHS.finditer(section.subtree):
        paragraph = split.group(0)
        stripped = _after_comments(paragraph.strip())
        if stripped.startswith("#"):
            stripped = stripped.split("\n", 1)[1].strip() if "\n" in stripped else ""
        if not meaningful(stripped) or is_placeholder(stripped) or stripped.startswith(BOILERPLATE):
            continue
        if patterns.TEMPLATE_TEXT.search(stripped):
            continue
        only_a_warning = patterns.AGAINST_USE.search(stripped) and not patterns.PURPOSE.search(stripped)
        if indicator_id == "intended-use" and only_a_warning:
            continue
        return bounded(stripped), section.start + split.start() + paragraph.find(stripped[:20])
    return None


_PARAGRAPHS = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")


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
                yield at(card, where, indicator_id, quote, note)
                return

    return rule


# ----------------------------------------------------------------------------------------------- sentences


def sentence_rule(
    indicator_id: str,
    pattern: re.Pattern[str] | patterns.Anchored,
    *,
    note: str | None = None,
    requires: re.Pattern[str] | None = None,
    unless: re.Pattern[str] | None = None,
) -> Rule:
    """The first sentence of the body, outside code, that matches ``pattern`` (and ``requires``, and not
    ``unless``)."""

    def rule(card: Card) -> Iterator[Finding]:
        text, offset = card.body, card.body_start
        for match in pattern.finditer(text, 0, SENTENCE_SCAN):
            if card.in_code(offset + match.start()):
                continue
            sentence = sentence_around(text, match.start(), match.end())
            if not sentence or patterns.BIBTEX.search(sentence) or _is_topic_heading(sentence):
                continue
            if patterns.TEMPLATE_TEXT.search(sentence) or sentence.startswith(BOILERPLATE):
                continue
            if not pattern.search(plain(sentence)):
                continue  # what matched was inside a link's address
            if requires is not None and not requires.search(sentence):
                continue
            if unless is not None and unless.search(sentence):
                continue
            where = section_at(card, offset + match.start())
            yield at(card, where, indicator_id, sentence, note)
            return

    return rule


#: How much of a card's body the sentence rules read.  They quote the first sentence that makes a statement, and
#: real cards make theirs early: on the 25,103 cards of the 2023 corpus (the largest 600 KB) and the labelled set,
#: reading this much finds exactly what reading all finds.  Past it, a hostile card could only make each rule search
#: on, with patterns that are linear but costly per character, up to the 2 MB limit.
SENTENCE_SCAN = 128 * 1024


def _is_topic_heading(sentence: str) -> bool:
    """A short heading names a topic ("Out-of-scope use"); it is not a statement about it.  A long one can be."""
    return sentence.startswith("#") and len(sentence.split()) < 8


def title_rule(indicator_id: str, pattern: re.Pattern[str], *, note: str | None = None) -> Rule:
    """The card's title (its first heading of level 1) when it states what ``pattern`` looks for, e.g. a task:
    "# Hungarian Sentence-level Sentiment Analysis with Finetuned huBERT Model"."""

    def rule(card: Card) -> Iterator[Finding]:
        title = next((s for s in card.sections if s.level == 1), None)
        if title is None or len(title.heading.split()) < 3 or not pattern.search(title.heading):
            return  # a title of one or two words is the repository's name, not a statement
        line_start = card.text.rfind("\n", 0, title.start - 1) + 1
        line = card.text[line_start : title.start].strip()
        if meaningful(line, letters=8):
            yield Finding(indicator_id, Status.PARTIAL, bounded(line), title.heading, title.anchor, note)

    return rule


def metric_rule(indicator_id: str, *, note: str | None = None) -> Rule:
    """A score stated as a field whose label names a metric ("Test WER: 12.3") or in a Markdown table whose header
    names one; the quote is the field, or the table's header, separator and first row with a score."""

    def rule(card: Card) -> Iterator[Finding]:
        for found in fields(card):
            if patterns.METRIC.search(found.label) and patterns.SCORE.match(found.value.lstrip("*_ ")):
                where = section_at(card, found.start)
                yield at(card, where, indicator_id, bounded(found.line), note)
                return
        for table in _TABLE.finditer(card.text, card.body_start):
            header, separator, rows = table.group("header"), table.group("separator"), table.group("rows")
            if card.in_code(table.start()) or not patterns.METRIC.search(header):
                continue
            row = next((r for r in rows.split("\n") if patterns.SCORE.search(plain(r))), None)
            quote = f"{header}\n{separator}\n{row}".strip() if row else ""
            if quote and len(quote) <= MAX_QUOTE:
                where = section_at(card, table.start())
                yield at(card, where, indicator_id, quote, note)
                return

    return rule


# A header is any line with a '|'; a separator's optional leading '|' takes the spaces after it, so that no run of
# spaces can be split in two ways (each split would be tried on a line that is not a table).
_TABLE = re.compile(
    r"^(?P<header>[^\n|]*\|[^\n]*)\n(?P<separator>[ \t]*(?:\|[ \t]*)?:?-{2,}:?[ \t]*\|[-:| \t]*)\n"
    r"(?P<rows>(?:[^\n]*\|[^\n]*(?:\n|$))+)",
    re.MULTILINE,
)


def config_rule(indicator_id: str, pattern: re.Pattern[str], *, note: str | None = None) -> Rule:
    """A line of a training configuration (code blocks included) that matches ``pattern``, e.g. ``ngpu: 4``."""

    def rule(card: Card) -> Iterator[Finding]:
        found = pattern.search(card.text, card.body_start)
        if found:
            where = section_at(card, found.start())
            yield at(card, where, indicator_id, found.group(0).strip(), note)

    return rule


# -------------------------------------------------------------------------------------------------- quotes


def at(card: Card, where: Section | None, indicator_id: str, quote: str, note: str | None) -> Finding:
    """A partial finding quoted from ``where`` (None: text before any heading)."""
    if where is None:
        return Finding(indicator_id, Status.PARTIAL, quote, "card text", None, note)
    return Finding(indicator_id, Status.PARTIAL, quote, where.heading, where.anchor, note)


def section_at(card: Card, position: int) -> Section | None:
    return card.section_at(position)
