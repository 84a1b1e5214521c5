"""Validation of identities: every imported record on a page is joined by a strong key, and names don't contradict.

- A record joined by ``huggingface`` names the scorecard's own Hub repository.
- A record joined by ``identity`` has a reviewed entry in ``imports/identities.yaml``.
- A page holds records of one ``own`` kind only: a second record placed there by a shared name is an error.
- A join, a reviewed entry or a Hub link whose names disagree on size, version or variant is an error unless a
  person wrote down why (``name_difference`` on the entry, ``identity_note`` on the subject).
- Two files of one developer with the same normalized name are probably one model: a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from collector.developers import DeveloperIndex
from collector.identity import conversion, disagreements, normalized_name, repository_name
from collector.loading import Loaded
from collector.problems import Problem, Severity
from collector.schema import Developer, IdentityEntry, IdentityList, JoinKey, Scorecard

IDENTITIES_FILE = "imports/identities.yaml"


def reviewed_keys(identities: IdentityList | None) -> set[tuple[str, str, str]]:
    """(index, record, subject) of every reviewed entry."""
    if identities is None:
        return set()
    return {(e.index, e.record, e.subject) for e in identities.identities}


def check_duplicates(loaded: Loaded[IdentityList], scorecards: Iterable[Loaded[Scorecard]]) -> list[Problem]:
    """A reviewed duplicate's ``of`` must be a record some scorecard holds, and the skipped one none."""
    if loaded.model is None:
        return []
    held = {
        (a.rubric, a.record.id)
        for c in scorecards
        if c.model is not None
        for a in c.model.assessments
        if a.record is not None
    }
    problems = []
    for index, entry in enumerate(loaded.model.duplicates):
        if (entry.index, entry.of) not in held:
            problems.append(
                _warning(
                    loaded.problem_at(
                        ("duplicates", index, "of"),
                        f"no scorecard holds {entry.index} record {entry.of!r}; run the import, or fix the entry",
                    )
                )
            )
        if (entry.index, entry.record) in held:
            problems.append(
                loaded.problem_at(
                    ("duplicates", index, "record"),
                    f"{entry.index} record {entry.record!r} is listed as a duplicate but a scorecard still holds "
                    "it; run the import again to merge it",
                )
            )
    return problems


def check_joins(loaded: Loaded[Scorecard], reviewed: set[tuple[str, str, str]]) -> list[Problem]:
    """Each imported record on this page is joined by a key that holds, and its name does not contradict."""
    card = loaded.model
    if card is None:
        return []
    problems = []
    hub = (card.subject.links.huggingface or "").lower()
    owner: tuple[str, str] | None = None
    for index, assessment in enumerate(card.assessments):
        record = assessment.record
        if record is None:
            continue
        at = ("assessments", index, "record", "joined_by")
        key = (assessment.rubric, record.id)
        if record.joined_by is JoinKey.OWN:
            if owner is not None and owner != key:
                problems.append(
                    loaded.problem_at(
                        at,
                        f"{assessment.rubric} record {record.id!r} ({record.name}) shares this page with "
                        f"{owner[0]} record {owner[1]!r}, which the page was made from: a shared name is not a "
                        "shared identity. Re-run the import to split them, or, if they are one model, join it by a "
                        f"reviewed entry in {IDENTITIES_FILE} (joined_by: identity)",
                    )
                )
            owner = owner or key
            continue
        if record.joined_by is JoinKey.IDENTITY:
            if (assessment.rubric, record.id, card.subject.id) not in reviewed:
                problems.append(
                    loaded.problem_at(
                        at,
                        f"joined by identity, but {IDENTITIES_FILE} has no entry {{index: {assessment.rubric}, "
                        f"record: {record.id}, subject: {card.subject.id}}}; add one that says why",
                    )
                )
            continue
        if not record.huggingface or record.huggingface.lower() != hub:
            problems.append(
                loaded.problem_at(
                    at,
                    f"joined by huggingface, but the record names {record.huggingface or 'no repository'} and "
                    f"this scorecard tracks {card.subject.links.huggingface or 'none'}; the key does not hold",
                )
            )
            continue
        differ = disagreements(record.name, card.subject.name)
        if differ:
            problems.append(
                loaded.problem_at(
                    at,
                    f"the record {record.name!r} names this Hub repository, but its name disagrees with "
                    f"{card.subject.name!r} on {'; '.join(differ)}: one of the two links is probably wrong. If they "
                    f"are one model, add a reviewed entry to {IDENTITIES_FILE} with name_difference saying why "
                    "and set joined_by: identity",
                )
            )
    return problems


def check_hub_link_name(loaded: Loaded[Scorecard]) -> list[Problem]:
    """A Hub link whose repository name contradicts the model's name (size, version, variant) is an error."""
    card = loaded.model
    if card is None or card.subject.links.huggingface is None or card.subject.identity_note:
        return []
    repo = card.subject.links.huggingface
    differ = disagreements(card.subject.name, repository_name(repo))
    if not differ:
        return []
    return [
        loaded.problem_at(
            ("subject", "links", "huggingface"),
            f"the repository {repo!r} disagrees with the model's name {card.subject.name!r} on {'; '.join(differ)}; "
            "link the model's own repository, or, if this is it (e.g. renamed upstream), say why in "
            "subject.identity_note",
        )
    ]


def check_hub_namespace(loaded: Loaded[Scorecard], developers: DeveloperIndex) -> list[Problem]:
    """A Hub link outside its developer's namespaces (when developers.yaml lists some) is a warning, and an error
    when the repository is a conversion (GGUF, GPTQ, ...): someone's copy of the weights, not the model's own."""
    card = loaded.model
    if card is None or card.subject.links.huggingface is None or card.subject.identity_note:
        return []
    repo = card.subject.links.huggingface
    developer = developers.resolve(card.subject.developer)
    namespaces = owned_namespaces(developers, developer) if developer is not None else set()
    if repo.split("/", 1)[0].casefold() in namespaces:
        return []
    converted = conversion(repo)
    if converted:
        return [
            loaded.problem_at(
                ("subject", "links", "huggingface"),
                f"{repo!r} is a {converted} conversion outside the developer's Hub namespaces: someone's copy of the "
                "weights, not the model's own repository. Link the developer's repository, or, if this is it, say "
                "why in subject.identity_note",
            )
        ]
    if developer is None or not namespaces:
        return []
    return [
        _warning(
            loaded.problem_at(
                ("subject", "links", "huggingface"),
                f"{repo!r} is outside {developer.name}'s Hub namespaces ({', '.join(sorted(namespaces))}) in "
                "developers.yaml: a re-upload is not the model's own repository. Link the developer's repository; "
                "if this one is theirs (e.g. an author's account), say so in subject.identity_note",
            )
        )
    ]


def owned_namespaces(developers: DeveloperIndex, developer: Developer) -> set[str]:
    """The Hub namespaces of a developer and, for a collaboration, of its members (case-folded)."""
    group = [developer, *(developers.by_id[m] for m in developer.members if m in developers.by_id)]
    return {n.casefold() for d in group for n in d.hub_namespaces}


def check_identity_entries(loaded: Loaded[IdentityList], scorecards: Iterable[Loaded[Scorecard]]) -> list[Problem]:
    """Each reviewed entry points at a scorecard, and its names agree or say why they differ."""
    if loaded.model is None:
        return []
    cards = {c.model.subject.id: c.model for c in scorecards if c.model is not None}
    problems = []
    for index, entry in enumerate(loaded.model.identities):
        card = cards.get(entry.subject)
        if card is None:
            problems.append(
                loaded.problem_at(("identities", index, "subject"), f"no scorecard has subject id {entry.subject!r}")
            )
            continue
        name = _record_name(card, entry)
        if name is None:
            problems.append(
                _warning(
                    loaded.problem_at(
                        ("identities", index, "record"),
                        f"{entry.subject} holds no {entry.index} record {entry.record!r}; run the import, or remove "
                        "the entry if the record left the index",
                    )
                )
            )
            continue
        differ = disagreements(name, card.subject.name)
        if differ and not entry.name_difference:
            problems.append(
                loaded.problem_at(
                    ("identities", index),
                    f"{entry.index} record {name!r} and scorecard {card.subject.name!r} disagree on "
                    f"{'; '.join(differ)}: a different size, version or variant is a different model. Remove the "
                    "entry, or add name_difference saying why they are one model",
                )
            )
    return problems


def _record_name(card: Scorecard, entry: IdentityEntry) -> str | None:
    for assessment in card.assessments:
        if assessment.rubric == entry.index and assessment.record and assessment.record.id == entry.record:
            return assessment.record.name
    return None


def check_same_names(scorecards: Iterable[Loaded[Scorecard]], scorecards_dir: Path) -> list[Problem]:
    """Two files of one developer's folder whose model names normalize alike are probably one model."""
    groups: dict[tuple[str, str], list[Loaded[Scorecard]]] = {}
    root = scorecards_dir.resolve()
    for loaded in scorecards:
        if loaded.model is None:
            continue
        try:
            folder = loaded.path.resolve().relative_to(root).parts[0]
        except (ValueError, IndexError):
            folder = loaded.model.subject.developer
        groups.setdefault((folder, normalized_name(loaded.model.subject.name)), []).append(loaded)
    problems = []
    for group in groups.values():
        if len(group) < 2:
            continue
        for loaded in group:
            others = ", ".join(sorted(o.display for o in group if o is not loaded))
            problems.append(
                _warning(
                    loaded.problem_at(
                        ("subject", "name"),
                        f"{others} has the same developer and model name; if they are one model merge the files "
                        "(give the Hub link to one), otherwise make the names say how they differ",
                    )
                )
            )
    return problems


def _warning(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.path, problem.message, Severity.WARNING)
