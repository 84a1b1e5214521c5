"""The ``scorecards`` command: parse arguments, call the library, print.

Exit status: 0 when all is well, 1 when the data has problems, 2 for a usage
error.  A contributor's mistake is a message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from collector import __version__, clock, collect_report, jsonschema, reporting, staging, terminal
from collector.dataset import Dataset, ProjectPaths, find_yaml_files, load_dataset
from collector.ranking import latest_scores, latest_version, split_ranked
from collector.render.exports import totals_csv_from_scores
from collector.scoring import AssessmentScore

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

    validate = commands.add_parser(
        "validate",
        help="check scorecards and rubrics; exit 1 on any problem",
        description="Check every scorecard and rubric and report every problem at once, "
        "with file, line, column, field and the fix. Exit status 1 on any error.",
    )
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders to report on (default: all)")
    validate.add_argument("--format", choices=["text", "github", "json"], default="text")
    validate.add_argument(
        "--summary", type=Path, help="also append a Markdown table of problems to this file (for $GITHUB_STEP_SUMMARY)"
    )
    validate.add_argument("--no-archive", action="store_true", help="skip checking quotes against archived snapshots")
    validate.set_defaults(handler=_validate)

    score = commands.add_parser(
        "score",
        help="print scores: a ranking, or every assessment as JSON/CSV",
        description="Score every assessment. The table shows each subject's latest "
        "assessment under one rubric; json and csv list every assessment.",
    )
    score.add_argument("--format", choices=["table", "json", "csv"], default="table")
    score.add_argument("--rubric", default="transparency", help="rubric id for the table (default: transparency)")
    score.add_argument("--rubric-version", help="rubric version for the table (default: the newest in use)")
    score.set_defaults(handler=_score)

    build = commands.add_parser(
        "build",
        help="build the report site (mkdocs-material) into --site-dir",
        description="Build the site from the committed scorecards: pages, data files "
        "(data/scorecards.zip, data/scores.zip), badges. Strict by default: any warning, "
        "including a data problem, fails the build.",
    )
    build.add_argument("--site-dir", type=Path, help="output folder (default: build/site)")
    build.add_argument("--no-strict", action="store_true", help="do not fail on warnings")
    build.set_defaults(handler=_build)

    serve = commands.add_parser("serve", help="preview the site, rebuilding when a scorecard or rubric changes")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.set_defaults(handler=_serve)

    _add_collect(commands)
    _add_verify(commands)
    _add_import(commands)

    new = commands.add_parser(
        "new",
        help="scaffold scorecards for Hub models and collect their cards",
        description="Add Hub models: for each repository, fetch its card, write a scorecard and collect the card "
        "into it. Ids already tracked, invalid or not on the Hub are reported and skipped; a repository the Hub "
        "could not be reached for gets no file, so running the same command again later adds it.",
    )
    new.add_argument("repo_ids", nargs="*", metavar="HF_REPO_ID", help="e.g. tiiuae/falcon-7b")
    new.add_argument(
        "--from-file",
        type=Path,
        metavar="FILE",
        help="also add the repository ids in FILE, one a line (# starts a comment)",
    )
    new.add_argument(
        "--developer",
        help="developer name to record for every repository given (default: the developer whose hub_namespaces "
        "in developers.yaml include each repository's namespace)",
    )
    new.add_argument("--workers", type=int, default=8, help="cards fetched at a time (default: 8)")
    new.add_argument(
        "--deadline",
        type=float,
        metavar="MINUTES",
        help="stop requesting after this many minutes (default: 20); what did not arrive gets no file",
    )
    new.set_defaults(handler=_new)

    joins = commands.add_parser(
        "joins",
        help="list every page holding more than one source, and the key that joined each",
        description="Every scorecard with assessments from more than one source (an index, or this project), "
        "and for each imported record the strong key that put it there: own (the page was made from it), "
        "huggingface (the same Hub repository) or identity (a reviewed entry in imports/identities.yaml).",
    )
    joins.add_argument("--format", choices=["text", "json"], default="text")
    joins.set_defaults(handler=_joins)

    review = commands.add_parser(
        "review-queue",
        help="list the claims that await a second review, most consequential first",
        description="Unreviewed claims of each scorecard's latest assessments, in the order a second reviewer "
        "should check them: disclosed claims, claims a collector disagrees with, claims whose source has a newer "
        "version, then partial and not-disclosed ones. A review is recorded as reviewed_by (your handle) and "
        "reviewed_on in the claim's provenance.",
    )
    review.add_argument("--reviewer", help="your handle: claims you wrote are left out (a review is a second look)")
    review.add_argument("--limit", type=int, default=50, help="how many to list (0 for all; default 50)")
    review.add_argument("--format", choices=["text", "json"], default="text")
    review.set_defaults(handler=_review_queue)

    schema = commands.add_parser("schema", help="write (or --check) the JSON Schemas in schema/")
    schema.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are out of date")
    schema.set_defaults(handler=_schema)
    return parser


_CONTACT_HELP = "contact URL for the user agent (default: $SCORECARDS_CONTACT, then repo_url in mkdocs.yml)"


def _add_collect(commands: Any) -> None:
    collect = commands.add_parser(
        "collect",
        help="collect disclosures from a source into the scorecards",
        description="Collect disclosures into the scorecards. A person's claims are never changed.",
    )
    sources = collect.add_subparsers(title="sources", dest="source", metavar="SOURCE", required=True)
    hub = sources.add_parser(
        "hf",
        help="Hugging Face Hub model cards",
        description="Read the Hugging Face cards of every scorecard with links.huggingface (or only the "
        "REPO_IDs given). Honours HF_ENDPOINT and HF_TOKEN.",
    )
    hub.add_argument("repo_ids", nargs="*", metavar="REPO_ID", help="only these Hub repositories")
    hub.add_argument("--force", action="store_true", help="fetch every card, even if its commit did not change")
    hub.add_argument("--workers", type=int, default=8, help="cards fetched at once (default: 8)")
    hub.add_argument(
        "--deadline",
        type=float,
        metavar="MINUTES",
        help="end the run after this long; cards still arriving are reported 'timed out' (default: 20)",
    )
    hub.set_defaults(handler=_collect)
    docs = sources.add_parser(
        "docs",
        help="vendor documents declared in sources/",
        description="Fetch the documents declared in sources/*.yaml (politely: robots.txt, one request at a time "
        "per host, conditional requests), archive each one's text when it changed, and propose claims where new "
        "passages match an indicator's keywords. Failures are reported, and leave the archive as it was.",
    )
    docs.add_argument("wanted", nargs="*", metavar="DOC", help="only these: a developer, or developer/document")
    docs.add_argument("--contact", help=_CONTACT_HELP)
    docs.add_argument("--report-json", type=Path, metavar="FILE", help="also write the run report as JSON")
    docs.add_argument("--report-md", type=Path, metavar="FILE", help="also write it as Markdown, for a pull request")
    docs.add_argument("--workers", type=int, default=4, help="hosts fetched at once (default: 4)")
    docs.set_defaults(handler=_collect_docs)
    everything = sources.add_parser(
        "all",
        help="every collector (Hub cards, then vendor documents), with one pull-request body",
        description="Run the Hub collector, then the vendor-document collector, for every developer (or only "
        "those given), as the scheduled workflow does. Writes the pull-request body only when scorecards/ or "
        "archive/ changed; the JSON report always.",
    )
    everything.add_argument(
        "--developer", action="append", default=[], metavar="ID", help="only this developer (an id of developers.yaml)"
    )
    everything.add_argument("--contact", help=_CONTACT_HELP)
    everything.add_argument("--pr-body", type=Path, metavar="FILE", help="write the pull-request body here")
    everything.add_argument("--report-json", type=Path, metavar="FILE", help="write the run report as JSON")
    everything.set_defaults(handler=_collect_all)
    plan = sources.add_parser(
        "plan",
        help="split the developers into shards of about equal work, as JSON (for a workflow matrix)",
        description="Print a JSON list of at most N lists of developer ids, balanced by the number of Hub cards "
        "and vendor documents each developer has; no list is empty.",
    )
    plan.add_argument("--shards", type=int, default=4, help="how many groups at most (default: 4)")
    plan.set_defaults(handler=_collect_plan)
    merge = sources.add_parser(
        "report",
        help="merge the JSON reports of shards into one pull-request body",
        description="Read the --report-json files of several `collect all` runs and write one pull-request body; "
        "nothing is written when no run changed data.",
    )
    merge.add_argument("reports", nargs="+", type=Path, metavar="REPORT", help="JSON reports of `collect all`")
    merge.add_argument("--pr-body", type=Path, metavar="FILE", required=True, help="write the body here")
    merge.set_defaults(handler=_collect_report)


def _add_verify(commands: Any) -> None:
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
    verify.add_argument("--contact", help=_CONTACT_HELP)
    verify.add_argument("--format", choices=["text", "github", "json"], default="text")
    verify.add_argument("--workers", type=int, default=4, help="hosts checked at once (default: 4)")
    verify.set_defaults(handler=_verify)


def _add_import(commands: Any) -> None:
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
    importer.set_defaults(handler=_import)


def _find_root(explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit if (explicit / "rubrics").is_dir() else None
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "rubrics").is_dir() and (folder / "scorecards").is_dir():
            return folder
    return None


def _validate(args: argparse.Namespace, root: Path) -> int:
    extra, wanted = _expand_paths(args.paths, root)
    dataset = load_dataset(root, extra_scorecards=extra, check_archive=not args.no_archive)
    problems = dataset.problems if wanted is None else dataset.problems_for(wanted)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as handle:
            handle.write(reporting.summary_markdown(problems))
    if args.format == "json":
        print(reporting.as_json(problems))
    elif args.format == "github":
        if problems:
            print(reporting.as_github(problems))
    else:
        if problems:
            print(reporting.as_text(problems))
        checked = len(dataset.scorecards) if wanted is None else len(wanted)
        verdict = f"{len(problems)} problem(s)" if problems else "no problems"
        print(f"checked {checked} file(s): {verdict}", file=sys.stderr)
    return 1 if problems else 0


def _expand_paths(paths: Sequence[Path], root: Path) -> tuple[list[Path], set[str] | None]:
    """Scorecards to add to the dataset, and the display names to report on."""
    if not paths:
        return [], None
    project = ProjectPaths(root)
    files: list[Path] = []
    for path in paths:
        files.extend(find_yaml_files(path) if path.is_dir() else [path])
    not_scorecards = (project.rubrics.resolve(), project.sources.resolve())
    outside = [f for f in files if not any(folder in f.resolve().parents for folder in not_scorecards)]
    return outside, {project.display(f) for f in files}


def _score(args: argparse.Namespace, root: Path) -> int:
    dataset = load_dataset(root)
    _warn_about_problems(dataset)
    scores = dataset.scores()
    if args.format == "json":
        print(json.dumps([s.to_dict() for s in scores], indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(totals_csv_from_scores(scores), end="")
    else:
        print(_ranking_table(dataset, args.rubric, args.rubric_version))
    return 1 if dataset.problems else 0


def _warn_about_problems(dataset: Dataset) -> None:
    if dataset.problems:
        print(
            f"warning: {len(dataset.problems)} problem(s) in the data; run `scorecards validate` to see them. "
            "Files with errors are left out of the scores.",
            file=sys.stderr,
        )


def _ranking_table(dataset: Dataset, rubric_id: str, rubric_version: str | None) -> str:
    scores = dataset.scores()
    version = rubric_version or latest_version(scores, rubric_id)
    ranked, unranked = split_ranked(latest_scores(scores, rubric_id, version) if version else [])
    if not ranked and not unranked:
        return f"no assessments under rubric {rubric_id!r}" + (f" version {version!r}" if version else "")
    everyone = ranked + unranked
    width = max(len("model"), *(len(s.subject_name) for s in everyone))
    dev_width = max(len("developer"), *(len(s.developer) for s in everyone))
    header = f"{'#':>3}  {'model':<{width}}  {'developer':<{dev_width}}  {'score':>11}  {'assessed':>8}  rubric"
    lines = [header]
    for rank, s in enumerate(ranked, start=1):
        lines.append(_score_line(f"{rank:>3}", s, width, dev_width))
    if not ranked:
        lines.append("  (no complete assessment to rank: every indicator must be assessed)")
    if unranked:
        lines += [
            "",
            f"not ranked: {len(unranked)} incomplete assessment(s); the range is from unassessed "
            "indicators earning nothing to earning full credit",
        ]
        lines += [_score_line("  -", s, width, dev_width) for s in unranked]
    return "\n".join(lines)


def _score_line(rank: str, s: AssessmentScore, width: int, dev_width: int) -> str:
    shown = f"{s.total:.1f}" if s.complete else f"{s.lower:.1f}-{s.upper:.1f}"
    return (
        f"{rank}  {s.subject_name:<{width}}  {s.developer:<{dev_width}}  {shown:>11}  "
        f"{f'{s.assessed}/{s.indicator_count}':>8}  {s.rubric_id} {s.rubric_version} ({s.date.isoformat()})"
    )


def _build(args: argparse.Namespace, root: Path) -> int:
    from collector import sitebuild  # imports mkdocs: only when building

    site_dir = args.site_dir.resolve() if args.site_dir else None
    result = sitebuild.build(root, site_dir=site_dir, strict=not args.no_strict)
    if result.error:
        print(f"error: {result.error}", file=sys.stderr)
        return 1
    print(f"built {result.site_dir} in {result.seconds:.1f} s", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace, root: Path) -> int:
    from collector import sitebuild

    return sitebuild.serve(root, dev_addr=args.dev_addr)


def _collect(args: argparse.Namespace, root: Path) -> int:
    from collector.hf import project

    progress = _progress_printer() if sys.stderr.isatty() else None
    try:
        run = project.collect_hub(
            root,
            args.repo_ids,
            force=args.force,
            workers=args.workers,
            progress=progress,
            **({"run_deadline": max(args.deadline, 0.0) * 60} if args.deadline is not None else {}),
        )
    except project.CollectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "\ninterrupted: scorecards written so far are complete, the others unchanged; run again to finish",
            file=sys.stderr,
        )
        return 130
    if progress is not None:
        print(file=sys.stderr)
    print(collect_report.as_text(run.results, cards_fetched=run.summary.cards_fetched))
    from collector.hf.collect import PROBLEMS

    return 1 if any(r.status in PROBLEMS for r in run.results) else 0


def _collect_docs(args: argparse.Namespace, root: Path) -> int:
    from collector.docs import project, report
    from collector.hf.project import CollectError

    try:
        run = project.collect_documents(root, args.wanted, contact=args.contact, workers=args.workers)
    except CollectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: every archived document is either as it was or fully updated", file=sys.stderr)
        return 130
    if args.report_json:
        args.report_json.write_text(
            report.as_json(run.outcomes, started=run.started, finished=run.finished), encoding="utf-8"
        )
    if args.report_md:
        args.report_md.write_text(report.as_markdown(run.outcomes), encoding="utf-8")
    print(report.as_text(run.outcomes))
    for error in run.proposal_errors:
        print(f"warning: {error}", file=sys.stderr)
    return 0


def _collect_all(args: argparse.Namespace, root: Path) -> int:
    from collector import scheduled
    from collector.hf.project import CollectError

    try:
        report = scheduled.collect_all(root, args.developer, contact=args.contact)
    except CollectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: every file is either as it was or fully updated; run again to finish", file=sys.stderr)
        return 130
    if args.report_json:
        args.report_json.write_text(report.to_json(), encoding="utf-8")
    return _write_body(args.pr_body, [report])


def _collect_plan(args: argparse.Namespace, root: Path) -> int:
    from collector import scheduled

    if args.shards < 1:
        print("error: --shards must be 1 or more", file=sys.stderr)
        return 2
    print(json.dumps(scheduled.plan(root, args.shards)))
    return 0


def _collect_report(args: argparse.Namespace, root: Path) -> int:
    from collector import scheduled

    del root
    reports = []
    for path in args.reports:
        try:
            reports.append(scheduled.CollectionReport.from_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"error: {path}: not a report of `scorecards collect all` ({exc})", file=sys.stderr)
            return 2
    return _write_body(args.pr_body, reports)


def _write_body(path: Path | None, reports: list[Any]) -> int:
    from collector import scheduled

    body = scheduled.pull_request_body(reports)
    for report in reports:
        for error in report.errors:
            print(f"warning: {error}", file=sys.stderr)
    if body is None:
        print("no data changed: no pull request body written")
        return 0
    files = len({f for r in reports for f in r.changed_files})
    if path is not None:
        path.write_text(body, encoding="utf-8")
        print(f"{files} file(s) changed; pull request body written to {path}")
    else:
        print(body, end="")
    return 0


def _verify(args: argparse.Namespace, root: Path) -> int:
    from collector.docs import project, verify_report
    from collector.docs.verify import verify
    from collector.hf.project import CollectError

    try:
        fetcher = None if args.offline else project.make_fetcher(root, args.contact)
    except CollectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        only = _expand_paths(args.files, root)[1]
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


_IMPORTERS = {
    "fmti": "collector.imports.fmti_build",
    "eosai": "collector.imports.eosai",
    "mot": "collector.imports.mot",
}


def _import(args: argparse.Namespace, root: Path) -> int:
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


def _joins(args: argparse.Namespace, root: Path) -> int:
    from dataclasses import asdict

    from collector.joins import format_pages, multi_source_pages

    pages = multi_source_pages(load_dataset(root, check_archive=False))
    if args.format == "json":
        print(json.dumps([asdict(p) for p in pages], indent=1))
    else:
        print(format_pages(pages))
    return 0


def _review_queue(args: argparse.Namespace, root: Path) -> int:
    from collector.review_queue import as_json, format_queue, review_queue

    items = review_queue(load_dataset(root, check_archive=False), args.reviewer)
    if args.format == "json":
        print(json.dumps(as_json(items[: args.limit] if args.limit else items), indent=1, ensure_ascii=False))
    else:
        print(format_queue(items, args.limit or None))
    return 0


def _new(args: argparse.Namespace, root: Path) -> int:
    from collector.hf import new, project

    try:
        wanted = [new.Wanted(r) for r in args.repo_ids]
        if args.from_file is not None:
            wanted += new.read_repo_list(args.from_file)
        run = new.add_models(
            root,
            wanted,
            developer=args.developer,
            workers=args.workers,
            **({"run_deadline": max(args.deadline, 0.0) * 60} if args.deadline is not None else {}),
        )
    except project.CollectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "\ninterrupted: the scorecards written so far are complete, nothing half-made was left; run the same "
            "command again to add the rest (those added are then reported as already tracked)",
            file=sys.stderr,
        )
        return 130
    out, err = new.as_text(run, ProjectPaths(root))
    for line in err:
        print(line, file=sys.stderr)
    for line in out:
        print(line)
    return run.exit_status


def _progress_printer() -> Callable[[Any, int, int], None]:
    def show(result: Any, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        terminal.control("\r")
        print(f"[{bar}] {done}/{total} {result.repo_id[:40]:<40} {result.status.value:<10}", end="", file=sys.stderr)
        sys.stderr.flush()

    return show


def _schema(args: argparse.Namespace, root: Path) -> int:
    folder = ProjectPaths(root).schema
    if args.check:
        out_of_date = jsonschema.stale(folder)
        for name in out_of_date:
            print(f"schema/{name} is out of date; run `scorecards schema` and commit the result", file=sys.stderr)
        return 1 if out_of_date else 0
    for path in jsonschema.write_all(folder):
        print(f"wrote {ProjectPaths(root).display(path)}")
    return 0


# Commands that write into the project: each starts by finishing what an interrupted run left (collector/staging.py).
_WRITING = {_new, _collect, _collect_docs, _collect_all, _verify, _import}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
