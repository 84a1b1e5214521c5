"""Reports of ``scorecards verify``: located like validation problems, so editors and GitHub can point at the line."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

from collector import reporting
from collector.docs.verify import Item, VerificationRun
from collector.problems import Problem, Severity
from collector.verification import NEEDS_FIX, Verdict


def problems(run: VerificationRun) -> list[Problem]:
    """Evidence that needs a fix (errors) or could not be checked (warnings), each at its evidence item."""
    found = []
    for item in run.items:
        if item.verdict is Verdict.VERIFIED:
            continue
        severity = Severity.ERROR if item.verdict in NEEDS_FIX else Severity.WARNING
        message = f"{item.verdict.value}: {item.detail}" + (f"; fix: {item.suggestion}" if item.suggestion else "")
        problem = item.loaded.problem_at(item.path, message)
        found.append(dataclasses.replace(problem, severity=severity))
    return found


def summary(run: VerificationRun) -> str:
    counts = Counter(item.verdict.value for item in run.items)
    parts = [f"{counts[v.value]} {v.value}" for v in Verdict if counts[v.value]]
    mode = " (offline: URLs not requested)" if run.offline else ""
    text = f"checked {len(run.items)} evidence item(s) on {run.checked}{mode}: " + (", ".join(parts) or "none")
    if run.problems_in_data:
        text += f"; {run.problems_in_data} data problem(s) kept some files out: run `scorecards validate`"
    return text


def as_text(run: VerificationRun) -> str:
    listed = reporting.as_text(problems(run))
    return (listed + "\n" if listed else "") + summary(run)


def as_github(run: VerificationRun) -> str:
    listed = reporting.as_github(problems(run))
    return listed + "\n" if listed else ""


def as_json(run: VerificationRun) -> str:
    return json.dumps(
        {
            "checked": run.checked,
            "offline": run.offline,
            "counts": dict(Counter(item.verdict.value for item in run.items)),
            "evidence": [_item(item) for item in run.items],
        },
        indent=2,
        ensure_ascii=False,
    )


def _item(item: Item) -> dict[str, object]:
    position = item.loaded.problem_at(item.path, "")
    return {
        "file": position.file,
        "line": position.line,
        "subject": item.subject_id,
        "indicator": item.indicator_id,
        "url": item.evidence.url,
        "verdict": item.verdict.value,
        "detail": item.detail,
        "suggestion": item.suggestion,
    }
