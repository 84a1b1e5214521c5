"""`scorecards serve` re-renders only what an edited scorecard touches, and gets the same site as a full build."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from tests.conftest import REPO, copy_shipped_project

pytestmark = pytest.mark.slow

MODELS = ("tii/falcon-7b.yaml", "eleutherai/pythia-160m.yaml", "ai2/olmo-2-1124-13b.yaml")


def small_project(root: Path) -> Path:
    copy_shipped_project(root, ("site", "rubrics", "archive"))
    for name in MODELS:
        (root / "scorecards" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "scorecards" / name, root / "scorecards" / name)
    (root / "moved.yaml").unlink()  # its targets are not in this small project
    return root


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def serving(tmp_path, monkeypatch):
    """Builds as `mkdocs serve` does: one plugin object across builds, started for serving."""
    # mkdocs dates the sitemap by its build date: pinned, so that builds either side of midnight still compare
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764806400")
    root = small_project(tmp_path / "project")
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    plugin = config.plugins["scorecards"]
    plugin.on_startup(command="serve", dirty=False)

    def rebuild():
        again = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
        assert again.plugins["scorecards"] is plugin  # mkdocs keeps a plugin with on_startup across builds
        mkdocs_build(again)
        return plugin.output_cache

    yield root, rebuild
    plugin.on_shutdown()


def full_build(root: Path, site_dir: Path) -> dict[str, str]:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins["scorecards"].on_shutdown()  # no caches: a build from nothing
    mkdocs_build(config)
    return tree(site_dir)


def edit_name(root: Path, name: str, new: str) -> None:
    path = root / "scorecards" / name
    text = path.read_text()
    path.write_text(text.replace("\n  name: ", f"\n  name: {new} ", 1))


def test_a_new_name_renders_every_model_again_because_other_pages_may_link_it(serving):
    root, rebuild = serving
    cache = rebuild()
    before = (cache.rendered, cache.reused)
    edit_name(root, "eleutherai/pythia-160m.yaml", "Renamed")
    cache = rebuild()
    assert cache.reused == before[1]
    assert cache.rendered - before[0] == before[0]
    assert "Renamed Pythia-160M" in (root.parent / "served" / "models" / "pythia-160m" / "index.html").read_text()


def test_a_save_renders_only_that_models_outputs_and_developer_page_and_the_site_equals_a_full_build(serving, tmp_path):
    root, rebuild = serving
    cache = rebuild()
    before = (cache.rendered, cache.reused)
    path = root / "scorecards" / "eleutherai" / "pythia-160m.yaml"
    path.write_text(path.read_text() + "\n")  # a saved file with a new signature, its claims unchanged
    cache = rebuild()
    rendered, reused = cache.rendered - before[0], cache.reused - before[1]
    # pythia-160m's page, JSON record, scorecard file, headline badge and its badges under MOF and ours,
    # and EleutherAI's page
    assert rendered == 7
    assert reused == before[0] - 7
    served = tree(tmp_path / "served")
    assert served == full_build(root, tmp_path / "full")


def test_an_edit_outside_the_scorecards_renders_every_model_again(serving):
    root, rebuild = serving
    cache = rebuild()
    before = (cache.rendered, cache.reused)
    template = root / "site" / "templates" / "model.html"
    template.write_text(template.read_text().replace("Indicators and evidence", "Indicators and their evidence"))
    cache = rebuild()
    assert cache.reused == before[1]
    assert cache.rendered - before[0] == before[0]
    page = (root.parent / "served" / "models" / "falcon-7b" / "index.html").read_text()
    assert "Indicators and their evidence" in page
