"""SVG badges, shields-style, at stable URLs: badges/<model id>.svg."""

from __future__ import annotations

from html import escape

_COLOURS = {"high": "#2e7d32", "medium": "#9e7700", "low": "#c25e00", "minimal": "#b3261e", "none": "#6b6b6b"}
_CHAR_W = 6.6  # average glyph width of 11px Verdana, close enough for layout


def badge_svg(label: str, value: str, band: str) -> str:
    """A two-part badge; text is XML-escaped, widths follow the text length."""
    left = int(len(label) * _CHAR_W + 12)
    right = int(len(value) * _CHAR_W + 12)
    total = left + right
    colour = _COLOURS.get(band, _COLOURS["none"])
    text = f"{label}: {value}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{escape(text)}"><title>{escape(text)}</title>'
        f'<rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" height="20" '
        f'fill="{colour}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" '
        f'text-anchor="middle"><text x="{left / 2:.1f}" y="14">{escape(label)}</text>'
        f'<text x="{left + right / 2:.1f}" y="14">{escape(value)}</text></g></svg>\n'
    )
