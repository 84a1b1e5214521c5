"""No dead links: the shipped project's site, built as a fresh clone builds it and as the deploy builds it.

The link checker (``tests/link_check.py``) reads every page of the built site and resolves every
internal link and anchor; its own tests plant broken ones in a small site, so that it cannot pass
for nothing.  The same builds are held to a whole default build: a sitemap listing every page,
a 404 page whose links do not depend on the server's root, indicator pages for every rubric version,
and each scorecard's YAML file served beside its page.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from collector.render.indicator_pages import IndicatorPages
from collector.schema import Rubric
from collector.sitebuild import build
from tests.conftest import REPO, copy_shipped_project
from tests.link_check import ReferenceCollector, SiteLinks, parse

SITE_URL = "https://example.org/scorecards/"
REPO_URL = "https://github.com/example/scorecards"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_CONFIGURATION = ("SCORECARDS_SITE_URL", "SCORECARDS_REPO_URL", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_shipped_project(tmp_path_factory.mktemp("links") / "project")


def _build(project: Path, site_dir: Path, **environment: str) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        for name in _CONFIGURATION:
            patch.delenv(name, raising=False)
        for name, value in environment.items():
            patch.setenv(name, value)
        result = build(project, site_dir=site_dir, strict=True)
    assert result.error is None, result.error
    return site_dir


@pytest.fixture(scope="module")
def default_site(project: Path) -> Path:
    """As a fresh clone builds it: no site_url, no repo_url."""
    return _build(project, project / "default")


@pytest.fixture(scope="module")
def configured_site(project: Path) -> Path:
    """As the deploy builds it: the site's URL (below the server's root) and the repository are known."""
    return _build(project, project / "configured", SCORECARDS_SITE_URL=SITE_URL, SCORECARDS_REPO_URL=REPO_URL)


def _report(broken: list) -> str:
    return f"{len(broken)} broken link(s):\n" + "\n".join(str(b) for b in broken[:60])


# ------------------------------------------------------------------ the shipped site


@pytest.mark.slow
def test_the_default_build_has_no_broken_internal_link_or_anchor(default_site):
    broken = SiteLinks(default_site).broken()
    assert not broken, _report(broken)


@pytest.mark.slow
def test_the_configured_build_has_no_broken_link_or_anchor_absolute_ones_included(configured_site):
    links = SiteLinks(configured_site, site_url=SITE_URL)
    broken = links.broken()
    assert not broken, _report(broken)
    # The absolute links (badge snippets, the canonical address) were checked, not passed over as external.
    assert any(link.startswith(SITE_URL) for link in links.page("models/falcon-7b/index.html").links)


@pytest.mark.slow
def test_the_fast_reader_finds_what_the_standard_parser_finds(default_site):
    for path in ["index.html", "models/falcon-7b/index.html", "indicators/fmti/2025.12/index.html", "404.html"]:
        html = (default_site / path).read_text(encoding="utf-8")
        reference = ReferenceCollector()
        reference.feed(html)
        fast = parse(html)
        assert (fast.ids, fast.links, fast.base) == (reference.parsed.ids, reference.parsed.links, None), path


# ------------------------------------------------------------------ the checker catches what it should


def _site(root: Path, pages: dict[str, str]) -> Path:
    for path, body in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    return root


def _broken_links(root: Path, **options: str) -> set[str]:
    return {b.link for b in SiteLinks(root, **options).broken()}


def test_the_checker_reports_a_link_to_a_missing_page(tmp_path):
    root = _site(
        tmp_path, {"index.html": '<a href="models/x/">x</a> <a href="models/gone/">gone</a>', "models/x/index.html": ""}
    )
    assert _broken_links(root) == {"models/gone/"}


def test_the_checker_reports_a_missing_anchor_on_its_own_page_and_on_another(tmp_path):
    root = _site(
        tmp_path,
        {
            "index.html": '<h2 id="here">h</h2><a href="#here">ok</a><a href="#nowhere">no</a>',
            "models/x/index.html": '<p id="i-a">a</p><a href="../../#here">ok</a><a href="../../#gone">no</a>'
            '<a href="#i-a">ok</a><a href="/models/x/#i-b">no</a>',
        },
    )
    assert _broken_links(root) == {"#nowhere", "../../#gone", "/models/x/#i-b"}


def test_the_checker_resolves_links_as_a_browser_does(tmp_path):
    root = _site(
        tmp_path,
        {
            "index.html": '<a href="a%20b/">encoded</a><a href="models/x">folder without slash</a>'
            '<img src="./assets/i.svg" srcset="assets/i.svg 1x, assets/missing.svg 2x" alt="">'
            '<a href="https://elsewhere.example/">out</a><a href="mailto:a@b.c">mail</a><a href="#">top</a>'
            '<a href="/x/../../../etc/passwd">above the root</a>',
            "a b/index.html": '<a href="../models/x/?q=1#i-a">query and anchor</a>',
            "models/x/index.html": '<span id="i-a"></span><base href="../../">'
            '<a href="index.html">resolved against the base</a><a href="models/x/#i-a">also</a>',
            "assets/i.svg": "",
        },
    )
    assert _broken_links(root) == {"assets/missing.svg", "/x/../../../etc/passwd"}


def test_the_checker_reads_a_quoted_value_holding_a_greater_than_sign(tmp_path):
    root = _site(tmp_path, {"index.html": '<a title="a > b" href="gone/">x</a><img alt=\'>\' src="missing.png">'})
    assert _broken_links(root) == {"gone/", "missing.png"}


def test_the_checker_reads_no_links_in_scripts_or_comments_and_checks_the_sites_own_absolute_links(tmp_path):
    root = _site(
        tmp_path,
        {
            "index.html": '<script>var s = \'<a href="gone/">\';</script><!-- <a href="gone/"> -->'
            '<a href="https://example.org/site/missing/">own</a><a href="https://example.org/site/">own root</a>',
        },
    )
    assert _broken_links(root, site_url="https://example.org/site") == {"https://example.org/site/missing/"}


# ------------------------------------------------------------------ indicator pages


def _rubrics() -> list[dict]:
    files = sorted(p for p in (REPO / "rubrics").glob("*/*.yaml") if p.parent.name != "references")
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]


def _records(site: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((site / "data" / "models").glob("*.json"))]


@pytest.mark.slow
def test_every_indicator_of_every_shipped_rubric_version_has_a_page(default_site):
    headline = json.loads((default_site / "data" / "rubric.json").read_text(encoding="utf-8"))
    for rubric in _rubrics():
        ours = (rubric["id"], rubric["version"]) == (headline["id"], headline["version"])
        folder = default_site / "indicators" if ours else default_site / "indicators" / rubric["id"] / rubric["version"]
        for indicator in rubric["indicators"]:
            assert (folder / indicator["id"] / "index.html").is_file(), (rubric["id"], rubric["version"], indicator)


@pytest.mark.slow
def test_an_imported_indicator_page_shows_its_definition_its_source_and_every_models_status(default_site):
    rubric = next(r for r in _rubrics() if (r["id"], r["version"]) == ("fmti", "2025.12"))
    indicator = rubric["indicators"][0]
    page = (default_site / "indicators" / "fmti" / "2025.12" / indicator["id"] / "index.html").read_text()
    parsed = parse(page)
    assert ET.fromstring(f"<p>{_first(page, 'sc-lede')}</p>").text == indicator["question"].strip()
    assert rubric["license"] in page and rubric["attribution"].split(".")[0] in page
    assessed = [
        r["id"]
        for r in _records(default_site)
        if any((a["rubric"], a["rubric_version"]) == ("fmti", "2025.12") for a in r["assessments"])
    ]
    linked = {urlsplit(link).path.split("/")[-2] for link in parsed.links if link.startswith("../../../../models/")}
    assert assessed and linked == set(assessed)


def _first(html: str, css_class: str) -> str:
    start = html.index(f'class="{css_class}">') + len(css_class) + 9
    return html[start : html.index("</p>", start)]


@pytest.mark.slow
def test_a_model_page_links_the_indicator_pages_of_the_rubric_it_shows(default_site):
    imported_only = next(
        r
        for r in _records(default_site)
        if r["assessments"] and all(a["rubric"] != "transparency" for a in r["assessments"])
    )
    links = parse((default_site / "models" / imported_only["id"] / "index.html").read_text()).links
    indicator_pages = [link.split("/indicators/")[1] for link in links if "/indicators/" in link]
    versioned = [tuple(path.split("/")[:2]) for path in indicator_pages if path.count("/") == 3]
    versions = {(a["rubric"], a["rubric_version"]) for a in imported_only["assessments"]}
    assert versioned and set(versioned) <= versions
    # Besides them, only the Indicators page (in the navigation): no page of our rubric's indicators.
    assert {path for path in indicator_pages if path.count("/") != 3} == {""}


# ------------------------------------------------------------------ sitemap


def _sitemap(site: Path) -> list[str]:
    tree = ET.parse(site / "sitemap.xml")
    assert tree.getroot().tag == f"{SITEMAP_NS}urlset"
    return [loc.text or "" for loc in tree.getroot().iter(f"{SITEMAP_NS}loc")]


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}


def _served_from(site: Path, url: str) -> str:
    path = urlsplit(url).path.lstrip("/")
    return path + "index.html" if path.endswith("/") or path == "" else path


@pytest.mark.slow
def test_the_default_sitemap_lists_every_page_by_a_relative_address(default_site):
    locations = _sitemap(default_site)
    assert all(not urlsplit(loc).scheme and not loc.startswith("/") for loc in locations)
    served = [_served_from(default_site, urljoin("http://site.invalid/sitemap.xml", loc)) for loc in locations]
    assert len(served) == len(set(served)) and set(served) == _pages(default_site)


@pytest.mark.slow
def test_the_configured_sitemap_lists_every_page_by_its_absolute_address(configured_site):
    locations = _sitemap(configured_site)
    assert all(loc.startswith(SITE_URL) for loc in locations)
    served = {_served_from(configured_site, "/" + loc.removeprefix(SITE_URL)) for loc in locations}
    assert served == _pages(configured_site)


# ------------------------------------------------------------------ 404


def _root_absolute(html: str) -> list[str]:
    parsed = parse(html)
    return [link for link in parsed.links if link.startswith("/") and not link.startswith("//")]


@pytest.mark.slow
def test_the_default_404_page_has_no_address_from_the_servers_root(default_site):
    assert _root_absolute((default_site / "404.html").read_text()) == []


@pytest.mark.slow
def test_the_configured_404_page_addresses_everything_from_the_sites_own_path(configured_site):
    links = _root_absolute((configured_site / "404.html").read_text())
    assert links and all(link.startswith(urlsplit(SITE_URL).path) for link in links)


# ------------------------------------------------------------------ scorecard files


@pytest.mark.slow
def test_each_model_page_links_its_scorecard_file_which_the_site_serves_unchanged(default_site):
    for path in sorted((REPO / "scorecards").rglob("*.yaml")):
        relative = path.relative_to(REPO).as_posix()
        assert (default_site / relative).read_bytes() == path.read_bytes(), relative
        links = parse((default_site / "models" / path.stem / "index.html").read_text()).links
        assert f"../../{relative}" in links, relative


@pytest.mark.slow
def test_propose_a_correction_links_the_repositorys_edit_page_only_when_the_repository_is_known(
    default_site, configured_site
):
    edit = (
        f'<a href="{REPO_URL}/edit/main/scorecards/tii/falcon-7b.yaml" rel="nofollow noopener">Propose a correction</a>'
    )
    assert edit in (configured_site / "models" / "falcon-7b" / "index.html").read_text()
    assert "Propose a correction" not in (default_site / "models" / "falcon-7b" / "index.html").read_text()


# ------------------------------------------------------------------ which indicator links exist


def _rubric(rubric_id: str, version: str, *indicator_ids: str) -> Rubric:
    return Rubric.model_validate(
        {
            "id": rubric_id,
            "version": version,
            "title": rubric_id.upper(),
            "released": "2025-01-01",
            "license": "CC-BY-4.0",
            "description": "d",
            "domains": [{"id": "d", "name": "D"}],
            "indicators": [
                {"id": i, "domain": "d", "name": i, "question": "q?", "full_credit": "f"} for i in indicator_ids
            ],
        }
    )


def test_indicator_links_cannot_collide_across_rubrics_and_exist_only_for_pages():
    ours, older, fmti = _rubric("ours", "2.0", "a", "index"), _rubric("ours", "1.0", "a"), _rubric("fmti", "1", "a")
    pages = IndicatorPages({r.key: r for r in (ours, older, fmti)}, headline=ours)
    assert pages.href(ours, "a", "../") == "../indicators/a/"
    assert pages.href(older, "a", "") == "indicators/ours/1.0/a/"
    assert pages.href(fmti, "a", "") == "indicators/fmti/1/a/"
    # "index" would be the address of the Indicators page itself: that indicator goes under its version.
    assert pages.href(ours, "index", "") == "indicators/ours/2.0/index/"
    assert pages.href(fmti, "b", "") is None and pages.href(_rubric("mof", "1", "a"), "a", "") is None
    slugs = [page.slug for page in pages.pages()]
    assert len(slugs) == len(set(slugs)) == 4
