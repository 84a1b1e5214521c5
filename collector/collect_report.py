"""The per-repository report of a collection run, for people and for pull-request bodies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any


def as_text(results: Sequence[Any], *, cards_fetched: int) -> str:
    """One line per repository that needs attention, then a summary line."""
    lines = []
    for result in sorted(results, key=lambda r: (r.status.value, r.repo_id.lower())):
        notes = getattr(result, "notes", None) or []
        if result.status.value == "unchanged" and not notes:
            continue  # a card read again that changed nothing is news only when something in it was skipped
        detail = ""
        if result.merge is not None and result.merge.written:
            merge = result.merge
            parts = [f"{len(merge.added)} added", f"{len(merge.updated)} changed", f"{len(merge.removed)} removed"]
            if merge.proposed:
                parts.append(f"{len(merge.proposed)} proposed for review")
            detail = ", ".join(parts) + ("; new assessment" if merge.new_assessment else "")
        elif result.message:
            detail = result.message
        if notes:
            detail = "; ".join([detail, *notes]) if detail else "; ".join(notes)
        if result.parse_error:
            detail += f" (card metadata not readable: {result.parse_error})"
        lines.append(f"{result.status.value:<10} {result.repo_id}" + (f": {detail}" if detail else ""))
    counts = Counter(r.status.value for r in results)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to collect"
    lines.append(f"{len(results)} repositories: {summary}; {cards_fetched} cards downloaded")
    return "\n".join(lines)
