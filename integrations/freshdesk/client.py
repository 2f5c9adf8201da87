"""Freshdesk API v2 client: changed tickets, whole conversations, private notes, tags.

Works unchanged against the real service (defaults are Freshdesk's own URLs) and the local
stand-in (`base_url`). Every request goes through `integrations.http` for retries and pacing.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from integrations.errors import FatalError, FieldProblem, NotWritable, RequestRejected, TicketGone
from integrations.freshdesk.agents import AgentDirectory
from integrations.freshdesk.mapping import to_ticket
from integrations.freshdesk.models import Agent, Conversation, FdTicket, TicketField
from integrations.http import HelpdeskHTTP, Pacer, RetryPolicy
from rubric.model import Ticket

LIST_INCLUDES = ("description", "requester", "stats")  # each include costs 2 more API credits
_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*(\.freshdesk\.com)?$")
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class FreshdeskSettings(BaseModel):
    """Everything the client needs; the connector builds it from config and the environment."""

    model_config = ConfigDict(extra="forbid")

    domain: str = Field(description="Your subdomain ('acme') or full host ('acme.freshdesk.com').")
    api_key: SecretStr
    base_url: str | None = Field(default=None, description="Override, for a proxy or the stand-in.")
    resolved_statuses: list[str] = Field(default_factory=lambda: ["Resolved", "Closed"])
    rate_share: float = Field(default=0.5, gt=0, le=1)
    window_seconds: float = Field(default=60.0, gt=0)
    per_page: int = Field(default=100, ge=1, le=100)
    timeout_seconds: float = Field(default=30.0, gt=0)

    @field_validator("domain")
    @classmethod
    def _domain_form(cls, value: str) -> str:
        value = value.strip().lower().removeprefix("https://").rstrip("/")
        if not _DOMAIN.match(value):
            raise ValueError(
                "use your Freshdesk subdomain ('acme') or its full host ('acme.freshdesk.com'); "
                "the API does not answer on custom domains"
            )
        return value

    @property
    def url(self) -> str:
        host = self.domain if self.domain.endswith(".freshdesk.com") else f"{self.domain}.freshdesk.com"
        return (self.base_url or f"https://{host}").rstrip("/")

    def ticket_link(self, ticket_id: str) -> str:
        """Where an agent opens the ticket (the agent portal)."""
        return f"{self.url}/a/tickets/{ticket_id}"


@dataclass
class TicketPage:
    """One page of changed tickets. `checkpoint` may be saved once every ticket in the page
    (and every earlier page) has been handled: all changes up to it have been seen."""

    tickets: list[FdTicket]
    checkpoint: datetime
    scanned: int
    malformed: list[str] = field(default_factory=list)


def read_error(response: httpx.Response) -> tuple[str, list[FieldProblem]]:
    """Freshdesk's error bodies: {"description", "errors": [{field, message, code}]} or
    {"code", "message"}; anything else (HTML from a proxy, empty 404s) by its status line."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or f"HTTP {response.status_code}", []
    if not isinstance(body, dict):
        return response.reason_phrase or f"HTTP {response.status_code}", []
    problems = [
        FieldProblem(str(e.get("field", "?")), str(e.get("message", "")), e.get("code"))
        for e in body.get("errors") or []
        if isinstance(e, dict)
    ]
    message = body.get("description") or body.get("message") or response.reason_phrase
    return str(message), problems


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_link(response: httpx.Response) -> str | None:
    found = _NEXT.search(response.headers.get("link", ""))
    return found.group(1) if found else None


class FreshdeskClient:
    def __init__(
        self,
        settings: FreshdeskSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self.settings = settings
        client = httpx.AsyncClient(
            base_url=f"{settings.url}/api/v2",
            auth=httpx.BasicAuth(settings.api_key.get_secret_value(), "X"),
            timeout=settings.timeout_seconds,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "ticketqa"},
        )
        self.http = HelpdeskHTTP(
            client,
            vendor="Freshdesk",
            policy=policy,
            pacer=pacer or Pacer(share=settings.rate_share, window_seconds=settings.window_seconds),
            read_error=read_error,
            auth_hint="check FRESHDESK_API_KEY and that its agent may view and update tickets",
        )
        self.agents = AgentDirectory(self.http, self._pages)
        self.known_statuses: dict[int, str] | None = None
        # Whether `updated_since` counts its own second (the reference says likely, unconfirmed).
        # None until a list answer shows it; until then each query starts a second early.
        self.since_inclusive: bool | None = None

    async def __aenter__(self) -> FreshdeskClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self.http.client.aclose()

    # --- who and what ---------------------------------------------------------------------

    async def me(self) -> Agent:
        """The agent that owns the API key: the author of every note we write."""
        response = await self.http.request("GET", "/agents/me")
        return Agent.model_validate(response.json())

    async def statuses(self) -> dict[int, str]:
        if self.known_statuses is None:
            response = await self.http.request("GET", "/ticket_fields", params={"type": "default_status"})
            self.known_statuses = {}
            for item in response.json():
                spec = TicketField.model_validate(item)
                if spec.name == "status" and isinstance(spec.choices, dict):
                    for key, labels in spec.choices.items():
                        label = labels[0] if isinstance(labels, list) and labels else labels
                        self.known_statuses[int(key)] = str(label)
        return self.known_statuses

    async def resolved_status_ids(self) -> set[int]:
        """The configured resolved statuses, by name or number, checked against the account's."""
        known = await self.statuses()
        by_name = {name.lower(): number for number, name in known.items()}
        chosen: set[int] = set()
        for wanted in self.settings.resolved_statuses:
            if wanted.strip().isdigit() and int(wanted) in known:
                chosen.add(int(wanted))
            elif wanted.strip().lower() in by_name:
                chosen.add(by_name[wanted.strip().lower()])
            else:
                names = ", ".join(f"{n} ({i})" for i, n in sorted(known.items()))
                raise FatalError(f"resolved status '{wanted}' is not one of this account's statuses: {names}")
        return chosen

    # --- reading --------------------------------------------------------------------------

    async def changed(self, since: datetime) -> AsyncIterator[TicketPage]:
        """Resolved tickets changed since `since`, oldest change first, a page at a time.

        Each page is asked for afresh from the last change seen, because tickets updated
        while we page move to the end and plain page numbers would skip others. Until an
        answer shows that `updated_since` counts its own second, it is set a second early, so
        either reading lists everything (see `_learn_reading`). Tickets already seen at the
        same `updated_at` are dropped. Within one second (ties) the same page is asked again
        after a page with news: the tickets we wrote on have left the second, so what
        followed them has moved up into that page. Only a page of nothing but repeats steps
        to the next page number. This also never reaches the 300-page cap of one query
        unless 30,000 tickets share one second.

        A pass lists the changes made before it began (the server's clock at its first
        answer). The tickets it writes on move to the end of the list: chasing them would
        list each twice, and the next pass lists them once.
        """
        resolved = await self.resolved_status_ids()
        cursor, page = since, 1
        cutoff: datetime | None = None
        seen: dict[int, datetime] = {}
        while True:
            params = self._list_params(cursor, page)
            response = await self._list_page(params)
            cutoff = cutoff or _server_time(response)
            parsed, malformed = _parse_tickets(response.json())
            self._learn_reading(params["updated_since"], parsed)
            items = [t for t in parsed if cutoff is None or t.updated_at <= cutoff]
            cut = len(items) < len(parsed)
            fresh = [t for t in items if seen.get(t.id) != t.updated_at]
            seen.update({t.id: t.updated_at for t in fresh})
            last = items[-1].updated_at if items else cursor
            eligible = [t for t in fresh if t.status in resolved and not t.spam]
            final = cut or next_link(response) is None
            checkpoint = max(last, cursor)
            if final and not cut and cutoff is not None:
                # The whole list was read up to the server's time: a quiet account's next poll
                # then starts after it, not at the last change, and is one short request. A
                # second early: a change may share the second the clock was read in.
                checkpoint = max(checkpoint, cutoff - timedelta(seconds=1))
            yield TicketPage(eligible, checkpoint=checkpoint, scanned=len(fresh), malformed=malformed)
            if final:
                return
            if not fresh:
                page += 1  # nothing but repeats: what is new lies further on
            elif last > cursor:
                cursor, page = last, 1
                seen = {i: t for i, t in seen.items() if t >= cursor - timedelta(seconds=1)}

    def _list_params(self, cursor: datetime, page: int) -> dict[str, Any]:
        since = cursor if self.since_inclusive else cursor - timedelta(seconds=1)
        return {
            "updated_since": _stamp(since),
            "order_by": "updated_at",
            "order_type": "asc",
            "per_page": self.settings.per_page,
            "page": page,
            "include": ",".join(LIST_INCLUDES),
        }

    def _learn_reading(self, since: str, items: list[FdTicket]) -> None:
        """A ticket changed in the very second asked for proves `updated_since` inclusive; from
        then on pages overlap by the tickets of one second, not two. Nothing can prove the
        other reading cheaply, so without proof the safe second early stays."""
        if self.since_inclusive is None and any(_stamp(t.updated_at) == since for t in items):
            self.since_inclusive = True

    async def _list_page(self, params: dict[str, Any]) -> httpx.Response:
        credits = 1 + 2 * len(LIST_INCLUDES)
        try:
            return await self.http.request("GET", "/tickets", params=params, credits=credits)
        except RequestRejected as exc:
            if any(p.field == "page" for p in exc.problems):
                raise FatalError(
                    "Freshdesk refused page 301 of tickets changed in one second: more than 30,000 "
                    "tickets share one update time. Backfill from a later date."
                ) from None
            raise

    async def _pages(self, path: str, params: dict[str, Any]) -> AsyncIterator[Any]:
        url: str | None = path
        query: dict[str, Any] | None = params
        while url is not None:
            response = await self.http.request("GET", url, params=query)
            for item in response.json():
                yield item
            following = next_link(response)
            url, query = (_relative(following), None) if following else (None, None)

    async def fetch(self, ticket_id: int, *, includes: tuple[str, ...] = ("requester", "stats")) -> FdTicket:
        """One ticket, description included. Each include costs 2 more credits: ask only for
        what the caller uses."""
        params = {"include": ",".join(includes)} if includes else None
        response = await self.http.request(
            "GET", f"/tickets/{ticket_id}", params=params, credits=1 + 2 * len(includes), ok=(200, 404)
        )
        if response.status_code == 404:
            raise TicketGone(f"Freshdesk ticket {ticket_id} no longer exists", ticket_id=str(ticket_id))
        return FdTicket.model_validate(response.json())

    async def conversations(self, ticket_id: int) -> list[Conversation]:
        items: list[Conversation] = []
        path = f"/tickets/{ticket_id}/conversations"
        try:
            async for item in self._pages(path, {"per_page": 100}):
                items.append(Conversation.model_validate(item))
        except RequestRejected as exc:
            if exc.status == 404:
                raise TicketGone(
                    f"Freshdesk ticket {ticket_id} no longer exists", ticket_id=str(ticket_id)
                ) from None
            raise
        return items

    async def conversation(self, ticket: FdTicket) -> tuple[Ticket, list[Conversation]]:
        """The whole conversation of a listed ticket, mapped to the shared model."""
        items = await self.conversations(ticket.id)
        # The requester is a contact, never an agent: looking them up would cost a call a ticket.
        authors = [c.user_id for c in items if c.user_id is not None and c.user_id != ticket.requester_id]
        agents = await self.agents.among([*authors, *([ticket.responder_id] if ticket.responder_id else [])])
        return to_ticket(ticket, items, agents, await self.statuses()), items

    # --- writing --------------------------------------------------------------------------

    async def find_note(self, ticket_id: int, marker: str) -> int | None:
        """The id of a note on the ticket that carries `marker`, if there is one."""
        for item in await self.conversations(ticket_id):
            if marker in (item.body or "") or marker in (item.body_text or ""):
                return item.id
        return None

    async def post_note(self, ticket_id: int, html: str) -> Conversation:
        """Add a private note and return it. Raises NotWritable, TicketGone or ResponseLost."""
        try:
            response = await self.http.request(
                "POST",
                f"/tickets/{ticket_id}/notes",
                json={"body": html, "private": True},
                ok=(200, 201, 404),
            )
        except RequestRejected as exc:
            raise NotWritable(
                f"Freshdesk refused a note on ticket {ticket_id}: {exc}", ticket_id=str(ticket_id)
            ) from None
        if response.status_code == 404:
            raise await self._missing(ticket_id)
        return Conversation.model_validate(response.json())

    async def add_tags(self, ticket_id: int, tags: list[str]) -> tuple[bool, datetime | None]:
        """Add tags without dropping the ticket's others (a PUT with tags replaces the list).
        Returns whether it wrote, and the ticket's `updated_at` after the write when known."""
        current = (await self.fetch(ticket_id, includes=())).tags
        merged = list(dict.fromkeys([*current, *tags]))
        if merged == current:
            return False, None
        return True, await self._update(ticket_id, {"tags": merged})

    async def set_field(self, ticket_id: int, name: str, value: object) -> datetime | None:
        return await self._update(ticket_id, {"custom_fields": {name: value}})

    async def _update(self, ticket_id: int, body: dict[str, Any]) -> datetime | None:
        """Update the ticket; its `updated_at` afterwards, None when the answer does not say."""
        try:
            response = await self.http.request("PUT", f"/tickets/{ticket_id}", json=body, ok=(200, 404))
        except RequestRejected as exc:
            raise NotWritable(
                f"Freshdesk refused an update to ticket {ticket_id}: {exc}", ticket_id=str(ticket_id)
            ) from None
        if response.status_code == 404:
            raise await self._missing(ticket_id)
        try:
            return FdTicket.model_validate(response.json()).updated_at
        except ValueError:  # the write went through; only its echo is unreadable
            return None

    async def _missing(self, ticket_id: int) -> TicketGone | NotWritable:
        """A write answered 404: archived tickets live elsewhere and are read-only."""
        archived = await self.http.request("GET", f"/tickets/archived/{ticket_id}", ok=(200, 404))
        if archived.status_code == 200:
            return NotWritable(
                f"Freshdesk ticket {ticket_id} is archived (read-only)", ticket_id=str(ticket_id)
            )
        return TicketGone(f"Freshdesk ticket {ticket_id} no longer exists", ticket_id=str(ticket_id))


def _server_time(response: httpx.Response) -> datetime | None:
    """The Date header: the server's clock, rounded down to the second."""
    try:
        moment = parsedate_to_datetime(response.headers.get("date", ""))
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _relative(url: str) -> str:
    """Link headers carry absolute URLs; keep the part after /api/v2 for our base URL."""
    marker = "/api/v2"
    return url[url.index(marker) + len(marker) :] if marker in url else url


def _parse_tickets(payload: Any) -> tuple[list[FdTicket], list[str]]:
    if not isinstance(payload, list):
        raise FatalError("Freshdesk answered the ticket list with something other than a list")
    tickets, malformed = [], []
    for item in payload:
        try:
            tickets.append(FdTicket.model_validate(item))
        except ValidationError as exc:
            ident = item.get("id") if isinstance(item, dict) else None
            malformed.append(f"ticket {ident}: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}")
    tickets.sort(key=lambda t: (t.updated_at, t.id))
    return tickets, malformed
