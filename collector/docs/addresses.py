"""Which network addresses the document fetcher may connect to: public ones only, unless a test opts in.

A vendor page (or a redirect, or a DNS answer) must never make the collector read the machine it runs on or its
network: loopback services, a cloud's metadata endpoint (169.254.169.254), a router's admin page.  Whatever the
fetcher reads may be archived and quoted in a public pull request.  So every host is resolved first, every address
it resolves to is checked, and the connection goes to an address that was checked (see :mod:`collector.docs.transport`),
so that a second DNS answer cannot swap in another one.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from dataclasses import dataclass

__all__ = [
    "LOOPBACK_FOR_TESTS",
    "PUBLIC_ONLY",
    "TEST_LOOPBACK_VARIABLE",
    "AddressPolicy",
    "RefusedAddressError",
    "host_refusal",
    "literal_address",
    "policy_from_environment",
    "why_not_public",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Set to "1" by tests that run the command line against a local vendor site; it allows loopback, nothing else.
TEST_LOOPBACK_VARIABLE = "SCORECARDS_TEST_ALLOW_LOOPBACK"


class RefusedAddressError(Exception):
    """A host that is, or resolves to, an address the fetcher must not connect to; the message says which and why."""


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses, plus the non-public ``allowed`` networks (none in production).

    Names under ``test_domains`` stand for 127.0.0.1 without asking DNS: tests' sources files name their local
    vendor sites like real ones (sources refuse a literal 127.0.0.1), under ``.test``, which RFC 6761 reserves for
    testing so that no real DNS ever answers for it.
    """

    name: str
    allowed: tuple[IPNetwork, ...] = ()
    test_domains: tuple[str, ...] = ()

    def refusal(self, address: IPAddress) -> str | None:
        """Why ``address`` may not be used, or None when it may."""
        plain = _unmapped(address)
        if any(plain in network for network in self.allowed if network.version == plain.version):
            return None
        return why_not_public(address)

    def check_host(self, host: str) -> None:
        """Refuse a host written as an address that is not allowed (host names are checked when resolved)."""
        address = literal_address(host)
        why = self.refusal(address) if address is not None else None
        if why is not None:
            raise RefusedAddressError(f"{host} is {why}; {_ONLY_PUBLIC}")

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address ``host`` stands for, all of them allowed; raises when any one is not.

        One refused address refuses the host: a name that resolves to a public and a private address is either
        misconfigured or a rebinding attempt, and the connection could go to either.  DNS failures are ``OSError``.
        """
        literal = literal_address(host)
        name = host.rstrip(".").lower()
        if literal is not None:
            found = [literal]
        elif any(name.endswith("." + domain) for domain in self.test_domains):
            found = [ipaddress.IPv4Address("127.0.0.1")]
        else:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            found = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
        for address in found:
            why = self.refusal(address)
            if why is not None:
                shown = f"{host} is" if literal is not None else f"{host} resolves to {address},"
                raise RefusedAddressError(f"{shown} {why}; {_ONLY_PUBLIC}")
        if not found:
            raise OSError(f"{host} has no address")
        return found


#: What production uses: public addresses only.
PUBLIC_ONLY = AddressPolicy("public addresses only")
#: The opt-in of tests, whose vendor sites run on 127.0.0.1: loopback allowed, every other non-public range refused.
LOOPBACK_FOR_TESTS = AddressPolicy(
    "public and loopback addresses (tests)",
    (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")),
    test_domains=("test",),
)


def policy_from_environment() -> AddressPolicy:
    """PUBLIC_ONLY, or LOOPBACK_FOR_TESTS when a test that runs the command line set ``TEST_LOOPBACK_VARIABLE``."""
    return LOOPBACK_FOR_TESTS if os.environ.get(TEST_LOOPBACK_VARIABLE) == "1" else PUBLIC_ONLY


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as one stands for, else None.

    The standard forms (``127.0.0.1``, ``[::1]``, ``::ffff:7f00:1``) and the short, octal, hexadecimal and decimal
    IPv4 forms a resolver also reads as addresses (``127.1``, ``0x7f.0.0.1``, ``2130706433``).
    """
    text = host.strip("[]").split("%")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def host_refusal(host: str) -> str | None:
    """Why a URL's host, as written, is not a public one (for checking sources files), or None.

    Host names other than ``localhost`` can only be judged when they are resolved, which the fetcher does.
    """
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return "a loopback name (localhost)"
    address = literal_address(name)
    return why_not_public(address) if address is not None else None


def why_not_public(address: IPAddress) -> str | None:
    """What kind of non-public address this is (``"a loopback address"``...), or None for a public one.

    IPv6 forms that carry an IPv4 address (IPv4-mapped, 6to4, Teredo) are judged by that IPv4 address too.
    """
    for candidate in dict.fromkeys((_unmapped(address), address)):
        for test, kind in _KINDS:
            if test(candidate):
                return kind if candidate == address else f"{kind} ({candidate})"
    return None


_NUMERIC_HOST = re.compile(r"[0-9a-fA-FxX.]+")
_ONLY_PUBLIC = "the fetcher connects to public addresses only"
_KINDS = (
    (lambda a: a.is_unspecified, "an unspecified address"),
    (lambda a: a.is_loopback, "a loopback address"),
    (lambda a: a.is_link_local, "a link-local address"),
    (lambda a: a.is_multicast, "a multicast address"),
    (lambda a: a.is_private, "a private address"),
    (lambda a: a.is_reserved, "a reserved address"),
    (lambda a: not a.is_global, "not a public address"),  # shared (100.64/10), documentation, benchmarking...
)


def _unmapped(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv6 one (IPv4-mapped, 6to4, Teredo client), or the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address.teredo is not None:
            return address.teredo[1]
    return address
