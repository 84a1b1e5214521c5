"""Reports of a vendor-document run: JSON for tools, Markdown for a pull request body, text for a terminal."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from collector.docs.collect import DocumentOutcome
from collector.docs.state import Outcome
from collector.untrusted import cell, code, longest_backtick_run, truncated

# GitHub refuses pull request bodies over 65,536 characters; leave room for the workflow's own text.
MAX_MARKDOWN = 60_000


def as_json(outcomes: Sequence[DocumentOutcome], *, started: str, finished: str) -> str:
    counts = Counter(o.status for o in outcomes)
    data = {
        "started": started,
        "finished": finished,
        "counts": dict(sorted(counts.items())),
        "documents": [o.to_dict() for o in outcomes],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def headline(outcomes: Sequence[DocumentOutcome]) -> str:
    counts = Counter(o.status for o in outcomes)
    failed = sum(1 for o in outcomes if o.failed)
    parts = [f"{len(outcomes)} document(s)"]
    for status in (Outcome.NEW, Outcome.CHANGED, Outcome.RE_EXTRACTED, Outcome.UNCHANGED):
        if counts[status]:
            parts.append(f"{counts[status]} {status}")
    if failed:
        parts.append(f"{failed} failed")
    suggestions = sum(len(o.suggestions) for o in outcomes)
    if suggestions:
        parts.append(f"{suggestions} suggestion(s) to review")
    return ", ".join(parts)


def as_text(outcomes: Sequence[DocumentOutcome]) -> str:
    lines = []
    for o in outcomes:
        change = f" (+{o.added} -{o.removed} lines)" if o.versions and o.previous_version else ""
        lines.append(f"{o.status:<18} {o.developer}/{o.document}{change}: {o.detail}")
        lines.extend(f"{'':<18} repaired: {note}" for note in o.repaired)
        lines.extend(f"{'':<18} suggestion for {s.indicator}: {short(s.quote, 100)!r}" for s in o.suggestions)
    lines.append(headline(outcomes))
    return "\n".join(lines)


def as_markdown(outcomes: Sequence[DocumentOutcome]) -> str:
    """A pull request body: what changed, what failed and what to review, with the diffs folded away."""
    parts = ["## Vendor documents", "", headline(outcomes) + ".", ""]
    recorded = [o for o in outcomes if o.versions]
    failed = [o for o in outcomes if o.failed]
    if recorded:
        parts += ["### Changed documents", ""]
        for o in recorded:
            parts += _changed_section(o)
    if failed:
        parts += ["### Failures", "", "| document | status | what happened |", "|---|---|---|"]
        parts += [f"| {code(f'{o.developer}/{o.document}')} | {cell(o.status)} | {cell(o.detail)} |" for o in failed]
        parts.append("")
    suggestions = [(o, s) for o in outcomes for s in o.suggestions]
    if suggestions:
        parts += [
            "### Suggestions to review",
            "",
            "Keyword matches in new passages, recorded as `proposed` beside the claims of the models each document "
            "covers. They change no score: accept one by setting the claim's status and evidence, or delete it.",
            "",
            "| document | indicator | quote |",
            "|---|---|---|",
        ]
        parts += [
            f"| {code(f'{o.developer}/{o.document}')} | {code(s.indicator)} | {cell(short(s.quote, 200))} |"
            for o, s in suggestions
        ]
        parts.append("")
    note = "\n*(report truncated; the full report is in the workflow's artifacts)*\n"
    return truncated("\n".join(parts), MAX_MARKDOWN, note)


def _changed_section(o: DocumentOutcome) -> list[str]:
    title = f"#### {cell(o.title)} ({code(f'{o.developer}/{o.document}')}): {cell(o.status)}"
    lines = [title, "", f"- URL: {code(o.url)}", *(f"- archived as {code(f'archive/{ref}')}" for ref in o.versions)]
    if o.re_extracted:
        lines.append(
            "- the stored snapshot was re-extracted after a change of selectors or extractor: not a vendor edit"
        )
    if o.diff:
        fence = "`" * max(3, longest_backtick_run(o.diff) + 1)
        lines += [
            "",
            f"<details><summary>Diff of the extracted text (+{o.added} -{o.removed} lines)</summary>",
            "",
            f"{fence}diff",
            o.diff,
            fence,
            "",
            "</details>",
        ]
    return [*lines, ""]


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
