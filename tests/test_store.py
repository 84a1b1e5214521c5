"""Merging collected claims into scorecards: a person's work is never lost, writes are atomic."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from collector.schema import Scorecard
from collector.store import MergeError, merge_claims, propose_claims, write_atomically
from collector.yamlsource import parse_yaml
from collector.yamlwrite import dump_plain
from tests.dates import TODAY

LATER = dt.date(2026, 12, 4)

SCORECARD = """\
# yaml-language-server: $schema=../../schema/scorecard.schema.json
# A comment a person wrote, which must survive every collector run.
schema_version: 1
subject:
  id: acme-one
  name: Acme One
  developer: Acme
  access: open-weights
  links:
    huggingface: acme/one
assessments:
  - rubric: transparency
    rubric_version: "1.0"
    date: 2026-11-20
    indicators:
      license:  # checked against the LICENSE file by hand
        status: disclosed
        evidence:
          - url: https://example.com/license
            quote: Apache 2.0
            retrieved: 2026-11-20
        provenance:
          source: person
          by: "@alice"
"""


def collected(status: str = "partial", quote: str = "trained on 2T tokens") -> dict:
    return {
        "status": status,
        "evidence": [{"url": "https://huggingface.co/acme/one/blob/abc/README.md", "quote": quote,
                      "retrieved": TODAY}],
        "provenance": {"source": "collector", "by": "huggingface"},
    }  # fmt: skip


@pytest.fixture
def card(tmp_path: Path) -> Path:
    path = tmp_path / "acme-one.yaml"
    path.write_text(SCORECARD)
    return path


def merge(path: Path, claims: dict, today: dt.date = TODAY, **kw):
    return merge_claims(path, rubric_id="transparency", rubric_version="1.0", claims=claims, collector="huggingface",
                        today=today, **kw)  # fmt: skip


def load(path: Path) -> Scorecard:
    return Scorecard.model_validate(parse_yaml(path.read_bytes(), str(path)).data)


def test_new_claims_are_added_and_the_file_stays_valid(card):
    report = merge(card, {"training-data-size": collected()})
    assert report.written and report.added == ["training-data-size"]
    latest = load(card).assessments[-1]
    assert latest.indicators["training-data-size"].status.value == "partial"


def test_comments_and_a_persons_claim_survive(card):
    merge(card, {"training-data-size": collected()})
    text = card.read_text()
    assert "# A comment a person wrote, which must survive every collector run." in text
    assert "license:  # checked against the LICENSE file by hand" in text
    assert load(card).assessments[-1].indicators["license"].provenance.by == "@alice"


def test_a_status_change_starts_a_new_dated_assessment(card):
    merge(card, {"training-data-size": collected()})
    assessments = load(card).assessments
    assert [a.date for a in assessments] == [dt.date(2026, 11, 20), TODAY]
    assert "training-data-size" not in assessments[0].indicators


def test_a_new_assessment_keeps_the_summary_a_person_wrote(card):
    summary = "Checked by hand against the model card and the license file."
    card.write_text(SCORECARD.replace("    date: 2026-11-20\n", f"    date: 2026-11-20\n    summary: {summary}\n"))
    report = merge(card, {"training-data-size": collected()})
    assert report.new_assessment
    assert [a.summary for a in load(card).assessments] == [summary, summary]


def test_rerunning_with_the_same_findings_writes_nothing(card):
    merge(card, {"training-data-size": collected()})
    before = card.read_text()
    report = merge(card, {"training-data-size": collected()}, today=LATER)
    assert not report.written
    assert card.read_text() == before


def test_an_evidence_refresh_with_the_same_status_updates_in_place(card):
    merge(card, {"training-data-size": collected()})
    report = merge(card, {"training-data-size": collected(quote="trained on 2T tokens of web text")}, today=LATER)
    assessments = load(card).assessments
    assert report.written and not report.new_assessment
    assert len(assessments) == 2
    assert assessments[-1].indicators["training-data-size"].evidence[0].quote == "trained on 2T tokens of web text"


def test_a_collected_claim_is_removed_when_the_source_falls_silent(card):
    merge(card, {"training-data-size": collected()})
    report = merge(card, {}, today=LATER)
    assert report.removed == ["training-data-size"]
    assert "training-data-size" not in load(card).assessments[-1].indicators
    assert "training-data-size" in load(card).assessments[1].indicators  # history keeps it


def test_a_disagreement_with_a_persons_claim_is_proposed_not_applied(card):
    report = merge(card, {"license": collected(status="partial", quote="license: other")})
    claim = load(card).assessments[-1].indicators["license"]
    assert report.proposed == ["license"]
    assert claim.status.value == "disclosed"
    assert claim.provenance.by == "@alice"
    assert claim.proposed is not None and claim.proposed.status.value == "partial"
    assert claim.proposed.by == "huggingface"


def test_the_proposal_is_withdrawn_when_the_collector_agrees_again(card):
    merge(card, {"license": collected(status="partial", quote="license: other")})
    merge(card, {"license": collected(status="disclosed", quote="license: apache-2.0")}, today=LATER)
    assert load(card).assessments[-1].indicators["license"].proposed is None


def test_a_reviewed_collected_claim_is_not_replaced(card):
    merge(card, {"training-data-size": collected()})
    text = card.read_text().replace("          by: huggingface\n",
                                    "          by: huggingface\n          reviewed_by: '@bob'\n"
                                    "          reviewed_on: 2026-11-28\n")  # fmt: skip
    card.write_text(text)
    merge(card, {}, today=LATER)
    claim = load(card).assessments[-1].indicators["training-data-size"]
    assert claim.provenance.reviewed_by == "@bob"


def test_a_claim_from_another_collector_is_left_alone(card):
    other = collected()
    other["provenance"] = {"source": "collector", "by": "vendor-docs"}
    merge_claims(card, rubric_id="transparency", rubric_version="1.0", claims={"red-teaming": other},
                 collector="vendor-docs", today=TODAY)  # fmt: skip
    merge(card, {}, today=LATER)
    assert "red-teaming" in load(card).assessments[-1].indicators


def test_a_merge_that_would_break_the_file_writes_nothing(card):
    before = card.read_text()
    bad = collected(status="disclosed")
    bad["evidence"] = []
    with pytest.raises(MergeError):
        merge(card, {"training-data-size": bad})
    assert card.read_text() == before


def test_an_interrupted_write_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_text("old\n")

    def crash(self, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, "new\n", inside=path.parent)
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


def test_multiline_quotes_are_written_as_readable_blocks(card):
    merge(card, {"limitations": collected(quote="first line   \nsecond line")})
    text = card.read_text()
    assert "quote: |-\n" in text
    assert load(card).assessments[-1].indicators["limitations"].evidence[0].quote == "first line\nsecond line"


claim_sets = st.dictionaries(
    st.sampled_from(["license", "training-data-size", "limitations", "model-size", "red-teaming"]),
    st.tuples(st.sampled_from(["disclosed", "partial", "not-disclosed"]), st.sampled_from(["q one", "q two", "q3"])),
    max_size=5,
)


@settings(max_examples=40, deadline=None)
@given(runs=st.lists(claim_sets, min_size=1, max_size=5))
def test_a_reviewed_claim_survives_any_sequence_of_collector_runs(tmp_path_factory, runs):
    path = tmp_path_factory.mktemp("prop") / "acme-one.yaml"
    path.write_text(SCORECARD)
    original = load(path).assessments[0].indicators["license"]
    for number, run in enumerate(runs):
        claims = {k: collected(status=s, quote=q) for k, (s, q) in run.items()}
        merge(path, claims, today=TODAY + dt.timedelta(days=number))
        for assessment in load(path).assessments:
            license_claim = assessment.indicators["license"]
            assert license_claim.status == original.status
            assert license_claim.evidence == original.evidence
            assert license_claim.provenance == original.provenance
    assert "# A comment a person wrote" in path.read_text()


# -- proposals from keyword suggestions (vendor documents)

LEAD = {
    "evidence": [{"url": "https://example.com/system-card", "quote": "trained on 2T tokens", "retrieved": TODAY}],
    "note": "Unreviewed keyword suggestion.",
}


def claims_of(path: Path) -> dict:
    return parse_yaml(path.read_bytes(), str(path)).data["assessments"][-1]["indicators"]


def test_a_lead_for_an_empty_indicator_is_carried_by_a_not_assessed_claim(card):
    report = propose_claims(
        card, rubric_id="transparency", rubric_version="1.0", proposals={"training-data-size": LEAD},
        collector="vendor-docs", today=TODAY,
    )  # fmt: skip
    claim = claims_of(card)["training-data-size"]
    assert report.proposed == ["training-data-size"]
    assert claim["status"] == "not-assessed"
    assert "status" not in claim["proposed"]
    Scorecard.model_validate(parse_yaml(card.read_bytes(), "x").data)


def test_a_lead_is_never_put_beside_a_claim_that_gives_credit(card):
    before = card.read_text()
    propose_claims(
        card, rubric_id="transparency", rubric_version="1.0", proposals={"license": LEAD},
        collector="vendor-docs", today=TODAY,
    )  # fmt: skip
    assert card.read_text() == before


def test_another_collectors_finding_replaces_a_leads_placeholder_and_keeps_the_lead(card):
    propose_claims(
        card, rubric_id="transparency", rubric_version="1.0", proposals={"training-data-size": LEAD},
        collector="vendor-docs", today=TODAY,
    )  # fmt: skip
    report = merge_claims(
        card, rubric_id="transparency", rubric_version="1.0", claims={"training-data-size": collected()},
        collector="huggingface", today=TODAY,
    )  # fmt: skip
    claim = claims_of(card)["training-data-size"]
    assert report.added == ["training-data-size"] and report.proposed == []
    assert claim["status"] == "partial" and claim["provenance"]["by"] == "huggingface"
    assert claim["proposed"]["by"] == "vendor-docs"


ANCHOR = re.compile(r"[&*]id\d+")


def test_a_date_shared_by_an_assessment_and_its_evidence_is_written_twice_not_anchored(card):
    merge(card, {"training-data-size": collected()})  # TODAY is the new assessment's date and the evidence's
    text = card.read_text()
    assert ANCHOR.search(text) is None
    assert text.count(f"date: {TODAY.isoformat()}") == 1
    assert f"retrieved: {TODAY.isoformat()}" in text


def test_generated_yaml_repeats_a_shared_value_instead_of_anchoring_it():
    shared = ["https://example.com/a", "https://example.com/b"]
    text = dump_plain({"first": {"urls": shared, "day": TODAY}, "second": {"urls": shared, "day": TODAY}})
    assert ANCHOR.search(text) is None
    assert yaml.safe_load(text) == {"first": {"urls": shared, "day": TODAY}, "second": {"urls": shared, "day": TODAY}}


def test_a_lead_whose_evidence_shares_the_collection_date_is_written_without_anchors(card):
    assert LEAD["evidence"][0]["retrieved"] is TODAY  # the very date object the proposal's collected_on gets
    propose_claims(card, rubric_id="transparency", rubric_version="1.0", proposals={"training-data-size": LEAD},
                   collector="vendor-docs", today=TODAY)  # fmt: skip
    assert ANCHOR.search(card.read_text()) is None
