"""From the bytes of a fetched document to text: byte-order marks, declared charsets, HTML's <meta> charset."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html", "decode_text", "strip_bom"]

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
}
# A page that declares UTF-16 in a <meta> has been read as ASCII-compatible bytes to find it: it is not UTF-16.
_META_NOT_UTF16 = {"utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "utf_16": "utf-8"}
# Python codecs that are not character encodings a server could mean (or that always fail, or unescape text).
_NOT_CHARSETS = frozenset({"undefined", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "mbcs", "oem"})
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def strip_bom(body: bytes) -> bytes:
    for bom, _ in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :]
    return body


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for a label that names no character encoding."""
    if not label:
        return None
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # rot13, base64, zlib...: codecs, but not text encodings (bytes.decode refuses them)
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in _NOT_CHARSETS:
        return None
    return info.name


def _decode(body: bytes, codec: str | None) -> str:
    """``body`` decoded, bad bytes replaced; UTF-8 when there is no usable codec."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(bom_codec, errors="replace")
    try:
        return body.decode(codec or "utf-8", errors="replace")
    except (LookupError, UnicodeError):  # a codec that cannot decode at all, even with replacement
        return body.decode("utf-8", errors="replace")


def decode_text(body: bytes, charset: str | None) -> str:
    return _decode(body, _codec(charset))


def decode_html(body: bytes, charset: str | None) -> str:
    """Byte-order mark, else the declared charset, else the page's <meta> charset, else UTF-8."""
    codec = _codec(charset)
    if codec is None:
        match = _META_CHARSET.search(body[: _SNIFF_BYTES * 4])
        if match:
            label = match.group(1).decode("ascii").strip().lower()
            codec = _codec(_META_NOT_UTF16.get(label, label))
    return _decode(body, codec)
