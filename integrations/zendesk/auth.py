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
import hashlib
import json
import os
import tempfile
import time
import warnings
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Protocol

import httpx

from integrations.errors import AuthError, HelpdeskError, ReauthorisationNeeded, TransientError
from integrations.http import parse_retry_after

RENEW_MARGIN_SECONDS = 60.0


@dataclass
class TokenSet:
    refresh_token: str
    access_token: str | None = None
    expires_at: float | None = None  # epoch seconds
    previous_refresh_token: str | None = None  # kept until the new one has worked once
    # A refresh was sent and its answer lost: the refresh token may be spent, and sending it
    # again could make the server revoke the whole grant. Only a new authorisation clears it.
    in_doubt: bool = False
    seeded_from: str | None = None  # sha256 of the .env refresh token this file started from

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


def seed_tokens(store: TokenStore, path_exists: bool, refresh_token: str | None) -> None:
    """Start the token file from the .env refresh token. A different one put in .env later
    (after authorising again) replaces what the file holds; the same one changes nothing, since
    the file's own token has rotated past it."""
    if not refresh_token:
        return
    digest = hashlib.sha256(refresh_token.encode()).hexdigest()
    if not path_exists:
        store.save(TokenSet(refresh_token=refresh_token, seeded_from=digest))
        return
    saved = store.load()
    if saved.seeded_from is None:  # a file written before seeds were recorded: this is its seed
        store.save(replace(saved, seeded_from=digest))
    elif saved.seeded_from != digest:
        store.save(TokenSet(refresh_token=refresh_token, seeded_from=digest))


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
        """POST the grant; return the token answer of any 2xx (Zendesk's OpenAPI gives 201)."""
        response = await self._post_grant(form)
        status = response.status_code
        if 200 <= status < 300:
            body = _token_body(response)
            if body is None:
                raise self._unreadable(form, status, _json_object(response))
            self._take(body)
            return body
        if status == 429 or status == 503:  # refused before doing anything: safe to ask again
            raise TransientError(
                f"Zendesk token endpoint answered {status}",
                status=status,
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        if status >= 500:
            raise self._in_doubt(form, f"answered {status}")
        raise self._refused(form, status, _oauth_error(response))

    async def _post_grant(self, form: dict[str, str]) -> httpx.Response:
        async with httpx.AsyncClient(transport=self.transport, timeout=30) as client:
            try:
                return await client.post(self.token_url, json=form)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # Never sent: nothing can have been used up, so a later try is safe.
                raise TransientError(f"Zendesk token endpoint unreachable ({type(exc).__name__})") from None
            except httpx.HTTPError as exc:
                raise self._in_doubt(form, f"gave no answer ({type(exc).__name__})") from None

    def _take(self, body: dict[str, object]) -> None:
        self.renewals += 1
        self.access_token = str(body["access_token"])
        expires_in = body.get("expires_in")
        self.expires_at = self.clock() + float(expires_in) if isinstance(expires_in, (int, float)) else None

    def _unreadable(self, form: dict[str, str], status: int, raw: dict[str, object] | None) -> HelpdeskError:
        return self._in_doubt(form, f"answered {status} without an access token")

    def _in_doubt(self, form: dict[str, str], what: str) -> HelpdeskError:
        """The grant was sent and its answer is unknown. A client-credentials grant can simply
        be asked again; a refresh grant cannot (see `RefreshRotation`)."""
        return TransientError(f"Zendesk token endpoint {what}")

    def _refused(self, form: dict[str, str], status: int, error: str) -> HelpdeskError:
        return AuthError(
            f"Zendesk refused the OAuth {form['grant_type']} grant ({status} {error}); check the "
            "client id and secret in your .env and that the OAuth client is still active"
        )


def _json_object(response: httpx.Response) -> dict[str, object] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _token_body(response: httpx.Response) -> dict[str, object] | None:
    body = _json_object(response)
    if body is None or not isinstance(body.get("access_token"), str) or not body["access_token"]:
        return None
    return body


def _oauth_error(response: httpx.Response) -> str:
    """The RFC 6749 `error` code (`invalid_grant`, `invalid_client`…), never the description,
    which may echo what was sent."""
    try:
        body = response.json()
    except ValueError:
        return "no error code"
    code = body.get("error") if isinstance(body, dict) else None
    return code if isinstance(code, str) and code.isidentifier() and len(code) < 40 else "no error code"


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
    """The refresh-token grant. A refresh token is good for one refresh: it is never sent twice.
    The new pair is saved before it is used; a refresh whose answer was lost (timeout, dropped
    connection, 5xx, a 2xx without tokens) marks the saved token in doubt and stops the account
    until it is authorised again, because re-sending a spent token can revoke the grant."""

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        store: TokenStore,
        *,
        reauthorise: str = "authorise the OAuth client again and save the new refresh token",
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(token_url, transport=transport, clock=clock)
        self.client_id = client_id
        self.client_secret = client_secret
        self.store = store
        self.reauthorise = reauthorise
        saved = store.load()
        self.access_token, self.expires_at = saved.access_token, saved.expires_at
        # Known in memory, so a request only touches the token file when there is news to save.
        self.previous_pending = saved.previous_refresh_token is not None

    async def _renew(self) -> None:
        saved = self.store.load()
        if saved.in_doubt:
            raise ReauthorisationNeeded(
                "an earlier token refresh for this Zendesk account got no answer, so the saved refresh "
                f"token may be spent and is not sent again; {self.reauthorise}"
            )
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
            replace(
                saved,
                refresh_token=str(rotated) if rotated else saved.refresh_token,
                access_token=self.access_token,
                expires_at=self.expires_at,
                previous_refresh_token=saved.refresh_token if rotated else saved.previous_refresh_token,
            )
        )
        self.previous_pending = bool(rotated) or saved.previous_refresh_token is not None

    def _in_doubt(self, form: dict[str, str], what: str) -> HelpdeskError:
        self.store.save(replace(self.store.load(), in_doubt=True, access_token=None, expires_at=None))
        return ReauthorisationNeeded(
            f"the Zendesk token refresh {what}; the refresh token may now be spent and is not sent "
            f"again; {self.reauthorise}"
        )

    def _unreadable(self, form: dict[str, str], status: int, raw: dict[str, object] | None) -> HelpdeskError:
        rotated = raw.get("refresh_token") if raw else None
        if isinstance(rotated, str) and rotated:  # a new refresh token came: keep it, ask again later
            saved = self.store.load()
            self.store.save(replace(saved, refresh_token=rotated, previous_refresh_token=saved.refresh_token))
            return TransientError(f"Zendesk token endpoint answered {status} without an access token")
        return self._in_doubt(form, f"answered {status} without tokens")

    def _refused(self, form: dict[str, str], status: int, error: str) -> HelpdeskError:
        if error == "invalid_grant" or status == 400:
            return ReauthorisationNeeded(
                f"Zendesk no longer accepts the saved refresh token ({status} {error}: expired, revoked or "
                f"already used); {self.reauthorise}"
            )
        return super()._refused(form, status, error)

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
            self.store.save(replace(saved, previous_refresh_token=None))
        self.previous_pending = False

    def __repr__(self) -> str:
        return "RefreshRotation(…)"
