"""`scorecards serve`: a broken scorecard shows its located error, and the server recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_site_build import copy_project

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_for(url: str, predicate, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {url}; last page had {len(last)} characters")


@pytest.fixture
def server(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "collector", "--root", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        yield project, f"http://127.0.0.1:{port}/", tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_a_broken_scorecard_shows_its_error_and_the_server_recovers(server):
    project, url, log = server
    wait_for(url, lambda page: "Falcon-7B" in page)
    card: Path = next((project / "scorecards").rglob("falcon-7b.yaml"))
    good = card.read_text()

    card.write_text(good.replace("status: disclosed", "status: disclosd", 1))
    broken = wait_for(url, lambda page: "problem(s) in the data" in page)
    assert "scorecards/tii/falcon-7b.yaml:" in broken
    assert "Traceback" not in log.read_text()
    assert "falcon-7b.yaml" in log.read_text()

    card.write_text(good)
    recovered = wait_for(url, lambda page: "problem(s) in the data" not in page and "Falcon-7B" in page)
    assert "Falcon-7B" in recovered


def test_a_yaml_syntax_error_is_reported_without_a_traceback(server):
    project, url, log = server
    wait_for(url, lambda page: "Falcon-7B" in page)
    card: Path = next((project / "scorecards").rglob("falcon-7b.yaml"))
    card.write_text("subject: [unclosed\n")
    page = wait_for(url, lambda page: "problem(s) in the data" in page)
    assert "YAML syntax error" in page
    assert "Traceback" not in log.read_text()
