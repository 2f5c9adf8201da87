"""Builders for the Zendesk tests."""

from __future__ import annotations

import random
from typing import Any

from integrations.http import RetryPolicy
from integrations.zendesk.auth import AccessToken
from integrations.zendesk.client import ZendeskClient, ZendeskSettings
from tests.helpers import Sleeps

API = "https://acme.zendesk.com/api/v2"


def client(
    base_url: str | None = None,
    *,
    auth: Any = None,
    sleeps: Sleeps | None = None,
    clock: Any = None,
    **settings: Any,
) -> ZendeskClient:
    sleep = sleeps or Sleeps()
    extra = {"clock": clock} if clock is not None else {}
    return ZendeskClient(
        ZendeskSettings(subdomain="acme", base_url=base_url, **settings),
        auth or AccessToken("token-abc"),
        policy=RetryPolicy(sleep=sleep, rng=random.Random(5)),
        sleep=sleep,
        **extra,
    )


def ticket(ticket_id: int, stamp: int, *, status: str = "solved", **fields: Any) -> dict[str, Any]:
    return {
        "id": ticket_id,
        "status": status,
        "subject": f"T{ticket_id}",
        "requester_id": 91,
        "assignee_id": 7,
        "created_at": "2026-11-02T09:00:00Z",
        "updated_at": "2026-11-03T10:00:00Z",
        "generated_timestamp": stamp,
        "tags": ["vip"],
        "via": {"channel": "email"},
        **fields,
    }


def export(tickets: list[dict[str, Any]], cursor: str | None, end: bool, **extra: Any) -> dict[str, Any]:
    return {"tickets": tickets, "after_cursor": cursor, "end_of_stream": end, "before_cursor": None, **extra}
