"""Shared fixtures: small real projects on disk, built from tests/fixtures."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


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
