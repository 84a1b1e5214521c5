"""Content-Encoding undone with a cap on the output, checked while decoding.

A few kilobytes of gzip can stand for gigabytes of text, and each stacked encoding ("gzip, gzip, gzip")
multiplies that: the cap must hold during decompression, not be checked on what came out of it.  So the body is
inflated a piece at a time, never past the cap, and at most one encoding is accepted: we ask for gzip or deflate
(``Accept-Encoding``), and no server has a reason to apply both, or one twice.
"""

from __future__ import annotations

import zlib

__all__ = ["ACCEPT_ENCODING", "BodyDecoder", "DecodingError"]

#: What the fetcher asks for: the encodings :class:`BodyDecoder` undoes.
ACCEPT_ENCODING = "gzip, deflate"

_GZIP_WBITS = 16 + zlib.MAX_WBITS
_ZLIB_WBITS = zlib.MAX_WBITS
_RAW_DEFLATE_WBITS = -zlib.MAX_WBITS
_STEP = 1024 * 1024  # decoded bytes per inflation step


class DecodingError(Exception):
    """A body that cannot be decoded: stacked or unknown encodings, or corrupt compressed data."""


class BodyDecoder:
    """Decodes one body given a piece at a time; stops at ``limit`` decoded bytes and sets :attr:`over`.

    ``feed`` returns the decoded bytes of each piece; together they never exceed ``limit`` bytes.  Once ``over`` is
    set (the body decodes to more than ``limit`` bytes), the caller stops reading.
    """

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        self.limit = limit
        self.size = 0  # decoded bytes returned so far
        self.over = False
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        if len(codings) > 1:
            raise DecodingError(
                f"the body is encoded {len(codings)} times over (Content-Encoding: {', '.join(codings)}); "
                "one encoding is accepted, a stack of them is how a small response becomes gigabytes"
            )
        self.coding = codings[0] if codings else None
        if self.coding not in (None, "gzip", "x-gzip", "deflate"):
            raise DecodingError(f"the body is encoded as {self.coding!r}, which was not asked for (only gzip, deflate)")
        wbits = _GZIP_WBITS if self.coding in ("gzip", "x-gzip") else _ZLIB_WBITS
        self._wbits = wbits
        self._inflater = zlib.decompressobj(wbits) if self.coding else None
        self._started = False

    def feed(self, data: bytes) -> bytes:
        if self.over or not data:
            return b""
        if self._inflater is None:
            return self._take([data])
        pieces: list[bytes] = []
        produced = 0
        while data and self.size + produced <= self.limit:
            # In steps, one byte past the cap at most (which tells "over" from "exactly at the cap").
            room = min(self.limit - self.size - produced + 1, _STEP)
            try:
                piece = self._inflater.decompress(data, room)
            except zlib.error as exc:
                if self.coding == "deflate" and not self._started:
                    # "deflate" is zlib-wrapped by the standard, raw by some servers: try the other once.
                    self._inflater = zlib.decompressobj(_RAW_DEFLATE_WBITS)
                    self._started = True
                    continue
                raise DecodingError(f"the {self.coding} body is corrupt ({exc})") from exc
            self._started = True
            pieces.append(piece)
            produced += len(piece)
            tail = self._inflater.unconsumed_tail
            if not piece and tail == data:
                break  # no progress (cannot happen with room >= 1; a guard against looping forever)
            if tail:
                data = tail  # the output filled the step: there is more to inflate
            elif self._inflater.eof and self._inflater.unused_data:
                data = self._inflater.unused_data  # a gzip file of several members: each is inflated in turn
                self._inflater = zlib.decompressobj(self._wbits)
            else:
                data = b""
        return self._take(pieces)

    def _take(self, pieces: list[bytes]) -> bytes:
        """The pieces joined, cut at the cap (without copying more than the cap)."""
        room = self.limit - self.size
        kept: list[bytes] = []
        for piece in pieces:
            if len(piece) > room:
                self.over = True
                piece = piece[:room]  # noqa: PLW2901 (the last piece, cut)
            kept.append(piece)
            room -= len(piece)
            if self.over:
                break
        data = b"".join(kept)
        self.size += len(data)
        return data
