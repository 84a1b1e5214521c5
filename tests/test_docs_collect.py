"""`scorecards collect docs` end to end: the real fetcher and extractor against a local vendor site."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from collector import store
from collector.cli import main
from collector.dataset import load_dataset
from collector.docs import project as docs_project
from collector.docs import report
from collector.docs.archive import DocumentArchive
from collector.docs.project import collect_documents, find_contact
from collector.hf.project import CollectError
from collector.loading import load_model
from collector.schema import Scorecard
from tests.docs_project import (
    CONTACT,
    SITE,
    SYSTEM_CARD,
    allow_loopback_in_cli,
    fast_fetcher,
    make_project,
    page,
    tree_digest,
    write_sources,
)
from tests.vendor_server import VendorServer


@pytest.fixture
def server():
    with VendorServer(SITE) as running:
        yield running


@pytest.fixture
def project(tmp_path: Path, server: VendorServer) -> Path:
    return make_project(tmp_path / "project", server)


class Clock:
    """Run times a day apart, so that versions recorded by successive runs have distinct dates."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.moment

    def next_day(self) -> None:
        self.moment += dt.timedelta(days=1)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def run(project: Path, clock: Clock, *wanted: str, **fetcher_options: float):
    with fast_fetcher(**fetcher_options) as fetcher:
        result = collect_documents(project, wanted, fetcher=fetcher, now=clock)
    clock.next_day()
    return {o.document: o for o in result.outcomes}, result


def system_card_archive(project: Path) -> DocumentArchive:
    return DocumentArchive(project / "archive", "example-labs", "nova-2-system-card")


def test_a_first_run_archives_every_document_as_its_first_version(project, clock):
    outcomes, _ = run(project, clock)
    assert {name: o.status for name, o in outcomes.items()} == {
        "nova-2-system-card": "new",
        "usage-policy": "new",
        "nova-2-technical-report": "new",
    }
    archive = system_card_archive(project)
    record = archive.load()
    assert record is not None and len(record.versions) == 1
    assert record.versions[0].reason == "first"
    text = (archive.folder / "latest.md").read_text()
    assert "We do not train on data submitted through our business API." in text
    assert "Accept all cookies" not in text
    assert (archive.folder / record.snapshot).read_bytes() == page("models/nova-2/system-card.html")
    pdf = DocumentArchive(project / "archive", "example-labs", "nova-2-technical-report")
    assert pdf.load().snapshot.endswith(".pdf")
    assert pdf.load().versions[0].media_type == "application/pdf"


def test_an_unchanged_document_costs_a_conditional_request_and_writes_nothing(project, clock, server):
    run(project, clock)
    before = tree_digest(project / "archive")
    server.clear_requests()
    outcomes, _ = run(project, clock)
    assert {o.status for o in outcomes.values()} == {"unchanged"}
    assert tree_digest(project / "archive") == before
    card_requests = server.requests_for(SYSTEM_CARD)
    assert [r.status for r in card_requests] == [304]
    assert "if-none-match" in card_requests[0].headers


def test_a_changed_document_gets_exactly_one_new_version_and_a_readable_diff(project, clock, server):
    run(project, clock)
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-v2.html"))
    outcomes, _ = run(project, clock)
    changed = outcomes["nova-2-system-card"]
    assert changed.status == "changed"
    assert changed.previous_version is not None and changed.version is not None
    assert any(line.startswith("-") and "business API" in line for line in changed.diff.splitlines())
    assert changed.added > 0 and changed.removed > 0
    record = system_card_archive(project).load()
    assert [v.reason for v in record.versions] == ["first", "vendor-change"]
    versions = sorted((system_card_archive(project).folder / "versions").iterdir())
    assert len(versions) == 2
    assert {o.status for name, o in outcomes.items() if name != "nova-2-system-card"} == {"unchanged"}


def test_a_change_in_page_noise_alone_records_no_version(project, clock, server):
    run(project, clock)
    noisy = page("models/nova-2/system-card.html").replace(b"</head>", b"<script>track('x', 42)</script></head>")
    server.set_page(SYSTEM_CARD, noisy)
    before = tree_digest(project / "archive")
    outcomes, _ = run(project, clock)
    assert outcomes["nova-2-system-card"].status == "unchanged"
    assert tree_digest(project / "archive") == before


FAULTS = [
    ("status", {"code": 404}, "not-found"),
    ("status", {"code": 410}, "not-found"),
    ("status", {"code": 403}, "blocked"),
    ("status", {"code": 500}, "server-error"),
    ("retry_after", {"code": 429, "value": "3600", "times": None}, "rate-limited"),
    ("slow", {"seconds": 3}, "timeout"),
    ("redirect", {"code": 302, "location": "file:///etc/passwd"}, "bad-redirect"),
    ("redirect", {"code": 301, "location": "javascript:alert(1)"}, "bad-redirect"),
    ("huge", {"size": 40 * 1024 * 1024}, "too-large"),
    ("reset", {}, "network-error"),
]


@pytest.mark.parametrize(("kind", "params", "status"), FAULTS, ids=[f"{k}-{s}" for k, _, s in FAULTS])
def test_every_fault_ends_in_a_classified_status_with_the_archive_intact(project, clock, server, kind, params, status):
    run(project, clock)
    before = tree_digest(project / "archive")
    server.set_fault(SYSTEM_CARD, kind, **params)
    outcomes, result = run(project, clock, timeout=1.0)
    outcome = outcomes["nova-2-system-card"]
    assert outcome.status == status
    assert outcome.detail
    assert tree_digest(project / "archive") == before
    assert f"| {status} |" in report.as_markdown(result.outcomes)


def test_robots_txt_disallowing_a_document_means_it_is_never_requested(project, clock, server):
    server.set_page("/robots.txt", b"User-agent: *\nDisallow: /models/\n", "text/plain")
    outcomes, _ = run(project, clock)
    assert outcomes["nova-2-system-card"].status == "robots-disallowed"
    assert server.requests_for(SYSTEM_CARD) == []
    assert outcomes["usage-policy"].status == "new"
    assert len(server.requests_for("/robots.txt")) == 1


def test_a_layout_change_that_breaks_the_selector_is_reported_and_keeps_the_archive(project, clock, server):
    run(project, clock)
    before = tree_digest(project / "archive")
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-redesign.html"))
    outcomes, _ = run(project, clock)
    assert outcomes["nova-2-system-card"].status == "structure-changed"
    assert "article.doc-body" in outcomes["nova-2-system-card"].detail
    assert tree_digest(project / "archive") == before


def test_a_selector_fix_re_extracts_the_stored_snapshot_and_is_not_called_a_vendor_change(project, clock, server):
    run(project, clock)
    assert "Version 1.0" in (system_card_archive(project).folder / "latest.md").read_text()
    write_sources(project, server, system_card_remove='["header.doc-header"]')
    server.clear_requests()
    outcomes, result = run(project, clock)
    outcome = outcomes["nova-2-system-card"]
    assert outcome.status == "re-extracted"
    record = system_card_archive(project).load()
    assert [v.reason for v in record.versions] == ["first", "re-extraction"]
    assert "Version 1.0" not in (system_card_archive(project).folder / "latest.md").read_text()
    assert "not a vendor edit" in report.as_markdown(result.outcomes)
    # New selectors are checked against the live page too, in full: it agrees, so nothing else is recorded.
    assert [r.status for r in server.requests_for(SYSTEM_CARD)] == [200]
    server.clear_requests()
    outcomes, _ = run(project, clock)
    assert outcomes["nova-2-system-card"].status == "unchanged"
    assert [r.status for r in server.requests_for(SYSTEM_CARD)] == [304]  # and then conditional again


def test_text_hidden_by_old_selectors_that_changed_meanwhile_is_caught_when_the_selectors_change(
    project, clock, server
):
    write_sources(project, server, system_card_remove='["header.doc-header"]')
    run(project, clock)
    # The vendor edits only the part the selectors drop: the text is unchanged, the stored snapshot is not refreshed.
    edited = page("models/nova-2/system-card.html").replace(b"Version 1.0", b"Version 1.1")
    server.set_page(SYSTEM_CARD, edited)
    assert run(project, clock)[0]["nova-2-system-card"].status == "unchanged"
    write_sources(project, server)  # the selectors now keep the header
    outcomes, _ = run(project, clock)
    outcome = outcomes["nova-2-system-card"]
    assert outcome.status == "changed" and outcome.re_extracted and len(outcome.versions) == 2
    record = system_card_archive(project).load()
    assert [v.reason for v in record.versions] == ["first", "re-extraction", "vendor-change"]
    assert "Version 1.1" in (system_card_archive(project).folder / "latest.md").read_text()


def test_an_interrupted_earlier_write_is_repaired_before_anything_else(project, clock):
    run(project, clock)
    archive = system_card_archive(project)
    stray = archive.folder / "versions" / "20991231T000000Z.md"
    stray.write_text("half-written\n")
    (archive.folder / "latest.md").write_text("half-written\n")
    outcomes, _ = run(project, clock)
    assert outcomes["nova-2-system-card"].repaired
    assert not stray.exists()
    assert (archive.folder / "latest.md").read_text() == archive.latest_text(archive.load())


def test_new_passages_are_proposed_beside_claims_without_changing_a_score(project, clock):
    card_path = project / "scorecards" / "example-labs" / "nova-2.yaml"
    score_before = load_dataset(project).scores()[0].total
    outcomes, _ = run(project, clock)
    suggestions = outcomes["nova-2-system-card"].suggestions
    assert suggestions
    dataset = load_dataset(project)
    assert dataset.problems == []  # every proposed quote is found in the archived version it cites
    assert dataset.scores()[0].total == score_before
    card = load_model(card_path, Scorecard, "card").model
    claims = card.assessments[-1].indicators
    proposed = {i: c for i, c in claims.items() if c.proposed is not None}
    # Every suggestion is proposed, beside the person's not-disclosed claim too; that claim itself stays as it was.
    assert set(proposed) == {s.indicator for s in suggestions}
    for claim in proposed.values():
        assert claim.status.value in {"not-assessed", "not-disclosed"}
        assert claim.proposed.by == "vendor-docs"
        assert claim.proposed.evidence[0].archive.startswith("documents/example-labs/nova-2-system-card/versions/")
    person = claims["model-architecture"]
    assert person.provenance.by == "reviewer-one" and person.status.value == "not-disclosed"


def test_a_scorecard_covered_by_several_documents_is_written_once_with_all_their_proposals(
    project, clock, server, monkeypatch
):
    # the usage policy and the technical report (the last document) cover nova-2 too
    sources = project / "sources" / "example-labs.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace('    select: ["main#content"]\n', '    select: ["main#content"]\n    models: [nova-2]\n')
    )
    sources.write_text(sources.read_text(encoding="utf-8") + "    models: [nova-2]\n")
    writes = []

    def counted(path, **options):
        writes.append(path.name)
        return store.propose_claims(path, **options)

    monkeypatch.setattr(docs_project, "propose_claims", counted)
    outcomes, _ = run(project, clock)
    suggesting = [name for name, outcome in outcomes.items() if outcome.suggestions]
    assert len(suggesting) >= 2, "the fixture's documents must both suggest something for this test to bite"
    assert writes == ["nova-2.yaml"]
    card = load_model(project / "scorecards" / "example-labs" / "nova-2.yaml", Scorecard, "card").model
    sources_cited = {
        claim.proposed.evidence[0].archive.split("/")[2]
        for claim in card.assessments[-1].indicators.values()
        if claim.proposed is not None
    }
    assert len(sources_cited) >= 2
    assert load_dataset(project).problems == []


def test_a_second_unchanged_run_proposes_nothing_new(project, clock):
    run(project, clock)
    card_path = project / "scorecards" / "example-labs" / "nova-2.yaml"
    text = card_path.read_text()
    outcomes, _ = run(project, clock)
    assert all(not o.suggestions for o in outcomes.values())
    assert card_path.read_text() == text


def test_the_user_agent_names_the_project_and_a_contact(project, clock, server):
    run(project, clock)
    agents = {r.headers.get("user-agent") for r in server.requests}
    assert len(agents) == 1
    assert CONTACT in agents.pop()


def test_the_cli_writes_json_and_markdown_reports(project, server, tmp_path, capsys, monkeypatch):
    allow_loopback_in_cli(monkeypatch)
    json_path, md_path = tmp_path / "report.json", tmp_path / "report.md"
    code = main(
        ["--root", str(project), "collect", "docs", "--contact", CONTACT,
         "--report-json", str(json_path), "--report-md", str(md_path)]
    )  # fmt: skip
    assert code == 0
    data = json.loads(json_path.read_text())
    assert data["counts"] == {"new": 3}
    assert "## Vendor documents" in md_path.read_text()
    assert "3 document(s), 3 new" in capsys.readouterr().out


def test_the_cli_refuses_to_fetch_without_a_contact(project, capsys, monkeypatch):
    for name in ("SCORECARDS_CONTACT", "SCORECARDS_REPO_URL", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--root", str(project), "collect", "docs"]) == 2
    assert "--contact" in capsys.readouterr().err


def test_in_github_actions_the_repository_is_the_contact(project, monkeypatch):
    for name in ("SCORECARDS_CONTACT", "SCORECARDS_REPO_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "example/scorecards")
    assert find_contact(project, None) == "https://github.com/example/scorecards"
    monkeypatch.setenv("GITHUB_REPOSITORY", "example/scorecards\r\nX-Injected: 1")
    with pytest.raises(CollectError):
        find_contact(project, None)  # it goes in a header: anything odd is refused, not sent


def test_a_sources_file_with_only_a_warning_is_still_collected(project, clock):
    (project / "developers.yaml").write_text("developers:\n  - id: someone\n    name: Someone\n", encoding="utf-8")
    assert any(p.file == "sources/example-labs.yaml" for p in load_dataset(project).problems)  # unknown developer
    outcomes, _ = run(project, clock)
    assert {o.status for o in outcomes.values()} == {"new"}


def test_the_cli_names_an_undeclared_document(project, capsys):
    assert main(["--root", str(project), "collect", "docs", "example-labs/nope", "--contact", CONTACT]) == 2
    assert "not declared in sources/" in capsys.readouterr().err


def test_a_re_extraction_is_reported_even_when_the_fetch_that_follows_fails(project, clock, server):
    run(project, clock)
    write_sources(project, server, system_card_remove='["header.doc-header"]')
    server.set_fault(SYSTEM_CARD, "status", code=404)
    outcomes, result = run(project, clock)
    outcome = outcomes["nova-2-system-card"]
    assert outcome.status == "not-found"
    assert outcome.re_extracted and len(outcome.versions) == 1
    markdown = report.as_markdown(result.outcomes)
    assert "### Changed documents" in markdown and outcome.versions[0] in markdown
    assert "| not-found |" in markdown


def test_a_damaged_state_file_costs_full_downloads_not_a_crash(project, clock):
    run(project, clock)
    state = project / "state" / "documents.json"
    state.write_text('{"documents": {"example-labs/nova-2-system-card": "oops", "x": [1]}}')
    outcomes, _ = run(project, clock)
    assert {o.status for o in outcomes.values()} == {"unchanged"}
    assert not outcomes["nova-2-system-card"].conditional


def test_a_damaged_record_is_reported_and_the_other_documents_are_collected(project, clock):
    run(project, clock)
    (system_card_archive(project).folder / "record.json").write_text("null")
    outcomes, _ = run(project, clock)
    assert outcomes["nova-2-system-card"].status == "archive-damaged"
    assert "restore it from git" in outcomes["nova-2-system-card"].detail
    assert outcomes["usage-policy"].status == "unchanged"
