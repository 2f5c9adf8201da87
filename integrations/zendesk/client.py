"""Zendesk Support API client: changed tickets from the cursor-based incremental export, whole
conversations, and the private comment written back in one safe ticket update.

Works unchanged against the real service (`https://{subdomain}.zendesk.com`) and the local
stand-in (`base_url`). Every request goes through `integrations.http` for retries and pacing;
the incremental export (10 a minute) and ticket updates (100 a minute per account, shared with
the agents) have pacers of their own on top of the account-wide one.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from integrations.errors import AuthError, FatalError, FieldProblem, NotWritable, RequestRejected, TicketGone
from integrations.http import HelpdeskHTTP, Pacer, RetryPolicy
from integrations.zendesk.mapping import to_ticket
from integrations.zendesk.models import MetricSet, ZdComment, ZdTicket, ZdUser
from rubric.model import Ticket

USER_CACHE = 20_000  # users kept from the export's side-loads
EXPORT_LAG_SECONDS = 61  # the export never returns the last minute, and refuses a start inside it
_SUBDOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*(\.zendesk\.com)?$")
_ENDPOINT_LIMIT = re.compile(r"total=(\d+)")


class ZendeskSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subdomain: str = Field(description="'acme' or 'acme.zendesk.com'.")
    base_url: str | None = Field(default=None, description="Override, for a proxy or the stand-in.")
    resolved_statuses: list[str] = Field(default_factory=lambda: ["solved", "closed"])
    rate_share: float = Field(default=0.5, gt=0, le=1, description="Share of the account-wide limit.")
    update_share: float = Field(default=0.5, gt=0, le=1, description="Share of the ticket-update limit.")
    update_limit_per_minute: int = Field(default=100, ge=1)
    export_limit_per_minute: int = Field(default=10, ge=1)
    window_seconds: float = Field(default=60.0, gt=0)
    export_page_size: int = Field(default=1000, ge=1, le=1000)
    comment_page_size: int = Field(default=100, ge=1, le=100)
    timeout_seconds: float = Field(default=30.0, gt=0)

    @field_validator("subdomain")
    @classmethod
    def _subdomain_form(cls, value: str) -> str:
        value = value.strip().lower().removeprefix("https://").rstrip("/")
        if not _SUBDOMAIN.match(value):
            raise ValueError("use your Zendesk subdomain ('acme') or its host ('acme.zendesk.com')")
        return value.removesuffix(".zendesk.com")

    @property
    def url(self) -> str:
        return (self.base_url or f"https://{self.subdomain}.zendesk.com").rstrip("/")

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/tokens"

    def ticket_link(self, ticket_id: str) -> str:
        """Where an agent opens the ticket (the agent workspace)."""
        return f"{self.url}/agent/tickets/{ticket_id}"


@dataclass
class ExportPage:
    """One page of the incremental export. Save `cursor` once the page has been handled; it is
    there even at the end of the stream, and the next poll resumes from it."""

    tickets: list[ZdTicket]
    users: dict[int, ZdUser]
    metrics: dict[int, MetricSet]
    cursor: str | None
    end_of_stream: bool
    scanned: int = 0
    deleted: list[int] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)


def read_error(response: httpx.Response) -> tuple[str, list[FieldProblem]]:
    """Zendesk errors: {"error", "description", "details": {field: [{description, error}]}},
    {"error": "..."} for auth, or plain text (429s, edge errors)."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()[:200]
        return text or response.reason_phrase or f"HTTP {response.status_code}", []
    if not isinstance(body, dict):
        return response.reason_phrase or f"HTTP {response.status_code}", []
    problems = []
    for name, items in (body.get("details") or {}).items():
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict):
                problems.append(FieldProblem(str(name), str(item.get("description", "")), item.get("error")))
    error = body.get("error")
    message = body.get("description") or (error if isinstance(error, str) else None) or response.reason_phrase
    return str(message), problems


class ZendeskClient:
    def __init__(
        self,
        settings: ZendeskSettings,
        auth: httpx.Auth,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Any] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.clock = clock
        client = httpx.AsyncClient(
            base_url=f"{settings.url}/api/v2",
            auth=auth,
            timeout=settings.timeout_seconds,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "ticketqa"},
        )
        pacing: dict[str, Any] = {"window_seconds": settings.window_seconds}
        if sleep is not None:
            pacing["sleep"] = sleep
        self.http = HelpdeskHTTP(
            client,
            vendor="Zendesk",
            policy=policy,
            pacer=Pacer(share=settings.rate_share, **pacing),
            read_error=read_error,
            auth_hint="check the OAuth credentials in your .env and that the identity is an admin "
            "(the incremental export needs one)",
        )
        self.export_pacer = Pacer(share=1.0, limit=settings.export_limit_per_minute, **pacing)
        self.update_pacer = Pacer(
            share=settings.update_share, limit=settings.update_limit_per_minute, **pacing
        )
        self.users: dict[int, ZdUser] = {}

    async def __aenter__(self) -> ZendeskClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.http.client.aclose()

    async def me(self) -> ZdUser:
        """The identity the connector writes as: every note's author."""
        response = await self.http.request("GET", "/users/me.json")
        user = (_json(response) or {}).get("user") or {}
        if user.get("id") is None:  # Zendesk shows the anonymous user to requests it did not sign in
            raise AuthError(f"Zendesk did not sign the connector in as a user; {self.http.auth_hint}")
        return ZdUser.model_validate(user)

    async def token_scopes(self) -> list[str] | None:
        """The OAuth token's scopes, or None when Zendesk does not say (an API token, say)."""
        response = await self.http.request("GET", "/oauth/tokens/current.json", ok=(200, 401, 403, 404))
        token = (_json(response) or {}).get("token") if response.status_code == 200 else None
        scopes = token.get("scopes") if isinstance(token, dict) else None
        return [str(s) for s in scopes] if isinstance(scopes, list) else None

    async def export_probe(self) -> int:
        """One small export page from a day ago: proves the identity may use the export."""
        start = int(self.clock()) - 86_400
        await self.export_pacer.acquire()
        response = await self.http.request(
            "GET", "/incremental/tickets/cursor.json", params={"start_time": start, "per_page": 1}
        )
        return len((_json(response) or {}).get("tickets") or [])

    # --- changed tickets ------------------------------------------------------------------

    def start_time(self, start: datetime) -> int:
        """A start for the export: at least EXPORT_LAG_SECONDS in the past."""
        return min(int(start.astimezone(UTC).timestamp()), int(self.clock()) - EXPORT_LAG_SECONDS)

    async def changed(
        self, *, cursor: str | None = None, start: datetime | None = None
    ) -> AsyncIterator[ExportPage]:
        """Resolved tickets from the cursor-based incremental export, a page at a time.

        `start` is used only when there is no saved cursor (a first run or a backfill); after
        that the server's opaque cursor is followed, page after page and poll after poll.
        Deleted tickets are reported in `page.deleted` and skipped.
        """
        if cursor is None and start is None:
            raise ValueError("give a saved cursor or a start time")
        resolved = {s.lower() for s in self.settings.resolved_statuses}
        params: dict[str, Any] = {"per_page": self.settings.export_page_size, "include": "users,metric_sets"}
        if cursor is None:
            assert start is not None
            params["start_time"] = self.start_time(start)
        else:
            params["cursor"] = cursor
        seen: set[tuple[int, int | None]] = set()
        while True:
            await self.export_pacer.acquire()
            body = (await self.http.request("GET", "/incremental/tickets/cursor.json", params=params)).json()
            page = self._export_page(body, resolved, seen)
            # A repeat comes back at the boundary, at the newest time seen so far: remember just
            # those, and memory stays flat over a backfill of any size.
            newest = max((key[1] for key in seen if key[1] is not None), default=None)
            seen = {key for key in seen if key[1] is not None and newest is not None and key[1] >= newest - 1}
            yield page
            if page.end_of_stream or not page.cursor:
                return
            if page.cursor == params.get("cursor"):
                raise FatalError(
                    "Zendesk returned the same export cursor twice; stopping rather than looping"
                )
            params = {
                "per_page": self.settings.export_page_size,
                "include": "users,metric_sets",
                "cursor": page.cursor,
            }

    def _export_page(
        self, body: dict[str, Any], resolved: set[str], seen: set[tuple[int, int | None]]
    ) -> ExportPage:
        users = {u.id: u for u in (_parse(ZdUser, item) for item in body.get("users") or []) if u}
        self.users.update(users)
        if len(self.users) > USER_CACHE:  # a long backfill meets many requesters: keep the newest
            for stale in list(self.users)[: len(self.users) - USER_CACHE // 2]:
                del self.users[stale]
        metrics = {
            m.ticket_id: m for m in (_parse(MetricSet, item) for item in body.get("metric_sets") or []) if m
        }
        page = ExportPage([], users, metrics, body.get("after_cursor"), bool(body.get("end_of_stream")))
        for item in body.get("tickets") or []:
            ticket = _parse(ZdTicket, item)
            if ticket is None:
                page.malformed.append(
                    f"ticket {item.get('id') if isinstance(item, dict) else '?'}: unreadable"
                )
                continue
            key = (ticket.id, ticket.generated_timestamp)
            if key in seen:
                continue  # the same change twice across pages
            seen.add(key)
            page.scanned += 1
            if ticket.status == "deleted":
                page.deleted.append(ticket.id)
            elif ticket.status.lower() in resolved:
                page.tickets.append(ticket)
        return page

    # --- conversation ---------------------------------------------------------------------

    async def comments(self, ticket_id: int) -> list[ZdComment]:
        items: list[ZdComment] = []
        path: str | None = f"/tickets/{ticket_id}/comments.json"
        params: dict[str, Any] | None = {"page[size]": self.settings.comment_page_size}
        while path is not None:
            response = await self.http.request("GET", path, params=params, ok=(200, 404))
            if response.status_code == 404:
                raise TicketGone(f"Zendesk ticket {ticket_id} no longer exists", ticket_id=str(ticket_id))
            body = response.json()
            items += [ZdComment.model_validate(c) for c in body.get("comments") or []]
            following = (body.get("links") or {}).get("next")
            more = (body.get("meta") or {}).get("has_more")
            path, params = (_relative(following), None) if more and following else (None, None)
        return items

    async def users_for(self, ids: Iterable[int]) -> dict[int, ZdUser]:
        missing = sorted(set(ids) - self.users.keys())
        for start in range(0, len(missing), 100):
            chunk = ",".join(str(i) for i in missing[start : start + 100])
            response = await self.http.request("GET", "/users/show_many.json", params={"ids": chunk})
            for item in response.json().get("users") or []:
                user = ZdUser.model_validate(item)
                self.users[user.id] = user
        return self.users

    async def conversation(self, ticket: ZdTicket, metrics: MetricSet | None = None) -> Ticket:
        comments = await self.comments(ticket.id)
        ids = [c.author_id for c in comments if c.author_id is not None]
        users = await self.users_for([*ids, *(i for i in (ticket.requester_id, ticket.assignee_id) if i)])
        return to_ticket(ticket, comments, users, metrics)

    # --- writing --------------------------------------------------------------------------

    async def find_note(self, ticket_id: int, marker: str) -> int | None:
        for comment in await self.comments(ticket_id):
            if any(marker in (text or "") for text in (comment.html_body, comment.body, comment.plain_body)):
                return comment.id
        return None

    async def fetch(self, ticket_id: int) -> ZdTicket:
        response = await self.http.request("GET", f"/tickets/{ticket_id}.json", ok=(200, 404))
        if response.status_code == 404:
            raise TicketGone(f"Zendesk ticket {ticket_id} no longer exists", ticket_id=str(ticket_id))
        return ZdTicket.model_validate(response.json()["ticket"])

    async def metrics(self, ticket_id: int) -> MetricSet | None:
        """The ticket's metric set (reply and wait times, reopens); None when Zendesk has none."""
        response = await self.http.request("GET", f"/tickets/{ticket_id}/metrics.json", ok=(200, 404))
        if response.status_code == 404:
            return None
        body = response.json().get("ticket_metric")
        item = body[0] if isinstance(body, list) and body else body  # object or array: both seen
        return _parse(MetricSet, item) if isinstance(item, dict) else None

    async def post_note(
        self,
        ticket: ZdTicket,
        html: str,
        *,
        tags: Sequence[str] = (),
        field_id: int | None = None,
        score: float | None = None,
        attempts: int = 3,
    ) -> ZdTicket | None:
        """One ticket update: a private comment, tags added to the ticket's own, and optionally
        the score into a numeric custom field. Never a status, never another author. It is a
        safe update: a change made meanwhile by someone else is never overwritten.

        409 (the ticket changed since it was read): read it again and decide again.
        422 "closed prevents ticket update" and other refusals: NotWritable, never retried.
        Returns the ticket as our update left it when nothing else changed since `ticket` was
        read (the first update went through), else None.
        """
        for attempt in range(attempts):
            await self.update_pacer.acquire()
            try:
                response = await self.http.request(
                    "PUT",
                    f"/tickets/{ticket.id}.json",
                    json={"ticket": _update_body(ticket, html, tags, field_id, score)},
                    ok=(200, 404, 409),
                )
            except RequestRejected as exc:
                closed = "closed prevents ticket update" in str(exc).lower()
                reason = (
                    "is closed (Zendesk refuses updates to closed tickets)" if closed else f"refused: {exc}"
                )
                raise NotWritable(f"Zendesk ticket {ticket.id} {reason}", ticket_id=str(ticket.id)) from None
            self._learn_update_limit(response.headers)
            if response.status_code == 404:
                raise TicketGone(f"Zendesk ticket {ticket.id} no longer exists", ticket_id=str(ticket.id))
            if response.status_code != 409:
                updated = _parse(ZdTicket, (_json(response) or {}).get("ticket"))
                return updated if attempt == 0 else None
            ticket = await self.fetch(ticket.id)  # changed meanwhile: decide again on what is there now
            if ticket.status == "closed":
                raise NotWritable(
                    f"Zendesk ticket {ticket.id} was closed meanwhile", ticket_id=str(ticket.id)
                )
        raise NotWritable(
            f"Zendesk ticket {ticket.id} kept changing under us; left for the next run",
            ticket_id=str(ticket.id),
        )

    def _learn_update_limit(self, headers: httpx.Headers) -> None:
        found = _ENDPOINT_LIMIT.search(
            headers.get("zendesk-ratelimit-tickets-update")
            or headers.get("zendesk-rate-limit-tickets-update")
            or ""
        )
        if found:
            self.update_pacer.limit = float(found.group(1))


def _update_body(
    ticket: ZdTicket, html: str, tags: Sequence[str], field_id: int | None, score: float | None
) -> dict[str, Any]:
    body: dict[str, Any] = {"comment": {"html_body": html, "public": False}}
    if ticket.updated_at is not None:
        body["safe_update"] = True
        body["updated_stamp"] = ticket.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if tags:
        body["tags"] = list(dict.fromkeys([*ticket.tags, *tags]))
    if field_id is not None and score is not None:
        body["custom_fields"] = [{"id": field_id, "value": score}]
    return body


def _json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _parse(model: type[Any], item: Any) -> Any:
    try:
        return model.model_validate(item)
    except ValidationError:
        return None


def _relative(url: str) -> str:
    marker = "/api/v2"
    return url[url.index(marker) + len(marker) :] if marker in url else url
