"""The leaderboard's sortable headers and its filters, driven in a real browser."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import yaml

from tests.browser.conftest import visit
from tests.conftest import REPO

pytestmark = pytest.mark.slow

RANKED = "table.sc-leaderboard"  # complete assessments, ranked by score
UNRANKED = "table.sc-unranked"  # incomplete assessments, by name, with their ranges
SHIPPED = [  # the subjects the leaderboard lists: those assessed under our own rubric (imports have their own rankings)
    card["subject"]
    for card in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "scorecards").rglob("*.yaml"))
    if any(a["rubric"] == "transparency" for a in card["assessments"])
]


def header(page: Any, label: str, table: str = RANKED) -> Any:
    """The <th> whose button reads `label` (the ▲/▼ arrows are CSS, not text)."""
    labels = page.eval_on_selector_all(f"{table} thead th[data-sort]", "ths => ths.map(th => th.textContent.trim())")
    assert label in labels, f"no column {label!r} among {labels}"
    return page.locator(f"{table} thead th[data-sort]").nth(labels.index(label))


def column(page: Any, label: str, *, table: str = RANKED, values: bool = False) -> list[str]:
    """The visible rows' cells in a column, in display order: text, or the data-value used to sort."""
    labels = page.eval_on_selector_all(f"{table} thead th", "ths => ths.map(th => th.textContent.trim())")
    script = """([table, index, values]) => Array.from(document.querySelectorAll(table + ' tbody tr'))
        .filter(row => !row.hidden)
        .map(row => row.children[index])
        .map(cell => values ? cell.getAttribute('data-value') : cell.textContent.trim())"""
    return page.evaluate(script, [table, labels.index(label), values])


def visible_rows(page: Any) -> Any:
    """The model rows shown in both tables."""
    return page.locator("table[data-sc-sortable] tbody tr[data-developer]:not([hidden])")


def visible_names(page: Any) -> list[str]:
    return [name.strip() for name in visible_rows(page).locator("th[scope=row]").all_text_contents()]


def count_text(page: Any) -> str:
    return page.locator("[data-sc-count]").inner_text().strip()


def in_locale_order(page: Any, names: list[str]) -> bool:
    """Whether names are in the order a reader's browser collates them (case- and accent-insensitive)."""
    return page.evaluate(
        """names => names.every((n, i) => i === 0 ||
               names[i - 1].localeCompare(n, undefined, {sensitivity: 'base'}) <= 0)""",
        names,
    )


def test_only_complete_assessments_are_ranked_and_the_others_are_listed_apart_with_ranges(page, site):
    visit(page, site, "")
    ranked = column(page, "Model")
    unranked = column(page, "Model", table=UNRANKED)
    # every shipped model has an unassessed indicator today, so all of them are listed apart
    assert {s["name"] for s in SHIPPED} <= set(unranked)
    assert not {s["name"] for s in SHIPPED} & set(ranked)
    assert len(ranked) == 5  # the complete fixture assessments (tests/browser/xss_payloads.py)
    ranges = column(page, "Score range", table=UNRANKED)
    assert all(re.fullmatch(r"\d+–\d+", r) for r in ranges), ranges
    assert all(re.fullmatch(r"\d+ of 80", a) for a in column(page, "Assessed", table=UNRANKED))


def test_clicking_the_model_header_sorts_by_name_ascending_then_descending(page, site):
    visit(page, site, "")
    model = header(page, "Model", UNRANKED)
    assert model.get_attribute("aria-sort") == "ascending", "the models not ranked start in name order"
    initial = column(page, "Model", table=UNRANKED)
    assert in_locale_order(page, initial), initial

    model.locator("button").click()
    assert model.get_attribute("aria-sort") == "descending"
    assert column(page, "Model", table=UNRANKED) == list(reversed(initial))

    model.locator("button").click()
    ascending = column(page, "Model", table=UNRANKED)
    assert model.get_attribute("aria-sort") == "ascending"
    assert header(page, "Developer", UNRANKED).get_attribute("aria-sort") == "none", "one sorted column at a time"
    shipped_names = [s["name"] for s in SHIPPED]
    assert [n for n in ascending if n in shipped_names] == sorted(shipped_names, key=str.casefold)


def test_sorting_the_ranked_table_leaves_the_other_alone(page, site):
    visit(page, site, "")
    before = column(page, "Model", table=UNRANKED)
    header(page, "Model").locator("button").click()
    assert in_locale_order(page, column(page, "Model"))
    assert column(page, "Model", table=UNRANKED) == before


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
    assert set(column(page, "Developer", table=UNRANKED)) == {"Meta"}
    assert column(page, "Developer") == [], "no Meta model is complete, so none is ranked"

    page.select_option("[data-sc-filter=developer]", value="")
    assert visible_rows(page).count() == total
    assert count_text(page) == f"{total} models"


def test_the_text_filter_matches_model_names_and_clearing_it_restores_every_row(page, site):
    visit(page, site, "")
    total = visible_rows(page).count()
    search = page.locator("[data-sc-filter=text]")

    search.press_sequentially("falcon")
    assert visible_names(page) == ["Falcon-7B"]
    assert count_text(page) == "1 model"

    search.fill("")
    assert visible_rows(page).count() == total
    assert count_text(page) == f"{total} models"


def test_filters_combine_and_an_impossible_combination_shows_zero(page, site):
    visit(page, site, "")
    page.select_option("[data-sc-filter=developer]", label="Meta")
    page.locator("[data-sc-filter=text]").fill("3.2")
    assert visible_names(page) == ["Llama 3.2 1B Instruct"]
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
