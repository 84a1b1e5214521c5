"""The rankings pages of the built site: developers ranked under every rubric version, pages that speak of
their own rubric, and every ranking reachable from the home page by a plain link.

Expected values come from the shipped rubrics and the built JSON records, not from the renderer's code.
"""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import REPO

pytestmark = pytest.mark.slow

RUBRICS = {
    (r["id"], r["version"]): r
    for r in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "rubrics").glob("*/*.yaml"))
    if "indicators" in r
}
HEADLINE = max((k for k in RUBRICS if k[0] == "transparency"), key=lambda k: [int(p) for p in k[1].split(".")])
DEVELOPER_RUBRICS = {"fmti"}  # the indexes whose scorecards rate developers (kind: developer), not models


@pytest.fixture
def built(shipped_site: Path) -> Path:
    return shipped_site


def soup(built: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((built / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def ranked_keys(built: Path) -> list[tuple[str, str]]:
    """Every (rubric, version) some built record is assessed under: each has rankings."""
    keys = set()
    for path in (built / "data" / "models").glob("*.json"):
        keys.update((a["rubric"], a["rubric_version"]) for a in json.loads(path.read_text())["assessments"])
    return sorted(keys)


def model_ranking_path(key: tuple[str, str]) -> str:
    return "" if key == HEADLINE else f"rankings/{key[0]}/{key[1]}/"


def text(node: object) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()  # type: ignore[attr-defined]


def table_rows(page: BeautifulSoup, selector: str) -> list[dict[str, str]]:
    """The rows of a table as {header text: cell text}."""
    table = page.select_one(selector)
    assert table is not None, selector
    headers = [text(th) for th in table.select("thead th")]
    rows = []
    for tr in table.select("tbody tr"):
        cells = tr.find_all(["th", "td"])
        if len(cells) == len(headers):
            rows.append(dict(zip(headers, (text(c) for c in cells), strict=True)))
    return rows


def latest_assessments(built: Path, key: tuple[str, str]) -> dict[str, dict]:
    """Each subject's latest assessment under one rubric version, from the built JSON records."""
    out = {}
    for path in (built / "data" / "models").glob("*.json"):
        record = json.loads(path.read_text())
        mine = [a for a in record["assessments"] if (a["rubric"], a["rubric_version"]) == key]
        if mine:
            out[record["id"]] = {**max(mine, key=lambda a: a["date"]), "name": record["subject"]["name"]}
    return out


def links_of(built: Path, path: str) -> set[str]:
    """The site paths (folder form, no leading slash) the page at ``path`` links to."""
    base = f"http://site/{path}"
    out = set()
    for a in soup(built, path).select("a[href]"):
        target = urlsplit(urljoin(base, a["href"]))
        if target.netloc == "site":
            out.add(target.path.lstrip("/").removesuffix("index.html"))
    return out


# ------------------------------------------------------------------ developers ranked


def test_each_rubric_version_has_a_developers_ranking_with_one_row_per_developer(built):
    for key in ranked_keys(built):
        page = soup(built, f"rankings/{key[0]}/{key[1]}/developers/")
        names = [text(th) for th in page.select("table tbody th[scope=row]")]
        assert names, key
        assert len(names) == len(set(names)), f"{key}: a developer listed twice"


def test_a_developers_ranking_lists_every_developer_with_a_subject_rated_under_it(built):
    developers = json.loads((built / "data" / "developers.json").read_text())
    owner = {m: d["name"] for d in developers for m in [*d["models"], *d["developer_ratings"]]}
    for key in ranked_keys(built):
        expected = {owner[subject] for subject in latest_assessments(built, key)}
        page = soup(built, f"rankings/{key[0]}/{key[1]}/developers/")
        assert {text(th) for th in page.select("table tbody th[scope=row]")} == expected, key


def test_a_developers_row_under_a_model_rubric_is_its_best_fully_assessed_model(built):
    key = ("mof", "1.0")
    developers = json.loads((built / "data" / "developers.json").read_text())
    scores = latest_assessments(built, key)
    rows = table_rows(soup(built, "rankings/mof/1.0/developers/"), "table.sc-developer-ranking")
    assert rows
    for row in rows:
        developer = next(d for d in developers if d["name"] == row["Developer"])
        mine = [scores[m] for m in developer["models"] if m in scores and scores[m]["complete"]]
        best = max(round(a["total"]) for a in mine)
        assert int(row["Score"]) == best, row
        assert row["Best model"] in {a["name"] for a in mine if round(a["total"]) == best}, row
        assert row["Models rated"].split()[0] == str(sum(1 for m in developer["models"] if m in scores)), row
        assert row["Median"] == f"{statistics.median(a['total'] for a in mine):.0f}", row


def test_a_developers_ranking_states_how_it_makes_one_row_of_many_models(built):
    mof = text(soup(built, "rankings/mof/1.0/developers/").select_one("#rule-h").parent)
    assert "best-scoring model" in mof and "median" in mof
    fmti = text(soup(built, "rankings/fmti/2025.12/developers/").select_one("#rule-h").parent)
    assert "rates developers themselves" in fmti and "flagship model" in fmti


def test_under_an_index_that_rates_developers_a_row_is_the_developers_own_rating(built):
    scores = latest_assessments(built, ("fmti", "2025.12"))
    rows = table_rows(soup(built, "rankings/fmti/2025.12/developers/"), "table.sc-developer-ranking")
    by_name = {a["name"]: round(a["total"]) for a in scores.values()}
    assert {r["Rating"].split(" (")[0]: int(r["Score"]) for r in rows} == by_name


def test_developers_rankings_are_in_the_navigation_and_linked_from_the_developers_page(built):
    tabs = {a.get("href") for a in soup(built, "").select(".md-tabs a[href]")}
    assert any(href.rstrip("/").endswith("developers") for href in tabs), tabs
    linked = links_of(built, "developers/")
    for key in ranked_keys(built):
        assert f"rankings/{key[0]}/{key[1]}/developers/" in linked, key


# ------------------------------------------------------------------ reachable with plain links


def test_the_home_page_links_every_ranking_and_every_developers_ranking(built):
    linked = links_of(built, "")
    for key in ranked_keys(built):
        if key != HEADLINE:
            assert model_ranking_path(key) in linked, key
        assert f"rankings/{key[0]}/{key[1]}/developers/" in linked, key


def test_the_rubric_choice_is_a_form_with_a_button_not_a_select_that_navigates(built):
    form = soup(built, "").select_one("form[data-sc-rubric-form]")
    assert form is not None and form.select_one("select[data-sc-rubric]") is not None
    assert form.select_one("button[type=submit]") is not None
    assert form.has_attr("hidden"), "without JavaScript the form cannot work: it stays hidden, the links do the job"


# ------------------------------------------------------------------ pages that speak of their own rubric


@pytest.mark.parametrize("key", sorted(k for k in RUBRICS if k != HEADLINE))
def test_a_ranking_page_is_titled_with_its_rubric_and_version(built, key):
    if key not in ranked_keys(built):
        pytest.skip("no scorecard is assessed under it")
    page = soup(built, model_ranking_path(key))
    h1 = text(page.select_one("article h1") or page.select_one("h1"))
    name = RUBRICS[key]["title"].split(",")[0]
    assert h1.startswith(name) and key[1] in h1 and h1.endswith("ranking"), h1
    assert "Leaderboard" not in h1
    assert name in text(page.select_one("title"))


@pytest.mark.parametrize("key", sorted(RUBRICS))
def test_a_ranking_page_counts_its_own_rubrics_domains(built, key):
    if key not in ranked_keys(built):
        pytest.skip("no scorecard is assessed under it")
    page = text(soup(built, model_ranking_path(key)))
    domains = len(RUBRICS[key]["domains"])
    assert f"the {domains} domain scores" in page
    assert not re.search(r"the (seven|\d+) domain scores", page.replace(f"the {domains} domain scores", ""))


def test_no_ranking_page_claims_that_its_cells_link_to_evidence(built):
    for key in ranked_keys(built):
        assert "every cell links" not in text(soup(built, model_ranking_path(key))).lower(), key


def test_rubric_labels_name_the_version_once(built):
    page = soup(built, "")
    labels = [text(o) for o in page.select("select[data-sc-rubric] option")]
    labels += [text(li) for li in page.select(".sc-rankings-nav li")]
    assert labels
    for label in labels:
        versions = re.findall(r"\b\d{4}\.\d{2}\b|\b\d+\.\d+\b", label.split(":")[0].split(" (")[0])
        assert len(versions) <= 1, label
        assert not re.search(
            r"(January|February|March|April|May|June|July|August|September|October|November|December)"
            r" \d{4}",
            label,
        ), label


def test_a_ranking_of_developers_heads_its_rows_developer_not_model(built):
    page = soup(built, "rankings/fmti/2025.12/")
    headers = [text(th) for th in page.select("table.sc-leaderboard thead th")]
    assert headers[1] == "Developer"
    assert "Model" not in headers and headers.count("Developer") == 1


def test_unknown_access_reads_unknown_and_is_a_filter_option(built):
    scores = latest_assessments(built, ("mof", "1.0"))
    unknown = {
        a["name"]
        for m, a in scores.items()
        if not json.loads((built / f"data/models/{m}.json").read_text())["subject"].get("access")
    }
    assert unknown, "the shipped MOF data has models whose access is not known"
    page = soup(built, "rankings/mof/1.0/")
    rows = table_rows(page, "table.sc-leaderboard")
    assert {r["Model"] for r in rows if r["Access"] == "unknown"} == unknown
    assert "model" not in {r["Access"] for r in rows}
    options = [o["value"] for o in page.select("select[data-sc-filter=access] option")]
    assert "unknown" in options


def test_sort_buttons_on_a_ranking_page_have_unique_accessible_names(built):
    for path in ["", "rankings/mof/1.0/", "rankings/fmti/2025.12/", "rankings/transparency/2.0/developers/"]:
        names = [b.get("aria-label") or text(b) for b in soup(built, path).select("table th button")]
        assert len(names) == len(set(names)), f"{path or '/'}: {sorted(n for n in names if names.count(n) > 1)}"


def test_a_developer_page_links_its_row_in_every_developers_ranking_it_is_in(built):
    developers = json.loads((built / "data" / "developers.json").read_text())
    meta = next(d for d in developers if d["id"] == "meta")
    keys = set()
    for subject in [*meta["models"], *meta["developer_ratings"]]:
        record = json.loads((built / "data" / "models" / f"{subject}.json").read_text())
        keys.update((a["rubric"], a["rubric_version"]) for a in record["assessments"])
    assert ("fmti", "2025.12") in keys
    page = soup(built, "developers/meta/")
    targets = {
        a["href"].split("rankings/", 1)[1]
        for a in page.select("a[href*='rankings/']")
        if "#developer-meta" in a["href"]
    }
    assert targets == {f"{rubric}/{version}/developers/#developer-meta" for rubric, version in keys}
    for rubric, version in keys:
        row = soup(built, f"rankings/{rubric}/{version}/developers/").select_one("#developer-meta")
        assert row is not None and "Meta" in text(row), (rubric, version)
