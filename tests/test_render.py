"""The renderer on its own, without mkdocs: pages, escaping, links, exports."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
import shutil
import zipfile

import pytest
import yaml

from collector.dataset import load_dataset
from collector.render import render_site
from collector.render.site import safe_url
from collector.render.site_items import RenderOptions
from tests.conftest import REPO

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def rendered():
    return render_site(load_dataset(REPO), RenderOptions(templates=REPO / "site" / "templates"))


def falcon_latest() -> dict:
    """The latest assessment of the shipped Falcon-7B scorecard, as plain data to vary."""
    card = yaml.safe_load((REPO / "scorecards" / "tii" / "falcon-7b.yaml").read_text(encoding="utf-8"))
    return card["assessments"][-1]


def write_falcon(project, assessments: list[dict]) -> None:
    card = yaml.safe_load((REPO / "scorecards" / "tii" / "falcon-7b.yaml").read_text(encoding="utf-8"))
    card["assessments"] = assessments
    (project / "scorecards" / "falcon-7b.yaml").write_text(yaml.safe_dump(card, sort_keys=False), encoding="utf-8")


def copy_sources(project) -> None:
    """The rubrics and the archived texts the scorecards quote (copies: the project refuses symlinks)."""
    shutil.copytree(REPO / "rubrics", project / "rubrics")
    shutil.copytree(REPO / "archive", project / "archive")


def page(rendered, slug):
    return next(p for p in rendered.pages if p.slug == slug)


def file(rendered, path):
    return next(f for f in rendered.files if f.path == path)


def unzipped(rendered, path, folder):
    """The one file inside a zipped download, as text."""
    target = folder / "download.zip"
    file(rendered, path).stream(target)
    with zipfile.ZipFile(target) as bundle:
        (name,) = bundle.namelist()
        return bundle.read(name).decode("utf-8")


def test_pages_cover_every_model_and_indicator(rendered):
    slugs = {p.slug for p in rendered.pages}
    assert {"index", "indicators/index", "compare", "methodology", "changes", "downloads"} <= slugs
    assert "models/falcon-7b" in slugs
    assert "indicators/training-data-size" in slugs


def test_page_depth_gives_relative_links_that_reach_the_root(rendered):
    assert page(rendered, "index").depth == 0
    assert page(rendered, "indicators/index").depth == 1
    assert page(rendered, "models/falcon-7b").depth == 2
    assert 'href="../../indicators/' in page(rendered, "models/falcon-7b").body()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=c", "https://example.com/a?b=c"),
        ("http://example.com", "http://example.com"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,x", None),
        ("//example.com", None),
        ("https://exa\nmple.com", None),
        (None, None),
    ],
)
def test_safe_url_allows_only_http_and_https(url, expected):
    assert safe_url(url) == expected


def test_text_from_scorecards_is_escaped(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    copy_sources(project)
    card = (REPO / "scorecards" / "tii" / "falcon-7b.yaml").read_text()
    card = card.replace("name: Falcon-7B", f"name: {json.dumps(PAYLOAD)}", 1)
    (project / "scorecards").mkdir(parents=True)
    (project / "scorecards" / "falcon-7b.yaml").write_text(card)
    rendered = render_site(load_dataset(project), RenderOptions(templates=REPO / "site" / "templates"))
    for each in rendered.pages:
        html = each.body() + each.summary
        assert "<script>window" not in html, each.slug
        assert "<img src=x" not in html, each.slug
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page(rendered, "models/falcon-7b").body()
    assert "<script>" not in file(rendered, "badges/falcon-7b.svg").content


def test_scores_csv_has_a_row_per_indicator_with_evidence_urls(rendered, tmp_path):
    rows = list(csv.DictReader(io.StringIO(unzipped(rendered, "data/scores.zip", tmp_path))))
    falcon = [r for r in rows if r["subject_id"] == "falcon-7b" and r["rubric_version"] == "2.0"]
    assert len(falcon) == 80
    claim = falcon_latest()["indicators"]["training-data-size"]
    size = next(r for r in falcon if r["indicator_id"] == "training-data-size")
    assert size["status"] == claim["status"]
    assert size["elements"].split() == claim.get("elements", [])
    assert size["evidence_urls"].split() == [e["url"] for e in claim["evidence"]]
    assert (size["complete"], size["total"]) == ("no", "")  # an incomplete assessment has bounds, not a total
    assert float(size["lower"]) < float(size["upper"])


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralized():
    from collector.render.exports import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("@SUM(1)") == "'@SUM(1)"
    assert _cell("Falcon") == "Falcon"


def test_the_badge_of_an_incomplete_assessment_shows_its_range_and_how_much_was_assessed(rendered):
    svg = file(rendered, "badges/falcon-7b.svg").content
    assert re.search(r"transparency: \d+–\d+/100 \(\d+/80\)", svg)
    assert 'fill="#6b6b6b"' in svg  # grey: a range has no band


def test_changes_list_status_changes_between_assessments(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    copy_sources(project)
    (project / "scorecards").mkdir(parents=True)
    later = falcon_latest()
    earlier = copy.deepcopy(later)
    earlier["date"] = later["date"] - dt.timedelta(days=1)
    earlier["indicators"]["training-data-size"]["status"] = "not-disclosed"
    earlier["indicators"]["training-data-size"].pop("elements", None)
    write_falcon(project, [earlier, later])
    dataset = load_dataset(project, today=__import__("datetime").date(2026, 12, 1))
    assert dataset.problems == []
    rendered = render_site(dataset, RenderOptions(templates=REPO / "site" / "templates"))
    changes = page(rendered, "changes").body()
    assert "Training data size" in changes
    assert "Falcon-7B" in file(rendered, "feed.xml").content


def test_assessments_under_different_rubric_versions_are_not_listed_as_changes(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    copy_sources(project)
    (project / "scorecards").mkdir()
    shutil.copy(REPO / "scorecards" / "meta" / "meta.yaml", project / "scorecards" / "meta.yaml")  # FMTI editions
    dataset = load_dataset(project)
    assert dataset.problems == []
    rendered = render_site(dataset, RenderOptions(templates=REPO / "site" / "templates"))
    changes = page(rendered, "changes").body()
    assert "Meta" not in changes.split('id="revisions"')[1]  # no indicator diff across versions
    assert "Meta" in changes.split('id="editions"')[1].split('id="revisions"')[0]  # its scores, edition by edition
    history = page(rendered, "models/meta").body().split('id="history"')[1]
    table = history.split("<tbody>")[1].split("</tbody>")[0]
    assert table.count("Foundation Model Transparency Index") == 3  # one row per edition
    chart = history.split('<svg class="sc-chart sc-trajectory"')[1].split("</svg>")[0]
    assert "2023.10 (2023): 54 of 100; 2024.05 (2024): 60 of 100; 2025.12 (2025): 31 of 100" in chart


def test_a_proposal_awaiting_review_and_an_inherited_claim_are_shown(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    copy_sources(project)
    (project / "scorecards").mkdir()
    latest = falcon_latest()
    latest["indicators"]["license"]["proposed"] = {
        "status": "partial",
        "by": "huggingface",
        "collected_on": "2026-11-27",
    }
    latest["indicators"]["intended-use"]["provenance"] = {
        "source": "collector",
        "by": "huggingface",
        "inherited_from": "tiiuae/falcon-rw-7b",
    }
    write_falcon(project, [latest])
    dataset = load_dataset(project)
    assert dataset.problems == []
    body = page(render_site(dataset, RenderOptions(templates=REPO / "site" / "templates")), "models/falcon-7b").body()
    assert "Awaiting review:" in body
    assert "from the card of the base model tiiuae/falcon-rw-7b" in body
