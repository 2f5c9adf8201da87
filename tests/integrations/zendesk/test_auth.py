"""Zendesk authentication: OAuth first, tokens renewed before expiry, rotation saved before use."""

import json
import os
import stat
from pathlib import Path

import httpx
import pytest
import respx

from integrations.errors import AuthError, ReauthorisationNeeded, TransientError
from integrations.zendesk.auth import (
    AccessToken,
    ApiToken,
    ClientCredentials,
    FileTokenStore,
    MemoryTokenStore,
    RefreshRotation,
    TokenSet,
    seed_tokens,
)

TOKEN_URL = "https://acme.zendesk.com/oauth/tokens"
API = "https://acme.zendesk.com/api/v2"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_static_token_and_legacy_api_token_headers() -> None:
    request = httpx.Request("GET", API)
    assert next(AccessToken("abc").auth_flow(request)).headers["Authorization"] == "Bearer abc"
    with pytest.warns(DeprecationWarning, match="2027-04-30"):
        legacy = ApiToken("agent@example.com", "tok")
    header = next(legacy.auth_flow(httpx.Request("GET", API))).headers["Authorization"]
    import base64

    assert base64.b64decode(header.removeprefix("Basic ")) == b"agent@example.com/token:tok"
    assert "tok" not in repr(legacy) and "abc" not in repr(AccessToken("abc"))


@respx.mock
async def test_client_credentials_fetch_once_and_renew_before_expiry() -> None:
    clock = Clock()
    grant = respx.post(TOKEN_URL).mock(
        side_effect=[
            httpx.Response(200, json={"access_token": "t1", "expires_in": 600}),
            httpx.Response(200, json={"access_token": "t2", "expires_in": 600}),
        ]
    )
    api = respx.get(f"{API}/users/me").mock(return_value=httpx.Response(200, json={"user": {"id": 1}}))
    auth = ClientCredentials(TOKEN_URL, "id", "secret", clock=clock)
    async with httpx.AsyncClient(auth=auth) as client:
        await client.get(f"{API}/users/me")
        await client.get(f"{API}/users/me")
        clock.now += 600 - 30  # inside the renewal margin
        await client.get(f"{API}/users/me")
    assert grant.call_count == 2
    assert json.loads(grant.calls[0].request.content)["grant_type"] == "client_credentials"
    assert [c.request.headers["Authorization"] for c in api.calls] == ["Bearer t1", "Bearer t1", "Bearer t2"]


@respx.mock
async def test_a_401_gets_one_fresh_token_and_one_retry() -> None:
    respx.post(TOKEN_URL).mock(
        side_effect=[
            httpx.Response(200, json={"access_token": "old", "expires_in": 7200}),
            httpx.Response(200, json={"access_token": "new", "expires_in": 7200}),
        ]
    )
    api = respx.get(f"{API}/users/me").mock(
        side_effect=[
            httpx.Response(401, json={"error": "Couldn't authenticate you"}),
            httpx.Response(200, json={"user": {}}),
        ]
    )
    async with httpx.AsyncClient(auth=ClientCredentials(TOKEN_URL, "id", "secret")) as client:
        assert (await client.get(f"{API}/users/me")).status_code == 200
    assert api.calls[1].request.headers["Authorization"] == "Bearer new"


@respx.mock
async def test_a_refused_grant_is_fatal_and_names_the_fix() -> None:
    respx.post(TOKEN_URL).mock(return_value=httpx.Response(401, json={"error": "invalid_client"}))
    async with httpx.AsyncClient(auth=ClientCredentials(TOKEN_URL, "id", "wrong-secret")) as client:
        with pytest.raises(AuthError, match="client id and secret") as error:
            await client.get(f"{API}/users/me")
    assert "wrong-secret" not in str(error.value)


@respx.mock
async def test_refresh_rotation_saves_the_new_pair_before_using_it() -> None:
    store = MemoryTokenStore(TokenSet(refresh_token="r1"))
    order: list[str] = []
    store_save = store.save
    store.save = lambda tokens: (order.append(f"save {tokens.refresh_token}"), store_save(tokens))[1]  # type: ignore[method-assign]

    def grant(request: httpx.Request) -> httpx.Response:
        assert json.loads(request.content)["refresh_token"] == "r1"
        return httpx.Response(200, json={"access_token": "a2", "refresh_token": "r2", "expires_in": 7200})

    def api(request: httpx.Request) -> httpx.Response:
        order.append(f"use {request.headers['Authorization']}")
        return httpx.Response(200, json={"user": {}})

    respx.post(TOKEN_URL).mock(side_effect=grant)
    respx.get(f"{API}/users/me").mock(side_effect=api)
    async with httpx.AsyncClient(auth=RefreshRotation(TOKEN_URL, "id", "secret", store)) as client:
        await client.get(f"{API}/users/me")
    assert order[:2] == ["save r2", "use Bearer a2"]
    assert store.saved[0].previous_refresh_token == "r1"  # kept until the new pair has worked
    assert store.tokens.refresh_token == "r2" and store.tokens.previous_refresh_token is None


def test_token_file_is_owner_only_and_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "state" / "zendesk-tokens.json"
    store = FileTokenStore(path)
    store.save(TokenSet(refresh_token="r1", access_token="a1", expires_at=5.0))
    store.save(TokenSet(refresh_token="r2"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert store.load().refresh_token == "r2"
    assert [p.name for p in path.parent.iterdir()] == ["zendesk-tokens.json"]  # no temp files left
    path.write_text("{not json")
    with pytest.raises(AuthError, match="damaged"):
        store.load()
    with pytest.raises(AuthError, match="no OAuth tokens"):
        FileTokenStore(tmp_path / "missing.json").load()


@pytest.mark.parametrize("status", [200, 201])
@respx.mock
async def test_any_2xx_with_an_access_token_signs_in(status: int) -> None:
    """Zendesk's OpenAPI document gives 201 Created for POST /oauth/tokens."""
    grant = respx.post(TOKEN_URL).mock(
        return_value=httpx.Response(status, json={"access_token": "t1", "expires_in": 600})
    )
    api = respx.get(f"{API}/users/me").mock(return_value=httpx.Response(200, json={"user": {}}))
    async with httpx.AsyncClient(auth=ClientCredentials(TOKEN_URL, "id", "secret")) as client:
        await client.get(f"{API}/users/me")
    assert grant.call_count == 1
    assert api.calls[0].request.headers["Authorization"] == "Bearer t1"


@respx.mock
async def test_a_2xx_without_an_access_token_is_not_a_sign_in() -> None:
    respx.post(TOKEN_URL).mock(return_value=httpx.Response(201, json={"token_type": "bearer"}))
    async with httpx.AsyncClient(auth=ClientCredentials(TOKEN_URL, "id", "secret")) as client:
        with pytest.raises(TransientError, match="without an access token"):
            await client.get(f"{API}/users/me")


@respx.mock
async def test_the_rotated_pair_from_a_201_is_saved_before_use() -> None:
    store = MemoryTokenStore(TokenSet(refresh_token="r1"))
    respx.post(TOKEN_URL).mock(
        return_value=httpx.Response(201, json={"access_token": "a2", "refresh_token": "r2", "expires_in": 60})
    )
    respx.get(f"{API}/users/me").mock(return_value=httpx.Response(200, json={"user": {}}))
    async with httpx.AsyncClient(auth=RefreshRotation(TOKEN_URL, "id", "secret", store)) as client:
        await client.get(f"{API}/users/me")
    assert store.saved[0].refresh_token == "r2" and store.saved[0].access_token == "a2"


LOST = [
    httpx.ReadTimeout("slow"),
    httpx.RemoteProtocolError("dropped"),
    httpx.Response(500, text="<html>Internal error</html>"),
    httpx.Response(201, text="<html>not json</html>"),
]


@pytest.mark.parametrize("lost", LOST, ids=["read-timeout", "dropped", "500", "2xx-unreadable"])
@respx.mock
async def test_a_refresh_whose_answer_was_lost_is_never_sent_again(lost: object) -> None:
    """Once the server may have answered, the old refresh token may be spent: the account stops
    with a re-authorisation message, and later runs do not re-send the token."""
    store = MemoryTokenStore(TokenSet(refresh_token="r1"))
    grant = respx.post(TOKEN_URL).mock(side_effect=[lost])
    auth = RefreshRotation(TOKEN_URL, "id", "secret", store, reauthorise="put a new one in ZD_REFRESH")
    async with httpx.AsyncClient(auth=auth) as client:
        with pytest.raises(ReauthorisationNeeded, match="put a new one in ZD_REFRESH") as first:
            await client.get(f"{API}/users/me")
        assert "client id and secret" not in str(first.value)
    assert store.tokens.in_doubt and store.tokens.refresh_token == "r1"
    later = RefreshRotation(TOKEN_URL, "id", "secret", store)  # the next run
    async with httpx.AsyncClient(auth=later) as client:
        with pytest.raises(ReauthorisationNeeded, match="not sent again"):
            await client.get(f"{API}/users/me")
    assert grant.call_count == 1


@respx.mock
async def test_a_refresh_never_sent_may_be_tried_again() -> None:
    store = MemoryTokenStore(TokenSet(refresh_token="r1"))
    respx.post(TOKEN_URL).mock(side_effect=[httpx.ConnectError("refused")])
    async with httpx.AsyncClient(auth=RefreshRotation(TOKEN_URL, "id", "secret", store)) as client:
        with pytest.raises(TransientError, match="unreachable"):
            await client.get(f"{API}/users/me")
    assert not store.tokens.in_doubt


@respx.mock
async def test_a_spent_refresh_token_asks_for_reauthorisation_not_the_secret() -> None:
    store = MemoryTokenStore(TokenSet(refresh_token="r1"))
    respx.post(TOKEN_URL).mock(
        return_value=httpx.Response(
            400, json={"error": "invalid_grant", "error_description": "The refresh token r1 is invalid"}
        )
    )
    async with httpx.AsyncClient(auth=RefreshRotation(TOKEN_URL, "id", "secret", store)) as client:
        with pytest.raises(ReauthorisationNeeded, match="invalid_grant") as error:
            await client.get(f"{API}/users/me")
    assert "client id and secret" not in str(error.value) and "r1" not in str(error.value)


def test_a_new_refresh_token_in_env_replaces_the_file_and_the_same_one_does_not(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    seed_tokens(store, False, "seed-1")
    assert store.load().refresh_token == "seed-1"
    store.save(TokenSet(refresh_token="rotated", seeded_from=store.load().seeded_from))
    seed_tokens(store, True, "seed-1")  # the same .env: the file's rotated token stays
    assert store.load().refresh_token == "rotated"
    store.save(TokenSet(refresh_token="rotated", in_doubt=True, seeded_from=store.load().seeded_from))
    seed_tokens(store, True, "seed-2")  # re-authorised: the new token starts afresh
    assert store.load().refresh_token == "seed-2" and not store.load().in_doubt
