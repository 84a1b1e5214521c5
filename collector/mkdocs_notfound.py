"""The 404 page, made to work at any depth when the site's own URL is unknown.

A server shows ``404.html`` for every missing address (``/models/x/y/nonexistent`` as well as
``/nonexistent``), so the page cannot know from where its links are read.  With ``site_url`` set,
mkdocs writes them from the site's own path, which is right everywhere.  Without it, mkdocs writes
them from ``/``, which breaks the page of a site served below the server's root (a GitHub Pages
project site); and relative links break at every depth but the first.

So, without ``site_url``: the page is rendered with relative links (:func:`relative_context`), and a
script at the start of its head finds the site's root in the address (the part before the first
folder or file the site has at its top) and sets the page's ``<base>`` to it, before the theme's
links are read (:func:`find_root_when_shown`).  The theme's settings (the base its search index is
read from) are set to the same root.  An address whose folders name nothing of the site is taken to
be missing from the folder it names (``/typo`` and ``/<repository>/typo`` both work; ``/a/b/typo``
for a site at ``/`` does not).  Chromium's preload scanner fetches the links before the script has
run, from the missing address's folder: wasted requests, but the page uses the right ones.  Without
JavaScript the page works at the site's top level only.  Part of the mkdocs adapter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.utils import normalize_url

from collector.mkdocs_shell import SKIP_TARGET

NOT_FOUND = "404.html"

# Sets <base> to the site's root, found in the address: written by the parser before the theme's links.
_HEAD_SCRIPT = (
    "<script>(function(){{var top={names},s=location.pathname.split('/'),i=1;"
    "if(s[s.length-1]==='')s.pop();s.pop();"  # the folders above the missing name
    "while(i<s.length&&top.indexOf(s[i])<0)i++;"
    "window.__sc_root=new URL(s.slice(0,i).join('/')+'/',location).href;"
    "document.write('<base href=\"'+window.__sc_root.replace(/[\"<>&]/g,encodeURIComponent)+'\">')}})()</script>"
)
# Points the theme's settings (read by its script, which comes next) at the same root, and keeps the page's own
# anchors (the skip link) on this page: under <base>, "#x" would lead to the site's root.
_CONFIG_SCRIPT = (
    "<script>(function(){var c=document.getElementById('__config');if(!c||!window.__sc_root)return;"
    "var s=JSON.parse(c.textContent);s.base=window.__sc_root;c.textContent=JSON.stringify(s);"
    "window.__md_scope=new URL(window.__sc_root);var here=location.href.split('#')[0];"
    "document.querySelectorAll('a[href^=\"#\"]').forEach(function(a){a.href=here+a.getAttribute('href')})})()</script>"
)


# The theme's empty skip-link holder on a page it renders without a table of contents, as it renders this one.
_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')


def add_skip_link(site_dir: Path, label: str = "Skip to content") -> None:
    """Give the written 404 page the theme's "Skip to content" link, to the target site/theme/404.html puts before
    its content.  The theme writes the link from a page's table of contents, and renders this page without a page;
    a stand-in page would change how the theme makes every other link of it."""
    path = site_dir / NOT_FOUND
    if not path.is_file():
        return
    html = path.read_text(encoding="utf-8")
    link = f'<a href="#{SKIP_TARGET}" class="md-skip">{label}</a>'
    path.write_text(_EMPTY_SKIP.sub(lambda m: m.group(1) + link + m.group(2), html, count=1), encoding="utf-8")


def relative_context(context: Any, config: Any) -> Any:
    """The 404 page's template context with links relative to the site's root, as the root's pages have."""
    context["base_url"] = "."
    context["extra_css"] = [normalize_url(str(path), None, ".") for path in config.extra_css]
    context["extra_javascript"] = [normalize_url(str(path), None, ".") for path in config.extra_javascript]
    return context


def find_root_when_shown(site_dir: Path) -> None:
    """Add the scripts that find the site's root to the written 404 page (after the site is all written,
    so that every name at the top of the site is known)."""
    path = site_dir / NOT_FOUND
    if not path.is_file():
        return
    names = sorted(entry.name for entry in site_dir.iterdir() if entry.name != NOT_FOUND)
    head = _HEAD_SCRIPT.format(names=json.dumps(names).replace("<", "\\u003c"))
    html = path.read_text(encoding="utf-8")
    html = html.replace("<head>", f"<head>{head}", 1)
    config_at = html.find('<script id="__config"')
    end = html.find("</script>", config_at)
    if config_at >= 0 and end >= 0:
        at = end + len("</script>")
        html = html[:at] + _CONFIG_SCRIPT + html[at:]
    path.write_text(html, encoding="utf-8")
