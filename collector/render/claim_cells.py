"""The evidence cell of a model page's claim table, written in Python rather than a template.

A model page has a row per indicator (80 for our rubric) and each row lists a
checklist, quotes, sources, what was searched and who made the claim: the
bulk of every page.  As Jinja macros this cost most of a build; plain string
building with the same escaping is several times faster.  Every value from a
scorecard goes through :func:`markupsafe.escape`, every link through
:func:`safe_url`, as in the templates.

Long source URLs are shown short (host, then the last part of the path); the
link itself is the whole URL.  The same source is cited many times on a page
(an index's report backs all its 100 claims on a model): written out at each
quote, its link and archived copy were a third of the biggest pages.  So a
page lists each source once (:class:`SourceList`, shown at the end of the
page) and each quote links to its entry there, a plain in-page link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from collector.render.urls import safe_url
from collector.schema import Claim, Evidence, Indicator, Provenance, SearchedDocument, Status
from collector.verification import EvidenceVerification

SHORT_URL = 60  # URLs up to this long are shown whole (without the scheme)


@dataclass
class SourceList:
    """The distinct sources one page cites, numbered in the order first cited, and who made the page's claims
    when one provenance covers them all (an import's hundred claims): said once, not on every row."""

    root: str
    shared: Provenance | None = None
    numbers: dict[tuple[str, str | None, bool, str | None, str], int] = field(default_factory=dict)

    def cite(self, e: Evidence) -> str:
        """A link to the source's entry in the page's list, which is added on first citation."""
        original = str(e.original) if e.original else None
        key = (str(e.url), original, e.gone, e.archive, e.retrieved.isoformat())
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        return f'<a class="sc-cite" href="#src-{number}">[{number}] {escape(urlsplit(key[0]).hostname or "")}</a>'

    def html(self) -> Markup:
        """The list itself: each source's link, the page it copies, whether it is gone, when it was read,
        its archived copy.  A source read on two dates is listed twice."""
        items = []
        for (url, original, gone, archive, retrieved), number in self.numbers.items():
            entry = [source_link(url)]
            if original:
                lost = ", which <strong>no longer exists</strong>: the archived copy stands for it" if gone else ""
                entry.append(f" (a copy of {source_link(original)}{lost})")
            elif gone:
                entry.append(" (<strong>no longer exists</strong>: the archived copy stands for it)")
            entry.append(f" · retrieved {_time(retrieved)}")
            if archive:
                entry.append(f" · {archived_link(self.root, archive)}")
            items.append(f'<li id="src-{number}">{"".join(entry)}</li>')
        return Markup(f'<ol class="sc-sources">{"".join(items)}</ol>')  # noqa: S704 (escaped above)

    def shared_html(self) -> Markup:
        return Markup(provenance(self.shared)) if self.shared else Markup("")  # noqa: S704 (escaped there)


def claim_cell(
    indicator: Indicator,
    claim: Claim,
    sources: SourceList,
    verdict_of: Callable[[Evidence], EvidenceVerification | None],
    status_html: Callable[[Status], Markup],
) -> Markup:
    root = sources.root
    parts = [
        checklist(indicator, claim),
        evidence_list(claim.evidence, sources, verdict_of),
        searched(claim.searched, root),
    ]
    if claim.note:
        parts.append(f'<p class="sc-note">{escape(claim.note)}</p>')
    if claim.provenance != sources.shared:
        parts.append(f'<p class="sc-muted">{provenance(claim.provenance)}</p>')
    proposed = claim.proposed
    if proposed is not None:
        when = _time(proposed.collected_on.isoformat())
        if proposed.status is not None:
            found = f"{escape(proposed.by)} found {status_html(proposed.status)}"
        else:
            found = (
                f"{escape(proposed.by)} found a passage that may bear on this indicator "
                "(a lead, not a finding; no status proposed)"
            )
        note = f" {escape(proposed.note)}" if proposed.note else ""
        parts.append(
            f'<div class="sc-proposal"><p><strong>Awaiting review:</strong> {found} on {when}.{note}</p>'
            f"{evidence_list(proposed.evidence, sources, lambda _: None)}</div>"
        )
    return Markup("\n".join(p for p in parts if p))  # noqa: S704 (every value above is escaped)


def checklist(indicator: Indicator, claim: Claim) -> str:
    if not indicator.elements or claim.status is Status.NOT_ASSESSED:
        return ""
    shown = set(claim.elements or [])
    items = "".join(
        f'<li data-mark="✓">{escape(e.name)} (shown)</li>'
        if e.id in shown
        else f'<li data-mark="✗">{escape(e.name)} (missing)</li>'
        for e in indicator.elements
    )
    return f'<ul class="sc-elements" aria-label="Checklist for full credit">{items}</ul>'


def evidence_list(
    items: Iterable[Evidence], sources: SourceList, verdict_of: Callable[[Evidence], EvidenceVerification | None]
) -> str:
    out = []
    for e in items:
        verdict = verdict_of(e)
        stale = ' class="sc-evidence--stale"' if verdict is not None and verdict.needs_fix else ""
        source = [sources.cite(e)]
        if e.locator:
            source.append(f" · {escape(e.locator)}")
        if verdict is not None:
            source.append(f" · {verification_mark(verdict)}")
        out.append(
            f'<li{stale}><blockquote class="sc-quote">{escape(e.quote)}</blockquote>'
            f'<div class="sc-source">{"".join(source)}</div></li>'
        )
    return f'<ul class="sc-evidence">{"".join(out)}</ul>' if out else ""


def searched(items: Iterable[SearchedDocument], root: str) -> str:
    documents = []
    for d in items:
        archived = f" ({archived_link(root, d.archive)})" if d.archive else ""
        documents.append(f"{source_link(str(d.url), d.title)}{archived}")
    return f'<p class="sc-searched">Searched without finding it: {"; ".join(documents)}</p>' if documents else ""


def provenance(p: Provenance) -> str:
    by = escape(p.by)
    if p.source.value == "collector":
        inherited = f" from the card of the base model {escape(p.inherited_from)}" if p.inherited_from else ""
        made = f"Collected by {by}{inherited}"
    elif p.source.value == "import":
        made = f"Imported from {by}"
    else:
        made = f"Written by {by}"
    if p.reviewed_by:
        on = _time(p.reviewed_on.isoformat()) if p.reviewed_on else ""
        reviewed = f" · reviewed by {escape(p.reviewed_by)} on {on}"
    elif p.source.value != "import":
        reviewed = ' · <strong class="sc-unreviewed">not reviewed</strong>'
    else:
        reviewed = ""
    return f'<span class="sc-provenance">{made}{reviewed}</span>'


def verification_mark(v: EvidenceVerification) -> str:
    verdict = v.verdict.value
    detail = escape(v.detail)
    if verdict == "verified":
        return f'<span class="sc-verified" title="{detail}">verified {_time(v.checked)}</span>'
    if v.needs_fix:
        label = {"quote-missing": "Stale", "url-missing": "Source gone", "moved": "Source moved"}.get(
            verdict, "Source page changed layout"
        )
        suggestion = f" ({escape(v.suggestion)})" if v.suggestion else ""
        return (
            f'<strong class="sc-stale sc-stale--{escape(verdict)}">{label} since {_time(str(v.since))}</strong>: '
            f"{detail}{suggestion}"
        )
    return f'<span class="sc-unverified">not verified on {_time(v.checked)}: {detail}</span>'


@lru_cache(maxsize=4096)
def source_link(url: str, text: str | None = None) -> str:
    """A link to an outside source: the URL shortened as its text, or ``text``; plain text if not http(s)."""
    shown = escape(text) if text else escape(short_url(url))
    href = safe_url(url)
    if href is None:
        return str(shown)
    return f'<a href="{escape(href)}" rel="nofollow noopener noreferrer">{shown}</a>'


def short_url(url: str) -> str:
    """``github.com/…/report.csv`` for a long URL; a short one whole, without its scheme."""
    bare = url.split("://", 1)[-1]
    if len(bare) <= SHORT_URL:
        return bare
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.path
    if len(last) > 40:
        last = last[:39] + "…"
    return f"{parts.hostname or ''}/…/{last}"


def archived_link(root: str, ref: str) -> str:
    return f'<a class="sc-archived" href="{escape(root)}archive/{escape(ref)}.txt">archived copy</a>'


def _time(value: str) -> str:
    value = str(escape(value))
    return f'<time datetime="{value}">{value}</time>'
