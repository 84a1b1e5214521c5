"""The Hub replay server, exercised with the real huggingface_hub client (no mocks of the client).

These tests also pin the client behaviours the collector relies on (huggingface_hub 2.4.0): which calls retry, which
errors map to which exceptions. A failure here after a client upgrade means the collector's assumptions moved too.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import httpx2
import pytest
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import (
    BadRequestError,
    EntryNotFoundError,
    GatedRepoError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils._http import parse_ratelimit_headers  # the parser the client uses on 429s

from tests.hub_faults import SIGN_IN_PAGE
from tests.hub_replay import FIXTURES, HubReplayServer, ReplayRepo, fixture_repos, use_replay_hub

TOKEN = "hf_test_token"
SHARED = Path("/work/shared/data/hf")


@pytest.fixture
def repos() -> dict[str, ReplayRepo]:
    return fixture_repos()


@pytest.fixture
def hub(repos: dict[str, ReplayRepo], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[HubReplayServer]:
    with HubReplayServer(repos, page_size=2) as server:
        use_replay_hub(monkeypatch, server, tmp_path / "hf-home")
        yield server


@pytest.fixture
def api(hub: HubReplayServer) -> HfApi:
    return HfApi(endpoint=hub.url, token=False)


def download(
    hub: HubReplayServer,
    cache: Path,
    repo_id: str,
    *,
    repo_type: str | None = None,
    revision: str | None = None,
    token: bool | str = False,
    etag_timeout: float = 10,
) -> Path:
    """The real hf_hub_download of a README.md from the replay server (anonymous unless a token is given)."""
    path = hf_hub_download(
        repo_id,
        "README.md",
        repo_type=repo_type,
        revision=revision,
        endpoint=hub.url,
        cache_dir=cache,
        token=token,
        etag_timeout=etag_timeout,
    )
    return Path(path)


# -- fixtures ------------------------------------------------------------------------------------------------------


def test_fixtures_are_attributed_and_load() -> None:
    provenance = (FIXTURES / "PROVENANCE.md").read_text(encoding="utf-8")
    files = [*FIXTURES.glob("cards/models/*.md"), *FIXTURES.glob("cards/datasets/*.md"), *FIXTURES.glob("api/*.json")]
    assert len(files) == 23
    for path in files:
        assert path.name in provenance, path
    repos = fixture_repos()
    assert len(repos) == 23
    assert {r.kind for r in repos.values()} == {"model", "dataset"}
    gated = {r.repo_id: r.gated for r in repos.values() if r.gated}
    assert gated == {
        "meta-llama/Llama-3.1-8B-Instruct": "manual",
        "meta-llama/Llama-3.2-1B-Instruct": "manual",
        "meta-llama/Llama-3.3-70B-Instruct": "manual",
        "google/gemma-2b-sfp-cpp": "manual",
        "LanguageShades/BiasShades": "auto",
    }
    assert repos["google-bert/bert-base-uncased"].card is None


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared data not mounted")
def test_fixtures_are_byte_exact_copies() -> None:
    for copy in [
        *FIXTURES.glob("cards/models/*.md"),
        *FIXTURES.glob("cards/datasets/*.md"),
        *FIXTURES.glob("api/*.json"),
    ]:
        original = SHARED / copy.relative_to(FIXTURES)
        assert copy.read_bytes() == original.read_bytes(), copy


def test_sha_is_deterministic_and_follows_the_card() -> None:
    a = ReplayRepo("org/a", b"card")
    assert re.fullmatch(r"[0-9a-f]{40}", a.sha)
    assert a.sha == ReplayRepo("org/a", b"card").sha
    assert a.sha != ReplayRepo("org/a", b"card!").sha
    assert a.sha != ReplayRepo("org/b", b"card").sha
    assert a.sha != ReplayRepo("org/a", None).sha


# -- listings ------------------------------------------------------------------------------------------------------


def test_list_models_paginates_and_expands(hub: HubReplayServer, api: HfApi, repos: dict[str, ReplayRepo]) -> None:
    models = list(api.list_models(author="meta-llama", expand=["sha", "cardData", "gated"]))

    assert [m.id for m in models] == [
        "meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.2-1B-Instruct",
        "meta-llama/Llama-3.3-70B-Instruct",
    ]
    for m in models:
        assert m.sha == repos[m.id].sha
        assert m.gated == "manual"
        assert m.downloads is None  # not expanded: only the fields asked for come back, as on the Hub
    assert models[0].card_data is not None
    assert models[0].card_data.license == "llama3.1"
    assert "extra_gated_fields" in models[0].card_data
    assert models[2].card_data is None  # the GitHub copy of the Llama 3.3 card has no front matter
    pages = [r for r in hub.requests if r.path == "/api/models"]
    assert len(pages) == 2  # page_size=2: the client followed the Link header once
    assert "cursor" not in pages[0].query
    assert pages[1].query["author"] == ["meta-llama"]
    assert pages[1].query["expand"] == ["sha", "cardData", "gated"]


def test_list_models_defaults_search_and_limit(hub: HubReplayServer, api: HfApi) -> None:
    everything = list(api.list_models())
    assert len(everything) == 16
    assert hub.count("GET", "/api/models") == 8
    qwen = next(m for m in everything if m.id == "Qwen/Qwen2.5-0.5B-Instruct")
    assert qwen.pipeline_tag == "text-generation"
    assert "license:apache-2.0" in (qwen.tags or [])
    assert qwen.sha is None  # the default list item has no sha, as on the Hub

    assert [m.id for m in api.list_models(search="DistilBERT")] == [
        "BeIR/sparta-msmarco-distilbert-base-v1",
        "MiriUll/distilbert-german-text-complexity",
        "Mraleksa/fine-tune-distilbert-exitru",
    ]
    assert len(list(api.list_models(limit=3))) == 3
    assert {m.id for m in api.list_models(gated=True)} == {
        "meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.2-1B-Instruct",
        "meta-llama/Llama-3.3-70B-Instruct",
        "google/gemma-2b-sfp-cpp",
    }


def test_list_datasets(api: HfApi, repos: dict[str, ReplayRepo]) -> None:
    datasets = list(api.list_datasets(expand=["sha", "cardData", "gated"]))
    assert len(datasets) == 7
    by_id = {d.id: d for d in datasets}
    assert by_id["allenai/c4"].sha == repos["allenai/c4"].sha
    assert by_id["LanguageShades/BiasShades"].gated == "auto"
    assert by_id["openai/gsm8k"].card_data is not None
    assert by_id["openai/gsm8k"].card_data.license == ["mit"]
    assert [d.id for d in api.list_datasets(author="allenai")] == ["allenai/c4"]


# -- info ----------------------------------------------------------------------------------------------------------


def test_model_info_from_a_card(api: HfApi, repos: dict[str, ReplayRepo]) -> None:
    info = api.model_info("HuggingFaceTB/SmolLM2-135M-Instruct")
    assert info.sha == repos["HuggingFaceTB/SmolLM2-135M-Instruct"].sha
    assert info.author == "HuggingFaceTB"
    assert info.library_name == "transformers"
    assert info.pipeline_tag == "text-generation"
    assert info.card_data is not None
    assert info.card_data.base_model == ["HuggingFaceTB/SmolLM2-135M"]
    assert [s.rfilename for s in info.siblings or []] == [".gitattributes", "README.md"]
    assert info.last_modified is not None
    assert info.last_modified.isoformat().startswith("2025-07-31")
    assert info.gated is False
    assert info.private is False


def test_model_info_from_the_recorded_api_body(api: HfApi, repos: dict[str, ReplayRepo]) -> None:
    info = api.model_info("google-bert/bert-base-uncased")
    recorded = json.loads((FIXTURES / "api" / "api_models_google-bert_bert-base-uncased.json").read_text())
    assert info.downloads == recorded["downloads"]
    assert info.card_data is not None
    assert info.card_data.datasets == ["bookcorpus", "wikipedia"]
    assert info.safetensors is not None
    assert info.safetensors.total == 110106428
    assert info.sha == repos["google-bert/bert-base-uncased"].sha  # server-owned, not the recorded one
    siblings = [s.rfilename for s in info.siblings or []]
    assert "config.json" in siblings
    assert "README.md" not in siblings  # no README is served for it, so none is listed

    only = api.model_info("google-bert/bert-base-uncased", expand=["sha", "likes"])
    assert (only.sha, only.likes, only.downloads, only.card_data) == (info.sha, recorded["likes"], None, None)


def test_gated_info_is_public_and_dataset_info(api: HfApi) -> None:
    assert api.model_info("google/gemma-2b-sfp-cpp").gated == "manual"
    dataset = api.dataset_info("LanguageShades/BiasShades")
    assert dataset.gated == "auto"
    assert dataset.card_data is not None
    assert api.dataset_info("Salesforce/wikitext").card_data is not None


def test_info_errors(hub: HubReplayServer, api: HfApi, repos: dict[str, ReplayRepo]) -> None:
    with pytest.raises(RepositoryNotFoundError) as anonymous:
        api.model_info("nobody/nothing")
    assert anonymous.value.response.status_code == 401  # the Hub does not confirm existence to anonymous callers
    with pytest.raises(RepositoryNotFoundError) as signed_in:
        api.model_info("nobody/nothing", token=TOKEN)
    assert signed_in.value.response.status_code == 404
    with pytest.raises(RepositoryNotFoundError):
        api.dataset_info("tiiuae/falcon-7b")  # a model, not a dataset
    with pytest.raises(RevisionNotFoundError):
        api.model_info("tiiuae/falcon-7b", revision="v2")
    sha = repos["tiiuae/falcon-7b"].sha
    assert api.model_info("tiiuae/falcon-7b", revision=sha).sha == sha
    with pytest.raises(BadRequestError):
        api.model_info("tiiuae/falcon-7b", expand=["card_data"])  # type: ignore[list-item]
    with pytest.raises(HfHubHTTPError) as bad_token:
        api.model_info("tiiuae/falcon-7b", token="hf_not_a_token")
    assert bad_token.value.response.status_code == 401
    assert not isinstance(bad_token.value, RepositoryNotFoundError)


def test_private_repos_need_the_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = ReplayRepo("org/secret", b"---\nlicense: mit\n---\n# Secret\n", private=True)
    public = ReplayRepo("org/public", b"# Public\n")
    with HubReplayServer({r.repo_id: r for r in (secret, public)}) as server:
        use_replay_hub(monkeypatch, server, tmp_path)
        anonymous, signed_in = HfApi(endpoint=server.url, token=False), HfApi(endpoint=server.url, token=TOKEN)
        assert [m.id for m in anonymous.list_models(author="org")] == ["org/public"]
        assert [m.id for m in signed_in.list_models(author="org")] == ["org/secret", "org/public"]
        with pytest.raises(RepositoryNotFoundError):
            anonymous.model_info("org/secret")
        with pytest.raises(RepositoryNotFoundError):
            signed_in.model_info("org/secret", token="hf_guest_token")
        assert signed_in.model_info("org/secret").private is True
        with pytest.raises(RepositoryNotFoundError):
            download(server, tmp_path / "c", "org/secret")
        assert download(server, tmp_path / "c", "org/secret", token=TOKEN).read_bytes() == secret.card


# -- README downloads ----------------------------------------------------------------------------------------------


def test_download_returns_the_exact_fixture_bytes(
    hub: HubReplayServer, repos: dict[str, ReplayRepo], tmp_path: Path
) -> None:
    served = [r for r in repos.values() if r.card is not None]
    assert len(served) == 21
    for repo in served:
        repo_type = "dataset" if repo.kind == "dataset" else None
        path = download(hub, tmp_path, repo.repo_id, repo_type=repo_type, token=TOKEN)
        assert path.read_bytes() == repo.card, repo.repo_id
        assert path.parent.name == repo.sha  # the snapshot folder is the X-Repo-Commit
    assert hub.count("HEAD", "/") == 21
    assert hub.count("GET") == 21
    assert hub.count(path_prefix="/datasets/") == 12

    again = download(hub, tmp_path, "tiiuae/falcon-7b")
    assert again.read_bytes() == repos["tiiuae/falcon-7b"].card
    assert hub.count("GET") == 21  # cached: the client only sent a HEAD


def test_resolve_headers_on_the_wire(hub: HubReplayServer, repos: dict[str, ReplayRepo]) -> None:
    card = repos["EleutherAI/pythia-160m"].card
    assert card is not None
    url = f"{hub.url}/EleutherAI/pythia-160m/resolve/main/README.md"
    head = httpx.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["X-Repo-Commit"] == repos["EleutherAI/pythia-160m"].sha
    assert head.headers["ETag"] == f'"{hashlib.sha256(card).hexdigest()}"'
    assert head.headers["Content-Length"] == str(len(card))
    assert head.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert httpx.get(url).content == card
    part = httpx.get(url, headers={"Range": "bytes=10-19"})
    assert (part.status_code, part.content) == (206, card[10:20])
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(card)}"
    listing = httpx.get(f"{hub.url}/api/models", params={"author": "EleutherAI"})
    assert "Link" not in listing.headers  # a single page: no next link


def test_gated_download_needs_the_token(hub: HubReplayServer, repos: dict[str, ReplayRepo], tmp_path: Path) -> None:
    repo_id = "meta-llama/Llama-3.2-1B-Instruct"
    with pytest.raises(GatedRepoError) as anonymous:
        download(hub, tmp_path, repo_id)
    assert anonymous.value.response.status_code == 401
    assert "authenticated" in str(anonymous.value)
    with pytest.raises(GatedRepoError) as guest:
        download(hub, tmp_path, repo_id, token="hf_guest_token")
    assert guest.value.response.status_code == 403
    assert "authorized list" in str(guest.value)
    assert isinstance(guest.value, RepositoryNotFoundError)  # GatedRepoError subclasses it: catch it first
    assert download(hub, tmp_path, repo_id, token=TOKEN).read_bytes() == repos[repo_id].card
    gated_requests = [r for r in hub.requests if r.path.startswith(f"/{repo_id}/")]
    assert [r.status for r in gated_requests] == [401, 403, 200, 200]
    assert "authorization" not in gated_requests[0].headers
    assert gated_requests[2].headers["authorization"] == f"Bearer {TOKEN}"


def test_download_errors(hub: HubReplayServer, tmp_path: Path) -> None:
    with pytest.raises(RepositoryNotFoundError):
        download(hub, tmp_path, "nobody/nothing")
    with pytest.raises(RemoteEntryNotFoundError):
        download(hub, tmp_path, "google-bert/bert-base-uncased")
    with pytest.raises(EntryNotFoundError):  # the base class collectors may catch
        download(hub, tmp_path, "LanguageShades/BiasShades", repo_type="dataset", token=TOKEN)
    with pytest.raises(RevisionNotFoundError):
        download(hub, tmp_path, "tiiuae/falcon-7b", revision="not-a-branch")
    with pytest.raises(RemoteEntryNotFoundError):
        hf_hub_download("tiiuae/falcon-7b", "config.json", endpoint=hub.url, cache_dir=tmp_path, token=False)


def test_set_card_changes_sha_content_and_keeps_history(
    hub: HubReplayServer, api: HfApi, repos: dict[str, ReplayRepo], tmp_path: Path
) -> None:
    repo_id = "allenai/OLMo-2-1124-13B"
    before = api.model_info(repo_id)
    old_card = repos[repo_id].card
    assert old_card is not None
    new_card = old_card.replace(b"license: apache-2.0", b"license: mit")

    updated = hub.set_card(repo_id, new_card)

    after = api.model_info(repo_id)
    assert after.sha == updated.sha != before.sha
    assert after.card_data is not None
    assert after.card_data.license == "mit"
    assert after.last_modified is not None
    assert before.last_modified is not None
    assert after.last_modified > before.last_modified
    listed = next(iter(api.list_models(author="allenai", expand=["sha"])))
    assert listed.sha == updated.sha
    path = download(hub, tmp_path, repo_id)
    assert path.read_bytes() == new_card
    assert path.parent.name == updated.sha
    assert download(hub, tmp_path / "pinned", repo_id, revision=before.sha).read_bytes() == old_card
    assert api.model_info(repo_id, revision=before.sha).sha == before.sha
    with pytest.raises(KeyError):
        hub.set_card("nobody/nothing", b"x")


def test_callable_repos_are_looked_up_lazily(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asked: list[str] = []

    def lookup(repo_id: str) -> ReplayRepo | None:
        asked.append(repo_id)
        return ReplayRepo(repo_id, b"# Lazy\n") if repo_id.startswith("lazy/") else None

    with HubReplayServer(lookup) as server:
        use_replay_hub(monkeypatch, server, tmp_path)
        api = HfApi(endpoint=server.url, token=False)
        assert api.model_info("lazy/one").id == "lazy/one"
        assert download(server, tmp_path, "lazy/one").read_bytes() == b"# Lazy\n"
        with pytest.raises(RepositoryNotFoundError):
            api.model_info("eager/two")
        assert list(api.list_models()) == []
        assert asked == ["lazy/one", "eager/two"]  # looked up once, then kept


def test_use_replay_hub_points_default_clients_at_the_server(
    hub: HubReplayServer, repos: dict[str, ReplayRepo]
) -> None:
    assert HfApi().model_info("tiiuae/falcon-7b").sha == repos["tiiuae/falcon-7b"].sha
    path = hf_hub_download("tiiuae/falcon-7b", "README.md")  # default endpoint, cache and (no) token
    assert Path(path).read_bytes() == repos["tiiuae/falcon-7b"].card
    assert all("authorization" not in r.headers for r in hub.requests)


# -- rate limits and the request log -------------------------------------------------------------------------------


def test_rate_limit_headers_and_quota(repos: dict[str, ReplayRepo]) -> None:
    with HubReplayServer(repos, quota=3, window=60) as server:
        seen = []
        for _ in range(3):
            response = httpx.get(f"{server.url}/api/models/tiiuae/falcon-7b")
            assert response.headers["RateLimit-Policy"] == '"fixed window";"api";q=3;w=60'
            info = parse_ratelimit_headers(response.headers)
            assert info is not None
            seen.append(info.remaining)
        assert seen == [2, 1, 0]
        with pytest.raises(HfHubHTTPError) as exceeded:  # model_info does not retry on 429
            HfApi(endpoint=server.url, token=False).model_info("tiiuae/falcon-7b")
        assert exceeded.value.response.status_code == 429
        assert "'api' rate limit" in str(exceeded.value)
        resolve = httpx.head(f"{server.url}/tiiuae/falcon-7b/resolve/main/README.md")
        assert resolve.status_code == 200  # file downloads are not counted against the API quota
        assert "RateLimit" not in resolve.headers


def test_request_log(hub: HubReplayServer, api: HfApi) -> None:
    api.model_info("tiiuae/falcon-7b", expand=["sha"])
    with pytest.raises(RepositoryNotFoundError):
        api.model_info("nobody/nothing")
    first, second = hub.requests
    assert (first.method, first.path, first.query, first.status, first.fault) == (
        "GET",
        "/api/models/tiiuae/falcon-7b",
        {"expand": ["sha"]},
        200,
        None,
    )
    assert second.status == 401
    assert "user-agent" in first.headers
    assert hub.count() == 2
    assert hub.count("get", "/api/models/tiiuae") == 1
    assert hub.count("HEAD") == 0


# -- faults --------------------------------------------------------------------------------------------------------


def test_inject_validates_its_arguments(hub: HubReplayServer) -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        hub.inject("404")
    with pytest.raises(ValueError, match="no option"):
        hub.inject("500", seconds=1)
    with pytest.raises(ValueError, match="times"):
        hub.inject("500", times=0)


def test_429_on_list_models_is_retried_after_the_announced_wait(hub: HubReplayServer, api: HfApi) -> None:
    hub.inject("429", path="^/api/models$", seconds=0)
    start = time.monotonic()
    models = list(api.list_models(author="EleutherAI"))
    elapsed = time.monotonic() - start
    assert [m.id for m in models] == ["EleutherAI/pythia-160m"]
    assert [(r.status, r.fault) for r in hub.requests] == [(429, "429"), (200, None)]
    assert elapsed >= 1  # the client sleeps the RateLimit reset time + 1 s


def test_429_on_model_info_is_not_retried(hub: HubReplayServer, api: HfApi) -> None:
    hub.inject("429", seconds=7)
    with pytest.raises(HfHubHTTPError) as raised:
        api.model_info("tiiuae/falcon-7b")
    response = raised.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.headers["RateLimit"] == '"api";r=0;t=7'
    assert hub.count() == 1


def test_5xx_on_info_raises_and_head_is_retried_once(hub: HubReplayServer, api: HfApi, tmp_path: Path) -> None:
    hub.inject("503", path="^/api/")
    with pytest.raises(HfHubHTTPError) as raised:
        api.model_info("tiiuae/falcon-7b")
    assert raised.value.response.status_code == 503
    hub.inject("500", method="HEAD")
    assert download(hub, tmp_path, "tiiuae/falcon-7b").is_file()  # a failed HEAD is retried at once
    assert [(r.method, r.status) for r in hub.requests[1:]] == [("HEAD", 500), ("HEAD", 200), ("GET", 200)]


def test_5xx_on_the_file_get_is_not_retried(hub: HubReplayServer, tmp_path: Path) -> None:
    hub.inject("500", method="GET", path="/resolve/")
    with pytest.raises(HfHubHTTPError) as raised:
        download(hub, tmp_path, "tiiuae/falcon-7b")
    assert raised.value.response.status_code == 500
    assert download(hub, tmp_path, "tiiuae/falcon-7b").is_file()  # the next call works


def test_timeout(hub: HubReplayServer, api: HfApi, tmp_path: Path) -> None:
    hub.inject("timeout", path="^/api/", seconds=2)
    start = time.monotonic()
    with pytest.raises(httpx2.ReadTimeout):  # the raw httpx2 exception, not an HfHubHTTPError
        api.model_info("tiiuae/falcon-7b", timeout=0.2)
    assert time.monotonic() - start < 1.5
    hub.inject("timeout", method="HEAD", seconds=2)
    path = download(hub, tmp_path, "tiiuae/falcon-7b", etag_timeout=0.2)  # retried with a 60 s timeout
    assert path.is_file()
    assert [r.fault for r in hub.requests if r.method == "HEAD"] == ["timeout", None]


def test_truncated_body(hub: HubReplayServer, api: HfApi, repos: dict[str, ReplayRepo], tmp_path: Path) -> None:
    hub.inject("truncated", path="^/api/")
    with pytest.raises(httpx2.RemoteProtocolError):
        api.model_info("tiiuae/falcon-7b")
    hub.inject("truncated", method="GET", path="/resolve/")
    path = download(hub, tmp_path, "tiiuae/falcon-7b")  # the client notices and downloads again
    assert path.read_bytes() == repos["tiiuae/falcon-7b"].card
    assert [r.fault for r in hub.requests if r.method == "GET" and "/resolve/" in r.path] == ["truncated", None]


def test_malformed_json(hub: HubReplayServer, api: HfApi) -> None:
    hub.inject("malformed_json", path="/resolve/")  # does not apply outside /api/: stays pending
    hub.inject("malformed_json", path="^/api/models$")
    with pytest.raises(json.JSONDecodeError):
        list(api.list_models(author="tiiuae"))  # not retried, even by list_models
    assert hub.count() == 1
    assert [m.id for m in api.list_models(author="tiiuae")] == ["tiiuae/falcon-7b"]


def test_reset(hub: HubReplayServer, api: HfApi, tmp_path: Path) -> None:
    hub.inject("reset", path="^/api/models$")
    assert [m.id for m in api.list_models(author="tiiuae")] == ["tiiuae/falcon-7b"]  # retried after 1 s
    hub.inject("reset", path="^/api/models/")
    with pytest.raises(httpx2.ReadError):
        api.model_info("tiiuae/falcon-7b")
    hub.inject("reset", method="HEAD")
    with pytest.raises(httpx2.ReadError):  # escapes hf_hub_download unconverted, and is not retried
        download(hub, tmp_path, "tiiuae/falcon-7b")
    assert [r.status for r in hub.requests] == [None, 200, None, None]


def test_orderly_close_on_the_file_get_is_retried(
    hub: HubReplayServer, repos: dict[str, ReplayRepo], tmp_path: Path
) -> None:
    hub.inject("reset", method="GET", path="/resolve/", hard=False)
    assert download(hub, tmp_path, "tiiuae/falcon-7b").read_bytes() == repos["tiiuae/falcon-7b"].card
    hub.inject("reset", method="GET", path="/resolve/")  # a TCP reset, by contrast, is not retried
    with pytest.raises(httpx2.ReadError):
        download(hub, tmp_path / "other", "tiiuae/falcon-7b")
    assert [(r.method, r.status) for r in hub.requests] == [
        ("HEAD", 200),
        ("GET", None),
        ("GET", 200),
        ("HEAD", 200),
        ("GET", None),
    ]


def test_hostile_answers_on_the_wire(hub: HubReplayServer, repos: dict[str, ReplayRepo]) -> None:
    url = f"{hub.url}/EleutherAI/pythia-160m/resolve/main/README.md"
    hub.inject("headers", path="pythia-160m/resolve", set={"X-Repo-Commit": "../../outside", "Retry-After": "86400"})
    replaced = httpx.get(url)
    assert (replaced.headers["X-Repo-Commit"], replaced.headers["Retry-After"]) == ("../../outside", "86400")
    assert replaced.content == repos["EleutherAI/pythia-160m"].card
    hub.inject("html", path="pythia-160m/resolve", content_type="text/plain")
    page = httpx.get(url)
    assert (page.status_code, page.headers["Content-Type"], page.content) == (200, "text/plain", SIGN_IN_PAGE)
    hub.inject("trickle", path="pythia-160m/resolve", interval=0.1)
    started, received = time.monotonic(), b""
    with httpx.stream("GET", url) as trickled:
        for chunk in trickled.iter_raw():
            received += chunk
            if len(received) >= 4:
                break
    assert received == (repos["EleutherAI/pythia-160m"].card or b"")[: len(received)]
    assert time.monotonic() - started >= 0.3  # one byte at a time, 0.1 s apart
