"""Talking to the Hugging Face Hub within its quotas, through huggingface_hub.

* What changed is learnt in bulk: the paginated model listing sorted by last
  modification (``expand`` sha and lastModified), read only as far back as the
  previous run (see :mod:`collector.hf.collect`).
* A card is downloaded with one GET of ``/{repo}/resolve/{sha}/README.md``
  (the library's own download does a HEAD first, doubling the requests).
* 429 answers pause every worker until the time the server names
  (``Retry-After`` or the ``RateLimit`` header's ``t=``); 5xx answers, timeouts,
  resets and truncated bodies are retried with exponential backoff.
* ``HF_ENDPOINT`` and ``HF_TOKEN`` are honoured as by every Hub tool, because the
  library reads them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import httpx2
from huggingface_hub import HfApi, constants, get_session, hf_raise_for_status
from huggingface_hub.errors import (
    EntryNotFoundError,
    GatedRepoError,
    HfHubHTTPError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import build_hf_headers, paginate  # type: ignore[attr-defined]  # exported lazily

T = TypeVar("T")
EXPAND = ["sha", "cardData", "gated", "private", "lastModified", "createdAt", "pipeline_tag", "tags", "siblings"]
MAX_CARD_BYTES = 2 * 1024 * 1024
_RATELIMIT_RESET = re.compile(r"\bt=(\d+)")


class FetchStatus(StrEnum):
    OK = "ok"
    GATED = "gated"
    NOT_FOUND = "not-found"
    NO_CARD = "no-card"
    FAILED = "failed"


@dataclass
class RepoInfo:
    repo_id: str
    sha: str | None
    gated: bool | str = False
    private: bool = False
    card_data: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    pipeline_tag: str | None = None
    created_at: str | None = None
    last_modified: dt.datetime | None = None


@dataclass
class CardFetch:
    status: FetchStatus
    content: bytes = b""
    sha: str | None = None
    message: str = ""


class TransientError(Exception):
    """A failure worth retrying: 5xx, 429, timeouts, resets, truncated or malformed bodies."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


class HubClient:
    """The collector's window on the Hub; thread-safe."""

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        token: str | bool | None = None,
        timeout: float = 20.0,
        retries: int = 5,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = (endpoint or constants.ENDPOINT).rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.api = HfApi(endpoint=self.endpoint, token=token)
        self._paused_until = 0.0
        self._pause_lock = threading.Lock()

    # ----------------------------------------------------------- metadata

    def recently_modified(self) -> Iterator[RepoInfo]:
        """Models, most recently modified first, page by page as the caller reads on.

        Uses the library's paginator with our timeout (``list_models`` has none, so a
        hanging server would hang the run).  A failure part-way cannot be resumed: it
        raises :class:`TransientError`, and the caller fetches what it cannot rule out.
        """
        params = [("sort", "lastModified"), ("expand", "sha"), ("expand", "lastModified")]
        headers = build_hf_headers(token=self.token)
        try:
            for item in paginate(f"{self.endpoint}/api/models", params, headers, timeout=self.timeout):
                yield RepoInfo(
                    repo_id=str(item.get("id")),
                    sha=item.get("sha"),
                    last_modified=_parse_time(item.get("lastModified")),
                )
        except (HfHubHTTPError, httpx2.HTTPError, json.JSONDecodeError) as exc:
            raise TransientError(f"listing recently modified models failed: {_short(exc)}") from None

    def repo_info(self, repo_id: str) -> RepoInfo | FetchStatus:
        """One repository's metadata, for repositories a namespace listing did not return."""
        try:
            model = self._with_retries(
                lambda: self.api.model_info(repo_id, expand=EXPAND),  # type: ignore[arg-type]
                f"model info of {repo_id}",
            )
        except GatedRepoError:
            return FetchStatus.GATED
        except RepositoryNotFoundError:
            return FetchStatus.NOT_FOUND
        return _repo_info(model)

    # --------------------------------------------------------------- cards

    def fetch_card(self, repo_id: str, revision: str = "main", *, dataset: bool = False) -> CardFetch:
        """The README of ``repo_id`` at ``revision`` with one GET; every outcome is a status, never an exception."""
        prefix = "datasets/" if dataset else ""
        url = f"{self.endpoint}/{prefix}{repo_id}/resolve/{revision}/README.md"
        try:
            return self._with_retries(lambda: self._get_card(url), f"card of {repo_id}")
        except GatedRepoError:
            return CardFetch(FetchStatus.GATED, message="gated: accept the conditions on the Hub and set HF_TOKEN")
        except (EntryNotFoundError, RevisionNotFoundError):
            return CardFetch(FetchStatus.NO_CARD, message="the repository has no README.md")
        except RepositoryNotFoundError:
            return CardFetch(FetchStatus.NOT_FOUND, message="no such repository (or it is private)")
        except (TransientError, HfHubHTTPError, httpx2.HTTPError) as exc:
            return CardFetch(FetchStatus.FAILED, message=_short(exc))

    def _get_card(self, url: str) -> CardFetch:
        self._wait_if_paused()
        try:
            headers = build_hf_headers(token=self.token)
            with get_session().stream(
                "GET", url, headers=headers, timeout=self.timeout, follow_redirects=True
            ) as response:
                self._check(response)
                content = _read_bounded(response)
                declared = response.headers.get("Content-Length")
                if declared is not None and declared.isdigit() and int(declared) != len(content):
                    raise TransientError(f"truncated body: {len(content)} of {declared} bytes")
                sha = response.headers.get("X-Repo-Commit")
        except httpx2.TimeoutException as exc:
            raise TransientError(f"timeout: {exc}") from None
        except httpx2.UnsupportedProtocol:
            raise  # a redirect to file: or ftp: is no passing fault: failed at once, never retried
        except (httpx2.TransportError, httpx2.DecodingError) as exc:
            raise TransientError(f"connection error: {_short(exc)}") from None
        return CardFetch(FetchStatus.OK, content, sha)

    def _check(self, response: httpx2.Response) -> None:
        if response.status_code == 429:
            wait = _retry_after(response)
            self._pause(wait)
            raise TransientError("rate limited (429)", wait)
        if response.status_code >= 500:
            raise TransientError(f"server error {response.status_code}")
        if response.status_code >= 400:
            response.read()
            hf_raise_for_status(response)

    # ------------------------------------------------------------ retrying

    def _with_retries(self, call: Callable[[], T], what: str) -> T:
        attempt = 0
        while True:
            self._wait_if_paused()
            try:
                return call()
            except (GatedRepoError, RepositoryNotFoundError, EntryNotFoundError, RevisionNotFoundError):
                raise
            except httpx2.UnsupportedProtocol:
                raise  # retrying cannot change where a redirect points
            except HfHubHTTPError as exc:
                status = exc.response.status_code if exc.response is not None else 0
                if status != 429 and status < 500:
                    raise
                wait = _retry_after(exc.response) if status == 429 and exc.response is not None else None
                if wait:
                    self._pause(wait)
                error: Exception = TransientError(f"{what}: HTTP {status}", wait)
            except (TransientError, httpx2.TransportError, json.JSONDecodeError) as exc:
                error = exc
            attempt += 1
            if attempt > self.retries:
                raise TransientError(f"{what}: gave up after {self.retries} retries ({_short(error)})")
            wait = getattr(error, "wait", None) or self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random())  # noqa: S311 (jitter)
            self.sleep(min(wait, 300.0))

    def _pause(self, seconds: float) -> None:
        with self._pause_lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def _wait_if_paused(self) -> None:
        remaining = self._paused_until - time.monotonic()
        if remaining > 0:
            self.sleep(remaining)


def _repo_info(model: Any) -> RepoInfo:
    card_data = model.card_data.to_dict() if getattr(model, "card_data", None) is not None else {}
    siblings = [s.rfilename for s in (getattr(model, "siblings", None) or [])]
    created = getattr(model, "created_at", None)
    modified = getattr(model, "last_modified", None)
    if modified is not None and modified.tzinfo is None:
        modified = modified.replace(tzinfo=dt.UTC)
    return RepoInfo(
        repo_id=model.id,
        sha=getattr(model, "sha", None),
        gated=getattr(model, "gated", False) or False,
        private=bool(getattr(model, "private", False)),
        card_data=card_data,
        files=siblings,
        pipeline_tag=getattr(model, "pipeline_tag", None),
        created_at=created.isoformat() if created is not None else None,
        last_modified=modified,
    )


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _read_bounded(response: httpx2.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_CARD_BYTES:
            raise TransientError(f"card larger than {MAX_CARD_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _retry_after(response: httpx2.Response | Any) -> float:
    """Seconds to wait, from Retry-After or the IETF RateLimit header's reset (t=)."""
    headers = getattr(response, "headers", {}) or {}
    value = headers.get("Retry-After")
    if value and value.strip().isdigit():
        return float(value.strip())
    match = _RATELIMIT_RESET.search(headers.get("RateLimit", "") or "")
    if match:
        return float(match.group(1))
    return 5.0


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
