"""Zendesk authentication as an httpx.Auth: it sets the Authorization header on every request
and, for OAuth grants, gets and renews tokens from `/oauth/tokens`.

Zendesk retires API tokens (none can be created since 2026-10-27; all stop working on
2027-04-30), so OAuth comes first:
- `AccessToken`: a static OAuth access token;
- `ClientCredentials`: the client-credentials grant, renewed before the token expires;
- `RefreshRotation`: the refresh-token grant. Each refresh returns a new pair and kills the old
  refresh token, so the new pair is saved (atomically) before it is used, and the old one is
  kept alongside until the new one has worked once. A crash between receiving and saving is
  the only window, and it is as short as a file rename.
- `ApiToken`: the legacy email + API token, with a deprecation warning.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import tempfile
import time
import warnings
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import httpx

from integrations.errors import AuthError, TransientError

RENEW_MARGIN_SECONDS = 60.0


@dataclass
class TokenSet:
    refresh_token: str
    access_token: str | None = None
    expires_at: float | None = None  # epoch seconds
    previous_refresh_token: str | None = None  # kept until the new one has worked once

    def __repr__(self) -> str:  # never print tokens
        return "TokenSet(…)"


class TokenStore(Protocol):
    def load(self) -> TokenSet: ...
    def save(self, tokens: TokenSet) -> None: ...


class FileTokenStore:
    """Tokens in a JSON file readable by its owner only, replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> TokenSet:
        try:
            return TokenSet(**json.loads(self.path.read_text()))
        except FileNotFoundError:
            raise AuthError(f"no OAuth tokens at {self.path}; run the OAuth set-up to create them") from None
        except (ValueError, TypeError):
            raise AuthError(
                f"the OAuth token file {self.path} is damaged; run the OAuth set-up again"
            ) from None

    def save(self, tokens: TokenSet) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".tokens-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w") as out:
                json.dump(asdict(tokens), out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


class MemoryTokenStore:
    def __init__(self, tokens: TokenSet) -> None:
        self.tokens = tokens
        self.saved: list[TokenSet] = []

    def load(self) -> TokenSet:
        return self.tokens

    def save(self, tokens: TokenSet) -> None:
        self.tokens = tokens
        self.saved.append(TokenSet(**asdict(tokens)))


class AccessToken(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "AccessToken(…)"


class ApiToken(httpx.Auth):
    """Legacy `{email}/token:{api_token}` Basic auth. Works until Zendesk turns tokens off."""

    def __init__(self, email: str, token: str) -> None:
        warnings.warn(
            "Zendesk API tokens stop working on 2027-04-30; switch this account to OAuth "
            "(client credentials or a refresh token)",
            DeprecationWarning,
            stacklevel=2,
        )
        raw = f"{email}/token:{token}".encode()
        self._header = "Basic " + base64.b64encode(raw).decode()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "ApiToken(…)"


class _OAuthGrant(httpx.Auth):
    """Shared by the grants: a token fetched when missing or near expiry, one retry after a
    401 with a fresh token. Token requests use their own small client on the same transport."""

    def __init__(
        self,
        token_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token_url = token_url
        self.transport = transport
        self.clock = clock
        self.access_token: str | None = None
        self.expires_at: float | None = None
        self.lock = asyncio.Lock()
        self.renewals = 0

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self._valid_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            async with self.lock:
                if self.access_token == token:
                    self.access_token = None  # someone else may have renewed it meanwhile
            request.headers["Authorization"] = f"Bearer {await self._valid_token()}"
            yield request

    async def _valid_token(self) -> str:
        async with self.lock:
            fresh = self.expires_at is None or self.expires_at - RENEW_MARGIN_SECONDS > self.clock()
            if self.access_token is None or not fresh:
                await self._renew()
            assert self.access_token is not None
            return self.access_token

    async def _renew(self) -> None:
        raise NotImplementedError

    async def _token_request(self, form: dict[str, str]) -> dict[str, object]:
        async with httpx.AsyncClient(transport=self.transport, timeout=30) as client:
            try:
                response = await client.post(self.token_url, json=form)
            except httpx.HTTPError as exc:
                raise TransientError(f"Zendesk token endpoint unreachable ({type(exc).__name__})") from None
        if response.status_code in (400, 401, 403):
            raise AuthError(
                f"Zendesk refused the OAuth {form['grant_type']} grant ({response.status_code}); check the "
                "client id and secret in your .env and that the OAuth client is still active"
            )
        if response.status_code != 200:
            raise TransientError(
                f"Zendesk token endpoint answered {response.status_code}", status=response.status_code
            )
        body = response.json()
        self.renewals += 1
        self.access_token = str(body["access_token"])
        expires_in = body.get("expires_in")
        self.expires_at = self.clock() + float(expires_in) if isinstance(expires_in, (int, float)) else None
        return dict(body)


class ClientCredentials(_OAuthGrant):
    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str = "read write",
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(token_url, transport=transport, clock=clock)
        self._form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": scope,
        }

    async def _renew(self) -> None:
        await self._token_request(self._form)

    def __repr__(self) -> str:
        return "ClientCredentials(…)"


class RefreshRotation(_OAuthGrant):
    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        store: TokenStore,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(token_url, transport=transport, clock=clock)
        self.client_id = client_id
        self.client_secret = client_secret
        self.store = store
        saved = store.load()
        self.access_token, self.expires_at = saved.access_token, saved.expires_at
        # Known in memory, so a request only touches the token file when there is news to save.
        self.previous_pending = saved.previous_refresh_token is not None

    async def _renew(self) -> None:
        saved = self.store.load()
        body = await self._token_request(
            {
                "grant_type": "refresh_token",
                "refresh_token": saved.refresh_token,
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            }
        )
        rotated = body.get("refresh_token")
        # Save the new pair before using it; keep the old refresh token beside it for now.
        self.store.save(
            TokenSet(
                refresh_token=str(rotated) if rotated else saved.refresh_token,
                access_token=self.access_token,
                expires_at=self.expires_at,
                previous_refresh_token=saved.refresh_token if rotated else saved.previous_refresh_token,
            )
        )
        self.previous_pending = bool(rotated) or saved.previous_refresh_token is not None

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        flow = super().async_auth_flow(request)
        response: httpx.Response | None = None
        try:
            outgoing = await flow.__anext__()
            while True:
                response = yield outgoing
                outgoing = await flow.asend(response)
        except StopAsyncIteration:
            pass
        if self.previous_pending and response is not None and response.status_code < 400:
            self._forget_previous()

    def _forget_previous(self) -> None:
        """The new token worked: the old refresh token is no longer worth keeping."""
        saved = self.store.load()
        if saved.previous_refresh_token is not None:
            self.store.save(TokenSet(saved.refresh_token, saved.access_token, saved.expires_at, None))
        self.previous_pending = False

    def __repr__(self) -> str:
        return "RefreshRotation(…)"
