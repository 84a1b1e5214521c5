"""Benchmark: load + validate + score N synthetic scorecards.

Usage:  python benchmarks/validate_score.py [N ...] [--rounds 3]     (default: 1000 10000)

Each synthetic scorecard assesses 40 of the 80 indicators of the real rubric,
with one or two evidence items whose quotes point at a shared archived page,
so every stage runs: safe YAML parsing, pydantic validation, cross-file checks
(rubric, duplicates, archived quotes) and scoring.  As a baseline in the same
run, the same files are parsed with PyYAML's pure-Python safe loader alone
(what a naive loader would do before any validation), and with LibYAML's safe
loader followed by pydantic (a naive loader with no positions, limits or
cross-file checks).  Each stage is printed in ms per scorecard: parse (safe
YAML reading), validate (pydantic), checks (the checks against rubrics, the
archive and other files, run again on the loaded dataset) and score; then
load_dataset as a whole (which runs the first three) plus score, the figure
the issue's target is about.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml

from collector import checks, claim_checks, identity_checks, quote_checks
from collector.dataset import Dataset, load_dataset
from collector.problems import Problem
from collector.schema import Scorecard
from collector.yamlsource import read_yaml

REPO = Path(__file__).resolve().parent.parent
STATUSES = ["disclosed", "partial", "not-disclosed", "not-assessed"]
SENTENCES = [
    "The model was trained on a mixture of publicly available web data, code and licensed books.",
    "We evaluated the model on standard academic benchmarks and report the results below.",
    "Red-teaming was carried out by internal and external experts before release.",
    "The model may produce inaccurate or biased outputs and should not be used for medical advice.",
]


def make_project(folder: Path, count: int, seed: int = 1) -> None:
    shutil.copytree(REPO / "rubrics", folder / "rubrics")
    archive = folder / "archive" / "example.com"
    archive.mkdir(parents=True)
    (archive / "card.md").write_text("\n\n".join(SENTENCES * 3), encoding="utf-8")
    indicator_ids = [
        i["id"] for i in yaml.safe_load((REPO / "rubrics/transparency/1.0.yaml").read_text())["indicators"]
    ]
    rng = random.Random(seed)
    for n in range(count):
        developer = f"dev-{n % 200}"
        target = folder / "scorecards" / developer / f"model-{n}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_scorecard(n, developer, rng.sample(indicator_ids, 40), rng), encoding="utf-8")


def _scorecard(n: int, developer: str, indicators: list[str], rng: random.Random) -> str:
    lines = [
        "schema_version: 1",
        "subject:",
        f"  id: model-{n}",
        f"  name: Model {n}",
        f"  developer: Developer {developer}",
        "  access: open-weights",
        "  modalities: [text]",
        "  release_date: 2025-03-01",
        "  links:",
        f"    huggingface: {developer}/model-{n}",
        "assessments:",
        "  - rubric: transparency",
        '    rubric_version: "1.0"',
        "    date: 2026-01-15",
        "    indicators:",
    ]
    for indicator in indicators:
        status = rng.choice(STATUSES)
        lines += [f"      {indicator}:", f"        status: {status}"]
        if status in {"disclosed", "partial"}:
            lines.append("        evidence:")
            for _ in range(rng.randint(1, 2)):
                lines += [
                    f"          - url: https://example.com/{developer}/model-{n}",
                    f'            quote: "{rng.choice(SENTENCES)}"',
                    "            retrieved: 2026-01-10",
                    "            archive: example.com/card.md",
                    "            locator: Model card",
                ]
        elif status == "not-disclosed":
            lines += [
                "        searched:",
                f"          - url: https://example.com/{developer}/model-{n}",
                "            archive: example.com/card.md",
            ]
        lines += ["        provenance:", "          source: collector", "          by: huggingface"]
    return "\n".join(lines) + "\n"


T = TypeVar("T")
BASELINE_SAMPLE = 200  # the naive loaders are slow: timed on this many files, reported per scorecard


def _per_card(seconds: float, count: int) -> float:
    return seconds / count * 1000


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _rss_mb() -> float:
    """Resident memory now (Linux), to tell what the loaded dataset holds."""
    resident_pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return resident_pages * resource.getpagesize() / 1024**2


def _stages(folder: Path, files: list[Path]) -> dict[str, float]:
    """One round: each of our stages on every file, then the real thing, in seconds."""
    # Our stages one by one (as load_dataset runs them, with the cyclic collector paused).
    gc.disable()
    parse, documents = _timed(lambda: [read_yaml(p) for p in files])
    validate, _ = _timed(lambda: [Scorecard.model_validate(d.data) for d in documents])
    documents.clear()
    gc.enable()
    gc.collect()
    # The real thing: load_dataset (parse, validate, every check), then scoring.
    before = _rss_mb()
    load, dataset = _timed(lambda: load_dataset(folder))
    held = _rss_mb() - before
    score, scores = _timed(dataset.scores)
    assert not dataset.problems, dataset.problems[:3]
    assert len(scores) == len(files)
    checks, _ = _timed(lambda: _checks(dataset))
    return {"parse": parse, "validate": validate, "checks": checks, "load": load, "score": score, "held": held}


def _checks(dataset: Dataset) -> list[Problem]:
    """The checks load_dataset runs on valid scorecards (against rubrics, archive and each other), again."""
    today = dt.date(2026, 2, 1)
    archive = quote_checks.ArchiveIndex(dataset.paths.archive)
    problems: list[Problem] = []
    for loaded in dataset.scorecards:
        problems += checks.check_scorecard(loaded, dataset.rubrics, today)
        problems += claim_checks.check_claims(loaded, dataset.rubrics)
        problems += quote_checks.check_archived_quotes(loaded, archive)
        problems += identity_checks.check_joins(loaded, set())
        problems += identity_checks.check_hub_link_name(loaded)
    problems += checks.check_unique_subjects(dataset.scorecards)
    problems += identity_checks.check_same_names(dataset.scorecards, dataset.paths.scorecards)
    return problems


def measure(count: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_project(folder, count)
        files = sorted((folder / "scorecards").rglob("*.yaml"))
        size = sum(f.stat().st_size for f in files)
        sample = files[:BASELINE_SAMPLE]

        # Naive baselines, in the same run: PyYAML's pure-Python safe loader alone (what a naive
        # loader does before any validation, once: it is slow), and LibYAML's safe loader followed
        # by pydantic (each round, between ours, so that both see the same load of the machine).
        pure, _ = _timed(lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.SafeLoader) for p in sample])
        naive_rounds, our_rounds = [], []
        for _ in range(rounds):
            naive, _ = _timed(
                lambda: [
                    Scorecard.model_validate(yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
                    for p in sample
                ]
            )
            naive_rounds.append(naive)
            our_rounds.append(_stages(folder, files))

    # The best round of each: the machine is shared, and what others run only ever adds time.
    best = {stage: min(r[stage] for r in our_rounds) for stage in ("parse", "validate", "checks", "load", "score")}
    ours = _per_card(best["load"] + best["score"], count)
    pure_each = _per_card(pure, len(sample))
    naive_each = _per_card(min(naive_rounds), len(sample))
    held = our_rounds[0]["held"]
    print(
        f"N={count:>6}  files {size / count / 1024:.1f} KiB each  |  ms per scorecard (best of {rounds}): "
        f"parse {_per_card(best['parse'], count):.3f}  validate {_per_card(best['validate'], count):.3f}  "
        f"checks {_per_card(best['checks'], count):.3f}  score {_per_card(best['score'], count):.3f}  |  "
        f"load_dataset (all of the first three) + score = {ours:.3f}"
    )
    print(
        f"          baselines (same run, {len(sample)} files): yaml.safe_load pure-Python {pure_each:.3f} ms "
        f"(ours is {pure_each / ours:.1f}x faster)  |  CSafeLoader + model_validate, no checks "
        f"{naive_each:.3f} ms (ratio ours/naive {ours / naive_each:.2f})  |  "
        f"dataset held {held:.0f} MB ({held * 1024 / count:.1f} KiB per scorecard), "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000], help="scorecards per run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per size; the best of each stage is shown")
    args = parser.parse_args(argv)
    for count in args.counts:
        measure(count, args.rounds)


if __name__ == "__main__":
    main(sys.argv[1:])
