"""An import killed at any point leaves a valid project, and the next run finishes (or repeats) the import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from collector import scratch
from collector.cli import main
from collector.dataset import load_dataset
from collector.imports import mot
from collector.imports.common import apply
from tests.conftest import FIXTURES, REPO, project_for_import
from tests.test_import_identity import imported, record, small_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project holding an import of one edition of the index, and a next edition that rewrites its texts:
    every archived text changes in place, the claims quoting them change with it, and one model leaves."""
    base = tmp_path_factory.mktemp("editions")
    root = project_for_import(base / "project", "mof")
    mot.import_mot(root, FIXTURES / "mot")
    assert load_dataset(root).problems == []
    next_edition = base / "next"
    shutil.copytree(FIXTURES / "mot", next_edition)
    for path in (next_edition / "models").glob("*.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace("license: Apache-2.0", "license: MIT"))
    (next_edition / "models" / "GPT-2.yml").unlink()
    return root, next_edition


def run_import(root: Path, source: Path, kill_at: int, count_file: Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "tests.crash_points", str(kill_at), str(count_file),
               "--root", str(root), "import", "mot", str(source)]  # fmt: skip
    return subprocess.run(command, cwd=REPO, capture_output=True, timeout=120, check=False)


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "state" not in p.relative_to(root).parts
    }


@pytest.fixture(scope="module")
def uninterrupted(editions, tmp_path_factory) -> tuple[dict[str, bytes], int]:
    """The project after the next edition's import ran to its end, and how many changes that import made."""
    root, source = editions
    copy = tmp_path_factory.mktemp("whole") / "project"
    shutil.copytree(root, copy)
    count = copy.parent / "count"
    done = run_import(copy, source, 0, count)
    assert done.returncode == 0, done.stderr
    return files_of(copy), int(count.read_text())


def test_the_next_edition_changes_archived_texts_in_place(editions, uninterrupted):
    root, _ = editions
    before = files_of(root)
    after, _ = uninterrupted
    changed = [name for name in before if name.startswith("archive/") and after.get(name) not in {None, before[name]}]
    assert changed  # the case that broke: a quoted text replaced while its scorecard still quoted the old one
    assert any(name not in after for name in before if name.startswith("scorecards/"))


def test_an_import_killed_at_any_point_leaves_a_valid_project_and_a_rerun_completes(editions, uninterrupted, tmp_path):
    root, source = editions
    expected, changes = uninterrupted
    assert changes > 10
    for point in range(1, changes + 1):  # before each rename, unlink and fsync the import makes
        project = tmp_path / str(point) / "project"
        shutil.copytree(root, project)
        killed = run_import(project, source, point, tmp_path / "count")
        assert killed.returncode == -9, killed.stderr
        assert load_dataset(project).problems == [], f"killed before change {point}"

        rerun = run_import(project, source, 0, tmp_path / "count")
        assert rerun.returncode == 0, rerun.stderr
        assert load_dataset(project).problems == []
        assert files_of(project) == expected, f"killed before change {point}"


def test_a_swap_cut_short_after_its_journal_is_finished_by_the_next_writing_command(
    editions, uninterrupted, tmp_path, capsys
):
    root, source = editions
    expected, changes = uninterrupted
    project = tmp_path / "project"
    shutil.copytree(root, project)
    killed = run_import(project, source, changes - 3, tmp_path / "count")  # a few steps before the end of the swap
    assert killed.returncode == -9
    assert (project / ".staging").is_dir()

    main(["--root", str(project), "import", "fmti", str(tmp_path / "not-a-folder")])  # fails, but writes first
    assert files_of(project) == expected
    assert not any((project / ".staging").iterdir())


class Killed(BaseException):
    """Stands for kill -9 inside the test's own process: raised before a change, and caught by no handler."""


def interrupt_at(monkeypatch: pytest.MonkeyPatch, limit: int) -> list[int]:
    """Make the ``limit``-th rename or unlink raise :class:`Killed`; returns the running count."""
    count = [0]
    for name in ("replace", "rename", "unlink"):
        real = getattr(os, name)

        def change(*args, _real=real, **kwargs):
            count[0] += 1
            if count[0] == limit:
                raise Killed
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, change)
    return count


def as_if_dead(root: Path) -> None:
    """The staging folders of this (live) test process renamed as a dead process's, which a real kill leaves."""
    for folder in (root / scratch.STAGING).glob(f"{os.getpid()}-*"):
        folder.rename(folder.with_name(f"{dead_pid()}-{folder.name.split('-')[1]}"))


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_record_moving_to_another_scorecard_keeps_moved_yaml_valid_at_every_step(tmp_path, monkeypatch):
    def fresh(name: str) -> Path:
        root = small_project(tmp_path / name)
        apply(root, imported(record("falcon-seven")))  # its own file first
        return root

    moving = imported(record("falcon-seven", huggingface="tiiuae/falcon-7b"))  # then it joins TII's scorecard
    whole = fresh("whole")
    with monkeypatch.context() as patch:
        count = interrupt_at(patch, 0)
        apply(whole, moving)
    expected = files_of(whole)
    assert "moved.yaml" in expected
    for point in range(1, count[0] + 1):
        root = fresh(str(point))
        with monkeypatch.context() as patch, pytest.raises(Killed):
            interrupt_at(patch, point)
            apply(root, moving)
        assert load_dataset(root).problems == [], f"interrupted before change {point}"
        as_if_dead(root)
        apply(root, moving)
        assert load_dataset(root).problems == []
        assert files_of(root) == expected, f"interrupted before change {point}"
