"""The ``scorecards`` command: parse arguments, call the library, print.

Exit status: 0 when all is well, 1 when the data has problems, 2 for a usage
error.  A contributor's mistake is a message, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from collector import __version__, clock, staging, terminal
from collector.commands import collect, data, evidence

EXAMPLES = """examples:
  scorecards validate                         check every scorecard and rubric
  scorecards validate scorecards/meta/x.yaml  check one file (and its clashes with the rest)
  scorecards validate --format github         annotations for a GitHub Actions log
  scorecards score                            the ranking under the default rubric
  scorecards score --format json              every assessment's scores, for tools
  scorecards build                            build the site into build/site (strict)
  scorecards build --site-dir public          ... into another folder
  scorecards serve                            preview at http://127.0.0.1:8000, reloading on edits
  scorecards collect hf                       re-read the Hub cards of every tracked model
  scorecards collect hf tiiuae/falcon-7b      ... of one model
  scorecards collect docs                     fetch and archive the vendor documents in sources/
  scorecards collect docs example-labs        ... of one developer
  scorecards verify                           check every evidence URL and quote, live
  scorecards verify --offline                 ... against the archive only
  scorecards import fmti ../fmti              import the three FMTI editions (rubrics, archive, scorecards)
  scorecards new tiiuae/falcon-7b             scaffold a scorecard for a Hub model and collect it
  scorecards new --from-file models.txt       the same for every repository id in a file, in one run
  scorecards joins                            pages holding more than one source, and each join's key
  scorecards review-queue --reviewer @you      the claims that await a second review, most consequential first
  scorecards schema --check                   fail if schema/*.json is out of date
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    root = _find_root(args.root)
    if root is None:
        print(
            f"error: {args.root or Path.cwd()} is not inside a scorecards project "
            "(a folder with rubrics/ and scorecards/); pass --root",
            file=sys.stderr,
        )
        return 2
    try:  # one date for the whole command, read once: a run that crosses midnight stamps and checks one day
        today = clock.parse_today(args.today, given_as="--today") if args.today is not None else clock.today()
    except clock.ClockError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with clock.pinned(today), terminal.guarded():  # names and quotes printed are data: never terminal controls
        try:
            if args.handler in _WRITING:
                staging.tidy(root)  # finish an import's interrupted swap, sweep up dead runs' temporary files
            return int(args.handler(args, root))
        except staging.StagingError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # e.g. `scorecards score | head`
            return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scorecards",
        description="AI transparency scorecards: validate, score and publish evidence-backed model scorecards.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", type=Path, default=None, help="the project folder (default: found from here)")
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help=f"act as if this were today's date, for stamping and for future-date checks "
        f"(default: ${clock.ENVIRONMENT_VARIABLE}, then today's UTC date)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    data.add_checks(commands)
    collect.add_collect(commands)
    evidence.add_verify(commands)
    evidence.add_import(commands)
    collect.add_new(commands)
    data.add_listings(commands)
    return parser


def _find_root(explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit if (explicit / "rubrics").is_dir() else None
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "rubrics").is_dir() and (folder / "scorecards").is_dir():
            return folder
    return None


# Commands that write into the project: each starts by finishing what an interrupted run left (collector/staging.py).
_WRITING = {
    collect.new_models,
    collect.collect_hub,
    collect.collect_docs,
    collect.collect_all,
    evidence.verify_evidence,
    evidence.import_index,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
