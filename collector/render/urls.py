"""Which links data may produce: http(s) only."""

from __future__ import annotations

import re

_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f/?#]+(?:[/?#][^\s\x00-\x1f\x7f]*)?", re.IGNORECASE)


def safe_url(value: object) -> str | None:
    """The URL if it is http(s), else None: data may never produce another scheme of link."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _SAFE_URL.fullmatch(value) else None
