"""Benchmark: what hostile Hub cards cost the collector's rules, at 0.5, 1 and 2 MB (the card size limit).

Usage:  python benchmarks/hostile_cards.py [--shape NAME ...] [--sizes 0.5,1,2] [--limit SECONDS]

Each hostile shape (:data:`tests.hostile_cards.SHAPES`: a phrase the sentence patterns almost match, repeated;
unclosed links; one line without a break; millions of ``|``; deep lists; thousands of headings; many code
fences; long runs of ``*``, ``_`` or ``<``; ...) is built at each size and parsed and read by
``rules.find_all``, in a child process stopped after ``--limit`` seconds.  Printed per shape: the time at each
size and the growth ratio from 1 MB to 2 MB (about 2 when the rules are linear, about 4 when quadratic).  The
baseline, in the same run, is the time on the largest real card of the labelled fixtures.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from collector.hf.card import parse_card  # noqa: E402
from collector.hf.rules import find_all  # noqa: E402
from tests.hostile_cards import SHAPES, card_of_shape  # noqa: E402

LABELLED = REPO / "tests" / "fixtures" / "hf" / "labelled" / "cards"
MIB = 1024 * 1024


def _timed(text: str, out: mp.SimpleQueue[float]) -> None:
    started = time.perf_counter()
    find_all(parse_card(text.encode("utf-8")))
    out.put(time.perf_counter() - started)


def seconds(text: str, limit: float) -> float | None:
    """Wall seconds to parse ``text`` and run every rule on it, or None when it took longer than ``limit``."""
    out: mp.SimpleQueue[float] = mp.SimpleQueue()
    child = mp.get_context("fork").Process(target=_timed, args=(text, out))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return out.get() if not out.empty() else None


def shown(value: float | None, limit: float) -> str:
    return f">{limit:.0f} s" if value is None else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes (repeatable)")
    parser.add_argument("--sizes", default="0.5,1,2", help="card sizes in MiB, comma-separated (default 0.5,1,2)")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a run is stopped (default 60)")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]

    find_all(parse_card(card_of_shape("headings", 1000)))  # the vocabulary and patterns loaded once, before forking
    largest = max(LABELLED.glob("*.md"), key=lambda p: p.stat().st_size)
    real = largest.read_text(encoding="utf-8")
    size = len(real.encode()) / 1024
    print(f"baseline: real card {largest.name} ({size:.0f} KiB): {shown(seconds(real, args.limit), args.limit)}")
    header = "".join(f"{f'{s:g} MiB':>10}" for s in sizes)
    print(f"{'shape':<18}{header}{'2/1 MiB':>10}")
    for name in args.shape or sorted(SHAPES):
        times = {size: seconds(card_of_shape(name, int(size * MIB)), args.limit) for size in sizes}
        one, two = times.get(1.0), times.get(2.0)
        ratio = f"{two / one:.1f}" if one and two else "-"
        print(f"{name:<18}{''.join(f'{shown(times[s], args.limit):>10}' for s in sizes)}{ratio:>10}", flush=True)


if __name__ == "__main__":
    main()
