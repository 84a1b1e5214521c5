"""The GitHub automation in .github/: linted, audited and schema-checked offline, and held to its safety rules.

The linters are test dependencies (pyproject.toml): actionlint (with shellcheck on every ``run:`` script),
zizmor (the GitHub Actions security auditor, ``--offline``) and check-jsonschema (its vendored schemas).
Each must report nothing; the tests below them state the rules the workflows were written to, so that a
change that breaks one fails here with the rule's name rather than in a pull request from a fork.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from collector.cli import _parser
from tests.conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted([*(GITHUB / "workflows").glob("*.yml"), *(GITHUB / "workflows").glob("*.yaml")])
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
FULL_SHA = re.compile(r"[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")

# The only jobs that may write, and what they may write. Everything else reads.
WRITERS = {
    ("collect.yml", "publish"): {"contents", "pull-requests"},
    ("collect-sharded.yml", "publish"): {"contents", "pull-requests"},
    ("deploy.yml", "deploy"): {"pages", "id-token"},
}
# Contexts whose values come from outside the script (an event, a person, another job): they reach a
# `run:` script only through `env:` and a quoted variable, never as interpolated text.
UNTRUSTED_IN_RUN = re.compile(
    r"\$\{\{[^}]*?\b(github\.event|github\.head_ref|inputs\.|matrix\.|needs\.|steps\.|secrets\.|vars\.)"
)


def tool(name: str) -> str:
    """A linter from this virtualenv (next to this Python), else from PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run pip install -e '.[test]'")
    return found


def run(*command: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def output(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> set[str]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return set(on)
    assert isinstance(on, dict)
    return set(on)


def steps(workflow: dict[Any, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def actionlint(*files: Path | str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    shellcheck = tool("shellcheck")  # actionlint runs it on every run: script
    # -pyflakes= : there are no Python scripts in run: blocks.
    return run(tool("actionlint"), "-shellcheck", shellcheck, "-pyflakes=", "-no-color", *map(str, files), cwd=cwd)


def zizmor(target: Path | str, *options: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return run(
        tool("zizmor"), "--offline", "--no-progress", "--color=never", "--format=json", *options, str(target), cwd=cwd
    )


def test_the_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"checks.yml", "collect.yml", "collect-sharded.yml", "deploy.yml"}


# --- the linters ------------------------------------------------------------------------------------------


def test_actionlint_finds_nothing():
    result = actionlint(*(p.relative_to(REPO) for p in WORKFLOWS))
    assert result.returncode == 0 and not result.stdout.strip(), output(result)


def test_zizmor_finds_nothing():
    result = zizmor(".github/")
    findings = json.loads(result.stdout or "[]")
    assert result.returncode == 0 and findings == [], output(result)


def test_secrets_are_read_only_through_environments_even_for_the_auditor_persona():
    result = zizmor(".github/", "--persona", "auditor", "--min-severity", "medium")
    findings = json.loads(result.stdout or "[]")
    assert result.returncode == 0 and findings == [], output(result)


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("custom.github-workflows-require-timeout", WORKFLOWS),
        ("vendor.github-issue-forms", ISSUE_FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ],
    ids=["workflows", "workflow-timeouts", "issue-forms", "issue-config", "dependabot"],
)
def test_check_jsonschema_accepts(schema, files):
    assert files, f"no files for {schema}"
    result = run(tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files))
    assert result.returncode == 0, output(result)


def test_the_issue_forms_are_the_three_promised():
    assert {p.name for p in ISSUE_FORMS} == {"add-model.yml", "report-inaccuracy.yml", "rubric-change.yml"}
    assert load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")["blank_issues_enabled"] is False


def test_the_inaccuracy_form_asks_for_the_evidence():
    ids = {item.get("id") for item in load(GITHUB / "ISSUE_TEMPLATE" / "report-inaccuracy.yml")["body"]}
    assert {"model", "indicator", "problem", "url", "quote"} <= ids


BAD_WORKFLOW = """\
name: bad
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


@pytest.mark.parametrize("linter", ["actionlint", "zizmor"])
def test_the_linters_do_catch_an_unsafe_workflow(tmp_path, linter):
    """The zero-findings tests above mean something only if the linters look: an injection must be caught."""
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    if linter == "actionlint":
        result = actionlint(".github/workflows/bad.yml", cwd=tmp_path)
        assert result.returncode != 0 and "github.event.pull_request.title" in result.stdout, output(result)
    else:
        result = zizmor(".github/workflows/bad.yml", cwd=tmp_path)
        audits = {finding["ident"] for finding in json.loads(result.stdout)}
        assert {"template-injection", "unpinned-uses"} <= audits, output(result)


# --- the rules --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(path):
    text = path.read_text(encoding="utf-8")
    lines = re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", text, re.MULTILINE)
    parsed = [step["uses"] for _, step in steps(load(path)) if "uses" in step]
    parsed += [job["uses"] for job in load(path)["jobs"].values() if "uses" in job]
    assert sorted(ref for ref, _ in lines) == sorted(parsed), "a `uses:` the line scan missed"
    for ref, rest in lines:
        if ref.startswith("./"):
            continue  # an action in this repository: pinned by the commit itself
        action, _, version = ref.partition("@")
        assert FULL_SHA.fullmatch(version), f"{ref}: pin {action} to a full 40-hex commit SHA"
        assert VERSION_COMMENT.search(rest), f"{ref}: add the release it is, as `# vX.Y.Z`"


def test_an_action_is_pinned_to_the_same_commit_everywhere():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for ref, comment in re.findall(r"uses:\s*([^\s@]+@[0-9a-f]{40})\s*(#.*)?$", path.read_text(), re.MULTILINE):
            action, sha = ref.split("@")
            repository = "/".join(action.split("/")[:2])  # actions/cache/restore and /save share a release
            pins.setdefault(repository, set()).add(f"{sha} {comment.strip()}")
    assert pins
    assert {repository: shas for repository, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_untrusted_code_with_privileges(path):
    assert not {"pull_request_target", "workflow_run"} & triggers(load(path))
    code = "\n".join(line.split(" #")[0] for line in path.read_text(encoding="utf-8").splitlines())
    assert "pull_request_target" not in code


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_run_scripts_interpolate_no_outside_input(path):
    for job_id, step in steps(load(path)):
        script = step.get("run", "")
        found = UNTRUSTED_IN_RUN.search(script)
        assert found is None, (
            f"{path.name}, job {job_id}: `{found and found.group(0)}` in a run: script; pass it through env: "
            "and use the quoted variable"
        )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_read_only_except_where_a_job_must_write(path):
    workflow = load(path)
    top = workflow.get("permissions")
    assert isinstance(top, dict), f"{path.name}: set top-level `permissions:` (read-only)"
    assert set(top.values()) <= {"read", "none"}, f"{path.name}: top-level permissions must only read"
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{path.name}, job {job_id}: declare the job's own permissions"
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes <= WRITERS.get((path.name, job_id), set()), f"{path.name}, job {job_id} writes {writes}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_jobs_have_timeouts_and_checkouts_keep_no_credentials(path):
    workflow = load(path)
    for job_id, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name}, job {job_id}: set timeout-minutes"
    for job_id, step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}, job {job_id}"


def test_pull_request_checks_are_safe_for_forks_and_cancel_superseded_runs():
    checks = load(GITHUB / "workflows" / "checks.yml")
    assert triggers(checks) == {"pull_request", "push"}
    assert checks["concurrency"]["cancel-in-progress"] is True
    assert {"validate", "build", "tests", "evidence"} <= set(checks["jobs"])


def test_the_collection_opens_one_pull_request_with_only_data():
    for name in ("collect.yml", "collect-sharded.yml"):
        workflow = load(GITHUB / "workflows" / name)
        (step,) = [s for _, s in steps(workflow) if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
        assert step["with"]["branch"] == "${{ env.BRANCH }}" and workflow["env"]["BRANCH"] == "collect/weekly"
        assert step["with"]["add-paths"].split() == ["scorecards/**", "archive/**"]
        assert step["with"]["token"] == "${{ secrets.COLLECT_TOKEN || github.token }}"
        assert workflow["concurrency"] == {"group": "collect", "cancel-in-progress": False}
    assert "schedule" in triggers(load(GITHUB / "workflows" / "collect.yml"))
    assert triggers(load(GITHUB / "workflows" / "collect-sharded.yml")) == {"workflow_dispatch"}


def test_deploy_uses_the_pages_actions_with_write_access_only_in_the_deploy_job():
    deploy = load(GITHUB / "workflows" / "deploy.yml")
    job = deploy["jobs"]["deploy"]
    assert job["environment"]["name"] == "github-pages"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    used = {step["uses"].split("@")[0] for _, step in steps(deploy) if "uses" in step}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used


# --- the commands the workflows call exist ----------------------------------------------------------------


def scorecards_commands() -> Iterator[tuple[str, list[str]]]:
    for path in WORKFLOWS:
        for _, step in steps(load(path)):
            script = step.get("run", "").replace("\\\n", " ")
            for raw in script.splitlines():
                line = raw.strip()
                if line.startswith("scorecards "):
                    yield f"{path.name}: {line}", shlex.split(line.split(" > ")[0])[1:]


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_the_workflows_call_scorecards_commands_and_options_that_exist():
    commands = list(scorecards_commands())
    assert len(commands) >= 6
    for where, words in commands:
        parser, path = _parser(), []
        while words and words[0] in _choices(parser):
            parser = _choices(parser)[words[0]]
            path.append(words.pop(0))
        assert path and not _choices(parser), f"{where}: not a complete command"
        known = {option for action in parser._actions for option in action.option_strings}
        unknown = [word.split("=")[0] for word in words if word.startswith("--") and word != "--"]
        assert set(unknown) <= known, f"{where}: unknown options {set(unknown) - known}"


# --- pre-commit and the editor ----------------------------------------------------------------------------


def test_the_pre_commit_files_are_valid():
    pre_commit = tool("pre-commit")
    for command in ("validate-config", "validate-manifest"):
        target = ".pre-commit-config.yaml" if command == "validate-config" else ".pre-commit-hooks.yaml"
        result = run(pre_commit, command, target)
        assert result.returncode == 0, output(result)
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "scorecards-validate" and hook["language"] == "python" and hook["pass_filenames"]
    assert re.search(hook["files"], "scorecards/meta/llama.yaml") and re.search(hook["files"], "rubrics/x/1.0.yaml")
    assert not re.search(hook["files"], "sources/meta.yaml")


def test_the_editor_settings_map_every_schema_to_its_files():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {Path(schema).name for schema in settings["yaml.schemas"]}
    assert mapped == {p.name for p in (REPO / "schema").glob("*.schema.json")}
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file(), schema
