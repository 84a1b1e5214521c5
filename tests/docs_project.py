"""A small project that watches a fictional vendor's documents on a local :class:`VendorServer`."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from collector.docs.addresses import LOOPBACK_FOR_TESTS, TEST_LOOPBACK_VARIABLE
from collector.docs.fetch import Fetcher
from tests.conftest import FIXTURES, REPO
from tests.vendor_server import VendorServer

SITE = FIXTURES / "vendor" / "site"
SYSTEM_CARD = "/models/nova-2/system-card"
USAGE_POLICY = "/policies/usage-policy"
TECHNICAL_REPORT = "/research/nova-2-technical-report.pdf"
CONTACT = "https://scorecards.test/contact"

SCORECARD = """\
schema_version: 1
subject:
  id: nova-2
  name: Nova-2
  developer: Example Labs
  access: api-only
assessments:
  - rubric: transparency
    rubric_version: "2.0"
    date: 2026-11-01
    indicators:
      model-architecture:
        status: not-disclosed
        searched:
          - url: https://example.org/nova-2/system-card
            title: Nova 2 system card, read before any version was archived
        note: Checked by a person before any document was archived.
        provenance:
          source: person
          by: reviewer-one
"""


def allow_loopback_in_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line, run by this test (or a subprocess it starts), may fetch from the local vendor site."""
    monkeypatch.setenv(TEST_LOOPBACK_VARIABLE, "1")


def site_url(server: VendorServer, path: str) -> str:
    """A page of the local vendor site as a sources file names it: under ``.test``, not as 127.0.0.1.

    Sources files refuse non-public addresses; the tests' address policy (LOOPBACK_FOR_TESTS) resolves ``.test``
    names to 127.0.0.1, and the server answers whatever Host is asked for.
    """
    port = server.host.rpartition(":")[2]
    return f"http://docs.example-labs.test:{port}{path if path.startswith('/') else '/' + path}"


def sources_yaml(server: VendorServer, *, system_card_remove: str = "[]") -> str:
    return f"""\
developer: Example Labs
documents:
  - id: nova-2-system-card
    title: Nova-2 system card
    kind: system-card
    url: {site_url(server, SYSTEM_CARD)}
    select: ["article.doc-body"]
    remove: {system_card_remove}
    models: [nova-2]
  - id: usage-policy
    title: Usage policy
    kind: usage-policy
    url: {site_url(server, USAGE_POLICY)}
    select: ["main#content"]
  - id: nova-2-technical-report
    title: Nova-2 technical report
    kind: technical-report
    url: {site_url(server, TECHNICAL_REPORT)}
"""


def make_project(root: Path, server: VendorServer) -> Path:
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    (root / "scorecards" / "example-labs").mkdir(parents=True)
    (root / "scorecards" / "example-labs" / "nova-2.yaml").write_text(SCORECARD, encoding="utf-8")
    write_sources(root, server)
    return root


def write_sources(root: Path, server: VendorServer, **options: str) -> None:
    (root / "sources").mkdir(exist_ok=True)
    (root / "sources" / "example-labs.yaml").write_text(sources_yaml(server, **options), encoding="utf-8")


def fast_fetcher(**options: float) -> Fetcher:
    """The real fetcher with short delays, so that tests of politeness stay quick; the vendor site is on 127.0.0.1."""
    settings = {"min_delay": 0.01, "backoff": 0.01, "timeout": 2.0, "max_retry_after": 2.0, "max_retries": 2}
    settings.update(options)
    return Fetcher(
        user_agent=f"ScorecardsBot/test (+{CONTACT})",
        addresses=LOOPBACK_FOR_TESTS,
        **settings,  # type: ignore[arg-type]
    )


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the hash of its bytes: to prove that nothing changed."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def page(name: str) -> bytes:
    return (SITE / name).read_bytes()
