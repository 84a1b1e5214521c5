"""Benchmark: a full Hub collection over the 25,103 real cards of the 2023 corpus.

Usage:  python benchmarks/collect_hub.py [--limit N] [--corpus PATH]

The cards (../shared/data/hf/corpus-model-cards-2023.tgz) are served by the
local replay Hub (tests/hub_replay.py) running in a separate process, so the
collector and the server do not share one interpreter.  One scorecard is
scaffolded per card; then the collector runs twice: a first run, and a re-run
with nothing changed.  Printed: cards per second, Hub requests per card (first
run and re-run, counted by the server), CPU time against wall time (parsing
bound or waiting bound), peak memory of the collector process, and the share
of cards whose metadata parsed without error, with every other outcome named.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import resource
import shutil
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from collector.hf.hub import HubClient  # noqa: E402
from collector.hf.project import collect_hub  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "hf" / "corpus-model-cards-2023.tgz"


def repo_id_of(name: str) -> str:
    """``owner_repo_README.md`` -> ``owner/repo`` (the owner is everything before the first underscore)."""
    stem = name.removesuffix("_README.md")
    owner, _, repo = stem.partition("_")
    return f"{owner}/{repo or 'model'}"


def unpack(corpus: Path, target: Path, limit: int | None) -> dict[str, Path]:
    cards: dict[str, Path] = {}
    with tarfile.open(corpus) as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith("_README.md"):
                continue
            repo_id = repo_id_of(Path(member.name).name)
            if repo_id in cards:
                continue
            path = target / f"{len(cards):05d}.md"
            with archive.extractfile(member) as source:  # type: ignore[union-attr]
                path.write_bytes(source.read())
            cards[repo_id] = path
            if limit and len(cards) >= limit:
                break
    return cards


def serve(cards: dict[str, Path], ready: mp.Queue, stop: mp.Event, counts: mp.Queue) -> None:  # type: ignore[type-arg]
    sys.path.insert(0, str(REPO))
    from tests.hub_replay import HubReplayServer, ReplayRepo

    def lookup(repo_id: str) -> ReplayRepo | None:
        path = cards.get(repo_id)
        return ReplayRepo(repo_id, path.read_bytes()) if path else None

    with HubReplayServer(lookup, quota=10**9, window=1) as server:
        ready.put(server.url)
        while not stop.wait(0.2):
            while not counts.empty():
                counts.get()
                ready.put(len(server.requests))


def scaffold_all(root: Path, repo_ids: list[str]) -> None:
    today = dt.date(2026, 11, 27).isoformat()
    for index, repo_id in enumerate(repo_ids):
        owner = "".join(c if c.isalnum() else "-" for c in repo_id.split("/")[0].lower()).strip("-") or "x"
        path = root / "scorecards" / owner / f"m{index}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "schema_version: 1\nsubject:\n"
            f'  id: m{index}\n  name: m{index}\n  developer: "{owner}"\n  access: open-weights\n'
            f"  links:\n    huggingface: {repo_id}\n"
            f'assessments:\n  - rubric: transparency\n    rubric_version: "1.0"\n    date: {today}\n'
            "    indicators: {}\n",
            encoding="utf-8",
        )


def requests_so_far(ready: mp.Queue, counts: mp.Queue) -> int:  # type: ignore[type-arg]
    counts.put(1)
    return int(ready.get(timeout=30))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N cards")
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "cards").mkdir()
        cards = unpack(args.corpus, folder / "cards", args.limit)
        root = folder / "project"
        shutil.copytree(REPO / "rubrics", root / "rubrics")
        (root / "archive").mkdir()
        scaffold_all(root, list(cards))
        print(f"{len(cards):,} cards, one scorecard each")

        ready: mp.Queue = mp.Queue()  # type: ignore[type-arg]
        counts: mp.Queue = mp.Queue()  # type: ignore[type-arg]
        stop = mp.Event()
        server = mp.Process(target=serve, args=(cards, ready, stop, counts), daemon=True)
        server.start()
        url = ready.get(timeout=60)
        client = HubClient(endpoint=url, token=False, timeout=30.0)
        try:
            for label in ("first run", "re-run, nothing changed"):
                before = requests_so_far(ready, counts)
                wall, cpu = time.perf_counter(), time.process_time()
                run = collect_hub(root, client=client, workers=args.workers)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                used = requests_so_far(ready, counts) - before
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
                for reason, number in reasons.most_common(5):
                    print(f"    failed x{number}: {reason}")
                if run.summary.cards_fetched:
                    print(
                        f"    card metadata parsed without error: {parsed:,} of {len(fetched):,} "
                        f"({parsed / max(len(fetched), 1):.2%}); the rest were read as prose only, with the "
                        "reason reported per card"
                    )
        finally:
            stop.set()
            server.join(timeout=10)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the collector process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
