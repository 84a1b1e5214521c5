"""Write generated pages and data files to the site folder, on every core, streaming.

Each page and file is rendered, written and forgotten, so memory holds the
dataset and not the site.  The work is split between processes forked after
the dataset is loaded (they share it, copy-on-write); every page is rendered
and written by exactly one of them, from the same data by the same code, so
the output does not depend on how many there are (``tests/test_output.py``
builds with one process and with two and compares the trees byte for byte).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from collector.incremental import OutputCache
from collector.processes import default_workers
from collector.render.site_items import DataFile, Page

# Items per task: small enough to balance big and small model pages, big enough to keep messaging cheap.
_CHUNK = 32
# Below this many items, starting processes costs more than it saves.
_PARALLEL_FROM = 200


@dataclass(frozen=True)
class _Job:
    site_dir: Path
    pages: Sequence[Page]
    files: Sequence[DataFile]
    fill: Callable[[Page], str]
    cache: OutputCache | None
    keys: Mapping[str, str]

    def key(self, scorecards: tuple[str, ...]) -> str | None:
        """The cache key of an output that reads these scorecards (and what every output reads: ``keys[""]``)."""
        if self.cache is None or not scorecards or any(s not in self.keys for s in scorecards):
            return None
        return " ".join([self.keys[""], *(self.keys[s] for s in scorecards)])


_CURRENT: list[_Job] = []  # the job, set before forking: workers inherit it instead of unpickling closures


def page_path(page: Page) -> str:
    """Where a page is served from, with directory URLs (``models/x`` -> ``models/x/index.html``)."""
    if page.slug == "index" or page.slug.endswith("/index"):
        return f"{page.slug}.html"
    return f"{page.slug}/index.html"


def write_all(
    site_dir: Path,
    pages: Sequence[Page],
    files: Sequence[DataFile],
    fill: Callable[[Page], str],
    *,
    workers: int | None = None,
    cache: OutputCache | None = None,
    keys: Mapping[str, str] | None = None,
) -> None:
    """Render and write every page (through ``fill``, which wraps a body in the theme) and data file.

    With a ``cache``, a page or file that reads only some models' scorecards (``Page.scorecards``) is written
    from the cache when their keys (``keys[model id]``) and the key of all else (``keys[""]``) are unchanged.
    The cache works in one process only, so it implies one worker.
    """
    workers = 1 if cache is not None else default_workers() if workers is None else workers
    _CURRENT[:] = [_Job(site_dir, pages, files, fill, cache, keys or {})]
    total = len(pages) + len(files)
    try:
        if workers <= 1 or total < _PARALLEL_FROM:
            _write_range((0, total))
            return
        ranges = [(start, min(start + _CHUNK, total)) for start in range(0, total, _CHUNK)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for _ in pool.imap_unordered(_write_range, ranges):
                pass
    finally:
        _CURRENT.clear()


def _write_range(bounds: tuple[int, int]) -> None:
    job = _CURRENT[0]  # write_all sets it before any worker starts
    made: set[Path] = set()
    for index in range(*bounds):
        if index < len(job.pages):
            page = job.pages[index]
            relative = page_path(page)
            target = _place(job.site_dir, relative, made)
            target.write_bytes(_cached(job, relative, page.scorecards, lambda: job.fill(page)))  # noqa: B023 (called now)
            continue
        data_file = job.files[index - len(job.pages)]
        target = _place(job.site_dir, data_file.path, made)
        if data_file.stream is not None:
            data_file.stream(target)
        else:
            target.write_bytes(_cached(job, data_file.path, data_file.scorecards, lambda: data_file.content))  # noqa: B023


def _cached(job: _Job, relative: str, scorecards: tuple[str, ...], make: Callable[[], str | bytes]) -> bytes:
    key = job.key(scorecards)
    if key is not None and job.cache is not None and (hit := job.cache.get(relative, key)) is not None:
        return hit
    content = make()
    data = content.encode("utf-8", errors="xmlcharrefreplace") if isinstance(content, str) else content
    if key is not None and job.cache is not None:
        job.cache.put(relative, key, data)
    return data


def _place(site_dir: Path, relative: str, made: set[Path]) -> Path:
    """The path to write ``relative`` to, its folder made; never outside the site folder."""
    if ".." in Path(relative).parts or Path(relative).is_absolute():  # ids and archive refs are checked: stay sure
        raise ValueError(f"refusing to write outside the site folder: {relative}")
    target = site_dir / relative
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    return target
