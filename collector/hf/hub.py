"""Talking to the Hugging Face Hub within its quotas, and within bounded time.

* What changed is learnt in bulk: the paginated model listing sorted by last
  modification (``expand`` sha and lastModified), read only as far back as the
  previous run (see :mod:`collector.hf.collect`).
* A card is downloaded with one GET of ``/{repo}/resolve/{sha}/README.md``
  (the library's own download does a HEAD first, doubling the requests).
* 429 answers pause every worker until the time the server names
  (``Retry-After`` or the ``RateLimit`` header's ``t=``), up to :data:`MAX_WAIT`;
  a longer wait is not made: that request fails at once, "run again later".
  5xx answers, timeouts, resets and truncated bodies are retried with
  exponential backoff.
* Every request has a deadline over its whole body (:data:`REQUEST_DEADLINE`),
  not only between two reads, so a body trickled a byte at a time is given up;
  a caller may pass a run's deadline, past which nothing is requested or awaited.
* What the Hub answers is checked before use: a card must be text (an HTML page
  is refused), ``X-Repo-Commit`` must be a commit id, repository ids must follow
  the Hub's naming rules (:mod:`collector.hf.names`).
* ``HF_ENDPOINT`` and ``HF_TOKEN`` are honoured as by every Hub tool, because the
  library reads them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx2
from huggingface_hub import constants, get_session, hf_raise_for_status
from huggingface_hub.errors import (
    EntryNotFoundError,
    GatedRepoError,
    HfHubHTTPError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.hf_api import ModelInfo
from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]  # exported lazily

from collector.decoding import ACCEPT_ENCODING
from collector.hf.answers import (
    FetchStatus,
    FinalError,
    TimedOutError,
    TransientError,
    read_bounded,
    refuse_if_html,
    refuse_unless_text,
    retry_after,
    short,
)
from collector.hf.names import is_commit, is_repo_id, shown

__all__ = ["CardFetch", "FetchStatus", "FinalError", "HubClient", "RepoInfo", "TimedOutError", "TransientError"]

T = TypeVar("T")
EXPAND = ["sha", "cardData", "gated", "private", "lastModified", "createdAt", "pipeline_tag", "tags", "siblings"]
MAX_CARD_BYTES = 2 * 1024 * 1024
MAX_PAGE_BYTES = 16 * 1024 * 1024  # a listing page or a repository's metadata
MAX_ERROR_BYTES = 64 * 1024
MAX_WAIT = 300.0  # the longest any Retry-After, RateLimit reset or backoff is waited
REQUEST_DEADLINE = 60.0  # one request, from its start to the last byte of its body
MAX_REDIRECTS = 5


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


class HubClient:
    """The collector's window on the Hub; thread-safe.

    ``deadline`` arguments are :func:`time.monotonic` instants (a run's end): nothing is requested, retried or
    awaited past them, and a request in progress is given up when it reaches them.
    """

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        token: str | bool | None = None,
        timeout: float = 20.0,
        retries: int = 5,
        backoff: float = 1.0,
        request_deadline: float = REQUEST_DEADLINE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = (endpoint or constants.ENDPOINT).rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.request_deadline = request_deadline
        self.sleep = sleep
        self._paused_until = 0.0
        self._pause_lock = threading.Lock()

    # ----------------------------------------------------------- metadata

    def recently_modified(self, deadline: float | None = None) -> Iterator[RepoInfo]:
        """Models, most recently modified first, page by page as the caller reads on.

        A failure part-way cannot be resumed: it raises :class:`TransientError`, and the caller fetches what it
        cannot rule out.  Each page is bounded in size and time; a next page off the endpoint is not followed.
        """
        url: str | None = f"{self.endpoint}/api/models"
        params: list[tuple[str, str]] | None = [("sort", "lastModified"), ("expand", "sha"), ("expand", "lastModified")]
        while url is not None:
            try:
                call = functools.partial(self._get_json, url, params, deadline)
                page, url = self._with_retries(call, "listing recently modified models", deadline)
            except (FinalError, HfHubHTTPError) as exc:
                raise TransientError(f"listing recently modified models failed: {short(exc)}") from None
            params = None  # the next link carries them
            if not isinstance(page, list):
                raise TransientError("listing recently modified models failed: a page is not a list")
            for item in page:
                if isinstance(item, dict):
                    sha = item.get("sha")
                    yield RepoInfo(str(item.get("id")), sha if is_commit(sha) else None,
                                   last_modified=_parse_time(item.get("lastModified")))  # fmt: skip

    def repo_info(self, repo_id: str, deadline: float | None = None) -> RepoInfo | FetchStatus:
        """One repository's metadata, for repositories a namespace listing did not return."""
        if not is_repo_id(repo_id):
            return FetchStatus.REFUSED
        url = f"{self.endpoint}/api/models/{repo_id}"
        try:
            data, _ = self._with_retries(
                lambda: self._get_json(url, [("expand", e) for e in EXPAND], deadline), f"model info of {repo_id}",
                deadline,
            )  # fmt: skip
        except GatedRepoError:
            return FetchStatus.GATED
        except RepositoryNotFoundError:
            return FetchStatus.NOT_FOUND
        if not isinstance(data, dict):
            raise TransientError(f"model info of {repo_id}: the answer is not a JSON object")
        return _repo_info(ModelInfo(**data))  # type: ignore[no-untyped-call]  # as HfApi.model_info builds it

    # --------------------------------------------------------------- cards

    def fetch_card(
        self, repo_id: str, revision: str = "main", *, dataset: bool = False, deadline: float | None = None
    ) -> CardFetch:
        """The README of ``repo_id`` at ``revision`` with one GET; every outcome is a status, never an exception."""
        if not is_repo_id(repo_id):
            return CardFetch(FetchStatus.REFUSED, message=f"{shown(repo_id)} is not a Hub repository id")
        if revision != "main" and not is_commit(revision):
            return CardFetch(FetchStatus.REFUSED, message=f"revision {shown(revision)} is not a commit id")
        prefix = "datasets/" if dataset else ""
        url = f"{self.endpoint}/{prefix}{repo_id}/resolve/{revision}/README.md"
        try:
            return self._with_retries(lambda: self._get_card(url, deadline), f"card of {repo_id}", deadline)
        except GatedRepoError:
            return CardFetch(FetchStatus.GATED, message="gated: accept the conditions on the Hub and set HF_TOKEN")
        except (EntryNotFoundError, RevisionNotFoundError):
            return CardFetch(FetchStatus.NO_CARD, message="the repository has no README.md")
        except RepositoryNotFoundError:
            return CardFetch(FetchStatus.NOT_FOUND, message="no such repository (or it is private)")
        except FinalError as exc:
            return CardFetch(exc.status, message=str(exc))
        except TimedOutError as exc:
            return CardFetch(FetchStatus.TIMED_OUT, message=short(exc))
        except (TransientError, HfHubHTTPError, httpx2.HTTPError) as exc:
            return CardFetch(FetchStatus.FAILED, message=short(exc))

    def _get_card(self, url: str, deadline: float | None) -> CardFetch:
        with self._open(url, None, deadline) as (response, end):
            refuse_unless_text(response.headers.get("Content-Type"))
            content = read_bounded(response, MAX_CARD_BYTES, end, "the card")
            declared = response.headers.get("Content-Length")
            encoded = response.headers.get("Content-Encoding", "identity").strip().lower() != "identity"
            if declared is not None and declared.isdigit() and not encoded and int(declared) != len(content):
                raise TransientError(f"truncated body: {len(content)} of {declared} bytes")
            refuse_if_html(content)
            sha = response.headers.get("X-Repo-Commit")
            if sha is not None and not is_commit(sha):
                raise FinalError(
                    FetchStatus.REFUSED,
                    f"the X-Repo-Commit header {shown(sha)} is not a commit id (40 lowercase hexadecimal digits); "
                    "nothing was collected",
                )
        return CardFetch(FetchStatus.OK, content, sha)

    def _get_json(
        self, url: str, params: Sequence[tuple[str, str]] | None, deadline: float | None
    ) -> tuple[Any, str | None]:
        """A JSON body and the next page's URL (only one on this endpoint)."""
        with self._open(url, params, deadline) as (response, end):
            body = read_bounded(response, MAX_PAGE_BYTES, end, "the answer")
            following = response.links.get("next", {}).get("url")
        try:
            data = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise TransientError(f"malformed JSON: {exc}") from None
        if following is not None and _origin(following) != _origin(self.endpoint):
            raise FinalError(FetchStatus.REFUSED, f"the next page {shown(following)} is not on {self.endpoint}")
        return data, following

    @contextmanager
    def _open(
        self, url: str, params: Sequence[tuple[str, str]] | None, deadline: float | None
    ) -> Iterator[tuple[httpx2.Response, float]]:
        """A streamed GET whose status is checked; yields the response and the instant its body must be read by.

        Redirects are followed here, not by the library, so that the deadline covers the whole chain; the token
        goes to the endpoint's own origin only (a large file redirects to a storage host).
        """
        end = time.monotonic() + self.request_deadline
        if deadline is not None:
            end = min(end, deadline)
        for _ in range(MAX_REDIRECTS + 1):
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise TimedOutError("timed out: the deadline passed before the answer came")
            own = _origin(url) == _origin(self.endpoint)
            # only the encodings read_bounded undoes, with its cap (httpx would decode br or zstd unbounded)
            headers = {**build_hf_headers(token=self.token if own else False), "Accept-Encoding": ACCEPT_ENCODING}
            try:
                with get_session().stream(
                    "GET", url, params=list(params or []), headers=headers, timeout=min(self.timeout, remaining),
                    follow_redirects=False,
                ) as response:  # fmt: skip
                    location = response.headers.get("Location") if response.is_redirect else None
                    if location is None:
                        self._check(response, end)
                        yield response, end
                        return
                    url, params = urljoin(str(response.url), location), None
            except httpx2.TimeoutException as exc:
                raise TimedOutError(f"timed out: {exc}") from None
            except (httpx2.TransportError, httpx2.DecodingError) as exc:
                raise TransientError(f"connection error: {short(exc)}") from None
            if _origin(url)[0] not in ("http", "https"):
                raise FinalError(FetchStatus.REFUSED, f"a redirect to {shown(url)}: only http(s) is followed")
        raise TransientError(f"more than {MAX_REDIRECTS} redirects")

    def _check(self, response: httpx2.Response, end: float) -> None:
        if response.status_code == 429:
            wait = retry_after(response)
            if wait > MAX_WAIT:
                raise FinalError(
                    FetchStatus.FAILED,
                    f"rate limited: the Hub asks to wait {wait:.0f} s, more than the {MAX_WAIT:.0f} s this "
                    "collector waits; run again later",
                )
            self._pause(wait)
            raise TransientError("rate limited (429)", wait)
        if response.status_code >= 500:
            raise TransientError(f"server error {response.status_code}")
        if response.status_code >= 400:
            body = read_bounded(response, MAX_ERROR_BYTES, end, "the error", cut=True)
            kept = {
                k: v for k, v in response.headers.items() if k.lower() not in ("content-encoding", "content-length")
            }
            hf_raise_for_status(
                httpx2.Response(response.status_code, headers=kept, content=body, request=response.request)
            )

    # ------------------------------------------------------------ retrying

    def _with_retries(self, call: Callable[[], T], what: str, deadline: float | None) -> T:
        attempt = 0
        while True:
            self._wait_if_paused(what, deadline)
            try:
                return call()
            except (GatedRepoError, RepositoryNotFoundError, EntryNotFoundError, RevisionNotFoundError, FinalError):
                raise
            except HfHubHTTPError as exc:
                status = exc.response.status_code if exc.response is not None else 0
                if status < 500:
                    raise
                error: Exception = TransientError(f"{what}: HTTP {status}")
            except (TransientError, httpx2.TransportError) as exc:
                error = exc
            attempt += 1
            if attempt > self.retries:
                kind = TimedOutError if isinstance(error, TimedOutError) else TransientError
                raise kind(f"{what}: gave up after {self.retries} retries ({short(error)})")
            if getattr(error, "wait", None) is None:  # a 429 paused every worker instead
                backoff = self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random())  # noqa: S311 (jitter)
                try:
                    self._sleep_within(min(backoff, MAX_WAIT), what, deadline)
                except TimedOutError as exc:  # say why it was waiting: the Hub refused, reset, answered 5xx...
                    raise TimedOutError(f"{exc} (the last attempt: {short(error)})") from None

    def _pause(self, seconds: float) -> None:
        with self._pause_lock:
            self._paused_until = max(self._paused_until, time.monotonic() + min(seconds, MAX_WAIT))

    def _wait_if_paused(self, what: str, deadline: float | None) -> None:
        remaining = min(self._paused_until - time.monotonic(), MAX_WAIT)
        if remaining > 0:
            self._sleep_within(remaining, what, deadline)

    def _sleep_within(self, seconds: float, what: str, deadline: float | None) -> None:
        if deadline is not None and time.monotonic() + seconds > deadline:
            raise TimedOutError(f"{what}: timed out: waiting {seconds:.0f} s more would pass the run's deadline")
        self.sleep(seconds)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _repo_info(model: Any) -> RepoInfo:
    card_data = model.card_data.to_dict() if getattr(model, "card_data", None) is not None else {}
    siblings = [s.rfilename for s in (getattr(model, "siblings", None) or [])]
    created = getattr(model, "created_at", None)
    modified = getattr(model, "last_modified", None)
    if modified is not None and modified.tzinfo is None:
        modified = modified.replace(tzinfo=dt.UTC)
    sha = getattr(model, "sha", None)
    return RepoInfo(
        repo_id=model.id,
        sha=sha if is_commit(sha) else None,
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
