"""The results of ``scorecards verify``, as stored in ``state/verification.json`` and read by the site.

Kept apart from the verifier (which fetches pages) so that building the site
needs nothing but this file: each evidence item is identified by a key made
of the subject, the indicator, the URL and the quote's words, so that
re-ordering evidence or re-wrapping a quote does not lose its verification.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from collector.quotes import normalize
from collector.schema import Evidence


class Verdict(StrEnum):
    VERIFIED = "verified"  # the URL answers and the quote is in the latest text
    QUOTE_MISSING = "quote-missing"  # stale: the latest text of the page no longer has the quote
    URL_MISSING = "url-missing"  # the URL answers 404 or 410
    MOVED = "moved"  # the document moved: a permanent redirect, or the URL is a declared previous URL
    STRUCTURE_CHANGED = "structure-changed"  # the declared selectors no longer match the page
    UNREACHABLE = "unreachable"  # blocked, disallowed, timed out or failing: could not be checked now
    UNCHECKED = "unchecked"  # nothing archived to check the quote against


NEEDS_FIX = frozenset({Verdict.QUOTE_MISSING, Verdict.URL_MISSING, Verdict.MOVED, Verdict.STRUCTURE_CHANGED})


def evidence_key(subject_id: str, indicator_id: str, evidence: Evidence) -> str:
    material = "\0".join([subject_id, indicator_id, evidence.url, normalize(evidence.quote)])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class EvidenceVerification:
    verdict: Verdict
    checked: str  # date of the check, YYYY-MM-DD
    since: str  # date this verdict was first seen
    detail: str = ""
    suggestion: str = ""

    @property
    def needs_fix(self) -> bool:
        return self.verdict in NEEDS_FIX


@dataclass
class VerificationFile:
    """``state/verification.json``: the latest verdict for each evidence item."""

    checked: str | None = None
    offline: bool = False  # quotes were checked against the archive only; no URL was requested
    entries: dict[str, EvidenceVerification] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> VerificationFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = {key: _entry(value) for key, value in dict(data.get("evidence", {})).items()}
            return cls(data.get("checked"), bool(data.get("offline", False)), entries)
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            return cls()  # no verification yet (or an unreadable file): the site shows no verification marks

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "checked": self.checked,
            "offline": self.offline,
            "evidence": {
                key: {k: v for k, v in entry.__dict__.items() if v != ""} for key, entry in sorted(self.entries.items())
            },
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    def lookup(self, subject_id: str, indicator_id: str, evidence: Evidence) -> EvidenceVerification | None:
        return self.entries.get(evidence_key(subject_id, indicator_id, evidence))


def _entry(value: dict[str, Any]) -> EvidenceVerification:
    return EvidenceVerification(
        verdict=Verdict(value["verdict"]),
        checked=str(value["checked"]),
        since=str(value.get("since", value["checked"])),
        detail=str(value.get("detail", "")),
        suggestion=str(value.get("suggestion", "")),
    )
