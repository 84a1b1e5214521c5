"""Inline SVG charts: no JavaScript library, readable without colour, with text alternatives.

Every chart has a <title> and <desc>, and the pages put the same numbers in a
table next to it, so screen readers and people who cannot tell colours apart
get the same information.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def band(score: float) -> str:
    """A score band, used for colour and also spelled out in text."""
    if score >= 75:
        return "high"
    if score >= 50:
        return "medium"
    if score >= 25:
        return "low"
    return "minimal"


def histogram(totals: Sequence[float], *, title: str) -> str:
    """Counts of totals in ten 10-point bins, as vertical bars with count labels."""
    bins = [0] * 10
    for total in totals:
        bins[min(int(total // 10), 9)] += 1
    width, height, pad = 520, 200, 28
    bar_w = (width - 2 * pad) / 10
    top = max(bins) or 1
    bars = []
    for index, count in enumerate(bins):
        bar_h = (height - 2 * pad) * count / top
        x = pad + index * bar_w
        y = height - pad - bar_h
        label = f"{index * 10}-{index * 10 + 9 if index < 9 else 100}"
        bars.append(
            f'<g class="sc-bin"><rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" height="{bar_h:.1f}" '
            f'class="sc-band-{band(index * 10 + 5)}"><title>{label}: {count}</title></rect>'
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{count or ""}</text>'
            f'<text x="{x + bar_w / 2:.1f}" y="{height - pad + 14:.1f}" text-anchor="middle">{label}</text></g>'
        )
    description = ", ".join(f"{i * 10} to {i * 10 + 9 if i < 9 else 100}: {c}" for i, c in enumerate(bins))
    return (
        f'<svg class="sc-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="hist-t hist-d">'
        f'<title id="hist-t">{escape(title)}</title><desc id="hist-d">Number of models per score range: '
        f"{escape(description)}.</desc>{''.join(bars)}</svg>"
    )


def domain_bars(rows: Sequence[tuple[str, float, float]], *, title: str, chart_id: str) -> str:
    """Horizontal bars, one per domain: (name, lower, upper).  A complete domain has lower == upper and is
    coloured by its band; an incomplete one shows its range in grey (solid to the lower bound, light to the upper)."""
    row_h, width, label_w = 26, 520, 190
    height = row_h * len(rows) + 8
    track = width - label_w - 60
    parts = []
    for index, (name, lower, upper) in enumerate(rows):
        y = 4 + index * row_h
        low = track * max(0.0, min(lower, 100.0)) / 100
        high = track * max(0.0, min(upper, 100.0)) / 100
        complete = round(lower, 6) == round(upper, 6)
        label = f"{lower:.0f}" if complete else f"{lower:.0f}–{upper:.0f}"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{track}" height="16" class="sc-track"/>'
            + (
                ""
                if complete
                else f'<rect x="{label_w}" y="{y + 4}" width="{high:.1f}" height="16" class="sc-unknown"/>'
            )
            + f'<rect x="{label_w}" y="{y + 4}" width="{low:.1f}" height="16" '
            f'class="{"sc-band-" + band(lower) if complete else "sc-known"}"/>'
            f'<text x="{label_w + high + 6:.1f}" y="{y + 17}">{label}</text>'
        )
    description = "; ".join(
        f"{name}: {lower:.0f} of 100"
        if round(lower, 6) == round(upper, 6)
        else f"{name}: between {lower:.0f} and {upper:.0f} of 100 (not every indicator assessed)"
        for name, lower, upper in rows
    )
    return (
        f'<svg class="sc-chart sc-bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d"><title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>{"".join(parts)}</svg>'
    )


def trajectory(points: Sequence[tuple[str, float]], *, title: str, chart_id: str) -> str:
    """A score over successive assessments (e.g. FMTI's editions): labelled points joined by a line."""
    width, height, pad_x, pad_top, pad_bottom = 520, 180, 48, 20, 34
    step = (width - 2 * pad_x) / max(len(points) - 1, 1)

    def y_of(score: float) -> float:
        return pad_top + (height - pad_top - pad_bottom) * (1 - max(0.0, min(score, 100.0)) / 100)

    coords = [(pad_x + index * step, y_of(score)) for index, (_, score) in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    marks = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="sc-band-{band(score)}"/>'
        f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">{score:.0f}</text>'
        f'<text x="{x:.1f}" y="{height - pad_bottom + 18:.1f}" text-anchor="middle">{escape(label)}</text>'
        for (x, y), (label, score) in zip(coords, points, strict=True)
    )
    axis = f'<line x1="{pad_x - 20}" y1="{y_of(0):.1f}" x2="{width - pad_x + 20}" y2="{y_of(0):.1f}" class="sc-axis"/>'
    description = "; ".join(f"{label}: {score:.0f} of 100" for label, score in points)
    return (
        f'<svg class="sc-chart sc-trajectory" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d"><title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>{axis}'
        f'<polyline points="{line}" class="sc-line"/>{marks}</svg>'
    )
