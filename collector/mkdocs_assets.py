"""Leave out the theme's files that the built site never loads.

mkdocs-material ships source maps for its scripts and styles (1.3 MB: for
debugging the theme, not for readers) and the search engine's support for
thirty languages, including a 677 KB Thai word segmenter.  The search worker
loads a language's files only when the site is configured for it (the
language list is in the search index's config), so the others are removed
after the build, and so are the maps with the comments that point at them
(else a browser's developer tools would ask for a missing file).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_MAP_COMMENT = re.compile(rb"\n?/[/*]# sourceMappingURL=[^\s*]+\.map(?: ?\*/)?\s*$")


def prune(site_dir: Path) -> int:
    """Remove unused theme files from a built site; returns the number of bytes saved."""
    saved = _remove_source_maps(site_dir / "assets")
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        keep = _search_files_for(_search_languages(site_dir))
        for path in sorted(lunr.rglob("*")):
            if path.is_file() and path.relative_to(lunr).as_posix() not in keep:
                saved += path.stat().st_size
                path.unlink()
        for folder in sorted((p for p in lunr.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    return saved


def _search_languages(site_dir: Path) -> list[str]:
    index = site_dir / "search" / "search_index.json"
    if not index.exists():
        return []  # no search: no language file is ever loaded
    with index.open(encoding="utf-8") as handle:
        languages = json.load(handle).get("config", {}).get("lang", ["en"])
    return [str(language) for language in languages]


def _search_files_for(languages: list[str]) -> set[str]:
    """The files under lunr/ the search worker asks for, given the configured languages (as the theme's
    worker decides: a segmenter for Japanese, Hindi and Thai, a stemmer for each language but English)."""
    keep: set[str] = set()
    for language in languages:
        if language == "ja":
            keep.add("tinyseg.js")
        if language in ("hi", "th"):
            keep.add("wordcut.js")
        if language != "en":
            keep |= {f"min/lunr.{language}.min.js", "min/lunr.stemmer.support.min.js"}
    if len(languages) > 1:
        keep |= {"min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"}
    return keep


def _remove_source_maps(assets: Path) -> int:
    saved = 0
    if not assets.is_dir():
        return saved
    for source_map in sorted(assets.rglob("*.map")):
        saved += source_map.stat().st_size
        source_map.unlink()
    for path in sorted([*assets.rglob("*.js"), *assets.rglob("*.css")]):
        text = path.read_bytes()
        trimmed = _MAP_COMMENT.sub(b"\n", text)
        if trimmed != text:
            saved += len(text) - len(trimmed)
            path.write_bytes(trimmed)
    return saved
