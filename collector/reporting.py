"""Problems rendered for people (text), for GitHub Actions (annotations) and for tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from collector.problems import Problem


def as_text(problems: Sequence[Problem]) -> str:
    """``file:line:column: severity: path: message``, one per line, as compilers print them."""
    lines = []
    for p in problems:
        where = f"{p.path}: " if p.path else ""
        lines.append(f"{p.file}:{p.line}:{p.column}: {p.severity.value}: {where}{p.message}")
    return "\n".join(lines)


def as_json(problems: Sequence[Problem]) -> str:
    return json.dumps([p.to_dict() for p in problems], indent=2, ensure_ascii=False)


def as_github(problems: Sequence[Problem]) -> str:
    """GitHub workflow commands (``::error file=...::message``), escaped as the runner requires.

    The runner decodes ``%25``, ``%0D`` and ``%0A`` in messages, and additionally
    ``%3A`` and ``%2C`` in property values; anything else would cut a message
    short or let data inject a second command.
    """
    lines = []
    for p in problems:
        title = f"{p.path}" if p.path else "scorecard"
        props = ",".join(
            [
                f"file={_escape_property(p.file)}",
                f"line={p.line}",
                f"col={p.column}",
                f"title={_escape_property(title)}",
            ]
        )
        lines.append(f"::{p.severity.value} {props}::{_escape_data(p.message)}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary_markdown(problems: Sequence[Problem]) -> str:
    """A Markdown table of every problem, for a job summary (annotations show only a few)."""
    if not problems:
        return "All scorecards and rubrics are valid.\n"
    rows = ["| file | line | field | problem |", "|---|---|---|---|"]
    for p in problems:
        cells = [f"{p.file}", str(p.line), p.path or "", p.message]
        rows.append("| " + " | ".join(_escape_cell(c) for c in cells) + " |")
    return f"**{len(problems)} problem(s)**\n\n" + "\n".join(rows) + "\n"


def _escape_cell(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("|", "\\|").replace("\n", " ").replace("`", "'")
