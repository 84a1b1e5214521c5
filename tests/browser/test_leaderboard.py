"""The leaderboard's sortable headers and its filters, driven in a real browser."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import yaml

from tests.browser.conftest import visit
from tests.conftest import REPO

pytestmark = pytest.mark.slow

TABLE = "table[data-sc-sortable]"
SHIPPED = [  # the subjects the leaderboard ranks: those assessed under our own rubric (imports have their own rankings)
    card["subject"]
    for card in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "scorecards").rglob("*.yaml"))
    if any(a["rubric"] == "transparency" for a in card["assessments"])
]


def header(page: Any, label: str) -> Any:
    """The <th> whose button reads `label` (the ▲/▼ arrows are CSS, not text)."""
    labels = page.eval_on_selector_all(f"{TABLE} thead th[data-sort]", "ths => ths.map(th => th.textContent.trim())")
    assert label in labels, f"no column {label!r} among {labels}"
    return page.locator(f"{TABLE} thead th[data-sort]").nth(labels.index(label))


def column(page: Any, label: str, *, values: bool = False) -> list[str]:
    """The visible rows' cells in a column, in display order: text, or the data-value used to sort."""
    labels = page.eval_on_selector_all(f"{TABLE} thead th", "ths => ths.map(th => th.textContent.trim())")
    script = """([index, values]) => Array.from(document.querySelectorAll('table[data-sc-sortable] tbody tr'))
        .filter(row => !row.hidden)
        .map(row => row.children[index])
        .map(cell => values ? cell.getAttribute('data-value') : cell.textContent.trim())"""
    return page.evaluate(script, [labels.index(label), values])


def visible_rows(page: Any) -> Any:
    return page.locator(f"{TABLE} tbody tr:not([hidden])")


def count_text(page: Any) -> str:
    return page.locator("[data-sc-count]").inner_text().strip()


def in_locale_order(page: Any, names: list[str]) -> bool:
    """Whether names are in the order a reader's browser collates them (case- and accent-insensitive)."""
    return page.evaluate(
        """names => names.every((n, i) => i === 0 ||
               names[i - 1].localeCompare(n, undefined, {sensitivity: 'base'}) <= 0)""",
        names,
    )


def test_clicking_the_model_header_sorts_by_name_ascending_then_descending(page, site):
    visit(page, site, "")
    model = header(page, "Model")
    assert model.get_attribute("aria-sort") == "none"

    model.locator("button").click()
    ascending = column(page, "Model")
    assert model.get_attribute("aria-sort") == "ascending"
    assert header(page, "Score").get_attribute("aria-sort") == "none", "only one column is sorted at a time"
    assert in_locale_order(page, ascending), ascending
    shipped_names = [s["name"] for s in SHIPPED]
    assert [n for n in ascending if n in shipped_names] == sorted(shipped_names, key=str.casefold)

    model.locator("button").click()
    assert model.get_attribute("aria-sort") == "descending"
    assert column(page, "Model") == list(reversed(ascending))


def test_clicking_the_score_header_sorts_numerically_not_alphabetically(page, site):
    visit(page, site, "")
    score = header(page, "Score")
    assert score.get_attribute("aria-sort") == "descending", "the leaderboard starts ranked by score"
    initial = [float(v) for v in column(page, "Score", values=True)]
    assert initial == sorted(initial, reverse=True)

    score.locator("button").click()
    assert score.get_attribute("aria-sort") == "ascending"
    ascending = [float(v) for v in column(page, "Score", values=True)]
    assert ascending == sorted(ascending)
    assert min(ascending) < 10 <= max(ascending), "the data must mix one- and two-digit scores for this test to bite"
    shown = [int(v) for v in column(page, "Score")]
    assert shown == sorted(shown), "the displayed scores follow the same order"

    score.locator("button").click()
    assert score.get_attribute("aria-sort") == "descending"
    assert [float(v) for v in column(page, "Score", values=True)] == sorted(ascending, reverse=True)


def test_selecting_a_developer_shows_only_their_rows_and_updates_the_count(page, site):
    visit(page, site, "")
    total = visible_rows(page).count()
    assert count_text(page) == f"{total} models"

    page.select_option("[data-sc-filter=developer]", label="Meta")
    developers = [r.get_attribute("data-developer") for r in visible_rows(page).all()]
    expected = Counter(s["developer"] for s in SHIPPED)["Meta"]
    assert developers == ["Meta"] * expected
    assert count_text(page) == f"{expected} models"
    assert set(column(page, "Developer")) == {"Meta"}

    page.select_option("[data-sc-filter=developer]", value="")
    assert visible_rows(page).count() == total
    assert count_text(page) == f"{total} models"


def test_the_text_filter_matches_model_names_and_clearing_it_restores_every_row(page, site):
    visit(page, site, "")
    total = visible_rows(page).count()
    search = page.locator("[data-sc-filter=text]")

    search.press_sequentially("falcon")
    assert column(page, "Model") == ["Falcon-7B"]
    assert count_text(page) == "1 model"

    search.fill("")
    assert visible_rows(page).count() == total
    assert count_text(page) == f"{total} models"


def test_filters_combine_and_an_impossible_combination_shows_zero(page, site):
    visit(page, site, "")
    page.select_option("[data-sc-filter=developer]", label="Meta")
    page.locator("[data-sc-filter=text]").fill("3.2")
    assert column(page, "Model") == ["Llama 3.2 1B Instruct"]
    page.locator("[data-sc-filter=text]").fill("falcon")
    assert visible_rows(page).count() == 0
    assert count_text(page) == "0 models"


def test_every_developer_in_the_filter_shows_that_developers_rows(page, site):
    visit(page, site, "")
    options = page.eval_on_selector_all(
        "[data-sc-filter=developer] option", "os => os.filter(o => o.value).map(o => o.textContent)"
    )
    expected = Counter(r.get_attribute("data-developer") for r in visible_rows(page).all())
    failures = []
    for index, developer in enumerate(options, start=1):
        page.select_option("[data-sc-filter=developer]", index=index)
        shown = visible_rows(page).count()
        if shown != expected[developer]:
            failures.append(f"{developer!r}: {shown} row(s) shown, {expected[developer]} expected")
    assert not failures, "\n".join(failures)
