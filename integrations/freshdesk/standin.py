"""A local stand-in for Freshdesk API v2, on loopback, for the demo, end-to-end tests and
benchmarks. It follows the rules a connector must cope with, as recorded from the real API:

- ticket lists: `updated_since` (inclusive), ordering with ties by id, `per_page` ≤ 100, Link
  headers, 400 on page 301, only the last 30 days without `updated_since`, includes that cost
  2 credits each, no spam;
- conversations paged the same way; the description kept out of them;
- notes bump the ticket's `updated_at` (so our own note brings the ticket back), archived
  tickets live under /tickets/archived/{id} and are read-only, PUT replaces tags;
- a per-minute credit limit with X-RateLimit-* headers and 429 + Retry-After, on a time scale
  (`time_scale=60` makes a minute last one second);
- the faults of `integrations.standin.Fault`, and a record of every write.
The endpoints themselves are in `standin_api.py`.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from integrations.standin import Answer, Fault, StandIn, iso, parse_iso

__all__ = ["INCLUDES", "PAGE_LIMIT", "STATUSES", "Answer", "Fault", "FreshdeskStandIn", "iso", "parse_iso"]

STATUSES = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed", 6: "Waiting on Customer"}
INCLUDES = {"description", "requester", "stats", "company"}
UNAUTHORIZED = {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."}
PAGE_LIMIT = {
    "description": "Validation failed",
    "errors": [
        {
            "field": "page",
            "message": "You cannot access tickets beyond the 300th page. "
            "Please provide a smaller page number.",
            "code": "invalid_value",
        }
    ],
}


class FreshdeskStandIn(StandIn):
    name = "freshdesk-standin"

    def __init__(
        self,
        *,
        api_key: str = "standin-api-key",
        rate_limit: int | None = 700,
        time_scale: float = 1.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(rate_limit=rate_limit, time_scale=time_scale, clock=clock)
        self.api_key = api_key
        self.tickets: dict[int, dict[str, Any]] = {}
        self.archived: dict[int, dict[str, Any]] = {}
        self.conversations: dict[int, list[dict[str, Any]]] = {}
        self.agents: dict[int, dict[str, Any]] = {}
        self.contacts: dict[int, dict[str, Any]] = {}
        self.me_id = self.add_agent("ticketqa", "qa-bot@example.com")  # the API key's own agent

    # --- data -----------------------------------------------------------------------------

    def add_agent(self, name: str, email: str) -> int:
        agent_id = self.next_id()
        self.agents[agent_id] = {
            "id": agent_id,
            "type": "support_agent",
            "occasional": False,
            "available": True,
            "ticket_scope": 1,
            "contact": {"name": name, "email": email, "active": True},
        }
        return agent_id

    def add_contact(self, name: str | None, email: str | None) -> int:
        contact_id = self.next_id()
        self.contacts[contact_id] = {
            "id": contact_id,
            "name": name,
            "email": email,
            "mobile": None,
            "phone": None,
        }
        return contact_id

    def add_ticket(
        self,
        ticket: dict[str, Any],
        conversations: list[dict[str, Any]] | None = None,
        *,
        archived: bool = False,
    ) -> int:
        with self.lock:
            ticket_id = int(ticket.get("id") or self.next_id())
            ticket = {
                "priority": 1,
                "source": 1,
                "tags": [],
                "custom_fields": {},
                "spam": False,
                "group_id": None,
                "responder_id": None,
                "type": None,
                **ticket,
                "id": ticket_id,
            }
            (self.archived if archived else self.tickets)[ticket_id] = ticket
            self.conversations[ticket_id] = [dict(c, ticket_id=ticket_id) for c in conversations or []]
            return ticket_id

    def touch(self, ticket_id: int) -> None:
        """Any change moves updated_at forward, as on the real service."""
        self.tickets[ticket_id]["updated_at"] = iso(self.now())

    def reply(self, ticket_id: int, body: str, *, by_agent: bool, private: bool = False) -> int:
        """A human writes on the ticket: the conversation, the reply stamps and updated_at move."""
        with self.lock:
            ticket = self.tickets[ticket_id]
            now = iso(self.now())
            item_id = self.next_id()
            self.conversations[ticket_id].append(
                {
                    "id": item_id,
                    "ticket_id": ticket_id,
                    "user_id": ticket["responder_id"] if by_agent else ticket["requester_id"],
                    "body": body,
                    "body_text": body,
                    "incoming": not by_agent,
                    "private": private,
                    "source": 2 if private else 0,
                    "category": 2 if private else 3,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if not private:
                stamp = "agent_responded_at" if by_agent else "requester_responded_at"
                ticket.setdefault("stats", {})[stamp] = now
            self.touch(ticket_id)
            return item_id

    def archive(self, ticket_id: int) -> None:
        with self.lock:
            self.archived[ticket_id] = self.tickets.pop(ticket_id)

    def notes_by_us(self, ticket_id: int) -> list[dict[str, Any]]:
        return [
            c
            for c in self.conversations.get(ticket_id, [])
            if c.get("user_id") == self.me_id and c["private"]
        ]

    def link(self, path: str, query: dict[str, str], page: int) -> str:
        return f'<{self.base_url}{path}?{urlencode({**query, "page": str(page)})}>; rel="next"'

    # --- the StandIn hooks ----------------------------------------------------------------

    def authorize(self, headers: Mapping[str, str]) -> Answer | None:
        expected = "Basic " + base64.b64encode(f"{self.api_key}:X".encode()).decode()
        return None if headers.get("authorization") == expected else Answer(401, UNAUTHORIZED)

    def cost(self, method: str, path: str, query: dict[str, str]) -> list[tuple[str, float, int]]:
        if self.rate_limit is None:
            return []
        includes = [i for i in query.get("include", "").split(",") if i]
        return [("account", 1.0 + 2 * len(includes), self.rate_limit)]

    def rate_headers(self, spent: list[tuple[str, float, int, float]]) -> dict[str, str]:
        if not spent:
            return {}
        _, credits, limit, used = spent[0]
        return {
            "X-RateLimit-Total": f"{float(limit)}",
            "X-RateLimit-Remaining": f"{float(limit - used)}",
            "X-RateLimit-Used-CurrentRequest": f"{float(credits)}",
        }

    def too_many(self, name: str, limit: int, used: float, retry_after: int) -> Answer:
        return Answer(
            429,
            {"message": "Rate limit exceeded"},
            {
                "Retry-After": str(retry_after),
                "X-RateLimit-Total": f"{limit}",
                "X-RateLimit-Remaining": f"{max(0.0, limit - used)}",
                "X-RateLimit-Used-CurrentRequest": "0",
            },
        )

    def route(
        self, method: str, path: str, query: dict[str, str], body: Any, headers: Mapping[str, str]
    ) -> Answer:
        from integrations.freshdesk.standin_api import route  # the endpoints, kept in their own module

        return route(self, method, path, query, body)
