"""Who made a model: one developer, whatever spelling a source uses for it.

The indexes we import spell the same organisation differently ("HuggingFace" and
"Hugging Face", "AI21" and "AI21 Labs", "Together Computer" and "TogetherAI"),
and so do contributors.  ``developers.yaml`` is the reviewed list: each
developer's id (also its folder under ``scorecards/``), the name the site shows,
and the other spellings that name it.  Spellings that differ only in case,
spaces or punctuation match without being listed; anything else must be listed,
because merging by similarity would join organisations that are not the same.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from collector.loading import Loaded
from collector.problems import Problem, Severity
from collector.schema import Developer, DeveloperList, Scorecard, SourceList

_NOT_WORD = re.compile(r"[\W_]+")


def slug(name: str) -> str:
    """The folder (and page) name made from a developer's name the list does not know: lower case, runs of
    anything else one hyphen.  Importers and the site use this one, so both file a name in the same place."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def name_key(name: str) -> str:
    """The form two spellings share when they differ only in case, width, spacing or punctuation."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name).casefold())


@dataclass
class DeveloperIndex:
    """The developers of ``developers.yaml``, found by id or by any of their spellings."""

    by_id: dict[str, Developer] = field(default_factory=dict)
    by_key: dict[str, Developer] = field(default_factory=dict)
    by_namespace: dict[str, Developer] = field(default_factory=dict)  # casefolded Hub namespace -> developer
    by_record: dict[tuple[str, str], Developer] = field(default_factory=dict)  # (index, record id) -> developer

    @classmethod
    def of(cls, developers: Iterable[Developer]) -> DeveloperIndex:
        index = cls()
        for developer in developers:
            index.by_id.setdefault(developer.id, developer)
            for spelling in (developer.name, *developer.aliases):
                index.by_key.setdefault(name_key(spelling), developer)
            for namespace in developer.hub_namespaces:
                index.by_namespace.setdefault(namespace.casefold(), developer)
            for record in developer.records:
                index.by_record.setdefault((record.index, record.record), developer)
        return index

    def resolve(self, name: str) -> Developer | None:
        """The developer a spelling names, or None when the list does not know it."""
        return self.by_key.get(name_key(name))

    def resolve_repo(self, repo_id: str) -> Developer | None:
        """The developer whose Hub namespace holds ``repo_id`` (owner/name, or a bare namespace), or None.

        Case-insensitive, as the Hub treats namespaces: ``TIIUAE/falcon-7b`` is tiiuae's."""
        return self.by_namespace.get(repo_id.split("/", 1)[0].casefold())

    def resolve_record(self, index: str, record: str) -> Developer | None:
        """The developer ``developers.yaml`` attributes an imported record to by review, or None."""
        return self.by_record.get((index, record))

    def closest(self, name: str) -> str | None:
        """The listed name most like an unknown spelling, for a "did you mean"."""
        names = {name_key(n): d.name for d in self.by_id.values() for n in (d.name, *d.aliases)}
        match = difflib.get_close_matches(name_key(name), list(names), n=1, cutoff=0.75)
        return names[match[0]] if match else None

    def closest_id(self, folder: str) -> str | None:
        """The developer id a folder most likely means: the developer it spells or whose Hub namespace it is,
        else the most similar id."""
        developer = self.resolve(folder) or self.resolve_repo(folder)
        if developer is not None:
            return developer.id
        match = difflib.get_close_matches(folder, list(self.by_id), n=1, cutoff=0.6)
        return match[0] if match else None

    def collaborations(self, developer_id: str) -> list[Developer]:
        """Collaborations that list ``developer_id`` among their members."""
        return [d for d in self.by_id.values() if developer_id in d.members]


def check_developer_list(loaded: Loaded[DeveloperList]) -> list[Problem]:
    """Ids unique; each spelling, Hub namespace and attributed record naming one developer; members that exist."""
    if loaded.model is None:
        return []
    problems = []
    first_id: dict[str, int] = {}
    developers = loaded.model.developers
    for i, developer in enumerate(developers):
        if developer.id in first_id:
            problems.append(
                loaded.problem_at(
                    ("developers", i, "id"),
                    f"the id {developer.id!r} is also used by developers[{first_id[developer.id]}]; ids must be unique",
                )
            )
        first_id.setdefault(developer.id, i)
        if not name_key(developer.name):
            problems.append(loaded.problem_at(("developers", i, "name"), "the name has no letters or digits"))
    problems += _claimed_once(loaded, _spellings(developers), "already names", "a spelling may name")
    problems += _claimed_once(loaded, _namespaces(developers), "is already listed for", "a Hub namespace may belong to")
    problems += _claimed_once(loaded, _records(developers), "is already attributed to", "a record may be attributed to")
    for i, developer in enumerate(developers):
        for j, member in enumerate(developer.members):
            if member == developer.id or member not in first_id:
                problems.append(
                    loaded.problem_at(
                        ("developers", i, "members", j),
                        f"{member!r} is not another developer of this file; members are ids of listed developers",
                    )
                )
    return problems


# (where in the file, the key two entries clash on, the entry as written) for each developer's entries of a kind
_Entries = list[tuple[int, list[tuple[tuple[str | int, ...], str, str]]]]


def _spellings(developers: list[Developer]) -> _Entries:
    return [
        (
            i,
            [(("developers", i, "name"), name_key(d.name), d.name)]
            + [(("developers", i, "aliases", j), name_key(a), a) for j, a in enumerate(d.aliases)],
        )
        for i, d in enumerate(developers)
    ]


def _namespaces(developers: list[Developer]) -> _Entries:
    # the Hub compares namespaces without case, so two listings that differ only in case are one namespace
    return [
        (i, [(("developers", i, "hub_namespaces", j), n.casefold(), n) for j, n in enumerate(d.hub_namespaces)])
        for i, d in enumerate(developers)
    ]


def _records(developers: list[Developer]) -> _Entries:
    return [
        (
            i,
            [
                (("developers", i, "records", j), f"{r.index}/{r.record}", f"{r.index}/{r.record}")
                for j, r in enumerate(d.records)
            ],
        )
        for i, d in enumerate(developers)
    ]


def _claimed_once(loaded: Loaded[DeveloperList], entries: _Entries, claimed: str, rule: str) -> list[Problem]:
    """An error at each entry that another developer already claims (a spelling, namespace or record)."""
    developers = loaded.model.developers if loaded.model is not None else []
    first: dict[str, int] = {}
    problems = []
    for i, claims in entries:
        for parts, key, written in claims:
            owner = first.get(key)
            if owner is not None and developers[owner].id != developers[i].id:
                problems.append(
                    loaded.problem_at(
                        parts,
                        f"{written!r} {claimed} {developers[owner].id!r} (developers[{owner}]); {rule} only one "
                        "developer: remove it here or there",
                    )
                )
            first.setdefault(key, i)
    return problems


def check_scorecard_developers(
    scorecards: Iterable[Loaded[Scorecard]], index: DeveloperIndex, scorecards_dir: Path
) -> list[Problem]:
    """Warn when a scorecard names a developer the list does not know, or sits in another developer's folder,
    and once per folder that is no developer's id."""
    scorecards = list(scorecards)
    problems = _unlisted_folders(scorecards, index, scorecards_dir)
    for loaded in scorecards:
        if loaded.model is None:
            continue
        name = loaded.model.subject.developer
        developer = index.resolve(name)
        if developer is None:
            problems.append(_warning(loaded.problem_at(("subject", "developer"), _unknown(index, name))))
            continue
        folder = _folder(loaded.path, scorecards_dir)
        if folder is not None and folder != developer.id:
            problems.append(
                _warning(
                    loaded.problem_at(
                        ("subject", "developer"),
                        f"{name!r} is developer {developer.id!r}, but this file is in scorecards/{folder}/; "
                        f"move it to scorecards/{developer.id}/ so the developer's files stay together",
                    )
                )
            )
    return problems


def _unlisted_folders(
    scorecards: list[Loaded[Scorecard]], index: DeveloperIndex, scorecards_dir: Path
) -> list[Problem]:
    """One warning per folder under scorecards/ that is not a developer id, at its first file (a folder has no
    line of its own; annotations need one)."""
    first_file: dict[str, Loaded[Scorecard]] = {}
    for loaded in sorted(scorecards, key=lambda s: s.display):
        folder = _folder(loaded.path, scorecards_dir)
        if folder is not None and folder not in index.by_id:
            first_file.setdefault(folder, loaded)
    problems = []
    for folder, loaded in sorted(first_file.items()):
        closest = index.closest_id(folder)
        hint = f" (closest id: {closest!r})" if closest else ""
        problems.append(
            Problem(
                loaded.display,
                1,
                1,
                "",
                f"the folder scorecards/{folder}/ is not a developer id of developers.yaml{hint}; move each file to "
                "its developer's folder (for imported files, import again: imports file records through "
                f"developers.yaml), or add a developer with the id {folder!r}",
                Severity.WARNING,
            )
        )
    return problems


def check_source_developers(sources: Iterable[Loaded[SourceList]], index: DeveloperIndex) -> list[Problem]:
    """Warn when a sources file names a developer the list does not know."""
    problems = []
    for loaded in sources:
        if loaded.model is None or index.resolve(loaded.model.developer) is not None:
            continue
        problems.append(_warning(loaded.problem_at(("developer",), _unknown(index, loaded.model.developer))))
    return problems


def _unknown(index: DeveloperIndex, name: str) -> str:
    closest = index.closest(name)
    hint = f"did you mean {closest!r}? " if closest else ""
    return (
        f"the developer {name!r} is not in developers.yaml; {hint}use a name listed there, or add the developer "
        "(id, name) or this spelling (to its aliases) in the same pull request"
    )


def _folder(path: Path, scorecards_dir: Path) -> str | None:
    """The developer folder a scorecard sits in, or None when it is not at scorecards/<folder>/<file>."""
    try:  # lexically first: resolving costs a system call per path part, for thousands of files on every build
        parts = path.relative_to(scorecards_dir).parts
    except ValueError:
        parts = ("..",)
    if ".." in parts:
        try:
            parts = path.resolve().relative_to(scorecards_dir.resolve()).parts
        except ValueError:
            return None
    return parts[0] if len(parts) == 2 else None


def _warning(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.path, problem.message, Severity.WARNING)
