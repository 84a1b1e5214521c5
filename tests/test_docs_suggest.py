"""Keyword suggestions: leads for a reviewer, taken only from new passages, always quotable verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from collector.docs.suggest import new_passages, passages, suggest
from collector.loading import load_model
from collector.quotes import normalize, quote_in_text
from collector.schema import Indicator, Rubric
from tests.conftest import REPO


@pytest.fixture(scope="module")
def indicators() -> dict[str, Indicator]:
    path = REPO / "rubrics" / "transparency" / "1.0.yaml"
    rubric = load_model(Path(path), Rubric, "rubric").model
    assert rubric is not None
    return rubric.indicator_map


TEXT = """# Nova 2 system card

## Training data

Nova 2 was trained on a data mixture of licensed text and public web pages. The training cutoff is March 2026.

- Evaluations cover reasoning and coding.
- The model was **red-teamed** by external experts before release.

| Benchmark | Score |
|---|---|
| training data | 1 |
"""


def test_passages_are_paragraphs_and_list_items_under_their_heading():
    found = passages(TEXT)
    assert [p.heading for p in found] == ["Training data", "Training data", "Training data"]
    assert found[1].text.startswith("- Evaluations cover")


def test_table_rows_are_not_passages():
    assert all(not p.text.startswith("|") for p in passages(TEXT))


def test_a_first_version_suggests_from_every_passage(indicators):
    found = suggest(TEXT, None, [indicators["training-data-sources"], indicators["data-cutoff-date"]])
    by_indicator = {s.indicator: s for s in found}
    assert by_indicator["training-data-sources"].quote.startswith("Nova 2 was trained on a data mixture")
    assert by_indicator["data-cutoff-date"].quote == "The training cutoff is March 2026."
    assert by_indicator["data-cutoff-date"].locator == "Training data"


def test_every_suggested_quote_is_found_in_the_text_as_validation_checks_it(indicators):
    for s in suggest(TEXT, None, list(indicators.values())):
        assert quote_in_text(s.quote, normalize(TEXT)), s


def test_only_passages_new_in_this_version_are_looked_at(indicators):
    added = "The knowledge cutoff was moved to June 2026 in an update."
    changed = TEXT + "\n" + added + "\n"
    assert [p.text for p in new_passages(changed, TEXT)] == [added]
    found = suggest(changed, TEXT, [indicators["data-cutoff-date"], indicators["training-data-sources"]])
    assert [(s.indicator, s.quote) for s in found] == [
        ("data-cutoff-date", "The knowledge cutoff was moved to June 2026 in an update.")
    ]


def test_no_keyword_means_no_suggestion(indicators):
    assert suggest("We like turtles.\n", None, [indicators["data-cutoff-date"]]) == []


def test_keywords_match_whole_words_only(indicators):
    assert suggest("Our trained online data sourcesx.\n", None, [indicators["training-data-sources"]]) == []


def test_a_long_sentence_is_cut_at_a_word_with_an_elision_that_still_matches(indicators):
    sentence = "The training data " + "includes many carefully filtered documents " * 20 + "in total."
    found = suggest(sentence + "\n", None, [indicators["training-data-sources"]])
    assert len(found[0].quote) <= 405
    assert found[0].quote.endswith(" ...")
    assert quote_in_text(found[0].quote, normalize(sentence))
