"""Which pages hold more than one source, and the key that joined each: the report behind "one model, one page".

Every imported record says how it got onto its page (``record.joined_by``); assessments without a record were
written in this project (by hand or by a collector) about the page's own subject. Validation refuses a join whose
key does not hold; this report lists them all, for a reviewer or a reader who wants to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from collector.dataset import Dataset
from collector.schema import JoinKey


@dataclass
class JoinedSource:
    rubric: str
    record: str  # the index's record id; "" for the project's own assessments
    name: str
    key: str  # own, huggingface: <repo>, identity, or "this project"


@dataclass
class MultiSourcePage:
    file: str
    subject_id: str
    name: str
    sources: list[JoinedSource] = field(default_factory=list)


def multi_source_pages(dataset: Dataset) -> list[MultiSourcePage]:
    """Every scorecard holding assessments from more than one source, with each source's join key."""
    pages = []
    for loaded in dataset.scorecards:
        card = loaded.model
        if card is None:
            continue
        sources: dict[tuple[str, str], JoinedSource] = {}
        for assessment in card.assessments:
            record = assessment.record
            if record is None:
                sources.setdefault((assessment.rubric, ""), JoinedSource(assessment.rubric, "", "", "this project"))
                continue
            key = record.joined_by.value
            if record.joined_by is JoinKey.HUGGINGFACE:
                key = f"huggingface: {record.huggingface}"
            sources.setdefault(
                (assessment.rubric, record.id), JoinedSource(assessment.rubric, record.id, record.name, key)
            )
        if len({rubric for rubric, _ in sources}) > 1:
            pages.append(MultiSourcePage(loaded.display, card.subject.id, card.subject.name, list(sources.values())))
    return pages


def format_pages(pages: list[MultiSourcePage]) -> str:
    lines = []
    for page in pages:
        lines.append(f"{page.file} ({page.name})")
        for source in page.sources:
            what = f"record {source.record!r} ({source.name})" if source.record else "assessed in this project"
            lines.append(f"  {source.rubric}: {what}, joined by {source.key}")
    weak = sum(1 for p in pages for s in p.sources if s.key not in {"own", "identity", "this project"}
               and not s.key.startswith("huggingface: "))  # fmt: skip
    lines.append(f"{len(pages)} page(s) hold more than one source; {weak} joined without a strong key")
    return "\n".join(lines)
