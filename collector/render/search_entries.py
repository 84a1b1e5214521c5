"""What the site's search finds inside a model page: one entry per claim, landing on the claim's row.

A model page headlines one assessment (``ModelView.primary``) and gives each of its indicators a row
whose id is ``i-<indicator id>``.  Each row with a claim becomes a search section: its title is the
indicator's name, its text the claim's evidence quotes and note.  The text is plain (untrusted
scorecard and vendor text): whoever writes the index escapes it.

Quotes are often cited for several indicators of one model (the same training-data sentence backs
three or four rows): a quote is indexed on its first row only, which keeps the index small without
losing a word of what can be found.
"""

from __future__ import annotations

from dataclasses import dataclass

from collector.render.views import DEFAULT_RUBRIC, ModelView

# How much a page rated under our rubric outweighs the rest in search: "llama" should list the
# rated Llama models before the index family entries ("Llama-2-70B-Chat", ...) whose titles are as
# short.  Title matches weigh 1000 times text matches, so a small factor orders them without letting
# a rated page's text outrank another page's title.
RATED_BOOST = 4.0


@dataclass(frozen=True)
class Section:
    """A part of a page for search: the fragment it lands on, its title and its text (plain, unescaped)."""

    anchor: str
    title: str
    text: str


def search_boost(model: ModelView) -> float:
    """A model rated under our rubric comes first among equally good matches."""
    return RATED_BOOST if model.latest(DEFAULT_RUBRIC) is not None else 1.0


def claim_sections(model: ModelView) -> list[Section]:
    """A section per claim of the headlined assessment, in page order; quotes repeated on the page once."""
    view = model.primary()
    if view is None:
        return []
    seen: set[str] = set()
    sections = []
    for claim_view in view.claim_views.values():
        claim = claim_view.claim
        if claim is None:
            continue
        parts = [q for q in dict.fromkeys(e.quote for e in claim.evidence) if q not in seen]
        seen.update(parts)
        if claim.note:
            parts.append(claim.note)
        sections.append(Section(f"i-{claim_view.indicator.id}", claim_view.indicator.name, " ".join(parts)))
    return sections
