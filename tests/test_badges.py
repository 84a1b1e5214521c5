"""Badges: readable (text contrast at least 4.5:1 on every fill of every badge the site makes), naming the
rubric they show, and made for every rubric a model or developer is rated under."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from collector.dataset import load_dataset
from collector.render.site import render_site
from collector.render.site_items import RenderedSite, RenderOptions
from tests.conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"
CARDS = {
    card["subject"]["id"]: card
    for card in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "scorecards").rglob("*.yaml"))
}


@pytest.fixture(scope="module")
def rendered() -> RenderedSite:
    return render_site(load_dataset(REPO), RenderOptions(templates=REPO / "site" / "templates"))


@pytest.fixture(scope="module")
def badges(rendered: RenderedSite) -> dict[str, str]:
    out = {}
    for each in rendered.files:
        if each.path.startswith("badges/"):
            content = each.content
            out[each.path] = content.decode() if isinstance(content, bytes) else content
    return out


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rgb or #rrggbb."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on_fills(svg: str) -> list[tuple[str, str, str]]:
    """(text, text colour, colour of the rectangle under the text's anchor) for each text of a badge."""
    root = ET.fromstring(svg)
    rects = [
        (float(r.get("x", 0)), float(r.get("x", 0)) + float(r.get("width", 0)), r.get("fill", ""))
        for r in root.iter(f"{SVG}rect")
    ]
    out = []
    for group in root.iter(f"{SVG}g"):
        for node in group.iter(f"{SVG}text"):
            x = float(node.get("x", 0))
            under = [fill for left, right, fill in rects if left <= x < right]
            assert under, f"text {node.text!r} lies on no rectangle"
            out.append((node.text or "", node.get("fill") or group.get("fill", ""), under[-1]))  # last drawn is on top
    return out


def label_and_value(svg: str) -> tuple[str, str]:
    texts = [t for t, _, _ in text_on_fills(svg)]
    assert len(texts) == 2, texts
    return texts[0], texts[1]


def test_every_badge_text_has_a_contrast_of_at_least_4_5_to_1(badges):
    fills = set()
    for path, svg in badges.items():
        for text, colour, fill in text_on_fills(svg):
            fills.add(fill)
            assert contrast(colour, fill) >= 4.5, f"{path}: {text!r} {colour} on {fill}: {contrast(colour, fill):.2f}"
    assert len(fills) >= 4, f"the shipped data should show several band colours, saw {fills}"


def test_every_badge_names_the_rubric_it_shows(badges):
    for path, svg in badges.items():
        label, _ = label_and_value(svg)
        assert label == "transparency" or re.fullmatch(r"[A-Z]+ [\d.]+", label), f"{path}: {label!r}"
        parts = path.split("/")  # badges/[developers/][<rubric>/]<id>.svg
        rubric = parts[-2] if len(parts) == 4 or (len(parts) == 3 and parts[1] != "developers") else None
        if rubric is not None:
            assert label == "transparency" if rubric == "transparency" else label.startswith(rubric.upper()), path


def test_no_badge_says_not_rated(badges):
    assert badges
    assert not [path for path, svg in badges.items() if "not rated" in svg]


def test_a_subject_rated_only_by_an_index_has_a_badge_with_that_index_s_score(badges):
    meta = CARDS["meta"]
    assert not any(a["rubric"] == "transparency" for a in meta["assessments"])
    latest = max((a for a in meta["assessments"] if a["rubric"] == "fmti"), key=lambda a: a["rubric_version"])
    disclosed = sum(1 for c in latest["indicators"].values() if c["status"] == "disclosed")  # FMTI: 1 point each
    assert label_and_value(badges["badges/meta.svg"]) == (f"FMTI {latest['rubric_version']}", f"{disclosed}/100")


def test_every_subject_has_a_badge_for_each_rubric_it_is_rated_under(badges):
    for subject_id, card in CARDS.items():
        rubrics = {a["rubric"] for a in card["assessments"]}
        for rubric in rubrics:
            assert f"badges/{rubric}/{subject_id}.svg" in badges, (subject_id, rubric)
        assert (f"badges/{subject_id}.svg" in badges) == bool(rubrics), subject_id


def test_a_subject_rated_under_our_rubric_has_our_score_on_its_headline_badge(badges):
    ours = [i for i, card in CARDS.items() if any(a["rubric"] == "transparency" for a in card["assessments"])]
    assert ours
    for subject_id in ours:
        assert badges[f"badges/{subject_id}.svg"] == badges[f"badges/transparency/{subject_id}.svg"]


def test_every_developer_in_a_ranking_has_a_badge(rendered, badges):
    index = json.loads(next(f for f in rendered.files if f.path == "data/developers.json").content)
    rated = {d["id"] for d in index if any(CARDS[m]["assessments"] for m in [*d["models"], *d["developer_ratings"]])}
    assert rated
    for developer_id in rated:
        assert f"badges/developers/{developer_id}.svg" in badges, developer_id
    meta = {p for p in badges if p.startswith("badges/developers/") and p.endswith("/meta.svg")}
    assert {"badges/developers/fmti/meta.svg", "badges/developers/transparency/meta.svg"} <= meta


def test_a_badge_made_for_a_readme_stays_valid_xml_with_hostile_text():
    from collector.render.badges import badge_svg

    svg = badge_svg('<script>"x"</script>', "a & b", "high")
    assert label_and_value(svg) == ('<script>"x"</script>', "a & b")
