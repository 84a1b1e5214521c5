"""A local Hugging Face Hub that replays real card texts, for tests that run the real ``huggingface_hub`` client.

Start a :class:`HubReplayServer` (a context manager) on ``127.0.0.1`` with some :class:`ReplayRepo` objects, point the
client at ``server.url`` (``HfApi(endpoint=server.url)``, ``hf_hub_download(..., endpoint=server.url)``, or
:func:`use_replay_hub` for code that builds its own clients) and the client's own code paths run against it: the
``/api/models`` and ``/api/datasets`` listings with ``Link`` pagination, ``model_info``/``dataset_info``, and the
HEAD + GET of ``/{repo}/resolve/{revision}/README.md`` with the ``X-Repo-Commit``/``ETag`` headers the client needs.
Errors carry the ``X-Error-Code`` header the client maps to its exceptions. Faults can be injected per request
(:meth:`HubReplayServer.inject`) and every request is logged (:attr:`HubReplayServer.requests`).

:func:`fixture_repos` loads the real cards and API bodies shipped in ``tests/fixtures/hf`` (see its PROVENANCE.md).

What the server synthesizes (none of it was recorded from the Hub): commit shas, ETags, ``_id``, dates of repos
built from a card only, tags derived from the card metadata, download/like counts of 0, and all response headers.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import math
import re
import socket
import struct
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import yaml
from huggingface_hub.hf_api import ExpandDatasetProperty_T, ExpandModelProperty_T

from tests import hub_faults
from tests.local_server import LocalServer, TrackedHandler

if TYPE_CHECKING:
    import pytest

__all__ = [
    "FAULTS",
    "FIXTURES",
    "HubReplayServer",
    "ReplayRepo",
    "RequestRecord",
    "fixture_repos",
    "use_replay_hub",
]

FIXTURES = Path(__file__).parent / "fixtures" / "hf"

#: Fault names accepted by :meth:`HubReplayServer.inject`, with the options each one takes.
FAULTS: dict[str, frozenset[str]] = {
    "429": frozenset({"seconds"}),
    "500": frozenset(),
    "503": frozenset(),
    "timeout": frozenset({"seconds"}),
    "truncated": frozenset(),
    "malformed_json": frozenset(),
    "reset": frozenset({"hard"}),
    **hub_faults.OPTIONS,
}

_DEFAULT_DATE = "2024-01-01T00:00:00.000Z"
_DATE_SORTS = {"lastModified", "createdAt"}
# Same front-matter pattern as huggingface_hub.repocard.REGEX_YAML_BLOCK.
_YAML_BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
_REPO_ID = r"[^/]+(?:/[^/]+)?"
_INFO_PATH = re.compile(rf"^/api/(models|datasets)/({_REPO_ID})(?:/revision/([^/]+))?/?$")
_LIST_PATH = re.compile(r"^/api/(models|datasets)/?$")
_RESOLVE_PATH = re.compile(rf"^/(?:(datasets)/)?({_REPO_ID})/resolve/([^/]+)/(.+)$")
_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
_KIND_OF_SEGMENT = {"models": "model", "datasets": "dataset"}
_EXPANDABLE = {
    "model": frozenset(get_args(ExpandModelProperty_T)),
    "dataset": frozenset(get_args(ExpandDatasetProperty_T)),
}
# Fields of a list item when no `expand` is given (approximately what the Hub returns).
_LIST_FIELDS = {
    "model": ("_id", "id", "likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag", "library_name",
              "createdAt", "modelId"),
    "dataset": ("_id", "id", "author", "sha", "lastModified", "private", "gated", "disabled", "tags", "downloads",
                "likes", "createdAt"),
}  # fmt: skip


@dataclass(frozen=True)
class ReplayRepo:
    """One Hub repository as the replay server serves it.

    ``info`` holds extra API fields (for instance a recorded ``/api/models/...`` body); they are merged over the
    synthesized item, except for the fields the server owns: ``id``, ``modelId``, ``sha``, ``private``, ``gated``,
    the presence of ``README.md`` in ``siblings``, and ``cardData`` when ``card`` is not None (it is parsed from the
    card then, so that a changed card changes it).
    """

    repo_id: str
    card: bytes | None  # README.md bytes; None = the repo has no README (EntryNotFound)
    kind: str = "model"  # or "dataset"
    gated: bool | str = False  # False | "auto" | "manual"
    private: bool = False
    info: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("model", "dataset"):
            raise ValueError(f"kind must be 'model' or 'dataset', not {self.kind!r}")
        if self.gated not in (False, "auto", "manual"):
            raise ValueError(f"gated must be False, 'auto' or 'manual', not {self.gated!r}")

    @property
    def sha(self) -> str:
        """Commit sha: 40 hex digits derived from the repo id and the card bytes (a changed card changes it)."""
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(f"{self.kind}:{self.repo_id}\0".encode())
        digest.update(b"\0no-readme" if self.card is None else b"\1" + self.card)
        return digest.hexdigest()

    @property
    def card_data(self) -> dict[str, Any] | None:
        """The card's YAML front matter as the Hub's ``cardData`` (JSON types: dates become strings).

        None when the card has no front matter, or when it is not valid YAML or not a mapping.
        """
        if self.card is None:
            return None
        parsed = _front_matter_json(self.card)
        return None if parsed is None else dict(json.loads(parsed))

    @classmethod
    def from_file(cls, repo_id: str, path: Path, **kw: Any) -> ReplayRepo:
        """A repo whose README.md is the bytes of ``path``; ``kw`` are the other fields."""
        return cls(repo_id, path.read_bytes(), **kw)

    def api_item(self) -> dict[str, Any]:
        """The full API item (as ``GET /api/models/{repo_id}`` returns it)."""
        card_data = self.card_data
        info = dict(self.info or {})
        meta = card_data or (info.get("cardData") if isinstance(info.get("cardData"), dict) else None) or {}
        item: dict[str, Any] = {
            "_id": hashlib.sha1(self.repo_id.encode(), usedforsecurity=False).hexdigest()[:24],
            "id": self.repo_id,
        }
        if "/" in self.repo_id:
            item["author"] = self.repo_id.split("/", 1)[0]
        item.update(
            sha=self.sha,
            lastModified=_DEFAULT_DATE,
            createdAt=_DEFAULT_DATE,
            private=self.private,
            gated=self.gated,
            disabled=False,
            downloads=0,
            likes=0,
            tags=_derive_tags(meta, self.kind),
        )
        if self.kind == "model":
            item.update(
                modelId=self.repo_id,
                pipeline_tag=meta.get("pipeline_tag") if isinstance(meta.get("pipeline_tag"), str) else None,
                library_name=meta.get("library_name") if isinstance(meta.get("library_name"), str) else None,
            )
        files = [".gitattributes", "README.md"]
        item["siblings"] = [{"rfilename": name} for name in files]
        item.update(info)
        if self.card is not None:
            item.pop("cardData", None)
            if card_data is not None:
                item["cardData"] = card_data
        siblings = [s for s in item.get("siblings") or [] if s.get("rfilename") != "README.md"]
        if self.card is not None:
            siblings.append({"rfilename": "README.md"})
            siblings.sort(key=lambda s: str(s.get("rfilename")))
        item["siblings"] = siblings
        item.update(id=self.repo_id, sha=self.sha, private=self.private, gated=self.gated)
        if self.kind == "model":
            item["modelId"] = self.repo_id
        return item


@functools.lru_cache(maxsize=1024)
def _front_matter_json(card: bytes) -> str | None:
    """The front matter of a card as a JSON object text, or None (parsed once per card: listings ask often)."""
    match = _YAML_BLOCK.search(card.decode("utf-8", errors="replace"))
    if match is None:
        return None
    try:
        data = yaml.safe_load(match.group(2))
    except yaml.YAMLError:
        return None
    return json.dumps(data, ensure_ascii=False, default=str) if isinstance(data, dict) else None


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    return []


def _derive_tags(meta: Mapping[str, Any], kind: str) -> list[str]:
    """Tags roughly as the Hub derives them from card metadata (the Hub also adds tags from the files)."""
    tags: list[str] = []
    if kind == "model":
        tags += _as_list(meta.get("library_name")) + _as_list(meta.get("tags")) + _as_list(meta.get("pipeline_tag"))
        tags += [f"dataset:{d}" for d in _as_list(meta.get("datasets"))]
        tags += _as_list(meta.get("language"))
        tags += [f"base_model:{b}" for b in _as_list(meta.get("base_model"))]
    else:
        for key in ("task_categories", "task_ids", "language", "multilinguality", "size_categories", "source_datasets"):
            tags += [f"{key}:{v}" for v in _as_list(meta.get(key))]
        tags += _as_list(meta.get("tags"))
    tags += [f"license:{lic}" for lic in _as_list(meta.get("license"))]
    tags.append("region:us")
    return list(dict.fromkeys(tags))


@dataclass
class RequestRecord:
    """One request the server received. ``status`` is None while it is being answered or when none was sent."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int | None = None
    fault: str | None = None  # the injected fault that answered it, if any
    headers: dict[str, str] = field(default_factory=dict)  # request headers, lower-case names


@dataclass
class _Fault:
    name: str
    path: re.Pattern[str]
    method: str | None
    times: int
    options: dict[str, Any]


@dataclass
class _Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _json_response(status: int, payload: Any, **headers: str) -> _Response:
    body = json.dumps(payload, ensure_ascii=False, default=str).encode()
    return _Response(status, body, {"Content-Type": "application/json; charset=utf-8", **headers})


def _error(status: int, code: str | None, message: str, **headers: str) -> _Response:
    extra = {"X-Error-Message": message, **headers}
    if code is not None:
        extra["X-Error-Code"] = code
    return _json_response(status, {"error": message}, **extra)


_Repos = Mapping[str, ReplayRepo] | Callable[[str], ReplayRepo | None]


class HubReplayServer(LocalServer):
    """A threaded HTTP server on 127.0.0.1 that answers like the Hugging Face Hub for the given repos.

    ``repos`` is a mapping (its values are served; listings follow its order) or a function from repo id to
    ``ReplayRepo | None`` for lazily loaded corpora (listings are then empty). ``token`` is a token with access to
    everything (private and gated repos); ``guest_token`` is a valid token without access to gated or private repos
    (gated files answer 403); any other bearer token answers 401 "Invalid credentials in Authorization header".
    ``quota`` API calls are allowed per ``window`` seconds (the Hub's anonymous quota is 500 per 300 s); beyond it
    ``/api/`` answers 429 like the Hub. Use it as a context manager, or call :meth:`start` and :meth:`close`.
    """

    def __init__(
        self,
        repos: _Repos,
        *,
        page_size: int = 100,
        token: str = "hf_test_token",
        guest_token: str = "hf_guest_token",
        quota: int = 500,
        window: int = 300,
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self._lookup: Callable[[str], ReplayRepo | None] | None = None
        self._repos: dict[tuple[str, str], ReplayRepo] = {}
        if isinstance(repos, Mapping):
            for repo in repos.values():
                self._repos[(repo.kind, repo.repo_id)] = repo
        else:
            self._lookup = repos
        self._history: dict[tuple[str, str], dict[str, ReplayRepo]] = {}
        self.page_size = page_size
        self.token = token
        self.guest_token = guest_token
        self.quota = quota
        self.window = window
        super().__init__(_Handler, "hub-replay")
        self._log: list[RequestRecord] = []
        self._faults: list[_Fault] = []
        self._window_start: float | None = None
        self._window_used = 0

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``, the endpoint to give the Hub client (set by :meth:`start`)."""
        return self.base_url

    # -- test controls ---------------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._log)

    def count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        """How many requests had this method (any if None) and a path starting with ``path_prefix``."""
        return sum(
            1
            for r in self.requests
            if (method is None or r.method == method.upper())
            and (path_prefix is None or r.path.startswith(path_prefix))
        )

    def inject(
        self, fault: str, *, path: str = ".*", method: str | None = None, times: int = 1, **options: Any
    ) -> None:
        """Answer the next ``times`` requests that match with ``fault``. On the wire:

        - ``"429"``: status 429, ``Retry-After: <seconds>`` (option, default 1) and ``RateLimit: "api";r=0;t=<seconds>``
          (``"resolvers"`` outside ``/api/``). The client sleeps ``seconds + 1`` before a retry.
        - ``"500"``, ``"503"``: that status with a JSON ``{"error": ...}`` body like the Hub's.
        - ``"timeout"``: waits ``seconds`` (option, default 3) before answering normally; ``close()`` cuts the wait.
        - ``"truncated"``: the normal status and headers with the full ``Content-Length``, half the body, then the
          connection is closed. Applies only to answers with a body (never HEAD).
        - ``"malformed_json"``: the normal status and headers, but only the first half of the JSON body (consistent
          ``Content-Length``), so the body is not JSON. Applies only to ``/api/`` paths.
        - ``"reset"``: no answer; the connection is closed with a TCP RST (the client sees ECONNRESET), or with
          ``hard=False`` an orderly FIN (the client sees "Server disconnected without sending a response").
        - ``"headers"``, ``"trickle"``, ``"redirect"``, ``"html"``, ``"gzip"``: hostile answers, see
          :mod:`tests.hub_faults`.

        ``path`` is a regular expression searched in the request path (without the query string); ``method``
        restricts to one HTTP method. Faults are tried in injection order; the first that matches and applies answers
        the request and uses up one of its ``times``. A fault that does not apply to a request is not used up.
        """
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {sorted(FAULTS)}")
        unknown = set(options) - FAULTS[fault]
        if unknown:
            raise ValueError(f"fault {fault!r} takes no option(s) {sorted(unknown)}")
        if times < 1:
            raise ValueError("times must be at least 1")
        entry = _Fault(fault, re.compile(path), method.upper() if method else None, times, dict(options))
        with self._lock:
            self._faults.append(entry)

    def clear_faults(self) -> None:
        """Forget every fault not yet consumed."""
        with self._lock:
            self._faults.clear()

    def set_card(self, repo_id: str, card: bytes | None, *, kind: str = "model") -> ReplayRepo:
        """Replace a repo's README (None removes it), as an upstream commit would: new sha, new ``lastModified``.

        The previous version stays reachable by its sha (``revision=<old sha>``), as on the Hub.
        """
        with self._lock:
            old = self._get_locked(kind, repo_id)
            if old is None:
                raise KeyError(f"no {kind} {repo_id!r} on this server")
            history = self._history.setdefault((kind, repo_id), {})
            history[old.sha] = old
            # the Hub's own clock stamps lastModified; a pinned "today" does not move a server's clock
            now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            new = replace(old, card=card, info={**(old.info or {}), "lastModified": now})
            self._repos[(kind, repo_id)] = new
            history[new.sha] = new
            return new

    # -- lookups ---------------------------------------------------------------------------------------------------

    def _get_locked(self, kind: str, repo_id: str) -> ReplayRepo | None:
        repo = self._repos.get((kind, repo_id))
        if repo is None and self._lookup is not None:
            found = self._lookup(repo_id)
            if found is not None and found.kind == kind and found.repo_id == repo_id:
                self._repos[(kind, repo_id)] = repo = found
        return repo

    def _get(self, kind: str, repo_id: str) -> ReplayRepo | None:
        with self._lock:
            return self._get_locked(kind, repo_id)

    def _at_revision(self, repo: ReplayRepo, revision: str) -> ReplayRepo | None:
        if revision in ("main", repo.sha):
            return repo
        with self._lock:
            return self._history.get((repo.kind, repo.repo_id), {}).get(revision)

    def _listed(self, kind: str) -> list[ReplayRepo]:
        with self._lock:
            return [r for (k, _), r in self._repos.items() if k == kind] if self._lookup is None else []

    # -- request handling ------------------------------------------------------------------------------------------

    def _take_fault(self, method: str, path: str, has_body: bool) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method is not None and fault.method != method:
                    continue
                if not fault.path.search(path):
                    continue
                if fault.name in ("truncated", "trickle") and (method == "HEAD" or not has_body):
                    continue
                if fault.name == "malformed_json" and not path.startswith("/api/"):
                    continue
                fault.times -= 1
                if fault.times == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _ratelimit(self) -> tuple[int, int, bool]:
        """Count one API call: (remaining, seconds to window reset, over quota)."""
        now = time.monotonic()
        with self._lock:
            if self._window_start is None or now - self._window_start >= self.window:
                self._window_start, self._window_used = now, 0
            self._window_used += 1
            reset = max(math.ceil(self._window_start + self.window - now), 1)
            return max(self.quota - self._window_used, 0), reset, self._window_used > self.quota

    def _access(self, headers: Mapping[str, str]) -> str | None:
        """'full', 'guest', None (anonymous); raises _InvalidToken for an unknown token."""
        auth = headers.get("authorization")
        if auth is None:
            return None
        scheme, _, value = auth.partition(" ")
        value = value.strip()
        if scheme.lower() == "bearer" and value == self.token:
            return "full"
        if scheme.lower() == "bearer" and value == self.guest_token:
            return "guest"
        raise _InvalidTokenError

    def _route(self, method: str, path: str, query: dict[str, list[str]], headers: Mapping[str, str]) -> _Response:
        try:
            access = self._access(headers)
        except _InvalidTokenError:
            return _error(401, None, "Invalid credentials in Authorization header")
        if method not in ("GET", "HEAD"):
            return _error(405, None, f"Method {method} is not supported by the replay server")
        if m := _LIST_PATH.match(path):
            return self._list(_KIND_OF_SEGMENT[m.group(1)], query, access)
        if m := _INFO_PATH.match(path):
            kind = _KIND_OF_SEGMENT[m.group(1)]
            revision = unquote(m.group(3)) if m.group(3) else None
            return self._info(kind, unquote(m.group(2)), revision, query, access)
        if m := _RESOLVE_PATH.match(path):
            kind = "dataset" if m.group(1) else "model"
            return self._resolve(kind, unquote(m.group(2)), unquote(m.group(3)), unquote(m.group(4)), headers, access)
        return _error(404, None, "Sorry, we can't find the page you are looking for.")

    def _find(self, kind: str, repo_id: str, access: str | None) -> ReplayRepo | _Response:
        repo = self._get(kind, repo_id)
        if repo is None or (repo.private and access != "full"):
            # The Hub does not confirm that a repo exists to anonymous callers: 401 for them, 404 otherwise.
            return _error(401 if access is None else 404, "RepoNotFound", "Repository not found")
        return repo

    def _info(
        self, kind: str, repo_id: str, revision: str | None, query: dict[str, list[str]], access: str | None
    ) -> _Response:
        found = self._find(kind, repo_id, access)
        if isinstance(found, _Response):
            return found
        repo = self._at_revision(found, revision or "main")
        if repo is None:
            return _error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        expand = query.get("expand", [])
        bad = [e for e in expand if e not in _EXPANDABLE[kind]]
        if bad:
            return _error(400, None, f'"expand" must be one of {sorted(_EXPANDABLE[kind])}, got {bad}')
        item = repo.api_item()
        if expand:
            item = {k: v for k, v in item.items() if k in ("_id", "id", *expand)}
        return _json_response(200, item)

    def _list(self, kind: str, query: dict[str, list[str]], access: str | None) -> _Response:
        expand = query.get("expand", [])
        bad = [e for e in expand if e not in _EXPANDABLE[kind]]
        if bad:
            return _error(400, None, f'"expand" must be one of {sorted(_EXPANDABLE[kind])}, got {bad}')
        author, search, gated = _first(query, "author"), _first(query, "search"), _first(query, "gated")
        filters = query.get("filter", [])
        items: list[dict[str, Any]] = []
        for repo in self._listed(kind):
            if repo.private and access != "full":
                continue
            if author is not None and repo.repo_id.split("/", 1)[0].lower() != author.lower():
                continue
            if search is not None and search.lower() not in repo.repo_id.lower():
                continue
            if gated is not None and (repo.gated is not False) != (gated.lower() == "true"):
                continue
            item = repo.api_item()
            if any(f not in item.get("tags", []) for f in filters):
                continue
            items.append(item)
        sort = _first(query, "sort")
        if sort is not None:  # the Hub sorts descending: newest, most downloaded or most liked first
            items.sort(
                key=lambda item: str(item.get(sort) or "") if sort in _DATE_SORTS else item.get(sort) or 0, reverse=True
            )
        if expand:
            items = [{k: v for k, v in item.items() if k in ("_id", "id", *expand)} for item in items]
        elif "full" not in query:
            wanted = _LIST_FIELDS[kind] + (("cardData",) if "cardData" in query else ())
            items = [{k: v for k, v in item.items() if k in wanted} for item in items]
        limit_text = _first(query, "limit")
        limit = int(limit_text) if limit_text and limit_text.isdigit() else self.page_size
        size = max(1, min(limit, self.page_size))
        offset = _decode_cursor(_first(query, "cursor") or "")
        page = items[offset : offset + size]
        headers: dict[str, str] = {}
        if offset + size < len(items):
            rest = [(k, v) for k, values in query.items() if k != "cursor" for v in values]
            rest.append(("cursor", _encode_cursor(offset + size)))
            headers["Link"] = f'<{self.url}/api/{kind}s?{urlencode(rest)}>; rel="next"'
        return _json_response(200, page, **headers)

    def _resolve(
        self, kind: str, repo_id: str, revision: str, filename: str, headers: Mapping[str, str], access: str | None
    ) -> _Response:
        found = self._find(kind, repo_id, access)
        if isinstance(found, _Response):
            return found
        if found.gated and access != "full":
            what = f"{kind} {repo_id}"
            if access is None:
                message = (
                    f"Access to {what} is restricted. You must have access to it and be authenticated to access it. "
                    "Please log in."
                )
                return _error(401, "GatedRepo", message)
            message = (
                f"Access to {what} is restricted and you are not in the authorized list. "
                f"Visit https://huggingface.co/{'datasets/' if kind == 'dataset' else ''}{repo_id} to ask for access."
            )
            return _error(403, "GatedRepo", message)
        repo = self._at_revision(found, revision)
        if repo is None:
            return _error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        if filename != "README.md" or repo.card is None:
            return _error(
                404, "EntryNotFound", f'{filename} does not exist on "{revision}"', **{"X-Repo-Commit": repo.sha}
            )
        body = repo.card
        base = {
            "Content-Type": "text/markdown; charset=utf-8",
            "X-Repo-Commit": repo.sha,
            "ETag": f'"{hashlib.sha256(body).hexdigest()}"',
            "Accept-Ranges": "bytes",
        }
        wanted = _parse_range(headers.get("range"), len(body))
        if wanted is None:
            return _Response(200, body, base)
        if wanted == (-1, -1):
            return _Response(416, b"", {**base, "Content-Range": f"bytes */{len(body)}"})
        start, end = wanted
        return _Response(206, body[start : end + 1], {**base, "Content-Range": f"bytes {start}-{end}/{len(body)}"})


class _InvalidTokenError(Exception):
    pass


def _first(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    if not cursor:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return max(int(data["offset"]), 0)
    except (ValueError, KeyError, TypeError):
        return 0


def _parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end) inclusive for a single byte range; None to ignore it; (-1, -1) when unsatisfiable."""
    if header is None:
        return None
    match = _RANGE.match(header)
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return (-1, -1)
    return (start, end)


class _Handler(TrackedHandler):
    server_version = "HubReplay/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr: the request log is :attr:`HubReplayServer.requests`."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        replay = self.server.owner
        split = urlsplit(self.path)
        path, query = split.path, parse_qs(split.query, keep_blank_values=True)
        headers = {k.lower(): v for k, v in self.headers.items()}
        length = int(headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        record = RequestRecord(method, path, query, headers=headers)
        with replay._lock:
            replay._log.append(record)
            number = len(replay._log)

        response = replay._route(method, path, query, headers)
        fault = replay._take_fault(method, path, has_body=bool(response.body))
        record.fault = fault.name if fault else None
        is_api = path.startswith("/api/")
        if is_api:
            remaining, reset, over = replay._ratelimit()
            if over and fault is None:
                response = _error(429, None, "You have exceeded our rate limit", **{"Retry-After": str(reset)})
        if fault is not None and fault.name == "reset":
            self._reset(hard=bool(fault.options.get("hard", True)))
            return
        if fault is not None and fault.name == "timeout":
            replay._stopping.wait(float(fault.options.get("seconds", 3)))
            if replay._stopping.is_set():
                self._reset()
                return
            response = replay._route(method, path, query, headers)  # answer what is there after the wait
        if fault is not None and fault.name == "429":
            seconds = int(fault.options.get("seconds", 1))
            response = _error(429, None, "You have exceeded our rate limit", **{"Retry-After": str(seconds)})
            remaining, reset = 0, seconds
            if not is_api:  # the Hub counts file downloads in a separate "resolvers" bucket
                response.headers["RateLimit"] = f'"resolvers";r=0;t={seconds}'
        elif fault is not None and fault.name in ("500", "503"):
            message = "Internal Error - We're working hard to fix this as soon as possible!"
            response = _error(int(fault.name), None, message if fault.name == "500" else "Service Unavailable")
        elif fault is not None and fault.name == "malformed_json":
            response.body = response.body[: max(len(response.body) // 2, 1)] or b"{"
        elif fault is not None and fault.name == "html":
            response = _Response(200, hub_faults.SIGN_IN_PAGE, hub_faults.html_headers(fault.options))
        elif fault is not None and fault.name == "redirect":
            if replay._stopping.wait(float(fault.options.get("seconds", 0))):
                self._reset()
                return
            response = _Response(302, b"", {"Location": str(fault.options.get("to", path))})
        elif fault is not None and fault.name == "gzip":
            response.body, response.headers["Content-Encoding"] = hub_faults.gzipped(response.body, fault.options)
        elif fault is not None and fault.name == "headers":
            response.headers.update({str(k): str(v) for k, v in dict(fault.options.get("set", {})).items()})
        if is_api:
            response.headers["RateLimit"] = f'"api";r={remaining};t={reset}'
            response.headers["RateLimit-Policy"] = f'"fixed window";"api";q={replay.quota};w={replay.window}'
        truncated = fault is not None and fault.name == "truncated"
        response.headers["X-Request-Id"] = f"Root=1-replay-{number}"
        interval = float(fault.options.get("interval", 1.0)) if fault is not None and fault.name == "trickle" else None
        self._send(method, response, record, truncated=truncated, trickle=interval)

    def _send(
        self, method: str, response: _Response, record: RequestRecord, *, truncated: bool, trickle: float | None = None
    ) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if truncated:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        record.status = response.status
        if method == "HEAD":
            return
        if truncated:
            self.wfile.write(response.body[: len(response.body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if trickle is not None:
            hub_faults.trickle(self.wfile, response.body, trickle, self.server.owner._stopping)
            return
        self.wfile.write(response.body)

    def _reset(self, *, hard: bool = True) -> None:
        """Close the connection without answering: a TCP reset (RST), or an orderly close (FIN) if not ``hard``."""
        self.close_connection = True
        try:
            if hard:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
            self.connection.close()
        except OSError:
            pass


# -- shipped fixtures --------------------------------------------------------------------------------------------------

# file in tests/fixtures/hf/cards/<kind>s/ -> (Hub repo id, gated, date of the GitHub copy: used as lastModified)
_MODEL_CARDS: dict[str, tuple[str, bool | str, str]] = {
    "meta-llama__Llama-3.1-8B-Instruct.md": ("meta-llama/Llama-3.1-8B-Instruct", "manual", "2025-04-18"),
    "meta-llama__Llama-3.2-1B-Instruct.md": ("meta-llama/Llama-3.2-1B-Instruct", "manual", "2025-01-08"),
    "meta-llama__Llama-3.3-70B-Instruct__github_MODEL_CARD.md": (
        "meta-llama/Llama-3.3-70B-Instruct", "manual", "2025-02-12"),
    "google__gemma-2b-sfp-cpp.md": ("google/gemma-2b-sfp-cpp", "manual", "2025-04-15"),
    "allenai__OLMo-2-1124-13B.md": ("allenai/OLMo-2-1124-13B", False, "2025-11-02"),
    "Qwen__Qwen2.5-0.5B-Instruct.md": ("Qwen/Qwen2.5-0.5B-Instruct", False, "2025-08-05"),
    "mistralai__Mistral-7B-v0.1.md": ("mistralai/Mistral-7B-v0.1", False, "2024-01-18"),
    "EleutherAI__pythia-160m.md": ("EleutherAI/pythia-160m", False, "2023-05-02"),
    "HuggingFaceTB__SmolLM2-135M-Instruct.md": ("HuggingFaceTB/SmolLM2-135M-Instruct", False, "2025-07-31"),
    "tiiuae__falcon-7b.md": ("tiiuae/falcon-7b", False, "2024-02-01"),
    "Abdulkader__autotrain-medical-reports-summarizer-2484176581.md": (
        "Abdulkader/autotrain-medical-reports-summarizer-2484176581", False, "2023-04-25"),
    "0xid__ppo-LunarLander-v2.md": ("0xid/ppo-LunarLander-v2", False, "2023-04-25"),
    "BeIR__sparta-msmarco-distilbert-base-v1.md": ("BeIR/sparta-msmarco-distilbert-base-v1", False, "2023-05-02"),
    "MiriUll__distilbert-german-text-complexity.md": (
        "MiriUll/distilbert-german-text-complexity", False, "2023-05-02"),
    "Mraleksa__fine-tune-distilbert-exitru.md": ("Mraleksa/fine-tune-distilbert-exitru", False, "2023-05-02"),
}  # fmt: skip
_DATASET_CARDS: dict[str, tuple[str, bool | str, str]] = {
    "EleutherAI__the_pile.md": ("EleutherAI/the_pile", False, "2022-07-01"),
    "c4.md": ("allenai/c4", False, "2022-07-01"),
    "bookcorpus.md": ("bookcorpus/bookcorpus", False, "2022-09-30"),
    "wikitext.md": ("Salesforce/wikitext", False, "2022-07-01"),
    "openai__gsm8k.md": ("openai/gsm8k", False, "2025-07-28"),
    "AI-MO__aimo-validation-aime.md": ("AI-MO/aimo-validation-aime", False, "2025-07-28"),
}
_RECORDED_API = {
    "api_models_google-bert_bert-base-uncased.json": "model",
    "api_datasets_LanguageShades_BiasShades.json": "dataset",
}


def fixture_repos(root: Path = FIXTURES) -> dict[str, ReplayRepo]:
    """The shipped real fixtures as repos, keyed by Hub repo id (models first, then datasets, in a stable order).

    Cards become README.md files; the two recorded API bodies (``google-bert/bert-base-uncased``,
    ``LanguageShades/BiasShades``) become ``info`` of repos without a README (their README texts were not recorded).
    """
    repos: dict[str, ReplayRepo] = {}
    for kind, table in (("model", _MODEL_CARDS), ("dataset", _DATASET_CARDS)):
        for name, (repo_id, gated, day) in table.items():
            date = f"{day}T00:00:00.000Z"
            info = {"lastModified": date, "createdAt": date}
            repos[repo_id] = ReplayRepo.from_file(
                repo_id, root / "cards" / f"{kind}s" / name, kind=kind, gated=gated, info=info
            )
    for name, kind in _RECORDED_API.items():
        body = json.loads((root / "api" / name).read_text(encoding="utf-8"))
        repo_id = body["id"]
        repos[repo_id] = ReplayRepo(
            repo_id, None, kind=kind, gated=body.get("gated", False), private=body.get("private", False), info=body
        )
    return repos


def use_replay_hub(monkeypatch: pytest.MonkeyPatch, server: HubReplayServer, home: Path) -> None:
    """Point every default of the already imported ``huggingface_hub`` at ``server`` and isolate it in ``home``.

    ``HF_ENDPOINT``, ``HF_HUB_OFFLINE`` and the token are read by the client at import time, so setting environment
    variables in a test is not enough: this patches ``huggingface_hub.constants`` (endpoint and URL template, offline
    mode off, telemetry off, cache and token file under ``home``) and the environment (for subprocesses), and removes
    ``HF_TOKEN`` so a developer's own token is never sent. Code that calls ``HfApi()`` or ``hf_hub_download()``
    without an ``endpoint`` then talks to the server.
    """
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "ENDPOINT", server.url)
    monkeypatch.setattr(
        constants, "HUGGINGFACE_CO_URL_TEMPLATE", server.url + "/{repo_id}/resolve/{revision}/{filename}"
    )
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.setattr(constants, "HF_HUB_ETAG_TIMEOUT", constants.DEFAULT_ETAG_TIMEOUT)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(home / "hub"))
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(home / "token"))
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(name, raising=False)
