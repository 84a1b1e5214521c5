"""SVG badges, shields-style, at stable URLs.

- ``badges/<subject id>.svg``: the subject's headline score, ours when we rated it, else its newest rating
  by any index (so Meta's badge shows its FMTI score, not "not rated");
- ``badges/<rubric id>/<subject id>.svg``: its latest score under each rubric it is rated under;
- ``badges/developers/<developer id>.svg`` and ``badges/developers/<rubric id>/<developer id>.svg``: the
  developer's row in the developers ranking (see :mod:`collector.render.developer_rankings`).

Every badge names the rubric it shows in its label, so no badge can be read as another rubric's score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from html import escape

from collector.render import charts
from collector.render.developer_rankings import DeveloperRanking, DeveloperRow
from collector.render.rankings import rubric_short
from collector.render.views import AssessmentView, SiteData
from collector.schema import Rubric
from collector.scoring import AssessmentScore, shown

# White text on each fill has a contrast ratio of at least 4.5:1 (WCAG 1.4.3); tests/test_badges.py checks it.
_COLOURS = {"high": "#2e7d32", "medium": "#806000", "low": "#a14e00", "minimal": "#b3261e", "none": "#6b6b6b"}
LABEL_FILL = "#555"
TEXT_FILL = "#fff"
_CHAR_W = 6.6  # average glyph width of 11px Verdana, close enough for layout

# (path, make the SVG, the scorecards it reads: empty when it reads a whole ranking)
BadgeFile = tuple[str, Callable[[], str], tuple[str, ...]]


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
        f'<rect width="{left}" height="20" fill="{LABEL_FILL}"/><rect x="{left}" width="{right}" height="20" '
        f'fill="{colour}"/><g fill="{TEXT_FILL}" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" '
        f'text-anchor="middle"><text x="{left / 2:.1f}" y="14">{escape(label)}</text>'
        f'<text x="{left + right / 2:.1f}" y="14">{escape(value)}</text></g></svg>\n'
    )


def score_badge(label: str, score: AssessmentScore) -> str:
    """A score, coloured by its band; an incomplete assessment's range in grey, with how much was assessed."""
    if not score.complete:  # a range has no band to be coloured by
        return badge_svg(label, f"{shown(score)}/100 ({score.assessed}/{score.indicator_count})", "none")
    return badge_svg(label, f"{shown(score)}/100", charts.band(score.total))


def _view_badge(view: AssessmentView) -> str:
    return score_badge(rubric_short(view.rubric), view.score)


def _row_badge(row: DeveloperRow, rubric: Rubric) -> str:
    return score_badge(rubric_short(rubric), row.score)


def model_badges(site: SiteData) -> list[BadgeFile]:
    """Every rated subject's headline badge and one per rubric it is rated under; moved ids keep theirs."""
    out: list[BadgeFile] = []
    for model in site.models.values():
        primary = model.primary()
        if primary is None:
            continue  # nothing rated, nothing to show: no badge rather than a "not rated" one
        out.append((f"badges/{model.id}.svg", partial(_view_badge, primary), (model.id,)))
        for rubric_id in dict.fromkeys(a.rubric.id for a in model.assessments):
            latest = model.latest(rubric_id)
            if latest is not None:
                out.append((f"badges/{rubric_id}/{model.id}.svg", partial(_view_badge, latest), (model.id,)))
    for moved in site.dataset.moved:  # a badge in someone's README keeps showing the model's score
        target = site.models.get(moved.to)
        primary = target.primary() if target is not None else None
        if target is not None and primary is not None and moved.from_id not in site.models:
            out.append((f"badges/{moved.from_id}.svg", partial(_view_badge, primary), (target.id,)))
    return out


def developer_badges(rankings: Mapping[tuple[str, str], DeveloperRanking], headline: str | None) -> list[BadgeFile]:
    """Each developer's badge under each rubric (its newest version listing the developer), and a headline
    badge: the headline rubric's row when it has one, else the first rubric's in id order."""
    per_rubric: dict[str, dict[str, tuple[DeveloperRow, Rubric]]] = {}
    for (rubric_id, _), ranking in rankings.items():  # oldest version first: newer ones overwrite
        for row in [*ranking.ranked, *ranking.unranked]:
            per_rubric.setdefault(row.developer.id, {})[rubric_id] = (row, ranking.rubric)
    out: list[BadgeFile] = []
    for developer_id, rows in per_rubric.items():
        first = rows.get(headline or "") or rows[min(rows)]
        out.append((f"badges/developers/{developer_id}.svg", partial(_row_badge, *first), ()))
        for rubric_id, (row, rubric) in rows.items():
            out.append((f"badges/developers/{rubric_id}/{developer_id}.svg", partial(_row_badge, row, rubric), ()))
    return out
