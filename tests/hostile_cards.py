"""Hostile Hub cards: shapes that cost a careless card reader more than linear time, built at any size.

Shared by the test (tests/test_hf_hostile.py) and the benchmark (benchmarks/hostile_cards.py).  Each shape is a
short unit repeated up to the size asked for, after a small valid front matter and title, so that every rule
reads it: phrases the sentence patterns almost match, unclosed links and tags, one line without a break,
thousands of headings and fences, deep lists, long runs of markup characters.
"""

from __future__ import annotations

from collections.abc import Callable

HEAD = "---\nlicense: apache-2.0\n---\n# Hostile card\n\n"


def _repeated(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


def _nested_list(size: int) -> str:
    lines = []
    total = 0
    depth = 0
    while total < size:
        line = "  " * depth + "- item trained on the data\n"
        lines.append(line)
        total += len(line)
        depth = depth + 1 if depth < 400 else 0
    return "".join(lines)


#: name -> the card body of about ``size`` characters.
SHAPES: dict[str, Callable[[int], str]] = {
    "trained-on": _repeated("trained on the using with from "),
    "trained-near-miss": _repeated("trained" + " on" * 50 + " " + "x" * 205 + " data. "),
    "released": _repeated("released 2024 May "),
    "rejected": _repeated("It is for research use only, not intended for research purposes. "),
    "unclosed-links": _repeated("[a](b "),
    "open-brackets": _repeated("[a "),
    "open-tags": _repeated("<a "),
    "open-comments": _repeated("<!-- x "),
    "one-long-line": _repeated("The model is intended for research and may produce biased text, "),
    "sentences": _repeated("It was trained on a. "),
    "pipes": _repeated("|"),
    "table-spaces": lambda size: "| a | b |\n" + " " * size + "x\n",
    "table-rows": _repeated("| accuracy | 0.91 |\n"),
    "asterisks": _repeated("*"),
    "underscores": _repeated("_"),
    "angles": _repeated("<"),
    "backticks": _repeated("`"),
    "headings": _repeated("## Limitations\nThe model fails.\n"),
    "heading-spaces": lambda size: "# a" + " " * size + "b\n",
    "heading-levels": _repeated("# a\n## b\n### c\n#### d\n##### e\n###### f\n"),
    "fences": _repeated("```\ncode\n```\n# Training data\ntrained on the data\n"),
    "unclosed-fences": _repeated("````\n```\n"),
    "nested-lists": _nested_list,
    "fields": _repeated("- **Release date:** soon\n"),
    "emails": _repeated("a.b.c.d.e.f.g.h@"),
    "blank-lines": _repeated("\n \n"),
}


def card_of_shape(shape: str, size: int) -> str:
    """The card of ``shape`` with a body of about ``size`` characters."""
    return HEAD + SHAPES[shape](size)
