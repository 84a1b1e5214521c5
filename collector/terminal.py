"""What the command prints is data from files and the web: it must not drive the terminal.

A model name holding ``ESC ] 8;;`` or ``ESC [ 2J`` would make a terminal hide text, rewrite the screen, set the
window title or plant a link; a bidirectional override would show text in another order than it is. So every
character of that kind (C0 controls but tab and line feed, DEL, C1 controls, bidirectional embeddings, overrides
and isolates) leaves the program as a visible ``\\uXXXX`` escape, which is also a valid escape inside a JSON
string. :func:`guarded` puts the filter on standard output and error for the whole of a command.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with every character that could drive a terminal shown as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeStream:
    """A text stream that writes :func:`terminal_safe` text to ``stream``; ``raw`` is the stream itself."""

    def __init__(self, stream: TextIO) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        self.raw.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno...
        return getattr(self.raw, name)


@contextmanager
def guarded() -> Iterator[None]:
    """Standard output and error filtered by :class:`SafeStream` inside the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def control(text: str) -> None:
    """Write a control sequence of the program's own (a progress bar's carriage return) to standard error."""
    stream = sys.stderr
    getattr(stream, "raw", stream).write(text)
