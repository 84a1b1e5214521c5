"""The `scorecards` command as contributors and CI use it."""

from __future__ import annotations

import json

import pytest

from collector.cli import main
from collector.problems import Problem
from collector.reporting import as_github


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


BROKEN = """\
schema_version: 1
subject:
  id: broken
  name: "Broken, model: with %percent"
  developer: Acme
  access: open-weights
assessments:
  - rubric: mini
    rubric_version: "1.0"
    date: 2025-02-01
    indicators:
      license:
        status: disclosed
        provenance: {source: person, by: "@alice"}
"""


def test_validate_passes_on_valid_data(capsys, mini_project):
    code, out, err = run(capsys, "--root", str(mini_project), "validate")
    assert code == 0
    assert out == ""
    assert "no problems" in err


def test_validate_exits_1_and_prints_file_line_column(capsys, mini_project, write_scorecard):
    write_scorecard("acme/broken.yaml", BROKEN)
    code, out, _ = run(capsys, "--root", str(mini_project), "validate")
    assert code == 1
    assert out.startswith("scorecards/acme/broken.yaml:12:7: error: assessments[0].indicators.license: ")


def test_validate_json_lists_errors_with_their_location(capsys, mini_project, write_scorecard):
    write_scorecard("acme/broken.yaml", BROKEN)
    code, out, _ = run(capsys, "--root", str(mini_project), "validate", "--format", "json")
    errors = json.loads(out)
    assert code == 1
    assert errors[0]["file"] == "scorecards/acme/broken.yaml"
    assert {"file", "line", "column", "path", "message"} <= set(errors[0])
    assert errors[0]["line"] == 12


def test_validate_json_prints_an_empty_list_when_valid(capsys, mini_project):
    code, out, _ = run(capsys, "--root", str(mini_project), "validate", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_annotations_escape_what_the_runner_decodes(capsys, mini_project, write_scorecard):
    write_scorecard("acme/odd,name.yaml", BROKEN.replace("id: broken", "id: broken\n  oops: 1"))
    code, out, _ = run(capsys, "--root", str(mini_project), "validate", "--format", "github")
    assert code == 1
    lines = out.strip().splitlines()
    assert all(line.startswith("::error file=scorecards/acme/odd%2Cname.yaml,line=") for line in lines)
    # one command per line: no raw newline from data can start a second command
    assert len(lines) == 2  # unknown field; disclosed without evidence
    assert "title=subject.oops::unknown field 'oops'" in out


def test_github_message_escaping_of_percent_and_newlines():
    text = as_github([Problem("a:b.yaml", 3, 4, "x.y", "100% wrong\nnext line\r")])
    assert text == "::error file=a%3Ab.yaml,line=3,col=4,title=x.y::100%25 wrong%0Anext line%0D"


def test_validate_given_paths_reports_only_those_files(capsys, mini_project, write_scorecard):
    write_scorecard("acme/broken.yaml", BROKEN)
    path = mini_project / "scorecards" / "acme" / "acme-one.yaml"
    code, out, _ = run(capsys, "--root", str(mini_project), "validate", str(path))
    assert (code, out) == (0, "")


def test_validate_a_file_outside_the_project_still_sees_duplicates(capsys, mini_project, tmp_path):
    outside = tmp_path / "acme-one.yaml"
    outside.write_text((mini_project / "scorecards" / "acme" / "acme-one.yaml").read_text())
    code, out, _ = run(capsys, "--root", str(mini_project), "validate", str(outside))
    assert code == 1
    assert "also used by scorecards/acme/acme-one.yaml" in out


def test_validate_writes_a_markdown_summary(capsys, mini_project, write_scorecard, tmp_path):
    write_scorecard("acme/broken.yaml", BROKEN)
    summary = tmp_path / "summary.md"
    run(capsys, "--root", str(mini_project), "validate", "--summary", str(summary))
    text = summary.read_text()
    assert "| scorecards/acme/broken.yaml | 12 |" in text


COMPLETE = """\
schema_version: 1
subject:
  id: acme-three
  name: Acme Three
  developer: Acme
  access: open-weights
assessments:
  - rubric: mini
    rubric_version: "1.0"
    date: 2025-02-01
    indicators:
      data-sources:
        status: disclosed
        evidence:
          - {url: https://example.com/card, quote: Common Crawl and Wikipedia, retrieved: 2025-02-01,
             archive: example.com/card.md}
        provenance: {source: person, by: "@alice"}
      data-size:
        status: not-disclosed
        searched: [{url: https://example.com/card, archive: example.com/card.md}]
        provenance: {source: person, by: "@alice"}
      license:
        status: not-disclosed
        searched: [{url: https://example.com/card, archive: example.com/card.md}]
        provenance: {source: person, by: "@alice"}
      model-size:
        status: not-disclosed
        searched: [{url: https://example.com/card, archive: example.com/card.md}]
        provenance: {source: person, by: "@alice"}
"""


def test_score_json_has_every_assessment_with_its_bounds(capsys, mini_project):
    code, out, _ = run(capsys, "--root", str(mini_project), "score", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert len(rows) == 3
    for key in ("subject_id", "subject_name", "developer", "rubric_id", "rubric_version", "date", "domains"):
        assert key in rows[0]
    acme_one = next(row for row in rows if row["subject_id"] == "acme-one" and row["rubric_version"] == "1.0")
    # data-sources partial (10 of 20), data-size disclosed (40), license not disclosed, model-size unassessed (20)
    assert acme_one["complete"] is False
    assert acme_one["total"] is None
    assert (acme_one["lower"], acme_one["upper"]) == (50.0, 70.0)


def test_score_json_gives_a_complete_assessment_its_total(capsys, mini_project, write_scorecard):
    write_scorecard("acme/acme-three.yaml", COMPLETE)
    _, out, _ = run(capsys, "--root", str(mini_project), "score", "--format", "json")
    three = next(row for row in json.loads(out) if row["subject_id"] == "acme-three")
    assert three["complete"] is True
    assert three["total"] == three["lower"] == three["upper"] == 20.0


def test_score_table_ranks_only_complete_assessments(capsys, mini_project, write_scorecard):
    write_scorecard("acme/acme-three.yaml", COMPLETE)
    code, out, _ = run(capsys, "--root", str(mini_project), "score", "--rubric", "mini", "--rubric-version", "1.0")
    assert code == 0
    ranked, _, unranked = out.partition("not ranked")
    assert "Acme Three" in ranked and "20.0" in ranked
    assert "Acme One" not in ranked and "Acme Two" not in ranked
    assert "Acme One" in unranked and "50.0" in unranked and "70.0" in unranked and "3/4" in unranked


def test_score_csv(capsys, mini_project):
    _, out, _ = run(capsys, "--root", str(mini_project), "score", "--format", "csv")
    assert out.splitlines()[0].startswith("subject_id,subject_name,developer")
    assert len(out.splitlines()) == 4


def test_score_warns_and_fails_when_data_has_problems(capsys, mini_project, write_scorecard):
    write_scorecard("acme/broken.yaml", BROKEN)
    code, _, err = run(capsys, "--root", str(mini_project), "score")
    assert code == 1
    assert "scorecards validate" in err


def test_outside_a_project_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "validate")
    assert code == 2
    assert "not inside a scorecards project" in err


def test_root_is_found_from_a_subfolder(capsys, mini_project, monkeypatch):
    monkeypatch.chdir(mini_project / "scorecards" / "acme")
    code, _, _ = run(capsys, "validate")
    assert code == 0


def test_help_shows_examples(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "examples:" in capsys.readouterr().out


def test_github_annotations_carry_warnings_and_escape_text_from_the_data(capsys, mini_project, write_scorecard):
    (mini_project / "developers.yaml").write_text("developers:\n  - id: acme\n    name: Acme\n", encoding="utf-8")
    card = (mini_project / "scorecards" / "acme" / "acme-two.yaml").read_text(encoding="utf-8")
    hostile = "100% Labs, Inc.::error file=x::injected\\nline"
    write_scorecard("acme/acme-two.yaml", card.replace("developer: Acme", f'developer: "{hostile}"'))
    code, out, _ = run(capsys, "--root", str(mini_project), "validate", "--format", "github")
    [line] = out.strip().splitlines()
    assert code == 1  # warnings fail validation too: a pull request must not add unknown developers silently
    assert line.startswith("::warning file=scorecards/acme/acme-two.yaml,line=5,col=14,title=subject.developer::")
    assert "'100%25 Labs, Inc.::error file=x::injected\\nline'" in line  # shown as written, as one line
    assert line.count("::") == 4  # the data's own "::" stays inside the message: no second command starts


def test_the_job_summary_lists_every_problem_with_pipes_escaped(capsys, mini_project, write_scorecard, tmp_path):
    write_scorecard("acme/odd|name.yaml", BROKEN.replace("id: broken", "id: broken\n  oops: 1"))
    summary = tmp_path / "summary.md"
    code, _, _ = run(capsys, "--root", str(mini_project), "validate", "--format", "github", "--summary", str(summary))
    text = summary.read_text(encoding="utf-8")
    assert code == 1
    assert "odd\\|name.yaml" in text and text.count("\n| ") >= 3  # header row and one row per problem


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["validate"], "control character '\\x00'"),
        (["score"], "1 problem(s) in the data"),
        (["verify", "--offline"], "1 data problem(s) kept some files out"),
    ],
)
def test_a_nul_byte_in_an_archive_path_is_reported_not_a_traceback(capsys, mini_project, command, said):
    path = mini_project / "scorecards" / "acme" / "acme-one.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("archive: example.com/card.md", 'archive: "example.com/card.md\\0"', 1))
    _, out, err = run(capsys, "--root", str(mini_project), *command)
    assert said in out + err
    assert "embedded null byte" not in out + err
