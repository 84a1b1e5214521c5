"""What the Hub collector takes as evidence, and what it must not: one behaviour per test, on small cards."""

from __future__ import annotations

import pytest

from collector.hf.card import parse_card
from collector.hf.rules import find_all
from collector.quotes import normalize, quote_in_text


def claims(text: str) -> dict[str, str]:
    """indicator -> proposed status, for a card made of ``text``."""
    return {f.indicator_id: f.status.value for f in find_all(parse_card(text))}


def quote_for(text: str, indicator: str) -> str:
    return next(f.quote for f in find_all(parse_card(text)) if f.indicator_id == indicator)


# ------------------------------------------------------------------------------------------- training hardware


def test_training_on_named_gpus_is_training_hardware():
    assert claims("The model was trained on 512 A100 GPUs for three weeks.\n")["training-hardware"] == "partial"


def test_a_tpu_pod_is_training_hardware():
    assert claims("We pre-trained it on a TPU v3-8 provided by TRC.\n")["training-hardware"] == "partial"


def test_inference_hardware_is_not_training_hardware():
    assert "training-hardware" not in claims("Inference requires a single A100 GPU with 40 GB of memory.\n")


def test_hardware_needed_to_run_a_finetuned_model_is_not_training_hardware():
    text = "This fine-tuned model runs on a single RTX 3090 and needs 24 GB of VRAM.\n"
    assert "training-hardware" not in claims(text)


def test_a_hardware_label_is_read():
    text = "## Training\n\n- **Hardware:** 32 x 8 x A100 GPUs\n- **Optimizer:** AdamW\n"
    assert quote_for(text, "training-hardware") == "- **Hardware:** 32 x 8 x A100 GPUs"


def test_a_gpu_count_in_a_training_config_is_read():
    text = "## Training config\n\n```yaml\nbatch_bins: 1000\nngpu: 4\n```\n"
    assert quote_for(text, "training-hardware") == "ngpu: 4"


# ------------------------------------------------------------------------------------------------ release date


def test_a_citation_year_is_not_a_release_date():
    text = "## Citation\n\nPublished in the Proceedings of ACL, May 2022.\n\n```bibtex\n@article{x, year={2022}}\n```\n"
    assert "release-date" not in claims(text)


def test_a_date_inside_a_link_address_is_not_a_release_date():
    text = "More details in our [published work](https://example.org/2021/05/29/post.html).\n"
    assert "release-date" not in claims(text)


def test_a_dated_news_entry_is_a_release_date():
    text = "## News\n\n- [2024.05.20] We open-source the 7B model and its weights.\n"
    assert quote_for(text, "release-date") == "- [2024.05.20] We open-source the 7B model and its weights."


def test_a_model_date_label_with_its_value_on_the_next_line_is_read():
    text = "**Model Release Date:**\n\n* **70B Instruct: December 6, 2024**\n"
    assert claims(text)["release-date"] == "partial"


def test_a_heading_containing_date_as_part_of_a_word_is_not_a_dates_heading():
    assert "release-date" not in claims("## Updates\n\n- 25th November 2022: Adding Ancient Greek\n")


# ------------------------------------------------------------------------------------------ evaluation results


def test_a_pointer_to_a_paper_is_not_an_evaluation_result():
    assert "evaluation-results" not in claims("## Evaluation\n\nSee our paper (arXiv:2305.12345) for results.\n")


def test_a_results_table_under_evaluation_is_an_evaluation_result():
    text = "## Evaluation\n\n| Task | Accuracy |\n|---|---|\n| SST-2 | 92.1 |\n"
    assert quote_for(text, "evaluation-results") == "| SST-2 | 92.1 |"


def test_settings_in_parentheses_are_not_scores():
    text = "## Evaluation Results\n\nEvaluations with guidance scales (1.5, 2.0, 3.0) show the improvements:\n"
    assert "evaluation-results" not in claims(text)


def test_a_table_whose_header_names_metrics_is_read_anywhere():
    text = "## Base model\n\n| Metrics | Ours |\n|:--|:--:|\n| HellaSwag | **42.1** |\n"
    assert claims(text)["evaluation-results"] == "partial"


def test_a_score_with_a_decimal_comma_is_read():
    assert claims("F-score (micro): **94,96**\n")["evaluation-results"] == "partial"


def test_a_data_filter_threshold_is_not_a_result():
    assert "evaluation-results" not in claims("Images were filtered to an aesthetics score `> 5.0`.\n")


# ------------------------------------------------------------------------------------------------ intended use


def test_a_purpose_stated_in_the_introduction_is_an_intended_use():
    assert claims("# My model\n\nThis model can be used for named-entity recognition in Dutch.\n")["intended-use"]


def test_not_intended_for_is_an_out_of_scope_use_not_an_intended_use():
    found = claims("This model is not intended for medical diagnosis.\n")
    assert found.get("out-of-scope-use") == "partial" and "intended-use" not in found


def test_a_finetuned_version_on_a_dataset_states_no_purpose():
    assert "intended-use" not in claims("This model is a fine-tuned version of bert-base on the imdb dataset.\n")


def test_a_title_that_is_only_the_repository_name_states_no_purpose():
    assert "intended-use" not in claims("# mbart-large-50-finetuned-summarization\n\nWeights.\n")


# ---------------------------------------------------------------------------------------------- out-of-scope


@pytest.mark.parametrize(
    "sentence",
    [
        "It should not be used to make decisions about people.",
        "We recommend against using it in production.",
        "For non-commercial use only.",
        "The model is out of scope for medical advice.",
        "It is not suitable for languages other than English.",
    ],
)
def test_warnings_against_a_use_are_out_of_scope_uses(sentence):
    assert claims(sentence + "\n")["out-of-scope-use"] == "partial"


def test_parameters_that_are_not_allowed_to_change_are_not_a_use_restriction():
    assert "out-of-scope-use" not in claims("Parameters are not allowed to be modified in the demo.\n")


# ------------------------------------------------------------------------------------------ training data


def test_the_trainers_none_dataset_names_no_training_data():
    assert "training-data-sources" not in claims("This model is a fine-tuned version of gpt2 on the None dataset.\n")


def test_pretrained_on_a_corpus_names_training_data():
    assert claims("It was pretrained on a corpus of Finnish news and web text.\n")["training-data-sources"]


# -------------------------------------------------------------------------------------------- feedback channel


def test_an_email_address_is_a_feedback_channel():
    assert quote_for("## Contact\n\nfalconllm@tii.ae\n", "feedback-channel") == "falconllm@tii.ae"


def test_a_sales_pitch_is_not_a_feedback_channel():
    assert "feedback-channel" not in claims("Contact us to learn more about our solutions!\n")


def test_an_empty_contact_section_is_an_explicit_non_disclosure():
    assert claims("## Model Card Contact\n\n[More Information Needed]\n")["feedback-channel"] == "not-disclosed"


def test_a_contact_field_wrapped_over_two_lines_is_read_whole():
    text = "- Contact: to ask questions, join the [EleutherAI\nDiscord](https://discord.gg/x).\n"
    assert "Discord" in quote_for(text, "feedback-channel")


# ----------------------------------------------------------------------------------------------- limitations


def test_the_hubs_note_on_who_wrote_the_card_is_not_a_limitation():
    text = "Disclaimer: The team releasing CodeT5 did not write a model card for this model.\n"
    assert "limitations" not in claims(text)


def test_the_templates_recommendation_sentence_is_not_a_limitation():
    text = (
        "## Bias, Risks, and Limitations\n\n[More Information Needed]\n\n### Recommendations\n\n"
        "Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model.\n"
    )
    assert claims(text)["limitations"] == "not-disclosed"


def test_a_statement_that_the_model_has_no_moderation_is_a_limitation():
    text = "Mistral 7B is a pretrained base model and therefore does not have any moderation mechanisms.\n"
    assert claims(text)["limitations"] == "partial"


# -------------------------------------------------------------------------------------------- parser and quotes


def test_an_inline_code_span_with_triple_backticks_does_not_open_a_fence():
    text = "```pip install x``` installs it.\n\n## Limitations\n\nThe model may produce wrong answers in German.\n"
    assert [s.heading for s in parse_card(text).sections] == ["Limitations"]


def test_an_unclosed_fence_runs_to_the_end_of_the_card():
    text = "## Usage\n\n```python\n# Limitations\nprint(1)\n"
    assert [s.heading for s in parse_card(text).sections] == ["Usage"]


def test_a_section_whose_content_sits_in_its_subsections_is_read():
    text = "## Uses\n\n### Direct Use\n\nThe model is intended for summarising legal texts.\n"
    uses = parse_card(text).sections[0]
    assert "summarising legal texts" in uses.subtree and uses.text.strip() == ""
    assert claims(text)["intended-use"] == "partial"


def test_a_quote_is_never_cut_inside_a_markdown_link():
    long_prose = "This model is intended for question answering over documents " * 6
    text = f"## Intended uses\n\n{long_prose}see [the documentation of the project](https://example.org/docs) now.\n"
    quote = quote_for(text, "intended-use")
    assert "[" not in quote and quote_in_text(quote, normalize(text))


def test_a_paragraph_that_is_only_an_html_tag_is_not_quoted():
    text = '## Limitations\n\n<img src="https://example.org/a-long-image-name.png">\n\nIt may hallucinate facts.\n'
    assert quote_for(text, "limitations") == "It may hallucinate facts."


# ------------------------------------------------------------------------------------------------- vocabulary


def test_a_vocabulary_heading_is_matched_in_normal_form():
    from collector.hf.vocabulary import vocabulary

    assert vocabulary().heading_indicators("Bias, Risks, and Limitations [optional]") == ("limitations",)
    assert "out-of-scope-use" in vocabulary().heading_indicators("Out-of-Scope Use")


def test_training_and_evaluation_data_is_not_a_results_heading():
    from collector.hf.vocabulary import vocabulary

    assert "evaluation-results" not in vocabulary().heading_indicators("Training and evaluation data")
    assert "evaluation-results" in vocabulary().heading_indicators("Evaluation: in case you care to count")


def test_a_vocabulary_entry_not_in_normal_form_is_refused(tmp_path):
    from collector.hf.vocabulary import vocabulary

    table = tmp_path / "vocabulary.yaml"
    table.write_text('indicators:\n  limitations:\n    headings:\n      - {text: "Known Issues", cards: 3}\n')
    with pytest.raises(ValueError, match="not in normal form"):
        vocabulary(table)


# ------------------------------------------------------------------- the kinds of miss the held-out set found


@pytest.mark.parametrize(
    ("indicator", "text"),
    [
        ("release-date", "## Release Notes\n\n- 2024-05-20: first public version.\n"),
        ("release-date", "**Model Dates:** The model was trained between January 2023 and July 2023.\n"),
        ("limitations", "## Responsible AI Considerations\n\nLike other models, it can behave in unfair ways.\n"),
        ("feedback-channel", "## Call for Feedback\n\nWe welcome your feedback at https://github.com/o/r/issues.\n"),
        ("feedback-channel", "Please report security vulnerabilities to security@example.org.\n"),
        ("feedback-channel", "Join our Discord to ask questions.\n"),
        ("feedback-channel", "**Contact:** Jane Doe (jane@example.org)\n"),
        ("intended-use", "## Intended Usage\n\nThe model targets customer-support chat in English and Spanish.\n"),
        ("training-hardware", "It was trained on a TPU v3 pod for two weeks.\n"),
        ("training-data-sources", "It was pretrained on a corpus of books and English Wikipedia.\n"),
    ],
)
def test_the_kinds_of_disclosure_the_held_out_measurement_found_missed_are_read(indicator, text):
    assert claims(text).get(indicator) == "partial"


def test_a_quote_validation_would_refuse_is_not_valid_evidence():
    from collector.hf.rules import is_valid_quote

    card = normalize('See [the results](https://example.org/r) and <img src="a.png"> here.')
    assert is_valid_quote("See the results and", card)
    assert not is_valid_quote("See [the results](https://exa", card)
    assert not is_valid_quote('<img src="a.png">', card)


def test_a_sentence_end_inside_a_links_text_does_not_cut_the_quote():
    text = "Research has shown that the model may produce biased text (see [Sheng et al. 2019](https://x.org/a)).\n"
    quote = quote_for(text, "limitations")
    assert quote_in_text(quote, normalize(text)) and quote.startswith("Research")


def test_a_link_whose_text_runs_over_two_lines_is_quoted_whole():
    text = "Trained on data under the [LDC User Agreement for\nNon-Members](https://x.org/l.pdf) (Research only).\n"
    assert quote_in_text(quote_for(text, "out-of-scope-use"), normalize(text))


def test_a_card_that_starts_with_a_link_is_quoted_from_its_first_character():
    text = "[bert-base](https://x.org/b) fine-tuned on the [QNLI](https://x.org/q) dataset for 2 epochs.\n"
    assert quote_for(text, "training-data-sources").startswith("[bert-base]")
