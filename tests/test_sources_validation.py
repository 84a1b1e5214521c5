"""Validation of sources/<developer>.yaml: each mistake is named, located and explained, like a scorecard's."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from collector.dataset import load_dataset

TODAY = dt.date(2026, 1, 1)

GOOD = """\
developer: Acme
documents:
  - id: acme-one-card
    title: Acme One model card
    kind: model-card
    url: https://acme.example/models/one
    select: ["main article"]
    remove: [".cookie-banner"]
    models: [acme-one]
    indicators: [data-sources]
"""


def problems_for(project: Path, text: str, name: str = "acme.yaml") -> list[str]:
    (project / "sources").mkdir(exist_ok=True)
    (project / "sources" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    dataset = load_dataset(project, today=TODAY)
    return [f"{p.line}:{p.path}: {p.message}" for p in dataset.problems if p.file == f"sources/{name}"]


def test_a_good_sources_file_has_no_problems(mini_project):
    assert problems_for(mini_project, GOOD) == []


def test_a_broken_css_selector_is_named_with_an_example(mini_project):
    found = problems_for(mini_project, GOOD.replace('["main article"]', '["main >> article["]'))
    assert len(found) == 1
    assert found[0].startswith("7:documents[0].select[0]: ")
    assert "is not a CSS selector" in found[0]


def test_a_pseudo_element_selector_is_an_error_not_a_crash(mini_project):
    found = problems_for(mini_project, GOOD.replace('[".cookie-banner"]', '["a::before"]'))
    assert len(found) == 1 and found[0].startswith("8:documents[0].remove[0]: 'a::before' is not a CSS selector")


def test_an_unknown_model_suggests_the_closest_scorecard(mini_project):
    found = problems_for(mini_project, GOOD.replace("models: [acme-one]", "models: [acme-on]"))
    assert found == [
        "9:documents[0].models[0]: no scorecard has the subject id 'acme-on' (did you mean 'acme-one'?); "
        "use the id of a file in scorecards/"
    ]


def test_an_unknown_indicator_suggests_the_closest(mini_project):
    found = problems_for(mini_project, GOOD.replace("[data-sources]", "[data-source]"))
    assert found == [
        "10:documents[0].indicators[0]: no rubric has the indicator 'data-source' (did you mean 'data-sources'?)"
    ]


def test_a_document_id_used_twice_is_an_error(mini_project):
    twice = GOOD + GOOD.split("documents:\n", 1)[1].replace("/models/one", "/models/one-v2")
    assert problems_for(mini_project, twice) == ["11:documents[1].id: the document id 'acme-one-card' is used twice"]


def test_a_url_declared_twice_names_the_other_declaration(mini_project):
    problems_for(mini_project, GOOD)
    other = GOOD.replace("acme-one-card", "other-card").replace("developer: Acme", "developer: Other")
    found = problems_for(mini_project, other, name="other.yaml")
    declared = "sources/acme.yaml (acme-one-card)"
    assert found == [f"6:documents[0].url: the URL https://acme.example/models/one is already declared by {declared}"]


def test_only_http_urls_are_accepted(mini_project):
    found = problems_for(mini_project, GOOD.replace("https://acme.example/models/one", "file:///etc/passwd"))
    assert len(found) == 1 and found[0].startswith("6:documents[0].url: ") and "expected an http(s) URL" in found[0]


def test_an_unknown_kind_lists_the_allowed_ones(mini_project):
    found = problems_for(mini_project, GOOD.replace("kind: model-card", "kind: blog"))
    assert len(found) == 1 and "system-card" in found[0] and "usage-policy" in found[0]


def test_the_file_name_must_be_a_slug_because_it_names_the_archive_folder(mini_project):
    found = problems_for(mini_project, GOOD, name="Acme Labs.yaml")
    assert len(found) == 1 and "example-labs.yaml" in found[0]


def test_validate_reports_a_sources_file_given_on_the_command_line(mini_project, capsys, monkeypatch):
    from collector.cli import main

    problems_for(mini_project, GOOD.replace("models: [acme-one]", "models: [nobody]"))
    monkeypatch.chdir(mini_project)
    assert main(["--root", str(mini_project), "validate", "sources/acme.yaml"]) == 1
    assert "sources/acme.yaml:9:" in capsys.readouterr().out


def test_two_files_for_one_archive_folder_are_an_error(mini_project):
    problems_for(mini_project, GOOD)
    other = GOOD.replace("acme-one-card", "other-card").replace("/models/one", "/models/other")
    found = problems_for(mini_project, other, name="acme.yml")
    assert found == ["1:: sources/acme.yaml already uses the name 'acme'; merge the two files"]


def test_a_nested_sources_file_is_an_error(mini_project):
    (mini_project / "sources" / "more").mkdir(parents=True)
    found = problems_for(mini_project, GOOD, name="more/acme.yaml")
    assert found == ["1:: move this file to sources/acme.yaml: sources files are not nested"]


def test_a_document_on_a_non_public_address_is_refused_with_its_line(mini_project):
    found = problems_for(
        mini_project, GOOD.replace("https://acme.example/models/one", "http://169.254.169.254/latest/meta-data")
    )
    assert len(found) == 1
    assert found[0].startswith("6:documents[0].url: ")
    assert "169.254.169.254, a link-local address" in found[0] and "public URL" in found[0]


@pytest.mark.parametrize(
    "host",
    [
        *("127.0.0.1", "localhost", "docs.localhost", "10.0.0.8", "192.168.1.1", "0.0.0.0"),
        *("[::1]", "[::ffff:127.0.0.1]", "[fe80::1]", "127.1", "0x7f.0.0.1"),
    ],
)
def test_every_kind_of_literal_non_public_host_is_refused(mini_project, host):
    found = problems_for(mini_project, GOOD.replace("acme.example", host))
    assert len(found) == 1 and found[0].startswith("6:documents[0].url: ")
    assert "the collector fetches public addresses only" in found[0]
