"""Extraction: a fetched vendor page or PDF becomes the clean Markdown text that is archived, diffed and quoted."""

from __future__ import annotations

import difflib
import functools
import io
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from collector.docs.extract import EXTRACTOR_VERSION, Extracted, ExtractionError, extract, selector_problem

SITE = Path(__file__).parent / "fixtures" / "vendor" / "site"
CARD = "models/nova-2/system-card.html"
CARD_V2 = "models/nova-2/system-card-v2.html"
CARD_REDESIGN = "models/nova-2/system-card-redesign.html"
MODEL_PAGE = "models/nova-2/index.html"
POLICY = "policies/usage-policy.html"
HOSTILE = "models/nova-2/hostile.html"
REPORT = "research/nova-2-technical-report.pdf"
FRAMEWORK = "research/safety-framework.pdf"

# Each HTML fixture page with the selectors its source would declare.
PAGES: dict[str, dict[str, list[str]]] = {
    CARD: {"select": ["article.doc-body"]},
    CARD_V2: {"select": ["article.doc-body"]},
    CARD_REDESIGN: {"select": ["div.content-v3"], "remove": [".heading-anchor"]},
    POLICY: {},  # no selector: the page's <main>
    MODEL_PAGE: {"select": ["article.doc-body"]},
}

# Text of the pages around the documents (each is on most fixture pages; none is in a document).
NOISE = [
    "cookies",  # the consent banner
    "Cookie notice",
    "Accept",
    "Reject",
    "Developer platform",  # navigation
    "Safety approach",
    "Pricing",
    "Careers",
    "Newsroom",
    "Try Nova",
    "Sign in",
    "Skip to main content",
    "Share this page",  # share bar
    "Share on Chirper",
    "Copy link",
    "Home",  # breadcrumbs
    "Get our research updates",  # newsletter form
    "Subscribe",
    "you@example.com",
    "unsubscribe",
    "Privacy policy",  # footer
    "Terms of service",  # (the policy's own text says "Terms of Service")
    "Responsible disclosure",
    "All rights reserved",
    "dataLayer",  # scripts, analytics, JSON-LD, styles, noscript
    "EL-TRACK",
    "ELX-7734",
    "metrics.examplelabs",
    "schema.org",
    "TechArticle",
    "__EL_STATE__",
    "__NEXT_DATA__",
    "buildId",
    "border-collapse",
    "enable JavaScript",
    "Example Labs logo",  # SVG title
    "All systems operational",
    "Degraded performance",
    "Related reading",
    "On this page",  # the redesign's table of contents
]


def body(path: str) -> bytes:
    return (SITE / path).read_bytes()


def page(path: str, *, select: Sequence[str] = (), remove: Sequence[str] = ()) -> Extracted:
    return extract(body(path), "text/html", select=select, remove=remove)


@functools.cache
def fixture_page(path: str) -> Extracted:
    """A fixture page extracted with its declared selectors (cached: many tests read the same pages)."""
    return page(path, **PAGES[path])


def card_text(path: str = CARD) -> str:
    return fixture_page(path).text


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def kind_of(error: pytest.ExceptionInfo[ExtractionError]) -> str:
    return error.value.kind


# --- HTML: content kept, noise dropped -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "# Nova-2 System Card",
        "## 3. Training data",
        "We do not train on data submitted through our business API.",
        "The pre-training corpus has a knowledge cutoff of March 2024, and the model may be unaware of events "
        "after that date.",
        "- **Public web data** collected by our crawler, ExampleBot, which honours robots.txt directives and does "
        "not access password-protected or paywalled pages.",
        "cluster of 6,144 accelerators over 52 days",
        "We also worked with 46 external red-teamers over seven weeks",
        "- Jailbreak success rate for the strongest known attack at release: 12%.",
        "- It should not be used as the sole basis for medical, legal or financial decisions.",
        "Use of Nova-2 is governed by our Usage Policy, which prohibits",
        "Questions about this system card can be sent to transparency@examplelabs.example.",
    ],
)
def test_the_system_card_keeps_the_article_text(sentence: str) -> None:
    assert sentence in card_text()


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("noise", NOISE)
def test_page_furniture_scripts_and_analytics_are_dropped(path: str, noise: str) -> None:
    assert noise not in fixture_page(path).text


@pytest.mark.parametrize(
    "sentence",
    [
        "# Usage Policy",
        "*Effective 1 June 2024. Previous version: 3 October 2023.*",
        "It forms part of our Terms of Service.",
        "1. Develop, produce or acquire biological, chemical, nuclear or radiological weapons",
        "   - impersonating candidates, officials or election authorities;",
        "What counts as an influence operation?",
        "In 2023 we suspended 1,874 developer accounts for violations of this policy",
        "write to abuse@examplelabs.example or use the reporting form.",
        "Previous versions are available on request.",
    ],
)
def test_without_selectors_the_usage_policy_is_the_pages_main(sentence: str) -> None:
    assert sentence in fixture_page(POLICY).text


def test_without_selectors_the_system_card_brings_the_breadcrumbs_and_share_bar_inside_its_main() -> None:
    # which is why its source declares "article.doc-body"
    text = page(CARD).text
    assert text.startswith("1. Home\n2. Models\n3. Nova-2\n4. System card\n\nShare this page")
    assert "Related reading" in text
    assert "Accept all cookies" not in text  # the banner and the forms are outside <main>, or never content


def test_the_model_page_keeps_its_links_words_and_its_table() -> None:
    text = fixture_page(MODEL_PAGE).text
    assert "- Nova-2 system card: training data, compute, evaluations, red-teaming and known limitations." in text
    assert "| Nova-1 | nova-1-2023-06 | Deprecated; retired on 30 November 2024 |" in text


def test_headings_are_atx_and_bullets_are_dashes() -> None:
    text = card_text()
    assert "\n## 7. Known limitations\n" in text
    assert "\n- It can state false information confidently" in text
    assert "===" not in text
    assert "\n* " not in text


def test_tables_are_markdown_tables() -> None:
    text = card_text()
    assert "| Property | Nova-2 | Nova-2 Mini |\n| --- | --- | --- |\n| Parameters | About 140 billion |" in text
    assert "| Python function synthesis (pass@1) | 78.9% | 60.3% | 63.7% |" in text
    assert "Selected results (higher is better)" in text  # the caption


def test_links_are_reduced_to_their_words() -> None:
    text = card_text()
    assert "are described in the Nova-2 technical report." in text
    assert "against the risk thresholds in our Frontier Safety Framework." in text
    for url_part in ("](", "http", "/research/", "mailto:", ".pdf"):
        assert url_part not in text


def test_a_paragraph_is_one_line_whatever_the_line_breaks_of_the_html_source() -> None:
    # in the HTML source this paragraph is wrapped over four indented lines
    assert (
        "\nNova-2 is available through the Example Labs API and in our consumer assistant. A smaller variant, "
        "Nova-2 Mini, shares the training data and safety mitigations described here unless stated otherwise. "
        "This document does not describe fine-tuned versions created by customers.\n" in card_text()
    )


def test_non_breaking_spaces_become_spaces() -> None:
    text = card_text()
    assert "\u00a0" not in text
    assert "about 4.1 GWh of electricity" in text


def test_a_superscript_keeps_a_caret_so_an_exponent_does_not_read_as_a_number() -> None:
    assert "approximately 2.4 × 10^24 floating-point operations" in card_text()
    assert extract(b"<main><p>Trained on web data<sup>1</sup>.</p></main>", "text/html").text == (
        "Trained on web data^1.\n"
    )


def test_the_title_is_the_pages_title_element() -> None:
    assert page(CARD).title == "Nova-2 System Card | Example Labs"
    assert page(POLICY).title == "Usage Policy | Example Labs"


def test_without_a_title_element_the_title_is_the_first_h1() -> None:
    html = b"<html><body><main><h1>  Model  card </h1><p>Text.</p></main></body></html>"
    assert extract(html, "text/html").title == "Model card"


def test_an_svg_icons_title_is_not_the_pages_title() -> None:
    html = b"<html><body><svg><title>Logo</title></svg><main><h1>Model card</h1></main></body></html>"
    assert extract(html, "text/html").title == "Model card"


def test_a_page_without_title_or_h1_has_no_title() -> None:
    assert extract(b"<html><body><p>Text.</p></body></html>", "text/html").title is None


@pytest.mark.parametrize("path", list(PAGES))
def test_the_text_is_normalised(path: str) -> None:
    text = fixture_page(path).text
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert not text.startswith("\n")
    assert "\n\n\n" not in text
    assert not re.search(r"[ \t]+$", text, re.MULTILINE)
    assert "\r" not in text


def test_the_same_input_gives_byte_identical_output() -> None:
    first = page(CARD, select=["article.doc-body"])
    again = extract(bytes(bytearray(body(CARD))), "text/html", select=["article.doc-body"])
    assert first == again
    assert first.text.encode("utf-8") == again.text.encode("utf-8")


def test_the_extractor_version_is_a_string_to_archive() -> None:
    assert isinstance(EXTRACTOR_VERSION, str)
    assert EXTRACTOR_VERSION


def test_the_format_is_html() -> None:
    assert page(CARD).format == "html"


# --- an edited page: only the edits show -----------------------------------------------------------------------------

REMOVED_SENTENCE = "We do not train on data submitted through our business API."
OLD_CUTOFF = (
    "The pre-training corpus has a knowledge cutoff of March 2024, and the model may be unaware of events after "
    "that date."
)
NEW_CUTOFF = (
    "Most of the pre-training corpus was collected before March 2024. A small amount of more recent data was added "
    "during fine-tuning, so the model may know about some later events but not reliably."
)
ADDED = (
    "Since launch, we have also evaluated Nova-2 on a suite of 120 multi-step agentic tasks, such as booking travel "
    "in a simulated browser and fixing failing tests in small code repositories. Nova-2 completed 38 percent of "
    "these tasks without human help. We describe the task suite and its limitations in an appendix to the technical "
    "report."
)
FILTERING = (
    "We filtered the pre-training corpus to remove personal information where it could be detected automatically, "
    "to reduce sexually explicit and violent content, and to drop near-duplicate documents. "
)


def test_an_edited_page_differs_exactly_in_the_edited_paragraphs() -> None:
    # the edited page also has other analytics ids, timestamps, nav links, cookie text and link targets
    before, after = card_text(CARD).splitlines(), card_text(CARD_V2).splitlines()
    diff = list(difflib.ndiff(before, after))
    assert [line[2:] for line in diff if line.startswith("- ")] == [
        FILTERING + REMOVED_SENTENCE + " Consumer conversations are used for training only when users have opted in.",
        OLD_CUTOFF,
    ]
    assert [line[2:] for line in diff if line.startswith("+ ")] == [
        FILTERING + "Consumer conversations are used for training only when users have opted in.",
        NEW_CUTOFF,
        "",
        ADDED,
    ]


def test_the_removed_sentence_and_the_reworded_paragraph_are_gone_from_the_edited_page() -> None:
    text = card_text(CARD_V2)
    assert REMOVED_SENTENCE not in text
    assert OLD_CUTOFF not in text
    assert NEW_CUTOFF in text
    assert ADDED in text


# --- selectors -------------------------------------------------------------------------------------------------------


def test_a_redesigned_page_with_the_old_selector_is_a_structure_change() -> None:
    with pytest.raises(ExtractionError) as error:
        page(CARD_REDESIGN, select=["article.doc-body"])
    assert kind_of(error) == "structure-changed"
    assert "article.doc-body" in str(error.value)
    assert "sources file" in str(error.value)


def test_the_structure_change_message_names_the_url_and_every_selector() -> None:
    with pytest.raises(ExtractionError) as error:
        extract(
            body(CARD_REDESIGN),
            "text/html",
            url="https://www.examplelabs.example/models/nova-2/system-card",
            select=["article.doc-body", "#system-card"],
        )
    message = str(error.value)
    assert "https://www.examplelabs.example/models/nova-2/system-card" in message
    assert "'article.doc-body'" in message
    assert "'#system-card'" in message


def test_a_redesign_that_keeps_the_words_keeps_the_text_once_the_selector_is_updated() -> None:
    assert card_text(CARD_REDESIGN) == card_text(CARD)


def test_one_matching_selector_among_several_is_enough() -> None:
    text = page(CARD_REDESIGN, select=["article.doc-body", "div.content-v3"]).text
    assert OLD_CUTOFF in text


def test_remove_drops_elements_inside_the_selection() -> None:
    text = page(POLICY, remove=["details", "table", ".callout"]).text
    assert "What counts as an influence operation?" not in text
    assert "| Violation |" not in text
    assert "In short:" not in text
    assert "You may not use our services to:" in text


def test_remove_that_matches_nothing_changes_nothing() -> None:
    assert page(POLICY, remove=[".no-such-thing"]).text == page(POLICY).text


def test_a_heading_anchor_is_text_unless_removed() -> None:
    assert "## 1. Introduction#" in page(CARD_REDESIGN, select=["div.content-v3"]).text


HTML_ORDER = b"""<html><body>
<div id="intro"><p>First.</p><section class="part"><p>Second.</p></section></div>
<section class="part"><p>Third.</p></section>
<p id="last">Fourth.</p>
</body></html>"""


def test_a_single_selector_may_be_given_as_a_string() -> None:
    assert extract(HTML_ORDER, "text/html", select="#last", remove="nothing").text == "Fourth.\n"


def test_matches_of_several_selectors_are_in_document_order_without_duplicates() -> None:
    text = extract(HTML_ORDER, "text/html", select=["#last", "section.part", "#intro"]).text
    assert text == "First.\n\nSecond.\n\nThird.\n\nFourth.\n"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (b"<body><nav>Menu</nav><main><p>Main.</p></main><article><p>Article.</p></article></body>", "Main.\n"),
        (b"<body><nav>Menu</nav><article><p>Article.</p></article><div role='main'>Role.</div></body>", "Article.\n"),
        (b"<body><nav>Menu</nav><div role='main'><p>Role.</p></div><p>Outside.</p></body>", "Role.\n"),
        (b"<body><p>Body.</p></body>", "Body.\n"),
        (b"<p>A fragment.</p>", "A fragment.\n"),
    ],
)
def test_without_selectors_the_content_is_main_else_article_else_role_main_else_body(
    html: bytes, expected: str
) -> None:
    assert extract(b"<!doctype html>" + html, "text/html").text == expected


def test_an_invalid_selector_is_a_mistake_in_the_sources_not_in_the_page() -> None:
    assert selector_problem("article..doc-body") is not None
    assert selector_problem("article.doc-body") is None
    with pytest.raises(ValueError, match=re.escape("article..doc-body")):
        page(CARD, select=["article..doc-body"])


# --- hostile pages ---------------------------------------------------------------------------------------------------

ESCAPED = 'Escaped markup is text, not markup: <script>alert("escaped")</script> is shown literally.'


@pytest.mark.parametrize("select", [["article.doc-body"], []])
def test_a_hostile_page_keeps_its_words(select: list[str]) -> None:
    text = page(HOSTILE, select=select).text
    assert "This page tests that active content never survives extraction. The words around it do." in text
    assert "An image that runs code: and the sentence goes on." in text
    assert "A link that runs code: click for the changelog, and one with a data URL: open the details." in text
    assert "Final sentence of the hostile page." in text


@pytest.mark.parametrize("select", [["article.doc-body"], []])
def test_a_hostile_page_loses_all_active_content(select: list[str]) -> None:
    text = page(HOSTILE, select=select).text
    for active in [
        "alert(1)",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "javascript:",
        "data:text",
        "<iframe",
        "<img",
        "<svg",
        "<object",
        "<embed",
        "<a ",
        "srcdoc",
        "attacker",
        "hunter2",
        "Log in to continue",
        "template content",
        "svg foreign text",
        "Object fallback text",
        "noscript fallback text",
        "comment",
        "echo",
        "stolen",
    ]:
        assert active not in text


def test_escaped_markup_on_a_hostile_page_is_its_only_markup_like_text() -> None:
    text = page(HOSTILE).text
    assert ESCAPED in text
    assert re.findall(r"</?[A-Za-z!?][^>]*>", text) == ["<script>", "</script>"]


@pytest.mark.parametrize(
    "markup",
    [
        b"",
        b"\x00\xff\xfe\x00",
        b"<" * 5000,
        b"<html><body>" + b"<div>" * 3000 + b"deep",
        b"<html><body>" + b"<p>unclosed paragraph " * 3000,
        b"<html><body><table><tr><td><table><tr><td>" * 200,
        b"<!doctype html><title>x</title><body>\xe9\xe8 \x80\x81 <a href='javascript:x'>",
        b"index.html",
        b"https://www.examplelabs.example/",
        b"<?xml version='1.0'?><root><p>XML, not HTML</p></root>",
        b"<html><body><![CDATA[data]]><!ELEMENT x><?pi x?></body></html>",
    ],
)
def test_no_html_input_raises_anything_but_extraction_error(markup: bytes) -> None:
    try:
        result = extract(markup, "text/html")
    except ExtractionError as error:
        assert error.kind in ("unreadable", "empty")
    else:
        assert result.text.endswith("\n")
        assert "<a" not in result.text


_PIECES = st.one_of(
    st.sampled_from(
        ["p", "div", "main", "table", "tr", "td", "li", "ul", "pre", "a", "b", "h2", "script", "svg", "br", "img", "dl"]
    ).flatmap(lambda tag: st.sampled_from([f"<{tag}>", f"</{tag}>", f"<{tag} onclick='x()'>"])),
    st.sampled_from(
        [
            "<ol start='²'>",
            "<td colspan='²'>",
            "<th colspan='-1'>",
            "&lt;",
            "&amp;",
            "&#0;",
            "&nbsp;",
            "<!--",
            "-->",
            "<![CDATA[",
            "|",
            "*",
            "```",
            "\n",
            "\x00",
        ]
    ),
    st.text(max_size=6),
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=30), st.sampled_from([[], ["p"], ["td", "li"], ["#none"]]))
def test_any_markup_gives_normalised_text_or_an_extraction_error(pieces: list[str], select: list[str]) -> None:
    markup = "".join(pieces).encode("utf-8", "surrogatepass")
    try:
        result = extract(markup, "text/html", select=select, remove=["b"])
    except ExtractionError as error:
        assert error.kind in ("structure-changed", "empty", "unreadable")
        return
    assert result.text.endswith("\n")
    assert not result.text.endswith("\n\n")
    assert "\n\n\n" not in result.text
    assert "onclick" not in result.text
    assert extract(markup, "text/html", select=select, remove=["b"]) == result


def test_a_long_run_of_unclosed_paragraphs_is_read_as_a_browser_reads_it() -> None:
    text = extract(b"<html><body>" + b"<p>Paragraph." * 2000, "text/html").text
    assert text == "Paragraph.\n\n" * 1999 + "Paragraph.\n"


@pytest.mark.parametrize(
    "markup",
    [
        b"<ol start='\xc2\xb2'><li>One</li></ol>",  # a superscript two: a digit to str.isdigit, not to int()
        b"<table><tr><td colspan='\xc2\xb2'>One</td></tr></table>",
        b"<table><tr><th colspan='-1'>One</th></tr></table>",
    ],
)
def test_list_and_table_attributes_that_are_no_numbers_are_ignored(markup: bytes) -> None:
    assert "One" in extract(markup, "text/html").text


def test_an_ordered_list_keeps_its_start_and_numbering() -> None:
    html = b"<ol start='3'><li>Three<li>Four<ol><li>Nested</ol><li>Five</ol>"
    assert extract(html, "text/html").text == "3. Three\n4. Four\n   1. Nested\n5. Five\n"


def test_a_long_ordered_list_is_converted_in_linear_time() -> None:
    text = extract(b"<ol>" + b"<li>Item" * 5000 + b"</ol>", "text/html").text
    assert text.endswith("5000. Item\n")


def test_a_long_run_of_spaces_in_preformatted_text_is_fast() -> None:
    text = extract(b"<pre>a" + b" " * 100_000 + b"b\n\n</pre>", "text/html").text
    assert text == "```\na" + " " * 100_000 + "b\n```\n"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (b"<p>Kept</p><!-- an unterminated comment <p>hidden</p>", "Kept\n"),
        (b"<p>Kept</p><p>Cut <a href='https://www.examplelabs.example/trunc", "Kept\n\nCut\n"),
        (b"<p>Kept <![CDATA[hidden]]>text</p>", "Kept text\n"),
        (b"<p>Kept <!-->text</p>", "Kept text\n"),
        (b"<p>Kept <!-- hidden --!>text</p>", "Kept text\n"),
        (b"<p><img alt='<!--'>Kept</p><p>text</p>", "Kept\n\ntext\n"),
        (b"<p>Kept</p><script>var s = '<!--';</script><p>text</p>", "Kept\n\ntext\n"),
    ],
)
def test_comments_and_a_cut_off_tail_are_read_as_a_browser_reads_them(markup: bytes, expected: str) -> None:
    assert extract(markup, "text/html").text == expected


def test_unclosed_list_items_are_siblings_not_nested_lists() -> None:
    text = extract(b"<body><ul><li>One<li>Two<li>Three</ul><p>After.", "text/html").text
    assert text == "- One\n- Two\n- Three\n\nAfter.\n"


# --- empty -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        b"<html><body><main>  \n </main></body></html>",
        b"<html><body><main><img src='chart.png' alt='A chart'><script>x()</script></main></body></html>",
        b"<html><head><title>Only a title</title></head><body></body></html>",
    ],
)
def test_a_page_without_text_is_empty(html: bytes) -> None:
    with pytest.raises(ExtractionError) as error:
        extract(html, "text/html")
    assert kind_of(error) == "empty"


def test_a_selection_without_text_is_empty() -> None:
    with pytest.raises(ExtractionError) as error:
        page(POLICY, select=["main table"], remove=["tr"])
    assert kind_of(error) == "empty"


# --- charsets --------------------------------------------------------------------------------------------------------

LATIN1_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="iso-8859-1"><title>Fiche du modèle</title></head>'
    "<body><main><p>Données d'entraînement : à jour en mars 2024. Coût : 4 000 €.</p></main></body></html>"
)


def test_a_latin1_page_is_decoded_with_its_meta_charset() -> None:
    result = extract(LATIN1_PAGE.replace(" €", "").encode("latin-1"), "text/html")
    assert result.text == "Données d'entraînement : à jour en mars 2024. Coût : 4 000.\n"
    assert result.title == "Fiche du modèle"


def test_a_page_declaring_latin1_is_read_as_windows_1252_as_browsers_do() -> None:
    result = extract(LATIN1_PAGE.encode("cp1252"), "text/html")
    assert "Coût : 4 000 €." in result.text


def test_the_http_charset_wins_over_the_meta_charset() -> None:
    result = extract(LATIN1_PAGE.encode("utf-8"), "text/html", charset="utf-8")
    assert "Données d'entraînement" in result.text


def test_a_charset_parameter_of_the_media_type_is_used() -> None:
    html = "<html><body><p>Café</p></body></html>".encode("cp1252")
    assert extract(html, "text/html; charset=windows-1252").text == "Café\n"


def test_http_equiv_content_type_declares_a_charset_too() -> None:
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body>Café'
    assert extract(html.encode("latin-1"), "text/html").text == "Café\n"


def test_without_a_charset_the_page_is_utf8_and_bad_bytes_are_replaced() -> None:
    assert extract(b"<html><body><p>Caf\xc3\xa9 \xff ok</p></body></html>", "text/html").text == "Café \ufffd ok\n"


def test_an_unknown_charset_label_falls_back_to_utf8() -> None:
    html = "<html><body><p>Café</p></body></html>".encode()
    assert extract(html, "text/html", charset="no-such-charset").text == "Café\n"


@pytest.mark.parametrize("label", ["rot13", "base64", "zlib", "undefined", "unicode_escape", "idna", "no-such"])
@pytest.mark.parametrize("media_type", ["text/html", "text/plain"])
def test_a_charset_that_is_no_text_encoding_is_ignored(label: str, media_type: str) -> None:
    html = b"<html><body><p>Caf\xc3\xa9 \\u0041</p></body></html>"
    assert "Café \\u0041" in extract(html, media_type, charset=label).text


def test_a_meta_charset_of_utf16_means_the_bytes_were_ascii_compatible() -> None:
    html = '<html><head><meta charset="utf-16"></head><body><p>Café</p></body></html>'.encode()
    assert extract(html, "text/html").text == "Café\n"


def test_a_byte_order_mark_wins() -> None:
    html = "<html><body><p>Café</p></body></html>".encode("utf-16")
    assert extract(html, "text/html", charset="iso-8859-1").text == "Café\n"


# --- PDF -------------------------------------------------------------------------------------------------------------


def pdf(path: str) -> Extracted:
    return extract(body(path), "application/pdf")


def test_pdf_text_has_every_page_in_order() -> None:
    text = pdf(REPORT).text
    markers = ["Nova-2 Technical Report", "2 Pre-training data", "3 Training compute", "5 Safety testing", "References"]
    positions = [text.index(marker) for marker in markers]
    assert positions == sorted(positions)
    assert len(PdfReader(SITE / REPORT).pages) == 4


def test_pdf_pages_are_separated_by_a_blank_line() -> None:
    text = pdf(REPORT).text
    assert "approximately 9.6 trillion tokens, of which\n\nroughly 61 percent were English-language" in text
    assert text.count("\n\n") == 3


def test_a_sentence_across_a_page_break_reads_through_once_whitespace_is_collapsed() -> None:
    assert (
        "the final pre-training mixture contained approximately 9.6 trillion tokens, of which roughly 61 percent "
        "were English-language web documents, 14 percent were source code" in squeezed(pdf(REPORT).text)
    )


def test_pdf_lines_keep_the_line_breaks_of_the_layout() -> None:
    # a PDF paragraph is as many lines as it was laid out on: quotes must be matched with collapsed whitespace
    assert "in languages that are rare in its training data. Our bias evaluations found that descriptions\n" in (
        pdf(REPORT).text
    )


def test_pdf_text_decodes_winansi_characters() -> None:
    text = pdf(REPORT).text
    assert "about 2.4 × 10^24 floating-point operations" in text
    assert "the model\u2019s ability to assist" in text
    assert "Example Labs \u2013 Version 1.1 \u2013 April 2024" in pdf(FRAMEWORK).text


def test_pdf_title_is_the_document_information_title() -> None:
    assert pdf(REPORT).title == "Nova-2 Technical Report"
    assert pdf(FRAMEWORK).title == "Frontier Safety Framework"


def test_a_pdf_without_a_title_has_none() -> None:
    writer = PdfWriter(clone_from=SITE / FRAMEWORK)
    writer.metadata = None
    out = io.BytesIO()
    writer.write(out)
    result = extract(out.getvalue(), "application/pdf")
    assert result.title is None
    assert "Each revision is\npublished with a summary of what changed and why." in result.text


def test_pdf_text_is_normalised_and_deterministic() -> None:
    first, again = pdf(FRAMEWORK), pdf(FRAMEWORK)
    assert first == again
    assert first.format == "pdf"
    assert first.text.endswith("why.\n")
    assert not re.search(r"[ \t]+$", first.text, re.MULTILINE)
    assert "\n\n\n" not in first.text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nthis is not a pdf at all",
        b"",
        (SITE / REPORT).read_bytes()[:3000],
        (SITE / REPORT).read_bytes().replace(b"/Type /Pages", b"/Type /Xages"),
    ],
    ids=["garbage", "empty", "truncated", "no-page-tree"],
)
def test_a_corrupt_pdf_is_unreadable(data: bytes) -> None:
    with pytest.raises(ExtractionError) as error:
        extract(data, "application/pdf")
    assert kind_of(error) == "unreadable"


def encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=SITE / FRAMEWORK)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_needs_a_password_is_unreadable() -> None:
    with pytest.raises(ExtractionError) as error:
        extract(encrypted("secret"), "application/pdf")
    assert kind_of(error) == "unreadable"
    assert "password" in str(error.value)


def test_a_pdf_encrypted_only_for_permissions_is_read() -> None:
    assert "Frontier Safety Framework" in extract(encrypted(""), "application/pdf").text


def test_a_pdf_without_text_is_empty() -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError) as error:
        extract(out.getvalue(), "application/pdf")
    assert kind_of(error) == "empty"


# --- formats and media types -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("media_type", "data", "expected"),
    [
        ("text/html", body(POLICY), "html"),
        ("TEXT/HTML; charset=utf-8", body(POLICY), "html"),
        ("application/xhtml+xml", b"<?xml version='1.0'?><html><body><p>X.</p></body></html>", "html"),
        ("application/pdf", body(FRAMEWORK), "pdf"),
        ("text/plain", b"Plain.", "text"),
        ("text/markdown", b"# Markdown", "text"),
        (None, body(FRAMEWORK), "pdf"),
        ("application/octet-stream", body(FRAMEWORK), "pdf"),
        (None, body(POLICY), "html"),
        ("application/octet-stream", b"\n  <!DOCTYPE HTML><p>Sniffed.</p>", "html"),
        (None, b"<html><body>Sniffed.</body></html>", "html"),
    ],
)
def test_the_format_comes_from_the_media_type_or_else_from_the_bytes(
    media_type: str | None, data: bytes, expected: str
) -> None:
    assert extract(data, media_type).format == expected


@pytest.mark.parametrize(
    ("media_type", "data"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n"),
        ("application/json", b'{"html": "<html>"}'),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
        (None, b"PK\x03\x04 a zip file"),
        ("application/octet-stream", b"Just some bytes that are not a document format we know."),
    ],
)
def test_other_types_are_unsupported(media_type: str | None, data: bytes) -> None:
    with pytest.raises(ExtractionError) as error:
        extract(data, media_type, url="https://www.examplelabs.example/file")
    assert kind_of(error) == "unsupported-type"
    assert "https://www.examplelabs.example/file" in str(error.value)


def test_plain_text_is_decoded_and_normalised() -> None:
    result = extract(b"Line one.  \r\nLine\xc2\xa0two.\n\n\n\n\nLast line.", "text/plain")
    assert result == Extracted(text="Line one.\nLine two.\n\nLast line.\n", title=None, format="text")


def test_markdown_is_kept_as_it_is() -> None:
    markdown = "# Model card\n\n- **Training data:** public web\n\n| a | b |\n| --- | --- |\n"
    assert extract(markdown.encode(), "text/markdown").text == markdown


def test_control_characters_are_dropped_and_form_feeds_end_lines() -> None:
    assert extract(b"a\x00b\x1b[31m\x0cnext\tpage\x7f", "text/plain").text == "ab[31m\nnext\tpage\n"
    assert extract(b"<p>a\x01b</p>", "text/html").text == "ab\n"


def test_plain_text_uses_the_declared_charset() -> None:
    assert extract("Café".encode("latin-1"), "text/plain", charset="latin-1").text == "Café\n"


def test_whitespace_only_text_is_empty() -> None:
    with pytest.raises(ExtractionError) as error:
        extract(b" \n\t\n", "text/plain")
    assert kind_of(error) == "empty"


def test_an_extraction_error_has_a_kind_and_a_message() -> None:
    error = ExtractionError("empty", "nothing there")
    assert isinstance(error, Exception)
    assert error.kind == "empty"
    assert str(error) == "nothing there"
