"""``scorecards new``: add Hub models to the project, many in one run, losing nothing when the Hub fails part-way.

One run, in order:

1. The ids given are checked (``owner/name``, the Hub's naming rules) and deduplicated (the Hub ignores case);
   the project is loaded and validated once, to refuse the repositories a scorecard already tracks and to know
   the rubric, the developers and the subject ids taken.
2. Each card is fetched with one GET, a few at a time.  The GET gives the card's commit; a gated repository
   answers as such.  Nothing else is asked about the repository: its modalities come from the card's own
   ``pipeline_tag``, and a card whose front matter asks for gated access (``extra_gated_*``, as a token holder
   sees it) marks the weights gated.
3. A repository whose card came, or which is gated, gets a scaffold (:func:`collector.hf.project.write_scaffold`)
   and is then collected from that very card (:meth:`HubCollector.collect_fetched`), not through the collector's
   change plan: a repository that ``state/huggingface.json`` remembers (a scorecard deleted and added again) is
   collected all the same.  One collector serves the run, so a dataset or base-model card that several models
   name is fetched once.
4. A repository not found, refused or not reached gets no file; nor does one whose collection did not finish
   (its scaffold is taken back), so running the same command again later adds it.  Once
   :data:`UNREACHABLE_AFTER` cards could not be fetched, no further fetch is started: the Hub is taken to be
   unreachable, and the repositories not tried are reported with the others to run again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from collector import clock
from collector.dataset import Dataset, ProjectPaths, load_dataset
from collector.hf.card import parse_card
from collector.hf.collect import PROBLEMS, RUN_DEADLINE, HubCollector, RepoResult, RepoStatus, Target
from collector.hf.hub import CardFetch, FetchStatus, HubClient
from collector.hf.names import is_repo_id, shown
from collector.hf.project import CollectError, _hub_repo, headline_rubric, taken_ids, write_scaffold
from collector.safefiles import RefusedPathError

#: Cards that could not be fetched (failed or timed out after their retries) before no new fetch is started.
UNREACHABLE_AFTER = 3
#: Fetch outcomes that mean the Hub did not answer (for now), as opposed to an answer about the repository.
_NOT_REACHED = (FetchStatus.FAILED, FetchStatus.TIMED_OUT)
_NOT_TRIED = "not tried: the Hub did not answer the requests before it"


class Wanted(NamedTuple):
    """A repository id as given, and where it was given (``list.txt:4``; empty on the command line)."""

    repo_id: str
    where: str = ""


@dataclass
class Added:
    """What became of one repository given to ``scorecards new``."""

    repo_id: str
    path: Path | None = None  # the scorecard written; None when nothing was written
    result: RepoResult | None = None  # its collection
    error: str | None = None  # why nothing was written
    usage: bool = False  # the error is the person's to fix (exit status 2)
    unreachable: bool = False  # the Hub did not answer: run again later
    reason: str = ""  # what the Hub did instead of answering, for the run's summary
    warnings: list[str] = field(default_factory=list)


@dataclass
class NewRun:
    added: list[Added]
    cards_fetched: int = 0

    @property
    def written(self) -> list[Added]:
        return [a for a in self.added if a.path is not None]

    @property
    def unreachable(self) -> list[Added]:
        return [a for a in self.added if a.unreachable]

    @property
    def exit_status(self) -> int:
        """2 when an id was the person's mistake (invalid, already tracked, not on the Hub), else 1 when a
        repository could not be added (the Hub unreachable, no card, refused), else 0."""
        if any(a.usage for a in self.added):
            return 2
        if any(a.error is not None or (a.result is not None and a.result.status in PROBLEMS) for a in self.added):
            return 1
        return 0


def read_repo_list(path: Path) -> list[Wanted]:
    """The repository ids in a file: one a line; ``#`` starts a comment; blank lines are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM an editor added is not part of the first id
    except (OSError, UnicodeDecodeError) as exc:
        raise CollectError(f"{path}: cannot read the list of repositories ({exc}); give a UTF-8 text file") from None
    wanted = []
    for number, line in enumerate(text.splitlines(), start=1):
        repo_id = line.split("#", 1)[0].strip()
        if repo_id:
            wanted.append(Wanted(repo_id, f"{path}:{number}"))
    return wanted


def add_models(
    root: Path,
    wanted: Sequence[Wanted | str],
    *,
    client: HubClient | None = None,
    developer: str | None = None,
    today: dt.date | None = None,
    workers: int = 8,
    run_deadline: float = RUN_DEADLINE,
) -> NewRun:
    """Scaffold and collect a scorecard for each Hub repository in ``wanted`` (see the module docstring)."""
    if not wanted:
        raise CollectError("no repository given; name one (owner/name, e.g. tiiuae/falcon-7b) or pass --from-file")
    today = today or clock.today()
    dataset = load_dataset(root, check_archive=False)
    rubric_id, version = headline_rubric(dataset)  # a CollectError: nothing can be added
    outcomes = _checked(dataset, [w if isinstance(w, Wanted) else Wanted(w) for w in wanted])
    to_fetch = [repo_id for repo_id, added in outcomes.items() if added.error is None]
    collector = HubCollector(
        client or HubClient(),
        archive_dir=ProjectPaths(root).archive,
        state_path=root / "state" / "huggingface.json",
        rubric_id=rubric_id,
        rubric_version=version,
        today=today,
        workers=workers,
        checklists={i.id: [e.id for e in i.elements] for i in dataset.rubrics[(rubric_id, version)].indicators},
        run_deadline=run_deadline,
    )
    run = NewRun(list(outcomes.values()))
    taken = taken_ids(dataset)
    adder = _Adder(root, dataset, collector, taken, today, developer)
    deadline = collector.begin()
    try:
        for repo_id, fetched in _fetch_all(collector.client, to_fetch, workers, deadline):
            run.cards_fetched += fetched.status is FetchStatus.OK
            adder.add(outcomes[repo_id], fetched)
    finally:
        if to_fetch:  # what was collected stays remembered, even when interrupted
            collector.save_state()
    return run


def _checked(dataset: Dataset, wanted: list[Wanted]) -> dict[str, Added]:
    """Each distinct repository given (the first spelling of it), with the usage error that rules it out."""
    tracked = {}
    for loaded in dataset.scorecards:
        repo = _hub_repo(loaded)
        if repo is not None:
            tracked[repo.lower()] = loaded.display
    outcomes: dict[str, Added] = {}
    seen: set[str] = set()
    for repo_id, where in wanted:
        if repo_id.lower() in seen:
            continue
        seen.add(repo_id.lower())
        added = Added(repo_id)
        at = f"{where}: " if where else ""
        if "/" not in repo_id or not is_repo_id(repo_id):
            added.error = f"{at}{shown(repo_id)} is not a Hub repo id; expected owner/name, e.g. tiiuae/falcon-7b"
            added.usage = True
        elif repo_id.lower() in tracked:
            added.error = f"{at}{repo_id} is already tracked by {tracked[repo_id.lower()]}; collect it with " \
                f"`scorecards collect hf {repo_id}`"  # fmt: skip
            added.usage = True
        outcomes[repo_id] = added
    return outcomes


def _fetch_all(
    client: HubClient, repo_ids: list[str], workers: int, deadline: float
) -> Iterator[tuple[str, CardFetch]]:
    """Each repository's card as it arrives, at most ``workers`` at a time.  After :data:`UNREACHABLE_AFTER` cards
    that could not be fetched no new fetch starts; the repositories left are yielded as not tried."""
    queue = iter(repo_ids)
    running: dict[Future[CardFetch], str] = {}
    failures = 0
    pool = ThreadPoolExecutor(max_workers=max(workers, 1))

    def start_next() -> None:
        for repo_id in queue:
            running[pool.submit(client.fetch_card, repo_id, "main", deadline=deadline)] = repo_id
            return

    try:
        for _ in range(max(workers, 1)):
            start_next()
        while running:
            # Every request gives up at the deadline; the margin only covers a worker that has yet to notice.
            done, _ = wait(running, timeout=max(deadline - time.monotonic(), 0.0) + 5.0, return_when=FIRST_COMPLETED)
            if not done:
                for future, repo_id in sorted(running.items(), key=lambda item: item[1].lower()):
                    future.cancel()
                    yield repo_id, CardFetch(FetchStatus.TIMED_OUT, message="timed out: the run's deadline passed")
                return
            for future in done:
                repo_id = running.pop(future)
                fetched = future.result()
                failures += fetched.status in _NOT_REACHED
                if failures < UNREACHABLE_AFTER:
                    start_next()
                yield repo_id, fetched
        for repo_id in queue:
            yield repo_id, CardFetch(FetchStatus.FAILED, message=_NOT_TRIED)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class _Adder:
    """What adding one repository needs from the run: the project, its collector, and the ids taken so far."""

    root: Path
    dataset: Dataset
    collector: HubCollector
    taken: set[str]
    today: dt.date
    developer: str | None

    def add(self, added: Added, fetched: CardFetch) -> None:
        """Scaffold and collect one repository from its fetched card, or say why nothing was written."""
        repo_id = added.repo_id
        if fetched.status in _NOT_REACHED:
            added.error, added.unreachable = f"{repo_id}: the Hub could not be reached ({fetched.message})", True
            added.reason = fetched.message
            return
        if fetched.status is FetchStatus.NOT_FOUND:
            added.error = f"{repo_id} was not found on the Hub (or it is private); check the spelling"
            added.usage = True
            return
        if fetched.status not in (FetchStatus.OK, FetchStatus.GATED):
            added.error = f"{repo_id}: {fetched.message or fetched.status.value}; no scorecard was written"
            return
        metadata = parse_card(fetched.content).metadata if fetched.status is FetchStatus.OK else {}
        gated = fetched.status is FetchStatus.GATED or any(str(k).startswith("extra_gated") for k in metadata)
        tag = metadata.get("pipeline_tag")
        try:
            path = write_scaffold(
                self.root,
                self.dataset,
                repo_id,
                gated=gated,
                pipeline_tag=tag if isinstance(tag, str) else None,
                taken=self.taken,
                today=self.today,
                developer=self.developer,
                warnings=added.warnings,
            )
        except (OSError, RefusedPathError) as exc:
            added.error = f"{repo_id}: the scorecard could not be written ({exc}); nothing was written"
            return
        try:
            result = self.collector.collect_fetched(Target(repo_id, path), fetched)
        except BaseException:
            _take_back(self.root, path)  # interrupted between the scaffold and its claims: as if never started
            raise
        added.result = result
        if result.status in PROBLEMS:  # collection did not finish: no half-made scorecard is left behind
            _take_back(self.root, path)
            # a related card not reached (the collector's message names it) is the Hub's doing: run again later
            added.unreachable = result.status is RepoStatus.TIMED_OUT or result.message.startswith("the card of ")
            added.error, added.reason = f"{repo_id}: {result.message}; no scorecard was written", result.message
            added.warnings.clear()
            return
        added.path = path


def _take_back(root: Path, path: Path) -> None:
    path.unlink(missing_ok=True)
    folder = path.parent
    if folder != ProjectPaths(root).scorecards and not any(folder.iterdir()):
        folder.rmdir()


def as_text(run: NewRun, paths: ProjectPaths) -> tuple[list[str], list[str]]:
    """What to print: lines for standard output, and error and warning lines for standard error."""
    out: list[str] = []
    err: list[str] = []
    for added in run.added:
        if added.error is not None:
            err.append(f"error: {added.error}")
        for warning in added.warnings:
            err.append(f"warning: {paths.display(added.path) if added.path else added.repo_id}: {warning}")
        if added.path is not None:
            out.append(f"wrote {paths.display(added.path)}")
    results = [a.result for a in run.added if a.result is not None and a.path is not None]
    if results:
        from collector import collect_report

        out.append(collect_report.as_text(results, cards_fetched=run.cards_fetched))
    missed = run.unreachable
    if missed:
        first = next((a.reason for a in missed if a.reason != _NOT_TRIED), missed[0].reason)
        again = " ".join(a.repo_id for a in missed) if len(missed) <= 10 else "the repositories named above"
        err.append(
            f"error: the Hub could not be reached ({first}); nothing was written for {len(missed)} "
            f"repositor{'y' if len(missed) == 1 else 'ies'}; run again later: scorecards new {again}"
        )
    return out, err
