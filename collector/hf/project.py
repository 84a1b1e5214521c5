"""The Hugging Face collector applied to a project: which scorecards, which rubric, new scorecards."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from collector import clock
from collector.dataset import Dataset, ProjectPaths, load_dataset
from collector.developers import DeveloperIndex, slug
from collector.hf.collect import RUN_DEADLINE, HubCollector, RepoResult, RepoStatus, RunSummary, Target
from collector.hf.hub import FetchStatus, FinalError, HubClient, RepoInfo, TransientError
from collector.hf.names import is_repo_id
from collector.loading import Loaded
from collector.ranking import version_key
from collector.schema import Scorecard, is_slug
from collector.store import write_atomically

DEFAULT_RUBRIC = "transparency"
_PIPELINE_MODALITIES = {
    "text": (
        "text",
        "fill-mask",
        "token-classification",
        "question-answering",
        "summarization",
        "translation",
        "conversational",
        "sentence-similarity",
        "feature-extraction",
        "zero-shot-class",
    ),
    "image": ("image", "object-detection", "depth-estimation", "mask-generation", "unconditional-image-generation"),
    "audio": ("audio", "speech", "voice"),
    "video": ("video",),
    "tabular": ("tabular",),
    "action": ("reinforcement-learning", "robotics"),
}


class CollectError(Exception):
    """A usage problem: the message says what to do."""


@dataclass
class CollectionRun:
    summary: RunSummary
    skipped: list[RepoResult] = field(default_factory=list)

    @property
    def results(self) -> list[RepoResult]:
        return self.skipped + self.summary.results


def headline_rubric(dataset: Dataset) -> tuple[str, str]:
    versions = [v for (rid, v) in dataset.rubrics if rid == DEFAULT_RUBRIC]
    if not versions:
        raise CollectError(f"no rubric {DEFAULT_RUBRIC!r} in rubrics/; the collector maps cards to its indicators")
    return DEFAULT_RUBRIC, max(versions, key=version_key)


def collect_hub(root: Path, repo_ids: Sequence[str] = (), *, client: HubClient | None = None,
                today: dt.date | None = None, force: bool = False, workers: int = 8,
                progress: Callable[[RepoResult, int, int], None] | None = None,
                run_deadline: float = RUN_DEADLINE) -> CollectionRun:  # fmt: skip
    """Collect every tracked Hub repository (or ``repo_ids``) into its scorecard."""
    paths = ProjectPaths(root)
    dataset = load_dataset(root, check_archive=False)
    rubric_id, version = headline_rubric(dataset)
    tracked: dict[str, Target] = {}
    skipped: list[RepoResult] = []
    broken = dataset.files_with_errors()
    for loaded in dataset.scorecards:
        repo = _hub_repo(loaded)
        if repo is None:
            continue
        if loaded.display in broken or loaded.model is None:
            skipped.append(
                RepoResult(
                    repo,
                    RepoStatus.FAILED,
                    f"{loaded.display} has validation errors; fix them first (scorecards validate)",
                )
            )
            continue
        tracked[repo.lower()] = Target(repo, loaded.path)
    if repo_ids:
        unknown = [r for r in repo_ids if r.lower() not in tracked]
        if unknown:
            raise CollectError(
                f"not tracked by any scorecard: {', '.join(unknown)}; add one with `scorecards new {unknown[0]}`"
            )
        targets = [tracked[r.lower()] for r in repo_ids]
        skipped = [s for s in skipped if s.repo_id.lower() in {r.lower() for r in repo_ids}]
    else:
        targets = list(tracked.values())
    collector = HubCollector(
        client or HubClient(),
        archive_dir=paths.archive,
        state_path=root / "state" / "huggingface.json",
        rubric_id=rubric_id,
        rubric_version=version,
        today=today or clock.today(),
        workers=workers,
        progress=progress,
        checklists={i.id: [e.id for e in i.elements] for i in dataset.rubrics[(rubric_id, version)].indicators},
        run_deadline=run_deadline,
    )
    return CollectionRun(collector.run(targets, force=force), skipped)


def _hub_repo(loaded: Loaded[Scorecard]) -> str | None:
    """The Hub repo a scorecard tracks; read from the raw YAML when the file does not validate."""
    if loaded.model is not None:
        return loaded.model.subject.links.huggingface
    data = loaded.document.data if loaded.document is not None else None
    try:
        repo = data["subject"]["links"]["huggingface"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    return repo if isinstance(repo, str) else None


def scaffold(
    root: Path,
    repo_id: str,
    *,
    client: HubClient | None = None,
    today: dt.date | None = None,
    developer: str | None = None,
    warnings: list[str] | None = None,
) -> Path:
    """Write a new scorecard for a Hub model not yet tracked; return its path.  What the person should check
    (a developer that developers.yaml does not place) is appended to ``warnings``."""
    if "/" not in repo_id or not is_repo_id(repo_id):
        raise CollectError(f"{repo_id!r} is not a Hub repo id; expected owner/name, e.g. tiiuae/falcon-7b")
    dataset = load_dataset(root, check_archive=False)
    for loaded in dataset.scorecards:
        repo = loaded.model.subject.links.huggingface if loaded.model else None
        if repo and repo.lower() == repo_id.lower():
            raise CollectError(f"{repo_id} is already tracked by {loaded.display}")
    headline_rubric(dataset)
    client = client or HubClient()
    try:
        info = client.repo_info(repo_id)
    except (TransientError, FinalError) as exc:
        raise CollectError(f"{repo_id}: the Hub did not answer ({exc}); try again later") from None
    if info is FetchStatus.NOT_FOUND:
        raise CollectError(f"{repo_id} was not found on the Hub (or it is private); check the spelling")
    if not isinstance(info, RepoInfo):
        info = RepoInfo(repo_id, None, gated=True)
    return write_scaffold(
        root,
        dataset,
        repo_id,
        gated=bool(info.gated),
        pipeline_tag=info.pipeline_tag,
        taken=taken_ids(dataset),
        today=today or clock.today(),
        developer=developer,
        warnings=warnings,
    )


def taken_ids(dataset: Dataset) -> set[str]:
    """Subject ids a new scorecard must not take: every valid scorecard's, and every file's name (a file that does
    not validate still holds its name, and writing over it would lose it)."""
    return {loaded.model.subject.id for loaded in dataset.scorecards if loaded.model} | {
        loaded.path.stem for loaded in dataset.scorecards
    }


def write_scaffold(
    root: Path,
    dataset: Dataset,
    repo_id: str,
    *,
    gated: bool,
    pipeline_tag: str | None,
    taken: set[str],
    today: dt.date,
    developer: str | None = None,
    warnings: list[str] | None = None,
) -> Path:
    """Write the scaffold of a new scorecard for ``repo_id`` (checked by the caller); return its path.  Its subject
    id is added to ``taken``, so that a run adding several repositories gives each its own."""
    owner, name = repo_id.split("/", 1)
    subject_id = _unique(_slug(name), _slug(owner), taken)
    taken.add(subject_id)
    placed = place_new(dataset.developers, repo_id, developer)
    if placed.warning and warnings is not None:
        warnings.append(placed.warning)
    path = ProjectPaths(root).scorecards / placed.folder / f"{subject_id}.yaml"
    rubric_id, version = headline_rubric(dataset)
    text = _scaffold_text(
        subject_id,
        name=name,
        developer=placed.developer,
        repo_id=repo_id,
        access="gated-weights" if gated else "open-weights",
        modalities=_modalities(pipeline_tag),
        rubric_id=rubric_id,
        version=version,
        today=today,
    )
    write_atomically(path, text, inside=root)
    return path


@dataclass(frozen=True)
class Placement:
    """Where a new scorecard goes: its developer's folder and the name it records."""

    folder: str
    developer: str
    warning: str | None = None  # set when developers.yaml did not place it for certain


def place_new(index: DeveloperIndex, repo_id: str, developer: str | None = None) -> Placement:
    """The developer of a new scorecard: ``developer`` as given (resolved through the list), else the developer
    whose Hub namespaces include the repository's (the Hub's own owner, unlike a name a card may claim)."""
    owner = repo_id.split("/", 1)[0]
    if developer:
        listed = index.resolve(developer)
        if listed is not None:
            return Placement(listed.id, listed.name)
        return Placement(
            slug(developer) or _slug(owner),
            developer,
            f"the developer {developer!r} is not in developers.yaml. {_did_you_mean(index, developer)}Add it "
            "(id, name, hub_namespaces), or this spelling to a developer's aliases, or give a listed name",
        )
    listed = index.resolve_repo(repo_id)
    if listed is not None:
        return Placement(listed.id, listed.name)
    listed = index.resolve(owner)  # the namespace spells a listed name: likely, not certain, its own
    if listed is not None:
        return Placement(
            listed.id,
            listed.name,
            f"the Hub namespace {owner!r} is not in developers.yaml; filed under {listed.name} because it spells "
            f"that name: if {owner!r} is {listed.name}'s own namespace, add it to its hub_namespaces, else move "
            "the file and name the developer",
        )
    return Placement(
        slug(owner) or _slug(owner),
        owner,
        f"the Hub namespace {owner!r} is not in developers.yaml; filed under scorecards/{slug(owner)}/ with the "
        f"developer {owner!r}. {_did_you_mean(index, owner)}If it is a listed developer's own namespace (never a "
        "re-uploader's), add it to that developer's hub_namespaces in developers.yaml and give this file that "
        "developer and folder; else add the developer (id, name, hub_namespaces). Next time, --developer NAME "
        "names it",
    )


def _did_you_mean(index: DeveloperIndex, name: str) -> str:
    closest = index.closest(name)
    return f"Did you mean {closest!r}? " if closest else ""


def _scaffold_text(
    subject_id: str,
    *,
    name: str,
    developer: str,
    repo_id: str,
    access: str,
    modalities: list[str],
    rubric_id: str,
    version: str,
    today: dt.date,
) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schema/scorecard.schema.json",
        "# Scaffolded by `scorecards new`; the collector fills in claims. Check the subject fields by hand.",
        "schema_version: 1",
        "subject:",
        f"  id: {subject_id}",
        f"  name: {_quoted(name)}",
        f"  developer: {_quoted(developer)}",
        f"  access: {access}",
    ]
    if modalities:
        lines.append(f"  modalities: [{', '.join(modalities)}]")
    lines += [
        "  links:",
        f"    huggingface: {repo_id}",
        "assessments:",
        f"  - rubric: {rubric_id}",
        f'    rubric_version: "{version}"',
        f"    date: {today.isoformat()}",
        "    indicators: {}",
    ]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _modalities(pipeline_tag: str | None) -> list[str]:
    if not pipeline_tag:
        return []
    found = [m for m, keys in _PIPELINE_MODALITIES.items() if any(k in pipeline_tag for k in keys)]
    return sorted(set(found)) or ["other"]


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")
    slug = re.sub(r"[-.]{2,}", "-", slug)
    return slug or "model"


def _unique(slug: str, owner: str, taken: set[str]) -> str:
    for candidate in (slug, f"{owner}-{slug}"):
        if candidate not in taken and is_slug(candidate):
            return candidate
    counter = 2
    while f"{owner}-{slug}-{counter}" in taken:
        counter += 1
    return f"{owner}-{slug}-{counter}"
