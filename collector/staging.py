"""Many files of one run made visible together: staged, then swapped into place by a journal that survives kill -9.

A run that writes many files which refer to one another (an import: rubrics, archived texts, the scorecards that
quote them, moved.yaml) must never leave the project half-written. It stages each new content in
``.staging/<run>/`` (inside the project, so that a rename is atomic), then writes the journal: the list of steps
that put them into place, in an order the caller chose so that the project is valid after every step. The
journal is the commit point: killed before it, the run changed nothing (its staging folder is swept up); killed
after it, the next writing command (:func:`recover`) finishes the steps. Every step is a single rename or unlink
that can be replayed: a staged file already moved is simply gone.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from collector import scratch
from collector.store import write_atomically

JOURNAL = "journal.json"


class StagingError(Exception):
    """A journal that cannot be replayed (edited by hand, or from another version); it is left for a person."""


@dataclass
class Swap:
    """The files of one run, staged, and the steps that swap them in (in the order they are added)."""

    root: Path
    run: str = field(default_factory=scratch.run_id)
    steps: list[dict[str, str]] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.root / scratch.STAGING / self.run

    def put(self, path: Path, content: str) -> None:
        """Replace (or create) ``path`` with ``content``."""
        staging = self.root / scratch.STAGING
        if staging.is_symlink() or (staging.exists() and not staging.is_dir()):
            raise StagingError(f"{staging} is not a folder of this project (a link or a file); remove it and run again")
        self.folder.mkdir(parents=True, exist_ok=True)
        staged = self.folder / str(len(self.steps))
        with staged.open("xb") as stream:
            stream.write(content.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        self.steps.append({"op": "put", "staged": staged.name, "target": self._relative(path)})

    def move(self, old: Path, new: Path) -> None:
        """Rename ``old`` to ``new`` as it is (content unchanged)."""
        self.steps.append({"op": "move", "source": self._relative(old), "target": self._relative(new)})

    def delete(self, path: Path) -> None:
        self.steps.append({"op": "delete", "target": self._relative(path)})

    def commit(self) -> None:
        """Write the journal (from here on the run counts as done), carry out its steps, remove the staging."""
        if not self.steps:
            scratch.remove_tree(self.folder)
            return
        write_atomically(self.folder / JOURNAL, json.dumps({"steps": self.steps}, indent=1) + "\n", inside=self.root)
        _replay(self.root, self.folder)

    def abandon(self) -> None:
        scratch.remove_tree(self.folder)

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def recover(root: Path) -> list[str]:
    """Finish the swaps of runs that died after their journal, drop those that died before; what was finished."""
    staging = root / scratch.STAGING
    finished: list[str] = []
    if not staging.is_dir() or staging.is_symlink():
        return finished
    for folder in sorted(staging.iterdir()):
        if not folder.is_dir() or folder.is_symlink() or not scratch.dead_run(folder.name):
            continue
        if (folder / JOURNAL).is_file():
            _replay(root, folder)
            finished.append(folder.name)
        else:
            scratch.remove_tree(folder)
    return finished


def _replay(root: Path, folder: Path) -> None:
    journal = folder / JOURNAL
    try:
        steps = json.loads(journal.read_text(encoding="utf-8"))["steps"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StagingError(f"{journal}: not a readable journal ({exc}); finish or undo that run by hand") from None
    for step in steps:
        target = _inside(root, step.get("target"), journal)
        op = step.get("op")
        if op == "put":
            staged = folder / PurePosixPath(str(step.get("staged"))).name
            if staged.is_file():  # else this step was done before the interruption
                target.parent.mkdir(parents=True, exist_ok=True)
                staged.replace(target)
        elif op == "move":
            source = _inside(root, step.get("source"), journal)
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                source.replace(target)
        elif op == "delete":
            target.unlink(missing_ok=True)
        else:
            raise StagingError(f"{journal}: unknown step {op!r}; finish or undo that run by hand")
    journal.unlink()
    scratch.remove_tree(folder)


def _inside(root: Path, relative: object, journal: Path) -> Path:
    """A journal's path, which must stay inside the project."""
    parts = PurePosixPath(str(relative)).parts
    if not parts or PurePosixPath(str(relative)).is_absolute() or ".." in parts:
        raise StagingError(f"{journal}: {relative!r} is not a path inside the project; finish that run by hand")
    return root.joinpath(*parts)


def tidy(root: Path) -> None:
    """What every writing command does first: finish an interrupted swap, sweep up dead runs' temporary files."""
    recover(root)
    scratch.sweep(root)
