"""The commands that collect: collect hf/docs/all/plan/report, and new (add Hub models)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from collector import collect_report, terminal
from collector.dataset import ProjectPaths

CONTACT_HELP = "contact URL for the user agent (default: $SCORECARDS_CONTACT, then repo_url in mkdocs.yml)"


def add_collect(commands: Any) -> None:
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
    hub.set_defaults(handler=collect_hub)
    docs = sources.add_parser(
        "docs",
        help="vendor documents declared in sources/",
        description="Fetch the documents declared in sources/*.yaml (politely: robots.txt, one request at a time "
        "per host, conditional requests), archive each one's text when it changed, and propose claims where new "
        "passages match an indicator's keywords. Failures are reported, and leave the archive as it was.",
    )
    docs.add_argument("wanted", nargs="*", metavar="DOC", help="only these: a developer, or developer/document")
    docs.add_argument("--contact", help=CONTACT_HELP)
    docs.add_argument("--report-json", type=Path, metavar="FILE", help="also write the run report as JSON")
    docs.add_argument("--report-md", type=Path, metavar="FILE", help="also write it as Markdown, for a pull request")
    docs.add_argument("--workers", type=int, default=4, help="hosts fetched at once (default: 4)")
    docs.set_defaults(handler=collect_docs)
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
    everything.add_argument("--contact", help=CONTACT_HELP)
    everything.add_argument("--pr-body", type=Path, metavar="FILE", help="write the pull-request body here")
    everything.add_argument("--report-json", type=Path, metavar="FILE", help="write the run report as JSON")
    everything.set_defaults(handler=collect_all)
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


def add_new(commands: Any) -> None:
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
    new.set_defaults(handler=new_models)


def collect_hub(args: argparse.Namespace, root: Path) -> int:
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


def collect_docs(args: argparse.Namespace, root: Path) -> int:
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


def collect_all(args: argparse.Namespace, root: Path) -> int:
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


def new_models(args: argparse.Namespace, root: Path) -> int:
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
