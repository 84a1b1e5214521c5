"""Names, quotes and messages printed by the command are data: they never reach the terminal as control codes."""

from __future__ import annotations

import json
import re

import pytest

from collector.cli import main
from collector.terminal import terminal_safe
from tests.test_cli import COMPLETE

# What a hostile name carries: clear the screen, set the window title, a hidden hyperlink, a bell, a CSI in its
# one-byte C1 form, a carriage return that overwrites the line, a bidirectional override that reorders it.
PAYLOADS = ["\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "\x9b31m",
            "\rOK  ", "\u202egnp.exe", "\x00", "\x7f", "\x08\x08"]  # fmt: skip
TERMINAL_CODES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_name() -> str:
    return "Evil " + "".join(PAYLOADS)


def yaml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted string, escapes included


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_terminal_code_becomes_a_visible_escape(payload):
    shown = terminal_safe(f"a{payload}b")
    assert not TERMINAL_CODES.search(shown)
    assert shown[0] == "a" and shown[-1] == "b" and "\\u" in shown


def test_line_feeds_and_tabs_are_kept():
    assert terminal_safe("a\tb\nc") == "a\tb\nc"


@pytest.mark.parametrize("form", [[], ["--format", "csv"], ["--format", "json"]])
def test_score_prints_a_hostile_model_name_without_its_terminal_codes(capsys, mini_project, write_scorecard, form):
    name = hostile_name()
    write_scorecard("acme/acme-three.yaml", COMPLETE.replace("name: Acme Three", "name: " + yaml_string(name)))
    code = main(["--root", str(mini_project), "score", "--rubric", "mini", "--rubric-version", "1.0", *form])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not TERMINAL_CODES.search(out + err)
    assert "Evil" in out and "\\u001b[2J" in out
    if form == ["--format", "json"]:  # still valid JSON, and the name reads back as it was
        names = {row["subject_name"] for row in json.loads(out)}
        assert name in names


def test_validate_messages_quoting_a_hostile_value_carry_no_terminal_codes(capsys, mini_project, write_scorecard):
    write_scorecard("acme/acme-three.yaml", COMPLETE.replace("rubric_version: \"1.0\"", "rubric_version: "
                                                             + yaml_string("1.0" + "".join(PAYLOADS))))  # fmt: skip
    code = main(["--root", str(mini_project), "validate"])
    out, err = capsys.readouterr()
    assert code == 1
    assert not TERMINAL_CODES.search(out + err)
