"""An Atom feed of changes between assessments, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from collector.render.views import Change

_STATUS_TEXT = {
    "disclosed": "disclosed",
    "partial": "partially disclosed",
    "not-disclosed": "not disclosed",
    "not-assessed": "not assessed",
}


def describe(change: Change) -> str:
    after = _STATUS_TEXT[change.after.value]
    if change.kind == "status" and change.before is not None:
        text = f"{change.indicator_name}: {_STATUS_TEXT[change.before.value]} → {after}"
    else:
        text = f"{change.indicator_name}: new evidence ({after})"
    if change.new_evidence:
        text += f"; {len(change.new_evidence)} new source(s)"
    return text


def atom_feed(changes: Sequence[Change], *, site_url: str, site_name: str, limit: int = 200) -> str:
    base = site_url.rstrip("/") + "/" if site_url else ""
    updated = f"{changes[0].date.isoformat()}T00:00:00Z" if changes else "1970-01-01T00:00:00Z"
    entries = []
    for change in changes[:limit]:
        link = f"{base}models/{change.subject_id}/"
        entry_id = (
            f"urn:scorecards:{change.subject_id}:{change.rubric_id}:{change.date.isoformat()}:{change.indicator_id}"
        )
        entries.append(
            "  <entry>\n"
            f"    <title>{escape(change.subject_name)}: {escape(describe(change))}</title>\n"
            f'    <link href="{escape(link)}"/>\n'
            f"    <id>{escape(entry_id)}</id>\n"
            f"    <updated>{change.date.isoformat()}T00:00:00Z</updated>\n"
            f"    <summary>{escape(describe(change))}</summary>\n"
            "  </entry>\n"
        )
    self_link = f'  <link rel="self" href="{escape(base)}feed.xml"/>\n' if base else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(site_name)}: changes</title>\n"
        f"  <id>urn:scorecards:{escape(site_name)}:changes</id>\n"
        f"  <updated>{updated}</updated>\n"
        f"{self_link}"
        f"{''.join(entries)}"
        "</feed>\n"
    )
