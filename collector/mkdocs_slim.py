"""The theme's markup that every page repeats, moved into two files that a browser fetches once.

mkdocs-material writes its icons into every page as inline SVG (the logo twice, the search glass twice,
the palette's sun and moon, ...: 2.8 KB) and the script that applies a reader's colour palette inline
(0.7 KB).  On a site of thousands of pages that was a quarter of each page's theme, and megabytes in all.
Each icon becomes a ``<use>`` of a symbol in ``assets/theme-icons.svg``, and the palette script a
``<script src>`` of ``assets/theme-palette.js``, a synchronous script in the same place, so it still runs
before the page is painted.  Part of the mkdocs adapter, like ``mkdocs_shell``.

Only the theme's icons are touched: an icon is an ``<svg>`` with the theme's exact attributes and no
``class`` (the site's own charts and badges have one), and page bodies never hold the theme's markup
(scorecard text is escaped).  An ``<svg>`` referring to another file needs HTTP: a site opened from disk
(``file://``) shows the theme's buttons without their icons, and still works.
"""

from __future__ import annotations

import hashlib
import re
from html import escape
from pathlib import Path

ICONS = "assets/theme-icons.svg"
PALETTE = "assets/theme-palette.js"

_ICON = re.compile(r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="([0-9 .-]+)">((?:(?!</?svg).)*?)</svg>', re.S)
_PALETTE = re.compile(r'<script>(var palette=__md_get\("__palette"\);[^<]*)</script>')
_BASE = re.compile(r'"base": "([^"\\<]*)"')  # the theme's page config: the path from the page to the site's root


class ThemeSlimmer:
    """Slims pages, remembering the icons and the palette script it took out, and writes them."""

    def __init__(self) -> None:
        self.icons: dict[str, tuple[str, str]] = {}  # id: (viewBox, inner markup)
        self.palette: str | None = None

    def slim(self, html: str, *, page: str | None = None) -> str:
        """``html`` with the theme's icons and palette script referred to, not repeated.

        ``html`` is a whole page or, with ``page``, a part of that page.  Unchanged without the theme's page
        config, which says where the site's root is."""
        found = _BASE.search(page if page is not None else html)
        if found is None:
            return html
        root = "" if found.group(1) in ("", ".") else found.group(1).rstrip("/") + "/"
        html = _ICON.sub(lambda icon: self._icon_use(icon, root), html)
        return _PALETTE.sub(lambda script: self._palette_src(script, root), html)

    def write(self, site_dir: Path) -> None:
        """Write the files that the slimmed pages refer to (nothing when no page was slimmed)."""
        if self.icons:
            symbols = "".join(
                f'<symbol id="{name}" viewBox="{box}">{inner}</symbol>'
                for name, (box, inner) in sorted(self.icons.items())
            )
            _write(site_dir / ICONS, f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n')
        if self.palette is not None:
            _write(site_dir / PALETTE, self.palette + "\n")

    def _icon_use(self, icon: re.Match[str], root: str) -> str:
        box, inner = icon.group(1), icon.group(2)
        name = "i" + hashlib.sha256(f"{box} {inner}".encode()).hexdigest()[:10]
        self.icons[name] = (box, inner)
        return f'<svg viewBox="{box}"><use href="{escape(root)}{ICONS}#{name}"/></svg>'

    def _palette_src(self, script: re.Match[str], root: str) -> str:
        if self.palette is not None and self.palette != script.group(1):
            raise RuntimeError("the theme wrote two different palette scripts; expected one for every page")
        self.palette = script.group(1)
        return f'<script src="{escape(root)}{PALETTE}"></script>'


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
