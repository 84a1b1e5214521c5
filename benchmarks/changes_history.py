"""Benchmark: what the Changes page's git history and the feed cost a build.

Usage:  python benchmarks/changes_history.py [--commits 2000] [--files 400]

Prints, for the project this script is in (a git checkout):
* the time to read its data history (``read_history``: two ``git rev-parse`` and one bounded ``git log``);
* the size of the Changes page and of ``feed.xml`` rendered from the shipped data, and the feed's entries;
and, for a temporary repository of ``--commits`` commits each changing one of ``--files`` scorecard files
(after one commit adding them all), the time to read its history: bounded to the newest 100 commits, it
should not grow with the repository's length.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from collector.dataset import load_dataset
from collector.render import render_site
from collector.render.history import read_history
from collector.render.site_items import RenderOptions

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def long_repository(folder: Path, commits: int, files: int) -> None:
    """A repository whose history is ``commits`` one-file changes, made with fast-import (seconds, not minutes)."""
    git(folder, "init", "-q", "-b", "main")
    lines = []
    for n in range(commits + 1):
        touched = range(files) if n == 0 else [n % files]
        lines.append(f"commit refs/heads/main\ncommitter Bench <bench@example.org> {1_700_000_000 + n} +0000\n")
        message = f"change {n}\n"
        lines.append(f"data {len(message)}\n{message}")
        for f in touched:
            body = f"version {n}\n"
            lines.append(f"M 644 inline scorecards/dev/model-{f}.yaml\ndata {len(body)}\n{body}")
        lines.append("\n")
    git(folder, "fast-import", "--quiet", stdin="".join(lines))
    git(folder, "checkout", "-q", "main")


def git(folder: Path, *args: str, stdin: str = "") -> None:
    command = ["git", "-C", str(folder), *args]
    subprocess.run(command, input=stdin.encode(), check=True, env=GIT_ENV)  # noqa: S603 (our own arguments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--files", type=int, default=400)
    args = parser.parse_args()

    history = read_history(ROOT, {})
    seconds = best_of(5, lambda: read_history(ROOT, {}))
    print(f"this project: {len(history.commits)} data commits listed, read in {seconds * 1000:.0f} ms (best of 5)")

    rendered = render_site(load_dataset(ROOT), RenderOptions(templates=ROOT / "site" / "templates"))
    page = next(p for p in rendered.pages if p.slug == "changes").body()
    feed = str(next(f for f in rendered.files if f.path == "feed.xml").content)
    print(f"changes page body: {len(page.encode()) / 1024:.0f} KiB; feed.xml: {len(feed.encode()) / 1024:.0f} KiB, "
          f"{feed.count('<entry>')} entries")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        long_repository(folder, args.commits, args.files)
        long = read_history(folder, {})
        seconds = best_of(5, lambda: read_history(folder, {}))
        print(
            f"repository of {args.commits + 1} commits over {args.files} files: {len(long.commits)} listed, "
            f"read in {seconds * 1000:.0f} ms (best of 5)"
        )


if __name__ == "__main__":
    main()
