"""Each scorecard's YAML file, published in the site at the path it has in the repository.

A reader can then read (and cite) the very file a model's page is made from, and see what a correction
would change.  Only files inside ``scorecards/`` and named ``.yaml``/``.yml`` are published: a scorecard
given from elsewhere (``validate`` of a file outside the project) is not the project's to publish.  The
suffix keeps them text: no server serves a ``.yaml`` file as HTML, and the site generator leaves it as it is.
"""

from __future__ import annotations

from functools import partial
from pathlib import PurePosixPath

from collector import safefiles
from collector.dataset import ProjectPaths
from collector.render.views import ModelView
from collector.yamlsource import MAX_FILE_BYTES

_SUFFIXES = {".yaml", ".yml"}


def site_path(model: ModelView) -> str | None:
    """Where the model's scorecard is served in the site (its path in the project), or None if it is not."""
    path = PurePosixPath(model.source_file)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2 or path.parts[0] != "scorecards":
        return None
    return path.as_posix() if path.suffix in _SUFFIXES else None


def read(paths: ProjectPaths, relative: str) -> bytes:
    """The file's bytes, never through a link or from outside ``scorecards/`` (as ``load_dataset`` read it)."""
    return safefiles.read_bytes(paths.root / relative, limit=MAX_FILE_BYTES, inside=paths.scorecards)


def reader(paths: ProjectPaths, relative: str) -> partial[bytes]:
    return partial(read, paths, relative)
