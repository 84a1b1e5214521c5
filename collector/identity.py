"""Is it the same model? What names say about identity, and where a person's review is needed.

A shared name is not a shared identity: "StarCoder" is not "StarCoder2-15B-Instruct", "Amber" is not "AmberSafe",
"Jais 13B chat" is not "Jais-2-70B-Chat". Size, generation and variant are part of a model's identity, so two
names that both state one of them and disagree name different models. This module reads those facets out of a
name and says where two names disagree; it never decides that two names agree (a missing facet is not a match).
Joins happen only on strong keys (``collector/schema.py``: ``JoinKey``); this is the check that refuses a join,
or a Hub link, whose names contradict it unless a person wrote down why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# "7B", "1.5b", "135M", "8x7B" (a mixture of experts), "A22B" (active parameters) and named sizes.
_SIZE = re.compile(r"^(?:(\d+)x)?a?(\d+(?:\.\d+)?)([kmbt])$")
_NAMED_SIZES = frozenset({"tiny", "mini", "small", "medium", "large", "xl", "xxl", "nano", "micro", "huge"})
# Words that make a different model of a family: a tuned or derived release, not a spelling.
_TUNED = frozenset({"instruct", "chat", "it", "sft", "dpo", "rlhf", "orpo", "kto"})
_DERIVED = frozenset(
    {
        "safe",
        "guard",
        "vision",
        "vl",
        "coder",
        "code",
        "math",
        "iml",
        "max",
        "reward",
        "distill",
        "audio",
        "omni",
        "plus",
    }
)
_BASE = "base"
_SPLIT_VERSION = re.compile(r"(?<![\d.])(\d)[-_](\d)(?![\w.])")
_PLUS_SUFFIX = re.compile(r"(?<![\d])(\d)p\b", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PARTS = re.compile(r"[a-z]+|\d+(?:\.\d+)*(?:x\d+(?:\.\d+)?)?[kmbt]?")


@dataclass(frozen=True)
class Facets:
    """What a model's name says about its identity."""

    sizes: frozenset[str]
    generation: str | None  # "2", "3.5": the number that follows the family's first word, or a "v2"
    tuned: bool  # instruct, chat, it, ...
    base: bool  # says "base"
    derived: frozenset[str]  # safe, coder, vision, ...
    releases: frozenset[str]  # dated snapshots: "0528" in DeepSeek-R1-0528, "1124" in OLMo 2 1124


def words(name: str) -> list[str]:
    """A name in lower-case parts: letters and numbers apart, camel case split ("AmberSafe" -> amber, safe).

    A "+" is a word: "Command R+" is not "Command R".
    """
    text = unicodedata.normalize("NFKC", name).replace("+", " plus ")
    text = _SPLIT_VERSION.sub(r"\1.\2", text)  # "v3-3", "phi-1_5": a version written with a dash or underscore
    text = _PLUS_SUFFIX.sub(r"\1 plus", text)  # "codet5p": CodeT5+
    text = _CAMEL.sub(" ", text)
    return _PARTS.findall(text.lower())


def facets(name: str) -> Facets:
    parts = words(name)
    letters = "".join(p for p in parts if p.isalpha())  # "codegemma" and "code gemma" alike
    sizes: set[str] = set()
    releases: set[str] = set()
    generation = None
    for index, part in enumerate(parts):
        size = _SIZE.match(part)
        if size and size.group(3):
            experts, count, unit = size.groups()
            sizes.add(f"{experts + 'x' if experts else ''}{float(count):g}{unit}")
        elif part in _NAMED_SIZES:
            sizes.add(part)
        elif re.fullmatch(r"\d{4,8}", part):
            releases.add(part)
        elif generation is None and _is_generation(parts, index):
            generation = f"{float(part):g}"
        elif part == "v" and index + 1 < len(parts) and re.fullmatch(r"\d+(?:\.\d+)?", parts[index + 1]):
            generation = generation or f"{float(parts[index + 1]):g}"
    return Facets(
        sizes=frozenset(sizes),
        generation=generation,
        tuned=any(p in _TUNED for p in parts),
        base=_BASE in parts,
        derived=frozenset(word for word in _DERIVED if word in letters),
        releases=frozenset(releases),
    )


def _is_generation(parts: list[str], index: int) -> bool:
    """The number after the family's first words."""
    part = parts[index]
    if not re.fullmatch(r"[1-9]\d*(?:\.\d+)?", part) or not 0 < index <= 3:  # "08" of a date is no generation
        return False
    following = parts[index + 1] if index + 1 < len(parts) else ""
    return "ai" not in {parts[index - 1], following}  # "AI21-Jamba", "c4ai-command-r": a vendor's prefix


def _undotted(generation: str | None) -> str | None:
    """ "2.5" and "25" alike: "Codegen2.5" is published as codegen25."""
    return generation.replace(".", "") if generation else generation


def _major(generation: str | None) -> float:
    return float(generation) if generation is not None else 1.0


def disagreements(first: str, second: str) -> list[str]:
    """Where two names state different sizes, generations or variants; empty when nothing contradicts.

    A facet only one name states is no contradiction ("Llama 3.3" vs "Llama-3.3-70B-Instruct"), except a
    generation: a family's first release carries none, so "StarCoder" vs "StarCoder2" (1 vs 2) disagree, while a
    revision below 2 ("Mistral 7B" vs "Mistral-7B-v0.1") does not.
    """
    a, b = facets(first), facets(second)
    found = []
    if a.sizes and b.sizes and not a.sizes & b.sizes:
        found.append(f"size {_listed(a.sizes)} vs {_listed(b.sizes)}")
    both_stated = a.generation is not None and b.generation is not None
    if _undotted(a.generation) != _undotted(b.generation) and (
        both_stated or max(_major(a.generation), _major(b.generation)) >= 2
    ):
        found.append(f"version {a.generation or '(none)'} vs {b.generation or '(none)'}")
    if (a.base and b.tuned and not b.base) or (b.base and a.tuned and not a.base):
        found.append(f"variant {'base' if a.base else 'tuned'} vs {'base' if b.base else 'tuned'}")
    if a.releases != b.releases:
        found.append(f"release {_listed(a.releases) or '(none)'} vs {_listed(b.releases) or '(none)'}")
    if a.derived != b.derived:
        found.append(f"variant {_listed(a.derived) or '(plain)'} vs {_listed(b.derived) or '(plain)'}")
    return found


def _listed(values: frozenset[str]) -> str:
    return "/".join(sorted(values))


def repository_name(repo_id: str) -> str:
    """The model part of a Hub repository id: ``google/codegemma-7b`` -> ``codegemma-7b``."""
    return repo_id.rsplit("/", 1)[-1]


_CONVERSION = re.compile(r"(?:^|[-_.])(gguf|ggml|gptq|awq|exl2|mlx|bnb|[48]bit|int[48])(?:$|[-_.])", re.IGNORECASE)


def conversion(repo_id: str) -> str | None:
    """The format a repository's name marks as a conversion of a model (GGUF, GPTQ, AWQ, ...), or None.

    A quantized re-upload is someone's copy of the weights, not the model's own repository: its card and its
    commits say nothing about the developer's disclosures (MOT's Hawk file links a GGUF of another model).
    """
    found = _CONVERSION.search(repository_name(repo_id))
    return found.group(1).upper() if found else None


def normalized_name(name: str) -> str:
    """The form two spellings of one name share: parts joined, case and punctuation dropped."""
    return "".join(words(name))
