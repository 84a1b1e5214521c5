"""Shared fixtures: small real projects on disk, built from tests/fixtures."""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from collector import clock
from tests.dates import TODAY

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


class NetworkBlockedError(OSError):
    """A test tried to reach beyond this machine: tests talk to local servers only."""


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and abstract sockets
        return True
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", maxsplit=1)[0]).is_loopback
    except ValueError:
        return False  # a host name: it would need DNS, which is the internet


@pytest.fixture(autouse=True, scope="session")
def _only_local_network() -> Iterator[None]:
    """Every socket this test process opens must go to 127.0.0.1 (or ::1): a test that tries anything else fails."""
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded(method: Any) -> Any:
        def connect(self: socket.socket, address: Any) -> Any:
            if not _is_local(address):
                raise NetworkBlockedError(f"tests may only connect to this machine, not to {address!r}")
            return method(self, address)

        return connect

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", guarded(original_connect))
        patch.setattr(socket.socket, "connect_ex", guarded(original_connect_ex))
        yield


@pytest.fixture(autouse=True, scope="session")
def _one_date_per_session() -> Iterator[None]:
    """Every test, and every subprocess a test starts, sees the same "today" (``SCORECARDS_TODAY``).

    This is the one place the tests read the real clock, and why: the shipped scorecards are dated by the real
    calendar (the weekly collection stamps the day it ran), so checks on them must run on a real date. Reading
    it once keeps a run that crosses midnight, and a subprocess started after it, on the same date. A date set
    before the run wins, which is how `.ci/run` replays the suite years ahead.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.ENVIRONMENT_VARIABLE, clock.today().isoformat())
        yield


@pytest.fixture
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Pin "today" to the fixtures' day for this test and its subprocesses; returns that date."""
    monkeypatch.setenv(clock.ENVIRONMENT_VARIABLE, TODAY.isoformat())
    return TODAY


# The shipped project's data: scorecards only make sense with the reviewed identities that join records to them
# and the list of pages that moved.
SHIPPED_DATA = ("site", "rubrics", "scorecards", "sources", "archive", "imports")


def copy_shipped_project(target: Path, parts: tuple[str, ...] = SHIPPED_DATA) -> Path:
    """A copy of the repository's project (data, pages, mkdocs.yml) at ``target``, to build or change freely."""
    for name in parts:
        shutil.copytree(REPO / name, target / name)
    for name in ("mkdocs.yml", "moved.yaml"):
        shutil.copy(REPO / name, target / name)
    return target


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project built once per session, strictly, as the site is published: read it, never change it."""
    from collector.sitebuild import build  # imports mkdocs: only for the tests that build

    project = copy_shipped_project(
        tmp_path_factory.mktemp("shipped"), ("site", "rubrics", "scorecards", "archive", "imports")
    )
    result = build(project, site_dir=project / "out", strict=True)
    assert result.error is None, result.error
    return project / "out"


def empty_project(root: Path) -> Path:
    """A project with the repository's rubrics, and empty scorecards/ and archive/: for collectors to fill."""
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    (root / "scorecards").mkdir()
    (root / "archive").mkdir()
    return root


def project_for_import(root: Path, rubric_id: str) -> Path:
    """The repository's rubrics without ``rubric_id`` (which the import under test makes), and no scorecards."""
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    shutil.rmtree(root / "rubrics" / rubric_id, ignore_errors=True)
    (root / "scorecards").mkdir()
    return root


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/mini: a 4-indicator rubric, two scorecards, one archived page."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture
def write_scorecard(mini_project: Path) -> Callable[[str, str], Path]:
    """Write a scorecard file (YAML text) into the mini project and return its path."""

    def write(name: str, text: str) -> Path:
        path = mini_project / "scorecards" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
