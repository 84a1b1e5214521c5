"""The Hub's naming rules, checked before any value from the Hub (or from a card) becomes part of a path or URL.

A card is written by anyone, and its ``base_model`` and ``datasets`` values, like the ``X-Repo-Commit``
header of a response, are plain text the collector turns into ``archive/huggingface.co/<repo>/<commit>/README.md``.
Unchecked, ``base_model: ../../../x`` writes above the project.  So every such value passes through here first,
and must be what the Hub itself would accept:

* a repository id is ``name`` or ``namespace/name``; each part 1 to 96 ASCII letters, digits, ``-``, ``_`` or
  ``.``, neither starting nor ending with ``-`` or ``.``, with no ``--`` or ``..``, the name not ending in
  ``.git`` (the rules ``huggingface_hub`` states for ``validate_repo_id``);
* a commit is exactly 40 lowercase hexadecimal digits, as the Hub writes it.

:func:`archive_path` then builds the path and checks, last, that it resolves inside ``archive/``.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_PART = 96
_PART = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?", re.ASCII)
_COMMIT = re.compile(r"[0-9a-f]{40}", re.ASCII)


class InvalidNameError(ValueError):
    """A value from the Hub or a card that the Hub's naming rules do not allow; the message says which rule."""


def shown(value: object, limit: int = 80) -> str:
    """A value for a message: quoted with control characters escaped, and cut short."""
    text = repr(value) if isinstance(value, str) else f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def check_repo_id(value: object, what: str = "repository id") -> str:
    """``value`` if it is a Hub repository id, else :class:`InvalidNameError`."""
    problem = _repo_id_problem(value)
    if problem:
        raise InvalidNameError(f"{what} {shown(value)} is not a Hub repository id ({problem})")
    assert isinstance(value, str)
    return value


def check_commit(value: object, what: str = "commit") -> str:
    """``value`` if it is a commit id (40 lowercase hexadecimal digits), else :class:`InvalidNameError`."""
    if not isinstance(value, str) or not _COMMIT.fullmatch(value):
        raise InvalidNameError(f"{what} {shown(value)} is not a commit id (40 lowercase hexadecimal digits)")
    return value


def is_repo_id(value: object) -> bool:
    return _repo_id_problem(value) is None


def is_commit(value: object) -> bool:
    return isinstance(value, str) and _COMMIT.fullmatch(value) is not None


def archive_path(archive_dir: Path, repo_id: str, commit: str, *, dataset: bool) -> tuple[str, Path]:
    """Where the card of ``repo_id`` at ``commit`` is archived: its path relative to ``archive/``, and on disk.

    Raises :class:`InvalidNameError` when a part breaks the Hub's rules or the path would leave ``archive_dir``.
    """
    check_repo_id(repo_id)
    check_commit(commit)
    relative = f"huggingface.co/{'datasets/' if dataset else ''}{repo_id}/{commit}/README.md"
    path = archive_dir / relative
    root = archive_dir.resolve()
    if not path.resolve().is_relative_to(root):
        raise InvalidNameError(f"the archive path {shown(relative)} resolves outside {archive_dir}; nothing written")
    return relative, path


def named_repo_ids(value: object, key: str, notes: list[str]) -> list[str]:
    """The repository ids a card's ``key`` names; a value the Hub's naming rules do not allow is noted, not used."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    names = []
    for item in values:
        if isinstance(item, str) and not item:
            continue
        try:
            names.append(check_repo_id(item, f"{key} value"))
        except InvalidNameError as exc:
            notes.append(f"{exc}; ignored")
    return names


def _repo_id_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return "not text"
    parts = value.split("/")
    if len(parts) > 2:
        return "at most one '/', between namespace and name"
    for part in parts:
        if not 1 <= len(part) <= MAX_PART:
            return f"each part has 1 to {MAX_PART} characters"
        if not _PART.fullmatch(part):
            return "only letters, digits, '-', '_' and '.', not starting or ending with '-' or '.'"
        if "--" in part or ".." in part:
            return "no '--' or '..'"
    if value.endswith(".git"):
        return "a name does not end in '.git'"
    return None
