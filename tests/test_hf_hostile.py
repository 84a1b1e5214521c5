"""A hostile Hub and hostile cards: nothing is written outside archive/, no wait is unbounded, no page is a card.

The real collector runs against the local replay Hub (:mod:`tests.hub_replay`) with the hostile answers of
:mod:`tests.hub_faults`.
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from collector.cli import main
from collector.hf.card import MAX_CARD_BYTES, parse_card
from collector.hf.collect import RepoStatus
from collector.hf.excerpts import MAX_QUOTE
from collector.hf.hub import MAX_WAIT, HubClient
from collector.hf.names import InvalidNameError, archive_path, is_commit, is_repo_id
from collector.hf.project import CollectError, collect_hub, scaffold
from collector.hf.rules import Finding, find_all
from tests.dates import TODAY
from tests.hostile_cards import SHAPES, card_of_shape
from tests.hub_replay import HubReplayServer, ReplayRepo, fixture_repos, use_replay_hub
from tests.test_hf_collect import TOKEN, card_of, client, project, run, statuses, track  # noqa: F401 (fixture)

FALCON, PYTHIA = "tiiuae/falcon-7b", "EleutherAI/pythia-160m"
HOSTILE = "test-org/hostile-card"
CLIMBING = ["../../../../outside", "test-org/../../../../outside", "/tmp/outside", "a/b/c", "..", "a/.."]


def hostile_card(key: str, value: str) -> bytes:
    return f"---\nlicense: apache-2.0\n{key}: {value!r}\n---\n# Hostile\n\nA card naming what it should not.\n".encode()


def serve(*extra: ReplayRepo) -> HubReplayServer:
    repos = fixture_repos()
    repos.update({r.repo_id: r for r in extra})
    return HubReplayServer(repos, token=TOKEN)


def files_outside_archive(root: Path) -> list[Path]:
    """README.md files anywhere under ``root`` (the test's whole tmp dir) except in the project's archive/."""
    archive = root / "project" / "archive"
    return [p for p in root.rglob("README.md") if not p.is_relative_to(archive)]


def archived(project: Path) -> list[str]:  # noqa: F811
    return sorted(str(p.relative_to(project / "archive")) for p in (project / "archive").rglob("README.md"))


# -- finding 2: paths built from remote data ---------------------------------------------------------------------


@pytest.mark.parametrize("key", ["base_model", "datasets"])
@pytest.mark.parametrize("value", CLIMBING)
def test_a_card_naming_a_path_instead_of_a_repo_is_collected_without_it_and_says_so(project, tmp_path, key, value):  # noqa: F811
    with serve(ReplayRepo(HOSTILE, hostile_card(key, value))) as hub:
        paths = track(hub, project, HOSTILE)
        (result,) = run(hub, project).results
        requested = [r.path for r in hub.requests]
    assert result.status is RepoStatus.UPDATED
    assert any(f"{key} value {value!r} is not a Hub repository id" in note for note in result.notes)
    assert statuses(paths[HOSTILE])["license"] == "disclosed"
    assert not any("outside" in path or path.count("/resolve/") > 1 for path in requested)
    assert files_outside_archive(tmp_path) == []
    assert archived(project) == [f"huggingface.co/{HOSTILE}/{hub._get('model', HOSTILE).sha}/README.md"]


def test_a_commit_header_that_climbs_out_refuses_the_card_and_writes_nothing(project, tmp_path):  # noqa: F811
    with serve() as hub:
        paths = track(hub, project, FALCON)
        before = paths[FALCON].read_bytes()
        hub.inject("headers", path="falcon-7b/resolve", set={"X-Repo-Commit": "../../../../outside"}, times=10)
        (result,) = run(hub, project).results
    assert result.status is RepoStatus.REFUSED
    assert "X-Repo-Commit header '../../../../outside' is not a commit id" in result.message
    assert paths[FALCON].read_bytes() == before
    assert archived(project) == [] and files_outside_archive(tmp_path) == []


def test_a_base_models_hostile_commit_header_is_noted_and_nothing_inherited(project, tmp_path):  # noqa: F811
    fine_tune = ReplayRepo(HOSTILE, hostile_card("base_model", FALCON))
    with serve(fine_tune) as hub:
        paths = track(hub, project, HOSTILE)
        hub.inject("headers", path="falcon-7b/resolve", set={"X-Repo-Commit": "A" * 40}, times=10)
        (result,) = run(hub, project).results
    assert result.status is RepoStatus.UPDATED
    assert any("base model tiiuae/falcon-7b was not used" in note for note in result.notes)
    claims = card_of(paths[HOSTILE]).assessments[-1].indicators
    assert all(c.provenance.inherited_from is None for c in claims.values())
    assert [a for a in archived(project) if "falcon" in a] == [] and files_outside_archive(tmp_path) == []


@pytest.mark.parametrize(
    "repo_id", ["gpt2", "tiiuae/falcon-7b", "HuggingFaceTB/SmolLM2-135M-Instruct", "0xid/ppo_LunarLander-v2", "a" * 96]
)
def test_repository_ids_the_hub_allows_are_accepted(repo_id):
    assert is_repo_id(repo_id)


@pytest.mark.parametrize(
    "repo_id",
    [*CLIMBING, "", "a/", "/a", "-a/b", "a/b-", ".a/b", "a/b.", "a--b/c", "a/b..c", "a/b.git", "a" * 97, "a/b\n",
     "a/b c", "a\\b", "ünï/côde", "a/%2e%2e"],
)  # fmt: skip
def test_repository_ids_the_hub_forbids_are_refused(repo_id):
    assert not is_repo_id(repo_id)


@pytest.mark.parametrize("commit", ["0" * 39, "0" * 41, "A" * 40, "g" * 40, "main", "../" * 13 + "a", None])
def test_a_commit_is_exactly_forty_lowercase_hex_digits(commit):
    assert is_commit("0123456789abcdef" * 2 + "01234567")
    assert not is_commit(commit)


def test_an_archive_path_that_resolves_outside_the_archive_is_refused(tmp_path):
    archive, elsewhere = tmp_path / "archive", tmp_path / "elsewhere"
    archive.mkdir()
    elsewhere.mkdir()
    (archive / "huggingface.co").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(InvalidNameError, match="resolves outside"):
        archive_path(archive, FALCON, "0" * 40, dataset=False)


# -- finding 15: a card must be text ------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/plain; charset=utf-8", None])
def test_an_html_sign_in_page_served_as_a_card_is_refused_and_nothing_written(project, content_type):  # noqa: F811
    with serve() as hub:
        paths = track(hub, project, FALCON)
        before = paths[FALCON].read_bytes()
        options = {"content_type": content_type} if content_type else {}
        hub.inject("html", path="falcon-7b/resolve", times=10, **options)
        (result,) = run(hub, project).results
    assert result.status is RepoStatus.REFUSED
    assert "HTML page" in result.message or "Content-Type 'text/html'" in result.message
    assert paths[FALCON].read_bytes() == before
    assert archived(project) == []


@pytest.mark.parametrize("content_type", ["application/json", "image/png", "application/xhtml+xml"])
def test_a_card_served_as_anything_but_text_is_refused(project, content_type):  # noqa: F811
    with serve() as hub:
        track(hub, project, FALCON)
        hub.inject("headers", path="falcon-7b/resolve", set={"Content-Type": content_type}, times=10)
        (result,) = run(hub, project).results
    assert result.status is RepoStatus.REFUSED
    assert f"Content-Type {content_type!r}" in result.message


@pytest.mark.parametrize(
    "content_type", ["text/plain; charset=utf-8", "text/markdown", "application/octet-stream", "binary/octet-stream"]
)
def test_the_content_types_cards_are_served_with_are_accepted(project, content_type):  # noqa: F811
    with serve() as hub:
        paths = track(hub, project, FALCON)
        hub.inject("headers", path="falcon-7b/resolve", set={"Content-Type": content_type}, times=10)
        (result,) = run(hub, project).results
    assert result.status is RepoStatus.UPDATED
    assert statuses(paths[FALCON])["license"] == "disclosed"


# -- finding 7: bounded waits --------------------------------------------------------------------------------------


def test_a_retry_after_of_a_day_fails_that_card_at_once_and_the_others_are_collected(project):  # noqa: F811
    with serve() as hub:
        paths = track(hub, project, FALCON, PYTHIA)
        hub.inject("429", path="falcon-7b/resolve", seconds=86400)
        started = time.monotonic()
        results = {r.repo_id: r for r in run(hub, project).results}
    assert time.monotonic() - started < 20
    assert results[FALCON].status is RepoStatus.FAILED
    assert "asks to wait 86400 s, more than the 300 s" in results[FALCON].message
    assert results[PYTHIA].status is RepoStatus.UPDATED
    assert statuses(paths[PYTHIA])["license"] == "disclosed"


def test_no_wait_the_hub_asks_for_is_longer_than_the_cap(project):  # noqa: F811
    slept: list[float] = []
    with serve() as hub:
        track(hub, project, FALCON)
        run(hub, project)
        hub.inject("429", path="^/api/models$", seconds=86400, times=5)  # the listing of what changed
        hub.inject("429", path="falcon-7b/resolve", seconds=120)  # within the cap: waited, then retried
        hub.inject("headers", path="falcon-7b/resolve", set={"Retry-After": "86400"}, times=3)  # ignored on 200
        recording = HubClient(endpoint=hub.url, token=TOKEN, timeout=2.0, retries=3, backoff=0.01, sleep=slept.append)
        (result,) = collect_hub(project, client=recording, today=TODAY, force=False).results
    assert result.status in (RepoStatus.UPDATED, RepoStatus.UNCHANGED)
    assert any(119 < s <= 120 for s in slept)
    assert max(slept) <= MAX_WAIT


def test_a_card_trickled_a_byte_at_a_time_times_out_and_the_rest_of_the_run_finishes(project):  # noqa: F811
    with serve() as hub:
        paths = track(hub, project, FALCON, PYTHIA)
        hub.inject("trickle", path="falcon-7b/resolve", interval=0.2, times=10)
        slow = HubClient(endpoint=hub.url, token=TOKEN, timeout=2.0, retries=1, backoff=0.01, request_deadline=1.0)
        started = time.monotonic()
        results = {r.repo_id: r for r in collect_hub(project, client=slow, today=TODAY, workers=2).results}
    assert time.monotonic() - started < 10
    assert results[FALCON].status is RepoStatus.TIMED_OUT
    assert "timed out" in results[FALCON].message
    assert results[PYTHIA].status is RepoStatus.UPDATED
    assert "provenance" not in paths[FALCON].read_text()


def test_a_trickled_listing_is_given_up_and_the_change_still_found(project):  # noqa: F811
    with serve() as hub:
        paths = track(hub, project, FALCON)
        run(hub, project)
        card = hub._get("model", FALCON).card
        hub.set_card(FALCON, card.replace(b"license: apache-2.0", b"license: unknown"))
        hub.inject("trickle", path="^/api/models$", interval=0.2, times=10)
        slow = HubClient(endpoint=hub.url, token=TOKEN, timeout=2.0, retries=1, backoff=0.01, request_deadline=1.0)
        started = time.monotonic()
        collect_hub(project, client=slow, today=TODAY)
    assert time.monotonic() - started < 10
    assert statuses(paths[FALCON])["license"] == "not-disclosed"


def test_cards_still_arriving_at_the_runs_deadline_are_abandoned_and_fetched_next_run(project):  # noqa: F811
    with serve() as hub:
        paths = track(hub, project, FALCON, PYTHIA)
        hub.inject("trickle", path="falcon-7b/resolve", interval=1.0, times=10)
        started = time.monotonic()
        results = {r.repo_id: r for r in run(hub, project, run_deadline=2.0).results}
        assert time.monotonic() - started < 5
        assert results[FALCON].status is RepoStatus.TIMED_OUT
        assert "the run's deadline (2 s) passed" in results[FALCON].message
        assert results[PYTHIA].status is RepoStatus.UPDATED
        hub.clear_faults()
        again = {r.repo_id: r.status for r in run(hub, project).results}
    assert again[FALCON] is RepoStatus.UPDATED
    assert statuses(paths[FALCON])["license"] == "disclosed"


def test_a_refused_card_and_a_skipped_base_model_are_reported_and_the_command_exits_1(
    project,  # noqa: F811
    tmp_path,
    monkeypatch,
    capsys,
):
    with serve(ReplayRepo(HOSTILE, hostile_card("base_model", "../../../../outside"))) as hub:
        track(hub, project, FALCON, HOSTILE)
        use_replay_hub(monkeypatch, hub, tmp_path / "home")
        hub.inject("html", path="falcon-7b/resolve", times=10)
        code = main(["--root", str(project), "collect", "hf"])
    out = capsys.readouterr().out
    assert code == 1
    assert "refused    tiiuae/falcon-7b: the Hub answered with Content-Type 'text/html', not a card's text" in out
    assert f"updated    {HOSTILE}: " in out
    assert "base_model value '../../../../outside' is not a Hub repository id" in out


def test_the_command_ends_at_its_deadline_and_reports_the_card_still_arriving(project, tmp_path, monkeypatch, capsys):  # noqa: F811
    with serve() as hub:
        track(hub, project, FALCON, PYTHIA)
        use_replay_hub(monkeypatch, hub, tmp_path / "home")
        hub.inject("trickle", path="falcon-7b/resolve", interval=1.0, times=10)
        started = time.monotonic()
        code = main(["--root", str(project), "collect", "hf", "--deadline", "0.04"])  # 2.4 s
        assert time.monotonic() - started < 6
    out = capsys.readouterr().out
    assert code == 1
    assert "timed out  tiiuae/falcon-7b: timed out: the run's deadline (2 s) passed before its card arrived" in out
    assert f"updated    {PYTHIA}" in out


def test_a_base_card_that_times_out_leaves_the_fine_tune_as_it_was(project):  # noqa: F811
    with serve(ReplayRepo(HOSTILE, hostile_card("base_model", FALCON))) as hub:
        paths = track(hub, project, HOSTILE)
        run(hub, project)
        before = paths[HOSTILE].read_bytes()
        assert b"inherited_from: tiiuae/falcon-7b" in before
        hub.inject("trickle", path="falcon-7b/resolve", interval=0.2, times=10)
        slow = HubClient(endpoint=hub.url, token=TOKEN, timeout=2.0, retries=1, backoff=0.01, request_deadline=1.0)
        (result,) = collect_hub(project, client=slow, today=TODAY, force=True).results
    assert result.status is RepoStatus.TIMED_OUT
    assert result.message.startswith("the card of base model tiiuae/falcon-7b: ")
    assert paths[HOSTILE].read_bytes() == before  # the inherited claims were not dropped


def test_new_gives_up_on_trickled_metadata_with_a_clear_error(project):  # noqa: F811
    with serve() as hub:
        hub.inject("trickle", path="^/api/models/tiiuae/falcon-7b$", interval=0.2, times=10)
        slow = HubClient(endpoint=hub.url, token=TOKEN, timeout=2.0, retries=1, backoff=0.01, request_deadline=1.0)
        started = time.monotonic()
        with pytest.raises(CollectError, match=r"tiiuae/falcon-7b: the Hub did not answer \(.*timed out"):
            scaffold(project, FALCON, client=slow, today=TODAY)
    assert time.monotonic() - started < 10
    assert list((project / "scorecards").rglob("*.yaml")) == []


def test_a_slow_redirect_loop_is_given_up_at_the_requests_deadline(project):  # noqa: F811
    with serve() as hub:
        track(hub, project, FALCON)
        hub.inject("redirect", path="falcon-7b/resolve", seconds=0.4, times=100)
        slow = HubClient(endpoint=hub.url, token=TOKEN, timeout=2.0, retries=1, backoff=0.01, request_deadline=1.0)
        started = time.monotonic()
        (result,) = collect_hub(project, client=slow, today=TODAY).results
    assert time.monotonic() - started < 5
    assert result.status is RepoStatus.TIMED_OUT


def test_a_redirected_card_is_collected_and_the_token_stays_with_the_hub(project):  # noqa: F811
    with serve() as hub, serve() as storage:
        paths = track(hub, project, FALCON)
        target = f"{storage.url}/{FALCON}/resolve/main/README.md"
        hub.inject("redirect", path="falcon-7b/resolve", to=target)
        (result,) = run(hub, project).results
        sent = [r.headers for r in storage.requests]
    assert result.status is RepoStatus.UPDATED
    assert statuses(paths[FALCON])["license"] == "disclosed"
    assert len(sent) == 1 and "authorization" not in sent[0]


def test_a_gzipped_card_is_decoded_and_collected(project):  # noqa: F811
    with serve() as hub:
        paths = track(hub, project, FALCON)
        hub.inject("gzip", path="falcon-7b/resolve", times=10)
        (result,) = run(hub, project).results
    assert result.status is RepoStatus.UPDATED
    assert statuses(paths[FALCON])["license"] == "disclosed"


def test_a_gzip_bomb_served_as_a_card_is_cut_at_the_cap_while_decoding(project):  # noqa: F811
    import tracemalloc

    with serve() as hub:
        paths = track(hub, project, FALCON)
        before = paths[FALCON].read_bytes()
        hub.inject("gzip", path="falcon-7b/resolve", bomb=256 * 1024 * 1024, times=10)
        tracemalloc.start()
        (result,) = run(hub, project).results
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert result.status is RepoStatus.REFUSED and "larger than" in result.message
    assert peak < 64 * 1024 * 1024  # the 256 MiB body was never held
    assert paths[FALCON].read_bytes() == before


def test_stacked_encodings_on_a_card_are_refused(project):  # noqa: F811
    with serve() as hub:
        track(hub, project, FALCON)
        hub.inject("gzip", path="falcon-7b/resolve", layers=3, times=10)
        (result,) = run(hub, project).results
    assert result.status is RepoStatus.REFUSED
    assert "gzip" in result.message


# -- hostile card shapes: the rules read any card up to the 2 MB limit in linear time ---------------------------------

#: What a hostile card states beyond its front matter's licence: its repeated phrase says it (tests/hostile_cards.py).
STATED = {
    "rejected": {"out-of-scope-use"},
    "one-long-line": {"intended-use"},
    "table-rows": {"evaluation-results"},
    "headings": {"limitations"},
    "fences": {"training-data-sources"},
    "nested-lists": {"training-data-sources"},
    "emails": {"feedback-channel"},
}
#: About a second per shape when the rules are linear; the rules before issue 16 took from 10 s to minutes on 11 of
#: these shapes, rescanning the card per match or spending thousands of steps per character
#: (benchmarks/hostile_cards.py prints the figures).
HOSTILE_SIZE = 256 * 1024
HOSTILE_DEADLINE = 10.0
#: Shapes whose cost was per character, not per match: a costly pattern shows only at the card size limit.
AT_THE_LIMIT = {"trained-on", "trained-near-miss", "sentences", "released", "rejected"}


def _read(text: str, sender: Connection) -> None:
    try:
        card = parse_card(text.encode("utf-8"))
        sender.send((find_all(card), card.derived.get("dropped", [])))
    except Exception as exc:  # raised again in the test
        sender.send(exc)


def read_within(text: str, seconds: float) -> tuple[list[Finding], list[str]] | None:
    """The card's findings and the indicators whose quotes were dropped, or None when reading took longer than
    ``seconds``: the card is read in a child process, stopped at the deadline (a thread could not be, and a
    regular expression holds the interpreter until it ends)."""
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_read, args=(text, sender), daemon=True)
    child.start()
    sender.close()  # the child's end only: a child that dies is then seen at once
    result = receiver.recv() if receiver.poll(seconds) else None
    child.kill()
    child.join()
    if isinstance(result, Exception):
        raise result
    return result


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_hostile_card_is_read_in_linear_time_and_yields_only_what_it_states(shape):
    size = MAX_CARD_BYTES if shape in AT_THE_LIMIT else HOSTILE_SIZE
    read = read_within(card_of_shape(shape, size), HOSTILE_DEADLINE)
    assert read is not None, f"the rules took over {HOSTILE_DEADLINE:.0f} s on a {shape} card"
    findings, dropped = read
    assert {f.indicator_id for f in findings} == {"license", *STATED.get(shape, ())}
    assert dropped == []  # no quote the card does not hold
    assert all(0 < len(f.quote) <= MAX_QUOTE for f in findings)
