"""The closest passage to a quote that is not in its source, found at a bounded cost.

When a quote is not found, the contributor is shown the stretch of the source
most like it, so they can see what differs.  Comparing a 5,000-character quote
with every window of a large source is quadratic twice over (it took minutes
per quote), so the search here is bounded whatever the input:

* only the quote's first characters (:data:`PROBE_LENGTHS`) are compared:
  the message shows no more than that of either side;
* candidate windows are placed where the probe's longest words occur in the
  source: at most :data:`MAX_ANCHORS` words, :data:`MAX_WINDOWS` windows;
* windows are ranked by cheap character-count bounds, and only the best
  :data:`MAX_ALIGNED` are aligned with :class:`difflib.SequenceMatcher`.

The cost per quote is a few passes of ``str.find`` over the source plus a
fixed amount of Python work, so validating a file is linear in its size.
"""

from __future__ import annotations

import difflib

PROBE_LENGTHS = (160, 60)
MAX_ANCHORS = 4
MAX_WINDOWS = 32
MAX_ALIGNED = 4
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
    windows = [text[start : start + len(probe) + 8] for start in sorted(_candidate_starts(probe, text))]
    ranked = []
    for window in windows:
        matcher = difflib.SequenceMatcher(None, probe, window, autojunk=False)
        if matcher.real_quick_ratio() >= MIN_SIMILARITY:
            bound = matcher.quick_ratio()
            if bound >= MIN_SIMILARITY:
                ranked.append((bound, window, matcher))
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


def _candidate_starts(probe: str, text: str) -> set[int]:
    """Where windows aligned on the probe's longest words start (longer words are rarer)."""
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
