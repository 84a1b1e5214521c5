"""The labelled development set: its integrity, and the collector's precision and recall on its measure part."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import yaml

from collector.quotes import normalize, quote_in_text

LABELLED = Path(__file__).parent / "fixtures" / "hf" / "labelled"
BENCHMARK = Path(__file__).parent.parent / "benchmarks" / "hub_recall.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("hub_recall", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["hub_recall"] = module
    spec.loader.exec_module(module)
    return module


def _select():
    spec = importlib.util.spec_from_file_location("select_cards", LABELLED / "select_cards.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LABELS = yaml.safe_load((LABELLED / "labels.yaml").read_text(encoding="utf-8"))["cards"]


def test_every_card_is_labelled_on_the_eight_indicators():
    cards = {p.name for p in (LABELLED / "cards").glob("*.md")}
    assert set(LABELS) == cards and len(cards) >= 150
    for entry in LABELS.values():
        assert list(entry["labels"]) == _benchmark().INDICATORS


def test_every_label_quote_is_verbatim_in_its_card():
    for name, entry in LABELS.items():
        text = normalize((LABELLED / "cards" / name).read_text(encoding="utf-8", errors="replace"))
        for indicator, quote in entry["labels"].items():
            assert quote is None or quote_in_text(quote, text), f"{name} {indicator}: {quote[:60]!r}"


def test_each_cards_part_is_the_one_its_name_fixes():
    part_of = _select().part_of
    assert all(entry["part"] == part_of(name) for name, entry in LABELS.items())


def test_the_collector_meets_its_targets_on_the_measure_part():
    bench = _benchmark()
    names = sorted(n for n, e in LABELS.items() if e["part"] == "measure")
    tallies = bench.score(LABELS, bench.found_by_collector(BENCHMARK.parent.parent, names), names)
    tp = sum(t["tp"] for t in tallies.values())
    fp = sum(t["fp"] for t in tallies.values())
    fn = sum(t["fn"] for t in tallies.values())
    assert tp / (tp + fp) >= 0.95, f"precision {tp / (tp + fp):.3f}"
    assert tp / (tp + fn) >= 0.80, f"recall {tp / (tp + fn):.3f}"
