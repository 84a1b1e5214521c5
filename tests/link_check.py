"""A link checker for a built site: every internal link and anchor must lead somewhere.

Each HTML file is parsed (``html.parser``, the standard library's); every ``href``, ``src``,
``srcset``, ``action``, ``data`` and ``meta refresh`` target that stays inside the site is resolved
as a browser would (against the page's address or its ``<base>``; a folder address means its
``index.html``) and checked against the files on disk, and every ``#fragment`` against the ids
(and ``<a name>``) of the page it points into.  Links to other sites are not followed: the site
must work offline, and what is elsewhere is not ours to check.

``site_url`` (when the build knows it) places the site where it is served: absolute links to it are
internal too, and a link from the server's root that misses the site's path is broken.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_ORIGIN = "http://site.invalid"  # stands for wherever the site is served; never fetched
_URL_ATTRIBUTES = {"href", "src", "action", "data", "poster"}
# Fragments a browser honours without an element of that id (HTML: "top" and the empty fragment scroll to the top).
_IMPLICIT_FRAGMENTS = {"", "top"}


@dataclass(frozen=True)
class Broken:
    page: str  # the page's path in the site
    link: str  # as written in the page
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link} ({self.reason})"


@dataclass
class _Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    base: str | None = None


# What is not markup: comments, and the text of scripts and styles (a "<a href" in a script is not a link).
_NOT_MARKUP = re.compile(r"<!--.*?-->|(<script\b[^>]*>).*?</script\s*>|(<style\b[^>]*>).*?</style\s*>", re.S | re.I)
_FAST_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)([^>]*)>")  # right unless a quoted value holds a ">"
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def parse(html: str) -> _Parsed:
    """The ids, links and base of a page, read from its start tags.

    A tokenizer of start tags (the HTML syntax's, quoted attribute values included) rather than a full
    parser: the standard library's ``HTMLParser`` took 13 s over the shipped site, this takes a fraction.
    A tag is first read up to its first ">", and again by the full syntax when its quotes do not pair up.
    ``tests/test_links.py`` holds it to ``HTMLParser`` on real pages.
    """
    parsed = _Parsed()
    html = _NOT_MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", html)
    at = 0
    while (match := _FAST_TAG.search(html, at)) is not None:
        attributes = match.group(2)
        if attributes.count('"') % 2 or attributes.count("'") % 2:  # a quoted value holds a ">": read it whole
            match = _TAG.match(html, match.start()) or match
            attributes = match.group(2)
        at = match.end()
        values = {
            name.lower(): unescape(a if a is not None else b if b is not None else c or "")
            for name, a, b, c in _ATTRIBUTE.findall(attributes)
        }
        _collect(parsed, match.group(1).lower(), values)
    return parsed


def _collect(parsed: _Parsed, tag: str, values: dict[str, str]) -> None:
    if "id" in values:
        parsed.ids.add(values["id"])
    if tag == "a" and "name" in values:
        parsed.ids.add(values["name"])
    if tag == "base" and "href" in values:
        parsed.base = parsed.base if parsed.base is not None else values["href"]
        return
    for name in _URL_ATTRIBUTES & values.keys():
        parsed.links.append(values[name])
    if "srcset" in values:
        parsed.links.extend(part.split()[0] for part in values["srcset"].split(",") if part.strip())
    if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
        _, _, target = values.get("content", "").partition("url=")
        if target:
            parsed.links.append(target.strip("'\" "))


class ReferenceCollector(HTMLParser):
    """The same reading with the standard library's parser: slow, but the reference ``parse`` is held to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = _Parsed()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        _collect(self.parsed, tag, {name: value or "" for name, value in attrs})

    handle_startendtag = handle_starttag


class SiteLinks:
    """The pages of a built site, parsed once each, and their broken internal links."""

    def __init__(self, site_dir: Path, *, site_url: str | None = None) -> None:
        self.site_dir = site_dir
        # Where the site's root is served: its own URL when known, else the root of a made-up server.
        self.prefix = site_url.rstrip("/") + "/" if site_url else f"{_ORIGIN}/"
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.prefix))
        self._pages: dict[str, _Parsed] = {}
        self._resolved: dict[tuple[str, str], tuple[str | None, str] | None] = {}
        self._files: dict[str, str | None] = {}

    @property
    def resolved(self) -> int:
        """How many distinct (folder, link) pairs were resolved."""
        return len(self._resolved)

    def html_files(self) -> Iterator[str]:
        for folder, _, names in os.walk(self.site_dir):
            for name in names:
                if name.endswith(".html"):
                    yield Path(folder, name).relative_to(self.site_dir).as_posix()

    def page(self, path: str) -> _Parsed:
        parsed = self._pages.get(path)
        if parsed is None:
            parsed = self._pages[path] = parse((self.site_dir / path).read_text(encoding="utf-8"))
        return parsed

    def broken(self, pages: Iterable[str] | None = None) -> list[Broken]:
        out: list[Broken] = []
        for path in sorted(pages if pages is not None else self.html_files()):
            out.extend(self._check_page(path))
        return out

    def _check_page(self, path: str) -> Iterator[Broken]:
        parsed = self.page(path)
        page_url = f"{self.prefix}{path}"
        base = urljoin(page_url, parsed.base) if parsed.base else page_url
        folder = base.rpartition("/")[0] + "/"  # links resolve the same from every page of a folder
        for link in parsed.links:
            reason = self._check(folder, link)
            if reason:
                yield Broken(path, link, reason)

    def _check(self, folder: str, link: str) -> str | None:
        key = (folder, link)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(folder, link)
        resolved = self._resolved[key]
        if resolved is None:
            return None  # another site, or mailto:, data:, ...: not ours to check
        target, fragment = resolved
        if target is None:
            return "no such file"
        if fragment in _IMPLICIT_FRAGMENTS or not target.endswith(".html"):
            return None
        if fragment not in self.page(target).ids:
            return f"no id {fragment!r} in {target}"
        return None

    def _resolve(self, folder: str, link: str) -> tuple[str | None, str] | None:
        """(the site file, the fragment) a link leads to; None for a link out of the site."""
        joined = urljoin(folder, link.strip())
        url = urlsplit(joined)
        if f"{url.scheme}://{url.netloc}" != self.origin:
            return None
        if not joined.startswith(self.prefix) and joined != self.prefix.rstrip("/"):
            return None, ""  # on the site's server but above its root (an address from "/" when it is below)
        return self._target(unquote(url.path)[len(urlsplit(self.prefix).path) :]), unquote(url.fragment)

    def _target(self, path: str) -> str | None:
        """The site file a URL path is served from (a folder's index.html), or None."""
        relative = path
        if ".." in relative.split("/"):  # above the site's root
            return None
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        if relative not in self._files:
            file = self.site_dir / relative
            found = (
                relative if file.is_file() else f"{relative}/index.html" if (file / "index.html").is_file() else None
            )
            self._files[relative] = found
        return self._files[relative]
