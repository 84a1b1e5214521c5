"""Every change to the data between builds of the site, read from the project's git history.

Why git: each build of the site is made from a commit, so the commits that touched scorecards/ and rubrics/
are exactly the data changes between one build and the next, with their dates and reasons, and nothing has
to be kept between builds.  The history is read with one bounded ``git log`` (at most ``limit`` commits,
a timeout, no pager, no prompt); outside a git checkout, without git, or on any failure the page says the
history is unavailable and the build goes on.  A shallow clone (CI's default) holds only its last commits:
that is said too, so a short list is not mistaken for a quiet history.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DATA_FOLDERS = ("scorecards", "rubrics")
LIMIT = 100  # commits listed
FILES_SHOWN = 12  # files listed per commit, the rest counted: keeps the page light whatever a commit touched
TIMEOUT = 20.0  # seconds for each git command
_RECORD, _FIELD = "\x1e", "\x1f"
_STATUS = {"A": "added", "M": "modified", "D": "deleted", "T": "modified"}


@dataclass(frozen=True)
class FileChange:
    status: str  # added, modified, deleted
    path: str  # relative to the project
    model_id: str | None  # the scorecard's model, when it is still in the dataset


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.datetime
    subject: str  # the commit message's first line: untrusted text, escaped where shown
    files: tuple[FileChange, ...]
    more: int  # files changed beyond those listed

    @property
    def short(self) -> str:
        return self.sha[:10]


@dataclass(frozen=True)
class History:
    commits: tuple[Commit, ...] = ()
    available: bool = False
    reason: str = ""  # why the history is unavailable
    shallow: bool = False
    limit: int = LIMIT
    folders: tuple[str, ...] = field(default=DATA_FOLDERS)

    @property
    def truncated(self) -> bool:
        return len(self.commits) >= self.limit


def read_history(root: Path, models_by_file: Mapping[str, str], *, limit: int = LIMIT) -> History:
    """The last ``limit`` commits that changed the data folders under ``root``, newest first."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except subprocess.CalledProcessError as error:
        said = error.stderr.decode("utf-8", errors="replace").strip().splitlines()
        if said and "not a git repository" not in said[0]:  # e.g. a checkout owned by another user
            return History(reason=f"git could not read the repository ({said[0][:200]})")
        inside = False
    except FileNotFoundError:
        return History(reason="git is not installed where the site was built")
    except (subprocess.SubprocessError, OSError) as error:
        return History(reason=f"git could not be run ({type(error).__name__})")
    if not inside:
        return History(reason="the site was not built from a git checkout")
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
        log = _git(
            root,
            "log",
            f"--max-count={limit}",
            "--no-merges",  # a merge repeats its branch's changes, which are listed as their own commits
            "--no-renames",  # a move is a deletion and an addition: simpler, and says what went where
            "--relative",  # paths relative to the project, which may be a folder inside the repository
            "--name-status",
            f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%s",
            "--",
            *DATA_FOLDERS,
        )
    except (subprocess.SubprocessError, OSError) as error:
        return History(reason=f"git could not read the history ({type(error).__name__})")
    commits = tuple(c for c in (_commit(r, models_by_file) for r in log.split(_RECORD)) if c is not None)
    return History(commits, available=True, shallow=shallow, limit=limit)


# Set inside a git hook, these would point git at the hook's repository rather than the project's.
_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY")


def _git(root: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    env |= {"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        ["git", "-C", str(root), "-c", "core.quotepath=off", *args],  # noqa: S607 (git from PATH, as a user runs it)
        capture_output=True,
        check=True,
        timeout=TIMEOUT,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout.decode("utf-8", errors="replace")


def _commit(record: str, models_by_file: Mapping[str, str]) -> Commit | None:
    header, _, body = record.partition("\n")
    parts = header.split(_FIELD)
    if len(parts) != 3:
        return None
    sha, date, subject = parts
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        return None
    files = []
    for line in body.splitlines():
        status, _, path = line.partition("\t")
        if path:
            files.append(FileChange(_STATUS.get(status[:1], "modified"), path, models_by_file.get(path)))
    return Commit(sha, when, subject, tuple(files[:FILES_SHOWN]), max(0, len(files) - FILES_SHOWN))
