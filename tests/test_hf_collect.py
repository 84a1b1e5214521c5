"""The Hub collector end to end: the real huggingface_hub client against the local replay Hub."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from collector.dataset import load_dataset
from collector.hf.collect import RepoStatus
from collector.hf.hub import HubClient
from collector.hf.project import CollectError, collect_hub, scaffold
from collector.schema import Scorecard, Status
from collector.yamlsource import parse_yaml
from tests.conftest import empty_project
from tests.dates import TODAY
from tests.hub_replay import FIXTURES, HubReplayServer, ReplayRepo, fixture_repos

TOKEN = "hf_test_token"
FINE_TUNE = "test-org/falcon-7b-tuned"
# A test-only card (not evidence for any shipped scorecard): a fine-tune that documents almost nothing
# itself and names a real card (falcon-7b, from the fixtures) as its base model.
FINE_TUNE_CARD = (
    b"---\nlicense: apache-2.0\nbase_model: tiiuae/falcon-7b\n---\n# Falcon 7B tuned\n\nA test fine-tune.\n"
)


@pytest.fixture
def hub():
    repos = fixture_repos()
    repos[FINE_TUNE] = ReplayRepo(FINE_TUNE, FINE_TUNE_CARD, info={"lastModified": "2024-03-01T00:00:00.000Z"})
    with HubReplayServer(repos, page_size=5, token=TOKEN) as server:
        yield server


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return empty_project(tmp_path / "project")


def client(hub: HubReplayServer, token: str | None = None) -> HubClient:
    return HubClient(endpoint=hub.url, token=token or False, timeout=2.0, retries=3, backoff=0.01)


def track(hub: HubReplayServer, project: Path, *repo_ids: str, token: str | None = TOKEN) -> dict[str, Path]:
    return {r: scaffold(project, r, client=client(hub, token), today=TODAY) for r in repo_ids}


def run(hub: HubReplayServer, project: Path, *repo_ids: str, token: str | None = TOKEN, **kw):
    return collect_hub(project, repo_ids, client=client(hub, token), today=TODAY, workers=4, **kw)


def card_of(path: Path) -> Scorecard:
    return Scorecard.model_validate(parse_yaml(path.read_bytes(), str(path)).data)


def downloads(hub: HubReplayServer, repo: str = "") -> int:
    return sum(1 for r in hub.requests if f"{repo}/resolve/" in r.path and r.method == "GET")


def statuses(path: Path) -> dict[str, str]:
    return {k: c.status.value for k, c in card_of(path).assessments[-1].indicators.items()}


def test_first_run_writes_claims_that_validate_against_the_archived_card(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b", "EleutherAI/pythia-160m")
    result = run(hub, project)
    assert {r.repo_id: r.status for r in result.results} == {
        "tiiuae/falcon-7b": RepoStatus.UPDATED,
        "EleutherAI/pythia-160m": RepoStatus.UPDATED,
    }
    assert load_dataset(project).problems == []  # every quote found in its archived card
    falcon = statuses(paths["tiiuae/falcon-7b"])
    assert falcon["license"] == "disclosed"
    assert falcon["training-data-size"] == "partial"
    claim = card_of(paths["tiiuae/falcon-7b"]).assessments[-1].indicators["training-hardware"]
    assert claim.provenance.source.value == "collector" and claim.provenance.reviewed_by is None
    evidence = claim.evidence[0]
    assert evidence.url.startswith("https://huggingface.co/tiiuae/falcon-7b/blob/")
    assert evidence.url.endswith("#hardware")
    assert evidence.retrieved == TODAY
    assert (project / "archive" / evidence.archive).read_bytes() == (
        FIXTURES / "cards" / "models" / "tiiuae__falcon-7b.md"
    ).read_bytes().replace(b"\r\n", b"\n")


def test_the_collector_records_the_checklist_elements_its_findings_show(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b")
    run(hub, project)
    latest = card_of(paths["tiiuae/falcon-7b"]).assessments[-1]
    assert latest.rubric_version == "2.0"
    assert latest.indicators["license"].elements == ["named", "full-text", "assets-covered"]
    size = latest.indicators["training-data-size"]
    assert size.status.value == "partial" and size.elements == ["amount", "unit"]  # no breakdown by source
    assert all(claim.elements is not None for claim in latest.indicators.values())


def test_a_rerun_with_nothing_changed_downloads_no_card_and_writes_no_file(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b", "EleutherAI/pythia-160m")
    run(hub, project)
    before = {p: p.read_bytes() for p in paths.values()}
    mtimes = {p: p.stat().st_mtime_ns for p in paths.values()}
    fetched = downloads(hub)
    result = run(hub, project)
    assert downloads(hub) == fetched
    assert all(r.status is RepoStatus.UNCHANGED for r in result.results)
    assert {p: p.read_bytes() for p in paths.values()} == before
    assert {p: p.stat().st_mtime_ns for p in paths.values()} == mtimes


def test_an_upstream_change_is_fetched_alone_and_merged(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b", "EleutherAI/pythia-160m")
    run(hub, project)
    falcon, pythia = downloads(hub, "tiiuae/falcon-7b"), downloads(hub, "EleutherAI/pythia-160m")
    card = (FIXTURES / "cards" / "models" / "tiiuae__falcon-7b.md").read_bytes()
    hub.set_card("tiiuae/falcon-7b", card.replace(b"license: apache-2.0", b"license: unknown"))
    result = run(hub, project)
    assert downloads(hub, "tiiuae/falcon-7b") == falcon + 1
    assert downloads(hub, "EleutherAI/pythia-160m") == pythia
    by_repo = {r.repo_id: r.status for r in result.results}
    assert by_repo == {"tiiuae/falcon-7b": RepoStatus.UPDATED, "EleutherAI/pythia-160m": RepoStatus.UNCHANGED}
    assert statuses(paths["tiiuae/falcon-7b"])["license"] == "not-disclosed"
    assert len(card_of(paths["tiiuae/falcon-7b"]).assessments) == 1  # same day: updated in place


def test_a_gated_repo_without_a_token_gets_a_clear_status_and_no_change(hub, project):
    paths = track(hub, project, "meta-llama/Llama-3.1-8B-Instruct")
    before = paths["meta-llama/Llama-3.1-8B-Instruct"].read_bytes()
    result = run(hub, project, token=None)
    (only,) = result.results
    assert only.status is RepoStatus.GATED
    assert "HF_TOKEN" in only.message
    assert paths["meta-llama/Llama-3.1-8B-Instruct"].read_bytes() == before


def test_a_gated_repo_with_a_token_is_collected(hub, project):
    paths = track(hub, project, "meta-llama/Llama-3.1-8B-Instruct")
    run(hub, project)
    assert statuses(paths["meta-llama/Llama-3.1-8B-Instruct"])["red-teaming"] == "partial"
    subject = card_of(paths["meta-llama/Llama-3.1-8B-Instruct"]).subject
    assert subject.access.value == "gated-weights"


def test_a_repo_that_disappeared_is_reported_not_found(hub, project):
    track(hub, project, "tiiuae/falcon-7b")
    text = (project / "scorecards" / "tiiuae" / "falcon-7b.yaml").read_text()
    (project / "scorecards" / "tiiuae" / "falcon-7b.yaml").write_text(text.replace("tiiuae/falcon-7b", "tiiuae/gone"))
    (only,) = run(hub, project).results
    assert only.status is RepoStatus.NOT_FOUND


def test_a_fine_tune_inherits_what_its_base_card_documents_and_says_so(hub, project):
    paths = track(hub, project, FINE_TUNE)
    run(hub, project)
    claims = card_of(paths[FINE_TUNE]).assessments[-1].indicators
    assert claims["license"].provenance.inherited_from is None
    hardware = claims["training-hardware"]
    assert hardware.provenance.inherited_from == "tiiuae/falcon-7b"
    assert "base model tiiuae/falcon-7b" in (hardware.note or "")
    assert hardware.evidence[0].url.startswith("https://huggingface.co/tiiuae/falcon-7b/")
    assert "fine-tuning-data" not in claims  # what the fine-tune itself used is never inherited
    assert load_dataset(project).problems == []


def test_a_persons_claim_survives_collection_and_a_disagreement_is_proposed(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b")
    path = paths["tiiuae/falcon-7b"]
    commit = hub._get("model", "tiiuae/falcon-7b").sha
    path.write_text(
        path.read_text().replace(
            "    indicators: {}\n",
            f"""    indicators:
      license:
        status: partial
        elements: [named, full-text]
        note: The Apache text is linked but the card also mentions a separate acceptable use policy.
        evidence:
          - url: https://huggingface.co/tiiuae/falcon-7b/blob/{commit}/README.md
            quote: "It is made available under the Apache 2.0 license."
            retrieved: 2026-11-01
        provenance:
          source: person
          by: "@reviewer"
""",
        )
    )
    run(hub, project)
    claim = card_of(path).assessments[-1].indicators["license"]
    assert claim.status is Status.PARTIAL
    assert claim.provenance.by == "@reviewer"
    assert claim.proposed is not None and claim.proposed.status is Status.DISCLOSED


@pytest.mark.parametrize(
    ("fault", "options"),
    [("429", {"seconds": 0}), ("500", {}), ("503", {}), ("truncated", {}), ("reset", {}), ("timeout", {"seconds": 3})],
)
def test_a_transient_fault_on_a_card_is_retried_and_the_card_collected(hub, project, fault, options):
    paths = track(hub, project, "tiiuae/falcon-7b")
    hub.inject(fault, path="falcon-7b/resolve", method="GET", times=1, **options)
    (only,) = run(hub, project).results
    assert only.status is RepoStatus.UPDATED, only.message
    assert statuses(paths["tiiuae/falcon-7b"])["license"] == "disclosed"


def test_a_fault_that_persists_ends_in_failed_and_leaves_the_file_as_it_was(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b")
    before = paths["tiiuae/falcon-7b"].read_bytes()
    hub.inject("500", path="falcon-7b/resolve", method="GET", times=10)
    (only,) = run(hub, project).results
    assert only.status is RepoStatus.FAILED
    assert "500" in only.message or "gave up" in only.message
    assert paths["tiiuae/falcon-7b"].read_bytes() == before


def test_a_repo_that_failed_is_tried_again_on_the_next_run(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b")
    hub.inject("500", path="falcon-7b/resolve", method="GET", times=10)
    run(hub, project)
    hub.clear_faults()
    (only,) = run(hub, project).results
    assert only.status is RepoStatus.UPDATED
    assert statuses(paths["tiiuae/falcon-7b"])["license"] == "disclosed"


def test_a_broken_listing_falls_back_to_fetching_and_still_finds_the_change(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b")
    run(hub, project)
    card = (FIXTURES / "cards" / "models" / "tiiuae__falcon-7b.md").read_bytes()
    hub.set_card("tiiuae/falcon-7b", card.replace(b"license: apache-2.0", b"license: unknown"))
    hub.inject("malformed_json", path="^/api/models$", times=10)
    run(hub, project)
    assert statuses(paths["tiiuae/falcon-7b"])["license"] == "not-disclosed"


def test_a_scorecard_with_validation_errors_is_skipped_with_the_reason(hub, project):
    paths = track(hub, project, "tiiuae/falcon-7b")
    path = paths["tiiuae/falcon-7b"]
    path.write_text(path.read_text().replace("access: open-weights", "access: open"))
    (only,) = run(hub, project).results
    assert only.status is RepoStatus.FAILED
    assert "validation errors" in only.message


def test_cards_with_control_characters_and_empty_headings_are_collected(project):
    corpus = FIXTURES / "cards" / "corpus"
    repos = {
        "jutaporn37678/stable-diffusion-v1-0": ReplayRepo.from_file(
            "jutaporn37678/stable-diffusion-v1-0", corpus / "jutaporn37678__stable-diffusion-v1-0.md"),
        "A-bhimany-u08/bert-base-cased-qqp": ReplayRepo.from_file(
            "A-bhimany-u08/bert-base-cased-qqp", corpus / "A-bhimany-u08__bert-base-cased-qqp.md"),
    }  # fmt: skip
    with HubReplayServer(repos) as server:
        track(server, project, *repos)
        results = run(server, project).results
    assert {r.status for r in results} == {RepoStatus.UPDATED}
    assert load_dataset(project).problems == []


def test_new_refuses_a_repo_already_tracked_and_an_unknown_one(hub, project):
    track(hub, project, "tiiuae/falcon-7b")
    with pytest.raises(CollectError, match="already tracked"):
        scaffold(project, "TIIUAE/falcon-7b", client=client(hub))
    with pytest.raises(CollectError, match="not found"):
        scaffold(project, "nobody/nothing", client=client(hub))
    with pytest.raises(CollectError, match="not a Hub repo id"):
        scaffold(project, "javascript:alert(1)", client=client(hub))


TII = "developers:\n  - id: tii\n    name: Technology Innovation Institute\n    hub_namespaces: [TIIUAE]\n"


def test_new_files_a_repository_under_the_developer_whose_hub_namespace_holds_it(hub, project):
    (project / "developers.yaml").write_text(TII, encoding="utf-8")  # listed in another case: the Hub ignores it
    warnings: list[str] = []
    path = scaffold(project, "tiiuae/falcon-7b", client=client(hub), today=TODAY, warnings=warnings)
    assert path == project / "scorecards" / "tii" / "falcon-7b.yaml"
    assert card_of(path).subject.developer == "Technology Innovation Institute"
    assert warnings == []
    assert load_dataset(project).problems == []


def test_new_names_the_fix_when_the_hub_namespace_is_not_listed(hub, project):
    (project / "developers.yaml").write_text(TII.replace("[TIIUAE]", "[]"), encoding="utf-8")
    warnings: list[str] = []
    path = scaffold(project, "tiiuae/falcon-7b", client=client(hub), today=TODAY, warnings=warnings)
    assert path == project / "scorecards" / "tiiuae" / "falcon-7b.yaml"
    [warning] = warnings
    assert warning.startswith("the Hub namespace 'tiiuae' is not in developers.yaml; filed under scorecards/tiiuae/")
    assert "add it to that developer's hub_namespaces in developers.yaml" in warning


def test_new_with_developer_given_files_it_there_whatever_the_namespace(hub, project):
    (project / "developers.yaml").write_text(TII + "  - id: lighton\n    name: LightOn\n", encoding="utf-8")
    warnings: list[str] = []
    path = scaffold(project, "tiiuae/falcon-7b", client=client(hub), developer="lighton", warnings=warnings)
    assert path == project / "scorecards" / "lighton" / "falcon-7b.yaml"
    assert (card_of(path).subject.developer, warnings) == ("LightOn", [])


def test_a_scorecard_with_only_a_warning_is_still_collected(hub, project):
    (project / "developers.yaml").write_text("developers:\n  - id: someone\n    name: Someone\n", encoding="utf-8")
    paths = track(hub, project, "tiiuae/falcon-7b")  # developer "tiiuae" is not listed: a warning, not an error
    assert {p.severity.value for p in load_dataset(project).problems} == {"warning"}
    result = run(hub, project)
    assert [r.status for r in result.results] == [RepoStatus.UPDATED]
    assert statuses(paths["tiiuae/falcon-7b"])["license"] == "disclosed"


def test_collecting_an_untracked_repo_says_how_to_add_it(hub, project):
    with pytest.raises(CollectError, match="scorecards new tiiuae/falcon-7b"):
        run(hub, project, "tiiuae/falcon-7b")


def test_a_collection_writes_plain_yaml_without_anchors(hub, project):
    track(hub, project, "tiiuae/falcon-7b", "allenai/OLMo-2-1124-13B", FINE_TUNE)
    run(hub, project)  # dates shared by an assessment and its evidence, inherited claims, datasets
    written = [p for p in project.rglob("*") if p.is_file() and p.suffix in (".yaml", ".json", ".md")]
    assert any(p.suffix == ".yaml" for p in written)
    assert [p for p in written if re.search(r"[&*]id\d+", p.read_text(encoding="utf-8"))] == []
