"""What every importer produces: the records of an index, as scorecards' subjects and assessments, and the report
of what an import did. :func:`collector.imports.common.apply` writes them into a project."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class IndexImportError(Exception):
    """The import cannot run; nothing was written."""


@dataclass
class ImportedSubject:
    id: str
    subject: dict[str, Any]  # the subject block, used when the scorecard is new
    assessments: list[dict[str, Any]]
    folder: str = ""  # scorecards/<folder>/<id>.yaml; the id itself when empty (a developer's own folder)
    dated: dt.date | None = None  # the record's own date (e.g. when the index's entry was written): not a release date

    @property
    def path(self) -> str:
        return f"{self.folder or self.id}/{self.id}.yaml"


@dataclass
class ImportedIndex:
    rubric_id: str
    command: str  # how to run the import again, named in generated files
    rubrics: dict[str, str] = field(default_factory=dict)  # version -> the rubric file's text
    archive: dict[str, str] = field(default_factory=dict)  # path below archive/ -> text
    subjects: dict[str, ImportedSubject] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # what could not be used, and why
    figures: dict[str, float] = field(default_factory=dict)  # e.g. each edition's mean total


@dataclass
class ImportReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    joined: list[str] = field(default_factory=list)  # records that joined another source's scorecard, with the key
    possible: list[str] = field(default_factory=list)  # same developer and name, not joined: for a person to review
    removed: list[str] = field(default_factory=list)  # scorecards no record maps to any more
    moved: list[str] = field(default_factory=list)  # deleted scorecards whose record lives on elsewhere
    relocated: list[str] = field(default_factory=list)  # own scorecards moved to their developer's folder


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word and marked with an elision that quote checks understand."""
    if len(text) <= limit:
        return text
    return text[: limit - 4].rsplit(" ", 1)[0] + " ..."
