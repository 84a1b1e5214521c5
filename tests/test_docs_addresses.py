"""The fetcher reaches public addresses only: never the machine it runs on, its network or a cloud's metadata service.

The local vendor site runs on 127.0.0.1, so these tests show both sides: the production policy refuses it, and the
tests' explicit opt-in (LOOPBACK_FOR_TESTS) allows loopback and nothing else.  Host names are resolved by the real
resolver for ``localhost``; other names would need the internet, so their answers are given by replacing
``socket.getaddrinfo``, the one call the fetcher resolves with.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from collector.docs.addresses import (
    LOOPBACK_FOR_TESTS,
    PUBLIC_ONLY,
    TEST_LOOPBACK_VARIABLE,
    AddressPolicy,
    policy_from_environment,
    why_not_public,
)
from collector.docs.fetch import Fetcher, FetchRequest, FetchResult, FetchStatus
from tests.vendor_server import VendorServer

UA = "ScorecardsBot/0.1 (+https://example.org/scorecards)"
PAGE = b"<!doctype html><html><body><main><p>Training data: public web.</p></main></body></html>"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[VendorServer]:
    with VendorServer() as server:
        server.set_page("/a", PAGE)
        yield server


@pytest.fixture
def make_fetcher() -> Iterator[Callable[[AddressPolicy], Fetcher]]:
    made: list[Fetcher] = []

    def make(addresses: AddressPolicy) -> Fetcher:
        fetcher = Fetcher(user_agent=UA, timeout=5.0, min_delay=0.01, backoff=0.01, addresses=addresses)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


def fetch(fetcher: Fetcher, url: str) -> FetchResult:
    return fetcher.fetch(FetchRequest(url))


def port(server: VendorServer) -> int:
    return int(server.host.rpartition(":")[2])


def answer_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[list[str]]]) -> list[str]:
    """Resolve each name in ``answers`` to its next list of addresses (the last one repeats); other names as usual.

    Returns the names asked, in order.
    """
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in answers:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        replies = answers[host]
        addresses = replies.pop(0) if len(replies) > 1 else replies[0]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, int(port)))
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


# -- the policy ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.0.1", "a private address"),
        ("fd00::1", "a private address"),
        ("224.0.0.251", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("100.64.0.1", "not a public address"),
        ("::ffff:127.0.0.1", "a loopback address (127.0.0.1)"),
        ("::ffff:169.254.169.254", "a link-local address (169.254.169.254)"),
    ],
)
def test_non_public_addresses_are_named_by_kind(address: str, kind: str) -> None:
    assert why_not_public(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:85e5"])
def test_public_addresses_pass(address: str) -> None:
    assert why_not_public(ipaddress.ip_address(address)) is None


# -- the fetcher ---------------------------------------------------------------------------------------------------


def test_by_default_the_fetcher_refuses_the_local_site(site: VendorServer, make_fetcher: Any) -> None:
    result = fetch(make_fetcher(PUBLIC_ONLY), site.url("/a"))
    assert (result.status, result.attempts, result.body) == (FetchStatus.REFUSED_ADDRESS, 0, None)
    assert "127.0.0.1 is a loopback address" in result.detail
    assert site.requests == []


def test_the_tests_opt_in_reaches_the_local_site(site: VendorServer, make_fetcher: Any) -> None:
    assert fetch(make_fetcher(LOOPBACK_FOR_TESTS), site.url("/a")).status is FetchStatus.OK


def test_a_host_name_is_checked_after_it_is_resolved(site: VendorServer, make_fetcher: Any) -> None:
    result = fetch(make_fetcher(PUBLIC_ONLY), f"http://localhost:{port(site)}/a")
    assert result.status is FetchStatus.REFUSED_ADDRESS
    assert "localhost resolves to" in result.detail and "loopback" in result.detail
    assert site.requests == []  # robots.txt included


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://[fe80::1]/",
        "http://[fd12::1]/",
        "http://0.0.0.0:8080/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
        "http://0xa9.0xfe.0xa9.0xfe/",
        "http://2851995902/",
    ],
)
def test_a_redirect_to_a_non_public_address_is_refused_at_once(
    target: str, site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/a", "redirect", code=302, location=target)
    result = fetch(make_fetcher(LOOPBACK_FOR_TESTS), site.url("/a"))  # loopback allowed: the redirect is not
    assert (result.status, result.attempts, result.http_status) == (FetchStatus.REFUSED_ADDRESS, 1, 302)
    assert "public addresses only" in result.detail
    assert [r.path for r in site.requests if r.path != "/robots.txt"] == ["/a"]


def test_a_redirect_to_a_name_that_resolves_to_a_private_address_is_refused(
    site: VendorServer, make_fetcher: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_dns(monkeypatch, {"metadata.vendor.example": [["169.254.169.254"]]})
    site.set_fault("/a", "redirect", code=302, location="http://metadata.vendor.example/latest/")
    result = fetch(make_fetcher(LOOPBACK_FOR_TESTS), site.url("/a"))
    assert result.status is FetchStatus.REFUSED_ADDRESS
    assert "metadata.vendor.example resolves to 169.254.169.254, a link-local address" in result.detail


def test_a_name_with_any_non_public_address_is_refused(make_fetcher: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The public address would be tried first: the conftest guard fails the test if any connection is attempted.
    answer_dns(monkeypatch, {"mixed.vendor.example": [["93.184.215.14", "10.0.0.7"]]})
    result = fetch(make_fetcher(PUBLIC_ONLY), "http://mixed.vendor.example/doc")
    assert result.status is FetchStatus.REFUSED_ADDRESS
    assert "10.0.0.7, a private address" in result.detail


def test_the_connection_goes_to_the_checked_address_not_to_a_second_answer(
    site: VendorServer, make_fetcher: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: the first answer passes the check, the next ones name a private address. A connection made
    # by name would look the name up again and go there (the conftest guard would stop it, failing the fetch).
    asked = answer_dns(monkeypatch, {"docs.vendor.example": [["127.0.0.1"], ["10.0.0.9"]]})
    result = fetch(make_fetcher(LOOPBACK_FOR_TESTS), f"http://docs.vendor.example:{port(site)}/a")
    assert (result.status, result.body) == (FetchStatus.OK, PAGE)
    assert asked == ["docs.vendor.example"]  # robots.txt and the page, on one checked connection
    assert {r.headers.get("host") for r in site.requests} == {f"docs.vendor.example:{port(site)}"}


@pytest.mark.parametrize("location", ["file:///etc/passwd", "file://localhost/etc/shadow"])
def test_a_redirect_to_a_file_url_fails_at_once_without_retries(
    location: str, site: VendorServer, make_fetcher: Any
) -> None:
    site.set_fault("/a", "redirect", code=302, location=location)
    result = fetch(make_fetcher(LOOPBACK_FOR_TESTS), site.url("/a"))
    assert (result.status, result.attempts) == (FetchStatus.BAD_REDIRECT, 1)
    assert len(site.requests_for("/a")) == 1


def test_the_command_line_allows_loopback_only_when_a_test_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEST_LOOPBACK_VARIABLE, raising=False)
    assert policy_from_environment() is PUBLIC_ONLY
    monkeypatch.setenv(TEST_LOOPBACK_VARIABLE, "true")
    assert policy_from_environment() is PUBLIC_ONLY
    monkeypatch.setenv(TEST_LOOPBACK_VARIABLE, "1")
    assert policy_from_environment() is LOOPBACK_FOR_TESTS
    assert LOOPBACK_FOR_TESTS.refusal(ipaddress.ip_address("169.254.169.254")) is not None  # loopback, nothing more
