"""The review queue: which claims a second reviewer should check, most consequential first."""

from __future__ import annotations

import datetime as dt
import json

from collector.cli import main
from collector.dataset import load_dataset
from collector.review_queue import DISAGREED, DISCLOSED, PARTIAL, STALE, review_queue

TODAY = dt.date(2026, 1, 1)


def queue(project, reviewer=None):
    return [
        (i.subject_id, i.indicator_id, i.priority) for i in review_queue(load_dataset(project, today=TODAY), reviewer)
    ]


def test_disclosed_claims_come_first_and_reviewed_claims_are_left_out(mini_project):
    # acme-one 1.0: data-sources partial, data-size disclosed, license reviewed by @bob (left out);
    # acme-two's latest mini assessment (2.0): data-sources disclosed. Its older 1.0 assessment is history.
    assert queue(mini_project) == [
        ("acme-one", "data-size", DISCLOSED),
        ("acme-two", "data-sources", DISCLOSED),
        ("acme-one", "data-sources", PARTIAL),
    ]


def test_a_reviewer_is_not_asked_to_review_their_own_claims(mini_project):
    assert queue(mini_project, reviewer="@Alice") == [("acme-one", "data-size", DISCLOSED)]


def test_a_claim_a_collector_disagrees_with_comes_before_partial_ones(mini_project):
    path = mini_project / "scorecards" / "acme" / "acme-one.yaml"
    text = path.read_text(encoding="utf-8")
    person = '          source: person\n          by: "@alice"\n'
    proposal = "        proposed: {status: disclosed, by: huggingface, collected_on: 2025-02-03}\n"
    text = text.replace(person, person + proposal, 1)
    path.write_text(text, encoding="utf-8")
    assert ("acme-one", "data-sources", DISAGREED) in queue(mini_project)


def test_a_claim_quoting_an_older_version_of_its_document_is_flagged_stale(mini_project):
    versions = mini_project / "archive" / "documents" / "acme" / "card" / "versions"
    versions.mkdir(parents=True)
    (versions / "2025-01-01T00-00-00Z.md").write_text("Wikipedia and Common Crawl.\n", encoding="utf-8")
    (versions / "2025-06-01T00-00-00Z.md").write_text("Only Wikipedia now.\n", encoding="utf-8")
    path = mini_project / "scorecards" / "acme" / "acme-one.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "            quote: trained on 2 trillion tokens of public web text from Common Crawl and Wikipedia\n"
        "            retrieved: 2025-02-01\n"
        "            archive: example.com/card.md\n",
        "            quote: Wikipedia and Common Crawl\n"
        "            retrieved: 2025-02-01\n"
        "            archive: documents/acme/card/versions/2025-01-01T00-00-00Z.md\n",
    )
    path.write_text(text, encoding="utf-8")
    assert ("acme-one", "data-sources", STALE) in queue(mini_project)


def test_the_command_prints_json_with_file_and_line(capsys, mini_project):
    code = main(["--root", str(mini_project), "review-queue", "--format", "json"])
    items = json.loads(capsys.readouterr().out)
    assert code == 0
    assert items[0]["file"].endswith("acme-one.yaml") and items[0]["line"] > 1
    assert items[0]["indicator_id"] == "data-size" and items[0]["reason"].startswith("disclosed")


def test_the_command_lists_the_first_few_and_says_how_to_record_a_review(capsys, mini_project):
    main(["--root", str(mini_project), "review-queue", "--reviewer", "@bob", "--limit", "1"])
    out = capsys.readouterr().out
    assert "3 claim(s) await a second review; the first 1" in out
    assert "reviewed_by" in out


def test_the_command_says_so_when_nothing_awaits_review(capsys, mini_project):
    for path in (mini_project / "scorecards" / "acme").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("source: person", "source: import")
        path.write_text(text.replace("source: collector", "source: import"), encoding="utf-8")
    assert load_dataset(mini_project, today=TODAY).problems == []
    main(["--root", str(mini_project), "review-queue"])
    assert "nothing to review" in capsys.readouterr().out
