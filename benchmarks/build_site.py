"""Benchmark: build the report site for N synthetic models, against a naive mkdocs-material site.

Usage:  python benchmarks/build_site.py [N ...] [--skip-baseline-above N] [--profile N]
        (default: 100 1000 5000)

Ours: the real project (mkdocs.yml and site/ copied from the repo, rubrics/,
archive/ and N scorecards from ``validate_score.make_project``) built with
``collector.sitebuild.build`` and the search plugin on, as ``scorecards build``
does: load, validate, score and render through the ``scorecards`` plugin.

Baseline, in the same run on the same machine: the same N models written as
plain Markdown pages (a heading, a short paragraph and a table with one row per
assessed indicator: indicator, status, quote, source URL, retrieved date,
provenance), plus an index page with a table of all models, built by plain
mkdocs-material with the search plugin, ``font: false``, no ``scorecards``
plugin and no ``nav`` (so mkdocs puts every page in the navigation).  Writing
its Markdown is not timed: a naive site would keep those pages as its sources.

Every build runs in a fresh interpreter, so that peak RSS (``ru_maxrss`` of that
process) and module caches do not leak between runs.  "build" is load_config
plus mkdocs' build inside the process; "wall" is the whole process, Python
start-up and imports included, which is what a user waits for.

Targets: 1,000 models in under 10 s end to end with search on, at least 3x
faster than the baseline, and linear growth up to 5,000 models.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from validate_score import make_project  # noqa: E402

# Each build runs in a fresh interpreter started with ``python -c``; the child
# prints one JSON line (its last line of output) with what it measured.
OURS_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from pathlib import Path
from collector.sitebuild import build
result = build(Path(sys.argv[1]), site_dir=Path(sys.argv[2]), strict=False)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"build": result.seconds, "process": time.perf_counter() - started, "error": result.error,
                  "rss_kib": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}))
"""

BASELINE_CHILD = """
import json, logging, resource, sys, time
started = time.perf_counter()
logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
begin = time.perf_counter()
error = None
try:
    build(load_config(config_file=sys.argv[1], site_dir=sys.argv[2], strict=False))
except MkDocsException as exc:
    error = str(exc)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"build": time.perf_counter() - begin, "process": time.perf_counter() - started, "error": error,
                  "rss_kib": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}))
"""

PROFILE_CHILD = """
import cProfile, pstats, sys
from pathlib import Path
from collector.sitebuild import build
profiler = cProfile.Profile()
profiler.enable()
result = build(Path(sys.argv[1]), site_dir=Path(sys.argv[2]), strict=False)
profiler.disable()
print(f"build {result.seconds:.2f} s (under cProfile), error: {result.error}")
stats = pstats.Stats(profiler).strip_dirs()
stats.sort_stats("cumulative").print_stats(25)
stats.sort_stats("tottime").print_stats(15)
"""

BASELINE_MKDOCS_YML = """\
site_name: Naive baseline
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - tables
"""


@dataclass(frozen=True)
class Run:
    variant: str
    count: int
    build: float  # load_config + mkdocs build, inside the child
    wall: float  # the whole child process, interpreter start-up included
    cpu: float  # user + system CPU seconds of the child: less sensitive than wall to a busy machine
    rss_mib: float
    output_mib: float
    files: int
    model_pages: int
    warnings: int
    error: str | None

    def line(self) -> str:
        problems = f"  {self.warnings} warning line(s)" if self.warnings else ""
        if self.error:
            problems += f"  ERROR: {self.error[:200]}"
        return (
            f"N={self.count:>5}  {self.variant:<8}  build {self.build:7.2f} s  wall {self.wall:7.2f} s  "
            f"cpu {self.cpu:7.2f} s  "
            f"{self.build / self.count * 1000:7.2f} ms/model  peak RSS {self.rss_mib:6.0f} MiB  "
            f"output {self.output_mib:8.1f} MB in {self.files:>6} files ({self.model_pages} model pages){problems}"
        )


# ------------------------------------------------------------------ projects


def make_ours(folder: Path, count: int) -> Path:
    make_project(folder, count)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "site", folder / "site")
    return folder


def make_baseline(folder: Path, ours: Path) -> Path:
    """The same models as plain Markdown, read from the scorecards that ``ours`` builds from."""
    rubric = _load_yaml(ours / "rubrics/transparency/1.0.yaml")
    names = {i["id"]: i["name"] for i in rubric["indicators"]}
    models = folder / "docs" / "models"
    models.mkdir(parents=True)
    index = [
        "# Models",
        "",
        "| Model | Developer | Access | Indicators | Disclosed |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path in sorted((ours / "scorecards").rglob("*.yaml")):
        card = _load_yaml(path)
        subject = card["subject"]
        assessment = card["assessments"][0]
        claims = assessment["indicators"]
        disclosed = sum(c["status"] == "disclosed" for c in claims.values())
        lines = [
            f"# {subject['name']}",
            "",
            f"{subject['name']}, by {subject['developer']} ({subject['access']}, "
            f"{', '.join(subject['modalities'])}), released {subject['release_date']}. "
            f"Assessed on {assessment['date']} against the {assessment['rubric']} rubric "
            f"{assessment['rubric_version']}: {len(claims)} indicators, {disclosed} disclosed.",
            "",
            "| Indicator | Status | Quote | Source | Retrieved | Provenance |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for indicator_id, claim in claims.items():
            evidence = claim.get("evidence") or []
            provenance = claim.get("provenance") or {}
            lines.append(
                "| "
                + " | ".join(
                    [
                        _cell(names.get(indicator_id, indicator_id)),
                        claim["status"],
                        "<br>".join(_cell(f"“{e['quote']}”") for e in evidence),
                        "<br>".join(f"<{e['url']}>" for e in evidence),
                        "<br>".join(str(e["retrieved"]) for e in evidence),
                        _cell(f"{provenance.get('source', '')} ({provenance.get('by', '')})"),
                    ]
                )
                + " |"
            )
        (models / f"{subject['id']}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        index.append(
            f"| [{_cell(subject['name'])}](models/{subject['id']}.md) | {_cell(subject['developer'])} "
            f"| {subject['access']} | {len(claims)} | {disclosed} |"
        )
    (folder / "docs" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(BASELINE_MKDOCS_YML, encoding="utf-8")
    return folder


def _load_yaml(path: Path) -> Any:
    """Safe loading, with libyaml when present: generating the baseline is not what we time."""
    text = path.read_text(encoding="utf-8")
    if hasattr(yaml, "CSafeLoader"):
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


# ------------------------------------------------------------------ runs


def run_build(variant: str, count: int, project: Path, out: Path) -> Run:
    if variant == "ours":
        argv = [sys.executable, "-c", OURS_CHILD, str(project), str(out)]
    else:
        argv = [sys.executable, "-c", BASELINE_CHILD, str(project / "mkdocs.yml"), str(out)]
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)  # noqa: S603 (our own code)
    wall = time.perf_counter() - started
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{variant} build for N={count} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    measured = json.loads(lines[-1])
    files = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    model_pages = len(list((out / "models").glob("*/index.html"))) if out.exists() else 0
    run = Run(
        variant=variant,
        count=count,
        build=measured["build"],
        wall=wall,
        cpu=measured["cpu"],
        rss_mib=measured["rss_kib"] / 1024,
        output_mib=sum(p.stat().st_size for p in files) / 1e6,
        files=len(files),
        model_pages=model_pages,
        warnings=sum(line.startswith("WARNING") for line in proc.stderr.splitlines()),
        error=measured["error"],
    )
    shutil.rmtree(out, ignore_errors=True)  # the baseline's output runs to gigabytes at 5,000 models
    return run


def summary(count: int, ours: Run, baseline: Run | None, previous: Run | None) -> str:
    parts = [f"N={count:>5}  summary"]
    if baseline is not None:
        ratio = baseline.build / ours.build
        parts.append(
            f"baseline/ours build {ratio:.2f}x, wall {baseline.wall / ours.wall:.2f}x, "
            f"peak RSS {baseline.rss_mib / ours.rss_mib:.2f}x, output {baseline.output_mib / ours.output_mib:.2f}x "
            f"({'meets' if ratio >= 3 else 'MISSES'} >=3x)"
        )
    else:
        parts.append("baseline skipped (--skip-baseline-above)")
    if previous is not None:
        growth = (ours.build / count) / (previous.build / previous.count)
        marginal = (ours.build - previous.build) / (count - previous.count) * 1000
        parts.append(
            f"ours per-model growth {previous.count}->{count}: {growth:.2f}x "
            f"(marginal {marginal:.2f} ms per added model)"
        )
    if count == 1000:
        parts.append(f"ours 1000 models end to end {ours.wall:.2f} s ({'meets' if ours.wall < 10 else 'MISSES'} <10 s)")
    return "  |  ".join(parts)


def measure(count: int, skip_baseline_above: int, previous: Run | None) -> Run:
    with tempfile.TemporaryDirectory(prefix=f"build-site-{count}-") as tmp:
        ours_dir = make_ours(Path(tmp) / "ours", count)
        ours = run_build("ours", count, ours_dir, Path(tmp) / "ours-out")
        print(ours.line(), flush=True)
        baseline = None
        if count <= skip_baseline_above:
            baseline_dir = make_baseline(Path(tmp) / "baseline", ours_dir)
            baseline = run_build("baseline", count, baseline_dir, Path(tmp) / "baseline-out")
            print(baseline.line(), flush=True)
        else:
            print(f"N={count:>5}  baseline  skipped: N > --skip-baseline-above {skip_baseline_above}", flush=True)
        print(summary(count, ours, baseline, previous), flush=True)
    return ours


def profile(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix=f"build-site-profile-{count}-") as tmp:
        project = make_ours(Path(tmp) / "ours", count)
        argv = [sys.executable, "-c", PROFILE_CHILD, str(project), str(Path(tmp) / "out")]
        proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)  # noqa: S603 (our own code)
        print(proc.stdout)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr[-3000:])


def header() -> str:
    from importlib.metadata import version

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"Python {sys.version.split()[0]}, mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}, "
        f"{os.cpu_count()} CPUs, load average {load} (other work on the machine inflates build and wall, "
        "less so cpu)"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=[100, 1000, 5000], help="numbers of models")
    parser.add_argument("--skip-baseline-above", type=int, default=5000, metavar="N",
                        help="skip the baseline for more than N models (it grows quadratically)")  # fmt: skip
    parser.add_argument("--profile", type=int, metavar="N", help="instead, cProfile one build of ours for N models")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return
    print(header(), flush=True)
    previous = None
    for count in args.counts:
        previous = measure(count, args.skip_baseline_above, previous)


if __name__ == "__main__":
    main(sys.argv[1:])
