"""Read many YAML files on every core, handing each parsed document back in order.

Parsing is most of what loading costs (libyaml composes a node per value, and
a scorecard has thousands), and each file parses on its own.  So when there
are many files, forked workers read and parse them while the caller validates
the documents already returned: on two cores, loading 1,000 scorecards takes
little more than the validation alone.  The documents come back pickled: plain
values and the compressed source, which is all a :class:`YamlDocument` holds.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Generator, Sequence
from pathlib import Path

from collector.problems import DataError, Problem
from collector.processes import default_workers
from collector.yamlsource import YamlDocument, read_yaml

# Below this many files, starting processes costs more than it saves (a test's project has a handful).
_PARALLEL_FROM = 200
# Files per message to a worker: scorecards take milliseconds each, so a few at a time keeps messaging cheap.
_CHUNK = 8

Read = YamlDocument | DataError


def read_all(files: Sequence[tuple[Path, str]], *, workers: int | None = None) -> Generator[Read, None, None]:
    """Each ``(path, display name)``'s document, or the error that reading it raised, in the order given."""
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(files) < _PARALLEL_FROM:
        yield from map(_read, files)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for result in pool.imap(_read_in_worker, files, chunksize=_CHUNK):
            yield result if isinstance(result, YamlDocument) else DataError(list(result))


def _read(file: tuple[Path, str]) -> Read:
    path, display = file
    try:
        return read_yaml(path, display_name=display)
    except DataError as error:
        return error


def _read_in_worker(file: tuple[Path, str]) -> YamlDocument | tuple[Problem, ...]:
    """As :func:`_read`, with an error as its problems: an exception's pickle keeps only its message."""
    result = _read(file)
    return tuple(result.problems) if isinstance(result, DataError) else result
