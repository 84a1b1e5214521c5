"""The mkdocs adapter: hands the renderer's pages and files to mkdocs at build time.

All knowledge of mkdocs lives here and in ``mkdocs_shell``/``mkdocs_index``
(see DESIGN.md: mkdocs is unmaintained and mkdocs-material reaches end of life
in 2027, so moving to a successor must be a change of this adapter only).

Two kinds of generated page:

* the few pages in the navigation (leaderboard, indicators, compare, ...) go
  through mkdocs like hand-written ones, so that the theme marks them active
  in the tabs.  ``on_files`` adds a virtual Markdown file per page holding only
  front matter; ``on_page_content`` replaces its (empty) HTML with a short
  summary between two markers, which the search plugin indexes;
  ``on_post_page`` swaps the summary for the full body, rendered only then;
* every other page (a page per model, developer, indicator and ranking:
  thousands) never becomes an mkdocs page.  After mkdocs has built its pages,
  ``on_post_build`` renders the theme once per folder depth and writes each
  page as that shell with its body put in, on every core (``render.output``),
  then adds the pages to the search index and the sitemap.  Data files are
  written there too, each made just before it is written, and the theme's
  files that the site never loads are removed (``mkdocs_assets``).

Data problems never raise: during ``mkdocs serve`` an exception would leave the
server stuck on a traceback.  They are logged as short warnings (which fail a
``--strict`` build) and shown at the top of the leaderboard.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from collector import heap, incremental, mkdocs_assets, mkdocs_index, mkdocs_notfound
from collector.dataset import load_dataset
from collector.docs.project import actions_repository
from collector.mkdocs_shell import PAGE_META, Shell, render_shell, skip_toc
from collector.mkdocs_slim import ThemeSlimmer
from collector.render.output import page_path, write_all
from collector.render.site import render_site
from collector.render.site_items import DataFile, Page, RenderOptions, Reuse

log = logging.getLogger("mkdocs.plugins.scorecards")

_START = "<!--scorecards:summary-->"
_END = "<!--scorecards:end-->"
WATCHED = ("scorecards", "rubrics", "sources", "archive", "state", "site/templates")


class ScorecardsConfig(Config):
    root = config_options.Optional(config_options.Dir(exists=True))
    templates = config_options.Type(str, default="site/templates")
    edit_branch = config_options.Type(str, default="main")
    max_logged_problems = config_options.Type(int, default=20)
    # Processes that write the pages outside the navigation: 0 for one per core.
    workers = config_options.Type(int, default=0)


class ScorecardsPlugin(BasePlugin[ScorecardsConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}  # pages in the navigation, by their virtual file
        self.bulk: list[Page] = []  # the rest, written in on_post_build
        self.data_files: list[DataFile] = []
        self.problems_html = ""
        self.env: Any = None
        self.nav: Any = None
        self.files: Files | None = None
        # Kept between the builds of one `mkdocs serve` (mkdocs keeps a plugin that has on_startup).
        self.scorecard_cache: incremental.ScorecardCache | None = None
        self.output_cache: incremental.OutputCache | None = None
        self.reuse = Reuse()
        self.model_keys: dict[str, str] = {}
        self.slimmer = ThemeSlimmer()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        serving = command == "serve"
        self.scorecard_cache = incremental.ScorecardCache() if serving else None
        self.output_cache = incremental.OutputCache() if serving else None
        self.reuse = Reuse()

    def on_shutdown(self) -> None:
        self.scorecard_cache = self.output_cache = None
        self.reuse = Reuse()

    def _root(self, config: Any) -> Path:
        if self.config.root:
            return Path(self.config.root)
        return Path(config.config_file_path).parent

    def on_config(self, config: Any) -> Any:
        self.slimmer = ThemeSlimmer()  # a new build: the theme's options may have changed
        root = self._root(config)
        for name in WATCHED:
            path = root / name
            if path.exists() and str(path) not in config.watch:
                config.watch.append(str(path))
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        with heap.paused():
            files = self._generate(files, config)
            # Until on_post_build the dataset, pages and views stay out of the collector's scans.  Frozen before
            # the collector is back on, else its first run would scan everything allocated meanwhile.
            heap.freeze()
        return files

    def _generate(self, files: Files, config: Any) -> Files:
        root = self._root(config)
        dataset = load_dataset(root, cache=self.scorecard_cache)
        for problem in dataset.problems[: self.config.max_logged_problems]:
            log.warning(f"{problem.file}:{problem.line}:{problem.column}: {problem.path}: {problem.message}")
        if len(dataset.problems) > self.config.max_logged_problems:
            log.warning(
                f"... and {len(dataset.problems) - self.config.max_logged_problems} more; run `scorecards validate`"
            )
        options = RenderOptions(
            templates=root / self.config.templates,
            site_name=config.site_name,
            site_url=config.site_url or "",
            repo_url=(config.repo_url or actions_repository() or "").rstrip("/"),
            edit_branch=self.config.edit_branch,
        )
        if self.output_cache is not None:
            self.model_keys = incremental.model_keys(dataset, extra=repr(options))
            self.reuse.keys = self.model_keys  # each model's part of the downloads is kept under its key
            options = replace(options, reuse=self.reuse)
        rendered = render_site(dataset, options)
        self.pages = {}
        self.bulk = []
        self.data_files = rendered.files
        self.problems_html = rendered.problems_html
        for page in rendered.pages:
            if not page.in_nav:
                self.bulk.append(page)
                continue
            src_uri = f"{page.slug}.md"
            self.pages[src_uri] = page
            _replace(files, File.generated(config, src_uri, content=_stub(page)))
        written_later = {data_file.path for data_file in self.data_files} | {page_path(p) for p in self.bulk}
        for clash in [f for f in files if f.dest_uri in written_later]:
            log.warning(f"scorecards: generated {clash.dest_uri} replaces {clash.src_uri} in docs_dir")
            files.remove(clash)
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        self.env, self.files = env, files
        return env

    @event_priority(-100)  # after the search plugin has written its index: ours is added to it
    def on_post_build(self, *, config: Any) -> None:
        shells: dict[str, Shell] = {}
        for folder in sorted({_shell_place(page.slug)[0] for page in self.bulk}):
            shell = render_shell(folder, config=config, env=self.env, nav=self.nav, files=self.files)
            shells[folder] = shell.slimmed(self.slimmer.slim)

        def fill(page: Page) -> str:
            folder, name = _shell_place(page.slug)
            return shells[folder].fill(title=page.title, name=name, body=page.body())

        site_dir = Path(config.site_dir)
        cache = self.output_cache
        keys = incremental.with_shells(self.model_keys, [shell.parts for shell in shells.values()])
        try:
            before = (cache.rendered, cache.reused) if cache else (0, 0)
            workers = self.config.workers or None
            write_all(site_dir, self.bulk, self.data_files, fill, workers=workers, cache=cache, keys=keys)
            if cache is not None:
                rendered, reused = cache.rendered - before[0], cache.reused - before[1]
                log.info(f"scorecards: {rendered} model pages and files rendered again, {reused} unchanged")
            mkdocs_index.add_to_search_index(site_dir, self.bulk)
            own = [file.url for file in self.files.documentation_pages()] if self.files is not None else []
            mkdocs_index.write_sitemap(
                site_dir, [*own, *map(mkdocs_index.page_url, self.bulk)], site_url=config.site_url
            )
            self.slimmer.write(site_dir)
            mkdocs_assets.prune(site_dir)
            mkdocs_notfound.add_skip_link(site_dir)
            if not config.site_url:
                mkdocs_notfound.find_root_when_shown(site_dir)
        finally:
            self._forget()

    def on_build_error(self, *, error: Exception) -> None:
        self._forget()

    def _forget(self) -> None:
        """Drop the dataset's pages and let the collector free them (``serve`` builds again and again)."""
        self.pages, self.bulk, self.data_files, self.model_keys = {}, [], [], {}
        heap.thaw()

    def on_template_context(self, context: Any, *, template_name: str, config: Any) -> Any:
        if template_name == mkdocs_notfound.NOT_FOUND and not config.site_url:
            return mkdocs_notfound.relative_context(context, config)
        return context

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        mine = self.pages.get(page.file.src_uri)
        if mine is None:
            return html
        return f"{_START}<h1>{escape(mine.title)}</h1>{mine.summary}{_END}"

    @event_priority(-100)  # after the search plugin has read the page's table of contents
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if not list(page.toc):  # no heading mkdocs knows of: give the theme's skip link its target
            page.toc = skip_toc()
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        output = self.slimmer.slim(output)
        mine = self.pages.get(page.file.src_uri)
        if mine is None:
            return output
        start = output.find(_START)
        end = output.find(_END, start)
        if start < 0 or end < 0:
            log.warning(f"scorecards: the theme dropped the content of {page.file.src_uri}")
            return output
        return output[:start] + mine.body() + output[end + len(_END) :]


def _stub(page: Page) -> str:
    """Front matter only; the title is HTML-escaped because themes print it unescaped."""
    # Generated pages carry their own headings and tables: give them the full width.
    meta: dict[str, Any] = {"title": escape(page.title), **PAGE_META}
    if not page.search:
        meta["search"] = {"exclude": True}
    return f"---\n{json.dumps(meta)}\n---\n"


def _replace(files: Files, new: File) -> None:
    """Add a generated file; a hand-written file at the same path is replaced, with a warning."""
    existing = files.get_file_from_path(new.src_uri)
    if existing is not None:
        log.warning(f"scorecards: generated {new.src_uri} replaces the file of that name in docs_dir")
        files.remove(existing)
    files.append(new)


def _shell_place(slug: str) -> tuple[str, str]:
    """The folder whose shell a page fills, and the page's name in it, by where the page is served:
    ``models/x`` at ``models/x/`` is ``x`` in ``models``, and so is ``models/x/index``."""
    folder, _, name = slug.removesuffix("/index").rpartition("/")
    return folder, name
