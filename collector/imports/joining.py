"""Which scorecard an imported record belongs to: strong keys only.

In order: a reviewed entry of ``imports/identities.yaml``; the record's own file (made from it earlier); a scorecard
tracking the Hub repository the record names, when their names do not contradict it; otherwise a file of the
record's own. A shared developer and name is never a join: it is reported as a possible match for a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from collector.dataset import ProjectPaths
from collector.developers import DeveloperIndex, slug
from collector.identity import conversion, disagreements, repository_name
from collector.identity_checks import owned_namespaces
from collector.imports.developer_names import DeveloperNames
from collector.imports.records import ImportedSubject, ImportReport, IndexImportError
from collector.loading import load_model
from collector.schema import IdentityList

# The C loader when PyYAML has it: an import reads every scorecard of the project to find joins.
_FAST_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ExistingSubjects:
    """The project's scorecards, to find the one an imported record describes: by strong keys only.

    In order: a reviewed entry of ``imports/identities.yaml``; the record's own file (made from it earlier); a
    scorecard tracking the Hub repository the record names, when their names do not contradict it (a size,
    version or variant apart is another model); otherwise a new file of the record's own. A file of the same
    developer and id that is not the record's own is never joined: the record gets another id and the pair is
    reported as a possible match for a person to review. "OLMo" (a family) is not "OLMo 2 1124 13B" (a model).
    """

    by_repo: dict[str, list[Path]] = field(default_factory=dict)  # two when a duplicate is being merged
    by_id: dict[str, Path] = field(default_factory=dict)
    reviewed: dict[tuple[str, str], str] = field(default_factory=dict)  # (rubric, record id) -> subject id
    duplicates: dict[tuple[str, str], str] = field(default_factory=dict)  # (rubric, record id) -> the record it repeats
    rubrics: dict[Path, set[str]] = field(default_factory=dict)  # the rubrics each scorecard is assessed under
    records: dict[Path, dict[str, set[str]]] = field(default_factory=dict)  # rubric -> record ids held
    owners: dict[Path, tuple[str, str]] = field(default_factory=dict)  # (rubric, record id) the file was made from
    own_files: dict[tuple[str, str], Path] = field(default_factory=dict)  # (rubric, record id) -> file made from it
    subject_ids: dict[Path, str] = field(default_factory=dict)
    names: dict[Path, str] = field(default_factory=dict)
    developers: DeveloperIndex | None = None  # developers.yaml, when the project has it

    @classmethod
    def of(cls, root: Path) -> ExistingSubjects:
        found = cls()
        for path in sorted((root / "scorecards").rglob("*.y*ml")):
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_FAST_SAFE_LOADER)  # noqa: S506 (safe)
                subject = data["subject"]
            except (OSError, yaml.YAMLError, TypeError, KeyError):
                continue  # validation reports broken files; an import does not join them
            if not isinstance(subject, dict):
                continue
            found._add(path, subject, data.get("assessments"))
        reviewed = reviewed_identities(root / "imports" / "identities.yaml")
        found.reviewed = {(e.index, e.record): e.subject for e in reviewed.identities}
        found.duplicates = {(d.index, d.record): d.of for d in reviewed.duplicates}
        found.developers = DeveloperNames.of(root).index
        return found

    def _add(self, path: Path, subject: dict[str, Any], assessments: Any) -> None:
        subject_id = str(subject.get("id"))
        self.by_id.setdefault(subject_id, path)
        self.subject_ids[path] = subject_id
        self.names[path] = str(subject.get("name") or "")
        links = subject.get("links")
        repo = links.get("huggingface") if isinstance(links, dict) else None
        if isinstance(repo, str):
            self.by_repo.setdefault(repo.lower(), []).append(path)
        listed = [a for a in assessments if isinstance(a, dict)] if isinstance(assessments, list) else []
        self.rubrics[path] = {str(a.get("rubric")) for a in listed}
        held = self.records.setdefault(path, {})
        for assessment in listed:
            rubric, record = str(assessment.get("rubric")), assessment.get("record")
            if isinstance(record, dict):
                held.setdefault(rubric, set()).add(str(record.get("id")))
                if record.get("joined_by") == "own":
                    self.owners.setdefault(path, (rubric, str(record.get("id"))))
                    self.own_files.setdefault((rubric, str(record.get("id"))), path)

    def place(
        self, subject: ImportedSubject, rubric_id: str, report: ImportReport, paths: ProjectPaths
    ) -> tuple[Path, dict[str, Any]] | None:
        """Where the record goes and its record block, or None (reported) when it cannot go anywhere."""
        name = str(subject.subject.get("name", subject.id))
        claimed = (subject.subject.get("links") or {}).get("huggingface")  # what the index says, right or wrong
        repo = _own_repo(subject, name, rubric_id, report, self.developers)  # what the scorecard may track
        record = {"id": subject.id, "name": name, "huggingface": claimed, "joined_by": "own", "dated": subject.dated}
        record = {k: v for k, v in record.items() if v is not None}
        reviewed = self.reviewed.get((rubric_id, subject.id))
        if reviewed is not None:
            path = self.by_id.get(reviewed)
            if path is None:
                report.problems.append(f"imports/identities.yaml: {subject.id} -> {reviewed}, which has no scorecard")
                return None
            return path, record | {"joined_by": "identity"}
        home = self._own_file(subject.id, rubric_id, repo)
        joined = self._by_repo(subject, repo, name=name, rubric_id=rubric_id, report=report, paths=paths, home=home)
        if joined is not None and joined != home:  # another file tracks its repository: a duplicate merges there
            return joined, record | {"joined_by": "huggingface"}
        if home is not None:
            return home, record
        path = paths.scorecards / subject.path
        taken = self.by_id.get(subject.id)
        if taken is None and not path.exists():
            return path, record
        other = taken or path
        new_id = self._free_id(subject, repo, rubric_id)
        report.possible.append(
            f"{rubric_id} record {subject.id!r} ({name}) and {paths.display(other)} ({self.names.get(other, '?')}) "
            f"share a developer and name but no strong key: filed apart as {new_id}. If they are one model, add "
            f"{{index: {rubric_id}, record: {subject.id}, subject: {self.subject_ids.get(other, subject.id)}, "
            "why: ...} to imports/identities.yaml"
        )
        subject.subject = subject.subject | {"id": new_id}
        subject.id = new_id  # the record keeps its own id: only the scorecard's differs
        return paths.scorecards / subject.path, record

    def _own_file(self, record_id: str, rubric_id: str, repo: str | None) -> Path | None:
        """The file made from this record earlier: its record block says so, or (before record blocks) it is the
        file of that id holding this index's assessments and nothing contradicts it."""
        if (rubric_id, record_id) in self.own_files:
            return self.own_files[(rubric_id, record_id)]
        path = self.by_id.get(record_id)
        if path is None or rubric_id not in self.rubrics.get(path, set()):
            return None
        owner = self.owners.get(path)
        if owner is not None:
            return path if owner == (rubric_id, record_id) else None
        others = self.rubrics[path] - {rubric_id}
        tracked = next((r for r, held in self.by_repo.items() if path in held), None)
        if not others or (tracked is not None and repo is not None and tracked == repo.lower()):
            return path
        return None

    def _by_repo(
        self, subject: ImportedSubject, repo: str | None, *, name: str, rubric_id: str, report: ImportReport,
        paths: ProjectPaths, home: Path | None,
    ) -> Path | None:  # fmt: skip
        held = self.by_repo.get(repo.lower(), []) if repo else []
        path = next((p for p in held if p != home), home if home in held else None)  # another file wins: a merge
        if path is None or path == home:
            return path
        differ = disagreements(name, self.names.get(path, ""))
        if differ:
            report.possible.append(
                f"{rubric_id} record {subject.id!r} ({name}) names {repo}, tracked by {paths.display(path)} "
                f"({self.names.get(path)}), but the names disagree on {'; '.join(differ)}: not joined. If they are "
                "one model, add a reviewed entry with name_difference to imports/identities.yaml"
            )
            _drop_hub_link(subject)  # the repository is another page's: two pages may not track one
            return None
        report.joined.append(f"{subject.id}: joins {paths.display(path)} by the Hub repository {repo}")
        return path

    def _free_id(self, subject: ImportedSubject, repo: str | None, rubric_id: str) -> str:
        """Another id for a record whose own is taken: its repository's name, else the id and the index."""
        candidates = [slug(repository_name(repo))] if repo else []
        candidates.append(f"{subject.id}-{rubric_id}")
        for candidate in candidates:
            if candidate and candidate not in self.by_id:
                return candidate
        return f"{subject.id}-{rubric_id}-{len(self.by_id)}"

    def claim(self, path: Path, subject: ImportedSubject) -> None:
        """Note that ``path`` now holds ``subject`` (so that a later record of the run sees it taken)."""
        self.by_id.setdefault(subject.id, path)
        self.subject_ids.setdefault(path, subject.id)


def _drop_hub_link(subject: ImportedSubject) -> None:
    """Keep a record's Hub link off its scorecard (the assessment's record block still says what it named)."""
    links = {k: v for k, v in (subject.subject.get("links") or {}).items() if k != "huggingface"}
    subject.subject = {k: v for k, v in subject.subject.items() if k != "links"} | ({"links": links} if links else {})


def _developers_own(developers: DeveloperIndex | None, subject: ImportedSubject, repo: str) -> bool:
    """Whether ``repo`` sits in a Hub namespace of the record's developer (a developer's own GGUF is theirs)."""
    developer = developers.resolve(str(subject.subject.get("developer", ""))) if developers else None
    if developers is None or developer is None:
        return False
    return repo.split("/", 1)[0].casefold() in owned_namespaces(developers, developer)


def _own_repo(
    subject: ImportedSubject, name: str, rubric_id: str, report: ImportReport, developers: DeveloperIndex | None
) -> str | None:
    """The record's Hub link, unless the repository's name contradicts the record's own name (then reported and
    kept off the scorecard: MOT's CodeGemma 2B file links codegemma-7b)."""
    links = subject.subject.get("links") or {}
    repo = links.get("huggingface")
    if not isinstance(repo, str):
        return None
    differ = disagreements(name, repository_name(repo))
    converted = conversion(repo) if not _developers_own(developers, subject, repo) else None
    if differ or converted:
        why = f"whose name disagrees on {'; '.join(differ)}" if differ else f"a {converted} conversion, not its own"
        report.problems.append(f"{rubric_id} record {subject.id!r} ({name}) links {repo}, {why}; the link is not used")
        _drop_hub_link(subject)
        return None
    return repo


def repeats_message(original: str) -> str:
    return f"the same model as record {original} (imports/identities.yaml, duplicates)"


def duplicate_records(root: Path, rubric_id: str) -> dict[str, str]:
    """The records of an index that a person found to repeat another (record id -> the one that stands), so that
    an importer can leave them out before they take a Hub link or an id from the record that stands."""
    reviewed = reviewed_identities(ProjectPaths(root).identities)
    return {d.record: d.of for d in reviewed.duplicates if d.index == rubric_id}


def reviewed_identities(path: Path) -> IdentityList:
    """``imports/identities.yaml``: reviewed joins and duplicates, each checked by a person."""
    if not path.exists():
        return IdentityList()
    loaded = load_model(path, IdentityList, "imports/identities.yaml")
    if loaded.model is None:
        first = loaded.problems[0]
        raise IndexImportError(
            f"imports/identities.yaml:{first.line}: {first.message}; fix it (scorecards validate) before importing"
        )
    return loaded.model
