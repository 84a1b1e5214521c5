"""The closest passage to a quote that is not in its source, found at a bounded cost.

When a quote is not found, the contributor is shown the stretch of the source
most like it, so they can see what differs.  Comparing a 5,000-character quote
with every window of a large source is quadratic twice over (it took minutes
per quote), so the search here is bounded whatever the input:

* only the quote's first :data:`PROBE_CHARS` characters are compared: the
  message shows no more than that of either side;
* candidate windows are placed where the probe's longest words occur in the
  source: at most :data:`MAX_ANCHORS` words, :data:`MAX_WINDOWS` windows;
* windows are ranked by cheap character-count bounds, and only the best
  :data:`MAX_ALIGNED` are aligned with :class:`difflib.SequenceMatcher`.

The cost per quote is a few passes of ``str.find`` over the source plus a
fixed amount of Python work, so validating a file is linear in its size.
"""

from __future__ import annotations

import difflib

PROBE_CHARS = 160
MAX_ANCHORS = 4
MAX_WINDOWS = 32
MAX_ALIGNED = 4
MIN_SIMILARITY = 0.6
SHOWN_CHARS = 120


def nearest_passage(fragment: str, text: str) -> str | None:
    """The stretch of ``text`` most like the start of ``fragment``, or None when nothing is close."""
    probe = _probe(fragment)
    if not probe:
        return None
    starts = _candidate_starts(probe, text)
    windows = [text[start : start + len(probe) + 8] for start in sorted(starts)]
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
    if best is None or best[0] < MIN_SIMILARITY:
        return None
    return best[1] if len(best[1]) <= SHOWN_CHARS else best[1][: SHOWN_CHARS - 3] + "..."


def _probe(fragment: str) -> str:
    """The fragment's start, cut at a space so that no word is split."""
    if len(fragment) <= PROBE_CHARS:
        return fragment
    cut = fragment.rfind(" ", 0, PROBE_CHARS)
    return fragment[: cut if cut > 0 else PROBE_CHARS]


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
