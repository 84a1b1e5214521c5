"""Which scorecard an imported record joins: a strong key (its own file, the same Hub repository, a reviewed
identity) or none; a shared developer and name is a possible match for a person, never a merge."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from collector.dataset import load_dataset
from collector.imports.common import ImportedIndex, ImportedSubject, IndexImportError, apply
from tests.conftest import REPO

RUBRIC = "fmti"  # any rubric the project has; the claims below use one of its indicators


def record(subject_id: str, **links: str) -> ImportedSubject:
    assessment = {
        "rubric": RUBRIC,
        "rubric_version": "2025.12",
        "date": dt.date(2025, 12, 1),
        "indicators": {"data-size": {"status": "not-disclosed", "provenance": {"source": "import", "by": "test"}}},
    }
    subject = {
        "id": subject_id,
        "name": subject_id.title(),
        "developer": "Someone",
        **({"links": links} if links else {}),
    }
    return ImportedSubject(subject_id, subject, [assessment], folder="someone")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


def small_project(root: Path) -> Path:
    """The repository's rubrics and one developer's scorecards (TII's falcon-7b tracks tiiuae/falcon-7b)."""
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    shutil.copytree(REPO / "scorecards" / "tii", root / "scorecards" / "tii")  # falcon-7b: tiiuae/falcon-7b
    shutil.copytree(REPO / "archive", root / "archive")  # a copy: the project refuses symlinks
    return root


def imported(*subjects: ImportedSubject) -> ImportedIndex:
    return ImportedIndex(RUBRIC, "test import", subjects={s.id: s for s in subjects})


def test_a_record_naming_a_tracked_hub_repo_joins_that_scorecard(project):
    report = apply(project, imported(record("falcon-seven", huggingface="TIIUAE/Falcon-7B")))
    assert report.written == ["scorecards/tii/falcon-7b.yaml"]
    card = next(c for c in load_dataset(project).valid_scorecards() if c.subject.id == "falcon-7b")
    assert {a.rubric for a in card.assessments} == {"transparency", RUBRIC}
    assert card.subject.name == "Falcon-7B"  # the scorecard keeps its own subject


def test_a_record_with_the_same_id_elsewhere_is_filed_apart_and_reported_as_a_possible_match(project):
    report = apply(project, imported(record("falcon-7b")))
    assert report.written == ["scorecards/someone/falcon-7b-fmti.yaml"]
    assert len(report.possible) == 1 and "imports/identities.yaml" in report.possible[0]
    assert load_dataset(project).problems == []


def test_a_reviewed_mapping_joins_a_record_to_a_scorecard(project):
    (project / "imports").mkdir()
    (project / "imports" / "identities.yaml").write_text(
        f"identities:\n- {{index: {RUBRIC}, record: falcon, subject: falcon-7b, why: the same repository}}\n"
    )
    report = apply(project, imported(record("falcon")))
    assert report.written == ["scorecards/tii/falcon-7b.yaml"]
    assert load_dataset(project).problems == []


def test_a_new_record_gets_its_own_scorecard_under_its_developer(project):
    report = apply(project, imported(record("brand-new")))
    assert report.written == ["scorecards/someone/brand-new.yaml"]
    assert load_dataset(project).problems == []


def test_a_malformed_mapping_file_stops_the_import_with_its_reason(project):
    (project / "imports").mkdir()
    (project / "imports" / "identities.yaml").write_text("identities:\n- just a string\n")
    with pytest.raises(IndexImportError, match=r"imports/identities.yaml:2: .*scorecards validate"):
        apply(project, imported(record("brand-new")))


def test_a_model_rated_by_several_sources_shows_each_verdict_side_by_side(project):
    from collector.render.site import render_site
    from collector.render.site_items import RenderOptions

    apply(project, imported(record("falcon-seven", huggingface="tiiuae/falcon-7b")))
    rendered = render_site(load_dataset(project), RenderOptions(templates=REPO / "site" / "templates"))
    body = next(p for p in rendered.pages if p.slug == "models/falcon-7b").body()
    table = body.split('id="sources-verdicts"')[1].split("</table>")[0]
    assert "AI Transparency Scorecard rubric 2.0" in table
    assert "Foundation Model Transparency Index, December 2025 2025.12" in table
    assert "CC-BY-4.0: Bommasani" in table


def test_a_record_with_the_same_developer_and_name_is_never_merged_and_a_rerun_keeps_it_apart(project):
    falcon = record("falcon-7b")
    falcon.folder = "tii"  # the developer folder developers.yaml gives TII
    first = apply(project, imported(falcon))
    assert first.written == ["scorecards/tii/falcon-7b-fmti.yaml"] and first.joined == []
    falcon = record("falcon-7b")  # the same record, read again from the source
    falcon.folder = "tii"
    again = apply(project, imported(falcon))
    assert again.written == [] and again.removed == []


def test_a_record_gone_from_the_source_takes_its_scorecard_with_it_and_is_reported(project):
    apply(project, imported(record("brand-new"), record("other-one")))
    report = apply(project, imported(record("other-one")))
    assert not (project / "scorecards" / "someone" / "brand-new.yaml").exists()
    assert report.removed == ["scorecards/someone/brand-new.yaml: no record of the source maps here any more; deleted"]
    assert (project / "scorecards" / "someone" / "other-one.yaml").exists()


def test_a_record_that_now_joins_another_scorecard_leaves_the_old_one_without_its_assessment(project):
    apply(project, imported(record("falcon-7b", huggingface="tiiuae/falcon-7b")))  # joins tii/falcon-7b
    report = apply(project, imported(record("falcon-seven")))  # the source no longer names the repo
    card = load_dataset(project).valid_scorecards()
    falcon = next(c for c in card if c.subject.id == "falcon-7b")
    assert {a.rubric for a in falcon.assessments} == {"transparency"}  # our own assessment stays
    assert report.removed == [
        f"scorecards/tii/falcon-7b.yaml: no record of the source maps here any more; its {RUBRIC} assessments "
        "were removed"
    ]
    assert (project / "scorecards" / "someone" / "falcon-seven.yaml").exists()


def test_an_import_that_would_drop_most_records_writes_nothing_and_says_why(project):
    apply(project, imported(*(record(f"model-{n}") for n in range(8))))
    before = sorted(p.name for p in (project / "scorecards" / "someone").iterdir())
    with pytest.raises(IndexImportError, match=r"8 of the 8 scorecards with fmti assessments would lose them"):
        apply(project, imported(record("something-else")))  # e.g. SOURCE_DIR is a subfolder of the index
    assert sorted(p.name for p in (project / "scorecards" / "someone").iterdir()) == before
