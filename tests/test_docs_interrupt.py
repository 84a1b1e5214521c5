"""An interrupted document collection (Ctrl-C, kill -9) leaves each archived document whole, and a re-run finishes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collector.docs.archive import DocumentArchive, sha256
from tests.docs_project import CONTACT, SITE, SYSTEM_CARD, USAGE_POLICY, allow_loopback_in_cli, make_project
from tests.vendor_server import VendorServer

pytestmark = pytest.mark.slow
DOCUMENTS = ["nova-2-system-card", "usage-policy", "nova-2-technical-report"]


def collect(root: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "collector", "--root", str(root), "collect", "docs", "--contact", CONTACT]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)


def assert_whole(root: Path) -> None:
    """Every document folder is absent, or its record, latest text and version files agree."""
    for name in DOCUMENTS:
        archive = DocumentArchive(root / "archive", "example-labs", name)
        record = archive.load()
        if record is None:
            continue
        latest = record.latest
        assert latest is not None
        assert sha256((archive.folder / latest.file).read_text()) == latest.text_sha256
        assert archive.snapshot_bytes(record) is not None


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_run_leaves_every_document_whole_and_a_rerun_completes(tmp_path, how, monkeypatch):
    allow_loopback_in_cli(monkeypatch)  # the subprocesses inherit it
    with VendorServer(SITE) as server:
        root = make_project(tmp_path / "project", server)
        server.set_fault(USAGE_POLICY, "slow", seconds=5)
        process = collect(root)
        wait_for(lambda: any(r.path == USAGE_POLICY for r in server.requests))
        process.send_signal(how)
        _, stderr = process.communicate(timeout=30)
        if how == signal.SIGINT:
            assert process.returncode == 130
            assert b"Traceback" not in stderr
        assert_whole(root)
        assert DocumentArchive(root / "archive", "example-labs", "usage-policy").load() is None  # really cut short
        assert any(r.path == SYSTEM_CARD and r.status == 200 for r in server.requests)

        server.clear_faults()
        rerun = collect(root)
        out, err = rerun.communicate(timeout=60)
        assert rerun.returncode == 0, (out, err)
        assert_whole(root)
        assert all(DocumentArchive(root / "archive", "example-labs", n).load() for n in DOCUMENTS)
