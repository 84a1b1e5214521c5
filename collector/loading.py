"""Load one data file into one pydantic model, collecting located problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from collector.messages import problems_from_validation
from collector.model_memory import share_field_sets
from collector.problems import DataError, Problem, format_path
from collector.yamlsource import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """A file, its parsed document and model (when valid), and its problems."""

    path: Path
    display: str
    document: YamlDocument | None = None
    model: M | None = None
    problems: list[Problem] = field(default_factory=list)

    def problem_at(self, parts: tuple[str | int, ...], message: str, *, key: bool = False) -> Problem:
        """A problem located at a field path of this file."""
        if self.document is None:
            return Problem(self.display, 1, 1, format_path(parts), message)
        position = self.document.locate(parts, key=key)
        return Problem(self.display, position.line, position.column, format_path(parts), message)


def load_model(path: Path, model: type[M], display: str, *, read: YamlDocument | DataError | None = None) -> Loaded[M]:
    """Read ``path`` as YAML and validate it as ``model``; never raises for bad content.

    ``read`` is the file already read (see :mod:`collector.parallel_reading`), or the error reading it gave.
    """
    loaded: Loaded[M] = Loaded(path, display)
    try:
        read = read if read is not None else read_yaml(path, display_name=display)
    except DataError as exc:
        read = exc
    if isinstance(read, DataError):
        loaded.problems.extend(read.problems)
        return loaded
    loaded.document = read
    data = loaded.document.data
    if not isinstance(data, dict):
        found = type(data).__name__
        loaded.problems.append(loaded.problem_at((), f"expected a YAML mapping at the top of the file, got {found}"))
        return loaded
    try:
        loaded.model = model.model_validate(data)
    except ValidationError as exc:
        loaded.problems.extend(problems_from_validation(exc, loaded.document, model))
        return loaded
    # The model holds the same values: keeping the plain copy too would double what every loaded file costs
    # in memory and in garbage-collector passes.  The source stays, to locate what later checks find.
    loaded.document.data = None
    share_field_sets(loaded.model)
    return loaded
