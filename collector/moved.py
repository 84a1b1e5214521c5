"""Pages that went away: a split, a merged duplicate or a renamed scorecard leaves its old URL pointing on.

``moved.yaml`` lists each old subject id and the id that now holds its model. The site renders a page at the old
address that links to the new one (so readers' links and badges keep working); imports add an entry when they
delete a scorecard whose record now lives in another file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from collector.loading import Loaded, load_model
from collector.problems import Problem
from collector.schema import MovedList, MovedPage, Scorecard
from collector.store import write_atomically
from collector.yamlwrite import dump_plain

HEADER = (
    "# Pages that went away, and where their models went: the site keeps a page at each old address that\n"
    "# points to the new one. Imports add entries when a record moves; add one by hand when you merge or\n"
    "# rename a scorecard.\n"
)


def load_moved(path: Path) -> Loaded[MovedList] | None:
    return load_model(path, MovedList, "moved.yaml") if path.exists() else None


def record_moves(path: Path, moves: Iterable[tuple[str, str]], why: str = "its record moved to another file") -> None:
    """Add ``(old id, new id)`` entries; an entry that pointed to an old id now points to its new one."""
    write_atomically(path, moves_text(path, moves, why), inside=path.parent)


def moves_text(
    path: Path, moves: Iterable[tuple[str, str]], why: str = "its record moved to another file", *, new: bool = True
) -> str:
    """moved.yaml with ``moves`` recorded; with ``new=False`` only re-pointed (entries to an old id point to its
    new one, none is added): valid while the old scorecards still exist, as during an import's swap."""
    loaded = load_moved(path)
    entries = list(loaded.model.moved) if loaded is not None and loaded.model is not None else []
    for old, new_id in moves:
        entries = [MovedPage(from_id=e.from_id, to=new_id if e.to == old else e.to, why=e.why) for e in entries]
        if new:
            entries = [e for e in entries if e.from_id not in {old, new_id}]
            entries.append(MovedPage(from_id=old, to=new_id, why=why))
    data = {"moved": [{"from": e.from_id, "to": e.to, "why": e.why} for e in sorted(entries, key=lambda e: e.from_id)]}
    return HEADER + dump_plain(data)


def check_moved(loaded: Loaded[MovedList], scorecards: Iterable[Loaded[Scorecard]]) -> list[Problem]:
    """An old id must be free (else two pages claim one address) and its target must exist."""
    if loaded.model is None:
        return []
    ids = {c.model.subject.id for c in scorecards if c.model is not None}
    problems = []
    for index, entry in enumerate(loaded.model.moved):
        if entry.from_id in ids:
            problems.append(
                loaded.problem_at(
                    ("moved", index, "from"),
                    f"{entry.from_id!r} is a scorecard's id again; remove this entry (the page is back)",
                )
            )
        if entry.to not in ids:
            problems.append(
                loaded.problem_at(("moved", index, "to"), f"no scorecard has id {entry.to!r}; point to where it went")
            )
    return problems
