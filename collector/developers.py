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

    @classmethod
    def of(cls, developers: Iterable[Developer]) -> DeveloperIndex:
        index = cls()
        for developer in developers:
            index.by_id.setdefault(developer.id, developer)
            for spelling in (developer.name, *developer.aliases):
                index.by_key.setdefault(name_key(spelling), developer)
        return index

    def resolve(self, name: str) -> Developer | None:
        """The developer a spelling names, or None when the list does not know it."""
        return self.by_key.get(name_key(name))

    def closest(self, name: str) -> str | None:
        """The listed name most like an unknown spelling, for a "did you mean"."""
        names = {name_key(n): d.name for d in self.by_id.values() for n in (d.name, *d.aliases)}
        match = difflib.get_close_matches(name_key(name), list(names), n=1, cutoff=0.75)
        return names[match[0]] if match else None

    def collaborations(self, developer_id: str) -> list[Developer]:
        """Collaborations that list ``developer_id`` among their members."""
        return [d for d in self.by_id.values() if developer_id in d.members]


def check_developer_list(loaded: Loaded[DeveloperList]) -> list[Problem]:
    """Ids unique, each spelling naming one developer, members that exist."""
    if loaded.model is None:
        return []
    problems = []
    first_id: dict[str, int] = {}
    first_spelling: dict[str, tuple[str, int]] = {}
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
        spellings: list[tuple[tuple[str | int, ...], str]] = [(("developers", i, "name"), developer.name)]
        spellings += [(("developers", i, "aliases", j), alias) for j, alias in enumerate(developer.aliases)]
        for parts, spelling in spellings:
            key = name_key(spelling)
            owner = first_spelling.get(key)
            if owner is not None and owner[0] != developer.id:
                problems.append(
                    loaded.problem_at(
                        parts,
                        f"{spelling!r} already names {owner[0]!r} (developers[{owner[1]}]); a spelling may name "
                        "only one developer: remove it here or there",
                    )
                )
            first_spelling.setdefault(key, (developer.id, i))
        if not name_key(developer.name):
            problems.append(loaded.problem_at(("developers", i, "name"), "the name has no letters or digits"))
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


def check_scorecard_developers(
    scorecards: Iterable[Loaded[Scorecard]], index: DeveloperIndex, scorecards_dir: Path
) -> list[Problem]:
    """Warn when a scorecard names a developer the list does not know, or sits in another developer's folder."""
    problems = []
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
    try:
        parts = path.resolve().relative_to(scorecards_dir.resolve()).parts
    except ValueError:
        return None
    return parts[0] if len(parts) == 2 else None


def _warning(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.path, problem.message, Severity.WARNING)
