"""A hostile PDF costs bounded time and memory: too many pages, too much text or too long to read is a failure of
that document, with a message that says which limit, and a collection run goes on with the other documents.

The bombs are made here with pypdf (many pages sharing one content stream), not committed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from collector.docs.extract import ExtractionError, extract
from collector.docs.pdf_limits import DEFAULT_PDF_LIMITS, PdfLimits
from collector.docs.project import collect_documents
from tests.docs_project import SITE, TECHNICAL_REPORT, fast_fetcher, make_project
from tests.hostile_files import LINE, page_bomb
from tests.vendor_server import VendorServer


def test_a_small_pdf_within_the_limits_is_read_whole() -> None:
    text = extract(page_bomb(3, lines_per_page=2), "application/pdf").text
    assert text.count("All work and no play makes a dull model card.") == 6


def test_a_page_bomb_fails_on_its_page_count_before_any_text_is_read() -> None:
    bomb = page_bomb(DEFAULT_PDF_LIMITS.pages + 500)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ExtractionError) as failure:
        extract(bomb, "application/pdf", url="https://vendor.test/report.pdf")
    assert failure.value.kind == "too-large"
    assert str(failure.value) == (
        "https://vendor.test/report.pdf is a PDF that has 2,500 pages, over the 2,000 the collector reads; "
        "archive a shorter version by hand"
    )


def test_text_over_the_character_limit_fails_at_the_page_that_passes_it() -> None:
    with pytest.raises(ExtractionError) as failure:
        extract(page_bomb(10), "application/pdf", pdf_limits=PdfLimits(characters=5_000))
    assert failure.value.kind == "too-large"
    assert "more than 5,000 characters of text by page 3 of 10" in str(failure.value)


def test_a_page_whose_content_is_over_the_limit_is_not_read() -> None:
    with pytest.raises(ExtractionError) as failure:
        extract(page_bomb(2, lines_per_page=100), "application/pdf", pdf_limits=PdfLimits(page_content_bytes=1_000))
    assert failure.value.kind == "too-large"
    size = len(b"BT /F1 12 Tf 72 720 Td " + LINE * 100 + b"ET")
    assert f"has a page (1) of {size:,} bytes of content, over the 1,000 the collector reads" in str(failure.value)


def test_reading_stops_when_the_time_is_up_even_inside_a_page() -> None:
    with pytest.raises(ExtractionError) as failure:
        extract(page_bomb(1, lines_per_page=5_000), "application/pdf", pdf_limits=PdfLimits(seconds=0.0))
    assert failure.value.kind == "too-large"
    assert "took more than 0 s to read (stopped at page 1 of 1)" in str(failure.value)


def test_a_collection_run_reports_the_bomb_and_goes_on(tmp_path: Path) -> None:
    with VendorServer(SITE) as server:
        root = make_project(tmp_path / "project", server)
        server.set_page(TECHNICAL_REPORT, page_bomb(DEFAULT_PDF_LIMITS.pages + 1), "application/pdf")
        with fast_fetcher() as fetcher:
            run = collect_documents(root, fetcher=fetcher, now=lambda: dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    outcomes = {o.document: o for o in run.outcomes}
    report = outcomes["nova-2-technical-report"]
    assert report.status == "too-large" and "2,001 pages" in report.detail
    assert report.version is None
    assert {outcomes[d].status for d in ("nova-2-system-card", "usage-policy")} == {"new"}


def test_a_page_tree_that_understates_its_page_count_is_counted_anyway() -> None:
    bomb = page_bomb(2_500)
    assert bomb.count(b"/Count 2500") == 1
    liar = bomb.replace(b"/Count 2500", b"/Count 1   ")  # same length: the cross-reference offsets still hold
    with pytest.raises(ExtractionError) as failure:
        extract(liar, "application/pdf")
    assert failure.value.kind == "too-large" and "has 2,500 pages" in str(failure.value)
