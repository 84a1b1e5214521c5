"""The commands that check and import evidence: verify, and import (a published index)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from collector.commands.collect import CONTACT_HELP
from collector.commands.data import expand_paths

_IMPORTERS = {
    "fmti": "collector.imports.fmti_build",
    "eosai": "collector.imports.eosai",
    "mot": "collector.imports.mot",
}


def add_verify(commands: Any) -> None:
    verify = commands.add_parser(
        "verify",
        help="check that every evidence URL answers and every quote is still in its source",
        description="Request every evidence URL (politely) and look for each quote in the newest text of its "
        "source. Reports moved, missing and stale evidence with a suggested fix, and records the verdicts in "
        "state/verification.json for the site. Exit status 1 when evidence needs fixing.",
    )
    verify.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="only the evidence of these scorecards (e.g. a PR's files)"
    )
    verify.add_argument("--offline", action="store_true", help="request nothing: check quotes against the archive")
    verify.add_argument("--contact", help=CONTACT_HELP)
    verify.add_argument("--format", choices=["text", "github", "json"], default="text")
    verify.add_argument("--workers", type=int, default=4, help="hosts checked at once (default: 4)")
    verify.set_defaults(handler=verify_evidence)


def add_import(commands: Any) -> None:
    importer = commands.add_parser(
        "import",
        help="import a published index into scorecards under its own rubric",
        description="Import a published index under its own rubric: rubrics/<index>/, archive/<index>/ and its "
        "assessments in the scorecards (a record joins only on a strong key: a reviewed entry of "
        "imports/identities.yaml, its own earlier file, or a scorecard tracking the same Hub repository whose name "
        "agrees; a shared developer and name is printed as a possible match and filed apart; developers are named "
        "as developers.yaml lists them). A record gone from the source takes its assessment with it. "
        "SOURCE_DIR is a checkout of the index's repository: "
        "github.com/stanford-crfm/fmti (fmti), the European Open Source AI Index's main-database (eosai), "
        "github.com/lfai/model_openness_tool (mot). Re-running changes nothing unless the source changed.",
    )
    importer.add_argument(
        "index",
        choices=sorted(_IMPORTERS),
        help="fmti: Foundation Model Transparency Index; eosai: European Open Source AI Index; "
        "mot: Model Openness Tool",
    )
    importer.add_argument("source", type=Path, metavar="SOURCE_DIR", help="the index's published files")
    importer.set_defaults(handler=import_index)


def verify_evidence(args: argparse.Namespace, root: Path) -> int:
    from collector.docs import project, verify_report
    from collector.docs.verify import verify
    from collector.hf.project import CollectError

    try:
        fetcher = None if args.offline else project.make_fetcher(root, args.contact)
    except CollectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        only = expand_paths(args.files, root)[1]
        run = verify(root, fetcher=fetcher, workers=args.workers, only=only)
    finally:
        if fetcher is not None:
            fetcher.close()
    if args.format == "json":
        print(verify_report.as_json(run))
    elif args.format == "github":
        print(verify_report.as_github(run), end="")
    else:
        print(verify_report.as_text(run))
    return 1 if run.needing_fixes else 0


def import_index(args: argparse.Namespace, root: Path) -> int:
    import importlib

    from collector.imports.common import IndexImportError, apply

    if not args.source.is_dir():
        print(f"error: {args.source} is not a folder; give the index's published files", file=sys.stderr)
        return 2
    try:
        build = importlib.import_module(_IMPORTERS[args.index]).build
        result = apply(root, build(root, args.source))
    except IndexImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(f"note: {problem}")
    for joined in result.joined:
        print(f"joined: {joined}")
    for possible in result.possible:
        print(f"possible match: {possible}")
    for removed in result.removed:
        print(f"removed: {removed}")
    for moved in result.moved:
        print(f"moved: {moved}")
    for relocated in result.relocated:
        print(f"refiled: {relocated}")
    for path in result.written:
        print(f"wrote {path}")
    figures = ", ".join(f"{name}: {value:.2f}".removesuffix(".00") for name, value in result.figures.items())
    print(f"{len(result.written)} file(s) written, {result.unchanged} unchanged; {figures}")
    return 0
