"""The scheduled collection end to end: the Hub replay and the vendor site, two runs, one pull-request body."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from collector.cli import main
from collector.hf.hub import HubClient
from collector.hf.project import scaffold
from collector.scheduled import CollectionReport, collect_all, plan, pull_request_body
from tests.dates import TODAY
from tests.docs_project import CONTACT, SITE, SYSTEM_CARD, fast_fetcher, make_project, page
from tests.hub_replay import FIXTURES, HubReplayServer, fixture_repos, use_replay_hub
from tests.vendor_server import VendorServer

FALCON = "tiiuae/falcon-7b"


@pytest.fixture
def hub():
    with HubReplayServer(fixture_repos(), page_size=5) as server:
        yield server


@pytest.fixture
def site():
    with VendorServer(SITE) as server:
        yield server


def client(hub: HubReplayServer) -> HubClient:
    return HubClient(endpoint=hub.url, token=False, timeout=2.0, retries=2, backoff=0.01)


@pytest.fixture
def project(tmp_path: Path, hub: HubReplayServer, site: VendorServer) -> Path:
    """A project tracking one Hub model and one vendor's documents, collected once already (the baseline)."""
    root = make_project(tmp_path / "project", site)
    scaffold(root, FALCON, client=client(hub), today=TODAY)
    run(root, hub)
    return root


def run(root: Path, hub: HubReplayServer, *developers: str) -> CollectionReport:
    with fast_fetcher() as fetcher:
        return collect_all(root, developers, hub_client=client(hub), fetcher=fetcher, today=TODAY)


def change_upstream(hub: HubReplayServer, site: VendorServer) -> None:
    card = (FIXTURES / "cards" / "models" / "tiiuae__falcon-7b.md").read_bytes()
    hub.set_card(FALCON, card.replace(b"license: apache-2.0", b"license: unknown"))
    site.set_page(SYSTEM_CARD, page("models/nova-2/system-card-v2.html"))


def test_a_run_with_upstream_changes_gives_one_body_and_a_run_without_gives_none(project, hub, site):
    change_upstream(hub, site)
    first = run(project, hub)
    body = pull_request_body([first])
    assert body is not None
    sections = [line for line in body.splitlines() if line.startswith("## ")]
    assert sections == ["## Status changes by model", "## Hugging Face cards", "## Vendor documents"]
    assert "### falcon-7b (`scorecards/tiiuae/falcon-7b.yaml`)" in body
    assert "| `license` | disclosed | not-disclosed |" in body
    assert "#### Nova-2 system card (`example-labs/nova-2-system-card`): changed" in body
    assert "```diff" in body
    assert "| `tiiuae/falcon-7b` | updated | " in body

    second = run(project, hub)
    assert second.changed_files == [] and pull_request_body([second]) is None


def test_the_report_round_trips_through_json_so_shards_merge_into_one_body(project, hub, site):
    change_upstream(hub, site)
    hub_shard = run(project, hub, "tiiuae")
    docs_shard = run(project, hub, "example-labs")
    merged = pull_request_body([CollectionReport.from_json(r.to_json()) for r in (hub_shard, docs_shard)])
    assert merged is not None
    assert merged.count("## Status changes by model") == 1
    assert "`tiiuae/falcon-7b`" in merged and "Nova-2 system card" in merged


def test_a_shard_only_touches_its_developers(project, hub, site):
    change_upstream(hub, site)
    report = run(project, hub, "example-labs")
    assert report.hub == [] and report.hub_checked == 0
    assert all(not f.startswith("scorecards/tiiuae/") for f in report.changed_files)
    assert any(f.startswith("archive/documents/example-labs/") for f in report.changed_files)


def test_a_failure_is_in_the_body_and_leaves_the_files_as_they_were(project, hub, site):
    hub.set_card(FALCON, (FIXTURES / "cards" / "models" / "tiiuae__falcon-7b.md").read_bytes() + b"\nmore\n")
    site.set_fault(SYSTEM_CARD, "status", code=500)
    report = run(project, hub)
    body = pull_request_body([report])
    assert body is not None  # the Hub card changed; the failure is reported beside it
    assert "### Failures" in body and "`example-labs/nova-2-system-card` | server-error" in body


def test_the_plan_balances_developers_and_never_makes_an_empty_shard(project):
    assert plan(project, 1) == [["example-labs", "tiiuae"]]
    assert sorted(plan(project, 2)) == [["example-labs"], ["tiiuae"]]
    assert len(plan(project, 10)) == 2


def test_a_folder_name_that_is_not_an_id_never_reaches_the_plan_and_validate_names_it(project, capsys):
    before = plan(project, 3)
    hostile = project / "scorecards" / "evil\n--developer\nx"
    hostile.mkdir()
    source = next((project / "scorecards").rglob("falcon-7b.yaml"))
    # a developer developers.yaml does not list, so the plan would fall back to the folder's name
    text = source.read_text(encoding="utf-8").replace("id: falcon-7b", "id: falcon-copy")
    text = re.sub(r"(?m)^  developer: .*$", "  developer: Nobody Listed", text)
    text = text.replace("huggingface: tiiuae/falcon-7b", "huggingface: evil/falcon-copy")
    (hostile / "falcon-copy.yaml").write_text(text, encoding="utf-8")
    assert plan(project, 3) == before
    assert main(["--root", str(project), "validate"]) == 1
    assert "is not a developer id" in capsys.readouterr().out


# ---------------------------------------------------------------- the commands the workflows call


def test_collect_report_merges_shard_files_and_writes_nothing_when_nothing_changed(tmp_path, capsys):
    (tmp_path / "rubrics").mkdir()
    unchanged = CollectionReport(started="2026-11-27T00:00:00+00:00")
    shard = tmp_path / "shard.json"
    shard.write_text(unchanged.to_json(), encoding="utf-8")
    body = tmp_path / "body.md"
    assert main(["--root", str(tmp_path), "collect", "report", str(shard), "--pr-body", str(body)]) == 0
    assert not body.exists()
    assert "no data changed" in capsys.readouterr().out


def test_collect_report_refuses_a_file_that_is_not_a_report(tmp_path, capsys):
    (tmp_path / "rubrics").mkdir()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"nothing": 1}), encoding="utf-8")
    code = main(["--root", str(tmp_path), "collect", "report", str(bad), "--pr-body", str(tmp_path / "b.md")])
    assert code == 2
    assert "not a report of `scorecards collect all`" in capsys.readouterr().err


def test_collect_all_refuses_a_developer_it_has_nothing_for(project, capsys):
    code = main(["--root", str(project), "collect", "all", "--developer", "example-lab", "--contact", CONTACT])
    assert code == 2
    assert "no scorecards or sources for developer 'example-lab' (did you mean 'example-labs'?)" in (
        capsys.readouterr().err
    )


def test_collect_plan_prints_json_groups(project, capsys):
    assert main(["--root", str(project), "collect", "plan", "--shards", "2"]) == 0
    assert sorted(json.loads(capsys.readouterr().out)) == [["example-labs"], ["tiiuae"]]


def test_collect_all_from_the_command_line_writes_one_body_then_none(project, hub, site, tmp_path, monkeypatch, capsys):
    use_replay_hub(monkeypatch, hub, tmp_path / "hf-home")
    change_upstream(hub, site)
    body, report = tmp_path / "pr-body.md", tmp_path / "report.json"
    args = ["--root", str(project), "collect", "all", "--contact", CONTACT, "--pr-body", str(body)]
    assert main([*args, "--report-json", str(report)]) == 0
    assert "## Status changes by model" in body.read_text(encoding="utf-8")
    assert CollectionReport.from_json(report.read_text(encoding="utf-8")).changed
    body.unlink()
    capsys.readouterr()
    assert main(args) == 0
    assert not body.exists()
    assert "no data changed: no pull request body written" in capsys.readouterr().out


def test_every_tracked_repo_and_document_falls_in_some_shard_whatever_its_developer_is_called(project):
    card = project / "scorecards" / "tiiuae" / "falcon-7b.yaml"
    text = card.read_text(encoding="utf-8")
    assert 'developer: "tiiuae"' in text
    card.write_text(text.replace('developer: "tiiuae"', "developer: TII Research"), encoding="utf-8")
    shards = plan(project, 3)
    assert sorted(d for shard in shards for d in shard) == ["example-labs", "tiiuae"]  # the folder stands in
