"""Importing the European Open Source AI Index: every model imported or reported, with checkable evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from collector.dataset import load_dataset
from collector.imports.common import ImportReport
from collector.imports.eosai import PROVENANCE_BY, build, import_eosai
from collector.schema import Scorecard
from tests.conftest import FIXTURES, project_for_import

SOURCE = FIXTURES / "eosai"
SHARED = Path("/work/shared/data/eosai")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_for_import(tmp_path / "project", "eosai")


@pytest.fixture(scope="module")
def first_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    root = project_for_import(tmp_path_factory.mktemp("eosai") / "project", "eosai")
    return root, import_eosai(root, SOURCE)


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture, for tests that make a quirk the real data does not have."""
    copy = tmp_path / "eosai"
    shutil.copytree(SOURCE, copy)
    return copy


def cards(project: Path) -> dict[str, Scorecard]:
    return {c.subject.id: c for c in load_dataset(project).valid_scorecards()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def source_files(card: Scorecard) -> set[str]:
    """The EOSAI files a scorecard's evidence names (its locators are '<file>: <criterion>')."""
    return {
        (e.locator or "").split(": ")[0] for a in card.assessments for c in a.indicators.values() for e in c.evidence
    }


def test_every_fixture_model_is_imported_or_reported_with_a_reason(first_import):
    project, report = first_import
    imported = set().union(*(source_files(c) for c in cards(project).values()))
    for name in sorted(p.name for p in SOURCE.glob("*.yaml")):
        reasons = [p for p in report.problems if p.startswith(f"{name}: ") and "skipped" in p]
        assert (name in imported) != bool(reasons), name
    assert len(imported) == 8
    assert "a_submission_template.yaml: the contribution template, not a model; skipped" in report.problems


def test_the_imported_project_validates_and_every_quote_is_in_the_archived_text(first_import):
    assert load_dataset(first_import[0]).problems == []


@pytest.mark.parametrize(
    ("criterion", "status"),
    # TildeOpen.yaml, checked by hand: datasources_basemodel partial, datasources_endmodel closed,
    # weights_basemodel open
    [
        ("datasources-basemodel", "partial"),
        ("datasources-endmodel", "not-disclosed"),
        ("weights-basemodel", "disclosed"),
    ],
)
def test_eosai_classes_become_statuses(first_import, criterion, status):
    claim = cards(first_import[0])["tildeopen"].assessments[0].indicators[criterion]
    assert claim.status.value == status


def test_an_empty_class_is_not_assessed_and_counted(source_copy, project):
    path = source_copy / "TildeOpen.yaml"
    edit(path, "datasources_endmodel:\n    class: closed", "datasources_endmodel:\n    class: ")
    report = import_eosai(project, source_copy)
    claim = cards(project)["tildeopen"].assessments[0].indicators["datasources-endmodel"]
    assert claim.status.value == "not-assessed"
    assert "1 claims are not-assessed: EOSAI gives no class for them" in report.problems
    assert load_dataset(project).problems == []


def test_a_list_link_and_a_string_link_both_land_in_the_note(first_import):
    claims = cards(first_import[0])["amd-olmo"].assessments[0].indicators
    # AMD OLMo.yaml: datasources_basemodel has one string link, datasources_endmodel a list of five
    assert claims["datasources-basemodel"].note == "Links given by EOSAI: https://huggingface.co/datasets/allenai/dolma"
    note = claims["datasources-endmodel"].note or ""
    assert note.startswith("Links given by EOSAI: https://huggingface.co/datasets/allenai/tulu-v2-sft-mixture, ")
    assert note.count("https://") == 5


def test_a_claim_with_notes_quotes_them(first_import):
    raw = yaml.safe_load((SOURCE / "AMD OLMo.yaml").read_text(encoding="utf-8"))
    claim = cards(first_import[0])["amd-olmo"].assessments[0].indicators["paper"]
    assert claim.evidence[0].quote == raw["paper"]["notes"].strip()
    assert claim.evidence[0].locator == "AMD OLMo.yaml: paper"
    assert claim.note is None  # its link is empty


def test_a_claim_without_notes_quotes_its_class_line_from_the_archived_text(source_copy, project):
    edit(source_copy / "AMD OLMo.yaml", "notes: No peer-reviewed paper found. ", "notes:")
    import_eosai(project, source_copy)
    claim = cards(project)["amd-olmo"].assessments[0].indicators["paper"]
    assert claim.evidence[0].quote == "paper: closed"
    assert load_dataset(project).problems == []


def test_a_link_that_is_not_http_is_reported_and_left_out(first_import):
    _, report = first_import
    assert "TildeOpen.yaml: org.link 'tilde.ai' is not an http(s) URL; not used" in report.problems


def test_subject_fields_come_from_system_and_org(first_import):
    found = cards(first_import[0])
    olmo = found["amd-olmo"].subject
    assert (olmo.name, olmo.developer, olmo.kind.value) == ("AMD-OLMo-1B-SFT-DPO", "AMD", "model")  # the rated model
    assert olmo.links.huggingface == "amd/AMD-OLMo-1B-SFT-DPO"
    assert olmo.access is not None and olmo.access.value == "open-weights"
    assert olmo.release_date is None  # the file gives a month, 2024-10
    assert found["apertus"].subject.links.huggingface is None  # a collection, not a model repository
    assert (found["apertus"].subject.links.homepage or "").startswith("https://huggingface.co/collections/")
    assert found["tildeopen"].subject.access is None  # end-model weights closed: access unknown
    assert found["llama-2"].subject.access is None  # partial (llama-2-chat.yaml, named Llama 2)


def test_importing_again_writes_nothing(first_import, tmp_path):
    copy = tmp_path / "again"
    shutil.copytree(first_import[0], copy)
    report = import_eosai(copy, SOURCE)
    assert report.written == []
    assert report.unchanged > 0


def test_every_claim_carries_the_attribution_and_the_license(first_import):
    project, _ = first_import
    for card in cards(project).values():
        for claim in card.assessments[0].indicators.values():
            assert claim.provenance.source.value == "import"
            assert claim.provenance.by == PROVENANCE_BY == "European Open Source AI Index (CC-BY-4.0)"
            for evidence in claim.evidence:  # the model's own file, at the commit that was read
                commit = "/blob/5a388e871b88735e7ab7e6fb230b76c9d460d99a/"
                assert commit in evidence.url and evidence.url.endswith(".yaml")
                archived = (project / "archive" / (evidence.archive or "")).read_text(encoding="utf-8")
                assert "Liesenfeld, Blankvoort, Kalra, Dingemanse (Radboud University)" in archived
                assert "Licensed CC-BY-4.0" in archived
    rubric = yaml.safe_load((project / "rubrics" / "eosai" / "2026.06.yaml").read_text(encoding="utf-8"))
    assert rubric["license"] == "CC-BY-4.0"
    assert rubric["source"] == "https://osai-index.eu/"


def test_the_rubrics_indicators_are_exactly_the_criteria_of_the_parameters_file(first_import):
    groups = yaml.safe_load((SOURCE / "_parameters.yml").read_text(encoding="utf-8"))
    questions = yaml.safe_load((SOURCE / "_parameters-descriptions.yml").read_text(encoding="utf-8"))
    rubric = yaml.safe_load((first_import[0] / "rubrics" / "eosai" / "2026.06.yaml").read_text(encoding="utf-8"))
    expected = [(p["ref"].replace("_", "-"), g["ref"], p["name"].strip()) for g in groups for p in g["params"]]
    assert [(i["id"], i["domain"], i["name"]) for i in rubric["indicators"]] == expected
    assert len(expected) == 12
    assert [d["id"] for d in rubric["domains"]] == ["availability", "documentation", "access"]
    for indicator in rubric["indicators"]:
        assert indicator["question"] == questions[indicator["id"].replace("-", "_")]["en"].strip()


def test_a_malformed_file_is_reported_and_the_others_still_import(source_copy, project):
    (source_copy / "Broken.yaml").write_text("system:\n  name: [unclosed\n", encoding="utf-8")
    report = import_eosai(project, source_copy)
    assert any(p.startswith("Broken.yaml: not readable YAML") for p in report.problems)
    assert "amd-olmo" in cards(project)


def test_two_files_with_the_same_id_keep_the_first_and_are_reported(source_copy):
    shutil.copy(source_copy / "BERT.yaml", source_copy / "BERT copy.yaml")
    imported = build(source_copy, source_copy)
    assert "bert" in imported.subjects
    assert any(p.startswith("BERT.yaml: the name 'BERT' gives the id 'bert', already taken by BERT copy.yaml")
               for p in imported.problems)  # fmt: skip


def test_an_unknown_class_is_reported_and_not_imported(source_copy):
    edit(source_copy / "Bark.yaml", "class: open", "class: yes-ish")
    imported = build(source_copy, source_copy)
    assert any(p.startswith("Bark.yaml: ") and "'yes-ish'" in p for p in imported.problems)


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="the full EOSAI database is only on the shared data folder")
def test_every_file_of_the_full_database_is_imported_or_reported():
    imported = build(SHARED, SHARED)
    files = sorted(p.name for p in SHARED.glob("*.yaml") if p.name != "a_submission_template.yaml")
    assert len(files) == 193
    reported = {p.split(": ", 1)[0] for p in imported.problems if "skipped" in p}
    locators = {
        c["evidence"][0]["locator"].split(": ")[0]
        for s in imported.subjects.values()
        for c in s.assessments[0]["indicators"].values()
        if c.get("evidence")
    }
    assert all((name in locators) or (name in reported) for name in files)
    assert len(imported.subjects) + len(reported & set(files)) == 193


def test_a_model_without_a_name_is_reported_and_skipped(source_copy):
    edit(source_copy / "Bark.yaml", "name: Bark", "name:")
    imported = build(source_copy, source_copy)
    assert "bark" not in imported.subjects
    assert "Bark.yaml: system.name is empty or not a name (None); skipped" in imported.problems


def test_the_cli_imports_eosai_and_says_what_it_wrote(project, capsys):
    from collector.cli import main

    assert main(["--root", str(project), "import", "eosai", str(SOURCE)]) == 0
    out = capsys.readouterr().out
    assert "wrote rubrics/eosai/2026.06.yaml" in out
    assert "note: a_submission_template.yaml" in out


def test_a_file_whose_base_and_end_model_look_swapped_is_named_after_the_model_of_its_family():
    from collector.imports.eosai import _read_model, _subject

    problems: list[str] = []
    model = _read_model(FIXTURES / "eosai-quirks" / "Guru.yaml", problems)
    assert model is not None
    assert _subject(model, "guru", problems)["name"] == "Guru-32B"
    assert any("look swapped" in p for p in problems)
