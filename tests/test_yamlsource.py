"""Reading YAML safely: every hostile or broken file becomes one located problem."""

from __future__ import annotations

import pytest
import yaml

from collector.problems import DataError
from collector.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, Position, parse_yaml, read_yaml


def problem_of(raw: bytes):
    with pytest.raises(DataError) as caught:
        parse_yaml(raw, "card.yaml")
    assert len(caught.value.problems) == 1
    return caught.value.problems[0]


def test_plain_mapping_parses_to_python_values():
    doc = parse_yaml(b"a: 1\nb: [x, y]\nc: 2025-01-31\n", "f.yaml")
    assert doc.data["a"] == 1
    assert doc.data["b"] == ["x", "y"]
    assert str(doc.data["c"]) == "2025-01-31"


def test_locate_finds_line_and_column_of_nested_values():
    doc = parse_yaml(b"subject:\n  name: X\nitems:\n  - one\n  - two\n", "f.yaml")
    assert doc.locate(("subject", "name")).line == 2
    assert doc.locate(("subject", "name")).column == 9
    assert doc.locate(("subject", "name"), key=True).column == 3
    assert doc.locate(("items", 1)).line == 5


def test_a_large_document_is_kept_compressed_and_still_located():
    filler = "".join(f"k{n}: a value of some length to fill the file ({n})\n" for n in range(200))
    raw = f"{filler}subject:\n  name: Élan — “quoted”\n".encode()
    doc = parse_yaml(raw, "f.yaml")
    assert len(doc._source) < len(raw) / 3  # what it keeps until a problem needs a position
    assert doc.locate(("subject", "name")) == Position(202, 9)


def test_locate_of_a_missing_field_points_at_the_key_of_its_parent():
    doc = parse_yaml(b"other: 1\nsubject:\n  name: X\n", "f.yaml")
    assert doc.locate(("subject", "developer")).line == 2


def test_syntax_error_is_located():
    problem = problem_of(b"subject:\n  name: [unclosed\n  other: 1\n")
    assert problem.file == "card.yaml"
    assert problem.line >= 2
    assert "YAML syntax error" in problem.message


def test_unquoted_colon_gets_a_quoting_hint():
    problem = problem_of(b"note: a: b\n")
    assert problem.line == 1
    assert "quoted" in problem.message


def test_tab_indentation_is_explained():
    problem = problem_of(b"subject:\n\tname: X\n")
    assert problem.line == 2
    assert "tab" in problem.message.lower()


def test_empty_file_is_reported_not_crashed():
    problem = problem_of(b"")
    assert "empty" in problem.message


def test_comment_only_file_counts_as_empty():
    assert "empty" in problem_of(b"# nothing here\n").message


def test_binary_junk_is_reported_as_binary():
    problem = problem_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in problem.message


def test_invalid_utf8_names_the_line():
    problem = problem_of(b"a: 1\nb: caf\xe9\n")
    assert problem.line == 2
    assert "UTF-8" in problem.message


def test_duplicate_key_is_an_error_at_the_second_key():
    problem = problem_of(b"subject:\n  name: A\n  name: B\n")
    assert problem.line == 3
    assert problem.path == "subject.name"
    assert "twice" in problem.message


def test_alias_bomb_is_stopped():
    bomb = b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        bomb += (
            f"{level}: &{level} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n".encode()
        )
    problem = problem_of(bomb)
    assert "alias bomb" in problem.message


def test_deep_nesting_is_refused():
    deep = b"a: " + b"[" * (MAX_DEPTH + 5) + b"]" * (MAX_DEPTH + 5) + b"\n"
    assert "deeper" in problem_of(deep).message


def test_python_object_tags_are_refused():
    problem = problem_of(b"a: !!python/object/apply:os.system ['echo pwned']\n")
    assert "YAML syntax error" in problem.message or "not allowed" in problem.message


def test_custom_tags_are_refused():
    problem = problem_of(b"a: !secret value\n")
    assert "the tag '!secret' is not allowed" in problem.message
    assert problem.path == "a"


def test_merge_keys_are_refused():
    problem = problem_of(b"base: &b {x: 1}\nother:\n  <<: *b\n")
    assert "merge" in problem.message


def test_multiple_documents_are_refused():
    assert "YAML syntax error" in problem_of(b"a: 1\n---\nb: 2\n").message


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1) + b"\n")
    with pytest.raises(DataError) as caught:
        read_yaml(path)
    assert "limit" in caught.value.problems[0].message


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(DataError) as caught:
        read_yaml(tmp_path / "nope.yaml")
    assert "cannot read" in caught.value.problems[0].message


def test_utf8_bom_is_accepted():
    assert parse_yaml("\ufeffa: 1\n".encode(), "f.yaml").data == {"a": 1}


def test_a_billion_laughs_bomb_is_refused_at_the_node_limit_before_expanding():
    bomb = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in "bcdefghij":  # ten levels of ten: 10**10 values if expanded
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [{', '.join([f'*{prev}'] * 10)}]\n".encode()
    doc = None
    with pytest.raises(DataError) as caught:
        doc = parse_yaml(bomb, "card.yaml")
    assert doc is None
    assert f"more than {MAX_NODES:,} values" in caught.value.problems[0].message


def test_a_million_nested_brackets_are_a_syntax_error_not_a_crash():
    depth = 1_000_000
    problem = problem_of(b"a: " + b"[" * depth + b"]" * depth + b"\n")
    assert "YAML syntax error" in problem.message
    assert "nesting depth" in problem.message


def test_locate_finds_every_key_of_a_mapping_of_ten_thousand_keys():
    raw = "".join(f"id-{n}: {n}\n" for n in range(10_000)).encode()
    doc = parse_yaml(b"indicators:\n" + b"".join(b"  " + line + b"\n" for line in raw.splitlines()), "f.yaml")
    for n in (0, 1, 4_999, 9_999):
        assert doc.locate(("indicators", f"id-{n}"), key=True).line == n + 2
        assert doc.locate(("indicators", f"id-{n}")).column == len(f"  id-{n}: ") + 1
    assert doc.locate(("indicators", "id-10000")).line == 1  # a missing key: its parent's key


def test_scalars_read_as_pyyaml_safe_loader_reads_them_also_when_seen_again():
    text = (
        "a: 1\nb: '1'\nc: yes\nd: \"yes\"\ne: 2025-01-31\nf: '2025-01-31'\ng: 1.5\nh: null\ni: ~\n"
        "j: true\nk: !!str 12\nl: 0x1F\nm: .inf\nn: plain words\no: [1, '1', yes, 'yes', null, 'null']\n"
    )
    expected = yaml.load(text, Loader=yaml.SafeLoader)  # the pure-Python reference
    assert parse_yaml(text.encode(), "a.yaml").data == expected
    assert parse_yaml(text.encode(), "b.yaml").data == expected  # the second time from the resolved-tag cache


def test_a_problem_deep_in_lists_and_mappings_is_reported_with_its_full_field_path():
    raw = (
        b"assessments:\n  - rubric: x\n  - rubric: y\n"
        b"    indicators:\n      size:\n        status: a\n        status: b\n"
    )
    problem = problem_of(raw)
    assert problem.path == "assessments[1].indicators.size.status"
    assert (problem.line, problem.column) == (7, 9)


def test_a_document_with_a_byte_order_mark_and_wide_characters_is_located_by_characters():
    doc = parse_yaml("\ufeffname: \U0001f642 Model \u00e9t\u00e9\nitems:\n  - \u4e00\u4e8c: x\n".encode(), "f.yaml")
    assert doc.data["name"] == "\U0001f642 Model \u00e9t\u00e9"
    assert doc.locate(("name",), key=True) == Position(1, 1)
    assert doc.locate(("items", 0, "\u4e00\u4e8c")) == Position(3, 9)  # columns count characters, not bytes


def test_a_string_repeated_in_a_document_is_kept_once():
    url = b"https://example.com/card"
    doc = parse_yaml(b"a: " + url + b"\nb: [" + url + b"]\nc: {d: " + url + b"}\n", "f.yaml")
    assert doc.data["a"] is doc.data["b"][0] is doc.data["c"]["d"]
