"""The compare page, filled by JavaScript from data/*.json, and its shareable address."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import COMPARE_TABLE, SHIPPED_COMPARE, visit

pytestmark = pytest.mark.slow

STATUS_LABELS = {"Disclosed", "Partially disclosed", "Not disclosed", "Not assessed"}


def models_param(url: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get("models")
    return values[0] if values else None


def header_names(page) -> list[str]:
    return page.locator(f"{COMPARE_TABLE} thead th").all_inner_texts()


def test_compare_from_a_url_shows_both_models_and_a_status_for_every_indicator(page, site):
    rubric = json.loads((site.root / "data" / "rubric.json").read_text(encoding="utf-8"))
    visit(page, site, SHIPPED_COMPARE)

    assert header_names(page) == ["Indicator", "Llama 3.1 8B Instruct", "Falcon-7B"]
    assert page.locator("select[name=m0]").input_value() == "llama-3.1-8b-instruct"
    assert page.locator("select[name=m1]").input_value() == "falcon-7b"
    cells = page.locator(f"{COMPARE_TABLE} tbody td.sc-status")
    assert cells.count() == 2 * len(rubric["indicators"])
    labels = {text.strip().split(" (")[0][2:] for text in cells.all_inner_texts()}  # "● Disclosed (2 sources)"
    assert labels <= STATUS_LABELS
    assert "Disclosed" in labels
    assert page.locator(f"{COMPARE_TABLE} tbody tr").first.inner_text().startswith("Total score")
    assert page.locator("[data-sc-compare-status]").inner_text() == "Comparing 2 models."


def test_changing_a_model_select_updates_the_table_and_the_models_parameter(page, site):
    visit(page, site, SHIPPED_COMPARE)

    page.select_option("select[name=m1]", "pythia-160m")
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('models') !== 'llama-3.1-8b-instruct,falcon-7b'"
    )
    assert models_param(page.url) == "llama-3.1-8b-instruct,pythia-160m"
    page.wait_for_function(
        "() => document.querySelector('[data-sc-compare-table] thead').textContent.includes('Pythia')"
    )
    assert header_names(page) == ["Indicator", "Llama 3.1 8B Instruct", "Pythia-160M"]

    page.select_option("select[name=m2]", "mistral-7b-v0.1")
    page.wait_for_function("() => document.querySelectorAll('[data-sc-compare-table] thead th').length === 4")
    assert models_param(page.url) == "llama-3.1-8b-instruct,pythia-160m,mistral-7b-v0.1"

    page.select_option("select[name=m0]", "")
    page.wait_for_function("() => document.querySelectorAll('[data-sc-compare-table] thead th').length === 3")
    assert header_names(page) == ["Indicator", "Pythia-160M", "Mistral-7B-v0.1"]
    page.select_option("select[name=m2]", "")
    assert models_param(page.url) == "pythia-160m"
    assert page.locator("[data-sc-compare-status]").inner_text() == "Choose at least two models."


def test_going_below_two_models_hides_the_previous_comparison(page, site):
    visit(page, site, SHIPPED_COMPARE)
    page.select_option("select[name=m1]", "")
    assert page.locator("[data-sc-compare-status]").inner_text() == "Choose at least two models."
    assert page.locator("[data-sc-compare-table]").is_hidden()


def test_the_shared_address_reopens_the_same_comparison(page, site):
    visit(page, site, "compare/")
    page.select_option("select[name=m0]", "falcon-7b")
    page.select_option("select[name=m1]", "olmo-2-1124-13b")
    page.wait_for_selector(COMPARE_TABLE)
    shared = page.url
    first = page.locator(COMPARE_TABLE).inner_text()

    page.goto(shared)
    page.wait_for_selector(COMPARE_TABLE)
    assert page.locator(COMPARE_TABLE).inner_text() == first


def test_unknown_model_ids_in_the_url_are_skipped_and_the_rest_compared(page, site):
    visit(page, site, "compare/?models=no-such-model,falcon-7b,pythia-160m")
    page.wait_for_selector(COMPARE_TABLE)
    assert page.locator("select[name=m0]").input_value() == ""
    assert header_names(page) == ["Indicator", "Falcon-7B", "Pythia-160M"]
    assert page.locator("[data-sc-compare-status]").inner_text() == "Comparing 2 models."


def test_a_slow_response_for_an_earlier_choice_does_not_overwrite_the_current_table(page, site):
    visit(page, site, SHIPPED_COMPARE)
    held = []
    # answered later, on purpose; Playwright wants a Python function, not a bound builtin
    page.route("**/data/models/mistral-7b-v0.1.json", lambda route: held.append(route))  # noqa: PLW0108

    page.select_option("select[name=m1]", "mistral-7b-v0.1")
    page.wait_for_function("() => new URL(location.href).searchParams.get('models').includes('mistral')")
    page.select_option("select[name=m1]", "pythia-160m")
    page.wait_for_function(
        "() => document.querySelector('[data-sc-compare-table] thead').textContent.includes('Pythia')"
    )
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)

    assert models_param(page.url) == "llama-3.1-8b-instruct,pythia-160m"
    assert header_names(page) == ["Indicator", "Llama 3.1 8B Instruct", "Pythia-160M"]
