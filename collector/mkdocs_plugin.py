"""The mkdocs adapter: hands the renderer's pages and files to mkdocs at build time.

All knowledge of mkdocs lives here (see DESIGN.md: mkdocs is unmaintained and
mkdocs-material reaches end of life in 2027, so moving to a successor must be a
change of this adapter only).

How a page goes through mkdocs without its Markdown parser seeing data:
1. ``on_files`` adds a virtual Markdown file per page holding only front matter;
2. ``on_page_content`` replaces the (empty) HTML with a short summary between
   two markers, which is all that the search plugin indexes;
3. ``on_post_page`` swaps the summary for the full body, rendered only then.

Data problems never raise: during ``mkdocs serve`` an exception would leave the
server stuck on a traceback.  They are logged as short warnings (which fail a
``--strict`` build) and shown at the top of the leaderboard.
"""

from __future__ import annotations

import json
import logging
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from collector.dataset import load_dataset
from collector.docs.project import actions_repository
from collector.render.site import Page, RenderOptions, render_site

log = logging.getLogger("mkdocs.plugins.scorecards")

_START = "<!--scorecards:summary-->"
_END = "<!--scorecards:end-->"
WATCHED = ("scorecards", "rubrics", "sources", "archive", "state", "site/templates")


class ScorecardsConfig(Config):
    root = config_options.Optional(config_options.Dir(exists=True))
    templates = config_options.Type(str, default="site/templates")
    edit_branch = config_options.Type(str, default="main")
    max_logged_problems = config_options.Type(int, default=20)


class ScorecardsPlugin(BasePlugin[ScorecardsConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.problems_html = ""

    def _root(self, config: Any) -> Path:
        if self.config.root:
            return Path(self.config.root)
        return Path(config.config_file_path).parent

    def on_config(self, config: Any) -> Any:
        root = self._root(config)
        for name in WATCHED:
            path = root / name
            if path.exists() and str(path) not in config.watch:
                config.watch.append(str(path))
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        root = self._root(config)
        dataset = load_dataset(root)
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
        rendered = render_site(dataset, options)
        self.pages = {}
        self.problems_html = rendered.problems_html
        for page in rendered.pages:
            src_uri = f"{page.slug}.md"
            self.pages[src_uri] = page
            _replace(files, File.generated(config, src_uri, content=_stub(page)))
        for data_file in rendered.files:
            _replace(files, File.generated(config, data_file.path, content=data_file.content))
        return files

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        mine = self.pages.get(page.file.src_uri)
        if mine is None:
            return html
        return f"{_START}<h1>{escape(mine.title)}</h1>{mine.summary}{_END}"

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
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
    meta: dict[str, Any] = {"title": escape(page.title), "hide": ["navigation", "toc"]}
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
