"""`scorecards new` at scale: many repositories in one run against the local replay Hub, losing nothing."""

from __future__ import annotations

import json
import socket
import time
from collections import Counter
from pathlib import Path

import pytest

from collector import dataset as dataset_module
from collector.cli import main
from collector.dataset import load_dataset
from collector.hf import new as new_module
from collector.hf import project as project_module
from collector.hf.collect import RepoStatus
from collector.hf.hub import HubClient
from collector.hf.new import UNREACHABLE_AFTER, Wanted, add_models
from tests.conftest import empty_project
from tests.dates import TODAY
from tests.hub_replay import HubReplayServer, ReplayRepo, fixture_repos, use_replay_hub
from tests.test_hf_collect import TOKEN, card_of, statuses

FALCON, PYTHIA, OLMO, LLAMA = (
    "tiiuae/falcon-7b",
    "EleutherAI/pythia-160m",
    "allenai/OLMo-2-1124-13B",
    "meta-llama/Llama-3.2-1B-Instruct",
)
SHARED_DATASETS = ["allenai/c4", "EleutherAI/the_pile", "Salesforce/wikitext"]


def fine_tune_card(number: int) -> bytes:
    """A test-only card that names one of three datasets and falcon-7b as its base model."""
    dataset = SHARED_DATASETS[number % len(SHARED_DATASETS)]
    return (
        f"---\nlicense: apache-2.0\npipeline_tag: text-generation\nbase_model: {FALCON}\n"
        f"datasets:\n- {dataset}\n---\n# Tuned model {number}\n\nA test fine-tune.\n"
    ).encode()


FINE_TUNES = {f"test-org/tuned-{n}": fine_tune_card(n) for n in range(12)}
SAME_SLUG = {"test-org/tuned_0": fine_tune_card(0), "other-org/tuned-0": fine_tune_card(0)}  # both slug to tuned-0


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return empty_project(tmp_path / "project")


@pytest.fixture
def hub():
    repos = fixture_repos()
    for repo_id, card in {**FINE_TUNES, **SAME_SLUG}.items():
        repos[repo_id] = ReplayRepo(repo_id, card)
    with HubReplayServer(repos, token=TOKEN) as server:
        yield server


def client(endpoint: str, token: str | None = None) -> HubClient:
    return HubClient(endpoint=endpoint, token=token or False, timeout=2.0, retries=2, backoff=0.01)


def add(hub: HubReplayServer, project: Path, *repo_ids: str | Wanted, token: str | None = None, **kw):
    return add_models(project, repo_ids, client=client(hub.url, token), today=TODAY, workers=4, **kw)


def scorecards(project: Path) -> list[Path]:
    return sorted((project / "scorecards").rglob("*.yaml"))


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_many_repositories_cost_one_request_per_card_and_one_per_distinct_related_card(hub, project):
    run = add(hub, project, *FINE_TUNES)
    assert run.exit_status == 0
    assert {a.result.status for a in run.added if a.result} == {RepoStatus.UPDATED}
    requested = Counter(r.path for r in hub.requests)
    assert max(requested.values()) == 1  # the shared base model's and datasets' cards were fetched once
    related = {f"/{FALCON}/resolve/main/README.md"} | {f"/datasets/{d}/resolve/main/README.md" for d in SHARED_DATASETS}
    assert set(requested) == {f"/{r}/resolve/main/README.md" for r in FINE_TUNES} | related
    assert len(hub.requests) == len(FINE_TUNES) + len(related)  # no model-info request


def test_every_scorecard_added_is_collected_and_validates(hub, project):
    run = add(hub, project, *FINE_TUNES)
    assert len(scorecards(project)) == len(FINE_TUNES) == len(run.written)
    assert load_dataset(project).problems == []
    for path in scorecards(project):
        assert statuses(path)["license"] == "disclosed"
        access = card_of(path).assessments[-1].indicators["training-data-access"]
        assert "/datasets/" in str(access.evidence[0].url)  # from a shared dataset's card


def test_a_run_loads_and_validates_the_project_once(hub, project, monkeypatch):
    loads: list[Path] = []
    real = dataset_module.load_dataset

    def counted(root, **kw):
        loads.append(root)
        return real(root, **kw)

    monkeypatch.setattr(new_module, "load_dataset", counted)
    monkeypatch.setattr(dataset_module, "load_dataset", counted)
    monkeypatch.setattr(project_module, "load_dataset", counted)
    add(hub, project, *FINE_TUNES)
    assert loads == [project]


def test_modalities_come_from_the_cards_own_pipeline_tag(hub, project):
    add(hub, project, "test-org/tuned-0", PYTHIA)
    by_repo = {card_of(p).subject.links.huggingface: card_of(p).subject for p in scorecards(project)}
    assert by_repo["test-org/tuned-0"].modalities == ["text"]
    assert by_repo[PYTHIA].modalities in (None, [])  # its card names no pipeline_tag: left out, not guessed


def test_a_gated_repository_gets_a_gated_scaffold_without_claims(hub, project):
    run = add(hub, project, LLAMA)
    (path,) = scorecards(project)
    assert card_of(path).subject.access.value == "gated-weights"
    assert card_of(path).assessments[-1].indicators == {}
    assert run.added[0].result.status is RepoStatus.GATED and run.exit_status == 0


def test_a_card_that_asks_for_gated_access_marks_the_weights_gated_for_a_token_holder(hub, project):
    add(hub, project, LLAMA, token=TOKEN)  # the card comes: its front matter's extra_gated_* fields tell
    (path,) = scorecards(project)
    assert card_of(path).subject.access.value == "gated-weights"
    assert statuses(path)["license"] == "disclosed"


def test_a_repository_the_state_remembers_is_collected_when_its_scorecard_is_added_again(hub, project):
    add(hub, project, FALCON)
    (path,) = scorecards(project)
    state = json.loads((project / "state" / "huggingface.json").read_text())
    assert state["repos"][FALCON]["sha"]  # remembered
    path.unlink()
    run = add(hub, project, FALCON)
    (again,) = scorecards(project)
    assert run.added[0].result.status is RepoStatus.UPDATED
    assert statuses(again)["license"] == "disclosed"
    assert load_dataset(project).problems == []


def test_invalid_tracked_and_unknown_ids_in_a_batch_are_reported_and_the_rest_are_added(hub, project):
    add(hub, project, FALCON)
    run = add(hub, project, "javascript:alert(1)", "TIIUAE/falcon-7b", "nobody/nothing", PYTHIA)
    errors = [a.error for a in run.added if a.error]
    assert errors == [
        "'javascript:alert(1)' is not a Hub repo id; expected owner/name, e.g. tiiuae/falcon-7b",
        "TIIUAE/falcon-7b is already tracked by scorecards/tiiuae/falcon-7b.yaml; collect it with "
        "`scorecards collect hf TIIUAE/falcon-7b`",
        "nobody/nothing was not found on the Hub (or it is private); check the spelling",
    ]
    assert [a.repo_id for a in run.written] == [PYTHIA]
    assert run.exit_status == 2


def test_an_id_given_twice_is_added_once(hub, project):
    run = add(hub, project, FALCON, "TIIUAE/Falcon-7b", FALCON)
    assert [a.repo_id for a in run.added] == [FALCON]
    assert len(scorecards(project)) == 1
    assert sum(1 for r in hub.requests if r.path == f"/{FALCON}/resolve/main/README.md") == 1


def test_two_new_repositories_whose_names_slug_the_same_get_distinct_subject_ids(hub, project):
    run = add(hub, project, "test-org/tuned-0", "test-org/tuned_0", "other-org/tuned-0")
    assert len(run.written) == 3
    ids = sorted(card_of(p).subject.id for p in scorecards(project))
    assert len(set(ids)) == 3 and "tuned-0" in ids  # which one gets the plain id depends on arrival order
    assert [p for p in load_dataset(project).problems if p.severity.value == "error"] == []


def test_the_hub_unreachable_writes_nothing_and_says_to_run_again(project):
    started = time.monotonic()
    run = add_models(project, [FALCON, PYTHIA], client=client(closed_port()), today=TODAY, workers=2)
    assert time.monotonic() - started < 5
    assert run.exit_status == 1 and scorecards(project) == []
    assert [a.unreachable for a in run.added] == [True, True]
    assert run.added[0].error.startswith(f"{FALCON}: the Hub could not be reached (card of {FALCON}: gave up after")
    out, err = new_module.as_text(run, dataset_module.ProjectPaths(project))
    assert out == []
    assert err[-1].startswith(f"error: the Hub could not be reached (card of {FALCON}: gave up after 2 retries")
    assert err[-1].endswith(
        f"nothing was written for 2 repositories; run again later: scorecards new {FALCON} {PYTHIA}"
    )


def test_the_command_with_the_hub_unreachable_exits_1_without_a_traceback(project, tmp_path, monkeypatch, capsys):
    with HubReplayServer({}) as gone:
        use_replay_hub(monkeypatch, gone, tmp_path / "home")
    started = time.monotonic()  # the server is closed: its port refuses connections
    code = main(["--root", str(project), "new", FALCON, PYTHIA, "--deadline", "0.05"])  # 3 s
    assert time.monotonic() - started < 8
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert lines[0].startswith(f"error: {FALCON}: the Hub could not be reached (")
    assert "nothing was written for 2 repositories; run again later" in lines[-1]
    assert scorecards(project) == []


def test_once_the_hub_is_taken_as_unreachable_no_new_fetch_starts(hub, project):
    hub.inject("503", times=10_000)
    run = add_models(project, list(FINE_TUNES), client=client(hub.url), today=TODAY, workers=2)
    assert all(a.unreachable for a in run.added) and scorecards(project) == []
    tried = {r.path for r in hub.requests}
    assert len(tried) <= UNREACHABLE_AFTER + 1  # those under way when the last failure came, not the other nine
    assert sum(1 for a in run.added if "not tried" in (a.error or "")) >= len(FINE_TUNES) - UNREACHABLE_AFTER - 1


def test_a_hub_failing_for_one_card_keeps_the_others(hub, project):
    hub.inject("503", path=f"^/{FALCON}/resolve", times=100)
    run = add(hub, project, FALCON, PYTHIA, OLMO)
    assert sorted(a.repo_id for a in run.written) == sorted([PYTHIA, OLMO])
    assert [a.repo_id for a in run.unreachable] == [FALCON]
    assert run.exit_status == 1


def test_a_related_card_not_reached_leaves_no_half_made_scorecard(hub, project):
    hub.inject("503", path="^/datasets/allenai/c4/", times=100)
    run = add(hub, project, "test-org/tuned-0", "test-org/tuned-1")  # tuned-0 names c4, tuned-1 the Pile
    assert [a.repo_id for a in run.written] == ["test-org/tuned-1"]
    (missed,) = run.unreachable
    assert missed.error.startswith("test-org/tuned-0: the card of dataset allenai/c4: ")
    assert [card_of(p).subject.links.huggingface for p in scorecards(project)] == ["test-org/tuned-1"]


def test_from_file_reads_one_id_per_line_and_skips_comments(hub, project, tmp_path, monkeypatch, capsys):
    listed = tmp_path / "models.txt"
    listed.write_text(f"# models to add\n{FALCON}\n\n{PYTHIA}  # the small one\nnot an id\n", encoding="utf-8")
    use_replay_hub(monkeypatch, hub, tmp_path / "home")
    code = main(["--root", str(project), "new", "--from-file", str(listed), OLMO])
    captured = capsys.readouterr()
    assert code == 2
    assert f"error: {listed}:5: 'not an id' is not a Hub repo id" in captured.err
    assert sorted(card_of(p).subject.links.huggingface for p in scorecards(project)) == sorted([FALCON, PYTHIA, OLMO])
    assert "3 repositories: 3 updated" in captured.out


def test_an_unreadable_list_file_is_a_one_line_error(project, tmp_path, capsys):
    code = main(["--root", str(project), "new", "--from-file", str(tmp_path / "missing.txt")])
    assert code == 2
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'missing.txt'}: cannot read the list")


def test_no_repository_given_is_a_usage_error(project, capsys):
    assert main(["--root", str(project), "new"]) == 2
    assert "no repository given" in capsys.readouterr().err
