"""Markup removals that take linear time on any text, for texts written by anyone (a Hub card of 2 MB).

A regular expression such as ``\\[([^\\]]*)\\]\\([^)\\n]*\\)`` is tried again from every ``[`` of the text: where
thousands of ``[`` share one distant ``]``, or thousands of ``](`` one line without ``)``, each attempt rescans the
same span and the work grows with the square of the text.  These functions give the same result as the expression
they stand for, but never look at a character twice (they remember where the next closing character is).
"""

from __future__ import annotations

import re


class _Next:
    """Where the next ``char`` of ``text`` is at or after a position; positions asked for only grow."""

    def __init__(self, text: str, char: str) -> None:
        self.text, self.char, self.found = text, char, -2

    def at_or_after(self, position: int) -> int:
        if self.found != -1 and self.found < position:
            self.found = self.text.find(self.char, position)
        return self.found


def links_to_text(text: str, *, images: bool, one_line: bool) -> str:
    """``text`` with each Markdown link ``[text](target)`` replaced by its text, as
    ``re.sub(r"!?\\[([^\\]]*)\\]\\([^)\\n]*\\)", r"\\1", text)`` would (``images``: a leading ``!`` goes too;
    ``one_line``: a target never holds a line break)."""
    if "](" not in text:
        return text
    out: list[str] = []
    emitted = position = 0
    closing, newline = _Next(text, ")"), _Next(text, "\n")
    while (opening := text.find("[", position)) >= 0 and (end := text.find("]", opening + 1)) >= 0:
        close = closing.at_or_after(end + 2) if text.startswith("(", end + 1) else -1
        if close >= 0 and one_line and 0 <= newline.at_or_after(end + 2) < close:
            close = -1
        if close < 0:  # no link starts at this '[', nor at any other before the same ']'
            position = end + 1
            continue
        start = opening - 1 if images and opening > position and text[opening - 1] == "!" else opening
        out += (text[emitted:start], text[opening + 1 : end])
        emitted = position = close + 1
    return "".join(out) + text[emitted:] if out else text


_TARGET_OR_URL = re.compile(r"\]\(|\bhttps?://\S+")


def without_link_targets(text: str) -> str:
    """``text`` with each link target ``](address)`` and bare URL replaced by ``]``, as
    ``re.sub(r"\\]\\([^)\\n]*\\)|\\bhttps?://\\S+", "]", text)`` would."""
    out: list[str] = []
    emitted = position = 0
    closing, newline = _Next(text, ")"), _Next(text, "\n")
    while (found := _TARGET_OR_URL.search(text, position)) is not None:
        start = found.start()
        if found.group() == "](":
            close = closing.at_or_after(start + 2)
            if close < 0 or 0 <= newline.at_or_after(start + 2) < close:
                position = start + 1
                continue
            end = close + 1
        else:
            end = found.end()
        out += (text[emitted:start], "]")
        emitted = position = end
    return "".join(out) + text[emitted:] if out else text


def without_matches(pattern: re.Pattern[str], text: str, closing: str) -> str:
    """``pattern.sub("", text)`` for a pattern whose every match ends with ``closing`` (a tag's ``>``, a comment's
    ``-->``): applied only up to the last ``closing``, since after it an attempt could only fail, and each failed
    attempt would scan to the end of the text."""
    last = text.rfind(closing)
    if last < 0:
        return text
    cut = last + len(closing)
    return pattern.sub("", text[:cut]) + text[cut:]
