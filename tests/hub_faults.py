"""Hostile answers for the replay Hub (:mod:`tests.hub_replay`): what a compromised proxy, a captive portal or a
hostile repository could send a collector.

* ``"headers"``: the normal answer with some headers replaced (``set``: a mapping), e.g. an ``X-Repo-Commit`` of
  ``../../../../outside`` or a ``Retry-After`` of a day.
* ``"trickle"``: the normal status and headers, then the body one byte every ``interval`` seconds (default 1), so
  that no single read ever times out.
* ``"redirect"``: after ``seconds`` (default 0), a 302 to ``to`` (default: the same path, a loop); the Hub itself
  redirects renamed repositories and large files, to storage on another host.
* ``"gzip"``: the normal answer gzip-compressed ``layers`` times (default 1) with ``Content-Encoding`` saying so;
  with ``bomb`` (a size in bytes), the body is that many zero bytes instead, compressed: a decompression bomb.
* ``"html"``: status 200 and a sign-in page, as a captive portal or an expired session serves it, with
  ``content_type`` (default ``text/html; charset=utf-8``; give ``text/plain`` for a page that lies about its type).
"""

from __future__ import annotations

import gzip
import threading
import zlib
from typing import Any, BinaryIO

#: A sign-in page like the ones that replace a file when a session has expired.
SIGN_IN_PAGE = b"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<h1>Sign in to continue</h1>
<p>The license of this model is Apache 2.0 and it was trained on 2T tokens of public web data.</p>
<form action="/login" method="post"><input name="username"><input name="password" type="password"></form>
</body>
</html>
"""

OPTIONS: dict[str, frozenset[str]] = {
    "headers": frozenset({"set"}),
    "trickle": frozenset({"interval"}),
    "html": frozenset({"content_type"}),
    "gzip": frozenset({"layers", "bomb"}),
    "redirect": frozenset({"to", "seconds"}),
}


def gzipped(body: bytes, options: dict[str, Any]) -> tuple[bytes, str]:
    """(compressed body, Content-Encoding) for the ``gzip`` fault."""
    layers = int(options.get("layers", 1))
    if "bomb" in options:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        zeros = bytes(1024 * 1024)
        pieces = [compressor.compress(zeros) for _ in range(int(options["bomb"]) // len(zeros))]
        body = b"".join([*pieces, compressor.flush()])
        layers -= 1
    for _ in range(layers):
        body = gzip.compress(body)
    return body, ", ".join(["gzip"] * max(int(options.get("layers", 1)), 1))


def html_headers(options: dict[str, Any]) -> dict[str, str]:
    return {"Content-Type": str(options.get("content_type", "text/html; charset=utf-8"))}


def trickle(stream: BinaryIO, body: bytes, interval: float, stopping: threading.Event) -> None:
    """Write ``body`` one byte at a time, ``interval`` seconds apart, until done or the server stops."""
    for index in range(len(body)):
        if stopping.wait(interval if index else 0):
            return
        try:
            stream.write(body[index : index + 1])
            stream.flush()
        except OSError:  # the client gave up: that is what this fault is for
            return
