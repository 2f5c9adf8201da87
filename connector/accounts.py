"""From a configured account to a live `Helpdesk`: settings, secrets and authentication."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from pydantic import SecretStr

from connector.config import Config, FreshdeskAccount, ZendeskAccount
from integrations.freshdesk.adapter import FreshdeskHelpdesk
from integrations.freshdesk.client import FreshdeskClient, FreshdeskSettings
from integrations.protocol import Helpdesk
from integrations.zendesk.adapter import ZendeskHelpdesk
from integrations.zendesk.auth import (
    AccessToken,
    ApiToken,
    ClientCredentials,
    FileTokenStore,
    RefreshRotation,
    seed_tokens,
)
from integrations.zendesk.client import ZendeskClient, ZendeskSettings


def ticket_link(account: ZendeskAccount | FreshdeskAccount) -> Callable[[str], str]:
    """A ticket id → the URL an agent opens it at; needs no secret."""
    if isinstance(account, FreshdeskAccount):
        unused = SecretStr("not needed for a link")
        return FreshdeskSettings(domain=account.domain, api_key=unused, base_url=account.base_url).ticket_link
    return ZendeskSettings(subdomain=account.subdomain, base_url=account.base_url).ticket_link


def open_helpdesk(config: Config, account: ZendeskAccount | FreshdeskAccount) -> Helpdesk:
    if isinstance(account, FreshdeskAccount):
        settings = FreshdeskSettings(
            domain=account.domain,
            api_key=config.secret(account.auth.api_key_env),
            base_url=account.base_url,
            rate_share=account.rate_share,
            window_seconds=account.window_seconds,
            resolved_statuses=account.resolved_statuses or ["Resolved", "Closed"],
        )
        return FreshdeskHelpdesk(FreshdeskClient(settings), score_field=account.write_back.score_field)
    zendesk = ZendeskSettings(
        subdomain=account.subdomain,
        base_url=account.base_url,
        rate_share=account.rate_share,
        update_share=account.update_share,
        resolved_statuses=account.resolved_statuses or ["solved", "closed"],
    )
    field = account.write_back.score_field
    return ZendeskHelpdesk(
        ZendeskClient(zendesk, _zendesk_auth(config, account, zendesk)),
        score_field_id=int(field) if field else None,
    )


def _zendesk_auth(config: Config, account: ZendeskAccount, settings: ZendeskSettings) -> httpx.Auth:
    auth = account.auth

    def secret(name: str | None) -> str:
        assert name is not None  # checked when the config was loaded
        return config.secret(name).get_secret_value()

    if auth.method == "oauth_token":
        return AccessToken(secret(auth.token_env))
    if auth.method == "client_credentials":
        return ClientCredentials(
            settings.token_url, secret(auth.client_id_env), secret(auth.client_secret_env)
        )
    if auth.method == "api_token":
        assert auth.email is not None
        return ApiToken(auth.email, secret(auth.token_env))
    assert auth.token_file is not None
    store = FileTokenStore(config.path(auth.token_file))
    seed = secret(auth.refresh_token_env) if auth.refresh_token_env else None
    seed_tokens(store, store.path.exists(), seed)
    where = auth.refresh_token_env or "the refresh_token_env variable"
    return RefreshRotation(
        settings.token_url,
        secret(auth.client_id_env),
        secret(auth.client_secret_env),
        store,
        reauthorise=f"authorise ticketqa's OAuth client again and put the new refresh token in {where} "
        f"(.env); the next run starts from it",
    )
