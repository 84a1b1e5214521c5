"""HTML parsed as a browser reads it: comments and cut-off tags dropped, implied end tags applied.

html.parser alone nests "<p>a<p>b" and shows an unterminated comment as text; the extractor must see the page
a reader sees, and stay linear on any input.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning

__all__ = ["parse_html"]

# Implied end tags html.parser does not apply (a browser does): an element of the key's kind cannot be
# inside one of these, so "<p>a<p>b" or "<li>x<li>y" must not become nested (and, when long, too deep to convert).
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav"),
        *("ol", "p", "pre", "section", "table", "ul"),
    }
)
_IMPLIED_CLOSE: dict[str, frozenset[str]] = {
    **{name: frozenset({"p"}) for name in _BLOCKS},
    "li": frozenset({"li", "p"}),
    "dt": frozenset({"dt", "dd", "p"}),
    "dd": frozenset({"dt", "dd", "p"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
}

# Elements an implied end tag looks through: "<p><em>a<p>b" closes the <em> and the first <p>.
_INLINE = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins"),
        *("kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup"),
        *("time", "tt", "u", "var"),
    }
)

# A comment, a marked section, a raw-text element, or a tag (skipped whole, so that "<!--" in an attribute value
# starts no comment; an unquoted "<" ends the attempt, and quoted values are bounded, to stay linear on any input).
_COMMENT_OR_RAW_TEXT = re.compile(
    r"""<!--|<!\[|<(script|style)(?=[\s/>])|(<[A-Za-z/](?:[^<>"']|"[^"]{0,2000}"|'[^']{0,2000}')*>)""",
    re.IGNORECASE,
)
_EMPTY_COMMENT = re.compile(r"-?>")
_COMMENT_END = re.compile(r"--!?>")
_BOGUS_COMMENT_END = re.compile(r">")
_UNFINISHED_TAG = re.compile(r"<[A-Za-z/!?]")


def _without_comments(markup: str) -> str:
    """The markup without comments, CDATA sections and a tag cut off at the end, read as a browser reads them.

    html.parser gives an unterminated comment, or a tag cut off at the end of a truncated page, as text
    (``<a href="...``), and its idea of where a comment ends depends on the Python version; a browser shows none
    of them.  Comments end at the first ``-->`` or ``--!>`` (``<!-->`` is an empty one); ``<![CDATA[...`` is a
    bogus comment to the next ``>`` in HTML; the content of ``<script>`` and ``<style>`` is left alone.
    """
    kept: list[str] = []
    position = 0
    while match := _COMMENT_OR_RAW_TEXT.search(markup, position):
        kept.append(markup[position : match.start()])
        if match.group(2):  # a tag: "<!--" in an attribute value starts no comment
            kept.append(match.group(2))
            position = match.end()
            continue
        if match.group(1):  # <script> or <style>: raw text, up to the end tag
            close = re.compile(rf"</{match.group(1)}\s*>", re.IGNORECASE).search(markup, match.end())
            stop = close.end() if close else len(markup)
            kept.append(markup[match.start() : stop])
            position = stop
            continue
        if match.group(0) == "<!--":
            end = _EMPTY_COMMENT.match(markup, match.end()) or _COMMENT_END.search(markup, match.end())
        else:
            end = _BOGUS_COMMENT_END.search(markup, match.end())
        if end is None:  # a comment that never ends runs to the end of the page
            return "".join(kept)
        position = end.end()
    kept.append(markup[position:])
    markup = "".join(kept)
    tail = _UNFINISHED_TAG.search(markup, markup.rfind(">") + 1)
    return markup[: tail.start()] if tail else markup


def parse_html(markup: str) -> BeautifulSoup:
    markup = _without_comments(markup)
    with warnings.catch_warnings():
        # the markup is a fetched page, never a file name or URL; XHTML read as HTML is what we want
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return _Soup(markup, "html.parser")


class _Soup(BeautifulSoup):
    """html.parser's tree, with the implied end tags a browser applies (see ``_IMPLIED_CLOSE``)."""

    def handle_starttag(  # noqa: PLR0917 -- the signature is bs4's
        self,
        name: str,
        namespace: str | None,
        nsprefix: str | None,
        attrs: Any,
        sourceline: int | None = None,
        sourcepos: int | None = None,
        namespaces: dict[str, str] | None = None,
    ) -> Tag | None:
        closers = _IMPLIED_CLOSE.get(name)
        if closers:
            # close the open elements this one ends, looking through inline ones only ("<p><b>a<p>" closes both)
            close_from = None
            for depth in range(len(self.tagStack) - 1, 0, -1):  # tagStack[0] is the document
                open_name = self.tagStack[depth].name
                if open_name in closers:
                    close_from = depth
                elif open_name not in _INLINE:
                    break
            if close_from is not None:
                self.endData()
                while len(self.tagStack) > close_from:
                    self.popTag()
        return super().handle_starttag(name, namespace, nsprefix, attrs, sourceline, sourcepos, namespaces)
