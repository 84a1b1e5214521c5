"""Benchmark: `scorecards new` of 100 repositories in one run, against the one-at-a-time path it replaces.

Usage:  python benchmarks/new_models.py [--models N] [--baseline N] [--corpus PATH]

Real cards of the 2023 corpus (../shared/data/hf/corpus-model-cards-2023.tgz) are served by the local replay Hub
(tests/hub_replay.py) in a separate process, with the stored dataset cards of tests/fixtures/hf (c4, the Pile,
wikitext, ...) for the datasets they name; a dataset the replay does not hold answers 404, which is still a request.
Each path runs on its own copy of this project (its 490-odd scorecards, rubrics and developers), so loading the
project costs what it costs for a contributor.

- **baseline**: the path `scorecards new` took before, one repository per call: `scaffold` (the project loaded, a
  model-info request) then `collect_hub` for that repository (the project loaded again, the card, and each named
  dataset's card with a new collector each time), for the first ``--baseline`` repositories;
- **batch**: `add_models` (what `scorecards new` runs now) for ``--models`` other repositories in one call.

Printed for each: seconds (wall) and per model, project loads (calls of load_dataset, counted by wrapping it here),
Hub requests in all and per model (counted by the server), model-info requests, the most requests any one path
received, and the scorecards written.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from collector import dataset as dataset_module  # noqa: E402
from collector.hf import new as new_module  # noqa: E402
from collector.hf import project as project_module  # noqa: E402
from collector.hf.hub import HubClient  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "hf" / "corpus-model-cards-2023.tgz"
PROJECT_PARTS = ("scorecards", "rubrics", "sources", "imports", "developers.yaml", "moved.yaml")


def _collect_hub_benchmark() -> Any:
    """benchmarks/collect_hub.py, for its corpus unpacking (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("collect_hub_benchmark", REPO / "benchmarks" / "collect_hub.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serve(cards: dict[str, Path], ready: mp.Queue, stop: Any, asks: mp.Queue) -> None:  # type: ignore[type-arg]
    sys.path.insert(0, str(REPO))
    from tests.hub_replay import HubReplayServer, ReplayRepo, fixture_repos

    datasets = {r.repo_id: r for r in fixture_repos().values() if r.kind == "dataset"}

    def lookup(repo_id: str) -> ReplayRepo | None:
        path = cards.get(repo_id)
        return ReplayRepo(repo_id, path.read_bytes()) if path else datasets.get(repo_id)

    with HubReplayServer(lookup, quota=10**9, window=1) as server:
        ready.put(server.url)
        while not stop.wait(0.1):
            while not asks.empty():
                asks.get()
                ready.put([r.path for r in server.requests])


def requested(ready: mp.Queue, asks: mp.Queue) -> list[str]:  # type: ignore[type-arg]
    asks.put(1)
    return list(ready.get(timeout=30))


def copy_project(target: Path) -> Path:
    target.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.exists():
            shutil.copy2(source, target / part)
    (target / "archive").mkdir()
    return target


@contextmanager
def counting_loads() -> Iterator[list[Path]]:
    """Every call of load_dataset, wherever the code under test imported it from."""
    calls: list[Path] = []
    real = dataset_module.load_dataset

    def counted(root: Path, **kw: Any) -> Any:
        calls.append(root)
        return real(root, **kw)

    modules = (dataset_module, project_module, new_module)
    for module in modules:
        module.load_dataset = counted  # type: ignore[attr-defined]
    try:
        yield calls
    finally:
        for module in modules:
            module.load_dataset = real  # type: ignore[attr-defined]


def measure(label: str, repo_ids: list[str], work: Callable[[], int], ready: mp.Queue, asks: mp.Queue) -> None:  # type: ignore[type-arg]
    before = len(requested(ready, asks))
    with counting_loads() as loads:
        started = time.perf_counter()
        written = work()
        seconds = time.perf_counter() - started
    paths = requested(ready, asks)[before:]
    per_path = Counter(paths)
    count = len(repo_ids)
    info = sum(1 for p in paths if p.startswith("/api/models/"))
    own = sum(1 for p in paths if p.removeprefix("/").removesuffix("/resolve/main/README.md") in repo_ids)
    related = len(paths) - own - info  # base models' and datasets' cards
    print(
        f"{label:<9} {count:>3} models: {seconds:6.1f} s ({seconds / count:5.2f} s per model), "
        f"{len(loads)} project loads ({len(loads) / count:.2f} per model), {len(paths)} Hub requests "
        f"({len(paths) / count:.2f} per model: {own} own cards, {info} model-info, {related} related cards of "
        f"{len(set(paths)) - own - info} distinct; most for one path: {max(per_path.values())}), "
        f"{written} scorecards written"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--models", type=int, default=100, help="repositories given to one `new` call")
    parser.add_argument("--baseline", type=int, default=10, help="repositories added one at a time, the old way")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "cards").mkdir()
        cards = _collect_hub_benchmark().unpack(args.corpus, folder / "cards", args.models + args.baseline)
        ids = list(cards)
        old_ids, new_ids = ids[: args.baseline], ids[args.baseline :]
        ready: mp.Queue = mp.Queue()  # type: ignore[type-arg]
        asks: mp.Queue = mp.Queue()  # type: ignore[type-arg]
        stop = mp.Event()
        server = mp.Process(target=serve, args=(cards, ready, stop, asks), daemon=True)
        server.start()
        url = ready.get(timeout=60)
        client = HubClient(endpoint=url, token=False, timeout=30.0)
        try:
            old_root = copy_project(folder / "old")
            new_root = copy_project(folder / "new")
            scorecards = len(list((new_root / "scorecards").rglob("*.yaml")))
            print(f"project: {scorecards} scorecards; cards from {args.corpus.name}")

            def one_at_a_time() -> int:
                written = 0
                for repo_id in old_ids:
                    try:
                        project_module.scaffold(old_root, repo_id, client=client)
                        project_module.collect_hub(old_root, [repo_id], client=client)
                        written += 1
                    except project_module.CollectError as exc:
                        print(f"    baseline: {exc}")
                return written

            def batch() -> int:
                run = new_module.add_models(new_root, new_ids, client=client)
                for added in run.added:
                    if added.error:
                        print(f"    batch: {added.error}")
                return len(run.written)

            measure("baseline", old_ids, one_at_a_time, ready, asks)
            measure("batch", new_ids, batch, ready, asks)
        finally:
            stop.set()
            server.join(timeout=10)


if __name__ == "__main__":
    main()
