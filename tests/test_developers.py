"""developers.yaml: one developer per organisation, whatever spelling a source or a contributor uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from collector.dataset import load_dataset
from collector.developers import DeveloperIndex, name_key
from collector.imports.common import IndexImportError
from collector.imports.eosai import build as build_eosai
from collector.imports.fmti_build import build as build_fmti
from collector.imports.mot import build as build_mot
from collector.problems import Severity
from collector.schema import Developer
from tests.conftest import FIXTURES, REPO, project_for_import

DEVELOPERS = """\
developers:
  - id: ai21-labs
    name: AI21 Labs
    aliases: [AI21]
  - id: meta
    name: Meta
    aliases: ["FAIR (Fundamental Artificial Intelligence Research)"]
  - id: baai
    name: BAAI
    aliases: ["Beijing Academy of Artificial Intelligence（BAAl）"]
  - id: google
    name: Google
    aliases: [Google AI]
  - id: eleutherai
    name: EleutherAI
  - id: together
    name: Together AI
    aliases: [Together Computer]
  - id: eleutherai-and-together-computer
    name: EleutherAI and Together Computer
    members: [eleutherai, together]
  - id: mistral
    name: Mistral AI
    aliases: [Mistral]
"""


def project_with(root: Path, developers: str) -> Path:
    shutil.copytree(FIXTURES / "mini", root)
    acme = "  - id: acme\n    name: Acme\n"  # the mini project's developer
    (root / "developers.yaml").write_text(developers + acme, encoding="utf-8")
    return root


def developer_problems(root: Path) -> list[tuple[str, int, str, Severity]]:
    dataset = load_dataset(root)
    return [
        (p.file, p.line, p.message, p.severity)
        for p in dataset.problems
        if p.file == "developers.yaml" or p.path == "subject.developer"
    ]


def test_spellings_that_differ_in_case_spacing_punctuation_or_width_are_one_name() -> None:
    assert name_key("HuggingFace") == name_key("Hugging Face") == name_key("hugging-face")
    assert name_key("AI21_Labs") == name_key("AI21 Labs")
    assert name_key("ＢＡＡＩ") == name_key("BAAI")  # full-width letters, as some sources type them
    assert name_key("Mistral") != name_key("Mistral AI")  # a different word is a different name until listed


def test_a_listed_alias_resolves_to_its_developer() -> None:
    index = DeveloperIndex.of([Developer(id="mistral", name="Mistral AI", aliases=["Mistral"])])
    found = index.resolve("mistral")
    assert found is not None and found.name == "Mistral AI"
    assert index.resolve("Mistral Research") is None


def test_collaborations_are_found_from_each_member() -> None:
    index = DeveloperIndex.of(_developers(DEVELOPERS))
    assert [d.id for d in index.collaborations("eleutherai")] == ["eleutherai-and-together-computer"]
    assert index.collaborations("meta") == []


def _developers(text: str) -> list[Developer]:
    return [Developer.model_validate(d) for d in yaml.safe_load(text)["developers"]]


def test_the_shipped_list_is_valid_and_every_shipped_scorecard_names_a_listed_developer() -> None:
    dataset = load_dataset(REPO)
    problems = [p for p in dataset.problems if p.file == "developers.yaml" or p.path == "subject.developer"]
    assert problems == []
    assert len(dataset.developers.by_id) > 100


def test_a_scorecard_naming_an_unknown_developer_is_warned_with_the_closest_listed_name(tmp_path: Path) -> None:
    root = project_with(tmp_path / "p", DEVELOPERS.replace("  - id: mistral\n    name: Mistral AI\n", ""))
    card = next((root / "scorecards").rglob("*.yaml"))
    text = card.read_text(encoding="utf-8")
    developer_line = next(line for line in text.splitlines() if "developer:" in line)
    card.write_text(text.replace(developer_line, "  developer: Googel"), encoding="utf-8")
    [(file, line, message, severity)] = developer_problems(root)
    assert severity is Severity.WARNING
    assert file.endswith(card.name) and line == text.splitlines().index(developer_line) + 1
    assert "'Googel' is not in developers.yaml" in message and "did you mean 'Google'?" in message


def test_a_scorecard_outside_its_developers_folder_is_warned_with_the_folder_to_move_to(tmp_path: Path) -> None:
    root = project_with(tmp_path / "p", DEVELOPERS)
    card = next((root / "scorecards").rglob("*.yaml"))
    text = card.read_text(encoding="utf-8")
    developer_line = next(line for line in text.splitlines() if "developer:" in line)
    moved = root / "scorecards" / "elsewhere" / card.name
    moved.parent.mkdir()
    moved.write_text(text.replace(developer_line, "  developer: Mistral"), encoding="utf-8")
    card.unlink()
    assert [m for _, _, m, _ in developer_problems(root)] == [
        "'Mistral' is developer 'mistral', but this file is in scorecards/elsewhere/; move it to "
        "scorecards/mistral/ so the developer's files stay together"
    ]


def test_a_spelling_listed_for_two_developers_is_an_error_at_its_line(tmp_path: Path) -> None:
    clash = DEVELOPERS + "  - id: google-deepmind\n    name: Google DeepMind\n    aliases: [google ai]\n"
    root = project_with(tmp_path / "p", clash)
    assert developer_problems(root) == [
        (
            "developers.yaml",
            len(clash.splitlines()),
            "'google ai' already names 'google' (developers[3]); a spelling may name only one developer: "
            "remove it here or there",
            Severity.ERROR,
        )
    ]


def test_a_member_that_is_not_listed_is_an_error(tmp_path: Path) -> None:
    root = project_with(tmp_path / "p", DEVELOPERS.replace("members: [eleutherai, together]", "members: [nobody]"))
    [(_, _, message, severity)] = [p for p in developer_problems(root) if p[0] == "developers.yaml"]
    assert severity is Severity.ERROR
    assert "'nobody' is not another developer of this file" in message


def test_a_developer_list_with_a_typo_in_a_field_name_is_reported_not_raised(tmp_path: Path) -> None:
    root = project_with(tmp_path / "p", DEVELOPERS.replace("aliases: [AI21]", "alias: [AI21]"))
    problems = [p for p in developer_problems(root) if p[0] == "developers.yaml"]
    assert problems and "alias" in problems[0][2]


# ---------------------------------------------------------------- importers


@pytest.fixture
def import_project(tmp_path: Path) -> Path:
    root = project_for_import(tmp_path / "project", "none")
    (root / "developers.yaml").write_text(DEVELOPERS, encoding="utf-8")
    return root


def test_eosai_files_models_under_the_listed_developer_and_name(import_project: Path) -> None:
    imported = build_eosai(import_project, FIXTURES / "eosai")
    bert = imported.subjects["bert"]
    assert (bert.folder, bert.subject["developer"]) == ("google", "Google")
    pythia = imported.subjects["pythia"]
    assert pythia.path == "eleutherai-and-together-computer/pythia.yaml"


def test_eosai_reports_each_unknown_developer_once_and_files_it_as_given(import_project: Path) -> None:
    imported = build_eosai(import_project, FIXTURES / "eosai")
    unknown = [p for p in imported.problems if "is not in developers.yaml" in p]
    assert any(p.startswith("Bark.yaml: developer 'Suno' is not in developers.yaml") for p in unknown)
    assert len(unknown) == len(set(unknown)) == 5  # AMD, Swiss AI Initiative, Suno, the HPLT group, Tilde.ai
    assert (imported.subjects["bark"].folder, imported.subjects["bark"].subject["developer"]) == ("suno", "Suno")


def test_mot_files_models_under_the_listed_developer(import_project: Path) -> None:
    imported = build_mot(import_project, FIXTURES / "mot")
    folders = {s.folder for s in imported.subjects.values()}
    assert {"baai", "meta"} <= folders
    assert not any("beijing" in f or "fair" in f for f in folders)
    opt = next(s for s in imported.subjects.values() if s.subject["name"] == "OPT")
    assert opt.subject["developer"] == "Meta"  # MOT credits OPT to FAIR, which the list makes Meta


def test_fmti_names_developers_as_the_list_does(import_project: Path) -> None:
    imported = build_fmti(import_project, FIXTURES / "fmti")
    mistral = imported.subjects["mistral"]
    assert (mistral.folder, mistral.subject["name"], mistral.subject["developer"]) == ("mistral", *["Mistral AI"] * 2)


def test_fmti_without_a_developer_list_files_each_developer_under_its_fmti_id(tmp_path: Path) -> None:
    imported = build_fmti(project_for_import(tmp_path / "project", "fmti"), FIXTURES / "fmti")
    assert imported.subjects["bigcode"].path == "bigcode/bigcode.yaml"
    assert imported.subjects["mistral"].subject["name"] == "Mistral"


def test_an_import_refuses_to_run_on_an_invalid_developer_list(import_project: Path) -> None:
    (import_project / "developers.yaml").write_text(DEVELOPERS + "  - id: meta\n    name: Meta again\n")
    with pytest.raises(IndexImportError, match=r"developers.yaml:\d+: the id 'meta' is also used"):
        build_eosai(import_project, FIXTURES / "eosai")


# ---------------------------------------------------------------- Hub namespaces and reviewed records

NAMESPACES = """\
developers:
  - id: google
    name: Google
    hub_namespaces: [google, google-bert]
    records: [{index: mof, record: hawk}]
  - id: hugging-face
    name: Hugging Face
    hub_namespaces: [HuggingFaceH4]
  - id: tsinghua-university
    name: Tsinghua University
  - id: zhipu-ai
    name: Zhipu AI
    hub_namespaces: [zai-org, THUDM]
    records: [{index: mof, record: chatglm}]
  - id: openbmb
    name: OpenBMB
    records: [{index: mof, record: openbmb}]
  - id: silo-ai-and-turkunlp
    name: Silo AI and TurkuNLP
    hub_namespaces: [LumiOpen]
  - id: unknown-producer
    name: Unknown producer
"""
MOT_RECORDS = FIXTURES / "developers" / "mot"  # real MOT records (see its PROVENANCE.md)


def test_a_hub_namespace_resolves_its_repositories_whatever_their_case() -> None:
    index = DeveloperIndex.of(_developers(NAMESPACES))
    found = index.resolve_repo("thudm/chatglm-6b")
    assert found is not None and found.id == "zhipu-ai"
    assert index.resolve_repo("TheBloke/chatglm-6b-GGUF") is None  # a re-uploader is nobody's namespace


def test_the_shipped_list_files_the_hub_namespaces_of_the_issue_under_their_developers() -> None:
    index = load_dataset(REPO).developers
    placed = {ns: getattr(index.resolve_repo(f"{ns}/any"), "id", None) for ns in _ISSUE_NAMESPACES}
    assert placed == _ISSUE_NAMESPACES


_ISSUE_NAMESPACES = {
    "allenai": "ai2",
    "tiiuae": "tii",
    "meta-llama": "meta",
    "facebook": "meta",
    "CohereForAI": "cohere",
    "CohereLabs": "cohere",
    "ibm-granite": "ibm",
    "google": "google",
    "THUDM": "zhipu-ai",
    "mosaicml": "databricks",
    "Tele-AI": "china-telecom",
    "inclusionAI": "ant-group",
    "TheBloke": None,
    "unsloth": None,
}


def test_a_hub_namespace_listed_for_two_developers_is_an_error_at_its_line(tmp_path: Path) -> None:
    clash = NAMESPACES + "  - id: tsinghua-keg\n    name: Tsinghua KEG\n    hub_namespaces: [thudm]\n"
    root = project_with(tmp_path / "p", clash)
    assert developer_problems(root) == [
        (
            "developers.yaml",
            len(clash.splitlines()),
            "'thudm' is already listed for 'zhipu-ai' (developers[3]); a Hub namespace may belong to only one "
            "developer: remove it here or there",
            Severity.ERROR,
        )
    ]


def test_a_record_attributed_to_two_developers_is_an_error(tmp_path: Path) -> None:
    clash = NAMESPACES.replace("    name: Tsinghua University\n", "    name: Tsinghua University\n    records:\n"
                                "      - {index: mof, record: chatglm}\n")  # fmt: skip
    [(file, _, message, severity)] = developer_problems(project_with(tmp_path / "p", clash))
    assert (file, severity) == ("developers.yaml", Severity.ERROR)
    assert message.startswith("'mof/chatglm' is already attributed to 'tsinghua-university' (developers[2])")


def test_a_hub_namespace_that_is_not_a_hub_name_is_rejected(tmp_path: Path) -> None:
    root = project_with(tmp_path / "p", NAMESPACES.replace("[zai-org, THUDM]", "[zai-org, https://hf.co/THUDM]"))
    [(file, line, message, severity)] = developer_problems(root)
    assert (file, line, severity) == ("developers.yaml", 13, Severity.ERROR)  # the namespace's own line
    assert "'https://hf.co/THUDM' is not valid; expected text matching" in message


def test_a_scorecard_folder_that_is_no_developer_id_is_warned_once_with_the_closest_id(tmp_path: Path) -> None:
    root = project_with(tmp_path / "p", NAMESPACES)
    for card in (root / "scorecards" / "acme").glob("*.yaml"):  # two files, one folder: one warning
        (root / "scorecards" / "thudm").mkdir(exist_ok=True)
        card.rename(root / "scorecards" / "thudm" / card.name)
    folder_warnings = [p for p in load_dataset(root).problems if "the folder scorecards/" in p.message]
    [warning] = folder_warnings
    assert warning.severity is Severity.WARNING and warning.file.startswith("scorecards/thudm/")
    assert warning.message.startswith(
        "the folder scorecards/thudm/ is not a developer id of developers.yaml (closest id: 'zhipu-ai')"
    )


@pytest.fixture
def namespace_project(tmp_path: Path) -> Path:
    root = project_for_import(tmp_path / "project", "none")
    (root / "developers.yaml").write_text(NAMESPACES, encoding="utf-8")
    return root


def test_a_record_attributed_by_review_goes_to_that_developer_over_its_spelling(namespace_project: Path) -> None:
    chatglm = build_mot(namespace_project, MOT_RECORDS).subjects["chatglm"]  # MOT says 'Tsinghua University'
    assert (chatglm.folder, chatglm.subject["developer"]) == ("zhipu-ai", "Zhipu AI")


def test_a_record_with_no_producer_goes_where_developers_yaml_attributes_it(namespace_project: Path) -> None:
    subjects = build_mot(namespace_project, MOT_RECORDS).subjects
    assert (subjects["hawk"].folder, subjects["hawk"].subject["developer"]) == ("google", "Google")
    assert (subjects["openbmb"].folder, subjects["openbmb"].subject["developer"]) == ("openbmb", "OpenBMB")


def test_a_record_no_name_places_is_placed_by_its_hub_namespace_and_reported(namespace_project: Path) -> None:
    imported = build_mot(namespace_project, MOT_RECORDS)
    zephyr = imported.subjects["zephyr-141b"]  # no producer; its Hub link is HuggingFaceH4's
    assert (zephyr.folder, zephyr.subject["developer"]) == ("hugging-face", "Hugging Face")
    assert (
        "Zephyr-141B.yml: names no developer; resolved by the Hub namespace of "
        "HuggingFaceH4/zephyr-orpo-141b-A35b-v0.1 to Hugging Face (scorecards/hugging-face/)"
    ) in imported.problems


def test_an_unknown_spelling_is_placed_by_its_hub_namespace_and_reported(namespace_project: Path) -> None:
    imported = build_eosai(namespace_project, FIXTURES / "eosai")
    poro = imported.subjects["poro"]  # EOSAI: 'AMD Silo AI and TurkuNLP and ...', at LumiOpen/Llama-Poro-2-70B-Instruct
    assert (poro.folder, poro.subject["developer"]) == ("silo-ai-and-turkunlp", "Silo AI and TurkuNLP")
    [report] = [p for p in imported.problems if p.startswith("Poro.yaml:")]
    assert "resolved by the Hub namespace of LumiOpen/Llama-Poro-2-70B-Instruct to Silo AI and TurkuNLP" in report
    assert "list it as an alias" in report


def test_a_spelling_that_resolves_wins_over_the_hub_namespace(namespace_project: Path) -> None:
    text = (
        NAMESPACES
        + "  - id: amd\n    name: AMD Silo AI and TurkuNLP and High Performance Language Technologies (HPLT)\n"
    )
    (namespace_project / "developers.yaml").write_text(text, encoding="utf-8")
    poro = build_eosai(namespace_project, FIXTURES / "eosai").subjects["poro"]
    assert poro.folder == "amd"
