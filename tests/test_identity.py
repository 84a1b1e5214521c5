"""A shared name is not a shared identity: names that disagree on size, version or variant, and the checks on joins."""

from __future__ import annotations

import pytest

from collector.dataset import load_dataset
from collector.identity import disagreements
from tests.test_import_identity import RUBRIC, apply, imported, record, small_project


@pytest.fixture
def project(tmp_path):
    return small_project(tmp_path / "project")


# Pairs from the shipped data that an audit found joined on one page although they are different models.
DIFFERENT_MODELS = [
    ("StarCoder", "StarCoder2-15B-Instruct-v0.1"),
    ("Amber", "AmberSafe"),
    ("DeepSeek-Coder 33B base", "DeepSeek-Coder-V2-Instruct"),
    ("Stable Diffusion 3 Medium", "Stable Diffusion 3.5 Large"),
    ("OPT-175B", "OPT-IML-Max-30B"),
    ("Jais 13B chat", "Jais-2-70B-Chat"),
    ("CodeGemma 2B", "codegemma-7b"),
    ("DeepSeek-R1", "DeepSeek-R1-0528"),
    ("Command R+", "Command R"),
]
# Spellings of one model: a facet only one name states is no contradiction.
SAME_MODEL = [
    ("Llama 3.3", "Llama-3.3-70B-Instruct"),
    ("Mistral 7B", "Mistral-7B-v0.1"),
    ("OLMo 2 1124 13B", "OLMo-2-1124-13B"),
    ("Mixtral 8x7B", "Mixtral-8x7B-Instruct-v0.1"),
    ("Jamba 1.6 Large", "AI21-Jamba-Large-1.6"),
    ("Qwen 2.5 7B", "Qwen2.5-7B"),
    ("CodeGemma 7B", "codegemma-7b"),
    # spellings the Hub uses for versions and pluses, and vendors' prefixes
    ("Neural-Chat-7B-v3.3", "neural-chat-7b-v3-3"),
    ("Phi-1.5", "phi-1_5"),
    ("Codegen2.5", "codegen25-7b-mono_P"),
    ("CodeT5+-16B", "codet5p-16b"),
    ("Command-R", "c4ai-command-r-v01"),
    ("Llama-3-8B", "Llama 3 8B"),
]


@pytest.mark.parametrize(("first", "second"), DIFFERENT_MODELS)
def test_names_that_disagree_on_size_version_or_variant_are_different_models(first, second):
    assert disagreements(first, second)


@pytest.mark.parametrize(("first", "second"), SAME_MODEL)
def test_a_facet_only_one_name_states_is_no_contradiction(first, second):
    assert disagreements(first, second) == []


def test_a_hub_link_whose_name_contradicts_the_model_is_an_error_at_the_link(mini_project, write_scorecard):
    from tests.test_validation import card

    text = card().replace(
        "  access: open-weights\n", "  access: open-weights\n  links:\n    huggingface: acme/test-model-70b\n"
    )
    write_scorecard("acme/test-model.yaml", text.replace("name: Test Model", "name: Test Model 7B"))
    problems = [p for p in load_dataset(mini_project).problems if "disagrees" in p.message]
    assert len(problems) == 1 and problems[0].path == "subject.links.huggingface"
    assert "size 7b vs 70b" in problems[0].message and "identity_note" in problems[0].message


def test_an_identity_note_acknowledges_a_hub_link_whose_name_differs(mini_project, write_scorecard):
    from tests.test_validation import card

    text = card().replace(
        "  access: open-weights\n",
        "  access: open-weights\n  identity_note: renamed upstream\n  links:\n    huggingface: acme/test-model-70b\n",
    )
    write_scorecard("acme/test-model.yaml", text.replace("name: Test Model", "name: Test Model 7B"))
    assert not [p for p in load_dataset(mini_project).problems if "disagrees" in p.message]


def test_a_second_record_claiming_a_page_by_name_is_an_error(project):
    apply(project, imported(record("brand-new")))
    path = project / "scorecards" / "someone" / "brand-new.yaml"
    text = path.read_text()
    extra = text.split("assessments:\n", 1)[1].replace("id: brand-new", "id: other-record")
    path.write_text(text + extra.replace("rubric: fmti", "rubric: fmti", 1))
    problems = [p for p in load_dataset(project).problems if "shared identity" in p.message]
    assert problems and problems[0].path.endswith("record.joined_by")


def test_a_join_by_identity_needs_a_reviewed_entry(project):
    apply(project, imported(record("brand-new")))
    path = project / "scorecards" / "someone" / "brand-new.yaml"
    path.write_text(path.read_text().replace("joined_by: own", "joined_by: identity"))
    problems = [p for p in load_dataset(project).problems if "joined by identity" in p.message]
    assert len(problems) == 1 and "imports/identities.yaml" in problems[0].message


def test_a_reviewed_identity_whose_names_disagree_is_refused_unless_it_says_why(project):
    (project / "imports").mkdir()
    entry = f"identities:\n- {{index: {RUBRIC}, record: falcon-40b, subject: falcon-7b, why: same family}}\n"
    (project / "imports" / "identities.yaml").write_text(entry)
    falcon = record("falcon-40b")
    falcon.subject["name"] = "Falcon-40B"
    apply(project, imported(falcon))
    refused = [p for p in load_dataset(project).problems if p.file == "imports/identities.yaml"]
    assert len(refused) == 1 and "size 40b vs 7b" in refused[0].message
    (project / "imports" / "identities.yaml").write_text(
        entry.replace("same family}", "same family, name_difference: checked}")
    )
    assert [p for p in load_dataset(project).problems if p.file == "imports/identities.yaml"] == []


def test_two_files_of_one_developer_with_one_name_are_a_warning(mini_project, write_scorecard):
    from tests.test_validation import card

    write_scorecard("acme/test-model.yaml", card())
    write_scorecard("acme/test-model-copy.yaml", card(id="test-model-copy"))
    warnings = [p for p in load_dataset(mini_project).problems if "same developer and model name" in p.message]
    assert {p.file for p in warnings} == {"scorecards/acme/test-model.yaml", "scorecards/acme/test-model-copy.yaml"}


def test_a_records_own_scorecard_moves_to_its_developers_folder_keeping_its_id(project):
    apply(project, imported(record("brand-new")))
    moved = record("brand-new")
    moved.folder = "another-developer"  # developers.yaml now places the record elsewhere
    report = apply(project, imported(moved))
    assert not (project / "scorecards" / "someone" / "brand-new.yaml").exists()
    assert (project / "scorecards" / "another-developer" / "brand-new.yaml").exists()
    assert report.relocated and report.removed == [] and report.moved == []
    assert load_dataset(project).problems == []


def test_a_duplicate_merges_into_the_scorecard_of_its_repository_and_its_old_page_points_there(project):
    from collector.render.site import render_site
    from collector.render.site_items import RenderOptions
    from tests.conftest import REPO

    apply(project, imported(record("brand-new")))
    report = apply(project, imported(record("brand-new", huggingface="tiiuae/falcon-7b")))
    assert report.moved and not (project / "scorecards" / "someone" / "brand-new.yaml").exists()
    dataset = load_dataset(project)
    assert dataset.problems == [] and [(m.from_id, m.to) for m in dataset.moved] == [("brand-new", "falcon-7b")]
    rendered = render_site(dataset, RenderOptions(templates=REPO / "site" / "templates"))
    old_page = next(p for p in rendered.pages if p.slug == "models/brand-new").body()
    assert 'href="../../models/falcon-7b/"' in old_page
    assert "badges/brand-new.svg" in {f.path for f in rendered.files}


def test_an_import_keeps_a_quantized_re_upload_off_the_scorecard(project):
    report = apply(project, imported(record("hawk", huggingface="XeroCodes/hawk-small-1.1b-gguf")))
    assert any("GGUF conversion" in p for p in report.problems)
    card = next(c for c in load_dataset(project).valid_scorecards() if c.subject.id == "hawk")
    assert card.subject.links.huggingface is None
    assert card.assessments[0].record is not None  # the record still says what the index linked
    assert card.assessments[0].record.huggingface == "XeroCodes/hawk-small-1.1b-gguf"


def test_a_page_listing_every_multi_source_scorecard_names_each_join_key(project, capsys):
    from collector.cli import main

    apply(project, imported(record("falcon-seven", huggingface="tiiuae/falcon-7b")))
    assert main(["--root", str(project), "joins"]) == 0
    out = capsys.readouterr().out
    assert "scorecards/tii/falcon-7b.yaml" in out
    assert "joined by huggingface: tiiuae/falcon-7b" in out and "assessed in this project" in out
    assert "1 page(s) hold more than one source; 0 joined without a strong key" in out


def _acme_listed(root, link: str, note: str = "") -> None:
    from tests.test_validation import card

    (root / "developers.yaml").write_text("developers:\n- id: acme\n  name: Acme\n  hub_namespaces: [acme]\n")
    extra = f"  identity_note: {note}\n" if note else ""
    text = card().replace(
        "  access: open-weights\n", f"  access: open-weights\n{extra}  links:\n    huggingface: {link}\n"
    )
    (root / "scorecards" / "acme" / "test-model.yaml").write_text(text)


def test_a_quantized_re_upload_outside_the_developers_namespaces_is_an_error(mini_project):
    _acme_listed(mini_project, "someone/test-model-GGUF")
    found = [p for p in load_dataset(mini_project).problems if p.path == "subject.links.huggingface"]
    assert len(found) == 1 and found[0].severity.value == "error" and "GGUF conversion" in found[0].message


def test_a_link_outside_the_developers_namespaces_is_a_warning_unless_a_note_says_why(mini_project):
    _acme_listed(mini_project, "someone/test-model")
    found = [p for p in load_dataset(mini_project).problems if p.path == "subject.links.huggingface"]
    assert len(found) == 1 and found[0].severity.value == "warning" and "Hub namespaces (acme)" in found[0].message
    _acme_listed(mini_project, "someone/test-model", note="the author's own account")
    assert [p for p in load_dataset(mini_project).problems if p.path == "subject.links.huggingface"] == []


def test_the_developers_own_conversion_is_its_repository(mini_project):
    _acme_listed(mini_project, "acme/test-model-GGUF")
    assert [p for p in load_dataset(mini_project).problems if p.path == "subject.links.huggingface"] == []


def test_a_reviewed_duplicate_of_an_index_is_skipped_and_its_old_page_points_to_the_one_that_stands(project):
    apply(project, imported(record("brand-new"), record("brand-new-test")))
    (project / "imports").mkdir()
    (project / "imports" / "identities.yaml").write_text(
        "duplicates:\n- {index: fmti, record: brand-new-test, of: brand-new, why: same repository and size}\n"
    )
    report = apply(project, imported(record("brand-new"), record("brand-new-test")))
    assert any("brand-new-test: the same model as record brand-new" in p for p in report.problems)
    assert not (project / "scorecards" / "someone" / "brand-new-test.yaml").exists()
    dataset = load_dataset(project)
    assert dataset.problems == [] and [(m.from_id, m.to) for m in dataset.moved] == [("brand-new-test", "brand-new")]


def test_a_duplicate_still_on_a_page_is_an_error_until_the_import_runs(project):
    apply(project, imported(record("brand-new"), record("brand-new-test")))
    (project / "imports").mkdir()
    (project / "imports" / "identities.yaml").write_text(
        "duplicates:\n- {index: fmti, record: brand-new-test, of: brand-new, why: same repository and size}\n"
    )
    problems = [p for p in load_dataset(project).problems if p.file == "imports/identities.yaml"]
    assert len(problems) == 1 and "run the import again" in problems[0].message


def test_a_record_naming_a_tracked_repository_under_another_name_gets_a_page_without_that_link(project):
    page = project / "scorecards" / "tii" / "falcon-7b.yaml"  # a page whose name adds a dated snapshot
    page.write_text(page.read_text().replace("  name: Falcon-7B\n", "  name: Falcon-7B 2306\n  identity_note: test\n"))
    falcon = record("falcon-seven", huggingface="tiiuae/falcon-7b")
    falcon.subject["name"] = "Falcon-7B"
    report = apply(project, imported(falcon))
    assert len(report.possible) == 1 and "release (none) vs 2306" in report.possible[0]
    dataset = load_dataset(project)
    assert dataset.problems == []  # one repository, one page
    card = next(c for c in dataset.valid_scorecards() if c.subject.id == "falcon-seven")
    assert card.subject.links.huggingface is None
    assert card.assessments[0].record is not None
    assert card.assessments[0].record.huggingface == "tiiuae/falcon-7b"


def test_a_models_data_file_says_which_record_each_assessment_grades_and_why_it_is_there(project):
    import json

    from collector.render.site import render_site
    from collector.render.site_items import RenderOptions
    from tests.conftest import REPO

    apply(project, imported(record("falcon-seven", huggingface="tiiuae/falcon-7b")))
    rendered = render_site(load_dataset(project), RenderOptions(templates=REPO / "site" / "templates"))
    data = json.loads(next(f.content for f in rendered.files if f.path == "data/models/falcon-7b.json"))
    records = [a.get("record") for a in data["assessments"]]
    assert {"id": "falcon-seven", "name": "Falcon-Seven", "huggingface": "tiiuae/falcon-7b",
            "joined_by": "huggingface"} in records  # fmt: skip
    assert None in records  # our own assessment has no index record
