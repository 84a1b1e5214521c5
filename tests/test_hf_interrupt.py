"""An interrupted collection (Ctrl-C, kill -9) leaves every scorecard valid, and a re-run finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from collector.dataset import load_dataset
from tests.hub_replay import HubReplayServer, fixture_repos
from tests.test_hf_collect import TODAY, card_of, client, project, track  # noqa: F401 (project is a fixture)

pytestmark = pytest.mark.slow
REPOS = ["tiiuae/falcon-7b", "EleutherAI/pythia-160m", "allenai/OLMo-2-1124-13B", "Qwen/Qwen2.5-0.5B-Instruct",
         "mistralai/Mistral-7B-v0.1", "HuggingFaceTB/SmolLM2-135M-Instruct"]  # fmt: skip


def start_collection(hub: HubReplayServer, root) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HF_ENDPOINT": hub.url, "HF_HUB_DISABLE_TELEMETRY": "1", "HF_TOKEN": ""}
    return subprocess.Popen([sys.executable, "-m", "collector", "--root", str(root), "collect", "hf", "--workers", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def wait_for_first_write(hub: HubReplayServer, process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if sum(1 for r in hub.requests if "/resolve/" in r.path and r.status == 200) >= 2:
            return
        time.sleep(0.05)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_run_leaves_every_file_valid_and_a_rerun_completes(project, how, pinned_today):  # noqa: F811
    with HubReplayServer(fixture_repos()) as hub:
        paths = track(hub, project, *REPOS)
        hub.inject("timeout", path="/resolve/", method="GET", times=100, seconds=0.4)
        process = start_collection(hub, project)
        wait_for_first_write(hub, process)
        process.send_signal(how)
        _, stderr = process.communicate(timeout=30)
        if how == signal.SIGINT:
            assert process.returncode == 130
            assert b"Traceback" not in stderr
            assert b"interrupted" in stderr
        assert load_dataset(project, today=TODAY).problems == []
        done = [p for p in paths.values() if "training" in p.read_text()]
        assert len(done) < len(REPOS)  # it really was interrupted part-way

        hub.clear_faults()
        rerun = start_collection(hub, project)
        out, err = rerun.communicate(timeout=60)
        assert rerun.returncode == 0, (out, err)
        assert load_dataset(project, today=TODAY).problems == []
        assert all("provenance" in p.read_text() for p in paths.values() if "Mistral" not in p.name)
        # the subprocess stamped the pinned date, not the machine's: one "today" for the whole program
        stamped = {e.retrieved for p in paths.values() for a in card_of(p).assessments
                   for c in a.indicators.values() for e in c.evidence}  # fmt: skip
        assert stamped == {TODAY}
