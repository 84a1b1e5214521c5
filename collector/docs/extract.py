"""From a fetched vendor document (HTML page, PDF, plain text) to clean Markdown text.

The text is what gets archived, diffed between fetches and searched for quotes,
so it must carry the words of the document and nothing else:

* HTML: active and non-content elements are always removed (scripts, styles,
  forms, frames, embedded objects, SVG, ...); the content is what the declared
  CSS selectors match, or else the page's ``main``, ``article``,
  ``[role=main]`` or ``body``; then Markdown by markdownify, with ATX headings,
  ``-`` bullets and Markdown tables, but links reduced to their words and
  images dropped (URLs churn and are not what a vendor said).  Each paragraph
  is one line, whatever the line breaks of the HTML source, so that reflowed
  markup does not show as a change.  Nothing is escaped: the text is the text.
* PDF: pypdf's text of each page, in order, pages separated by a blank line.
* Plain text and Markdown: decoded as they are.

Every format then gets the same normalisation: no trailing spaces, no
non-breaking spaces, at most one blank line in a row, one final newline.  The
same input always gives byte-identical output; when a change here would make
it give a different one, bump ``EXTRACTOR_VERSION``, which is archived with
every version so that a diff caused by the extractor is told apart from a
diff caused by the vendor.

Whatever the input, the only exception raised for it is ``ExtractionError``.
"""

from __future__ import annotations

import codecs
import io
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bs4 import (
    BeautifulSoup,
    Declaration,
    Doctype,
    MarkupResemblesLocatorWarning,
    ProcessingInstruction,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4 import Comment as HtmlComment
from markdownify import MarkdownConverter
from pypdf import PdfReader
from soupsieve import SelectorSyntaxError

EXTRACTOR_VERSION = "1"

#: What ``ExtractionError.kind`` can be.
ERROR_KINDS = ("structure-changed", "unsupported-type", "unreadable", "empty")

#: Elements that are never content: active, embedded, interactive or invisible.
ALWAYS_REMOVED = (
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "param",
    "svg",
    "canvas",
    "math",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "datalist",
    "img",
    "picture",
    "video",
    "audio",
    "source",
    "track",
    "map",
    "link",
    "meta",
    "base",
)

#: Where the content is when no selector is declared: the first of these that matches.
DEFAULT_SELECTORS = ("main", "article", "[role=main]", "body")

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
_TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
_UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})

_SNIFF_BYTES = 1024
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# What HTML means by these labels (WHATWG Encoding): a page that says latin-1 is read as windows-1252.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "x-user-defined": "cp1252",
    # a page that declares UTF-16 in a <meta> has already been read as ASCII-compatible bytes
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACE_RUN = re.compile(r"\s+")
_INNER_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


class ExtractionError(Exception):
    """A document whose text could not be extracted; ``kind`` is one of ``ERROR_KINDS``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Extracted:
    """The text of a document, as Markdown ending with exactly one newline."""

    text: str
    title: str | None
    format: str  # "html" | "pdf" | "text"


def extract(
    body: bytes,
    media_type: str | None,
    *,
    url: str = "",
    charset: str | None = None,
    select: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> Extracted:
    """The text of ``body``, a document served as ``media_type``.

    ``charset`` is the one the server declared, if any (a ``charset=``
    parameter of ``media_type`` is used too).  ``select`` and ``remove`` are
    CSS selectors for HTML: what the content is, and what to drop inside it.
    ``url`` only makes messages more helpful.

    Raises ``ExtractionError`` for a document that cannot give text, and
    ``ValueError`` for a selector that is not valid CSS (a mistake in the
    sources file, not in the document: see ``selector_problem``).
    """
    base_type, type_charset = _parse_media_type(media_type)
    charset = charset or type_charset
    kind = _format_of(body, base_type, url)
    if kind == "pdf":
        return _extract_pdf(body, url)
    if kind == "text":
        text = _normalise(_decode_text(body, charset))
        if not text.strip():
            raise ExtractionError("empty", f"{_where(url)}has no text")
        return Extracted(text=text, title=None, format="text")
    return _extract_html(body, charset, url, select, remove)


def selector_problem(selector: str) -> str | None:
    """Why ``selector`` is not a CSS selector ``extract`` can use, or None when it is."""
    try:
        BeautifulSoup("", "html.parser").select(selector)
    except SelectorSyntaxError as exc:
        return f"not a valid CSS selector: {selector!r} ({str(exc).splitlines()[0]})"
    except (ValueError, TypeError, NotImplementedError) as exc:
        return f"not a usable CSS selector: {selector!r} ({exc})"
    return None


# --- format -----------------------------------------------------------------------------------------------------------


def _parse_media_type(media_type: str | None) -> tuple[str, str | None]:
    if not media_type:
        return "", None
    base, _, params = media_type.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'")
    return base.strip().lower(), charset


def _format_of(body: bytes, media_type: str, url: str) -> str:
    if media_type in _HTML_TYPES:
        return "html"
    if media_type in _PDF_TYPES:
        return "pdf"
    if media_type in _TEXT_TYPES:
        return "text"
    if media_type in _UNKNOWN_TYPES:
        head = body[:_SNIFF_BYTES]
        if b"%PDF-" in head:
            return "pdf"
        lowered = _strip_bom(head).lower()
        if b"<html" in lowered or b"<!doctype html" in lowered:
            return "html"
        raise ExtractionError(
            "unsupported-type",
            f"{_where(url)}was served without a useful media type and looks like neither HTML nor PDF",
        )
    raise ExtractionError(
        "unsupported-type",
        f"{_where(url)}is {media_type}: only HTML, PDF, plain text and Markdown documents can be archived",
    )


def _where(url: str) -> str:
    return f"{url} " if url else "the document "


# --- decoding ---------------------------------------------------------------------------------------------------------


def _strip_bom(body: bytes) -> bytes:
    for bom, _ in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :]
    return body


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for an unknown label."""
    if not label:
        return None
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_text(body: bytes, charset: str | None) -> str:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    return body.decode(_codec(charset) or "utf-8", errors="replace")


def _decode_html(body: bytes, charset: str | None) -> str:
    """Byte-order mark, else the declared charset, else the page's <meta> charset, else UTF-8."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(bom_codec, errors="replace")
    codec = _codec(charset)
    if codec is None:
        match = _META_CHARSET.search(body[: _SNIFF_BYTES * 4])
        codec = _codec(match.group(1).decode("ascii")) if match else None
    return body.decode(codec or "utf-8", errors="replace")


# --- HTML -------------------------------------------------------------------------------------------------------------


class _TextConverter(MarkdownConverter):
    """Markdown with the words only: links become their text, images and media nothing."""

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return ""

    # a "|" in a table cell would end the cell: escape it, as Markdown tables do
    # (markdownify's stubs do not declare its per-tag converters, hence getattr)
    def convert_td(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return str(getattr(super(), "convert_td")(el, text.replace("|", "\\|"), parent_tags))  # noqa: B009

    def convert_th(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return str(getattr(super(), "convert_th")(el, text.replace("|", "\\|"), parent_tags))  # noqa: B009

    def convert_video(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return ""

    def _block(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # HTML5 sectioning and disclosure elements are blocks, like the <div> markdownify knows
        if "_inline" in parent_tags:
            return f" {text.strip()} "
        text = text.strip()
        return f"\n\n{text}\n\n" if text else ""

    convert_details = convert_summary = convert_header = convert_footer = _block
    convert_nav = convert_aside = convert_main = convert_figure = convert_address = convert_hgroup = _block


_CONVERTER_OPTIONS: dict[str, Any] = {
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


def _parse_html(markup: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # the markup is a fetched page, never a file name or URL; XHTML read as HTML is what we want
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, "html.parser")


def _html_title(soup: BeautifulSoup) -> str | None:
    for tag in (soup.find("title"), soup.find("h1")):
        if isinstance(tag, Tag):
            title = _SPACE_RUN.sub(" ", tag.get_text(" ")).strip()
            if title:
                return title
    return None


def _select(soup: BeautifulSoup, selectors: Iterable[str]) -> list[Tag]:
    """Every element matched by any selector, in document order, without the ones inside another."""
    matched: set[int] = set()
    for selector in selectors:
        try:
            matched.update(id(tag) for tag in soup.select(selector))
        except SelectorSyntaxError as exc:
            raise ValueError(selector_problem(selector) or f"not a valid CSS selector: {selector!r}") from exc
    if not matched:
        return []
    chosen: list[Tag] = []
    for tag in soup.find_all(True):
        if id(tag) in matched and not any(id(parent) in matched for parent in tag.parents):
            chosen.append(tag)
    return chosen


def _extract_html(
    body: bytes, charset: str | None, url: str, select: Sequence[str], remove: Sequence[str]
) -> Extracted:
    try:
        soup = _parse_html(_decode_html(body, charset))
        title = _html_title(soup)
        for node in soup.find_all(
            string=lambda s: isinstance(s, HtmlComment | Declaration | Doctype | ProcessingInstruction)
        ):
            node.extract()
        for tag in soup.find_all(ALWAYS_REMOVED):
            tag.decompose()
    except RecursionError as exc:
        raise ExtractionError("unreadable", f"{_where(url)}is HTML nested too deeply to read") from exc

    if select:
        content = _select(soup, select)
        if not content:
            listed = ", ".join(repr(s) for s in select)
            raise ExtractionError(
                "structure-changed",
                f"{_where(url)}has nothing that matches the selector{'s' if len(select) > 1 else ''} {listed}: "
                "the page was probably redesigned; look at it and update the selectors in the sources file",
            )
    else:
        content = []
        for selector in DEFAULT_SELECTORS:
            content = _select(soup, [selector])
            if content:
                break
        else:
            content = [soup]

    for tag in content:
        for selector in remove:
            try:
                found = tag.select(selector)
            except SelectorSyntaxError as exc:
                raise ValueError(selector_problem(selector) or f"not a valid CSS selector: {selector!r}") from exc
            for unwanted in found:
                unwanted.decompose()

    converter = _TextConverter(**_CONVERTER_OPTIONS)
    try:
        parts = [converter.convert_soup(tag) for tag in content]
    except RecursionError as exc:
        raise ExtractionError("unreadable", f"{_where(url)}is HTML nested too deeply to read") from exc
    text = _normalise(_collapse_spaces("\n\n".join(part.strip("\n") for part in parts)))
    if not text.strip():
        raise ExtractionError("empty", f"{_where(url)}has no text in the selected content")
    return Extracted(text=text, title=title, format="html")


def _collapse_spaces(markdown: str) -> str:
    """One space between words where removed elements (images, buttons) left two; code blocks kept as they are.

    A single leading space is an artefact too (markdownify indents list items by two or more).
    """
    lines = markdown.split("\n")
    in_code = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        elif not in_code:
            line = _INNER_SPACES.sub(" ", line)
            lines[i] = line[1:] if line.startswith(" ") and not line.startswith("  ") else line
    return "\n".join(lines)


# --- PDF --------------------------------------------------------------------------------------------------------------


def _extract_pdf(body: bytes, url: str) -> Extracted:
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("unreadable", f"{_where(url)}is an encrypted PDF that needs a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = _pdf_title(reader)
    except ExtractionError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors for broken or hostile files
        raise ExtractionError(
            "unreadable", f"{_where(url)}is not a readable PDF ({type(exc).__name__}: {exc})"
        ) from exc
    if not pages:
        raise ExtractionError("unreadable", f"{_where(url)}is a PDF with no pages")
    text = _normalise("\n\n".join(page.strip("\n") for page in pages))
    if not text.strip():
        raise ExtractionError("empty", f"{_where(url)}is a PDF without text (scanned images?)")
    return Extracted(text=text, title=title, format="pdf")


def _pdf_title(reader: PdfReader) -> str | None:
    metadata = reader.metadata
    title = metadata.title if metadata is not None else None
    if not isinstance(title, str):
        return None
    return _SPACE_RUN.sub(" ", title).strip() or None


# --- normalisation ----------------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """No trailing spaces, no NBSP, no CR, at most one blank line in a row, no blank start, one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_LINES.sub("\n\n", text)
    text = text.strip("\n")
    return text + "\n"
