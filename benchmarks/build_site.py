"""Benchmark: build the report site for N models made from real scorecards, against a naive mkdocs-material site.

Usage:  python benchmarks/build_site.py [N ...] [--baseline-up-to N] [--profile N] [--smoke]
        (default: 1000 5000 25000; --smoke: 20 models, no baseline, well under a minute)

Ours: the real project built with ``collector.sitebuild.build`` and the search plugin on, as
``scorecards build`` does (load, validate, score and render through the ``scorecards`` plugin).  Its N
models are made by ``real_project.make_project`` from the shipped scorecards: every file of scorecards/,
then copies of them under new ids, names, Hub repositories and files (``<id>-copy-<k>``), so the models
carry real claims, real quotes pointing at the real archived files (archive/ is copied once), real
imported assessments; rubrics/, developers.yaml, moved.yaml, imports/, sources/, mkdocs.yml and site/
come with them.  The project validates without problems, so no build measures error paths.

Baseline, in the same run on the same machine: the same N models written as plain Markdown pages (a
heading, a short paragraph and, per assessment, a table with one row per assessed indicator: indicator,
status, quote, source URL, retrieved date, provenance), plus an index page with a table of all models,
built by plain mkdocs-material with the search plugin, ``font: false``, no ``scorecards`` plugin and no
``nav`` (so mkdocs puts every page in the navigation: it grows quadratically, hence built only up to
``--baseline-up-to`` models, 1,000 by default).  Writing its Markdown is not timed: a naive site would
keep those pages as its sources.

Every build runs in a fresh interpreter, so that peak RSS (``ru_maxrss`` of that process) and module
caches do not leak between runs.  "build" is what ``build`` reports inside the process; "wall" is the
whole process, Python start-up and imports included, which is what a user waits for; "cpu" is the
process's user + system time (less sensitive than wall to a busy machine).  Output: raw bytes of every
file, and gzip bytes = the sum over files of each file gzipped alone at level 6 (what a server that
compresses each response sends); bytes per model divide both by N.  MB and GB are 10^6 and 10^9 bytes,
MiB 2^20.  "growth" is the build's time per model at this size over that at the previous size (1.00 is
linear); it is called linear up to 1.25.

Targets (issue 16): 1,000 models in under 10 s wall with search on, at least 5x faster than the
baseline in the same run; linear growth to 5,000 and 25,000 models; peak RSS <= 500 MB at 5,000;
output <= 30 KB per model, so that 25,000 models stay under GitHub Pages' 1 GB.
"""

from __future__ import annotations

import argparse
import gzip
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

from real_project import Template, load_templates, make_project  # noqa: E402

DEFAULT_COUNTS = [1000, 5000, 25000]
SMOKE_COUNT = 20
GZIP_LEVEL = 6
# The targets of issue 16 (see the docstring)
TARGET_WALL_1000 = 10.0  # seconds
TARGET_RATIO = 5.0
TARGET_GROWTH = 1.25
TARGET_RSS_5000 = 500e6  # bytes
TARGET_PER_MODEL = 30e3  # bytes
TARGET_TOTAL = 1e9  # bytes, GitHub Pages' published-site limit

# Each build runs in a fresh interpreter started with ``python -c``; the child
# prints one JSON line (its last line of output) with what it measured.
OURS_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from pathlib import Path
from collector.sitebuild import build
result = build(Path(sys.argv[1]), site_dir=Path(sys.argv[2]), strict=False)
usage = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the processes that write pages, forked by the build
print(json.dumps({"build": result.seconds, "process": time.perf_counter() - started, "error": result.error,
                  "rss_kib": usage.ru_maxrss, "worker_rss_kib": workers.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime + workers.ru_utime + workers.ru_stime}))
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
print("== by cumulative time ==")
stats.sort_stats("cumulative").print_stats(30)
print("== by own time ==")
stats.sort_stats("tottime").print_stats(20)
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
    build: float  # what the build reports, inside the child
    wall: float  # the whole child process, interpreter start-up included
    cpu: float  # user + system CPU seconds of the child and its workers: less sensitive than wall to a busy machine
    rss_bytes: int  # peak of the build's main process
    worker_rss_bytes: int  # peak of the largest worker it forked (0 if none): they share most pages with it
    output_bytes: int
    gzip_bytes: int  # each file gzipped alone at GZIP_LEVEL, summed
    files: int
    model_pages: int
    warnings: int
    first_warning: str  # the first WARNING line of the build's output, to see what it is about
    error: str | None

    def line(self) -> str:
        problems = f"  {self.warnings} warning line(s), the first: {self.first_warning[:200]}" if self.warnings else ""
        if self.error:
            problems += f"  ERROR: {self.error[:200]}"
        return (
            f"N={self.count:>5}  {self.variant:<8}  build {self.build:7.2f} s  wall {self.wall:7.2f} s  "
            f"cpu {self.cpu:7.2f} s  {self.build / self.count * 1000:7.2f} ms/model  "
            f"peak RSS {self.rss_bytes / 2**20:6.0f} MiB (workers {self.worker_rss_bytes / 2**20:4.0f})  "
            f"output {self.output_bytes / 1e6:8.1f} MB raw, "
            f"{self.gzip_bytes / 1e6:7.1f} MB gzip in {self.files:>6} files ({self.model_pages} model pages), "
            f"{self.output_bytes / self.count / 1e3:6.1f} KB/model raw, {self.gzip_bytes / self.count / 1e3:5.1f} "
            f"KB/model gzip{problems}"
        )


# ------------------------------------------------------------------ projects


def make_ours(folder: Path, count: int, templates: list[Template] | None = None) -> Path:
    return make_project(folder, count, templates=templates)


def make_baseline(folder: Path, ours: Path) -> Path:
    """The same models as plain Markdown, read from the scorecards that ``ours`` builds from."""
    names = _indicator_names(ours / "rubrics")
    models = folder / "docs" / "models"
    models.mkdir(parents=True)
    index = ["# Models", "", "| Model | Developer | Access | Assessments | Indicators | Disclosed |"]
    index.append("| --- | --- | --- | --- | --- | --- |")
    for path in sorted((ours / "scorecards").rglob("*.yaml")):
        card = _load_yaml(path)
        subject = card["subject"]
        lines, claims, disclosed = _baseline_page(card, names)
        (models / f"{subject['id']}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        index.append(
            f"| [{_cell(subject['name'])}](models/{subject['id']}.md) | {_cell(subject['developer'])} "
            f"| {subject.get('access', '')} | {len(card['assessments'])} | {claims} | {disclosed} |"
        )
    (folder / "docs" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(BASELINE_MKDOCS_YML, encoding="utf-8")
    return folder


def _indicator_names(rubrics: Path) -> dict[tuple[str, str, str], str]:
    """(rubric, version, indicator id) -> indicator name, for every rubric file."""
    names = {}
    for path in rubrics.glob("*/*.yaml"):
        rubric = _load_yaml(path)
        for indicator in rubric.get("indicators") or []:
            names[(str(rubric["id"]), str(rubric["version"]), indicator["id"])] = indicator["name"]
    return names


def _baseline_page(card: dict[str, Any], names: dict[tuple[str, str, str], str]) -> tuple[list[str], int, int]:
    subject = card["subject"]
    about = ", ".join(str(x) for x in [subject.get("access"), *subject.get("modalities", [])] if x)
    lines = [
        f"# {subject['name']}",
        "",
        f"{subject['name']}, by {subject['developer']}"
        + (f" ({about})" if about else "")
        + (f", released {subject['release_date']}" if subject.get("release_date") else "")
        + ".",
    ]
    claims = disclosed = 0
    for assessment in card["assessments"]:
        indicators = assessment.get("indicators") or {}
        here = sum(c["status"] == "disclosed" for c in indicators.values())
        claims, disclosed = claims + len(indicators), disclosed + here
        rubric, version = str(assessment["rubric"]), str(assessment["rubric_version"])
        lines += [
            "",
            f"## {rubric} {version}, {assessment['date']}",
            "",
            f"Assessed on {assessment['date']} against the {rubric} rubric {version}: "
            f"{len(indicators)} indicators, {here} disclosed.",
            "",
            "| Indicator | Status | Quote | Source | Retrieved | Provenance |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for indicator_id, claim in indicators.items():
            evidence = claim.get("evidence") or []
            provenance = claim.get("provenance") or {}
            cells = [
                _cell(names.get((rubric, version, indicator_id), indicator_id)),
                claim["status"],
                "<br>".join(_cell(f"“{e['quote']}”") for e in evidence),
                "<br>".join(f"<{e['url']}>" for e in evidence),
                "<br>".join(str(e["retrieved"]) for e in evidence),
                _cell(f"{provenance.get('source', '')} ({provenance.get('by', '')})"),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines, claims, disclosed


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
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("WARNING")]
    raw, compressed, files = output_size(out)
    run = Run(
        variant=variant,
        count=count,
        build=measured["build"],
        wall=wall,
        cpu=measured["cpu"],
        rss_bytes=measured["rss_kib"] * 1024,
        worker_rss_bytes=measured.get("worker_rss_kib", 0) * 1024,
        output_bytes=raw,
        gzip_bytes=compressed,
        files=files,
        model_pages=len(list((out / "models").glob("*/index.html"))) if out.exists() else 0,
        warnings=len(warnings),
        first_warning=warnings[0] if warnings else "",
        error=measured["error"],
    )
    shutil.rmtree(out, ignore_errors=True)  # the baseline's output runs to gigabytes at 5,000 models
    return run


def output_size(out: Path) -> tuple[int, int, int]:
    """Raw bytes, gzip bytes (each file alone, level GZIP_LEVEL) and number of files under ``out``."""
    raw = compressed = files = 0
    for path in out.rglob("*") if out.exists() else []:
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            compressed += len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
            files += 1
    return raw, compressed, files


def _meets(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def summary(count: int, ours: Run, baseline: Run | None, previous: Run | None) -> str:
    parts = [f"N={count:>5}  summary"]
    if baseline is not None:
        ratio = baseline.build / ours.build
        parts.append(
            f"baseline/ours build {ratio:.2f}x, wall {baseline.wall / ours.wall:.2f}x, "
            f"cpu {baseline.cpu / ours.cpu:.2f}x, peak RSS {baseline.rss_bytes / ours.rss_bytes:.2f}x, "
            f"output {baseline.output_bytes / ours.output_bytes:.2f}x ({_meets(ratio >= TARGET_RATIO)} "
            f">={TARGET_RATIO:g}x)"
        )
    else:
        parts.append("baseline not built (above --baseline-up-to)")
    if previous is not None:
        growth = (ours.build / count) / (previous.build / previous.count)
        marginal = (ours.build - previous.build) / (count - previous.count) * 1000
        bytes_growth = (ours.output_bytes / count) / (previous.output_bytes / previous.count)
        parts.append(
            f"per-model growth {previous.count}->{count}: build {growth:.2f}x, "
            f"cpu {(ours.cpu / count) / (previous.cpu / previous.count):.2f}x, output {bytes_growth:.2f}x "
            f"(marginal {marginal:.2f} ms per added model; {'linear' if growth <= TARGET_GROWTH else 'SUPERLINEAR'})"
        )
    per_model = ours.output_bytes / count
    parts.append(f"{per_model / 1e3:.1f} KB/model ({_meets(per_model <= TARGET_PER_MODEL)} <=30 KB)")
    if count == 1000:
        parts.append(f"1000 models end to end {ours.wall:.2f} s ({_meets(ours.wall < TARGET_WALL_1000)} <10 s)")
    if count == 5000:
        parts.append(f"peak RSS {ours.rss_bytes / 1e6:.0f} MB ({_meets(ours.rss_bytes <= TARGET_RSS_5000)} <=500 MB)")
    if count == 25000:
        parts.append(f"output {ours.output_bytes / 1e9:.2f} GB ({_meets(ours.output_bytes < TARGET_TOTAL)} <1 GB)")
    return "  |  ".join(parts)


def measure(count: int, baseline_up_to: int, previous: Run | None, templates: list[Template]) -> Run:
    with tempfile.TemporaryDirectory(prefix=f"build-site-{count}-") as tmp:
        ours_dir = make_ours(Path(tmp) / "ours", count, templates)
        ours = run_build("ours", count, ours_dir, Path(tmp) / "ours-out")
        print(ours.line(), flush=True)
        baseline = None
        if count <= baseline_up_to:
            baseline_dir = make_baseline(Path(tmp) / "baseline", ours_dir)
            baseline = run_build("baseline", count, baseline_dir, Path(tmp) / "baseline-out")
            print(baseline.line(), flush=True)
        else:
            print(f"N={count:>5}  baseline  not built: N > --baseline-up-to {baseline_up_to}", flush=True)
        print(summary(count, ours, baseline, previous), flush=True)
    return ours


def profile(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix=f"build-site-profile-{count}-") as tmp:
        project = make_ours(Path(tmp) / "ours", count)
        # One process, so that the profile sees the pages' rendering too (workers are other processes).
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("  - scorecards\n", "  - scorecards:\n      workers: 1\n", 1))
        argv = [sys.executable, "-c", PROFILE_CHILD, str(project), str(Path(tmp) / "out")]
        proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)  # noqa: S603 (our own code)
        print(proc.stdout)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr[-3000:])


def header(templates: list[Template]) -> str:
    from importlib.metadata import version

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"Python {sys.version.split()[0]}, mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}, "
        f"{os.cpu_count()} CPUs, load average {load} (other work on the machine inflates build and wall, "
        f"less so cpu); models made from {len(templates)} shipped scorecards; gzip = each file alone at level "
        f"{GZIP_LEVEL}, summed"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("counts", nargs="*", type=int, help="numbers of models (default: 1000 5000 25000)")
    parser.add_argument(
        "--baseline-up-to",
        "--skip-baseline-above",
        type=int,
        default=1000,
        metavar="N",
        help="build the baseline only up to N models (it grows quadratically; default 1000)",
    )
    parser.add_argument("--smoke", action="store_true", help=f"{SMOKE_COUNT} models, no baseline: a quick check")
    parser.add_argument("--profile", type=int, metavar="N", help="instead, cProfile one build of ours for N models")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return
    counts = args.counts or ([SMOKE_COUNT] if args.smoke else DEFAULT_COUNTS)
    baseline_up_to = 0 if args.smoke else args.baseline_up_to
    templates = load_templates()
    print(header(templates), flush=True)
    previous = None
    for count in counts:
        previous = measure(count, baseline_up_to, previous, templates)


if __name__ == "__main__":
    main(sys.argv[1:])
