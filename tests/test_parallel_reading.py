"""Reading scorecards on several cores gives what reading them in one process gives, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from collector import parallel_reading
from collector.problems import DataError
from collector.yamlsource import YamlDocument

GOOD = "subject:\n  id: model-{n}\n  name: Model {n}\nassessments: []\n"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    monkeypatch.setattr(parallel_reading, "_PARALLEL_FROM", 0)  # fork even for a handful of files
    made = []
    for n in range(12):
        path = tmp_path / f"m{n}.yaml"
        path.write_text(GOOD.format(n=n) + ("  - {x" if n == 5 else ""), encoding="utf-8")
        made.append((path, f"scorecards/m{n}.yaml"))
    (tmp_path / "m9.yaml").write_bytes(b"subject: \xff\n")
    return made


def _outcome(read: parallel_reading.Read) -> object:
    return read.problems if isinstance(read, DataError) else read.data


def test_two_workers_read_what_one_reads_in_the_same_order(files: list[tuple[Path, str]]) -> None:
    one = [_outcome(read) for read in parallel_reading.read_all(files, workers=1)]
    two = [_outcome(read) for read in parallel_reading.read_all(files, workers=2)]
    assert two == one
    assert [isinstance(outcome, list) for outcome in two].count(True) == 2  # the broken file and the binary one


def test_an_error_read_in_a_worker_keeps_its_located_problem(files: list[tuple[Path, str]]) -> None:
    broken = list(parallel_reading.read_all(files, workers=2))[5]
    assert isinstance(broken, DataError)
    assert broken.problems[0].file == "scorecards/m5.yaml"
    assert broken.problems[0].line == 5


def test_a_document_read_in_a_worker_still_locates_its_values(files: list[tuple[Path, str]]) -> None:
    document = list(parallel_reading.read_all(files, workers=2))[3]
    assert isinstance(document, YamlDocument)
    position = document.locate(("subject", "name"))
    assert (position.line, position.column) == (3, 9)
