"""Mine Hub cards for the headings and "Label: value" keys they use, to grow collector/hf/vocabulary.yaml.

Usage:  python scripts/card_vocabulary.py CORPUS.tgz [--top N] [--write]

Prints, for every entry of the table, how many cards of the corpus use it (each card counted once), and the most
frequent headings and labels that no entry maps yet, so a reviewer can add the ones that speak to an indicator.
With --write, the table's ``cards:`` counts are brought up to date (nothing else in it changes).
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collector.hf.card import parse_card
from collector.hf.fields import fields
from collector.hf.vocabulary import TABLE, normal_form, vocabulary


def count(corpus: Path) -> tuple[Counter[str], Counter[str], int]:
    headings: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    cards = 0
    with tarfile.open(corpus) as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".md"):
                continue
            source = archive.extractfile(member)
            if source is None:
                continue
            card = parse_card(source.read())
            cards += 1
            headings.update({normal_form(s.heading) for s in card.sections})
            labels.update({normal_form(f.label) for f in fields(card)})
    return headings, labels, cards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    headings, labels, cards = count(args.corpus)
    table = vocabulary()
    print(f"{cards} cards")
    for kind, found, entries in (("heading", headings, table.headings), ("label", labels, table.labels)):
        mapped = set()
        for indicator, items in entries.items():
            for entry in items:
                mapped.add(entry.text)
                used = entry.uses(found)
                flag = "" if used == entry.cards else f"   (table says {entry.cards})"
                print(f"{kind:8} {indicator:22} {used:6}  {entry.text}{flag}")
        print(f"--- most frequent {kind}s not in the table")
        unmapped = [(text, n) for text, n in found.most_common() if text and text not in mapped]
        for text, n in unmapped[: args.top]:
            print(f"{n:6}  {text}")
    if args.write:
        write_counts(headings, labels)


def write_counts(headings: Counter[str], labels: Counter[str]) -> None:
    """Rewrite each ``cards:`` count in place, keeping the table's comments and order."""
    table = vocabulary()
    counts: dict[tuple[str, str], int] = {}
    for kind, found, entries in (("headings", headings, table.headings), ("labels", labels, table.labels)):
        for items in entries.values():
            for entry in items:
                used = entry.uses(found)
                counts[(kind, entry.text)] = used
    lines = []
    kind = ""
    for line in TABLE.read_text(encoding="utf-8").splitlines(keepends=True):
        block = re.match(r"\s+(headings|labels):", line)
        kind = block.group(1) if block else kind
        entry = re.search(r'(\{text: "([^"]+)", cards: )\d+', line)
        if entry and (kind, entry.group(2)) in counts:
            count = str(counts[(kind, entry.group(2))])
            lines.append(line[: entry.start()] + entry.group(1) + count + line[entry.end() :])
        else:
            lines.append(line)
    TABLE.write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
