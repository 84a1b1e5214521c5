"""Every read and write of a project file goes through here, and stays inside the project.

A pull request can commit anything git can hold: a symbolic link to ``~/.ssh/id_rsa`` or ``/dev/zero``,
a file name with a NUL byte, a folder where a file should be.  Following such a link would let ``validate``
quote a secret in its "closest passage", ``build`` publish it, or a collector write outside the tree.  So:

- a path with a NUL byte, or one that leaves its tree (``..``, an absolute path elsewhere), is refused;
- a symbolic link anywhere between the tree's root and the file is refused, never followed;
- only regular files are read (not devices, FIFOs or folders), and never more than a stated number of bytes,
  counted while reading, because a size from ``stat`` can lie (``/dev/zero`` has size 0).

Refusals raise :class:`RefusedPathError` with a sentence a contributor can act on.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

# Opening with O_NOFOLLOW makes the last component's check atomic; O_NONBLOCK keeps a FIFO that appears
# between the check and the open from blocking the read forever.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class RefusedPathError(Exception):
    """A path the project will not read or write, with the reason and the fix."""


class TooLargeError(RefusedPathError):
    """A file longer than the caller's limit; reading stopped at the limit."""


def check_path(path: Path, inside: Path | None = None) -> Path:
    """``path``, after checking it has no NUL byte, stays inside ``inside`` and crosses no symbolic link there.

    Without ``inside`` (a file named on the command line), only the file itself must not be a link.
    """
    text = os.fspath(path)
    if "\x00" in text:
        raise RefusedPathError(f"{text!r} contains a NUL byte, which no file name may hold")
    if inside is None:
        _refuse_link(path)
        return path
    # lexically (normpath folds ".."), not resolved: resolving would follow the very links being checked
    root = Path(os.path.normpath(Path(inside).absolute()))
    absolute = Path(os.path.normpath(Path(path).absolute()))
    if absolute != root and root not in absolute.parents:
        raise RefusedPathError(f"{text} is outside {root}: only files inside the project are read or written")
    current = root
    for part in absolute.relative_to(root).parts:
        current = current / part
        _refuse_link(current)
    return absolute


def read_bytes(path: Path, *, limit: int, inside: Path | None = None) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (more is :class:`TooLargeError`)."""
    checked = check_path(path, inside)
    try:
        descriptor = os.open(checked, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link swapped in after the check: O_NOFOLLOW refused it
            raise RefusedPathError(_link_message(checked)) from None
        raise
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise RefusedPathError(f"{path} is {_kind(mode)}, not a regular file; replace it with a file")
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"{path} is over the limit of {limit:,} bytes")
    return data


def read_text(path: Path, *, limit: int, inside: Path | None = None) -> str:
    """A regular file's text (UTF-8; :class:`UnicodeDecodeError` when it is not)."""
    return read_bytes(path, limit=limit, inside=inside).decode("utf-8")


def make_folder(folder: Path, inside: Path) -> None:
    """Create ``folder`` and its parents inside ``inside``, refusing to pass through a symbolic link."""
    check_path(folder, inside)
    folder.mkdir(parents=True, exist_ok=True)
    check_path(folder, inside)  # a link swapped in while creating is caught before anything is written


def symlinks_under(root: Path, names: Iterable[str]) -> Iterator[Path]:
    """Every symbolic link at or below ``root / name`` for each name, without following any."""
    for name in names:
        top = root / name
        if top.is_symlink():
            yield top
            continue
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top):  # os.walk does not descend into linked folders
            here = Path(dirpath)
            for entry in sorted(dirnames + filenames):
                if (here / entry).is_symlink():
                    yield here / entry
            dirnames.sort()


def _refuse_link(path: Path) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return  # not there yet: nothing to follow
    except OSError as exc:
        raise RefusedPathError(f"{path} cannot be checked: {exc.strerror}") from None
    if stat.S_ISLNK(mode):
        raise RefusedPathError(_link_message(path))


def _link_message(path: Path) -> str:
    return (
        f"{path} is a symbolic link; the project never follows links, so that nothing outside it is read, "
        "written or published. Replace the link with the file itself"
    )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
