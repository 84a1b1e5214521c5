"""Compare under a chosen rubric: only models rated under it, a best-match finder, notes for ids it cannot show."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from tests.browser.conftest import COMPARE_TABLE, visit

pytestmark = pytest.mark.slow

RUBRIC = "select[name=rubric]"
FINDER = "input[data-sc-compare-find]"
NOTE = "[data-sc-compare-note]"


def rated_under(site_root: Path) -> dict[str, set[str]]:
    """Rubric version ("id/version") -> the ids of the models assessed under it, from the models' own records."""
    out: dict[str, set[str]] = {}
    for path in (site_root / "data" / "models").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        for a in record["assessments"]:
            out.setdefault(f"{a['rubric']}/{a['rubric_version']}", set()).add(record["id"])
    return out


def option_values(page, selector: str) -> list[str]:
    return page.locator(f"{selector} option").evaluate_all("o => o.map(x => x.value).filter(Boolean)")


def param(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


def wait_for_rubrics(page) -> None:
    page.wait_for_selector(f"{RUBRIC} option", state="attached")


def matches(page) -> list[str]:
    page.wait_for_selector("#sc-compare-matches li")
    return page.locator("#sc-compare-matches li").all_inner_texts()


def test_the_rubric_choice_offers_every_rubric_version_with_rated_models(page, site):
    visit(page, site, "compare/")
    wait_for_rubrics(page)
    assert set(option_values(page, RUBRIC)) == set(rated_under(site.root))


def test_under_each_rubric_only_the_models_rated_under_it_are_offered(page, site):
    rated = rated_under(site.root)
    visit(page, site, "compare/")
    wait_for_rubrics(page)
    for key in ["fmti/2025.12", "transparency/1.0", option_values(page, RUBRIC)[0]]:
        page.select_option(RUBRIC, key)
        page.wait_for_function(f"() => new URL(location.href).searchParams.get('rubric') === {json.dumps(key)}")
        for n in range(4):
            assert set(option_values(page, f"select[name=m{n}]")) == rated[key], key


def test_the_chosen_rubric_is_kept_in_the_address_and_reopens_the_same_table(page, site):
    members = sorted(rated_under(site.root)["fmti/2025.12"])[:2]
    visit(page, site, "compare/")
    wait_for_rubrics(page)
    page.select_option(RUBRIC, "fmti/2025.12")
    page.select_option("select[name=m0]", members[0])
    page.select_option("select[name=m1]", members[1])
    page.wait_for_selector(COMPARE_TABLE)
    assert param(page.url, "rubric") == "fmti/2025.12"
    assert param(page.url, "models") == ",".join(members)
    first = page.locator(COMPARE_TABLE).inner_text()

    page.goto(page.url)
    page.wait_for_selector(COMPARE_TABLE)
    assert page.locator(RUBRIC).input_value() == "fmti/2025.12"
    assert page.locator(COMPARE_TABLE).inner_text() == first


def test_the_table_has_a_row_for_every_indicator_of_the_chosen_rubric(page, site):
    members = sorted(rated_under(site.root)["fmti/2025.12"])[:2]
    rubric = yaml.safe_load((site.project / "rubrics" / "fmti" / "2025.12.yaml").read_text(encoding="utf-8"))
    visit(page, site, f"compare/?rubric=fmti/2025.12&models={','.join(members)}")
    page.wait_for_selector(COMPARE_TABLE)
    assert page.locator(f"{COMPARE_TABLE} tbody td.sc-status").count() == 2 * len(rubric["indicators"])
    assert page.locator("[data-sc-compare-status]").inner_text() == "Comparing 2 models."
    # each indicator's name links to its page, which exists
    hrefs = page.locator(f"{COMPARE_TABLE} tbody th a").evaluate_all("a => a.map(x => x.getAttribute('href'))")
    assert len(hrefs) == len(rubric["indicators"])
    assert all((site.root / "compare" / h / "index.html").resolve().is_file() for h in hrefs), hrefs


def test_typing_grok_highlights_the_best_matching_rated_model_and_enter_adds_it(page, site):
    visit(page, site, "compare/")
    wait_for_rubrics(page)
    page.locator(FINDER).press_sequentially("Grok")
    found = matches(page)
    assert found[0].startswith("Grok 3 (xAI)"), found
    assert not any(text.startswith("Grok 2 ") for text in found)  # Grok 2 is not rated under our rubric
    assert page.locator("#sc-compare-matches li[aria-selected=true]").inner_text() == found[0]
    page.locator(FINDER).press("Enter")
    assert page.locator("select[name=m0]").input_value() == "grok-3"
    assert param(page.url, "models") == "grok-3"


def test_names_starting_with_the_text_come_before_words_then_other_matches(page, site):
    visit(page, site, "compare/?rubric=eosai/2026.06")
    wait_for_rubrics(page)
    page.locator(FINDER).press_sequentially("gpt")
    names = [re.sub(r" \(.*", "", text).lower() for text in matches(page)]

    def kind(name: str) -> int:
        if name.startswith("gpt"):
            return 0
        return 1 if any(w.startswith("gpt") for w in re.split(r"[^a-z0-9.]+", name)) else 2

    kinds = [kind(n) for n in names]
    assert kinds == sorted(kinds), names
    assert kinds[0] == 0 and kinds[-1] > 0, names  # the shipped EOSAI data has both kinds


def test_an_unknown_model_id_in_the_address_is_named_in_a_visible_note(page, site):
    visit(page, site, "compare/?models=no-such-model,falcon-7b,pythia-160m")
    page.wait_for_selector(COMPARE_TABLE)
    page.wait_for_selector(f"{NOTE}:not([hidden])")
    assert "no-such-model" in page.locator(NOTE).inner_text()
    assert page.locator("[data-sc-compare-status]").inner_text() == "Comparing 2 models."


def test_a_model_not_rated_under_the_chosen_rubric_is_named_in_the_note(page, site):
    members = sorted(rated_under(site.root)["fmti/2025.12"])[:2]
    visit(page, site, f"compare/?rubric=fmti/2025.12&models=falcon-7b,{','.join(members)}")
    page.wait_for_selector(f"{NOTE}:not([hidden])")
    assert "Falcon-7B" in page.locator(NOTE).inner_text()
    assert "Foundation Model Transparency Index" in page.locator(NOTE).inner_text()


def test_an_unknown_rubric_in_the_address_is_named_and_the_first_rubric_shown(page, site):
    visit(page, site, "compare/?rubric=no/such&models=falcon-7b,pythia-160m")
    page.wait_for_selector(COMPARE_TABLE)
    assert "no/such" in page.locator(NOTE).inner_text()
    assert page.locator(RUBRIC).input_value() == option_values(page, RUBRIC)[0]


def test_compare_by_keyboard_only(page, site):
    visit(page, site, "compare/")
    wait_for_rubrics(page)
    for _ in range(60):  # Tab from the top of the page to the finder
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-sc-compare-find]')"):
            break
    else:
        pytest.fail("Tab never reached the model finder")
    page.keyboard.type("Falcon", delay=20)
    page.keyboard.press("Enter")
    page.keyboard.type("Pyth", delay=20)
    matches(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")  # back to the best match
    page.keyboard.press("Enter")
    page.wait_for_selector(COMPARE_TABLE)
    assert param(page.url, "models") == "falcon-7b,pythia-160m"
    page.keyboard.press("Shift+Tab")  # back to the rubric choice, and to another rubric with the arrow keys
    assert page.evaluate("document.activeElement.matches('select[name=rubric]')")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => new URL(location.href).searchParams.get('rubric') !== null")
    assert param(page.url, "rubric") == option_values(page, RUBRIC)[1]
