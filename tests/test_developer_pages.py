"""Developer pages: a developer's models from every source, whatever the spelling, and its own ratings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from collector.dataset import load_dataset
from collector.render import render_site
from collector.render.site_items import RenderedSite, RenderOptions
from tests.conftest import FIXTURES, REPO

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
TEMPLATES = REPO / "site" / "templates"

DEVELOPERS = """\
developers:
  - id: acme
    name: Acme
    aliases: [ACME Research]
    note: ACME Research is Acme's lab.
  - id: acme-and-friends
    name: Acme and Friends
    members: [acme]
"""


def page(rendered: RenderedSite, slug: str) -> str:
    return next(p for p in rendered.pages if p.slug == slug).body()


def project(root: Path, developers: str = DEVELOPERS) -> Path:
    """The mini project (two Acme models); the second is credited to "ACME Research"; one by a collaboration."""
    shutil.copytree(FIXTURES / "mini", root)
    (root / "developers.yaml").write_text(developers, encoding="utf-8")
    two = root / "scorecards" / "acme" / "acme-two.yaml"
    two.write_text(two.read_text(encoding="utf-8").replace("developer: Acme", "developer: ACME Research"))
    one = (root / "scorecards" / "acme" / "acme-one.yaml").read_text(encoding="utf-8")
    joint = one.replace("id: acme-one", "id: acme-joint").replace("developer: Acme", "developer: Acme and Friends")
    joint = joint.replace("name: Acme One", "name: Acme Joint").replace(
        "huggingface: acme/one", "huggingface: acme/joint"
    )
    (root / "scorecards" / "acme-and-friends").mkdir()
    (root / "scorecards" / "acme-and-friends" / "acme-joint.yaml").write_text(joint, encoding="utf-8")
    return root


def render(root: Path) -> RenderedSite:
    dataset = load_dataset(root)
    assert [p for p in dataset.problems if p.severity == "error"] == []
    return render_site(dataset, RenderOptions(templates=TEMPLATES))


def test_models_under_any_listed_spelling_are_on_one_developer_page(tmp_path: Path) -> None:
    rendered = render(project(tmp_path / "p"))
    body = page(rendered, "developers/acme")
    assert 'href="../../models/acme-one/"' in body and 'href="../../models/acme-two/"' in body
    assert "Also written as: “ACME Research”" in body and "ACME Research is Acme&#39;s lab." in body


def test_a_model_page_links_to_its_developer_page(tmp_path: Path) -> None:
    rendered = render(project(tmp_path / "p"))
    assert '<a href="../../developers/acme/">Acme</a>' in page(rendered, "models/acme-two")


def test_a_collaborations_models_appear_on_each_members_page(tmp_path: Path) -> None:
    rendered = render(project(tmp_path / "p"))
    member = page(rendered, "developers/acme").split('id="with-acme-and-friends"')[1]
    assert 'href="../../models/acme-joint/"' in member
    assert 'A collaboration of <a href="../../developers/acme/">Acme</a>' in page(
        rendered, "developers/acme-and-friends"
    )


def test_a_developer_missing_from_the_list_gets_its_own_page_marked_unlisted(tmp_path: Path) -> None:
    rendered = render(project(tmp_path / "p", DEVELOPERS.replace("    aliases: [ACME Research]\n", "")))
    body = page(rendered, "developers/acme-research")
    assert "This name is not in <code>developers.yaml</code>" in body
    assert 'href="../../models/acme-two/"' in body


def test_developer_names_aliases_and_notes_are_escaped(tmp_path: Path) -> None:
    hostile = DEVELOPERS.replace("aliases: [ACME Research]", f"aliases: [ACME Research, {json.dumps(PAYLOAD)}]")
    hostile = hostile.replace("note: ACME Research is Acme's lab.", f"note: {json.dumps(PAYLOAD)}")
    rendered = render(project(tmp_path / "p", hostile))
    for each in rendered.pages:
        html = each.body() + each.summary
        assert "<script>window" not in html and "<img src=x" not in html, each.slug
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page(rendered, "developers/acme")


def test_developers_json_lists_each_developers_scorecards(tmp_path: Path) -> None:
    rendered = render(project(tmp_path / "p"))
    data = json.loads(next(f for f in rendered.files if f.path == "data/developers.json").content)
    acme = next(d for d in data if d["id"] == "acme")
    assert acme["models"] == ["acme-one", "acme-two"] and acme["aliases"] == ["ACME Research"]
    assert next(d for d in data if d["id"] == "acme-and-friends")["members"] == ["acme"]


@pytest.fixture(scope="module")
def shipped() -> RenderedSite:
    return render_site(load_dataset(REPO), RenderOptions(templates=TEMPLATES))


def test_an_fmti_developer_page_shows_its_three_editions_and_its_models_from_every_source(shipped) -> None:
    body = page(shipped, "developers/meta")
    chart = body.split('<svg class="sc-chart sc-trajectory"')[1].split("</svg>")[0]
    assert "2023.10 (2023): 54 of 100; 2024.05 (2024): 60 of 100; 2025.12 (2025): 31 of 100" in chart
    models = body.split('id="models"')[1]
    assert 'href="../../models/llama-3.1-8b-instruct/"' in models  # our rubric
    assert 'href="../../models/opt/"' in models  # the European index and the Model Openness Tool (as FAIR)
    assert "European Open Source AI Index" in models and "Model Openness Framework" in models


def test_a_developer_page_shows_an_incomplete_assessment_as_a_range_with_how_much_was_assessed(shipped) -> None:
    models = page(shipped, "developers/meta").split('id="models"')[1]
    row = models.split('href="../../models/llama-3.1-8b-instruct/"')[1].split("</tr>")[0]
    assert re.search(r"\d+–\d+/100 <span class=\"sc-muted\">\(\d+ of 80 assessed\)</span>", row), row
