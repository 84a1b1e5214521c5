"""developers.yaml as importers use it: which developer made an imported record, and its folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from collector.dataset import ProjectPaths
from collector.developers import DeveloperIndex, check_developer_list, slug
from collector.imports.records import IndexImportError, clip
from collector.loading import load_model
from collector.schema import DeveloperList


@dataclass
class DeveloperNames:
    """The project's ``developers.yaml`` as importers use it: a source's record -> (folder, name to show).

    In order: a record the list attributes to a developer by review (``records``); the developer the source's
    spelling names; the developer whose Hub namespace holds the record's Hub repository (reported, so that a
    person can add the spelling).  Anything else is reported once and filed under a folder made from the
    spelling, as given; nothing is guessed.  A project without the list files every developer under its own
    spelling.
    """

    index: DeveloperIndex | None
    reported: set[str] = field(default_factory=set)
    rubric_id: str = ""  # the index being imported, as developers.yaml's records name it (e.g. mof)

    @classmethod
    def of(cls, root: Path, rubric_id: str = "") -> DeveloperNames:
        path = ProjectPaths(root).developers
        if not path.exists():
            return cls(None, rubric_id=rubric_id)
        loaded = load_model(path, DeveloperList, "developers.yaml")
        problems = loaded.problems + check_developer_list(loaded)
        if loaded.model is None or problems:
            first = problems[0]
            raise IndexImportError(
                f"developers.yaml:{first.line}: {first.message}; fix it (scorecards validate lists every problem) "
                "before importing"
            )
        return cls(DeveloperIndex.of(loaded.model.developers), rubric_id=rubric_id)

    def place(
        self,
        spelled: str,
        record: str,
        problems: list[str],
        *,
        folder: str = "",
        hub_repo: str | None = None,
        record_id: str = "",
    ) -> tuple[str, str]:
        """The folder and the name for a record's developer as a source spells it (blank: the source names
        none); ``folder`` is the importer's own choice for a developer the list does not know (else one is made
        from the spelling), ``hub_repo`` the record's Hub repository and ``record_id`` the id the import gives
        the record.  A blank spelling that nothing places gives the name ``""``: the importer says what then."""
        fallback = folder or slug(spelled) or "unnamed-developer"
        if self.index is None:
            return fallback, clip(spelled, 200)
        developer = self.index.resolve_record(self.rubric_id, record_id) if record_id else None
        if developer is None and spelled.strip():
            developer = self.index.resolve(spelled)
        if developer is not None:
            return developer.id, developer.name
        developer = self.index.resolve_repo(hub_repo) if hub_repo else None
        if developer is not None:
            named, hint = (
                (
                    f"developer {spelled!r} is not in developers.yaml",
                    "; if that name is theirs, list it as an alias",
                )
                if spelled.strip()
                else ("names no developer", "")
            )
            problems.append(
                f"{record}: {named}; resolved by the Hub namespace of {hub_repo} to {developer.name} "
                f"(scorecards/{developer.id}/){hint}"
            )
            return developer.id, developer.name
        if not spelled.strip():
            return fallback, ""
        if spelled not in self.reported:
            self.reported.add(spelled)
            problems.append(
                f"{record}: developer {spelled!r} is not in developers.yaml; filed under scorecards/{fallback}/ "
                "with the name as given (add it to developers.yaml, as a developer or another's alias, and import "
                "again)"
            )
        return fallback, clip(spelled, 200)
