"""Temporary files a killed run leaves behind are recognised, ignored by git and swept up by the next run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from collector import scratch
from collector.cli import main
from collector.store import write_atomically
from tests.conftest import FIXTURES, REPO, project_for_import


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def leftover(folder: Path, pid: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".acme-one.yaml.{pid}-0badc0de{scratch.SUFFIX}"
    path.write_text("half a file")
    return path


def test_an_atomic_write_leaves_nothing_but_the_file(tmp_path):
    write_atomically(tmp_path / "x.yaml", "a: 1\n", inside=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


def test_a_temporary_file_names_its_run(tmp_path):
    name = scratch.temporary_path(tmp_path / "x.yaml").name
    assert name.startswith(f".x.yaml.{os.getpid()}-") and name.endswith(scratch.SUFFIX)


def test_a_dead_runs_temporary_files_are_swept_by_the_next_writing_command(capsys, mini_project):
    pid = dead_pid()
    orphans = [leftover(mini_project / "scorecards" / "acme", pid), leftover(mini_project / "archive" / "x", pid),
               leftover(mini_project / "state", pid)]  # fmt: skip
    first_version = mini_project / "archive" / "documents" / "acme" / f".card.{pid}-0badc0de{scratch.SUFFIX}"
    (first_version / "versions").mkdir(parents=True)  # a document's first version, made aside
    (first_version / "versions" / "20261203T060000Z.md").write_text("text")
    main(["--root", str(mini_project), "import", "mot", str(mini_project / "no-such-folder")])
    assert not any(p.exists() for p in [*orphans, first_version])
    assert (mini_project / "scorecards" / "acme").is_dir()


def test_a_live_runs_temporary_file_is_left_alone(mini_project):
    running = leftover(mini_project / "scorecards" / "acme", os.getppid())
    assert scratch.sweep(mini_project) == []
    assert running.exists()


def test_a_command_that_only_reads_sweeps_nothing(capsys, mini_project):
    orphan = leftover(mini_project / "scorecards" / "acme", dead_pid())
    main(["--root", str(mini_project), "score"])
    assert orphan.exists()


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs the git checkout")
@pytest.mark.parametrize(
    "path",
    [
        f"scorecards/acme/.acme-one.yaml.123-0badc0de{scratch.SUFFIX}",
        f"archive/documents/acme/card/.card.123-0badc0de{scratch.SUFFIX}/versions/20261203T060000Z.md",
        ".staging/123-0badc0de/journal.json",
        "state/huggingface.json",
    ],
)
def test_git_ignores_temporary_files_staging_and_state(path):
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=REPO, check=False)
    assert ignored.returncode == 0, f"{path} would be committed by `git add --all`"


def test_a_journal_naming_a_path_outside_the_project_is_refused_with_a_message(capsys, mini_project, tmp_path):
    run = mini_project / scratch.STAGING / f"{dead_pid()}-0badc0de"
    run.mkdir(parents=True)
    (run / "0").write_text("planted")
    (run / "journal.json").write_text('{"steps": [{"op": "put", "staged": "0", "target": "../planted.txt"}]}')
    code = main(["--root", str(mini_project), "import", "mot", str(tmp_path / "no-such-folder")])
    _, err = capsys.readouterr()
    assert code == 2
    assert "'../planted.txt' is not a path inside the project" in err and "Traceback" not in err
    assert not (mini_project.parent / "planted.txt").exists()


def test_an_import_refuses_a_staging_folder_that_is_a_link_out_of_the_project(capsys, tmp_path):
    root = project_for_import(tmp_path / "project", "mof")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / scratch.STAGING).symlink_to(outside)
    code = main(["--root", str(root), "import", "mot", str(FIXTURES / "mot")])
    _, err = capsys.readouterr()
    assert code == 2
    assert ".staging is not a folder of this project" in err and "Traceback" not in err
    assert list(outside.iterdir()) == []
    assert list((root / "scorecards").iterdir()) == []


def test_a_file_with_a_long_name_is_still_written_atomically(tmp_path):
    path = tmp_path / ("x" * 240 + ".md")
    write_atomically(path, "text", inside=path.parent)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
