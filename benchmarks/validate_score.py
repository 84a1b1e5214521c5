"""Benchmark: load + validate + score N synthetic scorecards.

Usage:  python benchmarks/validate_score.py [N ...]      (default: 1000 10000)

Each synthetic scorecard assesses 40 of the 80 indicators of the real rubric,
with one or two evidence items whose quotes point at a shared archived page,
so every stage runs: safe YAML parsing, pydantic validation, cross-file checks
(rubric, duplicates, archived quotes) and scoring.  As a baseline in the same
run, the same files are parsed with PyYAML's pure-Python safe loader alone,
which is what a naive loader would do before any validation.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

from collector.dataset import load_dataset

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


def measure(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_project(folder, count)
        files = sorted((folder / "scorecards").rglob("*.yaml"))
        size = sum(f.stat().st_size for f in files)

        start = time.perf_counter()
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        dataset = load_dataset(folder)
        scores = dataset.scores()
        ours = time.perf_counter() - start

    assert not dataset.problems, dataset.problems[:3]
    assert len(scores) == count
    print(
        f"N={count:>6}  files {size / count / 1024:.1f} KiB each  "
        f"load+validate+score {ours:6.2f} s = {ours / count * 1000:.3f} ms/scorecard  |  "
        f"baseline yaml.safe_load only {baseline / count * 1000:.3f} ms/scorecard  |  "
        f"ratio ours/baseline {ours / baseline:.2f}"
    )


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [1000, 10000]
    for count in counts:
        measure(count)


if __name__ == "__main__":
    main(sys.argv[1:])
