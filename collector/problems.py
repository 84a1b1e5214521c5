"""Problems found in data files: what is wrong, where, and how to fix it.

Every error a contributor can cause is a :class:`Problem`, never an exception
that escapes to the user.  A problem names the file, the line and column, the
field path inside the document and a message that says what was expected.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in one file."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def format_path(parts: tuple[str | int, ...]) -> str:
    """Render a field path the way a person reads it: ``assessments[0].indicators.license``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}"
        else:
            text = str(part)
    return text


# A file with more problems than this is broken as a whole (or hostile): more lines would only bury the
# first ones, and locating and explaining each costs time.
MAX_PROBLEMS_PER_FILE = 200


def cap_per_file(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """The first ``limit`` problems of each file (in file order), and one more that counts the rest."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    kept: list[Problem] = []
    for file, found in by_file.items():
        if len(found) <= limit:
            kept += found
            continue
        found.sort(key=lambda p: (p.line, p.column, p.message))
        kept += found[:limit]
        first_hidden = found[limit]
        kept.append(
            Problem(
                file,
                first_hidden.line,
                first_hidden.column,
                "",
                f"and {len(found) - limit} more problem(s) in this file, from here on; "
                f"only the first {limit} are shown: fix those and validate again",
                Severity.ERROR if any(p.severity is Severity.ERROR for p in found[limit:]) else Severity.WARNING,
            )
        )
    return kept


class DataError(Exception):
    """Raised by loaders when a file cannot be used at all; carries its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
