"""What mkdocs lists for its own pages, added for the pages the adapter writes itself.

The search plugin (mkdocs-material's) indexes each page it renders and writes
``search/search_index.json`` at the end of the build; the theme's sitemap
lists each page it knows, but only when the site's URL is set.  Pages written
outside mkdocs (see ``mkdocs_plugin``) are added to the search index here, in
the same form (one entry per page: its title and summary, followed by one per
section of it that search finds on its own, a model's claims: see
``render.search_entries``), and the sitemap is written here for all pages, with
relative addresses when the site's URL is unknown.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.utils import get_build_date

from collector.render.site_items import Page

SEARCH_INDEX = Path("search") / "search_index.json"
SITEMAP = Path("sitemap.xml")
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def add_to_search_index(site_dir: Path, pages: Sequence[Page]) -> None:
    """Add an entry per searchable page, then one per section (a model's claims, each landing on its row).

    mkdocs-material takes an entry whose location has a fragment as a section of the entry before it
    with the same path, and groups its hits under that page: so each page's entry comes first.
    Without a search plugin there is no index, and nothing to do.
    """
    path = site_dir / SEARCH_INDEX
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for page in pages:
        if page.search:
            index["docs"].extend(_entries(page))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _entries(page: Page) -> Iterator[dict[str, Any]]:
    boost = {"boost": page.boost} if page.boost != 1.0 else {}
    title = _as_indexed(escape(page.title))
    yield {"location": f"{page.slug}/", "title": title, "text": _as_indexed(f"{title}{page.summary}"), **boost}
    for section in page.sections() if page.sections else ():
        # untrusted text (quotes, notes): escaped, as the theme shows results as HTML
        text = _as_indexed(f"<p>{escape(section.text)}</p>")
        location = f"{page.slug}/#{section.anchor}"
        yield {"location": location, "title": _as_indexed(escape(section.title)), "text": text, **boost}


def _as_indexed(html: str) -> str:
    """As the search plugin stores text: quotes as characters (so "OpenAI's" is found), only <, > and & escaped."""
    return html.replace("&#39;", "'").replace("&#34;", '"').replace("&quot;", '"')


def page_url(page: Page) -> str:
    """A generated page's address relative to the site's root, as mkdocs gives its own (``models/x/``)."""
    folder, _, name = page.slug.rpartition("/")
    return f"{folder}/" if name == "index" and folder else "" if name == "index" else f"{page.slug}/"


def write_sitemap(site_dir: Path, urls: Sequence[str], *, site_url: str | None) -> None:
    """The sitemap of every page: absolute addresses when the site's URL is known, else relative to the
    sitemap itself (mkdocs lists none then, which left a default build with an empty sitemap).

    Without a sitemap template in the theme there is no sitemap, and nothing to do.
    """
    path = site_dir / SITEMAP
    if not path.exists():
        return
    base = (site_url if site_url.endswith("/") else site_url + "/") if site_url else ""
    day = get_build_date()  # as mkdocs dates its own pages (it honours SOURCE_DATE_EPOCH)
    addresses = [base + url.removeprefix("./") if base else url or "./" for url in urls]
    entries = "".join(
        f"\n    <url>\n        <loc>{escape(loc)}</loc>\n        <lastmod>{day}</lastmod>\n    </url>"
        for loc in dict.fromkeys(addresses)  # once each, in order
    )
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">{entries}\n</urlset>\n'
    path.write_text(text, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
