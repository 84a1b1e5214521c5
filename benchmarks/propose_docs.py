"""Benchmark: writing the document collector's proposals, once per scorecard against once per (document, model).

Usage:  python benchmarks/propose_docs.py [--documents N] [--models M]

A copy of the shipped project; N documents each propose a lead on every one of 10 indicators for the same M
models (the weekly job's worst case: a developer's many documents each covering all its models). Printed: the
time to write them as the collector does now (each scorecard read, validated and written once with every
document's proposals) and, as the baseline in the same process, one write per document and model (how it was
done before), with the ratio. The two must leave the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from collector.store import propose_claims  # noqa: E402

TODAY = dt.date(2026, 12, 3)
INDICATORS = [
    "compute-usage", "energy-emissions", "training-hardware", "data-cutoff-date", "training-data-size",
    "red-teaming", "bias-evaluation", "feedback-channel", "acceptable-use-policy", "release-date",
]  # fmt: skip


def proposals(document: int) -> dict[str, dict[str, Any]]:
    # Later documents win an indicator in both ways of writing: the same final text.
    return {
        indicator: {
            "evidence": [
                {
                    "url": f"https://example.com/doc-{document}",
                    "quote": f"document {document} on {indicator}",
                    "retrieved": TODAY,
                }
            ],
            "note": "Unreviewed keyword suggestion.",
        }
        for indicator in INDICATORS
    }


def copy_cards(target: Path, count: int) -> list[Path]:
    cards = sorted(p for p in (REPO / "scorecards").rglob("*.yaml") if "rubric: transparency" in p.read_text())
    target.mkdir(parents=True)
    copies = []
    for card in cards[:count]:
        copy = target / card.name
        shutil.copy(card, copy)
        copies.append(copy)
    return copies


def write(paths: list[Path], batches: list[dict[str, dict[str, Any]]]) -> None:
    for path in paths:
        for batch in batches:
            propose_claims(
                path, rubric_id="transparency", rubric_version="2.0", proposals=batch, collector="vendor-docs",
                today=TODAY,
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--models", type=int, default=7)
    args = parser.parse_args()
    per_document = [proposals(d) for d in range(args.documents)]
    merged: dict[str, dict[str, Any]] = {}
    for batch in per_document:
        merged.update(batch)
    with tempfile.TemporaryDirectory() as folder:
        now_paths = copy_cards(Path(folder) / "now", args.models)
        before_paths = copy_cards(Path(folder) / "before", args.models)
        started = time.perf_counter()
        write(now_paths, [merged])
        now = time.perf_counter() - started
        started = time.perf_counter()
        write(before_paths, per_document)
        before = time.perf_counter() - started
        same = all(a.read_bytes() == b.read_bytes() for a, b in zip(now_paths, before_paths, strict=True))
    print(f"{args.documents} documents x {args.models} models, {len(INDICATORS)} indicators each")
    print(f"  once per scorecard (now):            {now:7.2f} s")
    print(f"  once per document and model (before): {before:7.2f} s")
    print(f"  ratio: {before / now:.1f}x faster; same files written: {same}")


if __name__ == "__main__":
    main()
