"""What ``scorecards serve`` keeps between rebuilds, so a save re-does only what it touches.

Two caches, both keyed by file signatures (modification time in nanoseconds,
size, inode: what ``make`` trusts, and what an editor's save always changes):

* :class:`ScorecardCache`: each scorecard as loaded and checked on its own.
  An entry is used only while the scorecard and everything its own checks
  read (rubrics, reference vocabularies, archived documents) are unchanged;
  the checks across files (duplicate ids, identities, developers, sources)
  run on every build.
* :class:`OutputCache`: the bytes of each page and data file that reads only
  some models' scorecards (a model's page, JSON record and badge; a
  developer's page).  The key is those scorecards' signatures plus the
  signature of everything else a page reads: every project file outside
  ``scorecards/``, the theme's text, and the list of models' ids, names,
  developers and Hub repositories (other pages link to them).  An edit to one
  scorecard's claims so re-renders that model's outputs and its developer's
  page, and the pages that rank or list every model (leaderboard, rankings,
  indicators) and the downloads, which are always rendered.

A plain ``build`` uses neither: it starts from nothing each time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Signature = tuple[int, int, int]


def signature(path: Path) -> Signature | None:
    """(mtime in ns, size, inode) of a file, or None if it cannot be read."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def tree_signature(paths: Iterable[Path]) -> str:
    """One digest of the signatures of every file under ``paths`` (files or folders), hidden folders skipped."""
    digest = hashlib.sha256()
    for top in paths:
        files = [top] if top.is_file() else sorted(_walk(top))
        for path in files:
            digest.update(f"{path}\0{signature(path)}\n".encode())
    return digest.hexdigest()


def _walk(folder: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            yield Path(dirpath) / name


@dataclass
class ScorecardCache:
    """Scorecards loaded and checked on their own, by path, with the signatures they were loaded under."""

    entries: dict[Path, tuple[Signature | None, str, Any]] = field(default_factory=dict)
    hits: int = 0

    def get(self, path: Path, context: str) -> Any | None:
        entry = self.entries.get(path)
        if entry is not None and entry[0] == signature(path) and entry[1] == context:
            self.hits += 1
            return entry[2]
        return None

    def put(self, path: Path, context: str, value: Any) -> None:
        self.entries[path] = (signature(path), context, value)

    def keep_only(self, paths: Iterable[Path]) -> None:
        """Forget deleted scorecards, so that memory follows the project."""
        alive = set(paths)
        for gone in [p for p in self.entries if p not in alive]:
            del self.entries[gone]


@dataclass
class OutputCache:
    """Rendered bytes by output path, each with the key it was rendered under."""

    entries: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0

    def get(self, path: str, key: str) -> bytes | None:
        entry = self.entries.get(path)
        if entry is not None and entry[0] == key:
            self.reused += 1
            return entry[1]
        return None

    def put(self, path: str, key: str, data: bytes) -> None:
        self.rendered += 1
        self.entries[path] = (key, data)


# Everything in a project a model's page may read, besides its own scorecard.
_PAGE_INPUTS = (
    "rubrics",
    "archive",
    "sources",
    "state",
    "imports",
    "site",
    "developers.yaml",
    "moved.yaml",
    "mkdocs.yml",
)


def model_keys(dataset: Any, *, extra: str = "") -> dict[str, str]:
    """Each model's scorecard signature, by id, and under ``""`` a digest of all else a page may read."""
    root = dataset.paths.root
    digest = hashlib.sha256(extra.encode())
    digest.update(tree_signature([root / name for name in _PAGE_INPUTS if (root / name).exists()]).encode())
    keys = {}
    for loaded in dataset.scorecards:
        card = loaded.model
        if card is None:
            continue
        subject = card.subject
        digest.update(f"{subject.id}\0{subject.name}\0{subject.developer}\0{subject.links.huggingface}\n".encode())
        keys[subject.id] = str(signature(loaded.path))
    keys[""] = digest.hexdigest()
    return keys


def with_shells(keys: dict[str, str], shells: Iterable[tuple[str, ...]]) -> dict[str, str]:
    """The keys, the digest of all else also covering the theme's text around pages (the navigation is in it)."""
    digest = hashlib.sha256(keys.get("", "").encode())
    for parts in shells:
        for part in parts:
            digest.update(part.encode())
            digest.update(b"\0")
    return {**keys, "": digest.hexdigest()}
