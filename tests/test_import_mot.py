"""Importing the Model Openness Tool gives each model its components, its MOF class, and checkable evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from collector.dataset import load_dataset
from collector.imports import mot
from collector.imports.common import ImportReport
from collector.imports.mot_inheritance import release_licenses
from tests.conftest import FIXTURES, REPO, project_for_import

SOURCE = FIXTURES / "mot"
SHARED = Path("/work/shared/data/mot")


@pytest.fixture(scope="module")
def first_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    root = project_for_import(tmp_path_factory.mktemp("mot") / "project", "mof")
    return root, mot.import_mot(root, SOURCE)


@pytest.fixture
def imported(first_import: tuple[Path, ImportReport], tmp_path: Path) -> Path:
    copy = tmp_path / "imported"
    shutil.copytree(first_import[0], copy)
    return copy


def scorecard(project: Path, folder: str, subject_id: str) -> dict:
    return yaml.safe_load((project / "scorecards" / folder / f"{subject_id}.yaml").read_text(encoding="utf-8"))


def claims(project: Path, folder: str, subject_id: str) -> dict[str, dict]:
    return scorecard(project, folder, subject_id)["assessments"][0]["indicators"]


def open_components(project: Path, folder: str, subject_id: str) -> set[str]:
    return {k for k, v in claims(project, folder, subject_id).items() if v["status"] == "disclosed"}


# ---------------------------------------------------------------- every file is used or reported


def test_every_fixture_file_is_imported_or_reported_with_a_reason(first_import):
    root, report = first_import
    built = mot.build(root, SOURCE)
    taken = {s.assessments[0]["summary"].split("(models/", 1)[1].split(",", 1)[0] for s in built.subjects.values()}
    for path in sorted((SOURCE / "models").glob("*.yml")):
        if path.name not in taken:
            assert any(p.startswith(f"{path.name}: ") and "skipped" in p for p in report.problems), path.name


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        ("broken.yml", "not readable YAML"),
        ("no-name.yml", "release has no name"),
        ("Meta-Llama-3-8B-Instruct.yml", "already taken by Llama-3-8B-Instruct.yml"),
        ("Amber.yml", "component_path 'arxiv license' is not an http(s) URL"),
        ("CrystalChat.yml", "component_path 'ODC-BY' is not an http(s) URL"),
        ("derived-class-iii.yml", "'Model weights (quantized)' is none of the 17 MOF components"),
        ("Griffin.yml", "no producer; filed under unknown-producer"),
        ("XGLM.yml", "is not an http(s) URL; left out"),
    ],
)
def test_what_cannot_be_used_is_reported_by_file_and_reason(first_import, file, reason):
    assert any(p.startswith(f"{file}: ") and reason in p for p in first_import[1].problems)


def test_the_imported_project_validates_and_every_quote_is_in_the_archived_text(imported):
    assert load_dataset(imported).problems == []


def test_importing_again_writes_nothing(imported):
    again = mot.import_mot(imported, SOURCE)
    assert again.written == []
    assert again.unchanged > 0


# ---------------------------------------------------------------- the rubric


def test_the_rubric_has_the_17_reference_components_grouped_by_class(imported):
    rubric = yaml.safe_load((imported / "rubrics" / "mof" / "1.0.yaml").read_text(encoding="utf-8"))
    reference = yaml.safe_load((REPO / "rubrics" / "references" / "mof-1.0.yaml").read_text(encoding="utf-8"))
    assert [i["id"] for i in rubric["indicators"]] == [i["id"] for i in reference["items"]]
    assert all(i["crosswalk"] == {"mof-1.0": [i["id"]]} for i in rubric["indicators"])
    by_domain = {d["id"]: {i["id"] for i in rubric["indicators"] if i["domain"] == d["id"]} for d in rubric["domains"]}
    assert by_domain["class-iii"] == mot.CLASS_III
    assert by_domain["class-ii"] == mot.CLASS_II_OWN
    assert by_domain["class-i"] == mot.CLASS_I_OWN
    assert rubric["scoring"] == {"method": "binary"}
    assert rubric["license"] == "MIT"
    assert rubric["released"] == "2024-12-15"
    assert "9 of 10 models" in rubric["description"]


# ---------------------------------------------------------------- classes


@pytest.mark.parametrize(
    ("folder", "subject_id", "expected"),
    [
        ("beijing-academy-of-artificial-intelligence-baal", "aquila-vl-2b", "Class I"),
        ("beijing-academy-of-artificial-intelligence-baal", "aquila-vl-2b-derived-class-ii", "Class II"),
        ("beijing-academy-of-artificial-intelligence-baal", "aquila-vl-2b-derived-class-iii", "Class III"),
        ("llm360", "amber", "Class I"),  # 16 of 17 by inheritance (was 1 of 17, no class, before inheritance)
        ("meta", "opt", None),
        ("eleutherai", "pythia-70m", "Class I"),  # its research paper stands in for the technical report
        ("deepseek-ai", "deepseek-r1", None),  # no data card listed
    ],
)
def test_hand_checked_models_get_their_class_in_the_summary(imported, folder, subject_id, expected):
    assert mot.mof_class(open_components(imported, folder, subject_id)) == expected
    summary = scorecard(imported, folder, subject_id)["assessments"][0]["summary"]
    assert f"MOF class under its published rules: {expected or 'no class'}." in summary


ALL = mot.CLASS_I | {"supporting-libraries-and-tools", "model-metadata", "sample-model-outputs"}


@pytest.mark.parametrize(
    ("components", "expected"),
    [
        (ALL, "Class I"),
        (mot.CLASS_I, "Class I"),
        (mot.CLASS_II, "Class II"),
        (mot.CLASS_III, "Class III"),
        (mot.CLASS_III - {"data-card"}, None),
        (mot.CLASS_II_OWN | mot.CLASS_I_OWN, None),  # II's and I's own lists without III's
        (mot.CLASS_III | mot.CLASS_I_OWN, "Class III"),  # I's own list does not skip II
        (set(), None),
    ],
)
def test_mof_classes_are_cumulative(components, expected):
    assert mot.mof_class(set(components)) == expected


# ---------------------------------------------------------------- claims


def test_an_unlicensed_component_is_not_disclosed_with_the_reason(imported):
    claim = claims(imported, "meta", "opt")["model-card"]
    assert claim["status"] == "not-disclosed"
    assert "unlicensed" in claim["note"]


def test_a_component_without_a_license_of_its_own_inherits_the_release_license(imported):
    amber = claims(imported, "llm360", "amber")  # release license: distribution Apache-2.0
    assert amber["training-code"]["status"] == "disclosed"
    assert "inherited from the release's distribution license (Apache-2.0)" in amber["training-code"]["note"]
    assert amber["datasets"]["status"] == "disclosed"  # its own "MIT", no path
    assert amber["datasets"]["note"] == "Released under MIT, an open license."


def test_deepseek_r1_counts_its_nine_components_under_the_mit_release_license(imported):
    r1 = claims(imported, "deepseek-ai", "deepseek-r1")
    inherited = {k for k, v in r1.items() if v["status"] == "disclosed" and "inherited" in v["note"]}
    assert len(inherited) == 9
    assert open_components(imported, "deepseek-ai", "deepseek-r1") == inherited
    assert r1["research-paper"]["status"] == "not-disclosed"  # its own arXiv license is not open, and wins
    summary = scorecard(imported, "deepseek-ai", "deepseek-r1")["assessments"][0]["summary"]
    assert "9 of 17 components under an open license, 9 of them by inheritance from the release's license " in summary
    assert "(distribution: MIT)" in summary
    assert "Class III would also need Data card under an open license." in summary


def test_an_inherited_claim_quotes_the_component_and_the_release_license_it_inherits(imported):
    evidence = claims(imported, "deepseek-ai", "deepseek-r1")["model-card"]["evidence"]
    assert [e["quote"] for e in evidence] == [
        "Model card: license (omitted), license_path (none), component_path (none)",
        "Release license (distribution): MIT, path (none)",
    ]


def test_an_explicitly_unlicensed_component_does_not_inherit_the_release_license(imported):
    crystal = claims(imported, "llm360", "crystalchat")  # release license: distribution Apache-2.0
    assert crystal["technical-report"]["status"] == "not-disclosed"
    assert crystal["technical-report"]["note"].startswith("Not counted: unlicensed")
    assert crystal["model-architecture"]["status"] == "disclosed"  # omitted: inherits


def test_a_component_not_listed_is_not_included_whatever_the_release_license(imported):
    claim = claims(imported, "deepseek-ai", "deepseek-r1")["data-card"]
    assert claim["status"] == "not-disclosed"
    assert "does not list this component" in claim["note"]


def test_components_inherit_the_release_license_of_their_type_before_the_distribution_license(imported):
    galactica = claims(imported, "meta", "galactica")  # code: Apache-2.0, distribution: CC-BY-NC-4.0
    assert galactica["inference-code"]["status"] == "disclosed"
    assert "release's code license (Apache-2.0)" in galactica["inference-code"]["note"]
    assert galactica["model-card"]["status"] == "not-disclosed"  # a document: falls back to distribution
    assert "release's distribution license (CC-BY-NC-4.0)" in galactica["model-card"]["note"]
    assert galactica["sample-model-outputs"]["status"] == "disclosed"  # data, code or document: no data license
    assert open_components(imported, "meta", "galactica") == {
        "model-architecture", "inference-code", "supporting-libraries-and-tools", "sample-model-outputs"
    }  # fmt: skip


def test_a_release_with_only_a_code_license_leaves_other_components_without_one(imported):
    coder = claims(imported, "deepseek", "deepseek-coder-33b-base")  # code: MIT, no distribution license
    assert coder["evaluation-code"]["status"] == "disclosed"
    assert coder["model-card"]["note"].startswith("Not counted: unlicensed")  # its own "unlicensed"


def test_the_research_paper_stands_in_for_a_technical_report_as_the_tool_allows():
    paper_not_report = (mot.CLASS_I - {"technical-report"}) | {"research-paper"}
    assert mot.mof_class(paper_not_report) == "Class I"
    assert mot.mof_class(mot.CLASS_III - {"technical-report"}) is None
    assert mot.mof_class((mot.CLASS_III - {"technical-report"}) | {"research-paper"}) == "Class III"


def test_a_plain_text_release_license_is_reported_and_gives_nothing_to_inherit():
    problems: list[str] = []
    licenses = release_licenses("Apache-2.0", "X.yml", True, problems)
    assert licenses.names == {}
    assert problems[0].startswith("X.yml: release.license is the plain text 'Apache-2.0', not the mapping")


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ({}, {}),
        ({"distribution": {"name": "MIT", "path": ""}}, {"distribution": "MIT"}),
        ({"code": {"name": "MIT"}, "data": {"name": ""}, "document": {"name": None}}, {"code": "MIT"}),
    ],
)
def test_release_licenses_are_read_by_kind_and_empty_names_give_nothing(value, names):
    assert release_licenses(value, "X.yml", True, []).names == names


def test_evidence_cites_the_file_that_was_read_and_quotes_the_components_link(imported):
    aquila = claims(imported, "beijing-academy-of-artificial-intelligence-baal", "aquila-vl-2b")
    report = aquila["technical-report"]["evidence"][0]
    assert report["url"] == f"{mot.SOURCE_REPOSITORY}/blob/{mot.SOURCE_COMMIT}/models/Aquila-VL-2B.yml"
    assert "https://arxiv.org/abs/2410.18558" in report["quote"]  # the component's own link, as the file gives it
    assert report["locator"] == "Aquila-VL-2B.yml: Technical report"
    amber = claims(imported, "llm360", "amber")["research-paper"]["evidence"][0]
    assert amber["url"] == f"{mot.SOURCE_REPOSITORY}/blob/{mot.SOURCE_COMMIT}/models/Amber.yml"
    assert amber["quote"] == ("Research paper: license (omitted), license_path (none), component_path arxiv license")


def test_every_claim_names_the_tool_and_its_license(imported):
    for path in (imported / "scorecards").rglob("*.yaml"):
        for assessment in yaml.safe_load(path.read_text(encoding="utf-8"))["assessments"]:
            assert str(assessment["date"]) == "2026-05-11"
            for claim in assessment["indicators"].values():
                assert claim["provenance"] == {"source": "import", "by": "Model Openness Tool (LF AI & Data; MIT)"}
    archived = (imported / "archive" / "mot" / "amber.md").read_text(encoding="utf-8")
    assert mot.SOURCE_COMMIT in archived
    assert "License: MIT. Attribution: LF AI & Data, Model Openness Tool" in archived


# ---------------------------------------------------------------- subjects


def test_the_files_date_is_the_tools_entry_date_never_a_release_date(first_import):
    built = mot.build(first_import[0], SOURCE)
    gpt2 = built.subjects["gpt-2"]
    assert "release_date" not in gpt2.subject
    assert str(gpt2.dated) == "2024-11-15"
    summary = gpt2.assessments[0]["summary"]
    assert "The tool's entry is dated 2024-11-15 (when it was last changed, not the model's release)." in summary
    assert not any("release_date" in s.subject for s in built.subjects.values())


def test_subjects_take_links_and_access_from_the_file(imported):
    amber = scorecard(imported, "llm360", "amber")["subject"]
    assert amber["links"] == {"huggingface": "LLM360/Amber", "repository": "https://github.com/LLM360/amber-train"}
    assert amber["kind"] == "model"
    assert amber["developer"] == "LLM360"
    assert amber["access"] == "open-weights"  # its final parameters inherit Apache-2.0
    aquila = scorecard(imported, "beijing-academy-of-artificial-intelligence-baal", "aquila-vl-2b")["subject"]
    assert aquila["access"] == "open-weights"
    xglm = scorecard(imported, "fair-fundamental-artificial-intelligence-research", "xglm")["subject"]
    assert xglm["links"] == {"huggingface": "facebook/xglm-7.5B"}
    assert (imported / "scorecards" / "unknown-producer" / "griffin.yaml").exists()
    assert (imported / "scorecards" / "cohere" / "command-r.yaml").exists()
    assert (imported / "scorecards" / "cohere" / "command-r-plus.yaml").exists()


@pytest.mark.parametrize(
    ("value", "repo"),
    [
        ("https://huggingface.co/LLM360/Amber", "LLM360/Amber"),
        ("https://huggingface.co/yandex/yalm-100b · Hugging Face", "yandex/yalm-100b"),
        ("https://huggingface.co/microsoft/phi-1/blob/main/README.md", "microsoft/phi-1"),
        ("mistralai/Mistral-7B-v0.1", "mistralai/Mistral-7B-v0.1"),
        ("https://huggingface.co/collections/ibm-granite/granite-41-language-models", None),
        ("https://huggingface.co/papers/2309.16609", None),
        ("Baichuan 2: Open Large-scale Language Models", None),
        ("https://github.com/LLM360/amber-train", None),
    ],
)
def test_hub_repo_ids_are_read_from_urls_and_bare_ids_only(value, repo):
    assert mot.hub_repo_id(value) == repo


@pytest.mark.parametrize(
    ("name", "is_open"),
    [("Apache 2.0", True), ("BSD-3", True), ("CC BY-SA 4.0", True), ("ODC-By-1.0", True), ("unlicensed", False),
     ("Gemma Terms of Use", False), ("CC-BY-NC-4.0", False), ("Component not include.", False), (None, False)],
)  # fmt: skip
def test_open_licenses_come_from_an_explicit_list(name, is_open):
    assert mot.license_verdict(name).open is is_open


def test_a_license_on_no_list_is_reported_as_unclassified():
    verdict = mot.license_verdict("Some New License 1.0")
    assert (verdict.open, verdict.classified) == (False, False)


# ---------------------------------------------------------------- the full data


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "models").is_dir(), reason="the shared MOT data is not on this machine")
def test_every_file_of_the_full_data_imports_or_is_reported(tmp_path):
    root = project_for_import(tmp_path / "project", "mof")
    built = mot.build(root, SHARED)
    files = sorted(p.name for p in (SHARED / "models").glob("*.yml"))
    assert len(files) == 273
    taken = {s.assessments[0]["summary"].split("(models/", 1)[1].split(",", 1)[0] for s in built.subjects.values()}
    skipped = {p.split(": ", 1)[0] for p in built.problems if p.endswith("skipped")}
    assert set(files) == taken | skipped
    assert not taken & skipped
