"""A local stand-in for the Zendesk Support API on loopback, following the rules in
shared/reference/zendesk-api.md:

- OAuth: `/oauth/tokens` with the client-credentials and refresh-token grants (a refresh
  returns a new pair and kills the old refresh token), expiring access tokens, 401s after;
- the cursor-based incremental export: `start_time` at least a minute old, changes of the last
  minute held back, ordering by `generated_timestamp`, an `after_cursor` even at
  `end_of_stream`, deleted tickets in the stream, users and metric sets side-loaded;
- comments with cursor pages (`page[size]`, `meta.has_more`, `links.next`; a full last page is
  followed by an empty one, as on the real service);
- ticket updates: the comment, tags that replace the list, safe updates (409), 422 on closed
  tickets, `updated_at` and `generated_timestamp` bumped by every update;
- limits per (scaled) minute: the account's, 10 for the export, 100 for ticket updates, with
  every rate-limit header name Zendesk has used, and plain-text 429s with Retry-After;
- the faults of `integrations.standin.Fault`, and a record of every write.
"""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any

from integrations.standin import Answer, StandIn, iso

NOT_FOUND = Answer(404, {"error": "RecordNotFound", "description": "Not found"})
UNAUTHENTICATED = Answer(401, {"error": "Couldn't authenticate you"})
CLOSED = Answer(
    422,
    {
        "error": "RecordInvalid",
        "description": "Record validation errors",
        "details": {"status": [{"description": "Status: closed prevents ticket update"}]},
    },
)
CONFLICT = Answer(
    409,
    {
        "error": "UpdateConflict",
        "description": "Safe Update prevented the update due to "
        "outdated ticket data. Please fetch the latest ticket data and try again.",
    },
)
FORBIDDEN = Answer(403, {"error": "Forbidden", "description": "You do not have access to this page."})
LAG_SECONDS = 60


def _cursor(stamp: int, ticket_id: int) -> str:
    return base64.b64encode(f"{stamp}.0||{ticket_id}|".encode()).decode()


def _position(cursor: str) -> tuple[int, int] | None:
    try:
        stamp, _, rest = base64.b64decode(cursor.encode()).decode().partition("||")
        return int(float(stamp)), int(rest.strip("|"))
    except (ValueError, UnicodeDecodeError):
        return None


class ZendeskStandIn(StandIn):
    name = "zendesk-standin"

    def __init__(
        self,
        *,
        client_id: str = "ticketqa",
        client_secret: str = "standin-secret",
        rate_limit: int | None = 700,
        export_limit: int = 10,
        update_limit: int = 100,
        token_lifetime: int = 7200,
        time_scale: float = 1.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(rate_limit=rate_limit, time_scale=time_scale, clock=clock)
        self.client_id, self.client_secret = client_id, client_secret
        self.export_limit, self.update_limit = export_limit, update_limit
        self.token_lifetime = token_lifetime
        self.access_tokens: dict[str, float] = {}  # token → expiry (epoch)
        self.refresh_tokens: set[str] = set()
        self.token_grants: list[str] = []
        self.users: dict[int, dict[str, Any]] = {}
        self.tickets: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.metric_sets: dict[int, dict[str, Any]] = {}
        self.token_scopes = ["read", "write"]  # what /oauth/tokens/current tells of any token
        self.me_id = self.add_user("ticketqa", "qa-bot@example.com", "admin")

    # --- data -----------------------------------------------------------------------------

    def add_user(self, name: str | None, email: str | None, role: str) -> int:
        user_id = self.next_id()
        self.users[user_id] = {"id": user_id, "name": name, "email": email, "role": role, "active": True}
        return user_id

    def add_ticket(
        self, ticket: dict[str, Any], comments: list[dict[str, Any]], metrics: dict[str, Any] | None = None
    ) -> int:
        with self.lock:
            ticket_id = int(ticket.get("id") or self.next_id())
            self.tickets[ticket_id] = {
                "tags": [],
                "custom_fields": [],
                "via": {"channel": "email"},
                "assignee_id": None,
                "group_id": None,
                "brand_id": None,
                **ticket,
                "id": ticket_id,
            }
            self.comments[ticket_id] = [
                {"type": "Comment", "attachments": [], "metadata": {}, **c} for c in comments
            ]
            self.metric_sets[ticket_id] = {"ticket_id": ticket_id, "reopens": 0, **(metrics or {})}
            return ticket_id

    def issue_token(self) -> str:
        token = secrets.token_hex(16)
        self.access_tokens[token] = self.clock() + self.token_lifetime
        return token

    def issue_refresh_token(self) -> str:
        token = secrets.token_hex(16)
        self.refresh_tokens.add(token)
        return token

    def touch(self, ticket_id: int) -> None:
        """Any change moves updated_at and generated_timestamp forward, as on the real service."""
        self.tickets[ticket_id]["updated_at"] = iso(self.now())
        self.tickets[ticket_id]["generated_timestamp"] = int(self.clock())

    def reply(self, ticket_id: int, body: str, *, by_agent: bool, public: bool = True) -> int:
        """A human comments: the comments, the metric set's update stamps and updated_at move."""
        with self.lock:
            ticket = self.tickets[ticket_id]
            author = ticket["assignee_id"] if by_agent else ticket["requester_id"]
            now = iso(self.now())
            comment_id = self.next_id()
            self.comments[ticket_id].append(
                {
                    "id": comment_id,
                    "type": "Comment",
                    "author_id": author,
                    "body": body,
                    "html_body": f"<p>{body}</p>",
                    "plain_body": body,
                    "public": public,
                    "created_at": now,
                    "attachments": [],
                    "via": {"channel": "web"},
                    "metadata": {},
                }
            )
            stamp = "assignee_updated_at" if by_agent else "requester_updated_at"
            self.metric_sets[ticket_id][stamp] = now
            self.touch(ticket_id)
            return comment_id

    def set_status(self, ticket_id: int, status: str) -> None:
        with self.lock:
            self.tickets[ticket_id]["status"] = status
            self.touch(ticket_id)

    def notes_by_us(self, ticket_id: int) -> list[dict[str, Any]]:
        return [
            c for c in self.comments.get(ticket_id, []) if c["author_id"] == self.me_id and not c["public"]
        ]

    # --- the StandIn hooks ----------------------------------------------------------------

    def authorize(self, headers: Mapping[str, str]) -> Answer | None:
        value = headers.get("authorization", "")
        if value.startswith("Bearer "):
            expiry = self.access_tokens.get(value.removeprefix("Bearer "))
            return None if expiry is not None and expiry > self.clock() else UNAUTHENTICATED
        return UNAUTHENTICATED

    def cost(self, method: str, path: str, query: dict[str, str]) -> list[tuple[str, float, int]]:
        budgets = [] if self.rate_limit is None else [("account", 1.0, self.rate_limit)]
        if path.startswith("/api/v2/incremental/"):
            budgets.append(("export", 1.0, self.export_limit))
        if method == "PUT" and path.startswith("/api/v2/tickets/"):
            budgets.append(("tickets-update", 1.0, self.update_limit))
        return budgets

    def rate_headers(self, spent: list[tuple[str, float, int, float]]) -> dict[str, str]:
        headers: dict[str, str] = {}
        reset = str(int(60 / self.time_scale - self.clock() % (60 / self.time_scale)))
        for name, _, limit, used in spent:
            remaining = str(int(limit - used))
            if name == "account":
                headers.update(
                    {
                        "X-Rate-Limit": str(limit),
                        "X-Rate-Limit-Remaining": remaining,
                        "ratelimit-limit": str(limit),
                        "ratelimit-remaining": remaining,
                        "ratelimit-reset": reset,
                    }
                )
            else:
                headers[f"zendesk-ratelimit-{name}"] = f"total={limit}; remaining={remaining}; resets={reset}"
        return headers

    def too_many(self, name: str, limit: int, used: float, retry_after: int) -> Answer:
        return Answer(
            429,
            None,
            {"Retry-After": str(retry_after), "X-Rate-Limit": str(limit), "X-Rate-Limit-Remaining": "0"},
            raw=b"Number of allowed API requests per minute exceeded",
        )

    def serve(self, method: str, target: str, body: bytes, headers: Mapping[str, str]) -> Answer:
        if target.startswith("/oauth/tokens"):
            return self._token(body)  # no bearer needed to get one
        return super().serve(method, target, body, headers)

    def _token(self, body: bytes) -> Answer:
        import json
        from urllib.parse import parse_qs

        try:
            form = json.loads(body)
        except ValueError:
            form = {k: v[-1] for k, v in parse_qs(body.decode()).items()}
        with self.lock:
            if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
                return Answer(
                    401, {"error": "invalid_client", "error_description": "Client authentication failed"}
                )
            grant = form.get("grant_type")
            self.token_grants.append(str(grant))
            answer: dict[str, Any] = {
                "token_type": "bearer",
                "scope": form.get("scope", "read write"),
                "expires_in": self.token_lifetime,
            }
            # 201 Created, as Zendesk's OpenAPI document gives for POST /oauth/tokens.
            if grant == "client_credentials":
                return Answer(201, {**answer, "access_token": self.issue_token()})
            if grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
                self.refresh_tokens.discard(form["refresh_token"])  # the old one dies with the refresh
                return Answer(
                    201,
                    {
                        **answer,
                        "access_token": self.issue_token(),
                        "refresh_token": self.issue_refresh_token(),
                        "refresh_token_expires_in": 2592000,
                    },
                )
            return Answer(
                400, {"error": "invalid_grant", "error_description": "The refresh token is invalid"}
            )

    def route(
        self, method: str, path: str, query: dict[str, str], body: Any, headers: Mapping[str, str]
    ) -> Answer:
        from integrations.zendesk.standin_api import route  # the endpoints, kept in their own module

        return route(self, method, path, query, body)
