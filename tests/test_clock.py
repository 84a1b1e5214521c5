"""One "today" for the whole program: SCORECARDS_TODAY or --today, else the UTC date; no other clock reads."""

from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from collector import clock
from collector.cli import main
from collector.dataset import load_dataset
from tests.conftest import REPO
from tests.test_validation import GOOD_CLAIM, card


def test_a_pinned_date_is_today(monkeypatch):
    monkeypatch.setenv(clock.ENVIRONMENT_VARIABLE, "2031-06-15")
    assert clock.today() == dt.date(2031, 6, 15)


def test_a_pinned_date_keeps_the_time_of_day_so_moments_stay_ordered(monkeypatch):
    monkeypatch.setenv(clock.ENVIRONMENT_VARIABLE, "2031-06-15")
    first, second = clock.now(), clock.now()
    assert first.date() == dt.date(2031, 6, 15) and first.tzinfo is not None
    assert first <= second


def test_without_a_pin_today_is_the_utc_date(monkeypatch):
    # reads the real clock on purpose: this is the function that owns it
    monkeypatch.delenv(clock.ENVIRONMENT_VARIABLE)
    before = dt.datetime.now(dt.UTC).date()
    today = clock.today()
    after = dt.datetime.now(dt.UTC).date()
    assert today in {before, after}  # a run crossing midnight may see either


def test_a_malformed_pin_names_where_it_came_from_and_the_format():
    with pytest.raises(clock.ClockError) as error:
        clock.parse_today("02/12/2026")
    assert "SCORECARDS_TODAY '02/12/2026' is not a date" in str(error.value)
    assert "YYYY-MM-DD" in str(error.value)


def test_a_malformed_environment_date_is_a_usage_error_not_a_traceback(capsys, monkeypatch, mini_project):
    monkeypatch.setenv(clock.ENVIRONMENT_VARIABLE, "next tuesday")
    assert main(["--root", str(mini_project), "validate"]) == 2
    assert "SCORECARDS_TODAY 'next tuesday' is not a date" in capsys.readouterr().err


def test_a_malformed_today_option_names_the_option(capsys, mini_project):
    assert main(["--root", str(mini_project), "--today", "2026-13-01", "validate"]) == 2
    assert "--today '2026-13-01' is not a date" in capsys.readouterr().err


def test_the_today_option_moves_the_future_date_check(capsys, mini_project, write_scorecard):
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("retrieved: 2025-02-01", "retrieved: 2030-05-01")))
    assert main(["--root", str(mini_project), "--today", "2030-05-01", "validate"]) == 0
    capsys.readouterr()
    assert main(["--root", str(mini_project), "--today", "2030-04-01", "validate"]) == 1
    assert "2030-05-01 is in the future" in capsys.readouterr().out


def test_a_pinned_date_reaches_subprocesses_and_is_restored_after():
    before = os.environ[clock.ENVIRONMENT_VARIABLE]
    code = "from collector import clock; print(clock.today())"
    with clock.pinned(dt.date(2031, 6, 15)):  # what every command runs in
        seen = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert seen.stdout.strip() == "2031-06-15"
    assert os.environ[clock.ENVIRONMENT_VARIABLE] == before


def test_the_today_option_does_not_outlive_the_command(mini_project, capsys):
    before = os.environ[clock.ENVIRONMENT_VARIABLE]
    main(["--root", str(mini_project), "--today", "2030-05-01", "validate"])
    assert os.environ[clock.ENVIRONMENT_VARIABLE] == before


def test_the_wall_clock_ignores_a_pinned_date(monkeypatch):
    # the Hub's lastModified and a server's Retry-After are on the real calendar
    monkeypatch.setenv(clock.ENVIRONMENT_VARIABLE, "1999-01-01")
    assert clock.wall_clock().year > 1999


@pytest.mark.parametrize(("days_ahead", "is_error"), [(0, False), (1, False), (2, True)])
def test_a_date_one_day_past_the_checkers_utc_date_is_clock_skew_not_an_error(
    mini_project, write_scorecard, days_ahead, is_error
):
    today = dt.date(2030, 5, 1)
    when = today + dt.timedelta(days=days_ahead)
    write_scorecard("acme/test-model.yaml", card(GOOD_CLAIM.replace("retrieved: 2025-02-01", f"retrieved: {when}")))
    future = [p for p in load_dataset(mini_project, today=today).problems if "in the future" in p.message]
    assert bool(future) is is_error


# -- no other clock -----------------------------------------------------------------------------------------------

_CLOCK_CALLS = {"today", "now", "utcnow", "time", "gmtime", "localtime"}
# Each reading of the real clock outside collector/clock.py, and why it must be the real one.
_ALLOWED: dict[tuple[str, str], str] = {}


def _clock_reads(path: Path) -> list[str]:
    reads = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CLOCK_CALLS:
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in {"date", "datetime", "time"}:
                reads.append(node.func.attr)
    return reads


# Each test file that reads the real clock, how often, and why it must (tests/conftest.py reads it once, through
# collector.clock, so that a date set before the run wins).
_TESTS_READING_THE_CLOCK = {
    "tests/test_clock.py": (2, "the module under test owns the clock"),
    "tests/hub_replay.py": (1, "the Hub's own clock stamps lastModified"),
    "tests/vendor_server.py": (1, "a server's own clock stamps Last-Modified"),
    "tests/test_docs_fetch.py": (1, "an HTTP-date Retry-After counts from the wall clock"),
}


def test_no_test_reads_the_real_clock_without_saying_why():
    found = {}
    for path in sorted((REPO / "tests").rglob("*.py")):
        reads = _clock_reads(path)
        if reads:
            found[path.relative_to(REPO).as_posix()] = len(reads)
    assert found == {name: count for name, (count, _why) in _TESTS_READING_THE_CLOCK.items()}


def test_no_module_reads_the_clock_except_collector_clock():
    found = {}
    for path in sorted((REPO / "collector").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        if relative == "collector/clock.py":
            continue
        for call in _clock_reads(path):
            if (relative, call) not in _ALLOWED:
                found.setdefault(relative, []).append(call)
    assert found == {}, "read the date through collector.clock (today() or now()) so that a pinned date applies"
