"""What rendering the site yields: its pages and data files, and the options it is rendered with.

A :class:`Page` has a short searchable summary and a body rendered lazily, so a generator can index the
summary and insert the body at the end (see :mod:`collector.mkdocs_plugin`) without holding thousands of
bodies in memory; a :class:`DataFile` likewise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from collector.render.search_entries import Section


@dataclass(frozen=True)
class Page:
    """One HTML page. ``slug`` is its path without extension (``models/x``, ``index``)."""

    slug: str
    title: str
    summary: str  # short HTML, what search indexes
    body: Callable[[], str]  # the full HTML, rendered on demand
    in_nav: bool = False
    search: bool = True
    # The models whose scorecards this page shows: with the rest of the project unchanged, only they change it.
    # Empty for a page that reads every model (a ranking) or something else (a moved page).
    scorecards: tuple[str, ...] = ()
    # Parts of the page search finds on their own (a model page's claims), made when the index is written.
    sections: Callable[[], list[Section]] | None = field(default=None, compare=False)
    boost: float = 1.0  # how much search favours the page (and its sections) among equal matches

    @property
    def depth(self) -> int:
        """How many folders deep the page is served (``models/x`` is at ``/models/x/``)."""
        parts = self.slug.split("/")
        return len(parts) - 1 if parts[-1] == "index" else len(parts)


class DataFile:
    """A file of the site that is not a page.

    Its content is given, or made only when it is written (``make``), or written straight to its
    place by ``stream`` (for downloads too big to hold in memory).
    """

    __slots__ = ("_content", "_make", "path", "scorecards", "stream")

    def __init__(
        self,
        path: str,
        content: str | bytes = b"",
        *,
        make: Callable[[], str | bytes] | None = None,
        stream: Callable[[Path], None] | None = None,
        scorecards: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self._content = content
        self._make = make
        self.stream = stream
        self.scorecards = scorecards  # as Page.scorecards

    @property
    def content(self) -> str | bytes:
        if self.stream is not None:
            raise TypeError(f"{self.path} is written by streaming; it has no content in memory")
        return self._make() if self._make is not None else self._content

    def __repr__(self) -> str:
        return f"DataFile({self.path!r})"


@dataclass
class RenderedSite:
    pages: list[Page] = field(default_factory=list)
    files: list[DataFile] = field(default_factory=list)
    problems_html: str = ""


@dataclass
class Reuse:
    """Each model's part of the downloads, kept between the builds of ``scorecards serve``.

    ``keys`` gives, per model id, its scorecard's signature, and under ``""`` the signature of all else a
    part reads (see ``collector.incremental.model_keys``); a part made under the same keys is used again.
    ``parts`` maps (model id, which download) to (key, text).
    """

    keys: Mapping[str, str] = field(default_factory=dict)
    parts: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderOptions:
    templates: Path
    site_name: str = "AI Transparency Scorecards"
    site_url: str = ""
    repo_url: str = ""  # e.g. https://github.com/org/repo, for "edit this scorecard"
    edit_branch: str = "main"
    reuse: Reuse | None = field(default=None, repr=False, compare=False)
