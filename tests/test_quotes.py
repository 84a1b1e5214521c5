"""Quote matching: tolerant of typography and markup, strict about words."""

from __future__ import annotations

from collector.passages import nearest_passage
from collector.quotes import (
    missing_fragment,
    normalize,
    quote_fragments,
    quote_in_text,
    without_controls,
    word_starts,
)

SOURCE = normalize("""
## Training Data

Llama 3.1 was pretrained on ~15 trillion tokens of data from **publicly available** sources.
The fine-tuning data includes [publicly available](https://example.com) instruction datasets,
as well as over 25M synthetically generated examples.

| Model | Params |
|---|---|
| 8B | 8.03 billion |
""")


def test_exact_quote_matches():
    assert quote_in_text("pretrained on ~15 trillion tokens", SOURCE)


def test_whitespace_and_line_breaks_do_not_matter():
    assert quote_in_text("instruction datasets,   as well as\nover 25M", SOURCE)


def test_markdown_emphasis_and_links_do_not_matter():
    assert quote_in_text("from publicly available sources", SOURCE)
    assert quote_in_text("includes publicly available instruction datasets", SOURCE)


def test_typographic_quotes_and_dashes_match_ascii():
    text = normalize('It said "safe" - twice')
    assert quote_in_text("It said \u201csafe\u201d \u2014 twice", text)


def test_changed_number_does_not_match():
    assert not quote_in_text("pretrained on ~16 trillion tokens", SOURCE)


def test_changed_word_does_not_match():
    assert not quote_in_text("from privately available sources", SOURCE)


def test_elided_quote_matches_fragments_in_order():
    assert quote_in_text("Llama 3.1 was pretrained ... synthetically generated examples", SOURCE)
    assert quote_in_text("Llama 3.1 [...] 25M", SOURCE)


def test_elided_fragments_out_of_order_do_not_match():
    assert not quote_in_text("synthetically generated examples ... Llama 3.1 was pretrained", SOURCE)


def test_case_matters():
    assert not quote_in_text("LLAMA 3.1 WAS PRETRAINED", SOURCE)


def test_empty_quote_never_matches():
    assert not quote_in_text("...", SOURCE)


def test_table_cells_can_be_quoted():
    assert quote_in_text("8B 8.03 billion", SOURCE)


def test_markdown_backslash_escapes_are_undone():
    assert quote_in_text("macro_avg in 2023.", normalize("macro\\_avg in 2023\\."))


def test_a_hyphenated_line_break_still_matches():
    assert quote_in_text("GPT-NeoX-20B", normalize("trained with GPT-NeoX-\n20B"))


def test_inline_html_between_characters_still_matches():
    assert quote_in_text("6.0 x 10-4", normalize("6.0 x 10<sup>-4</sup>"))


def test_missing_fragment_names_what_was_not_found():
    assert missing_fragment("Llama 3.1 was pretrained ... 26M examples", SOURCE) == "26M examples"


def test_control_characters_are_ignored_on_both_sides():
    assert quote_in_text("caf\x9ce latte", normalize("cafe latte")) or quote_in_text(
        "cafe latte", normalize("caf\x9ce latte")
    )
    assert without_controls("a\x00b\x9cc\nd") == "abc\nd"


def test_a_fragment_matched_without_spaces_is_followed_from_where_it_ends():
    source = normalize("trained with GPT-NeoX-\n20B, then GPT-J and 20B again")
    assert quote_in_text("GPT-NeoX-20B ... GPT-J ... 20B again", source)
    assert not quote_in_text("GPT-NeoX-20B ... trained with", source)
    assert missing_fragment("GPT-NeoX-20B ... GPT-NeoX", source) == "GPT-NeoX"


def test_the_closest_passage_of_a_long_quote_is_aligned_on_its_start_and_cut_short():
    passage = "The model was pretrained on 15 trillion tokens of public data. "
    text = normalize("Intro. " * 2000 + passage + "End. " * 2000)
    quote = "The model was pretrained on 16 trillion tokens of public data. " + "Words never written. " * 240
    passage = nearest_passage(quote, text)
    assert passage is not None
    assert passage.startswith("The model was pretrained on 15 trillion tokens")
    assert len(passage) <= 120


def test_no_closest_passage_is_offered_when_nothing_is_alike():
    assert nearest_passage("Completely different words appear here", normalize("Intro. " * 5000)) is None


LARGE = normalize(
    "the model card says " * 20_000
    + "Llama 3.1 was pretrained on ~15 trillion tokens of data. "
    + "the model card says " * 20_000
    + "It was fine-tuned with over 25M synthetic examples."
)


def test_a_large_source_matches_quotes_exactly_as_a_small_one_does():
    assert len(LARGE) > 256 * 1024  # large enough to be searched through its word index
    assert quote_in_text("Llama 3.1 was pretrained on ~15 trillion tokens", LARGE)
    assert quote_in_text("pretrained on ~15 trillion ... over 25M synthetic", LARGE)
    assert not quote_in_text("over 25M synthetic ... pretrained on ~15 trillion", LARGE)
    assert not quote_in_text("Llama 3.1 was pretrained on ~16 trillion tokens", LARGE)
    assert not quote_in_text("pretrained on ~15 billion tokens", LARGE)


def test_a_large_source_matches_quotes_of_its_commonest_words_and_of_parts_of_words():
    assert quote_in_text("says the model card says Llama 3.1", LARGE)
    assert quote_in_text("ma 3.1 was pretrai", LARGE)
    assert not quote_in_text("fine-tuned ... says It was fine-", LARGE)
    assert quote_in_text("fine- tuned with", LARGE)  # found with spaces removed


def test_the_closest_passage_in_a_large_source_is_found_where_its_words_agree_not_where_they_first_occur():
    shuffled = "models twelve list by the size notes release. " * 500
    passage = "the release notes list twelve models by size."
    text = normalize(" ".join(f"w{n}" for n in range(50_000)) + f" {shuffled}{passage} {shuffled}")
    assert len(text) > 256 * 1024  # large enough to have a word index
    found = nearest_passage("the release notes list eleven models by size.", text)
    assert found is not None
    assert found.startswith(passage)


def test_a_large_source_matches_quotes_of_one_or_two_words_whole_or_in_part():
    assert quote_in_text("synthetic examples.", LARGE)
    assert quote_in_text("Llama", LARGE)
    assert quote_in_text("tuned", LARGE)  # inside the word fine-tuned
    assert quote_in_text("Llama 3.1 ... says", LARGE)
    assert not quote_in_text("examples. ... says", LARGE)
    assert not quote_in_text("synthetic samples.", LARGE)


def test_an_unclosed_link_does_not_swallow_the_text_after_it():
    source = normalize("Data from the [Tatoeba Challenge](https://github.com/x/\n\n## Uses\n\nUse it (carefully).\n")
    assert quote_in_text("Use it (carefully).", source)


def test_a_quote_mark_after_blank_lines_goes_and_the_lines_become_one_space():
    assert normalize("said\n\n  \n> the model\n>\n> fails") == "said the model fails"


def test_an_elision_after_a_long_run_of_spaces_still_splits_the_quote():
    assert quote_fragments("trained on" + " " * 5000 + "... three datasets") == ["trained on", "three datasets"]


def test_a_link_takes_its_text_from_the_first_open_bracket_and_open_tags_stay_text():
    text = "[a " * 1000 + "[the model](https://x.y) <b>fails</b>" + " <a" * 1000
    assert normalize(text) == "a " + "[a " * 999 + "[the model fails" + " <a" * 1000


def test_a_large_source_is_indexed_once_while_quotes_alternate_between_six_large_sources():
    sources = [LARGE + f" Source number {n}." for n in range(6)]
    first = word_starts(sources[0])
    assert first is not None
    for _ in range(2):  # quotes of one file, citing six reports in turn
        for source in sources:
            assert quote_in_text("Llama 3.1 was pretrained on ~15 trillion tokens", source)
    assert word_starts(sources[0]) is first  # the same index: not made again for every quote
