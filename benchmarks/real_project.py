"""Synthetic projects made from the shipped scorecards: N models, each a real scorecard under a new identity.

``make_project(folder, count)`` writes a project whose models are the repository's own scorecards
(scorecards/**.yaml) taken in path order, then again as copies 1, 2, ... until there are ``count``:
copy ``k`` of ``meta/codellama.yaml`` is ``meta/codellama-copy-k.yaml``.  A copy is the original text
byte for byte (comments, quoting, claims, quotes, imported assessments) except for the values that make a
model a distinct one, so that no uniqueness check fires and the build does not run its error paths:

- ``subject.id`` (and so the file name) and every imported ``record.id`` get ``-copy-k``;
- every Hub repository the file names (``subject.links.huggingface``, ``record.huggingface``) gets
  ``-copy-W``, so a record joined by repository still joins, and ``subject.name`` and every ``record.name``
  get `` (copy W)``, so names still agree where they agreed; W is k spelled in syllables (``copy_word``).

Around the scorecards: rubrics/, archive/ (so every quote points at its real archived file, copied once),
schema/, developers.yaml, mkdocs.yml and site/ are copied as they are; moved.yaml, imports/identities.yaml
and sources/ are copied when every original is present, else reduced to the entries whose models are
present; each reviewed join in identities.yaml is repeated for the copies of its scorecard.

The values are located with the YAML composer (node positions), not by pattern, and rewritten as
double-quoted YAML scalars.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
COPIED_AS_IS = ("rubrics", "archive", "schema", "site")
COPIED_FILES = ("developers.yaml", "mkdocs.yml")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# A copy's number spelled in syllables, one per decimal digit (12 -> "lomu"), for names and Hub repositories:
# the identity checks read digits in a name as a size or version ("Zephyr-141B (copy 1)" would state version 1),
# and these syllables form none of the words they read (instruct, base, coder, max, ...).
SYLLABLES = ("ka", "lo", "mu", "ne", "po", "ri", "su", "te", "vo", "za")


def copy_word(k: int) -> str:
    return "".join(SYLLABLES[int(digit)] for digit in str(k))


def _suffix_id(value: str, k: int) -> str:
    return f"{value}-copy-{k}"


def _suffix_repo(value: str, k: int) -> str:
    return f"{value}-copy-{copy_word(k)}"


def _suffix_name(value: str, k: int) -> str:
    return f"{value} (copy {copy_word(k)})"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    value: str
    rename: Callable[[str, int], str]


@dataclass(frozen=True)
class Template:
    """One shipped scorecard, with the places a copy rewrites."""

    relative: Path  # under scorecards/
    text: str
    subject_id: str
    records: tuple[tuple[str, str], ...]  # (rubric, record id) of its imported assessments
    spans: tuple[Span, ...]  # in text order, not overlapping

    def copy(self, k: int) -> tuple[Path, str]:
        """The file name (under scorecards/) and text of copy ``k``; copy 0 is the original."""
        if k == 0:
            return self.relative, self.text
        parts = []
        at = 0
        for span in self.spans:
            parts += [self.text[at : span.start], json.dumps(span.rename(span.value, k), ensure_ascii=False)]
            at = span.end
        parts.append(self.text[at:])
        return self.relative.with_name(f"{_suffix_id(self.subject_id, k)}.yaml"), "".join(parts)


def load_templates(source: Path = REPO) -> list[Template]:
    root = source / "scorecards"
    return [
        _template(path.relative_to(root), path.read_text(encoding="utf-8")) for path in sorted(root.rglob("*.yaml"))
    ]


def _template(relative: Path, text: str) -> Template:
    document = yaml.compose(text, Loader=_Loader)
    top = _mapping(document)
    subject = _mapping(top["subject"])
    spans = [Span(*_where(subject["id"]), _suffix_id), Span(*_where(subject["name"]), _suffix_name)]
    links = subject.get("links")
    if links is not None and "huggingface" in _mapping(links):
        spans.append(Span(*_where(_mapping(links)["huggingface"]), _suffix_repo))
    records = []
    assessments = top.get("assessments")
    for assessment_node in assessments.value if assessments is not None else []:
        assessment = _mapping(assessment_node)
        if "record" not in assessment:
            continue
        record = _mapping(assessment["record"])
        records.append((str(assessment["rubric"].value), str(record["id"].value)))
        spans += [Span(*_where(record["id"]), _suffix_id), Span(*_where(record["name"]), _suffix_name)]
        if "huggingface" in record:
            spans.append(Span(*_where(record["huggingface"]), _suffix_repo))
    spans.sort(key=lambda s: s.start)
    for span in spans:  # the composer's marks are character offsets: check, since a copy relies on them
        located = yaml.compose(text[span.start : span.end], Loader=_Loader)
        if not isinstance(located, yaml.ScalarNode) or located.value != span.value:
            raise ValueError(f"scorecards/{relative}: could not locate {span.value!r} in the text")
    return Template(relative, text, str(subject["id"].value), tuple(records), tuple(spans))


def _mapping(node: yaml.Node) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise TypeError(f"expected a mapping at line {node.start_mark.line + 1}")
    return {str(key.value): value for key, value in node.value}


def _where(node: yaml.Node) -> tuple[int, int, str]:
    if not isinstance(node, yaml.ScalarNode):
        raise TypeError(f"expected a single value at line {node.start_mark.line + 1}")
    return node.start_mark.index, node.end_mark.index, str(node.value)


def make_project(folder: Path, count: int, source: Path = REPO, templates: list[Template] | None = None) -> Path:
    """Write a project of ``count`` models made from ``source``'s scorecards into ``folder``; return it."""
    templates = templates if templates is not None else load_templates(source)
    if not templates:
        raise ValueError(f"no scorecards under {source / 'scorecards'}")
    folder.mkdir(parents=True, exist_ok=True)
    for name in COPIED_AS_IS:
        shutil.copytree(source / name, folder / name)
    for name in COPIED_FILES:
        shutil.copy(source / name, folder / name)
    copies: dict[str, int] = {}  # subject id of an original -> how many copies of it (the original included)
    made: set[Path] = set()
    for n in range(count):
        template = templates[n % len(templates)]
        relative, text = template.copy(n // len(templates))
        target = folder / "scorecards" / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(text, encoding="utf-8")
        copies[template.subject_id] = copies.get(template.subject_id, 0) + 1
    complete = len(copies) == sum(1 for _ in (source / "scorecards").rglob("*.yaml"))
    held = {record for t in templates if t.subject_id in copies for record in t.records}
    _write_moved(source, folder, copies, complete)
    _write_identities(source, folder, copies, held, complete)
    _write_sources(source, folder, copies, complete)
    return folder


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if hasattr(yaml, "CSafeLoader"):
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


def _write_moved(source: Path, folder: Path, copies: dict[str, int], complete: bool) -> None:
    path = source / "moved.yaml"
    if not path.exists():
        return
    if complete:
        shutil.copy(path, folder / "moved.yaml")
        return
    entries = [e for e in (_load(path) or {}).get("moved") or [] if e["to"] in copies]
    if entries:
        _dump(folder / "moved.yaml", {"moved": entries})


def _write_identities(
    source: Path, folder: Path, copies: dict[str, int], held: set[tuple[str, str]], complete: bool
) -> None:
    path = source / "imports" / "identities.yaml"
    if not path.exists():
        return
    data = _load(path) or {}
    joins = [e for e in data.get("identities") or [] if e["subject"] in copies]
    repeated = [
        {**e, "record": _suffix_id(e["record"], k), "subject": _suffix_id(e["subject"], k)}
        for e in joins
        for k in range(1, copies[e["subject"]])
    ]
    if complete and not repeated:
        shutil.copytree(source / "imports", folder / "imports")
        return
    kept = {"identities": joins + repeated}
    duplicates = [e for e in data.get("duplicates") or [] if (e["index"], e["of"]) in held]
    if duplicates:
        kept["duplicates"] = duplicates
    _dump(folder / "imports" / "identities.yaml", kept)


def _write_sources(source: Path, folder: Path, copies: dict[str, int], complete: bool) -> None:
    if not (source / "sources").is_dir():
        return
    if complete:
        shutil.copytree(source / "sources", folder / "sources")
        return
    for path in sorted((source / "sources").glob("*.yaml")):
        data = _load(path) or {}
        documents = []
        for document in data.get("documents") or []:
            models = [m for m in document.get("models") or [] if m in copies]
            if models:
                documents.append({**document, "models": models})
        if documents:
            _dump(folder / "sources" / path.name, {**data, "documents": documents})


def main(argv: list[str]) -> None:
    """Write a project for inspection: ``python benchmarks/real_project.py DIR N``."""
    if len(argv) != 2:
        raise SystemExit("usage: python benchmarks/real_project.py DIR N")
    print(make_project(Path(argv[0]), int(argv[1])))


if __name__ == "__main__":
    main(sys.argv[1:])
