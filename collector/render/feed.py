"""An Atom feed (RFC 4287) of what the Changes page shows, newest first.

Three kinds of entry: a subject's score from one edition of an index to the next, a model assessed again under
the same rubric version, and a commit that changed the data.  Ids are ``urn:uuid:`` URIs made (UUID 5) from the
site and what the entry is about, never from the build, so a reader sees each change once however often the
site is rebuilt.  Links are relative to the feed when the site's URL is unknown and absolute when it is set.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from collector.render.changes import Change, EditionSeries, Revision
from collector.render.history import History
from collector.scoring import shown

LIMIT = 200
_STATUS_TEXT = {
    "disclosed": "disclosed",
    "partial": "partially disclosed",
    "not-disclosed": "not disclosed",
    "not-assessed": "not assessed",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 forbids
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # the feed's date when it has no entry: fixed, not the build's


@dataclass(frozen=True)
class Entry:
    key: str  # what the entry is about, the same in every build: the source of its id
    title: str
    updated: dt.datetime
    link: str  # relative to the site's root
    summary: str


def describe(change: Change) -> str:
    after = _STATUS_TEXT[change.after.value]
    if change.kind == "status" and change.before is not None:
        text = f"{change.indicator_name}: {_STATUS_TEXT[change.before.value]} → {after}"
    else:
        text = f"{change.indicator_name}: new evidence ({after})"
    if change.new_evidence:
        text += f"; {len(change.new_evidence)} new source(s)"
    return text


def entries(series: Iterable[EditionSeries], revisions: Iterable[Revision], history: History) -> list[Entry]:
    """Every change the Changes page lists, as feed entries, newest first."""
    out = [*_edition_entries(series), *_revision_entries(revisions), *_commit_entries(history)]
    return sorted(out, key=lambda e: (e.updated, e.key), reverse=True)


def _midnight(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)


def _edition_entries(series: Iterable[EditionSeries]) -> Iterable[Entry]:
    for one in series:
        editions = {e.rubric.version: e for e in one.editions}
        for row in one.rows:
            for old, new in row.steps():
                edition = editions[new.rubric_version]
                caveat = (
                    f"{new.rubric_version} has {edition.indicators} indicators, {edition.kept} of them "
                    f"also in {edition.previous.version if edition.previous else 'the previous edition'}: "
                    "scores across editions are not directly comparable."
                )
                yield Entry(
                    key=f"edition/{one.rubric_id}/{row.model_id}/{old.rubric_version}/{new.rubric_version}",
                    title=(
                        f"{row.model_name}: {one.title} {old.rubric_version} {shown(old)} → "
                        f"{new.rubric_version} {shown(new)}"
                    ),
                    updated=_midnight(new.date),
                    link=f"models/{row.model_id}/",
                    summary=f"{row.model_name} scored {shown(new)} of 100 in {one.title} {new.rubric_version}, "
                    f"{shown(old)} in {old.rubric_version}. {caveat}",
                )


def _revision_entries(revisions: Iterable[Revision]) -> Iterable[Entry]:
    for revision in revisions:
        before, after = revision.before, revision.after
        rubric = revision.rubric
        changed = "; ".join(describe(c) for c in revision.changes[:20])
        if len(revision.changes) > 20:
            changed += f"; and {len(revision.changes) - 20} more"
        yield Entry(
            key=(
                f"revision/{revision.model_id}/{rubric.id}/{rubric.version}/"
                f"{before.assessment.date}/{after.assessment.date}"
            ),
            title=f"{revision.model_name}: {shown(before.score)} → {shown(after.score)} under {rubric.title} "
            f"{rubric.version}",
            updated=_midnight(revision.date),
            link=f"models/{revision.model_id}/",
            summary=f"Assessed again on {after.assessment.date} (before: {before.assessment.date}). "
            f"{len(revision.status_changes)} indicator(s) changed status. {changed}".strip(),
        )


def _commit_entries(history: History) -> Iterable[Entry]:
    for commit in history.commits:
        files = ", ".join(f"{f.path} ({f.status})" for f in commit.files)
        if commit.more:
            files += f", and {commit.more} more"
        yield Entry(
            key=f"commit/{commit.sha}",
            title=f"Data change: {commit.subject}",
            updated=commit.date,
            link=f"changes/#commit-{commit.short}",
            summary=f"Commit {commit.short} changed {files}.",
        )


def _text(value: str) -> str:
    """Text as XML character data: escaped, without the control characters XML cannot hold (a commit
    message may have them), so no text makes the feed unreadable."""
    return escape(_NOT_XML.sub("", value))


def rfc3339(moment: dt.datetime) -> str:
    """A date-time as RFC 3339 wants it: seconds, and a zone (UTC as Z)."""
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def atom_feed(items: Sequence[Entry], *, site_url: str, site_name: str, limit: int = LIMIT) -> str:
    base = site_url.rstrip("/") + "/" if site_url else ""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, base or f"scorecards:{site_name}")
    feed_id = f"{base}feed.xml" if base else f"urn:uuid:{namespace}"
    updated = max((e.updated for e in items), default=_EPOCH)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{_text(site_name)}: changes</title>",
        f"  <subtitle>{_text(_SUBTITLE)}</subtitle>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <updated>{rfc3339(updated)}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + "feed.xml")}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(base + "changes/")}/>',
        f"  <author><name>{_text(site_name)}</name></author>",
    ]
    for entry in items[:limit]:
        lines += [
            "  <entry>",
            f"    <title>{_text(entry.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(_NOT_XML.sub("", base + entry.link))}/>',
            f"    <id>urn:uuid:{uuid.uuid5(namespace, entry.key)}</id>",
            f"    <updated>{rfc3339(entry.updated)}</updated>",
            f"    <summary>{_text(entry.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


_SUBTITLE = (
    "Scores across editions of an index, models assessed again under the same rubric version, "
    "and every commit that changed the data."
)
