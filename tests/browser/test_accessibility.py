"""No serious or critical accessibility violations, as axe-core (vendored, tests/vendor/axe-core) finds them.

axe runs once per page (module fixture, one browser context); the tests read its results.
Three issues found by this suite have their own tests below (theme contrast, the search
dialog's name, links told apart by colour only); they are fixed in site/theme and
scorecards.css, and the per-page test checks every rule on every page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import SHIPPED_COMPARE, Site, visit

pytestmark = pytest.mark.slow

AXE = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
PAGES = {
    "leaderboard": "",
    "model": "models/llama-3.1-8b-instruct/",
    "indicator": "indicators/license/",
    "indicators overview": "indicators/",
    "compare": SHIPPED_COMPARE,
    "methodology": "methodology/",
    "sources": "sources/",
    "developer rating": "models/meta/",
    "developers": "developers/",
    "developer": "developers/meta/",
    "findings": "findings/",
    "changes": "changes/",
    "index ranking": "rankings/fmti/2025.12/",
    "developers ranking": "rankings/mof/1.0/developers/",
    "rubric's indicators": "indicators/fmti/2025.12/",
    "index indicator": "indicators/fmti/2025.12/agent-protocols/",
    "heat map": "indicators/heatmap/data-traceability/",
}
# (rule id, pattern matched against a node's target selector): issues fixed once, each kept by its own test below.
KNOWN = {
    "theme-contrast": ("color-contrast", re.compile(r"\.md-tabs__link|\.md-copyright")),
    "search-dialog-name": ("aria-dialog-name", re.compile(r"\.md-search")),
    "link-in-text-block": ("link-in-text-block", re.compile(r".")),
}


@pytest.fixture(scope="module")
def axe_results(browser: Any, site: Site) -> Iterator[dict[str, list[dict]]]:
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    results = {}
    try:
        for name, path in PAGES.items():
            visit(page, site, path)
            page.add_script_tag(path=str(AXE))
            results[name] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
        yield results
    finally:
        context.close()


def blocking_nodes(violations: list[dict], *, ignore: tuple[str, ...] = ()) -> list[dict]:
    """Serious and critical violations, without the nodes of the KNOWN issues named in `ignore`."""
    out = []
    for v in violations:
        if v["impact"] not in BLOCKING:
            continue
        nodes = [n for n in v["nodes"] if not any(
            v["id"] == KNOWN[k][0] and KNOWN[k][1].search(json.dumps(n["target"])) for k in ignore)]  # fmt: skip
        if nodes:
            out.append({**v, "nodes": nodes})
    return out


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(json.dumps(node["target"]) for node in v["nodes"][:3])
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}), {len(v['nodes'])} node(s), e.g. {targets}")
        summary = " ".join((v["nodes"][0].get("failureSummary") or "").split())
        if summary:
            lines.append(f"    {summary[:300]}")
    return "\n".join(lines)


def known_issue(axe_results: dict[str, list[dict]], issue: str) -> str:
    rule, pattern = KNOWN[issue]
    found = []
    for name, violations in axe_results.items():
        for v in blocking_nodes(violations):
            nodes = [n for n in v["nodes"] if v["id"] == rule and pattern.search(json.dumps(n["target"]))]
            if nodes:
                found.append(f"{name}: {describe([{**v, 'nodes': nodes}])}")
    return "\n".join(found)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_has_no_serious_or_critical_accessibility_violation(axe_results, name):
    blocking = blocking_nodes(axe_results[name])
    assert not blocking, f"{name} ({PAGES[name] or '/'}):\n{describe(blocking)}"


def test_axe_ran_on_every_page(axe_results):
    assert set(axe_results) == set(PAGES)


def test_header_tabs_and_footer_text_meet_contrast_requirements(axe_results):
    found = known_issue(axe_results, "theme-contrast")
    assert not found, found


def test_the_search_dialog_has_an_accessible_name(axe_results):
    found = known_issue(axe_results, "search-dialog-name")
    assert not found, found


def test_links_in_running_text_are_distinguishable_without_colour(axe_results):
    found = known_issue(axe_results, "link-in-text-block")
    assert not found, found
