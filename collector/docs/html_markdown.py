"""Markdown from the selected HTML: markdownify with the extractor's rules.

Links reduced to their words, images dropped, list numbers and table cells kept readable, and nothing quadratic
on long runs of spaces; see :mod:`collector.docs.extract` for why the text must carry the words and nothing else.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import Tag
from markdownify import MarkdownConverter

__all__ = ["CONVERTER_OPTIONS", "TextConverter"]

_NUMBER = re.compile(r"[0-9]{1,6}")


class TextConverter(MarkdownConverter):
    """Markdown with the words only: links become their text, images and media nothing."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._ordinals: dict[int, int] = {}  # id of an <li> in an <ol> -> its position among the list's items

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # markdownify's own, less its count of each item's previous siblings (quadratic on a long list)
        text = text.strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            if id(el) not in self._ordinals:
                items = parent.find_all("li", recursive=False)
                self._ordinals.update((id(item), n) for n, item in enumerate(items))
            start = parent.get("start")
            first = int(start) if isinstance(start, str) and _NUMBER.fullmatch(start) else 1
            bullet = f"{first + self._ordinals.get(id(el), 0)}. "
        else:
            bullet = "- "
        indent = " " * len(bullet)
        lines = [indent + line if line else "" for line in text.split("\n")]
        return bullet + "\n".join(lines)[len(bullet) :] + "\n"

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return ""

    def convert_sup(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # "10<sup>24</sup>" must not read as "1024", nor a footnote mark run into the word before it
        return f"^{text.strip()}" if text.strip() else ""

    # a "|" in a table cell would end the cell: escape it, as Markdown tables do
    # (markdownify's stubs do not declare its per-tag converters, hence getattr)
    def convert_td(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return str(getattr(super(), "convert_td")(el, text.replace("|", "\\|"), parent_tags))  # noqa: B009

    def convert_th(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return str(getattr(super(), "convert_th")(el, text.replace("|", "\\|"), parent_tags))  # noqa: B009

    def convert_video(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return ""

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # markdownify's own, less its stripping regexes, which are quadratic on a long run of spaces
        leading = len(text) - len(text.lstrip(" \n"))
        text = text[text.rfind("\n", 0, leading) + 1 :].rstrip(" \n")  # no blank lines before, no space after
        return f"\n\n```\n{text}\n```\n\n" if text else ""

    def _block(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # HTML5 sectioning and disclosure elements are blocks, like the <div> markdownify knows
        if "_inline" in parent_tags:
            return f" {text.strip()} "
        text = text.strip()
        return f"\n\n{text}\n\n" if text else ""

    convert_details = convert_summary = convert_header = convert_footer = _block
    convert_nav = convert_aside = convert_main = convert_figure = convert_address = convert_hgroup = _block


CONVERTER_OPTIONS: dict[str, Any] = {
    "heading_style": "atx",
    "bullets": "-",
    "strong_em_symbol": "*",
    "escape_asterisks": False,
    "escape_underscores": False,
    "escape_misc": False,
    "autolinks": False,
    "table_infer_header": True,
    # one line per paragraph, whatever the line breaks of the HTML source (wrap_width None: no re-wrapping)
    "wrap": True,
    "wrap_width": None,
    "newline_style": "spaces",
}
