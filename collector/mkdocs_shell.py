"""The theme's page around a generated page, rendered once per folder and filled per page.

mkdocs renders every page through the theme's ``main.html``: a few hundred
template calls for the header, tabs, sidebars and footer, the same for every
page that is not in the navigation except for the page's title, its address
and its body.  For thousands of model pages that was a third of the build.
So the theme renders one placeholder page per folder (``models/``,
``indicators/``, ...: relative links differ by folder), and each generated
page is that text with its title, last address part and body put in.  Part
of the mkdocs adapter: nothing else knows mkdocs.

The theme's text is indented for reading its templates, a quarter of every
page; the indentation is dropped (:func:`squeeze`: the shell has no ``pre``
or ``textarea``, where it would matter).  ``tests/test_shell.py`` holds the
filled shell to the page mkdocs itself renders for the same page, byte for
byte once that page is squeezed too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page as MkdocsPage
from mkdocs.structure.toc import AnchorLink, TableOfContents

# Letters only: the theme's filters (escaping, striptags, urlencode) leave them as they are.
_TITLE = "ScorecardsShellTitleToken"
_BODY = "<!--ScorecardsShellBodyToken--><h1>"  # "<h1" in the content stops the theme adding its own heading
_NAME = "scorecards-shell-token"

PAGE_META: dict[str, Any] = {"hide": ["navigation", "toc"]}  # generated pages carry their own headings

# Where "Skip to content" leads: an element the theme override site/theme/main.html puts before each page's body.
SKIP_TARGET = "sc-content"

_INDENTATION = re.compile(r"\n[ \t\r\n]+")


def squeeze(html: str) -> str:
    """Drop the whitespace that starts lines (and blank lines): it shows nowhere outside pre and textarea."""
    return _INDENTATION.sub("\n", html)


@dataclass(frozen=True)
class Shell:
    """The theme's text for pages in one folder, cut where the title, page name and body go."""

    folder: str
    parts: tuple[str, ...]  # text, then a slot name, then text, ...

    def slimmed(self, slim: Callable[..., str]) -> Shell:
        """The shell with ``slim(text, page=shell)`` applied to the theme's text (not to what fills it)."""
        theme = "".join(self.parts[::2])
        parts = tuple(part if index % 2 else slim(part, page=theme) for index, part in enumerate(self.parts))
        return Shell(self.folder, parts)

    def fill(self, *, title: str, name: str, body: str) -> str:
        """The whole page; ``title`` is text (escaped here), ``name`` the last part of its address, ``body`` HTML."""
        values = {"title": escape(title), "name": name, "body": body}
        return "".join(values[part] if index % 2 else part for index, part in enumerate(self.parts))


def skip_toc() -> TableOfContents:
    """A table of contents for a page without headings of its own, so the theme writes its skip link.

    The theme writes "Skip to content" only when a page's table of contents has an entry, and links it there;
    generated pages (every model, developer, ranking) have none, so 742 of 743 pages had no skip link.  One
    level-1 entry gives the link a target and shows no table of contents (the theme lists a level-1 entry's
    children only)."""
    return TableOfContents([AnchorLink("Content", SKIP_TARGET, 1)])


def render_shell(folder: str, *, config: Any, env: Any, nav: Any, files: Any) -> Shell:
    """Render the theme for a placeholder page in ``folder`` (``models``) and cut it at the placeholders."""
    src_uri = f"{folder}/{_NAME}.md" if folder else f"{_NAME}.md"
    page = MkdocsPage(_TITLE, File.generated(config, src_uri, content=""), config)
    page.meta = {"title": _TITLE, **PAGE_META}
    page.content = _BODY
    page.toc = skip_toc()
    page.active = True
    html = env.get_template("main.html").render(get_context(nav, files, config, page))
    if "<pre" in html or "<textarea" in html:
        raise RuntimeError("the theme's page has a pre or textarea, whose whitespace matters: do not squeeze it")
    return Shell(folder, _cut(squeeze(html)))


def _cut(html: str) -> tuple[str, ...]:
    """Split at every placeholder."""
    slots = {_TITLE: "title", _BODY: "body", _NAME: "name"}
    parts: list[str] = []
    rest = html
    while True:
        found = [(rest.find(token), token) for token in slots if token in rest]
        if not found:
            break
        at, token = min(found)
        parts += [rest[:at], slots[token]]
        rest = rest[at + len(token) :]
    parts.append(rest)
    if parts.count("body") != 1:
        raise RuntimeError(f"the theme's page has {parts.count('body')} content slots; expected exactly one")
    return tuple(parts)
