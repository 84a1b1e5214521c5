"""The real site: mkdocs-material builds through our plugin, in a temporary folder."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from collector.sitebuild import build
from tests.conftest import REPO, copy_shipped_project

pytestmark = pytest.mark.slow


def copy_project(target: Path) -> Path:
    return copy_shipped_project(target, ("site", "rubrics", "scorecards", "archive", "imports"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = build(project, site_dir=project / "out", strict=True)
    assert result.error is None, result.error
    return project / "out"


def test_strict_build_of_the_shipped_data_succeeds(built):
    assert (built / "index.html").exists()


def test_every_model_has_a_page_and_a_json_record(built):
    ids = [p.stem for p in (REPO / "scorecards").rglob("*.yaml")]
    for model_id in ids:
        assert (built / "models" / model_id / "index.html").exists()
        record = json.loads((built / "data" / "models" / f"{model_id}.json").read_text())
        assert record["id"] == model_id


def test_a_badge_exists_exactly_for_the_subjects_rated_under_some_rubric(built):
    for path in (REPO / "scorecards").rglob("*.yaml"):
        record = json.loads((built / "data" / "models" / f"{path.stem}.json").read_text())
        badge = built / "badges" / f"{path.stem}.svg"
        assert badge.exists() == bool(record["assessments"]), path.stem
        if badge.exists():
            ET.fromstring(badge.read_text())
        ours = any(a["rubric"] == "transparency" for a in record["assessments"])
        page = (built / "models" / path.stem / "index.html").read_text()
        assert (f"badges/{path.stem}.svg" in page) == ours, path.stem  # the page offers the badge of our score


def test_every_indicator_has_a_page(built):
    rubric = json.loads((built / "data" / "rubric.json").read_text())
    for indicator in rubric["indicators"]:
        assert (built / "indicators" / indicator["id"] / "index.html").exists()


def test_data_exports_are_written(built):
    with zipfile.ZipFile(built / "data" / "scorecards.zip") as bundle:
        records = json.loads(bundle.read("scorecards.json"))
    assert len(records) == len(list((REPO / "scorecards").rglob("*.yaml")))
    with zipfile.ZipFile(built / "data" / "scores.zip") as bundle:
        rows = list(csv.DictReader(io.StringIO(bundle.read("scores.csv").decode("utf-8"))))
    assert any(row["evidence_urls"].startswith("https://") for row in rows)
    assert {"subject_id", "indicator_id", "status", "total", "evidence_urls", "made_by"} <= set(rows[0])
    assert (built / "schema" / "scorecard.schema.json").exists()
    ET.fromstring((built / "feed.xml").read_text())


def test_model_page_shows_evidence_from_the_scorecard(built):
    html = (built / "models" / "falcon-7b" / "index.html").read_text()
    assert "Falcon-7B was trained on 1,500B tokens" in html
    assert 'href="https://huggingface.co/tiiuae/falcon-7b"' in html
    assert "retrieved" in html


def test_the_full_body_replaces_the_search_summary(built):
    html = (built / "models" / "falcon-7b" / "index.html").read_text()
    assert "scorecards:summary" not in html
    assert html.count("<h1") == 1


def test_search_indexes_models_by_name(built):
    index = json.loads((built / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert "models/falcon-7b/" in locations


def test_the_site_loads_nothing_from_elsewhere(built):
    for page in built.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text, page
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text, page
        for tag in ('<script src="http', '<link href="http', '<img src="http'):
            assert tag not in text, (page, tag)


def test_a_data_problem_fails_a_strict_build_with_a_short_message(tmp_path):
    project = copy_project(tmp_path / "project")
    card = next((project / "scorecards").rglob("falcon-7b.yaml"))
    card.write_text(card.read_text().replace("status: disclosed", "status: disclosd", 1))
    result = build(project, site_dir=project / "out", strict=True)
    assert result.error is not None
    assert "Traceback" not in result.error


def test_a_data_problem_is_shown_on_the_leaderboard_of_a_lenient_build(tmp_path):
    project = copy_project(tmp_path / "project")
    card = next((project / "scorecards").rglob("falcon-7b.yaml"))
    card.write_text(card.read_text().replace("status: disclosed", "status: disclosd", 1))
    result = build(project, site_dir=project / "out", strict=False)
    assert result.error is None
    html = (project / "out" / "index.html").read_text()
    assert "problem(s) in the data" in html
    assert "falcon-7b.yaml" in html
    assert "did you mean &#39;disclosed&#39;" in html
    assert not (project / "out" / "models" / "falcon-7b").exists()


def test_edit_link_appears_when_repo_url_is_configured(tmp_path, monkeypatch):
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SCORECARDS_REPO_URL", "https://github.com/example/scorecards")
    project = copy_project(tmp_path / "project")
    build(project, site_dir=project / "out", strict=True)
    html = (project / "out" / "models" / "falcon-7b" / "index.html").read_text()
    assert 'href="https://github.com/example/scorecards/edit/main/scorecards/tii/falcon-7b.yaml"' in html


def test_in_github_actions_edit_links_point_at_the_repository_being_built(tmp_path, monkeypatch):
    monkeypatch.delenv("SCORECARDS_REPO_URL", raising=False)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/fork")
    project = copy_project(tmp_path / "project")
    build(project, site_dir=project / "out", strict=True)
    html = (project / "out" / "models" / "falcon-7b" / "index.html").read_text()
    assert 'href="https://github.com/someone/fork/edit/main/scorecards/tii/falcon-7b.yaml"' in html
