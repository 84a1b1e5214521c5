"""Importing the Foundation Model Transparency Index reproduces its published numbers, repeatably, with evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collector.cli import main
from collector.dataset import load_dataset
from collector.imports.common import ImportReport, IndexImportError
from collector.imports.fmti_build import import_fmti
from collector.ranking import latest_scores
from tests.conftest import FIXTURES, project_for_import

SOURCE = FIXTURES / "fmti"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_for_import(tmp_path / "project", "fmti")


@pytest.fixture(scope="module")
def first_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    """One import for the whole module (it takes seconds); tests that change files work on a copy."""
    root = project_for_import(tmp_path_factory.mktemp("fmti") / "project", "fmti")
    return root, import_fmti(root, SOURCE)


@pytest.fixture
def imported(first_import: tuple[Path, ImportReport], tmp_path: Path) -> Path:
    copy = tmp_path / "imported"
    shutil.copytree(first_import[0], copy)
    return copy


def totals(project: Path, version: str) -> dict[str, float]:
    scores = load_dataset(project).scores()
    return {s.subject_name: s.total for s in latest_scores(scores, "fmti", version)}


@pytest.mark.parametrize(
    ("version", "developers", "mean"),
    [("2023.10", 10, "37.0"), ("2024.05", 14, "57.9"), ("2025.12", 13, "40.69")],
)
def test_the_published_means_are_reproduced_to_their_precision(imported, version, developers, mean):
    found = totals(imported, version)
    assert len(found) == developers
    decimals = len(mean.split(".")[1])
    assert f"{sum(found.values()) / len(found):.{decimals}f}" == mean


@pytest.mark.parametrize(
    ("version", "developer", "total"),
    [
        ("2025.12", "IBM", 95),
        ("2025.12", "xAI", 14),
        ("2025.12", "Midjourney", 14),
        ("2025.12", "Writer", 72),
        ("2024.05", "BigCode (Hugging Face and ServiceNow)", 85),
        ("2024.05", "Adept", 33),
        ("2023.10", "Meta", 54),
        ("2023.10", "Amazon", 12),
    ],
)
def test_each_developers_published_total_is_reproduced(imported, version, developer, total):
    assert totals(imported, version)[developer] == total


def test_the_imported_project_validates_and_every_quote_is_in_the_archived_text(imported):
    assert load_dataset(imported).problems == []


def test_a_developer_rated_in_every_edition_has_one_scorecard_with_its_trajectory(imported):
    card = next(c for c in load_dataset(imported).valid_scorecards() if c.subject.id == "meta")
    assert card.subject.kind.value == "developer"
    assert [(a.rubric_version, a.date.isoformat()) for a in card.assessments] == [
        ("2023.10", "2023-10-01"),
        ("2024.05", "2024-05-01"),
        ("2025.12", "2025-12-01"),
    ]


def test_imported_claims_carry_the_index_its_license_and_the_report_text(imported):
    card = next(c for c in load_dataset(imported).valid_scorecards() if c.subject.id == "ibm")
    claim = card.assessments[-1].indicators["data-size"]
    assert claim.provenance.source.value == "import"
    assert claim.provenance.by == "FMTI December 2025 (Stanford CRFM; CC-BY-4.0)"
    evidence = claim.evidence[0]
    assert evidence.url.startswith("https://github.com/stanford-crfm/fmti/blob/f4500c5f")
    assert evidence.archive == "fmti/2025.12/ibm.md"
    archived = (imported / "archive" / "fmti" / "2025.12" / "ibm.md").read_text()
    assert "Licensed CC-BY-4.0" in archived


def test_the_adept_report_header_quirk_is_reported_and_its_disclosures_imported(first_import):
    project, report = first_import
    assert any("Adept" in p and "'Downstream applications'" in p for p in report.problems)
    card = next(c for c in load_dataset(project).valid_scorecards() if c.subject.id == "adept")
    assert len(card.assessments[0].indicators) == 100


@pytest.mark.slow
def test_importing_again_changes_nothing(imported):
    report = import_fmti(imported, SOURCE)
    assert report.written == []
    assert report.unchanged > 0


@pytest.mark.slow
def test_a_persons_assessment_in_a_developer_scorecard_survives_a_new_import(imported):
    path = imported / "scorecards" / "meta" / "meta.yaml"
    text = path.read_text()
    path.write_text(
        text.replace(
            "assessments:\n",
            "assessments:\n  # reviewed by hand\n  - rubric: fmti-notes\n    rubric_version: '1'\n"
            "    date: 2026-01-01\n    indicators: {}\n",
            1,
        )
    )
    import_fmti(imported, SOURCE)
    again = path.read_text()
    assert "rubric: fmti-notes" in again and "reviewed by hand" in again
    assert again.count("rubric: fmti\n") == 3


def test_an_unknown_developer_is_an_error_and_nothing_is_written(tmp_path, project):
    source = tmp_path / "fmti"
    shutil.copytree(SOURCE, source)
    scores = source / "Dec2025" / "Dec2025_scores.csv"
    scores.write_text(scores.read_text(encoding="utf-8-sig").replace(",xAI", ",NewLab", 1), encoding="utf-8")
    with pytest.raises(IndexImportError, match="'NewLab' is not in the importer's mapping"):
        import_fmti(project, source)
    assert not (project / "scorecards" / "xai").exists()
    assert list((project / "scorecards").iterdir()) == []


@pytest.mark.slow
def test_the_cli_prints_the_means_and_what_it_wrote(project, capsys):
    assert main(["--root", str(project), "import", "fmti", str(SOURCE)]) == 0
    out = capsys.readouterr().out
    assert "mean total 2023.10: 37, mean total 2024.05: 57.93, mean total 2025.12: 40.69" in out
    assert "wrote scorecards/ibm/ibm.yaml" in out
