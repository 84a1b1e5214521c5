"""Pages written outside mkdocs are the pages mkdocs itself would render."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from collector.mkdocs_shell import render_shell, squeeze
from tests.conftest import REPO, copy_shipped_project

pytestmark = pytest.mark.slow

PROBE_BODY = '<h1>Probe &amp; &lt;page&gt;</h1>\n<p class="x">Body text.</p>'


def small_project(root: Path, *, site_url: str | None = None) -> Path:
    copy_shipped_project(root, ("site", "rubrics", "archive"))
    for name in ("tii/falcon-7b.yaml", "eleutherai/pythia-160m.yaml"):
        (root / "scorecards" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "scorecards" / name, root / "scorecards" / name)
    probe = root / "site" / "pages" / "models" / "probe.md"
    probe.parent.mkdir(parents=True)
    probe.write_text(f'---\ntitle: "Probe &amp; &lt;page&gt;"\nhide: [navigation, toc]\n---\n{PROBE_BODY}\n')
    if site_url:
        config = root / "mkdocs.yml"
        text = config.read_text().replace("site_url: !ENV [SCORECARDS_SITE_URL, null]", f"site_url: {site_url}")
        config.write_text(text)
    return root


def build_and_shell(root: Path):
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "out"))
    mkdocs_build(config)
    plugin = config.plugins["scorecards"]
    shell = render_shell("models", config=config, env=plugin.env, nav=plugin.nav, files=plugin.files)
    return config, shell.slimmed(plugin.slimmer.slim)  # as the plugin does, and as it does to mkdocs' own pages


@pytest.mark.parametrize("site_url", [None, "https://example.org/scorecards/"])
def test_a_filled_shell_is_byte_for_byte_the_page_mkdocs_renders_without_indentation(tmp_path, site_url):
    root = small_project(tmp_path, site_url=site_url)
    _, shell = build_and_shell(root)
    by_mkdocs = (root / "out" / "models" / "probe" / "index.html").read_text()
    assert shell.fill(title="Probe & <page>", name="probe", body=PROBE_BODY) == squeeze(by_mkdocs)


def test_squeezing_keeps_every_line_and_drops_only_leading_whitespace():
    assert squeeze("<div>\n    <p>a  b</p>\n\n  </div>") == "<div>\n<p>a  b</p>\n</div>"


def test_generated_model_pages_share_the_probe_pages_theme(tmp_path):
    root = small_project(tmp_path)
    build_and_shell(root)
    probe = (root / "out" / "models" / "probe" / "index.html").read_text()
    model = (root / "out" / "models" / "falcon-7b" / "index.html").read_text()
    probe = squeeze(probe)
    assert model[: model.index("<title>")] == probe[: probe.index("<title>")]
    assert model[model.index("</article>") :] == probe[probe.index("</article>") :]


def test_generated_pages_are_in_the_search_index_and_sitemap(tmp_path):
    import json

    root = small_project(tmp_path, site_url="https://example.org/scorecards/")
    build_and_shell(root)
    index = json.loads((root / "out" / "search" / "search_index.json").read_text())
    assert {"models/falcon-7b/", "indicators/training-data-sources/"} <= {d["location"] for d in index["docs"]}
    sitemap = (root / "out" / "sitemap.xml").read_text()
    assert "<loc>https://example.org/scorecards/models/falcon-7b/</loc>" in sitemap
    assert "<loc>https://example.org/scorecards/models/probe/</loc>" in sitemap
