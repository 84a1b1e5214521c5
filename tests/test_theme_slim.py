"""The theme's icons and palette script are written once, in files every page refers to."""

from __future__ import annotations

from pathlib import Path

from collector.mkdocs_slim import ICONS, PALETTE, ThemeSlimmer

SEARCH_ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3A6.5"/></svg>'
PALETTE_SCRIPT = '<script>var palette=__md_get("__palette");if(palette){x()}</script>'
CONFIG = '<script id="__config" type="application/json">{"base": "../..", "features": []}</script>'


def page(body: str) -> str:
    return f"<html><body><label>{SEARCH_ICON}</label>{PALETTE_SCRIPT}{body}{CONFIG}</body></html>"


def test_an_icon_becomes_a_use_of_a_symbol_in_the_icons_file(tmp_path: Path) -> None:
    slimmer = ThemeSlimmer()
    slim = slimmer.slim(page(""))
    assert SEARCH_ICON not in slim
    assert '<svg viewBox="0 0 24 24"><use href="../../assets/theme-icons.svg#i' in slim
    slimmer.write(tmp_path)
    sprite = (tmp_path / ICONS).read_text()
    name = slim.split("theme-icons.svg#", 1)[1].split('"', 1)[0]
    assert f'<symbol id="{name}" viewBox="0 0 24 24"><path d="M9.5 3A6.5"/></symbol>' in sprite


def test_the_palette_script_becomes_a_script_file_run_in_the_same_place(tmp_path: Path) -> None:
    slimmer = ThemeSlimmer()
    slim = slimmer.slim(page(""))
    assert '</label><script src="../../assets/theme-palette.js"></script>' in slim
    slimmer.write(tmp_path)
    assert (tmp_path / PALETTE).read_text() == 'var palette=__md_get("__palette");if(palette){x()}\n'


def test_the_sites_own_svg_is_left_as_it_is() -> None:
    chart = '<svg class="sc-chart" viewBox="0 0 24 24" role="img"><title>Score</title></svg>'
    assert chart in ThemeSlimmer().slim(page(chart))


def test_a_page_at_the_sites_root_refers_to_the_files_without_a_parent_folder() -> None:
    slim = ThemeSlimmer().slim(page("").replace('"base": "../.."', '"base": "."'))
    assert 'href="assets/theme-icons.svg#' in slim and 'src="assets/theme-palette.js"' in slim


def test_a_page_without_the_themes_config_is_left_as_it_is() -> None:
    html = f"<html>{SEARCH_ICON}{PALETTE_SCRIPT}</html>"
    assert ThemeSlimmer().slim(html) == html


def test_nothing_is_written_when_no_page_was_slimmed(tmp_path: Path) -> None:
    ThemeSlimmer().write(tmp_path)
    assert not any(tmp_path.iterdir())
