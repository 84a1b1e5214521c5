"""The site-build benchmark: its projects made from the shipped scorecards, and a small run of it end to end."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from collector.dataset import load_dataset
from collector.identity import facets
from tests.conftest import REPO

BENCHMARKS = REPO / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


real_project = _module("real_project")
TEMPLATES = real_project.load_templates()


def _joined(how: str) -> list[Any]:
    """The shipped scorecards holding an imported record joined by ``how`` (own, huggingface, identity)."""
    return [t for t in TEMPLATES if f"joined_by: {how}" in t.text]


def _problems(project: Path) -> list[str]:
    return [f"{p.file}:{p.line}: {p.message}" for p in load_dataset(project).problems]


def test_copies_of_scorecards_joined_by_repository_and_by_reviewed_identity_validate_without_problems(tmp_path):
    chosen = _joined("identity") + _joined("huggingface")[:3] + [t for t in TEMPLATES if not t.records][:2]
    project = real_project.make_project(tmp_path / "project", 3 * len(chosen), templates=chosen)
    assert len(list((project / "scorecards").rglob("*-copy-2.yaml"))) == len(chosen)
    assert _problems(project) == []


def test_a_project_of_a_few_shipped_scorecards_keeps_only_the_references_to_its_models_and_validates(tmp_path):
    project = real_project.make_project(tmp_path / "project", 20, templates=TEMPLATES)
    assert len(list((project / "scorecards").rglob("*.yaml"))) == 20
    assert _problems(project) == []


def test_a_copy_is_its_original_with_new_ids_names_and_hub_repositories_only():
    template = _joined("huggingface")[0]
    relative, text = template.copy(7)
    original, copy = yaml.safe_load(template.text), yaml.safe_load(text)
    expected = yaml.safe_load(template.text)
    subject = expected["subject"]
    subject["id"] += "-copy-7"
    subject["name"] += " (copy te)"
    subject["links"]["huggingface"] += "-copy-te"
    for assessment in expected["assessments"]:
        if "record" in assessment:
            assessment["record"]["id"] += "-copy-7"
            assessment["record"]["name"] += " (copy te)"
            if "huggingface" in assessment["record"]:
                assessment["record"]["huggingface"] += "-copy-te"
    assert copy == expected != original
    assert relative == template.relative.with_name(f"{subject['id']}.yaml")
    changed = [new for old, new in zip(template.text.splitlines(), text.splitlines(), strict=True) if old != new]
    assert changed and all(re.search(r"copy[ -](te|7)\b", line) for line in changed)


def test_the_copy_suffix_of_names_states_no_size_version_or_variant_for_any_number_of_copies():
    plain = facets("Zephyr-141B-A35B v0.1")
    for k in range(1, 1000):
        assert facets(f"Zephyr-141B-A35B v0.1 (copy {real_project.copy_word(k)})") == plain, k


def _run_benchmark(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "build_site.py"), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


FIGURES = re.compile(
    r"build +[\d.]+ s +wall +[\d.]+ s +cpu +[\d.]+ s +[\d.]+ ms/model +peak RSS +\d+ MiB \(workers +\d+\) +"
    r"output +[\d.]+ MB raw, +[\d.]+ MB gzip in +\d+ files \((\d+) model pages\), +[\d.]+ KB/model raw, +"
    r"[\d.]+ KB/model gzip$"
)


@pytest.mark.slow
def test_the_smoke_run_builds_every_model_and_prints_every_figure_without_errors_or_warnings():
    out = _run_benchmark("--smoke")
    ours = [line for line in out.splitlines() if line.startswith("N=   20  ours ")]
    assert len(ours) == 1, out
    figures = FIGURES.search(ours[0])
    assert figures is not None, ours[0]
    assert figures.group(1) == "20"
    assert "baseline  not built" in out
    assert re.search(r"N=   20  summary .* [\d.]+ KB/model \((meets|MISSES) <=30 KB\)", out), out


@pytest.mark.slow
def test_a_run_with_the_baseline_prints_the_ratio_and_the_per_model_growth_between_sizes():
    out = _run_benchmark("5", "10", "--baseline-up-to", "5")
    baseline = [line for line in out.splitlines() if line.startswith("N=    5  baseline ")]
    assert len(baseline) == 1 and FIGURES.search(baseline[0]), out
    assert re.search(r"N=    5  summary  \|  baseline/ours build [\d.]+x, wall [\d.]+x", out), out
    assert re.search(r"N=   10  summary .* per-model growth 5->10: build [\d.]+x", out), out
    assert "ERROR" not in out and "warning line" not in out
