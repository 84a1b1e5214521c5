"""Which assessment represents a subject in a ranking, and in what order."""

from __future__ import annotations

from collections.abc import Iterable

from collector.scoring import AssessmentScore


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Order versions like people do: 1.10 after 1.9, 2023.10 after 2023.5."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in version.split("."))


def latest_version(scores: Iterable[AssessmentScore], rubric_id: str) -> str | None:
    """The newest version of ``rubric_id`` that any assessment uses."""
    versions = {s.rubric_version for s in scores if s.rubric_id == rubric_id}
    return max(versions, key=version_key) if versions else None


def latest_scores(scores: Iterable[AssessmentScore], rubric_id: str, rubric_version: str) -> list[AssessmentScore]:
    """Each subject's most recent assessment under one rubric version: the complete ones best total
    first, then the incomplete ones by name (see :func:`split_ranked`).

    Scores are only comparable under the same rubric version, so a ranking never
    mixes versions.  Ties are broken by name so that the order is stable.
    """
    latest: dict[str, AssessmentScore] = {}
    for score in scores:
        if (score.rubric_id, score.rubric_version) != (rubric_id, rubric_version):
            continue
        current = latest.get(score.subject_id)
        if current is None or _recency(score) > _recency(current):
            latest[score.subject_id] = score
    ranked, unranked = split_ranked(latest.values())
    return ranked + unranked


def split_ranked(scores: Iterable[AssessmentScore]) -> tuple[list[AssessmentScore], list[AssessmentScore]]:
    """(complete assessments, best total first; incomplete ones, by name).

    An incomplete assessment has a range, not a score: ranking it would read an
    indicator nobody looked at as one the developer kept quiet about.
    """
    ranked = sorted(
        (s for s in scores if s.complete), key=lambda s: (-round(s.total, 6), s.subject_name.lower(), s.subject_id)
    )
    unranked = sorted((s for s in scores if not s.complete), key=lambda s: (s.subject_name.lower(), s.subject_id))
    return ranked, unranked


def _recency(score: AssessmentScore) -> tuple[object, ...]:
    return (score.date,)
