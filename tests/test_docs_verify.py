"""`scorecards verify`: evidence whose source changed, vanished, moved or was redesigned is caught, and shown."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from collector.cli import main
from collector.dataset import load_dataset
from collector.docs.archive import DocumentArchive
from collector.docs.project import collect_documents
from collector.docs.verify import verify
from collector.render.site import render_site
from collector.render.site_items import RenderOptions
from collector.verification import VerificationFile
from tests.conftest import REPO
from tests.docs_project import (
    CONTACT,
    SITE,
    SYSTEM_CARD,
    allow_loopback_in_cli,
    fast_fetcher,
    make_project,
    page,
    site_url,
)
from tests.vendor_server import VendorServer

KEPT = "Consumer conversations are used for training only when users have opted in."
EDITED = "We do not train on data submitted through our business API."  # removed in the vendor's second version
UNARCHIVED_URL_PATH = "/about"


@pytest.fixture
def server():
    with VendorServer(SITE) as running:
        running.set_page(UNARCHIVED_URL_PATH, b"<html><body><main><p>About Example Labs.</p></main></body></html>")
        yield running


@pytest.fixture
def project(tmp_path: Path, server: VendorServer) -> Path:
    root = make_project(tmp_path / "project", server)
    with fast_fetcher() as fetcher:
        collect_documents(root, fetcher=fetcher, now=lambda: dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    cite(root, server)
    return root


def cite(root: Path, server: VendorServer) -> None:
    """Replace the scorecard with one whose evidence quotes the archived first version of the system card."""
    archive = DocumentArchive(root / "archive", "example-labs", "nova-2-system-card")
    ref = archive.version_ref(archive.load().latest)
    url = site_url(server, SYSTEM_CARD)
    (root / "scorecards" / "example-labs" / "nova-2.yaml").write_text(
        f"""\
schema_version: 1
subject: {{id: nova-2, name: Nova-2, developer: Example Labs, access: api-only}}
assessments:
  - rubric: transparency
    rubric_version: "2.0"
    date: 2026-11-02
    indicators:
      user-data-training:
        status: partial
        elements: [training-use-stated]
        evidence:
          - {{url: "{url}", quote: "{KEPT}", retrieved: 2026-11-01, archive: {ref}}}
          - {{url: "{url}", quote: "{EDITED}", retrieved: 2026-11-01, archive: {ref}}}
        provenance: {{source: person, by: reviewer-one}}
      feedback-channel:
        status: partial
        elements: [channel]
        evidence:
          - {{url: "{site_url(server, UNARCHIVED_URL_PATH)}", quote: "About Example Labs.", retrieved: 2026-11-01}}
        provenance: {{source: person, by: reviewer-one}}
""",
        encoding="utf-8",
    )


def verdicts(project: Path, **options) -> dict[str, str]:
    with fast_fetcher(timeout=1.0) as fetcher:
        run = verify(project, fetcher=fetcher, today=dt.date(2026, 11, 28), **options)
    return {item.evidence.quote: item.verdict.value for item in run.items}


def test_evidence_whose_quotes_are_on_the_page_is_verified(project):
    assert load_dataset(project).problems == []
    assert verdicts(project) == {KEPT: "verified", EDITED: "verified", "About Example Labs.": "verified"}


def test_an_undeclared_page_without_the_quote_is_unchecked_not_verified_from_an_old_copy(project, server):
    server.set_page(UNARCHIVED_URL_PATH, b"<html><body><main><p>About us, rewritten.</p></main></body></html>")
    assert verdicts(project)["About Example Labs."] == "unchecked"


def test_a_declared_page_that_can_no_longer_be_read_is_not_called_verified(project, server):
    server.set_page(SYSTEM_CARD, b'{"moved": true}', "application/json")
    assert verdicts(project)[KEPT] == "unreachable"


def test_a_declared_page_whose_selection_is_now_empty_is_a_layout_change(project, server):
    server.set_page(SYSTEM_CARD, b'<html><body><article class="doc-body">  </article></body></html>')
    assert verdicts(project)[KEPT] == "structure-changed"


def test_a_quote_the_vendor_edited_out_is_stale_with_the_closest_passage(project, server):
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-v2.html"))
    with fast_fetcher() as fetcher:
        run = verify(project, fetcher=fetcher, today=dt.date(2026, 11, 28))
    by_quote = {item.evidence.quote: item for item in run.items}
    assert by_quote[KEPT].verdict.value == "verified"
    stale = by_quote[EDITED]
    assert stale.verdict.value == "quote-missing"
    assert "the live page" in stale.detail
    assert stale.suggestion
    # The claim still validates: its quote is in the version it pins.
    assert load_dataset(project).problems == []


def test_after_the_next_collection_the_latest_archived_version_decides(project, server):
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-v2.html"))
    with fast_fetcher() as fetcher:
        collect_documents(project, fetcher=fetcher)
    run = verify(project, fetcher=None, today=dt.date(2026, 11, 28))
    by_quote = {item.evidence.quote: item for item in run.items}
    assert by_quote[EDITED].verdict.value == "quote-missing"
    assert "latest archived version" in by_quote[EDITED].detail


def test_a_url_that_now_answers_404_is_missing(project, server):
    server.set_fault(SYSTEM_CARD, "status", code=404)
    assert verdicts(project)[KEPT] == "url-missing"


def test_a_page_whose_selector_no_longer_matches_is_reported_as_a_layout_change(project, server):
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-redesign.html"))
    assert verdicts(project)[KEPT] == "structure-changed"


def test_a_permanent_redirect_suggests_the_new_url(project, server):
    server.set_page("/models/nova-2/system-card-2025", page("models/nova-2/system-card.html"))
    server.set_fault(SYSTEM_CARD, "redirect", code=301, location="/models/nova-2/system-card-2025")
    with fast_fetcher() as fetcher:
        run = verify(project, fetcher=fetcher, today=dt.date(2026, 11, 28))
    item = next(i for i in run.items if i.evidence.quote == KEPT)
    assert item.verdict.value == "moved"
    assert item.suggestion.endswith("/models/nova-2/system-card-2025")


def test_a_blocked_page_is_unreachable_not_wrong(project, server):
    server.set_fault(SYSTEM_CARD, "status", code=403)
    assert verdicts(project)[KEPT] == "unreachable"


def test_offline_verification_requests_nothing_and_checks_the_archive(project, server):
    server.clear_requests()
    run = verify(project, fetcher=None, today=dt.date(2026, 11, 28))
    assert server.requests == []
    assert {i.evidence.quote: i.verdict.value for i in run.items}[KEPT] == "verified"
    assert "not requested" in run.items[0].detail


def test_verdicts_are_saved_with_the_date_they_were_first_seen(project, server):
    verdicts(project)
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-v2.html"))
    with fast_fetcher() as fetcher:
        verify(project, fetcher=fetcher, today=dt.date(2026, 12, 1))
        verify(project, fetcher=fetcher, today=dt.date(2026, 12, 5))
    saved = VerificationFile.read(project / "state" / "verification.json")
    assert saved.checked == "2026-12-05"
    stale = [entry for entry in saved.entries.values() if entry.verdict.value == "quote-missing"]
    assert [(e.since, e.checked) for e in stale] == [("2026-12-01", "2026-12-05")]


def test_the_site_marks_stale_evidence_and_shows_the_verification_date(project, server, tmp_path):
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-v2.html"))
    with fast_fetcher() as fetcher:
        verify(project, fetcher=fetcher, today=dt.date(2026, 11, 28))
    rendered = render_site(load_dataset(project), RenderOptions(templates=REPO / "site" / "templates"))
    model = next(p for p in rendered.pages if p.slug == "models/nova-2").body()
    assert "Evidence checked against its sources on" in model
    assert "1 need(s) attention" in model
    assert 'class="sc-evidence--stale"' in model
    assert "Stale since" in model
    assert "verified <time" in model
    sources = next(p for p in rendered.pages if p.slug == "sources").body()
    assert "Nova-2 system card" in sources
    files = {f.path: f.content for f in rendered.files if f.stream is None}
    assert '"verdict": "quote-missing"' in files["data/verification.json"]
    assert json.loads(files["data/sources.json"])[0]["versions"] == 1


def test_the_cli_exits_1_and_points_at_the_line_of_stale_evidence(project, server, capsys, monkeypatch):
    allow_loopback_in_cli(monkeypatch)
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-v2.html"))
    code = main(["--root", str(project), "verify", "--contact", CONTACT, "--format", "github"])
    out = capsys.readouterr().out
    assert code == 1
    error = next(line for line in out.splitlines() if line.startswith("::error"))
    assert "file=scorecards/example-labs/nova-2.yaml" in error
    assert "line=13" in error  # the second evidence item, whose quote the vendor removed
    assert "quote-missing" in error


def test_the_cli_json_lists_every_evidence_item(project, capsys):
    assert main(["--root", str(project), "verify", "--offline", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["offline"] is True
    assert {item["verdict"] for item in data["evidence"]} == {"verified", "unchecked"}  # offline: /about unchecked


def test_evidence_citing_a_declared_previous_url_is_moved_with_the_new_url(project, server):
    sources = project / "sources" / "example-labs.yaml"
    old, new = site_url(server, SYSTEM_CARD), site_url(server, "/models/nova-2/system-card-2025")
    server.set_page("/models/nova-2/system-card-2025", page("models/nova-2/system-card.html"))
    sources.write_text(sources.read_text().replace(f"url: {old}", f"url: {new}\n    previous_urls: ['{old}']"))
    assert load_dataset(project).problems == []
    with fast_fetcher() as fetcher:
        run = verify(project, fetcher=fetcher, today=dt.date(2026, 11, 28))
    item = next(i for i in run.items if i.evidence.quote == KEPT)
    assert item.verdict.value == "moved"
    assert item.suggestion == f"change the url to {new}"


def test_the_summary_says_when_files_with_errors_were_left_out(project):
    from collector.docs.verify_report import summary

    (project / "scorecards" / "example-labs" / "broken.yaml").write_text("schema_version: 1\nsubject: [\n")
    run = verify(project, fetcher=None, today=dt.date(2026, 11, 28))
    assert "data problem(s) kept some files out: run `scorecards validate`" in summary(run)


def test_verify_given_files_checks_only_their_evidence_and_keeps_the_saved_verdicts(mini_project, capsys):
    state = mini_project / "state" / "verification.json"
    assert main(["--root", str(mini_project), "verify", "--offline", "--format", "json"]) == 0
    everything = json.loads(capsys.readouterr().out)
    saved = state.read_bytes()
    one = mini_project / "scorecards" / "acme" / "acme-one.yaml"
    assert main(["--root", str(mini_project), "verify", "--offline", "--format", "json", str(one)]) == 0
    only = json.loads(capsys.readouterr().out)
    assert {e["file"] for e in everything["evidence"]} == {
        "scorecards/acme/acme-one.yaml",
        "scorecards/acme/acme-two.yaml",
    }
    assert {e["file"] for e in only["evidence"]} == {"scorecards/acme/acme-one.yaml"}
    assert state.read_bytes() == saved  # a pull request's partial check does not replace the full record


def test_evidence_of_an_imported_index_is_checked_against_its_archive_without_a_request(project, server):
    card = project / "scorecards" / "example-labs" / "nova-2.yaml"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("{source: person, by: reviewer-one}", "{source: import, by: An Index}", 1))
    server.set_page(SYSTEM_CARD, page("models/nova-2/system-card-v2.html"))  # the vendor edits EDITED out
    server.clear_requests()
    found = verdicts(project)
    assert server.requests_for(SYSTEM_CARD) == []
    assert found[KEPT] == found[EDITED] == "verified"  # as archived: the index's record, not the live page
