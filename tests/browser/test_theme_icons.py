"""The theme's icons, now symbols in one file, still show on every kind of page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import visit

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("path", ["", "models/falcon-7b/", "indicators/training-data-sources/", "methodology/"])
def test_every_theme_icon_is_drawn(page, site, path):
    visit(page, site, path)
    page.wait_for_load_state("networkidle")
    # Each icon shown on screen (its <svg> has a box), and the width of what its <use> draws there.
    drawn = page.eval_on_selector_all(
        "svg > use",
        "uses => uses.filter(u => u.parentNode.getBoundingClientRect().width > 0)"
        ".map(u => [u.getAttribute('href'), u.getBBox().width])",
    )
    assert len(drawn) >= 3, drawn  # at least the logo, the palette toggle and the search button
    assert all(width > 0 for _, width in drawn), drawn  # a symbol that did not load draws nothing
