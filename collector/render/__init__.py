"""The site renderer: turns loaded, scored scorecards into pages and data files.

It knows nothing of mkdocs; :mod:`collector.mkdocs_plugin` hands its output to
mkdocs, and a successor generator would need only a new adapter.
"""

from collector.render.site import render_site
from collector.render.site_items import DataFile, Page, RenderedSite

__all__ = ["DataFile", "Page", "RenderedSite", "render_site"]
