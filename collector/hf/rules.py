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

| indicator | source in the card | status |
|---|---|---|
| license | ``license`` (``other`` + ``license_name``/``_link``) | disclosed; bare other partial; see below |
| base-model | ``base_model`` (+ ``base_model_relation``) | disclosed with relation, else partial |
| training-data-sources | ``datasets`` list; "Training Data" section; a "trained on ... data" sentence | partial |
| training-data-size | a sentence with an amount of tokens/words/documents/images/hours/bytes | partial |
| fine-tuning-data | a fine-tuning / instruction / post-training data section or sentence | partial |
| model-architecture | an "Architecture" section, or a sentence naming the architecture | partial |
| model-size | a sentence with a parameter count | partial |
| release-date | a "release date" statement with a date | partial |
| training-hardware | a hardware / compute infrastructure section, or ``co2_eq_emissions.hardware_used`` | partial |
| energy-emissions | ``co2_eq_emissions``; an environmental impact section; a kWh or CO2 figure | partial |
| evaluation-results | ``model-index`` results; an evaluation / results section | partial |
| intended-use | an "Intended Use" / "Uses" / "Direct Use" section | partial |
| out-of-scope-use | an "Out-of-Scope Use" section, or an "out of scope" sentence | partial |
| limitations | a "Limitations" / "Bias, Risks, and Limitations" section | partial |
| bias-evaluation | a bias section or sentence that reports an evaluation | partial |
| red-teaming | a sentence about red teaming | partial |
| acceptable-use-policy | a mention of an acceptable use policy | partial |
| feedback-channel | a feedback / issue-reporting instruction | partial |

Any of these sections holding only a placeholder, and ``license: unknown``, give ``not-disclosed``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from collector.hf.card import BOILERPLATE, Card, Section, is_placeholder, placeholder_line
from collector.schema import Status

MAX_QUOTE = 400
METADATA = "front matter"


@dataclass(frozen=True)
class Finding:
    """What the card says on one indicator: a proposed status, a verbatim quote and where it is."""

    indicator_id: str
    status: Status
    quote: str
    locator: str
    anchor: str | None = None
    note: str | None = None


def _heading(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


TRAINING_DATA = _heading(r"training data|pre-?training data|training dataset|data sources?")
FINE_TUNING = _heading(r"fine-?tun(ing|ed) data|instruction(-| )tuning|post-?training|sft data|preference data")
ARCHITECTURE = _heading(r"architecture")
HARDWARE = _heading(r"hardware|compute infrastructure|training infrastructure")
ENVIRONMENT = _heading(r"environmental impact|carbon|emissions")
EVALUATION = _heading(r"^evaluation|^results|benchmarks?|^performance")
INTENDED = _heading(r"intended use|^uses$|direct use|^use cases?|how to use the model responsibly")
OUT_OF_SCOPE = _heading(r"out-of-scope|out of scope|misuse")
LIMITATIONS = _heading(r"limitation|bias, risks|risks and|^risks$")
BIAS = _heading(r"bias")

_AMOUNT = re.compile(
    r"\b\d[\d,.]*\s?(?:[KMBT]|thousand|million|billion|trillion)?\s?"
    r"(?:tokens|words|documents|images|hours|samples|examples|GB|TB|gigabytes|terabytes)\b",
    re.IGNORECASE,
)
_PARAMS = re.compile(r"\b\d[\d,.]*\s?(?:[KMB]|million|billion)\s?(?:-?\s?parameters?|params)\b", re.IGNORECASE)
_ARCH = re.compile(
    r"\b(?:decoder-only|encoder-decoder|auto-?regressive|transformers?|mixture[- ]of[- ]experts)\b", re.IGNORECASE
)
_RELEASE = re.compile(
    r"release(?:d| date)[^.\n]{0,40}?\b(?:\d{4}-\d{2}-\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    r"\.? (?:\d{1,2},? )?\d{4})",
    re.IGNORECASE,
)
_RED_TEAM = re.compile(r"red[- ]?team", re.IGNORECASE)
_AUP = re.compile(r"acceptable use policy|use policy", re.IGNORECASE)
_FEEDBACK = re.compile(
    r"(?:(?:provide|give|send|share|submit|leave|welcome)\s+(?:us\s+)?(?:your\s+|any\s+)?feedback"
    r"|feedback\s+(?:form|channel|is welcome|or comments)"
    r"|report(?:ing)?\s+(?:a\s+|any\s+)?(?:issues?|bugs?|problems?|vulnerabilit\w*|risks?|concerns?))",
    re.IGNORECASE,
)
_ARCH_CONTEXT = re.compile(r"\bmodel\b|architecture|\bbased\b|\blayers?\b", re.IGNORECASE)
_TRAINED_ON = re.compile(
    r"\b(?:pre-?trained|trained) on\b[^.\n]{0,200}\b(?:datasets?|corpus|corpora|data)\b", re.IGNORECASE
)
_FINE_TUNING_DATA = re.compile(
    r"fine-?tuning data|instruction(?:-tuning)? data(?:sets?)?|post-?training data|preference data"
    r"|(?:supervised fine-?tuning|\bSFT\b|instruction[- ]tun\w+|\bDPO\b|\bRLHF\b)[^.\n]{0,150}\b(?:datasets?|data)\b",
    re.IGNORECASE,
)
_OUT_OF_SCOPE = re.compile(r"\bout[- ]of[- ]scope\b", re.IGNORECASE)
_EMISSIONS = re.compile(
    r"\d[\d,.]*\s*(?:k|M|G)Wh\b|\d[\d,.]*\s*(?:t|tons?|tonnes?|kg)\s*(?:of\s*)?CO2|\d[^.\n]{0,60}\bCO2\s?eq",
    re.IGNORECASE,
)
_TRAINING_CONTEXT = re.compile(r"train|corpus|dataset|\bsaw\b|\bseen\b", re.IGNORECASE)
_BIAS_EVAL = re.compile(
    r"\b(?:bias|fairness|stereotyp)\w*\b[^.\n]{0,120}\b(?:evaluat|benchmark|measur|score|test)", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n\s*\n")
_PLACEHOLDER_VALUES = {"unknown", "other", "", "none", "n/a", "[more information needed]", "more information needed"}


def find_all(card: Card) -> list[Finding]:
    """Every finding the rules make on ``card``, at most one per indicator."""
    findings: dict[str, Finding] = {}
    for rule in RULES:
        for finding in rule(card):
            if finding.indicator_id not in findings and finding.quote.strip():
                findings[finding.indicator_id] = finding
    return list(findings.values())


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


# -------------------------------------------------------------------- prose


def section_rule(
    indicator_id: str, pattern: re.Pattern[str], *, note: str | None = None
) -> Callable[[Card], Iterator[Finding]]:
    """A section whose heading matches: partial with its opening, or not-disclosed if a placeholder."""

    def rule(card: Card) -> Iterator[Finding]:
        for section in card.find_sections(pattern):
            if section.is_placeholder:
                placeholder = placeholder_line(section.text)
                if placeholder:
                    yield Finding(
                        indicator_id,
                        Status.NOT_DISCLOSED,
                        placeholder,
                        section.heading,
                        section.anchor,
                        note="The card's section for this is a template placeholder.",
                    )
                continue
            quote = _opening(section)
            if quote:
                yield Finding(indicator_id, Status.PARTIAL, quote, section.heading, section.anchor, note)
                return

    return rule


def sentence_rule(
    indicator_id: str,
    pattern: re.Pattern[str],
    *,
    note: str | None = None,
    within: re.Pattern[str] | None = None,
    requires: re.Pattern[str] | None = None,
) -> Callable[[Card], Iterator[Finding]]:
    """The first sentence of the body (optionally under matching sections) that matches ``pattern``
    (and, with ``requires``, also contains that pattern)."""

    def rule(card: Card) -> Iterator[Finding]:
        sections = card.find_sections(within) if within is not None else [None]
        for section in sections:
            text, offset = (section.text, section.start) if section else (card.body, card.body_start)
            for match in pattern.finditer(text):
                if _inside_code(card.text, offset + match.start()):
                    continue
                quote = _sentence_around(text, match.start(), match.end())
                if quote.startswith("#") or (requires is not None and not requires.search(quote)):
                    continue  # a heading names a topic; it is not a statement about it
                where = _section_at(card, offset + match.start())
                if quote:
                    yield Finding(
                        indicator_id,
                        Status.PARTIAL,
                        quote,
                        where.heading if where else "card text",
                        where.anchor if where else None,
                        note,
                    )
                    return

    return rule


def _opening(section: Section) -> str:
    """The first meaningful paragraph of a section, verbatim, at most MAX_QUOTE characters."""
    for paragraph in re.split(r"\n\s*\n", section.text):
        stripped = _after_comments(paragraph.strip())
        if _meaningful(stripped) and not is_placeholder(stripped) and not stripped.startswith(BOILERPLATE):
            return _bounded(stripped)
    return ""


def _after_comments(paragraph: str) -> str:
    """The paragraph without the template's leading HTML comments (what remains is still verbatim)."""
    while paragraph.startswith("<!--"):
        end = paragraph.find("-->")
        if end < 0:
            return ""
        paragraph = paragraph[end + 3 :].strip()
    return paragraph


def _meaningful(text: str) -> bool:
    if not text or text.startswith(("```", "<!--", "|--", "|:-", "![")):
        return False
    return sum(ch.isalpha() for ch in text) >= 12


def _bounded(text: str) -> str:
    """Cut a verbatim excerpt at a sentence or line end before MAX_QUOTE characters."""
    if len(text) <= MAX_QUOTE:
        return text
    cut = text[:MAX_QUOTE]
    ends = [m.end() for m in _SENTENCE_END.finditer(cut)] + [cut.rfind("\n")]
    best = max((e for e in ends if e > MAX_QUOTE // 3), default=-1)
    return (cut[:best] if best > 0 else cut).strip()


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind("\n", 0, start), max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0))
    left = max(left, 0)
    right_match = _SENTENCE_END.search(text, end)
    newline = text.find("\n", end)
    right = min(x for x in (right_match.start() if right_match else len(text), newline if newline >= 0 else len(text)))
    sentence = text[left:right].strip()
    return _bounded(sentence) if _meaningful(sentence) else ""


def _section_at(card: Card, position: int) -> Section | None:
    return next((s for s in card.sections if s.start <= position < s.end), None)


def _inside_code(text: str, position: int) -> bool:
    return text.count("```", 0, position) % 2 == 1


RULES: list[Callable[[Card], Iterator[Finding]]] = [
    license_rule,
    base_model_rule,
    datasets_rule,
    section_rule(
        "training-data-sources",
        TRAINING_DATA,
        note="The card has a training data section; a reviewer judges how completely it names sources.",
    ),
    sentence_rule("training-data-sources", _TRAINED_ON),
    sentence_rule("training-data-size", _AMOUNT, within=TRAINING_DATA),
    sentence_rule("training-data-size", _AMOUNT, requires=_TRAINING_CONTEXT),
    section_rule("fine-tuning-data", FINE_TUNING),
    sentence_rule("fine-tuning-data", _FINE_TUNING_DATA),
    section_rule("model-architecture", ARCHITECTURE),
    sentence_rule("model-architecture", _ARCH, requires=_ARCH_CONTEXT),
    sentence_rule("model-size", _PARAMS),
    sentence_rule("release-date", _RELEASE),
    emissions_rule,
    section_rule("training-hardware", HARDWARE),
    section_rule("energy-emissions", ENVIRONMENT),
    sentence_rule("energy-emissions", _EMISSIONS),
    model_index_rule,
    section_rule("evaluation-results", EVALUATION),
    section_rule("intended-use", INTENDED),
    section_rule("out-of-scope-use", OUT_OF_SCOPE),
    sentence_rule("out-of-scope-use", _OUT_OF_SCOPE),
    section_rule("limitations", LIMITATIONS),
    sentence_rule("bias-evaluation", _BIAS_EVAL),
    sentence_rule("red-teaming", _RED_TEAM),
    sentence_rule("acceptable-use-policy", _AUP),
    sentence_rule("feedback-channel", _FEEDBACK),
]
