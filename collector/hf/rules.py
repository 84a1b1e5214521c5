"""Documented rules that turn a parsed Hub card into claims on rubric indicators.

The collector is a first reader, not a judge.  It proposes a status with a
verbatim quote, and a person reviews it.  The rules are conservative:

* **silent card, no claim**: an indicator the card does not address gets no
  claim at all (never "not disclosed" by absence);
* **explicit non-disclosure**: where the card fills a field or section with a
  placeholder ("[More Information Needed]", ``license: unknown``), the claim is
  ``not-disclosed`` and quotes the placeholder;
* **partial, not disclosed, from prose**: a section or sentence on the topic
  earns ``partial``; full credit needs a judgement the rubric's full-credit text
  describes, which a reviewer gives;
* **disclosed from metadata** only where a structured field meets the full
  credit rule on its own (a named licence; a base model with its relation).

Where each indicator is read (the headings and labels come from the reviewed table
``collector/hf/vocabulary.yaml``; the sentence patterns, each with its counter-examples, from
:mod:`collector.hf.patterns`; sections, fields and sentences from :mod:`collector.hf.prose`):

Per indicator: metadata; sections and fields named in the vocabulary (and what their text must show);
sentences anywhere.  All give ``partial`` unless said otherwise.

* license: ``license`` (``other`` + ``license_name``/``_link``): disclosed; a bare ``other`` partial.
* base-model: ``base_model``: disclosed with ``base_model_relation``, else partial.
* training-data-sources: ``datasets``; "Training Data", "Dataset", ...; "trained on ... data/corpus".
* training-data-size: an amount of tokens/words/images... near training words.
* fine-tuning-data: a fine-tuning data heading; SFT/RLHF/instruction data sentences.
* model-architecture: an "Architecture" heading; a sentence naming the architecture.
* model-size: a parameter count.
* release-date: "Model date", "News", ...: a dated line; a release word next to a date.
* training-hardware: ``co2_eq_emissions.hardware_used``; "Hardware", "Hardware Type:" with a named
  accelerator or a count; training on named hardware (not inference); ``ngpu: N`` in a training config.
* energy-emissions: ``co2_eq_emissions``; an environmental impact heading; a kWh or CO2 figure.
* evaluation-results: ``model-index`` results; "Evaluation", "Results", ... with a score line; a field
  naming a metric with a score; a table whose header names metrics; "achieves 92%", "F1 of 0.8".
* intended-use: "Intended Uses", "Direct Use", "Problem type:"; "intended for", "can be used for"; a
  task named in the title.
* out-of-scope-use: "Out-of-Scope Use", "Misuse"; "not intended for", "should not be used", ...
* limitations: "Limitations", "Bias, Risks, and Limitations", ...; "may produce", "has limitations", ...
* bias-evaluation, red-teaming, acceptable-use-policy: a sentence on the topic.
* feedback-channel: "Model Card Contact", "Contact:" with an address or link; "contact us", "open an
  issue", an e-mail address.

A section whose heading names the indicator exactly and holds only a placeholder, and ``license: unknown``,
give ``not-disclosed``.  Every quote is checked to pass ``scorecards validate`` before it is proposed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from collector.hf import patterns
from collector.hf.card import Card, is_placeholder, placeholder_line
from collector.hf.prose import (
    Finding,
    Rule,
    config_rule,
    field_rule,
    metric_rule,
    opening,
    section_rule,
    sentence_rule,
    title_rule,
)
from collector.quotes import normalize, quote_in_text
from collector.schema import Status

__all__ = ["Finding", "find_all", "is_valid_quote"]

METADATA = "front matter"
_EMISSIONS_HEADING = re.compile(r"environmental impact|carbon|emissions", re.IGNORECASE)
_ARCHITECTURE_HEADING = re.compile(r"architecture", re.IGNORECASE)
_FINE_TUNING_HEADING = re.compile(
    r"fine-?tun(ing|ed) data|instruction(-| )tuning|post-?training|sft data|preference data", re.IGNORECASE
)


def find_all(card: Card) -> list[Finding]:
    """Every finding the rules make on ``card``, at most one per indicator: the first that shows a disclosure, else
    the first explicit non-disclosure.  A finding whose quote would not pass validation (it is not found in the
    card once both are normalized, or it says nothing) is dropped."""
    findings: dict[str, Finding] = {}
    source = normalize(card.text)
    for rule in RULES:
        for finding in rule(card):
            held = findings.get(finding.indicator_id)
            if held is not None and (held.status is not Status.NOT_DISCLOSED or finding.status is Status.NOT_DISCLOSED):
                continue
            if is_valid_quote(finding.quote, source):
                findings[finding.indicator_id] = finding
            else:  # a rule's bug, not the card's: the collector reports it (RepoResult.notes)
                card.derived.setdefault("dropped", []).append(finding.indicator_id)
    return list(findings.values())


def is_valid_quote(quote: str, normalized_card: str) -> bool:
    """True when ``quote`` would pass ``scorecards validate``: it has words, and every fragment is in the card."""
    says_something = any(ch.isalnum() for ch in normalize(quote))
    return says_something and quote_in_text(quote, normalized_card)


# ----------------------------------------------------------------- metadata


def _metadata_line(card: Card, key: str) -> str | None:
    """The verbatim front-matter line (or first line of the block) that sets ``key``."""
    match = re.search(rf"^{re.escape(key)}\s*:.*$", card.metadata_text, re.MULTILINE)
    return match.group(0).strip() if match else None


def _metadata_block(card: Card, key: str, max_lines: int = 8) -> str | None:
    """``key:`` and the indented lines under it, up to ``max_lines``, verbatim."""
    lines = card.metadata_text.split("\n")
    for index, line in enumerate(lines):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            block = [line]
            for follow in lines[index + 1 :]:
                if follow and not follow[0].isspace() and not follow.startswith("-"):
                    break
                block.append(follow)
            return "\n".join(b for b in block[:max_lines] if b.strip()).strip()
    return None


def license_rule(card: Card) -> Iterator[Finding]:
    value = card.metadata.get("license")
    line = _metadata_line(card, "license")
    if value is None or line is None:
        return
    text = str(value[0] if isinstance(value, list) and value else value).strip().lower()
    named = _metadata_line(card, "license_name") or _metadata_line(card, "license_link")
    if text == "unknown":
        yield Finding("license", Status.NOT_DISCLOSED, line, METADATA, note="The card's license field says unknown.")
    elif text == "other":
        if named:
            yield Finding("license", Status.DISCLOSED, named, METADATA)
        else:
            yield Finding("license", Status.PARTIAL, line, METADATA, note="License is 'other' and not named.")
    else:
        yield Finding("license", Status.DISCLOSED, line, METADATA)


def base_model_rule(card: Card) -> Iterator[Finding]:
    value = card.metadata.get("base_model")
    block = _metadata_block(card, "base_model", max_lines=4)
    if not value or block is None:
        return
    relation = _metadata_line(card, "base_model_relation")
    if relation:
        yield Finding(
            "base-model", Status.DISCLOSED, f"{block}\n{relation}" if relation in card.text else block, METADATA
        )
    else:
        yield Finding(
            "base-model",
            Status.PARTIAL,
            block,
            METADATA,
            note="The parent model is named; the card's metadata does not say how it was derived.",
        )


def datasets_rule(card: Card) -> Iterator[Finding]:
    value = card.metadata.get("datasets")
    block = _metadata_block(card, "datasets", max_lines=6)
    if isinstance(value, list) and value and block:
        yield Finding(
            "training-data-sources",
            Status.PARTIAL,
            block,
            METADATA,
            note="Datasets are named in the card's metadata; whether they cover all training data needs a reviewer.",
        )


def emissions_rule(card: Card) -> Iterator[Finding]:
    value = card.metadata.get("co2_eq_emissions")
    block = _metadata_block(card, "co2_eq_emissions", max_lines=8)
    if value in (None, "", {}) or block is None:
        return
    yield Finding(
        "energy-emissions",
        Status.PARTIAL,
        block,
        METADATA,
        note="Emissions are given in the card's metadata; energy and method need a reviewer.",
    )
    if isinstance(value, dict) and value.get("hardware_used"):
        line = re.search(r"^\s*hardware_used\s*:.*$", card.metadata_text, re.MULTILINE)
        if line:
            yield Finding("training-hardware", Status.PARTIAL, line.group(0).strip(), METADATA)


def model_index_rule(card: Card) -> Iterator[Finding]:
    entries = card.metadata.get("model-index")
    if not isinstance(entries, list) or not _has_results(entries):
        return
    match = re.search(
        r"^\s*-?\s*(?:type|name|value)\s*:.*$",
        card.metadata_text[card.metadata_text.find("model-index") :],
        re.MULTILINE,
    )
    block = _metadata_block(card, "model-index", max_lines=12)
    if block and match:
        yield Finding(
            "evaluation-results",
            Status.PARTIAL,
            block,
            METADATA,
            note="Results are reported in the card's model-index; settings need a reviewer.",
        )


def _has_results(entries: list[Any]) -> bool:
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for result in entry.get("results") or []:
            if isinstance(result, dict) and any(
                isinstance(m, dict) and "value" in m for m in result.get("metrics") or []
            ):
                return True
    return False


def heading_rule(indicator_id: str, pattern: re.Pattern[str], *, note: str | None = None) -> Rule:
    """For indicators outside the vocabulary table: sections whose heading matches ``pattern``."""

    def rule(card: Card) -> Iterator[Finding]:
        for section in card.find_sections(pattern):
            if is_placeholder(section.subtree):
                placeholder = placeholder_line(section.text)
                if placeholder:
                    yield Finding(indicator_id, Status.NOT_DISCLOSED, placeholder, section.heading, section.anchor,
                                  note="The card's section for this is a template placeholder.")  # fmt: skip
                continue
            found = opening(section)
            if found is not None:
                yield Finding(indicator_id, Status.PARTIAL, found[0], section.heading, section.anchor, note)
                return

    return rule


_AMOUNT = re.compile(
    r"\b\d[\d,.]*\s?(?:[KMBT]|thousand|million|billion|trillion)?\s?"
    r"(?:tokens|words|documents|images|hours|samples|examples|GB|TB|gigabytes|terabytes)\b",
    re.IGNORECASE,
)
_PARAMS = re.compile(r"\b\d[\d,.]*\s?(?:[KMB]|million|billion)\s?(?:-?\s?parameters?|params)\b", re.IGNORECASE)
_ARCH = re.compile(
    r"\b(?:decoder-only|encoder-decoder|auto-?regressive|transformers?|mixture[- ]of[- ]experts)\b", re.IGNORECASE
)
_ARCH_CONTEXT = re.compile(r"\bmodel\b|architecture|\bbased\b|\blayers?\b", re.IGNORECASE)
_RED_TEAM = re.compile(r"red[- ]?team", re.IGNORECASE)
_AUP = re.compile(r"acceptable use policy|use policy", re.IGNORECASE)
_FINE_TUNING_DATA = re.compile(
    r"fine-?tuning data|instruction(?:-tuning)? data(?:sets?)?|post-?training data|preference data"
    r"|(?:supervised fine-?tuning|\bSFT\b|instruction[- ]tun\w+|\bDPO\b|\bRLHF\b)[^.\n]{0,150}\b(?:datasets?|data)\b",
    re.IGNORECASE,
)
_EMISSIONS = re.compile(
    r"\d[\d,.]*\s*(?:k|M|G)Wh\b|\d[\d,.]*\s*(?:t|tons?|tonnes?|kg)\s*(?:of\s*)?CO2|\d[^.\n]{0,60}\bCO2\s?eq",
    re.IGNORECASE,
)
_TRAINING_CONTEXT = re.compile(r"train|corpus|dataset|\bsaw\b|\bseen\b", re.IGNORECASE)
_BIAS_EVAL = re.compile(
    r"\b(?:bias|fairness|stereotyp)\w*\b[^.\n]{0,120}\b(?:evaluat|benchmark|measur|score|test)", re.IGNORECASE
)
_SECTION_NOTE = "The card has a training data section; a reviewer judges how completely it names sources."

RULES: list[Rule] = [
    license_rule,
    base_model_rule,
    datasets_rule,
    section_rule("training-data-sources", note=_SECTION_NOTE),
    field_rule("training-data-sources"),
    sentence_rule("training-data-sources", patterns.TRAINED_ON, unless=patterns.NO_DATASET),
    sentence_rule("training-data-size", _AMOUNT, requires=_TRAINING_CONTEXT),
    heading_rule("fine-tuning-data", _FINE_TUNING_HEADING),
    sentence_rule("fine-tuning-data", _FINE_TUNING_DATA),
    heading_rule("model-architecture", _ARCHITECTURE_HEADING),
    sentence_rule("model-architecture", _ARCH, requires=_ARCH_CONTEXT),
    sentence_rule("model-size", _PARAMS),
    section_rule("release-date"),
    field_rule("release-date"),
    sentence_rule("release-date", patterns.RELEASE, unless=patterns.NOT_RELEASE),
    emissions_rule,
    section_rule("training-hardware"),
    field_rule("training-hardware"),
    sentence_rule("training-hardware", patterns.HARDWARE, requires=patterns.TRAINING, unless=patterns.INFERENCE),
    config_rule("training-hardware", patterns.DEVICE_COUNT),
    heading_rule("energy-emissions", _EMISSIONS_HEADING),
    sentence_rule("energy-emissions", _EMISSIONS),
    model_index_rule,
    section_rule("evaluation-results"),
    field_rule("evaluation-results"),
    metric_rule("evaluation-results"),
    sentence_rule("evaluation-results", patterns.RESULT, unless=patterns.NOT_RESULT),
    section_rule("intended-use"),
    field_rule("intended-use"),
    sentence_rule("intended-use", patterns.PURPOSE, unless=patterns.AGAINST_USE),
    title_rule("intended-use", patterns.TASK_TITLE),
    section_rule("out-of-scope-use"),
    field_rule("out-of-scope-use"),
    sentence_rule("out-of-scope-use", patterns.AGAINST_USE),
    section_rule("limitations"),
    field_rule("limitations"),
    sentence_rule("limitations", patterns.LIMITATION, unless=patterns.CARD_DISCLAIMER),
    sentence_rule("bias-evaluation", _BIAS_EVAL),
    sentence_rule("red-teaming", _RED_TEAM),
    sentence_rule("acceptable-use-policy", _AUP),
    section_rule("feedback-channel"),
    field_rule("feedback-channel"),
    sentence_rule("feedback-channel", patterns.FEEDBACK, unless=patterns.SALES),
]
