"""How a claim's status is shown: a symbol and words, never colour alone."""

from __future__ import annotations

import markupsafe

from collector.schema import Status

STATUS_LABELS = {
    Status.DISCLOSED: ("Disclosed", "●"),
    Status.PARTIAL: ("Partially disclosed", "◐"),
    Status.NOT_DISCLOSED: ("Not disclosed", "○"),
    Status.NOT_ASSESSED: ("Not assessed", "–"),
}


_STATUS_HTML = {
    status: markupsafe.Markup(  # noqa: S704 (constant text from our own enum, no data)
        f'<span class="sc-status sc-status--{status.value}"><span aria-hidden="true">{symbol}</span> {label}</span>'
    )
    for status, (label, symbol) in STATUS_LABELS.items()
}


def status_html(status: Status) -> markupsafe.Markup:
    """A status as symbol and words (never colour alone); constant markup, so rendered once, not per cell."""
    return _STATUS_HTML[status]
