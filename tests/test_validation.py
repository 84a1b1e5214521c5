"""Validation of scorecards: every mistake a contributor can make is named, located and explained."""

from __future__ import annotations

import datetime as dt
import gc
import textwrap

import pytest

from collector.dataset import load_dataset
from collector.loading import load_model
from collector.quote_checks import ArchiveIndex, check_archived_quotes
from collector.schema import Scorecard

TODAY = dt.date(2026, 1, 1)

HEADER = """\
schema_version: 1
subject:
  id: {id}
  name: Test Model
  developer: Acme
  access: open-weights
assessments:
  - rubric: mini
    rubric_version: "1.0"
    date: 2025-02-01
    indicators:
"""

GOOD_CLAIM = """\
      license:
        status: disclosed
        evidence:
          - url: https://example.com/card
            quote: Released under the "Apache 2.0" license.
            retrieved: 2025-02-01
        provenance:
          source: person
          by: "@alice"
"""


def card(body: str = GOOD_CLAIM, id: str = "test-model") -> str:
    return (
        HEADER.format(id=id) + textwrap.dedent(body) if not body.startswith("      ") else HEADER.format(id=id) + body
    )


def problems(project, today=TODAY):
    return load_dataset(project, today=today).problems


def only_problem(project, file_suffix="test-model.yaml"):
    found = [p for p in problems(project) if p.file.endswith(file_suffix)]
    assert len(found) == 1, found
    return found[0]


def test_the_fixture_project_is_valid(mini_project):
    assert problems(mini_project) == []


def test_a_good_scorecard_has_no_problems(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card())
    assert problems(mini_project) == []


def test_unknown_field_is_located_and_suggests_the_right_name(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("evidence:", "evidance:")))
    problem = next(p for p in problems(mini_project) if "evidance" in p.message)
    assert problem.line == 14
    assert problem.path == "assessments[0].indicators.license.evidance"
    assert "did you mean 'evidence'" in problem.message


def test_wrong_type_says_what_was_expected(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card().replace('rubric_version: "1.0"', "rubric_version: 1.0"))
    problem = only_problem(mini_project)
    assert problem.path == "assessments[0].rubric_version"
    assert problem.line == 9
    assert 'put it in quotes: "1.0"' in problem.message


def test_unknown_status_lists_the_allowed_ones(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("status: disclosed", "status: disclosd")))
    problem = only_problem(mini_project)
    assert problem.path == "assessments[0].indicators.license.status"
    assert "did you mean 'disclosed'" in problem.message
    assert "not-disclosed" in problem.message


def test_disclosed_without_evidence_is_rejected(mini_project, write_scorecard):
    write_scorecard(
        "acme/test-model.yaml",
        card("""\
      license:
        status: disclosed
        provenance: {source: person, by: "@alice"}
"""),
    )
    problem = only_problem(mini_project)
    assert problem.path == "assessments[0].indicators.license"
    assert "needs at least one evidence item" in problem.message


def test_partial_without_evidence_is_rejected(mini_project, write_scorecard):
    write_scorecard(
        "acme/test-model.yaml",
        card("""\
      license:
        status: partial
        evidence: []
        provenance: {source: person, by: "@alice"}
"""),
    )
    assert "evidence" in only_problem(mini_project).message


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.com/x",
        "example.com/card",
        "https://exa mple.com",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_non_http_urls_are_rejected(mini_project, write_scorecard, url):
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("https://example.com/card", url)))
    problem = only_problem(mini_project)
    assert problem.path == "assessments[0].indicators.license.evidence[0].url"
    assert problem.line == 15


@pytest.mark.parametrize("value", ["2025-13-01", "20250201", "yesterday", "2025-02-01T10:00:00"])
def test_malformed_dates_are_rejected_with_the_expected_form(mini_project, write_scorecard, value):
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("retrieved: 2025-02-01", f"retrieved: {value}")))
    problem = only_problem(mini_project)
    assert problem.path.endswith("evidence[0].retrieved")
    assert "2025-01-31" in problem.message or "calendar" in problem.message


def test_future_dates_are_rejected(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("retrieved: 2025-02-01", "retrieved: 2052-02-01")))
    assert "in the future" in only_problem(mini_project).message


def test_unknown_indicator_id_is_located_on_its_key(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("      license:", "      licence:")))
    problem = only_problem(mini_project)
    assert problem.line == 12
    assert problem.column == 7
    assert "did you mean 'license'" in problem.message


def test_invalid_indicator_key_is_explained(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("      license:", "      License Info:")))
    problem = only_problem(mini_project)
    assert "lowercase" in problem.message


def test_unknown_rubric_lists_known_rubrics(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card().replace("rubric: mini", "rubric: maxi"))
    problem = only_problem(mini_project)
    assert problem.path == "assessments[0].rubric"
    assert "mini 1.0" in problem.message


def test_partial_status_is_rejected_under_a_binary_rubric(mini_project, write_scorecard):
    text = card(GOOD_CLAIM.replace("status: disclosed", "status: partial")).replace('"1.0"', '"2.0"')
    write_scorecard("acme/test-model.yaml", text)
    assert "binary" in only_problem(mini_project).message


def test_missing_required_field_is_named(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card().replace("  developer: Acme\n", ""))
    problem = only_problem(mini_project)
    assert problem.path == "subject.developer"
    assert "missing required field 'developer'" in problem.message
    assert problem.line == 2  # the `subject:` mapping it belongs in


def test_review_needs_both_reviewer_and_date(mini_project, write_scorecard):
    write_scorecard(
        "acme/test-model.yaml", card(GOOD_CLAIM.replace('by: "@alice"', 'by: "@alice"\n          reviewed_by: "@bob"'))
    )
    problem = only_problem(mini_project)
    assert "reviewed_on" in problem.message


def test_file_name_must_match_subject_id(mini_project, write_scorecard):
    write_scorecard("acme/other-name.yaml", card())
    problem = only_problem(mini_project, "other-name.yaml")
    assert problem.path == "subject.id"
    assert "rename" in problem.message


def test_duplicate_subjects_across_files_are_reported(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card())
    write_scorecard("other/test-model.yaml", card())
    found = problems(mini_project)
    assert [p.file for p in found] == ["scorecards/acme/test-model.yaml", "scorecards/other/test-model.yaml"]
    assert "also used by scorecards/other/test-model.yaml" in found[0].message


def test_two_files_for_one_hub_repo_are_reported(mini_project, write_scorecard):
    write_scorecard(
        "acme/test-model.yaml",
        card().replace("  access: open-weights\n", "  access: open-weights\n  links: {huggingface: ACME/One}\n"),
    )
    assert "also tracked by scorecards/acme/acme-one.yaml" in only_problem(mini_project).message


def test_quote_not_in_archived_snapshot_is_caught(mini_project, write_scorecard):
    body = GOOD_CLAIM.replace(
        "retrieved: 2025-02-01", "retrieved: 2025-02-01\n            archive: example.com/card.md"
    )
    write_scorecard("acme/test-model.yaml", card(body.replace("Apache 2.0", "MIT")))
    problem = only_problem(mini_project)
    assert problem.path.endswith("evidence[0].quote")
    assert "the quote is not in the archived snapshot" in problem.message
    assert "the closest passage is 'Released under the \"Apache 2.0\" license.'" in problem.message


def test_quote_found_despite_typography_and_markdown(mini_project, write_scorecard):
    body = GOOD_CLAIM.replace(
        "retrieved: 2025-02-01", "retrieved: 2025-02-01\n            archive: example.com/card.md"
    )
    write_scorecard("acme/test-model.yaml", card(body))
    assert problems(mini_project) == []


def test_a_quote_of_an_archived_hub_card_is_checked_even_without_an_archive_field(mini_project, write_scorecard):
    commit = "0123456789abcdef0123456789abcdef01234567"
    hub_copy = mini_project / "archive" / "huggingface.co" / "acme" / "test-model" / commit / "README.md"
    hub_copy.parent.mkdir(parents=True)
    hub_copy.write_text('# Test model\n\nReleased under the "Apache 2.0" license.\n', encoding="utf-8")
    url = f"https://huggingface.co/acme/test-model/blob/{commit}/README.md"
    body = GOOD_CLAIM.replace("https://example.com/card", url)
    write_scorecard("acme/test-model.yaml", card(body.replace("Apache 2.0", "MIT")))
    problem = only_problem(mini_project)
    assert problem.path.endswith("evidence[0].quote")
    ref = f"huggingface.co/acme/test-model/{commit}/README.md"
    assert f"archive/{ref}" in problem.message
    assert problem.message.endswith(f"(or set archive: {ref})")
    write_scorecard("acme/test-model.yaml", card(body))
    assert problems(mini_project) == []


def test_missing_archive_file_is_reported(mini_project, write_scorecard):
    body = GOOD_CLAIM.replace(
        "retrieved: 2025-02-01", "retrieved: 2025-02-01\n            archive: example.com/gone.md"
    )
    write_scorecard("acme/test-model.yaml", card(body))
    assert "no archived snapshot" in only_problem(mini_project).message


def test_archive_path_cannot_escape_the_archive(mini_project, write_scorecard):
    body = GOOD_CLAIM.replace("retrieved: 2025-02-01", "retrieved: 2025-02-01\n            archive: ../../etc/passwd")
    write_scorecard("acme/test-model.yaml", card(body))
    assert "inside archive/" in only_problem(mini_project).message


def test_top_level_list_is_rejected(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", "- a\n- b\n")
    assert "expected a YAML mapping" in only_problem(mini_project).message


def test_every_error_in_a_file_is_reported_at_once(mini_project, write_scorecard):
    text = card(GOOD_CLAIM.replace("status: disclosed", "status: maybe").replace("https://", "ftp://"))
    write_scorecard("acme/test-model.yaml", text.replace("access: open-weights", "access: open"))
    found = [p for p in problems(mini_project) if p.file.endswith("test-model.yaml")]
    assert {p.path for p in found} == {
        "subject.access",
        "assessments[0].indicators.license.status",
        "assessments[0].indicators.license.evidence[0].url",
    }


def test_syntax_error_in_one_file_does_not_hide_others(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", "subject: [\n")
    write_scorecard("acme/second.yaml", card(id="second").replace("status: disclosed", "status: nope"))
    files = {p.file for p in problems(mini_project)}
    assert files == {"scorecards/acme/test-model.yaml", "scorecards/acme/second.yaml"}


def test_broken_files_are_reported_without_traceback(mini_project, write_scorecard):
    cases = {
        "empty.yaml": "",
        "junk.yaml": "\x00\x01\x02binary",
        "dup.yaml": "schema_version: 1\nschema_version: 1\n",
        "scalar.yaml": "just a sentence\n",
        "badkeys.yaml": "? [a, b]\n: c\n",
    }
    for name, text in cases.items():
        write_scorecard(f"junk/{name}", text)
    found = {p.file.rsplit("/", 1)[-1] for p in problems(mini_project)}
    assert set(cases) <= found


def test_rubric_with_unknown_domain_and_crosswalk_is_reported(mini_project):
    path = mini_project / "rubrics" / "mini" / "1.0.yaml"
    text = path.read_text().replace("domain: model\n    name: License", "domain: modl\n    name: License")
    path.write_text(text.replace("ref: [item-b]", "ref: [item-z]\n      nope: [x]"))
    found = [p for p in problems(mini_project) if p.file == "rubrics/mini/1.0.yaml"]
    messages = " | ".join(p.message for p in found)
    assert "unknown domain 'modl'" in messages
    assert "'item-z' is not an item of ref" in messages
    assert "unknown reference 'nope'" in messages


def test_rubric_in_the_wrong_place_is_reported(mini_project):
    (mini_project / "rubrics" / "mini" / "1.0.yaml").rename(mini_project / "rubrics" / "mini" / "one.yaml")
    found = [p for p in problems(mini_project) if p.file == "rubrics/mini/one.yaml"]
    assert "rubrics/mini/1.0.yaml" in found[0].message


def test_unknown_indicator_ids_are_reported_alongside_schema_errors(mini_project, write_scorecard):
    text = card(GOOD_CLAIM.replace("      license:", "      licence:").replace("status: disclosed", "status: disclosd"))
    write_scorecard("acme/test-model.yaml", text)
    messages = [p.message for p in problems(mini_project)]
    assert any("did you mean 'license'" in m for m in messages)
    assert any("did you mean 'disclosed'" in m for m in messages)


def with_archive(archive: str, claim: str = GOOD_CLAIM) -> str:
    return claim.replace("retrieved: 2025-02-01", f"retrieved: 2025-02-01\n            archive: {archive}")


def test_a_nul_byte_in_an_archive_path_is_a_located_error(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card(with_archive('"example.com/card.md\\0.txt"')))
    problem = only_problem(mini_project)
    assert problem.path == "assessments[0].indicators.license.evidence[0].archive"
    assert problem.line == 18
    assert "control character '\\x00'" in problem.message


@pytest.mark.parametrize("char", ["\\n", "\\t", "\\e", "\\x7f", "\\x85"])
def test_control_characters_in_an_archive_path_are_refused(mini_project, write_scorecard, char):
    write_scorecard("acme/test-model.yaml", card(with_archive(f'"example.com/card{char}.md"')))
    assert "control character" in only_problem(mini_project).message


def test_a_quote_over_the_length_limit_is_told_to_elide(mini_project, write_scorecard):
    long_quote = "Released under the license. " * 200
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace('"Apache 2.0" license.', long_quote)))
    problem = only_problem(mini_project)
    assert problem.path == "assessments[0].indicators.license.evidence[0].quote"
    assert "at most 5000" in problem.message
    assert "elide the rest with '...'" in problem.message


def test_an_unmatched_long_quote_shows_the_closest_passage_to_its_start(mini_project, write_scorecard):
    archived = mini_project / "archive" / "example.com" / "manual.md"
    passage = "The model was trained on 2 trillion tokens of public web text from Common Crawl and Wikipedia."
    archived.write_text("Filler words here. " * 5000 + passage + " Filler words here." * 5000, encoding="utf-8")
    quote = passage.replace("2 trillion", "3 trillion") + " And more words that the source never had." * 110
    claim = GOOD_CLAIM.replace('Released under the "Apache 2.0" license.', quote)
    write_scorecard("acme/test-model.yaml", card(with_archive("example.com/manual.md", claim)))
    problem = only_problem(mini_project)
    assert "the closest passage is 'The model was trained on 2 trillion tokens of public web text" in problem.message


def unknown_claims(count: int) -> str:
    claim = "status: not-assessed\n        provenance: {source: person, by: '@alice'}"
    return "".join(f"      unknown-{n}:\n        {claim}\n" for n in range(count))


def test_a_file_shows_its_first_200_problems_and_counts_the_rest(mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card(unknown_claims(250)))
    found = [p for p in problems(mini_project) if p.file.endswith("test-model.yaml")]
    assert len(found) == 201
    assert all("is not an indicator of rubric mini" in p.message for p in found[:200])
    assert found[199].path == "assessments[0].indicators.unknown-199"
    assert found[199].line == 12 + 3 * 199  # each claim is three lines, the first on line 12
    assert found[-1].message.startswith("and 50 more problem(s) in this file")
    assert found[-1].line == 12 + 3 * 200


def test_quotes_past_the_problem_limit_are_counted_not_searched(mini_project, write_scorecard):
    evidence = (
        "          - url: https://example.com/card\n"
        "            quote: Released under the MIT license {n}.\n"
        "            retrieved: 2025-02-01\n"
        "            archive: example.com/card.md\n"
    )
    claims = ""
    for claim in range(11):  # 20 evidence items each: 220 unmatched quotes
        items = "".join(evidence.format(n=claim * 20 + i) for i in range(20))
        claims += f"      indicator-{claim}:\n        status: disclosed\n        evidence:\n{items}"
        claims += "        provenance: {source: person, by: '@alice'}\n"
    path = write_scorecard("acme/test-model.yaml", card(claims))
    loaded = load_model(path, Scorecard, "test-model.yaml")
    found = check_archived_quotes(loaded, ArchiveIndex(mini_project / "archive"))
    assert len(found) == 201
    assert all("the quote is not in the archived snapshot" in p.message for p in found[:200])
    assert found[-1].message.startswith("20 more quote(s), from here on, were not checked")
    assert found[-1].path == "assessments[0].indicators.indicator-10.evidence[0].quote"


def test_a_file_of_many_schema_errors_explains_those_it_shows_and_counts_the_rest(mini_project, write_scorecard):
    claims = "".join(f"      license-{n}: {{status: disclosd, evidance: 1}}\n" for n in range(150))
    write_scorecard("acme/test-model.yaml", card(claims))
    found = [p for p in problems(mini_project) if p.file.endswith("test-model.yaml")]
    assert len(found) == 201
    first_line = [p.message for p in found if p.line == 12]
    assert any("did you mean 'disclosed'" in m for m in first_line)
    assert any("did you mean 'evidence'" in m for m in first_line)
    assert found[-1].message.startswith("and ")
    assert "more problem(s) in this file" in found[-1].message


def test_quotes_past_the_scan_budget_are_counted_not_searched(mini_project, write_scorecard):
    archived = mini_project / "archive" / "example.com" / "large.md"
    archived.write_text(" ".join(f"word{n}" for n in range(60_000)), encoding="utf-8")  # over 256 KB: indexed
    evidence = (
        "          - url: https://example.com/card\n"
        "            quote: ord{n}\n"  # part of a word: the index cannot settle it, so the text is scanned
        "            retrieved: 2025-02-01\n"
        "            archive: example.com/large.md\n"
    )
    items = "".join(evidence.format(n=59_990 + i) for i in range(6))
    claim = f"      license:\n        status: disclosed\n        evidence:\n{items}"
    path = write_scorecard("acme/test-model.yaml", card(claim + "        provenance: {source: person, by: '@a'}\n"))
    loaded = load_model(path, Scorecard, "test-model.yaml")
    size = archived.stat().st_size
    found = check_archived_quotes(loaded, ArchiveIndex(mini_project / "archive"), scan_budget=3 * size)
    assert len(found) == 1
    assert found[0].message.startswith("3 more quote(s), from here on, were not checked")
    assert "quote at least three whole words" in found[0].message
    assert found[0].path == "assessments[0].indicators.license.evidence[3].quote"


def test_a_valid_scorecard_keeps_its_model_and_text_but_not_a_plain_copy_of_its_values(mini_project, write_scorecard):
    path = write_scorecard("acme/test-model.yaml", card())
    loaded = load_model(path, Scorecard, "test-model.yaml")
    assert loaded.model is not None and loaded.document is not None
    assert loaded.document.data is None
    assert loaded.problem_at(("subject", "name"), "later check").line == 4  # still located from the text


def test_an_invalid_scorecard_keeps_its_plain_values_for_the_checks_that_read_them(mini_project, write_scorecard):
    path = write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("evidence:", "evidance:")))
    loaded = load_model(path, Scorecard, "test-model.yaml")
    assert loaded.model is None and loaded.document is not None
    assert loaded.document.data["subject"]["id"] == "test-model"


def test_loading_restores_the_garbage_collector_and_leaves_what_it_built_out_of_its_passes(mini_project):
    gc.unfreeze()
    try:
        load_dataset(mini_project, today=TODAY)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # the loaded models: no later collection walks them again
    finally:
        gc.unfreeze()
