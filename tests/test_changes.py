"""The Changes page: scores across editions of an index, reassessments under one rubric version, and the data
changes between builds read from git."""

from __future__ import annotations

import copy
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml

from collector.dataset import Dataset, load_dataset
from collector.render import render_site
from collector.render.changes import edition_series
from collector.render.history import read_history
from collector.render.site_items import RenderOptions
from collector.render.views import build_site_data
from collector.scoring import shown
from collector.sitebuild import build
from tests.conftest import REPO, copy_shipped_project

TEMPLATES = REPO / "site" / "templates"
SITE_URL = "https://example.org/scorecards/"


@pytest.fixture(scope="module")
def shipped_dataset():
    """The shipped dataset (the FMTI imports are in it), loaded once for the module."""
    return load_dataset(REPO)


@pytest.fixture(scope="module")
def shipped(shipped_dataset):
    return build_site_data(shipped_dataset)


def changes_page(project: Path | Dataset, **options: str) -> str:
    dataset = project if isinstance(project, Dataset) else load_dataset(project)
    rendered = render_site(dataset, RenderOptions(templates=TEMPLATES, **options))
    return next(p for p in rendered.pages if p.slug == "changes").body()


def git(project: Path, *args: str, date: str = "2026-01-02T10:00:00+00:00") -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")},
        "GIT_CONFIG_GLOBAL": os.devnull,  # in a git hook, GIT_DIR would point these commands at the project
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def set_status(path: Path, indicator: str, status: str) -> None:
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    claim = card["assessments"][-1]["indicators"][indicator]
    claim["status"] = status
    path.write_text(yaml.safe_dump(card, sort_keys=False), encoding="utf-8")


@pytest.fixture
def git_project(mini_project: Path) -> Path:
    """The mini project as a git repository of two commits: the data as shipped, then one claim changed."""
    git(mini_project, "init", "-q", "-b", "main")
    git(mini_project, "add", "-A")
    git(mini_project, "commit", "-q", "-m", "Add the Acme scorecards", date="2026-01-01T09:00:00+00:00")
    set_status(mini_project / "scorecards" / "acme" / "acme-one.yaml", "data-sources", "disclosed")
    git(mini_project, "commit", "-q", "-am", "Acme One: <b>all sources</b> named", date="2026-01-02T10:00:00+00:00")
    return mini_project


# ------------------------------------------------------------------ across editions


def test_meta_fmti_scores_are_shown_edition_by_edition(shipped):
    fmti = next(s for s in edition_series(shipped.models.values(), shipped.dataset.rubrics) if s.rubric_id == "fmti")
    assert [e.rubric.version for e in fmti.editions] == ["2023.10", "2024.05", "2025.12"]
    meta = next(row for row in fmti.rows if row.model_id == "meta")
    assert [round(s.total) for s in meta.scores if s is not None] == [54, 60, 31]


def test_fmti_editions_state_their_indicator_counts_and_that_scores_are_not_comparable(shipped):
    fmti = next(s for s in edition_series(shipped.models.values(), shipped.dataset.rubrics) if s.rubric_id == "fmti")
    assert [e.indicators for e in fmti.editions] == [100, 100, 100]
    newest = fmti.editions[-1]
    assert newest.kept < 100 and newest.added == 100 - newest.kept  # FMTI rebuilt its indicators in 2025
    assert not fmti.comparable


def test_the_changes_page_lists_meta_across_fmti_editions_with_the_caveat(shipped_dataset):
    html = changes_page(shipped_dataset)
    editions = html.split('id="editions"')[1].split('id="revisions"')[0]
    meta = editions.split('href="../models/meta/#history">Meta</a>')[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in meta.split("<td>")[1:]] == ["54", "60", "31"]
    ids = {v: {i["id"] for i in yaml.safe_load((REPO / "rubrics" / "fmti" / f"{v}.yaml").read_text())["indicators"]}
           for v in ("2024.05", "2025.12")}  # fmt: skip
    kept = len(ids["2024.05"] & ids["2025.12"])
    assert f"2025.12 (100 indicators; {kept} of them also in 2024.05 (same id), {100 - kept} new" in editions
    assert "Scores are not directly comparable across editions" in editions


def test_a_subject_scored_in_one_edition_only_is_not_listed(shipped):
    for series in edition_series(shipped.models.values(), shipped.dataset.rubrics):
        for row in series.rows:
            assert sum(s is not None for s in row.scores) >= 2, row.model_id


# ------------------------------------------------------------------ within one rubric version


def test_a_model_assessed_twice_under_one_version_shows_both_scores_and_the_changed_indicator(mini_project):
    path = mini_project / "scorecards" / "acme" / "acme-one.yaml"
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    later = copy.deepcopy(card["assessments"][0])
    later["date"] = "2025-06-01"
    later["indicators"]["license"] = {
        "status": "disclosed",
        "evidence": [{"url": "https://example.com/card", "quote": "Apache 2.0", "retrieved": "2025-06-01"}],
        "provenance": {"source": "person", "by": "@alice"},
    }
    card["assessments"].append(later)
    path.write_text(yaml.safe_dump(card, sort_keys=False), encoding="utf-8")
    site = build_site_data(load_dataset(mini_project))
    revision = next(r for r in site.revisions if r.model_id == "acme-one")
    assert revision.after.score.total > revision.before.score.total
    assert [c.indicator_id for c in revision.status_changes] == ["license"]
    html = changes_page(mini_project).split('id="revisions"')[1].split('id="data"')[0]
    row = html.split(">Acme One</a>")[1].split("</tr>")[0]
    assert f"{shown(revision.before.score)} → {shown(revision.after.score)}" in row
    assert "1 status change(s)" in row and ">License</a>: " in row
    assert "Not disclosed</span> → " in row and "Disclosed</span>; 1 new source(s)</li>" in row


def test_without_reassessments_the_page_says_so(mini_project):
    html = changes_page(mini_project)
    assert "No model has been assessed twice under the same rubric version yet." in html


# ------------------------------------------------------------------ between builds, from git


def test_history_lists_each_commit_that_changed_the_data_newest_first(git_project):
    history = read_history(git_project, {"scorecards/acme/acme-one.yaml": "acme-one"})
    assert history.available and not history.shallow
    assert [c.subject for c in history.commits] == ["Acme One: <b>all sources</b> named", "Add the Acme scorecards"]
    changed, first = history.commits
    assert [(f.status, f.path, f.model_id) for f in changed.files] == [
        ("modified", "scorecards/acme/acme-one.yaml", "acme-one")
    ]
    assert {f.path for f in first.files} >= {"scorecards/acme/acme-one.yaml", "rubrics/mini/1.0.yaml"}
    assert {f.status for f in first.files} == {"added"}


def test_the_changes_page_shows_commits_with_links_to_the_changed_models_and_escapes_messages(git_project):
    html = changes_page(git_project).split('id="data"')[1]
    assert "the git history of <code>scorecards/</code> and <code>rubrics/</code>" in html
    row = html.split('<tr id="commit-')[1].split("</tr>")[0]
    assert "Acme One: &lt;b&gt;all sources&lt;/b&gt; named" in row  # the message is text, never markup
    assert 'modified: <a href="../models/acme-one/">scorecards/acme/acme-one.yaml</a>' in row
    assert '<time datetime="2026-01-02T10:00:00+00:00">2026-01-02</time>' in row


def test_commits_link_to_the_repository_when_its_url_is_known(git_project):
    sha = git(git_project, "rev-parse", "HEAD").strip()
    html = changes_page(git_project, repo_url="https://github.com/example/scorecards")
    assert f'href="https://github.com/example/scorecards/commit/{sha}"' in html


def test_commits_that_touch_no_data_are_not_listed(git_project):
    (git_project / "notes.txt").write_text("not data\n", encoding="utf-8")
    git(git_project, "add", "notes.txt")
    git(git_project, "commit", "-q", "-m", "Notes", date="2026-01-03T10:00:00+00:00")
    assert "Notes" not in [c.subject for c in read_history(git_project, {}).commits]


def test_history_is_bounded_to_the_newest_commits(git_project):
    history = read_history(git_project, {}, limit=1)
    assert [c.subject for c in history.commits] == ["Acme One: <b>all sources</b> named"]
    assert history.truncated


def test_outside_a_git_checkout_the_page_says_history_is_unavailable(mini_project, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(mini_project.parent))  # no repository above the project
    html = changes_page(mini_project)
    assert "History unavailable: the site was not built from a git checkout." in html


def test_without_git_installed_the_build_goes_on_and_says_why(git_project, monkeypatch):
    monkeypatch.setenv("PATH", str(git_project / "no-bin"))
    html = changes_page(git_project)
    assert "History unavailable: git is not installed where the site was built." in html


def test_the_projects_own_repository_is_read_even_inside_a_git_hook(git_project, monkeypatch):
    monkeypatch.setenv("GIT_DIR", str(git_project / "no-such-repository"))  # as a hook of another repository sets
    assert [c.subject for c in read_history(git_project, {}).commits][-1] == "Add the Acme scorecards"


def test_a_repository_git_refuses_to_read_is_reported_with_gits_reason(git_project, monkeypatch):
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own switch: as if another user owned it
    history = read_history(git_project, {})
    assert not history.available
    assert history.reason.startswith("git could not read the repository (fatal: detected dubious ownership")


def test_a_shallow_clone_is_named_as_such(git_project, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{git_project}", str(clone))
    history = read_history(clone, {})
    assert history.shallow and len(history.commits) == 1
    assert "shallow clone" in changes_page(clone)


# ------------------------------------------------------------------ the built site, from a git checkout


@pytest.fixture(scope="module")
def built_from_git(tmp_path_factory) -> Path:
    """The shipped project as a git checkout of two commits, built with a site URL: the site folder."""
    project = copy_shipped_project(
        tmp_path_factory.mktemp("git-site"), ("site", "rubrics", "scorecards", "archive", "imports")
    )
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "scorecards", "rubrics")
    git(project, "commit", "-q", "-m", "Shipped data", date="2026-01-01T09:00:00+00:00")
    with (project / "scorecards" / "tii" / "falcon-7b.yaml").open("a", encoding="utf-8") as card:
        card.write("# reviewed\n")
    git(project, "commit", "-q", "-am", "Falcon-7B: <em>reviewed</em>", date="2026-01-02T09:00:00+00:00")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SCORECARDS_SITE_URL", SITE_URL)
        result = build(project, site_dir=project / "out", strict=True)
    assert result.error is None, result.error
    return project / "out"


@pytest.mark.slow
def test_the_built_changes_page_lists_the_commits_and_every_link_on_it_resolves(built_from_git):
    page = built_from_git / "changes" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "Falcon-7B: &lt;em&gt;reviewed&lt;/em&gt;" in html and "Shipped data" in html
    assert 'modified: <a href="../models/falcon-7b/">scorecards/tii/falcon-7b.yaml</a>' in html
    body = html.split("<h1>Changes</h1>", 1)[1].split("</article>", 1)[0]  # the page's own content
    hrefs = sorted(set(re.findall(r'href="([^"]+)"', body)))
    assert len(hrefs) > 20  # every FMTI subject, the commits' files, the feed
    for href in hrefs:
        if urlsplit(href).scheme:
            continue
        target, _, anchor = urljoin("changes/", href).partition("#")
        path = built_from_git / target / "index.html" if not target or target.endswith("/") else built_from_git / target
        assert path.is_file(), href
        if anchor:
            assert f'id="{anchor}"' in path.read_text(encoding="utf-8"), href


@pytest.mark.slow
def test_the_built_feed_has_an_entry_per_commit_linking_to_its_row_on_the_changes_page(built_from_git):
    parsed = feedparser.parse((built_from_git / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = next(e for e in parsed.entries if e.title == "Data change: Falcon-7B: <em>reviewed</em>")
    assert entry.link.startswith(SITE_URL + "changes/#commit-")
    anchor = entry.link.split("#")[1]
    assert f'<tr id="{anchor}">' in (built_from_git / "changes" / "index.html").read_text(encoding="utf-8")
