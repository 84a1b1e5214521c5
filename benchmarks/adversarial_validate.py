"""Benchmark: `validate` on hostile scorecards stays fast (issue 14, finding 3).

Usage:  python benchmarks/adversarial_validate.py [--size-mib 2] [--archive-mib 4]

Each case writes one scorecard of about ``--size-mib`` MiB into a temporary
project (a copy of the real rubrics) and times ``load_dataset`` on it, which
is what ``scorecards validate`` runs:

* long-quotes:   evidence items whose quotes (close to the length limit) are
                 passages of the archive with one word changed, all pointing
                 at one archived text of ``--archive-mib`` MiB, so every quote
                 is searched for and has a close passage to find;
* short-quotes:  the same archive, quoted by as many evidence items with short
                 unmatched quotes as fit in the file;
* late-quotes:   as many short quotes, each found in the archive but only in
                 its last 200 KB, so that every search scans most of it;
* partial-quotes: as late-quotes, but of two words with the first cut short,
                 which the archive's word index cannot settle: each costs a
                 scan, until the file's scan budget is spent;
* many-sources:  short quotes found in six archived reports of 512 KiB (each
                 large enough to be searched through a word index), citing
                 them in turn, so that a cache of fewer sources would make
                 a report's word index again for every quote;
* unknown-ids:   10,000 indicator ids that the rubric does not have, each
                 reported and located;
* schema-errors: as many misspelt fields and wrong values as fit, each one a
                 pydantic error to locate and explain;
* deep-nesting:  unknown fields holding lists nested as deep as the loader
                 allows (and few enough values to pass its node limit),
                 each one reported and located.

As a baseline in the same run, the shipped data (this repository) is validated;
each case prints its time and its ratio to that baseline.  The done-when target
of issue 14 is under 10 s per 2 MiB case.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from collector.dataset import load_dataset
from collector.schema import MAX_QUOTE_CHARS
from collector.yamlsource import MAX_DEPTH

REPO = Path(__file__).resolve().parent.parent
ARCHIVE_REF = "evil.example/manual.md"

HEADER = """\
schema_version: 1
subject:
  id: evil
  name: Evil Model
  developer: Evil Labs
  access: open-weights
assessments:
  - rubric: transparency
    rubric_version: "1.0"
    date: 2025-02-01
    indicators:
"""


def _vocabulary(rng: random.Random, count: int = 3000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(count)]


def _archive(rng: random.Random, words: list[str], mib: float) -> str:
    target = int(mib * 1024 * 1024)
    lines, size = [], 0
    while size < target:
        line = " ".join(rng.choice(words) for _ in range(12)) + "."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def _sentence(rng: random.Random, words: list[str], length: int) -> str:
    """Archive words in an order the archive does not have: similar, never found."""
    text = ""
    while len(text) < length:
        text += rng.choice(words) + " "
    return text[:length].strip()


def _evidence(quote: str, archive_ref: str = ARCHIVE_REF) -> str:
    return (
        "          - url: https://evil.example/manual\n"
        f"            quote: '{quote}'\n"
        "            retrieved: 2025-02-01\n"
        f"            archive: {archive_ref}\n"
    )


def _claims(indicator_ids: list[str], quotes: list[str], per_claim: int = 20, refs: tuple[str, ...] = ()) -> str:
    """Claims of real indicators, ``per_claim`` evidence items each, in as many assessments as needed."""
    parts, claim = [], 0
    for start in range(0, len(quotes), per_claim):
        if claim == len(indicator_ids):
            parts.append(
                "  - rubric: transparency\n"
                '    rubric_version: "1.0"\n'
                f"    date: 2024-{1 + start % 12:02d}-{1 + start % 28:02d}\n"
                "    indicators:\n"
            )
            claim = 0
        parts.append(f"      {indicator_ids[claim]}:\n        status: disclosed\n        evidence:\n")
        parts += [
            _evidence(q, refs[(start + n) % len(refs)] if refs else ARCHIVE_REF)
            for n, q in enumerate(quotes[start : start + per_claim])
        ]
        parts.append('        provenance:\n          source: person\n          by: "@alice"\n')
        claim += 1
    return "".join(parts)


def _fill(size: int, make: Callable[[int], str], cost: Callable[[str], int] = len) -> list[str]:
    """Items from ``make`` until their ``cost`` (bytes of YAML) reaches ``size``."""
    items, total = [], 0
    while total < size:
        item = make(len(items))
        items.append(item)
        total += cost(item)
    return items


def _evidence_bytes(quote: str) -> int:
    return len(_evidence(quote)) + 5  # and a share of its claim's lines


def long_quotes(size: int, words: list[str], ids: list[str], rng: random.Random, archive: str = "") -> str:
    """Near-copies of long archive passages, one word changed: never found, and each has a close passage."""
    flat = " ".join(archive.split())

    def near_copy(_: int) -> str:
        start = flat.index(" ", rng.randrange(len(flat) - 2 * MAX_QUOTE_CHARS)) + 1
        passage = flat[start : start + MAX_QUOTE_CHARS - 20].split(" ")[:-1]
        passage[2] = "changed"
        return " ".join(passage)

    quotes = _fill(size, near_copy, _evidence_bytes)
    return HEADER + _claims(ids, quotes)


def short_quotes(size: int, words: list[str], ids: list[str], rng: random.Random) -> str:
    quotes = _fill(size, lambda _: _sentence(rng, words, 24), _evidence_bytes)
    return HEADER + _claims(ids, quotes)


def late_quotes(size: int, words: list[str], ids: list[str], rng: random.Random, archive: str = "") -> str:
    """Short distinct quotes that are all in the archive, but only near its end: each search is a long scan."""
    tail = archive[-200_000:].split()
    quotes = _fill(size, lambda n: " ".join(tail[n % (len(tail) - 4) : n % (len(tail) - 4) + 4]), _evidence_bytes)
    return HEADER + _claims(ids, quotes)


def partial_quotes(size: int, words: list[str], ids: list[str], rng: random.Random, archive: str = "") -> str:
    """As late-quotes, but of two words, the first cut short: no word index can settle them."""
    tail = archive[-200_000:].split()
    quotes = _fill(size, lambda n: " ".join(tail[n % (len(tail) - 2) : n % (len(tail) - 2) + 2])[1:], _evidence_bytes)
    return HEADER + _claims(ids, quotes)


# Copies of the archived text, each a distinct large source: many-sources cites them in turn.
SOURCE_COPIES = tuple(f"evil.example/copy-{n}.md" for n in range(6))  # no longer than ARCHIVE_REF


def many_sources(size: int, words: list[str], ids: list[str], rng: random.Random, archive: str = "") -> str:
    """Quotes found in the archive, citing six large archived reports in turn: each report's word index
    must be made once, not once per quote."""
    middle = archive[len(archive) // 2 :].split()
    quotes = _fill(size, lambda n: " ".join(middle[n % (len(middle) - 4) : n % (len(middle) - 4) + 4]), _evidence_bytes)
    return HEADER + _claims(ids, quotes, refs=SOURCE_COPIES)


def unknown_ids(size: int, words: list[str], ids: list[str], rng: random.Random) -> str:
    claim = '        status: not-disclosed\n        provenance:\n          source: person\n          by: "@alice"\n'
    return HEADER + "".join(f"      no-such-indicator-{n}:\n{claim}" for n in range(10_000))


def schema_errors(size: int, words: list[str], ids: list[str], rng: random.Random) -> str:
    """As many schema errors as fit: each claim has a wrong status and two misspelt fields."""
    claims = _fill(
        size,
        lambda n: f"      {ids[n % len(ids)]}-{n}: {{status: disclosd, evidance: 1, notes: 2}}\n",
    )
    return HEADER + "".join(claims)


def deep_nesting(size: int, words: list[str], ids: list[str], rng: random.Random) -> str:
    """Unknown fields nested as deep as allowed, with few enough values to stay under the node limit."""
    depth = MAX_DEPTH - 8  # the claim itself sits 7 levels down
    claims = _fill(
        size,
        lambda n: (
            f"      {ids[n % len(ids)]}-{n}:\n        status: not-disclosed\n        evidance: "
            + "[" * depth
            + _sentence(rng, words, 240).replace(" ", "-")
            + "]" * depth
            + "\n"
        ),
    )
    return HEADER + "".join(claims)


CASES = {
    "long-quotes": long_quotes,
    "short-quotes": short_quotes,
    "late-quotes": late_quotes,
    "partial-quotes": partial_quotes,
    "many-sources": many_sources,
    "unknown-ids": unknown_ids,
    "schema-errors": schema_errors,
    "deep-nesting": deep_nesting,
}


def _timed(root: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    dataset = load_dataset(root)
    first = dataset.problems[0].message if dataset.problems else ""
    first = first[:90] + (" [... the closest passage is shown]" if "the closest passage is" in first else "")
    return time.perf_counter() - start, len(dataset.problems), first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=float, default=2.0, help="size of each hostile scorecard")
    parser.add_argument("--archive-mib", type=float, default=4.0, help="size of the archived text they quote")
    parser.add_argument("--only", choices=sorted(CASES), action="append", help="run only these cases")
    args = parser.parse_args()

    baseline, count, _ = _timed(REPO)
    print(f"{'shipped data':<14} {baseline:7.2f} s  ({count} problems)  = 1.00 x")

    rng = random.Random(14)
    words = _vocabulary(rng)
    rubric = yaml.safe_load((REPO / "rubrics/transparency/1.0.yaml").read_text(encoding="utf-8"))
    ids = [indicator["id"] for indicator in rubric["indicators"]]
    size = int(args.size_mib * 1024 * 1024 * 0.98)  # stay under the loader's file-size limit
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "rubrics", root / "rubrics")
        archived = root / "archive" / ARCHIVE_REF
        archived.parent.mkdir(parents=True)
        archive_text = _archive(rng, words, args.archive_mib)
        archived.write_text(archive_text, encoding="utf-8")
        card = root / "scorecards" / "evil" / "evil.yaml"
        card.parent.mkdir(parents=True)
        for name in args.only or CASES:
            if name == "many-sources":  # six reports of 512 KiB: each large enough for a word index
                report = archive_text[: archive_text.index("\n", 512 * 1024) + 1]
                for n, ref in enumerate(SOURCE_COPIES):
                    (root / "archive" / ref).write_text(f"Report {n}.\n" + report, encoding="utf-8")
                text = many_sources(size, words, ids, rng, report)
            elif name in {"long-quotes", "late-quotes", "partial-quotes"}:
                text = CASES[name](size, words, ids, rng, archive_text)
            else:
                text = CASES[name](size, words, ids, rng)
            card.write_text(text, encoding="utf-8")
            kib = card.stat().st_size / 1024
            elapsed, count, first = _timed(root)
            print(
                f"{name:<14} {elapsed:7.2f} s  ({count} problems, {kib:,.0f} KiB)  = {elapsed / baseline:.2f} x"
                f"{'' if elapsed < 10 else '  OVER the 10 s target'}"
            )
            print(f"{'':<14} first problem: {first}")


if __name__ == "__main__":
    main()
