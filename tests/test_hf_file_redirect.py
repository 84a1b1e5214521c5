"""A Hub answer that redirects to a file: URL is refused at once: it is no passing fault, so it is never retried.

The hostile "Hub" is the local vendor site (tests/vendor_server.py), whose redirect fault sends any Location.
"""

from __future__ import annotations

import pytest

from collector.hf.hub import FetchStatus, HubClient
from tests.vendor_server import VendorServer

CARD = "/org/model/resolve/main/README.md"


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/README.md"])
def test_a_card_redirected_to_a_non_http_url_fails_at_once_without_retries(location: str) -> None:
    sleeps: list[float] = []
    with VendorServer() as hub:
        hub.set_fault(CARD, "redirect", code=302, location=location)
        client = HubClient(endpoint=hub.url(""), token=False, timeout=2.0, retries=5, backoff=0.01, sleep=sleeps.append)
        fetched = client.fetch_card("org/model")
        assert fetched.status is FetchStatus.REFUSED
        assert "only http(s) is followed" in fetched.message
        assert len(hub.requests_for(CARD)) == 1
    assert sleeps == []
