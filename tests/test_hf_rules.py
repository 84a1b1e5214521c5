"""The Hub card rules on real cards: expected statuses per card, verbatim quotes, silence means no claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from collector.hf.card import parse_card
from collector.hf.rules import find_all
from collector.quotes import normalize, quote_in_text

CARDS = Path(__file__).parent / "fixtures" / "hf" / "cards"
FIXED = {
    "training-data-sources", "training-data-size", "fine-tuning-data", "training-data-access", "model-architecture",
    "model-size", "base-model", "weights-access", "license", "release-date", "training-hardware", "energy-emissions",
    "evaluation-results", "intended-use", "out-of-scope-use", "limitations", "bias-evaluation", "red-teaming",
    "acceptable-use-policy", "feedback-channel",
}  # fmt: skip

# What each card documents, judged by the documented rules (collector/hf/rules.py).  An indicator
# missing from a card's row is one the card is silent on: the collector must make no claim there.
EXPECTED = {
    "models/0xid__ppo-LunarLander-v2.md": {
        "evaluation-results": "partial",
        "intended-use": "partial",
    },
    "models/Abdulkader__autotrain-medical-reports-summarizer-2484176581.md": {
        "training-data-sources": "partial",
        "energy-emissions": "partial",
        "evaluation-results": "partial",
        "intended-use": "partial",
    },
    "models/BeIR__sparta-msmarco-distilbert-base-v1.md": {},
    "models/EleutherAI__pythia-160m.md": {
        "license": "disclosed",
        "training-data-sources": "partial",
        "training-data-size": "partial",
        "model-architecture": "partial",
        "model-size": "partial",
        "intended-use": "partial",
        "out-of-scope-use": "partial",
        "limitations": "partial",
        "feedback-channel": "partial",
    },
    "models/HuggingFaceTB__SmolLM2-135M-Instruct.md": {
        "license": "disclosed",
        "base-model": "partial",
        "training-data-sources": "partial",
        "training-data-size": "partial",
        "fine-tuning-data": "partial",
        "model-architecture": "partial",
        "model-size": "partial",
        "evaluation-results": "partial",
        "limitations": "partial",
        "training-hardware": "partial",
    },
    "models/MiriUll__distilbert-german-text-complexity.md": {
        "intended-use": "partial",
    },
    "models/Mraleksa__fine-tune-distilbert-exitru.md": {},
    "models/Qwen__Qwen2.5-0.5B-Instruct.md": {
        "license": "disclosed",
        "base-model": "partial",
        "model-architecture": "partial",
        "model-size": "partial",
    },
    "models/allenai__OLMo-2-1124-13B.md": {
        "license": "disclosed",
        "training-data-sources": "partial",
        "training-data-size": "partial",
        "model-architecture": "partial",
        "evaluation-results": "partial",
        "limitations": "partial",
        "feedback-channel": "partial",
        "intended-use": "partial",
    },
    "models/google__gemma-2b-sfp-cpp.md": {
        "license": "disclosed",
    },
    "models/meta-llama__Llama-3.1-8B-Instruct.md": {
        "license": "disclosed",
        "base-model": "partial",
        "training-data-sources": "partial",
        "training-data-size": "partial",
        "fine-tuning-data": "partial",
        "model-architecture": "partial",
        "release-date": "partial",
        "training-hardware": "partial",
        "energy-emissions": "partial",
        "evaluation-results": "partial",
        "intended-use": "partial",
        "out-of-scope-use": "partial",
        "limitations": "partial",
        "red-teaming": "partial",
        "acceptable-use-policy": "partial",
        "feedback-channel": "partial",
    },
    "models/meta-llama__Llama-3.2-1B-Instruct.md": {
        "license": "disclosed",
        "training-data-sources": "partial",
        "training-data-size": "partial",
        "fine-tuning-data": "partial",
        "model-architecture": "partial",
        "release-date": "partial",
        "training-hardware": "partial",
        "energy-emissions": "partial",
        "evaluation-results": "partial",
        "intended-use": "partial",
        "out-of-scope-use": "partial",
        "limitations": "partial",
        "red-teaming": "partial",
        "acceptable-use-policy": "partial",
        "feedback-channel": "partial",
    },
    "models/meta-llama__Llama-3.3-70B-Instruct__github_MODEL_CARD.md": {
        "training-data-sources": "partial",
        "training-data-size": "partial",
        "fine-tuning-data": "partial",
        "model-architecture": "partial",
        "training-hardware": "partial",
        "energy-emissions": "partial",
        "evaluation-results": "partial",
        "intended-use": "partial",
        "out-of-scope-use": "partial",
        "limitations": "partial",
        "red-teaming": "partial",
        "acceptable-use-policy": "partial",
        "feedback-channel": "partial",
        "release-date": "partial",
    },
    "models/mistralai__Mistral-7B-v0.1.md": {
        "license": "disclosed",
        "model-architecture": "partial",
        "model-size": "partial",
        "limitations": "partial",
    },
    "models/tiiuae__falcon-7b.md": {
        "license": "disclosed",
        "training-data-sources": "partial",
        "training-data-size": "partial",
        "model-architecture": "partial",
        "model-size": "partial",
        "training-hardware": "partial",
        "intended-use": "partial",
        "out-of-scope-use": "partial",
        "limitations": "partial",
        "feedback-channel": "partial",
    },
    "corpus/nateraw__new-modelcard-template-test.md": {
        "license": "disclosed",
        "training-data-sources": "not-disclosed",
        "model-architecture": "not-disclosed",
        "training-hardware": "not-disclosed",
        "energy-emissions": "not-disclosed",
        "evaluation-results": "not-disclosed",
        "intended-use": "not-disclosed",
        "out-of-scope-use": "not-disclosed",
        "limitations": "not-disclosed",
        "feedback-channel": "not-disclosed",
    },
    "corpus/A-bhimany-u08__bert-base-cased-qqp.md": {
        "training-data-sources": "partial",
        "evaluation-results": "partial",
    },
    "corpus/jutaporn37678__stable-diffusion-v1-0.md": {
        "license": "disclosed",
        "training-data-sources": "partial",
        "training-data-size": "partial",
        "energy-emissions": "partial",
        "intended-use": "partial",
        "out-of-scope-use": "partial",
        "limitations": "partial",
        "training-hardware": "partial",
    },
    "corpus/grugger__chubas.md": {
        "license": "disclosed",
        "training-data-sources": "not-disclosed",
        "model-architecture": "not-disclosed",
        "training-hardware": "not-disclosed",
        "energy-emissions": "not-disclosed",
        "evaluation-results": "not-disclosed",
        "intended-use": "partial",
        "out-of-scope-use": "partial",
        "feedback-channel": "not-disclosed",
    },
}


def findings(name: str):
    return find_all(parse_card((CARDS / name).read_bytes()))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_statuses_on_the_fixed_indicators_match_the_table(name):
    found = {f.indicator_id: f.status.value for f in findings(name) if f.indicator_id in FIXED}
    assert found == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_quote_is_verbatim_in_the_card(name):
    text = (CARDS / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    for finding in findings(name):
        assert finding.quote in text, (finding.indicator_id, finding.quote)
        assert finding.locator.strip(), finding.indicator_id
        assert quote_in_text(finding.quote, normalize(text))


@pytest.mark.parametrize(
    "name",
    [
        "models/Mraleksa__fine-tune-distilbert-exitru.md",
        "models/BeIR__sparta-msmarco-distilbert-base-v1.md",
    ],
)
def test_a_card_that_documents_nothing_yields_no_claim(name):
    assert findings(name) == []


def test_every_card_in_the_fixtures_is_in_the_table():
    names = {str(p.relative_to(CARDS)) for p in CARDS.rglob("*.md") if "PROVENANCE" not in p.name}
    assert names - {n for n in names if n.startswith("datasets/")} == set(EXPECTED)


def test_placeholder_sections_are_quoted_as_the_evidence_of_non_disclosure():
    by_id = {f.indicator_id: f for f in findings("corpus/nateraw__new-modelcard-template-test.md")}
    assert by_id["training-data-sources"].quote == "[More Information Needed]"
    assert by_id["training-data-sources"].anchor == "training-data"


def test_quotes_are_bounded():
    for name in EXPECTED:
        assert all(len(f.quote) <= 600 for f in findings(name))


def test_a_card_that_is_not_text_does_not_crash():
    card = parse_card(b"\x89PNG\r\n\x1a\n\x00\x00garbage---\n")
    assert find_all(card) == []


def test_front_matter_after_blank_lines_is_read_as_the_hub_reads_it():
    card = parse_card((CARDS / "corpus" / "A-bhimany-u08__bert-base-cased-qqp.md").read_bytes())
    assert card.metadata == {"inference": False, "datasets": ["qqp"]}


def test_broken_front_matter_is_reported_and_the_prose_still_read():
    card = parse_card(b"---\nlicense: [unclosed\n---\n# Training Data\n\nWe trained on 5 billion tokens of data.\n")
    assert card.metadata_error
    assert {f.indicator_id for f in find_all(card)} >= {"training-data-sources", "training-data-size"}
