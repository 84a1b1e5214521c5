"""Document collection killed at any point: the project stays valid, and the next run makes the same proposals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from collector.dataset import load_dataset
from collector.docs.addresses import TEST_LOOPBACK_VARIABLE
from collector.loading import load_model
from collector.schema import Scorecard
from tests.conftest import REPO
from tests.docs_project import CONTACT, SITE, make_project
from tests.vendor_server import VendorServer

pytestmark = pytest.mark.slow


def collect(root: Path, kill_at: int, count_file: Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "tests.crash_points", str(kill_at), str(count_file),
               "--root", str(root), "collect", "docs", "--contact", CONTACT]  # fmt: skip
    # the local vendor site is on 127.0.0.1, which the fetcher refuses unless a test allows it
    env = {**os.environ, "CRASH_POINTS_FAST_FETCHER": "1", TEST_LOOPBACK_VARIABLE: "1"}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, timeout=120, check=False)


def proposals(root: Path) -> set[tuple[str, str, str]]:
    """(indicator, proposing collector, quote) of every proposal beside the Nova-2 claims."""
    card = load_model(root / "scorecards" / "example-labs" / "nova-2.yaml", Scorecard, "scorecard").model
    assert card is not None
    return {
        (indicator, claim.proposed.by or "", evidence.quote)
        for assessment in card.assessments
        for indicator, claim in assessment.indicators.items()
        if claim.proposed is not None
        for evidence in claim.proposed.evidence
    }


def leftovers(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.name.endswith(".scorecards-tmp")]


@pytest.fixture(scope="module")
def site():
    with VendorServer(SITE) as server:
        yield server


@pytest.fixture(scope="module")
def uninterrupted(site, tmp_path_factory) -> tuple[set[tuple[str, str, str]], int]:
    root = make_project(tmp_path_factory.mktemp("whole") / "project", site)
    count = root.parent / "count"
    done = collect(root, 0, count)
    assert done.returncode == 0, done.stderr
    assert proposals(root)  # the case at stake: a run that suggests
    return proposals(root), int(count.read_text())


def test_a_collection_killed_at_any_point_stays_valid_and_the_next_run_proposes_the_same(site, uninterrupted, tmp_path):
    expected, changes = uninterrupted
    assert changes > 10
    for point in range(1, changes + 1, 3):  # before every third rename, unlink or fsync the run makes
        root = make_project(tmp_path / str(point) / "project", site)
        killed = collect(root, point, tmp_path / "count")
        assert killed.returncode == -9, killed.stderr
        assert load_dataset(root).problems == [], f"killed before change {point}"

        rerun = collect(root, 0, tmp_path / "count")
        assert rerun.returncode == 0, rerun.stderr
        assert b"archive-damaged" not in rerun.stdout, f"killed before change {point}"
        assert load_dataset(root).problems == []
        assert proposals(root) == expected, f"killed before change {point}"
        assert leftovers(root) == []
