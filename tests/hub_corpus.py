"""The 2023 corpus of real Hub cards (25,103 of them) as a project: a scorecard per card, a replay Hub serving them.

Shared by the corpus test (tests/test_hf_corpus.py) and the benchmark (benchmarks/collect_hub.py), so that both
build the same tree and run the same collection and validation:

- :func:`unpack` writes the cards of ``tests/fixtures/hf/corpus-model-cards-2023.tgz`` (see its PROVENANCE.md)
  to a folder, one file per Hub repository id;
- :func:`make_project` builds a project around them: the shipped rubrics, an empty archive, and one scorecard per
  repository as ``scorecards new`` scaffolds it (the repository's name, its owner as developer, no claims);
- :class:`ReplayHubProcess` serves the cards from the local replay Hub (tests/hub_replay.py) in a separate
  process, so that the collector and the server do not share one interpreter (nor its lock);
- :func:`validate_tree` validates the tree with the code behind ``scorecards validate`` (quotes checked against
  the archive) and sorts what it finds into files with errors, grouped by kind of message.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import re
import shutil
import tarfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collector.dataset import load_dataset
from collector.hf.collect import HubCollector, RepoResult, Target
from collector.hf.hub import CardFetch, FetchStatus, HubClient
from collector.hf.names import is_repo_id
from collector.hf.project import headline_rubric
from collector.problems import Problem, Severity
from tests.hub_replay import ReplayRepo

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "fixtures" / "hf" / "corpus-model-cards-2023.tgz"


def repo_id_of(name: str) -> str:
    """``owner_repo_README.md`` -> ``owner/repo`` (the owner is everything before the first underscore)."""
    stem = name.removesuffix("_README.md")
    owner, _, repo = stem.partition("_")
    return f"{owner}/{repo or 'model'}"


def unpack(corpus: Path, target: Path, limit: int | None = None) -> dict[str, Path]:
    """The corpus's cards written to ``target``, by Hub repository id (the first card of a repeated id wins).

    A file name that does not make a Hub repository id is left out.  (``subaqua/_unofficial-WD1.4-fp16-safetensors``
    starts with ``_``, which the Hub allows: the schema's ``HUB_REPO_PATTERN`` follows the Hub's rules, and the test
    holds it to them.)
    """
    cards: dict[str, Path] = {}
    with tarfile.open(corpus) as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith("_README.md"):
                continue
            repo_id = repo_id_of(Path(member.name).name)
            if repo_id in cards or not is_repo_id(repo_id):
                continue
            path = target / f"{len(cards):05d}.md"
            with archive.extractfile(member) as source:  # type: ignore[union-attr]
                path.write_bytes(source.read())
            cards[repo_id] = path
            if limit and len(cards) >= limit:
                break
    return cards


def _folder_of(owner: str) -> str:
    return re.sub(r"-{2,}", "-", "".join(c if c.isalnum() else "-" for c in owner.lower())).strip("-") or "x"


def make_project(root: Path, repo_ids: list[str], today: dt.date) -> dict[str, Path]:
    """A project at ``root`` with the shipped rubrics and one claimless scorecard per repository, assessed on the
    headline rubric's newest version as ``scorecards new`` does; returns the scorecard of each repository.

    The subject is named after the repository, as ``scorecards new`` names it (validation checks that a Hub link
    and the subject's name agree); ids are numbered, so that thousands of same-named repositories stay distinct.
    """
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    (root / "archive").mkdir(parents=True)
    rubric, version = headline_rubric(load_dataset(root, today=today))
    paths: dict[str, Path] = {}
    for index, repo_id in enumerate(repo_ids):
        owner, name = repo_id.split("/", 1)
        path = root / "scorecards" / _folder_of(owner) / f"m{index}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "schema_version: 1\nsubject:\n"
            f"  id: m{index}\n  name: {_quoted(name)}\n  developer: {_quoted(owner)}\n  access: open-weights\n"
            f"  links:\n    huggingface: {repo_id}\n"
            f'assessments:\n  - rubric: {rubric}\n    rubric_version: "{version}"\n    date: {today.isoformat()}\n'
            "    indicators: {}\n",
            encoding="utf-8",
        )
        paths[repo_id] = path
    return paths


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ------------------------------------------------------------------------------------------------- the replay Hub


def _serve(cards: dict[str, Path], ready: Any, stop: Any, asks: Any) -> None:
    """The server process: answers the Hub's API for ``cards`` until ``stop`` is set; reports its request count
    on ``ready`` each time ``asks`` receives something."""
    from tests.hub_replay import HubReplayServer

    def lookup(repo_id: str) -> ReplayRepo | None:
        path = cards.get(repo_id)
        return ReplayRepo(repo_id, path.read_bytes()) if path else None

    with HubReplayServer(lookup, quota=10**9, window=1) as server:
        ready.put(server.url)
        while not stop.wait(0.1):
            while not asks.empty():
                asks.get()
                ready.put(len(server.requests))


class ReplayHubProcess:
    """The replay Hub serving ``cards`` (repository id -> card file) from a separate process; a context manager."""

    def __init__(self, cards: dict[str, Path]) -> None:
        context = mp.get_context("spawn")  # not fork: the test process has threads (pytest's, the client's)
        self._ready = context.Queue()
        self._asks = context.Queue()
        self._stop = context.Event()
        self._process = context.Process(target=_serve, args=(cards, self._ready, self._stop, self._asks), daemon=True)
        self.url = ""

    def __enter__(self) -> ReplayHubProcess:
        self._process.start()
        self.url = str(self._ready.get(timeout=120))
        return self

    def requests(self) -> int:
        """How many requests the server has received so far."""
        self._asks.put(1)
        return int(self._ready.get(timeout=60))

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=10)


# ------------------------------------------------------------------------------------------------------ collection


def collect_in_process(
    root: Path, cards: dict[str, Path], scorecards: dict[str, Path], hub_url: str, today: dt.date
) -> list[RepoResult]:
    """Each card read, turned into claims, merged into its scorecard and archived by the Hub collector's own code
    (:meth:`HubCollector._process`, as a run does once a card has arrived), without the card's own HTTP round
    trip: the bytes are the ones the replay Hub would send, at the commit it would report. Base models' and
    datasets' cards are still fetched from ``hub_url``. The run's bookkeeping (planning, threads, state file) is
    left out; benchmarks/collect_hub.py runs the whole collection over HTTP."""
    dataset = load_dataset(root, today=today, check_archive=False)
    rubric_id, version = headline_rubric(dataset)
    collector = HubCollector(
        HubClient(endpoint=hub_url, token=False, timeout=30.0),
        archive_dir=root / "archive",
        state_path=root / "state" / "huggingface.json",
        rubric_id=rubric_id,
        rubric_version=version,
        today=today,
        checklists={i.id: [e.id for e in i.elements] for i in dataset.rubrics[(rubric_id, version)].indicators},
    )
    results = []
    for repo_id, card in cards.items():
        content = card.read_bytes()
        fetched = CardFetch(FetchStatus.OK, content, ReplayRepo(repo_id, content).sha)
        results.append(collector._process(Target(repo_id, scorecards[repo_id]), fetched))
    return results


# ------------------------------------------------------------------------------------------------------ validation

# Parts of a validation message that differ from file to file (quoted text, numbers, paths), folded away to group
# messages by kind.
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|archive/\S+|\d+")


@dataclass
class TreeValidation:
    """What validation found in a tree: errors by file, and the kinds of message with an example of each."""

    files: int
    errors: dict[str, list[Problem]] = field(default_factory=dict)
    warnings: int = 0

    @property
    def kinds(self) -> Counter[str]:
        """Files with each kind of error (a message with its quoted parts and numbers folded away)."""
        return Counter(kind for problems in self.errors.values() for kind in {kind_of(p) for p in problems})

    def examples(self, per_kind: int = 3) -> dict[str, list[Problem]]:
        found: dict[str, list[Problem]] = defaultdict(list)
        for problems in self.errors.values():
            for problem in problems:
                if len(found[kind_of(problem)]) < per_kind:
                    found[kind_of(problem)].append(problem)
        return dict(found)

    def summary(self, first: int = 10) -> str:
        """The files with errors, the first ``first`` of them with their problems, for a failure message."""
        lines = [f"{len(self.errors)} of {self.files} scorecards have errors"]
        for kind, count in self.kinds.most_common():
            lines.append(f"  {count:5d} files: {kind}")
        for problems in list(self.errors.values())[:first]:
            lines += [f"  {p.file}:{p.line}: {p.path}: {p.message[:300]}" for p in problems[:3]]
        return "\n".join(lines)


def kind_of(problem: Problem) -> str:
    return _VARYING.sub("…", problem.path + ": " + problem.message)[:160]


def validate_tree(root: Path, today: dt.date) -> TreeValidation:
    """The tree validated as ``scorecards validate`` does, quotes checked against the archived cards."""
    dataset = load_dataset(root, today=today, check_archive=True)
    result = TreeValidation(files=len(dataset.scorecards))
    for problem in dataset.problems:
        if problem.severity is Severity.ERROR:
            result.errors.setdefault(problem.file, []).append(problem)
        else:
            result.warnings += 1
    return result
