"""The shipped site stays light: one copy of each record, no debugging or unused theme files, no heavy page.

Built once from the shipped data (as the published site is), then measured on disk.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

MAX_PAGE_BYTES = 150 * 1024
# Issue 17 asked for half of the 64 MB the site weighed when it was filed (32 MB). The weight work reached 29.7 MB;
# the same issue's pages for every indicator of every rubric version (12 MB), the scorecards served as YAML (11 MB)
# and the claims in the search index (3 MB) then brought it to 52.6 MiB. Until those are made lighter, this budget
# (about 4% over that) keeps the site from growing unnoticed; it is not the target.
MAX_SITE_BYTES = 55 * 1024 * 1024
QUOTE_FIELDS = ("quote", "note")


@pytest.fixture
def built(shipped_site: Path) -> Path:
    return shipped_site


def files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file()]


def test_the_whole_site_stays_within_its_size_budget(built):
    total = sum(p.stat().st_size for p in files(built))
    assert total <= MAX_SITE_BYTES, f"{total / 2**20:.1f} MB"


# Pages still over the limit, with why each is heavy, each held to about 3% over its size when issue 17's weight work
# stopped, so that none grows unnoticed.  Remove an entry once its page is split; no other page may pass 150 KB.
KNOWN_HEAVY = {
    # FMTI's developer records: 100 indicators, each with FMTI's justification and references as text
    "models/anthropic/index.html": 176_000,
    "models/google/index.html": 171_000,
}


def test_no_html_page_is_over_150_kb(built):
    sizes = {p.relative_to(built).as_posix(): p.stat().st_size for p in built.rglob("*.html")}
    heavy = {page: size for page, size in sizes.items() if size > KNOWN_HEAVY.get(page, MAX_PAGE_BYTES)}
    assert not heavy, heavy


def test_the_known_heavy_pages_still_exist_and_are_still_heavy(built):
    """An entry of KNOWN_HEAVY whose page is gone or now light is stale: remove it."""
    stale = [
        page for page in KNOWN_HEAVY if not (built / page).exists() or (built / page).stat().st_size <= MAX_PAGE_BYTES
    ]
    assert not stale, stale


def test_no_source_map_or_search_language_file_is_shipped(built):
    shipped = [p.relative_to(built).as_posix() for p in files(built)]
    assert not [p for p in shipped if p.endswith(".map")]
    assert not [p for p in shipped if p.startswith("assets/javascripts/lunr/")]  # the site's search is English only
    assert not [p for p in shipped if "sourceMappingURL" in (built / p).read_text(errors="ignore")[-300:]]


def test_a_models_data_file_holds_statuses_and_counts_not_a_second_copy_of_its_quotes(built):
    with zipfile.ZipFile(built / "data" / "scorecards.zip") as bundle:
        full = {r["id"]: r for r in json.loads(bundle.read("scorecards.json"))}
    for model_id, record in full.items():
        mine = json.loads((built / "data" / "models" / f"{model_id}.json").read_text(encoding="utf-8"))
        assert [a["rubric"] for a in mine["assessments"]] == [a["rubric"] for a in record["assessments"]]
        for slim, whole in zip(mine["assessments"], record["assessments"], strict=True):
            assert slim["total"] == whole["total"]
            for indicator_id, claim in whole["indicators"].items():
                assert slim["indicators"][indicator_id]["status"] == claim["status"]
                assert slim["indicators"][indicator_id]["evidence_count"] == len(claim.get("evidence", []))
        text = json.dumps(mine)
        assert not any(f'"{field}"' in text for field in QUOTE_FIELDS), model_id


def test_a_model_page_lists_each_source_once_and_every_quote_links_to_its_entry(built):
    page = (built / "models" / "claude-opus-4" / "index.html").read_text(encoding="utf-8")
    entries = dict(re.findall(r'<li id="(src-\d+)">(.*?)</li>', page))
    assert entries
    assert len(set(entries.values())) == len(entries), "a source is listed twice"
    assert all('href="https://' in entry for entry in entries.values())
    cited = re.findall(r'<a class="sc-cite" href="#(src-\d+)">', page)
    assert len(cited) > len(entries)  # the point: cited many times, written out once
    assert set(cited) == set(entries)
