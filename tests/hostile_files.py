"""Hostile documents made on demand (never committed): compression bombs and PDF page bombs."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

MIB = 1024 * 1024
LINE = b"(All work and no play makes a dull model card.) Tj 0 -14 Td "


def page_bomb(pages: int, lines_per_page: int = 40) -> bytes:
    """A PDF of ``pages`` pages that all show one shared content stream: small on disk, long to read."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 720 Td " + LINE * lines_per_page + b"ET")
    shared = writer._add_object(content)
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = resources
        page[NameObject("/Contents")] = shared
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def gzipped_zeros(size: int) -> bytes:
    """gzip of ``size`` zero bytes, made a MiB at a time (the zeros are never all in memory)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MIB)
    parts = [packer.compress(block) for _ in range(size // MIB)]
    return b"".join([*parts, packer.flush()])
