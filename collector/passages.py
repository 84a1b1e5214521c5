"""The closest passage to a quote that is not in its source, found at a bounded cost.

When a quote is not found, the contributor is shown the stretch of the source
most like it, so they can see what differs.  Comparing a 5,000-character quote
with every window of a large source is quadratic twice over (it took minutes
per quote), so the search here is bounded whatever the input:

* only the quote's first characters (:data:`PROBE_LENGTHS`) are compared:
  the message shows no more than that of either side;
* candidate windows are placed where the probe's longest words occur in a
  small source (at most :data:`MAX_ANCHORS` words), or, in a large source
  with a word index, where most of the probe's words agree it would begin
  (at most :data:`MAX_VOTERS` words of at most :data:`MAX_PLACES`
  occurrences each); at most :data:`MAX_WINDOWS` windows;
* windows are ranked by votes (large source) or by cheap character-count
  bounds (small source), and only the best :data:`MAX_ALIGNED` are aligned
  with :class:`difflib.SequenceMatcher`.

The cost per quote is a few passes of ``str.find`` over the source plus a
fixed amount of Python work, so validating a file is linear in its size.
"""

from __future__ import annotations

import collections
import difflib

from collector.quotes import word_starts

PROBE_LENGTHS = (160, 60)
MAX_ANCHORS = 4
MAX_WINDOWS = 32
MAX_ALIGNED = 4
MAX_PLACES = 2048
MAX_VOTERS = 12
MIN_SIMILARITY = 0.6
SHOWN_CHARS = 120


def nearest_passage(fragment: str, text: str) -> str | None:
    """The stretch of ``text`` most like the start of ``fragment``, or None when nothing is close.

    The start is tried at two lengths: a quote that runs on past the passage it
    began with (a sentence added from memory) is still like that passage over
    its first words.
    """
    for length in PROBE_LENGTHS:
        probe = _probe(fragment, length)
        found = _closest(probe, text) if probe else None
        if found is not None:
            return found if len(found) <= SHOWN_CHARS else found[: SHOWN_CHARS - 3] + "..."
        if len(fragment) <= length:
            break
    return None


def _closest(probe: str, text: str) -> str | None:
    starts, by_votes = _candidate_starts(probe, text)
    ranked = []
    for start in starts:
        window = text[start : start + len(probe) + 8]
        matcher = difflib.SequenceMatcher(None, probe, window, autojunk=False)
        if matcher.real_quick_ratio() >= MIN_SIMILARITY:
            bound = matcher.quick_ratio()
            if bound >= MIN_SIMILARITY:
                ranked.append((bound, window, matcher))
    if not by_votes:  # votes rank better than letter counts, which any text of the same words matches
        ranked.sort(key=lambda item: item[0], reverse=True)
    best: tuple[float, str] | None = None
    for _, window, matcher in ranked[:MAX_ALIGNED]:
        ratio = matcher.ratio()
        if best is None or ratio > best[0]:
            best = (ratio, window)
    return best[1] if best is not None and best[0] >= MIN_SIMILARITY else None


def _probe(fragment: str, length: int) -> str:
    """The fragment's start, cut at a space so that no word is split."""
    if len(fragment) <= length:
        return fragment
    cut = fragment.rfind(" ", 0, length)
    return fragment[: cut if cut > 0 else length]


def _candidate_starts(probe: str, text: str) -> tuple[list[int], bool]:
    """Where windows start, and whether they come ranked by votes (most likely first)."""
    starts_of = word_starts(text)
    if starts_of is None:
        return sorted(_found_starts(probe, text)), False
    return _voted_starts(probe, starts_of), True


def _found_starts(probe: str, text: str) -> set[int]:
    """In a small text: where windows aligned on the probe's longest words start (longer words are rarer)."""
    words = sorted({w for w in probe.split() if len(w) > 3}, key=lambda w: (-len(w), probe.find(w)))
    words = words[:MAX_ANCHORS] or probe.split()[:1]
    per_word = MAX_WINDOWS // len(words)
    starts: set[int] = set()
    for word in words:
        offset = probe.find(word)
        position = text.find(word)
        for _ in range(per_word):
            if position < 0:
                break
            starts.add(max(0, position - offset))
            position = text.find(word, position + 1)
    return starts


def _voted_starts(probe: str, starts_of: dict[str, list[int]]) -> list[int]:
    """In a large text (one with a word index): the starts that most of the probe's words agree on.

    Each word's occurrences vote for where the probe would begin if that word were in place; a
    passage with one word changed still gets the votes of the others.  Words too common to say
    anything (over :data:`MAX_PLACES` occurrences) do not vote, so the work per quote is bounded.
    """
    votes: collections.Counter[int] = collections.Counter()
    offset = 0
    voters: list[tuple[list[int], int]] = []
    for word in probe.split(" "):
        places = starts_of.get(word)
        if places is not None and len(places) <= MAX_PLACES:
            voters.append((places, offset))
        offset += len(word) + 1
    for places, word_offset in sorted(voters, key=lambda voter: len(voter[0]))[:MAX_VOTERS]:
        # Exact starts: a changed word of another length shifts the words after it, and those then
        # agree on a start a few characters off, which still gives a window on the passage.
        votes.update(max(0, place - word_offset) for place in places)
    return [start for start, _ in votes.most_common(MAX_WINDOWS)]
