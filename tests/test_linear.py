"""The linear-time markup removals read like the regular expressions they replace, on every text."""

from __future__ import annotations

import random
import re

import pytest

from collector.linear import links_to_text, without_link_targets, without_matches

#: Texts made of the characters these readers look at, in every order: unclosed links and tags, nested brackets.
PIECES = ["[", "]", "(", ")", "!", "<", ">", "/", "a", " ", "\n", "](", "-->", "<!--", "http://x", "#"]
TEXTS = ["".join(random.Random(seed).choices(PIECES, k=seed % 24)) for seed in range(3000)]


@pytest.mark.parametrize(
    ("images", "one_line", "pattern"),
    [(True, True, r"!?\[([^\]]*)\]\([^)\n]*\)"), (False, False, r"\[([^\]]*)\]\([^)]*\)")],
)
def test_links_become_their_text_as_the_expression_makes_them(images, one_line, pattern):
    expression = re.compile(pattern)
    for text in TEXTS:
        assert links_to_text(text, images=images, one_line=one_line) == expression.sub(r"\1", text), text


def test_link_targets_and_urls_become_a_bracket_as_the_expression_makes_them():
    expression = re.compile(r"\]\([^)\n]*\)|\bhttps?://\S+")
    for text in TEXTS:
        assert without_link_targets(text) == expression.sub("]", text), text


TAGS = [(r"<[^>]+>", ">"), (r"<!--.*?-->", "-->"), (r"</?[A-Za-z][^>]*>", ">")]


@pytest.mark.parametrize(("pattern", "closing"), TAGS)
def test_tags_and_comments_go_as_the_expression_removes_them(pattern, closing):
    expression = re.compile(pattern, re.DOTALL)
    for text in TEXTS:
        assert without_matches(expression, text, closing) == expression.sub("", text), text
