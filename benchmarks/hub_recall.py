"""Benchmark: how much of what Hub cards disclose the collector finds, on the labelled development set.

Usage:  python benchmarks/hub_recall.py [--part tune|measure|all] [--misses] [--baseline REV]

The cards in tests/fixtures/hf/labelled/cards were labelled by hand against the rubric, indicator by indicator
(tests/fixtures/hf/labelled/README.md).  For each of the 8 labelled indicators, a card-indicator pair is a
*disclosure* when its label is a quote, and *found* when the collector proposes ``partial`` or ``disclosed``.
Printed per part (``tune``: rules were tuned looking at it; ``measure``: only ever measured) and per indicator:
precision, recall, accuracy, and false claims as a share of all pairs.  ``--misses`` lists the misses and false
claims of the tune part (never of the measure part: looking at those would make it a tuning set).
``--baseline REV`` runs the same measurement on the rules at git revision REV (checked out in a temporary
worktree, in a subprocess), for a before/after comparison in one command.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LABELLED = REPO / "tests" / "fixtures" / "hf" / "labelled"
sys.path.insert(0, str(REPO))

INDICATORS = [
    "release-date",
    "feedback-channel",
    "intended-use",
    "out-of-scope-use",
    "training-data-sources",
    "evaluation-results",
    "limitations",
    "training-hardware",
]


def load_labels() -> dict[str, dict]:
    import yaml

    return yaml.safe_load((LABELLED / "labels.yaml").read_text(encoding="utf-8"))["cards"]


def found_by_collector(root: Path, names: list[str]) -> dict[str, dict[str, str]]:
    """For each card, indicator -> the collector's proposed status and quote (rules imported from ``root``)."""
    sys.path.insert(0, str(root))
    from collector.hf.card import parse_card
    from collector.hf.rules import find_all

    out: dict[str, dict[str, str]] = {}
    for name in names:
        card = parse_card((LABELLED / "cards" / name).read_bytes())
        out[name] = {f.indicator_id: f.status.value for f in find_all(card)}
    return out


def score(labels: dict[str, dict], found: dict[str, dict[str, str]], names: list[str]) -> dict[str, Counter[str]]:
    tallies: dict[str, Counter[str]] = {i: Counter() for i in INDICATORS}
    for name in names:
        for indicator in INDICATORS:
            disclosed = labels[name]["labels"][indicator] is not None
            claimed = found[name].get(indicator) in ("partial", "disclosed")
            key = {(True, True): "tp", (True, False): "fn", (False, True): "fp", (False, False): "tn"}
            tallies[indicator][key[(disclosed, claimed)]] += 1
    return tallies


def table(title: str, tallies: dict[str, Counter[str]]) -> str:
    rows = [f"{title}", f"{'indicator':24} {'pairs':>5} {'disclosed':>9} {'precision':>9} {'recall':>7} "
            f"{'accuracy':>8} {'false claims':>12}"]  # fmt: skip
    total: Counter[str] = Counter()
    for indicator, tally in [*tallies.items(), ("all", None)]:
        t = total if tally is None else tally
        if tally is not None:
            total.update(tally)
        pairs = sum(t.values())
        precision = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
        recall = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
        accuracy = (t["tp"] + t["tn"]) / pairs if pairs else 1.0
        rows.append(
            f"{indicator:24} {pairs:5} {t['tp'] + t['fn']:9} {precision:9.2f} {recall:7.2f} {accuracy:8.2f} "
            f"{t['fp'] / pairs if pairs else 0:12.1%}"
        )
    return "\n".join(rows)


def baseline(rev: str, names: list[str]) -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        git = shutil.which("git") or "git"
        subprocess.run([git, "-C", str(REPO), "worktree", "add", "--detach", "-q", folder, rev], check=True)  # noqa: S603
        try:
            code = (
                "import json,sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2]);"
                "import hub_recall as h; names=json.loads(sys.stdin.read());"
                "print(json.dumps(h.found_by_collector(__import__('pathlib').Path(sys.argv[1]), names)))"
            )
            result = subprocess.run(  # noqa: S603 (our own code at a revision the user names)
                [sys.executable, "-c", code, folder, str(REPO / "benchmarks")],
                input=json.dumps(names), capture_output=True, text=True, check=True, cwd=folder,
            )  # fmt: skip
            return json.loads(result.stdout)
        finally:
            subprocess.run([git, "-C", str(REPO), "worktree", "remove", "--force", folder], check=True)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["tune", "measure", "all"], default="all")
    parser.add_argument("--misses", action="store_true", help="list the tune part's misses and false claims")
    parser.add_argument("--baseline", metavar="REV", help="also measure the rules at this git revision")
    args = parser.parse_args()
    labels = load_labels()
    parts = ["tune", "measure"] if args.part == "all" else [args.part]
    names = sorted(labels)
    found = found_by_collector(REPO, names)
    old = baseline(args.baseline, names) if args.baseline else None
    for part in parts:
        chosen = [n for n in names if labels[n]["part"] == part]
        print(table(f"\n{part} part: {len(chosen)} cards", score(labels, found, chosen)))
        if old is not None:
            print(table(f"{part} part, rules at {args.baseline}", score(labels, old, chosen)))
    if args.misses:
        for name in (n for n in names if labels[n]["part"] == "tune"):
            for indicator in INDICATORS:
                quote = labels[name]["labels"][indicator]
                status = found[name].get(indicator)
                claimed = status in ("partial", "disclosed")
                if (quote is not None) != claimed:
                    what = "MISS" if quote is not None else "FALSE"
                    print(f"{what:5} {indicator:22} {name}  label: {str(quote)[:100]!r}")


if __name__ == "__main__":
    main()
