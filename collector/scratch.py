"""Temporary files of writing runs: named so that they are recognised, and swept up after a run that died.

An atomic write puts its content in a temporary file beside the target and renames it into place (a document's
first version, a temporary folder). A run killed
with ``kill -9`` between the two leaves the temporary file behind, and the weekly job's ``git add --all`` would
commit it. So every temporary file carries the id of the process that made it (``.<name>.<pid>-<token>`` +
:data:`SUFFIX`), ``.gitignore`` ignores the suffix, and :func:`sweep` (called when a writing command starts)
removes those whose process is gone. A live process's files are left alone: two runs may share a tree.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

SUFFIX = ".scorecards-tmp"
STAGING = ".staging"  # an import's staging folders (see collector/staging.py), one per run: <pid>-<token>
_TEMPORARY = re.compile(r"^\..*\.(?P<pid>\d+)-[0-9a-f]{8}" + re.escape(SUFFIX) + "$")
_RUN = re.compile(r"^(?P<pid>\d+)-[0-9a-f]{8}$")
# Folders a writing run writes in; hidden folders (.git, .venv) are never searched.
_DATA_FOLDERS = ("scorecards", "archive", "rubrics", "state", "sources", "schema")


def run_id() -> str:
    """This process's id with a random token: unique among runs, and tells whether its process still lives."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def temporary_path(path: Path) -> Path:
    """Where to write ``path``'s new content before renaming it into place."""
    return path.with_name(f".{path.name[:160]}.{run_id()}{SUFFIX}")  # a long name still fits in 255 bytes


def is_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a reused pid counts as alive: the file then waits for a later sweep)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def dead_run(name: str) -> bool:
    """Whether ``name`` is a staging folder's name (``<pid>-<token>``) whose process is gone."""
    match = _RUN.match(name)
    return match is not None and not is_alive(int(match["pid"]))


def sweep(root: Path) -> list[Path]:
    """Remove the temporary files (and folders) of dead runs under the project at ``root``; returns them."""
    removed = []
    for path in _temporary_files(root):
        match = _TEMPORARY.match(path.name)
        if match is None or is_alive(int(match["pid"])):
            continue
        if path.is_dir() and not path.is_symlink():
            remove_tree(path)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _temporary_files(root: Path) -> Iterator[Path]:
    for entry in root.iterdir() if root.is_dir() else ():
        if entry.name.endswith(SUFFIX) and entry.is_file() and not entry.is_symlink():
            yield entry
    for name in _DATA_FOLDERS:
        folder = root / name
        if not folder.is_dir() or folder.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):  # does not follow symlinked folders
            for entry_name in [*filenames, *dirnames]:
                if entry_name.endswith(SUFFIX):
                    yield Path(dirpath) / entry_name
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
