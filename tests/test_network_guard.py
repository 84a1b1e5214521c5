"""The test suite itself reaches nothing beyond this machine: connecting elsewhere fails the test that tries."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkBlockedError


def test_a_connection_to_another_host_is_refused_by_the_suite():
    with pytest.raises(NetworkBlockedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never routed anywhere


def test_a_connection_to_this_machine_is_allowed():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname(), timeout=1):
            pass
