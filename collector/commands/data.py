"""The commands that read the data: validate, score, build, serve, joins, review-queue, schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from collector import jsonschema, reporting
from collector.dataset import Dataset, ProjectPaths, find_yaml_files, load_dataset
from collector.ranking import latest_scores, latest_version, split_ranked
from collector.render.exports import totals_csv_from_scores
from collector.scoring import AssessmentScore


def add_checks(commands: Any) -> None:
    """Add the validate, score, build and serve commands."""
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


def add_listings(commands: Any) -> None:
    """Add the joins, review-queue and schema commands."""
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


def _validate(args: argparse.Namespace, root: Path) -> int:
    extra, wanted = expand_paths(args.paths, root)
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


def expand_paths(paths: Sequence[Path], root: Path) -> tuple[list[Path], set[str] | None]:
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
