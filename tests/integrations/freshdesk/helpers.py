"""Shared builders for the Freshdesk tests: settings, a client whose sleeps never wait, payloads."""

from __future__ import annotations

import random
from typing import Any

import httpx

from integrations.freshdesk.client import FreshdeskClient, FreshdeskSettings
from integrations.http import Pacer, RetryPolicy
from tests.helpers import Sleeps

API = "https://acme.freshdesk.com/api/v2"
KEY = "fd-secret-key-0123456789"


def client(
    base_url: str | None = None,
    *,
    per_page: int = 100,
    timeout: float = 30.0,
    sleeps: Sleeps | None = None,
    **settings: Any,
) -> FreshdeskClient:
    sleep = sleeps or Sleeps()
    return FreshdeskClient(
        FreshdeskSettings(
            domain="acme",
            api_key=KEY,
            base_url=base_url,
            per_page=per_page,
            timeout_seconds=timeout,
            **settings,
        ),
        policy=RetryPolicy(sleep=sleep, rng=random.Random(3)),
        pacer=Pacer(sleep=sleep),
    )


def ticket(ticket_id: int, updated_at: str, *, status: int = 4, **fields: Any) -> dict[str, Any]:
    return {
        "id": ticket_id,
        "status": status,
        "subject": f"T{ticket_id}",
        "source": 1,
        "priority": 1,
        "requester_id": 500,
        "responder_id": 7,
        "created_at": "2026-11-01T09:00:00Z",
        "updated_at": updated_at,
        "tags": [],
        "custom_fields": {},
        "description": "<p>Help</p>",
        "description_text": "Help",
        "requester": {"id": 500, "name": "Maria Lopez", "email": "m@example.com"},
        "stats": {"first_responded_at": "2026-11-01T10:00:00Z", "resolved_at": updated_at},
        **fields,
    }


STATUS_FIELDS = [
    {
        "name": "status",
        "choices": {
            "2": ["Open", "Being Processed"],
            "3": ["Pending", "Awaiting your Reply"],
            "4": ["Resolved", "Resolved"],
            "5": ["Closed", "Closed"],
            "6": ["Waiting on Third Party", "Waiting"],
        },
    }
]


def link(page: int) -> dict[str, str]:
    return {"Link": f'<{API}/tickets?page={page}&per_page=2>; rel="next"'}


def mock_setup(router: Any) -> None:
    """The calls every run makes first: statuses, and the agent list."""
    router.get(f"{API}/ticket_fields").mock(return_value=httpx.Response(200, json=STATUS_FIELDS))
    router.get(f"{API}/agents").mock(
        return_value=httpx.Response(
            200, json=[{"id": 7, "contact": {"name": "Sam Park", "email": "sam@x.example"}}]
        )
    )
