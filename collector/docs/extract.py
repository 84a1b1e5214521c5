"""From a fetched vendor document (HTML page, PDF, plain text) to clean Markdown text.

The text is what gets archived, diffed between fetches and searched for quotes,
so it must carry the words of the document and nothing else:

* HTML: parsed by html.parser, with the implied end tags a browser applies
  (``<p>a<p>b`` is two paragraphs, not one inside the other).  Active and
  non-content elements are always removed (scripts, styles, forms, frames,
  embedded objects, SVG, images, ...); the content is what the declared CSS
  selectors match, or else the page's ``main``, ``article``, ``[role=main]``
  or ``body``; ``remove`` selectors drop parts of it.  Then Markdown by
  markdownify: ATX headings, ``-`` bullets, ``*``/``**`` emphasis, Markdown
  tables, but links reduced to their words and images dropped (URLs churn and
  are not what a vendor said).  Each paragraph is one line, whatever the line
  breaks of the HTML source, so that reflowed markup does not show as a
  change.  Text is not escaped (``*``, ``_``, ``<`` stay as they are), except
  ``|`` inside table cells.
* PDF: pypdf's text of each page, in order, pages separated by a blank line;
  lines are the lines of the layout.
* Plain text and Markdown: decoded as they are.

Every format then gets the same normalisation: LF line ends, no control
characters, no non-breaking spaces, no trailing spaces, at most one blank line
in a row, one final newline.  The same input always gives byte-identical
output; when a change here would make it give a different one, bump
``EXTRACTOR_VERSION``, which is archived with every version so that a diff
caused by the extractor is told apart from a diff caused by the vendor.

Whatever the document, the only exception raised for it is ``ExtractionError``
(an invalid CSS selector, a mistake in the sources file, is a ``ValueError``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata

from bs4 import (
    BeautifulSoup,
    CData,
    Declaration,
    Doctype,
    ParserRejectedMarkup,
    ProcessingInstruction,
    Tag,
)
from bs4 import Comment as HtmlComment
from pypdf import PdfReader
from soupsieve import SelectorSyntaxError

from collector.docs.charsets import decode_html, decode_text, strip_bom
from collector.docs.html_markdown import CONVERTER_OPTIONS, TextConverter
from collector.docs.html_parse import parse_html
from collector.docs.pdf_limits import DEFAULT_PDF_LIMITS, PdfLimitError, PdfLimits, page_texts

EXTRACTOR_VERSION = "1"


def _library_versions() -> str:
    return "+".join(f"{name}-{metadata.version(name)}" for name in ("beautifulsoup4", "markdownify", "pypdf"))


#: Stored with every archived version: our rules and the libraries that apply them.  When either changes,
#: the collector re-extracts stored snapshots, and a different text is recorded as a re-extraction, not as
#: a change by the vendor.
EXTRACTOR_ID = f"{EXTRACTOR_VERSION}+{_library_versions()}"

#: What ``ExtractionError.kind`` can be.
ERROR_KINDS = ("structure-changed", "unsupported-type", "unreadable", "empty", "too-large")

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
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACE_RUN = re.compile(r"\s+")
_NUMBER = re.compile(r"[0-9]{1,6}")
_NOT_TEXT = (HtmlComment, Declaration, Doctype, ProcessingInstruction, CData)
_INNER_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


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
    pdf_limits: PdfLimits = DEFAULT_PDF_LIMITS,
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
    if isinstance(select, str):
        select = [select]
    if isinstance(remove, str):
        remove = [remove]
    base_type, type_charset = _parse_media_type(media_type)
    charset = charset or type_charset
    kind = _format_of(body, base_type, url)
    if kind == "pdf":
        return _extract_pdf(body, url, pdf_limits)
    if kind == "text":
        text = _normalise(decode_text(body, charset))
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
        lowered = strip_bom(head).lower()
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


# --- HTML -------------------------------------------------------------------------------------------------------------


def _html_title(soup: BeautifulSoup) -> str | None:
    """The page's <title> (not an SVG icon's), else its first <h1>."""
    for name in ("title", "h1"):
        for tag in soup.find_all(name):
            if tag.find_parent("svg") is None:
                title = _SPACE_RUN.sub(" ", _CONTROLS.sub("", tag.get_text(" "))).strip()
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
        soup = parse_html(decode_html(body, charset))
        title = _html_title(soup)
        # comments, declarations, processing instructions, CDATA sections: nothing a browser shows in HTML
        for node in soup.find_all(string=lambda s: isinstance(s, _NOT_TEXT)):
            node.extract()
        for tag in soup.find_all(ALWAYS_REMOVED):
            tag.decompose()
    except (RecursionError, ParserRejectedMarkup) as exc:
        raise ExtractionError("unreadable", f"{_where(url)}is HTML that cannot be parsed ({exc})") from exc

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

    _keep_only_layout_attributes(content)
    converter = TextConverter(**CONVERTER_OPTIONS)
    try:
        parts = [converter.convert_soup(tag) for tag in content]
    except RecursionError as exc:
        raise ExtractionError("unreadable", f"{_where(url)}is HTML nested too deeply to read") from exc
    text = _normalise(_collapse_spaces("\n\n".join(part.strip("\n") for part in parts)))
    if not text.strip():
        raise ExtractionError("empty", f"{_where(url)}has no text in the selected content")
    return Extracted(text=text, title=title, format="html")


def _keep_only_layout_attributes(content: list[Tag]) -> None:
    """Drop every attribute but a numeric ``start`` (lists) and ``colspan`` (cells): nothing else is converted,
    and markdownify would fail on a non-ASCII digit ("²") in those two."""
    for root in content:
        for tag in [root, *root.find_all(True)]:
            for name, value in list(tag.attrs.items()):
                if name in ("start", "colspan") and isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
                    tag.attrs[name] = value.strip()
                else:
                    del tag.attrs[name]


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
            spaced = _INNER_SPACES.sub(" ", line)
            lines[i] = spaced[1:] if spaced.startswith(" ") and not spaced.startswith("  ") else spaced
    return "\n".join(lines)


# --- PDF --------------------------------------------------------------------------------------------------------------


def _extract_pdf(body: bytes, url: str, limits: PdfLimits) -> Extracted:
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        # many PDFs are encrypted only to set permissions, with an empty password to open them
        opened = not reader.is_encrypted or bool(reader.decrypt(""))
        pages = page_texts(reader, limits) if opened else []
        title = _pdf_title(reader) if opened else None
    except PdfLimitError as exc:
        raise ExtractionError("too-large", f"{_where(url)}is a PDF that {exc}") from exc
    except Exception as exc:  # pypdf raises many kinds of errors for broken or hostile files
        raise ExtractionError(
            "unreadable", f"{_where(url)}is not a readable PDF ({type(exc).__name__}: {exc})"
        ) from exc
    if not opened:
        raise ExtractionError("unreadable", f"{_where(url)}is an encrypted PDF that needs a password")
    if not pages:
        raise ExtractionError("unreadable", f"{_where(url)}is a PDF with no pages")
    text = _normalise("\n\n".join(page.strip("\n") for page in pages))
    if not text.strip():
        raise ExtractionError("empty", f"{_where(url)}is a PDF without text (scanned images?)")
    return Extracted(text=text, title=title, format="pdf")


def _pdf_title(reader: PdfReader) -> str | None:
    """The /Title of the document information, when there is a usable one (a broken one is no reason to fail)."""
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:  # pypdf raises many kinds of errors for broken files
        return None
    if not isinstance(title, str):
        return None
    return _SPACE_RUN.sub(" ", _CONTROLS.sub("", title)).strip() or None


# --- normalisation ----------------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """One form for all formats: LF line ends, no control characters, no NBSP, no trailing spaces,
    at most one blank line in a row, no blank lines at the start, one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\u00a0", " ")
    text = _CONTROLS.sub("", text)
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))  # (a regex would be quadratic on long runs)
    text = _BLANK_LINES.sub("\n\n", text)
    text = text.strip("\n")
    return text + "\n"
