"""The findings page's own chart: disclosure rates as labelled horizontal bars, in inline SVG.

Like :mod:`collector.render.charts`, the chart names itself (<title>, <desc> with every number) and
prints each value beside its bar, so colour carries nothing that text does not also say; the page puts
the same numbers in a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from collector.render import charts
from collector.render.charts import band
from collector.render.findings import Findings
from collector.scoring import AssessmentScore


def rate_bars(rows: Sequence[tuple[str, float | None]], *, title: str, chart_id: str) -> str:
    """One bar per row: (label, share from 0 to 1, or None when nothing was assessed)."""
    row_h, width, label_w = 26, 620, 290
    track = width - label_w - 110
    height = row_h * len(rows) + 8
    parts = []
    for index, (name, rate) in enumerate(rows):
        y = 4 + index * row_h
        shown = "not assessed" if rate is None else f"{rate * 100:.0f}%"
        length = track * max(0.0, min(rate or 0.0, 1.0))
        colour = "" if rate is None else band(rate * 100)
        bar = f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="16" class="sc-band-{colour}"/>'
        bar = bar if rate is not None else ""
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{track}" height="16" class="sc-track"/>{bar}'
            f'<text x="{label_w + track + 6}" y="{y + 17}">{shown}</text>'
        )
    description = "; ".join(
        f"{name}: {'not assessed' if rate is None else f'{rate * 100:.0f}%'}" for name, rate in rows
    )
    return (
        f'<svg class="sc-chart sc-rates" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d"><title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}.</desc>{"".join(parts)}</svg>'
    )


def page_charts(findings: Findings) -> dict[str, Markup]:
    """Every chart of the findings page, by name; a chart whose data is missing is left out."""
    out: dict[str, str] = {}
    for key, result in (("ours", findings.ours), ("index", findings.index)):
        if result is None:
            continue
        name = result.name
        out[f"{key}-domains"] = rate_bars(
            [(d.name, d.tally.rate) for d in result.domains],
            title=f"Disclosure rate per domain, {name}: share of the credit possible on assessed indicators",
            chart_id=f"{key}-domains",
        )
        out[f"{key}-spread"] = charts.domain_bars(
            [(s.subject_name, s.lower, s.upper) for s in sorted(result.scores, key=_middle, reverse=True)],
            title=f"Total score of each rated subject, {name}, out of 100",
            chart_id=f"{key}-spread",
        )
    if findings.access:
        out["access-scores"] = charts.domain_bars(
            [(f"{g.label} (n={g.summary.n})", *g.summary.mean) for g in findings.access],
            title="Mean total score by access class, out of 100",
            chart_id="access-scores",
        )
    return {key: Markup(svg) for key, svg in out.items()}  # noqa: S704 - built here, every text escaped


def _middle(score: AssessmentScore) -> tuple[float, str]:
    return ((score.lower + score.upper) / 2, score.subject_name)
