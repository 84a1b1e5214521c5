"""Benchmark: a full Hub collection over the 25,103 real cards of the 2023 corpus.

Usage:  python benchmarks/collect_hub.py [--limit N] [--corpus PATH] [--validate]

The cards (tests/fixtures/hf/corpus-model-cards-2023.tgz) are served by the
local replay Hub (tests/hub_replay.py) running in a separate process, so the
collector and the server do not share one interpreter.  One scorecard is
scaffolded per card (tests/hub_corpus.py, shared with the corpus test); then
the collector runs twice: a first run, and a re-run with nothing changed.
Printed: cards per second, Hub requests per card (first run and re-run,
counted by the server), CPU time against wall time (parsing bound or waiting
bound), peak memory of the collector process, and the share of cards whose
metadata parsed without error, with every other outcome named.

With --validate, the tree the first run wrote is validated as `scorecards
validate` does (quotes checked against the archived cards): printed are the
time and scorecards per second, and the files with errors by kind of message.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from collector import clock  # noqa: E402
from collector.hf.hub import HubClient  # noqa: E402
from collector.hf.project import collect_hub  # noqa: E402
from tests.hub_corpus import CORPUS, ReplayHubProcess, make_project, unpack, validate_tree  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N cards")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--validate", action="store_true", help="validate the tree after the first run")
    args = parser.parse_args()
    today = clock.today()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "cards").mkdir()
        cards = unpack(args.corpus, folder / "cards", args.limit)
        root = folder / "project"
        make_project(root, list(cards), today)
        print(f"{len(cards):,} cards, one scorecard each")

        with ReplayHubProcess(cards) as hub:
            client = HubClient(endpoint=hub.url, token=False, timeout=30.0)
            for number, label in enumerate(("first run", "re-run, nothing changed")):
                before = hub.requests()
                wall, cpu = time.perf_counter(), time.process_time()
                run = collect_hub(root, client=client, workers=args.workers, today=today)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                used = hub.requests() - before
                statuses = Counter(r.status.value for r in run.results)
                fetched = [r for r in run.results if r.status.value in {"updated", "unchanged"} and r.claims >= 0]
                parsed = sum(1 for r in fetched if r.parse_error is None) if run.summary.cards_fetched else 0
                print(
                    f"{label}: {wall:7.1f} s wall, {cpu:7.1f} s CPU ({cpu / wall:.0%} busy), "
                    f"{len(cards) / wall:7.1f} cards/s, {used:,} Hub requests = {used / len(cards):.4f} per card, "
                    f"{run.summary.cards_fetched:,} cards downloaded"
                )
                print(f"    outcomes: {dict(sorted(statuses.items()))}")
                reasons = Counter(r.message.split(":")[0][:90] for r in run.results if r.status.value == "failed")
                for reason, count in reasons.most_common(5):
                    print(f"    failed x{count}: {reason}")
                dropped = sum(1 for r in run.results for n in r.notes if n.startswith("dropped"))
                if dropped:
                    print(f"    claims dropped by the collector's own check before writing: {dropped:,}")
                if run.summary.cards_fetched:
                    print(
                        f"    card metadata parsed without error: {parsed:,} of {len(fetched):,} "
                        f"({parsed / max(len(fetched), 1):.2%}); the rest were read as prose only, with the "
                        "reason reported per card"
                    )
                if args.validate and number == 0:
                    wall = time.perf_counter()
                    checked = validate_tree(root, today)
                    wall = time.perf_counter() - wall
                    print(
                        f"validation of the tree (quotes checked against the archive): {wall:7.1f} s, "
                        f"{checked.files / wall:7.1f} scorecards/s; {checked.warnings:,} warnings"
                    )
                    print("    " + checked.summary(first=5).replace("\n", "\n    "))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the collector process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
