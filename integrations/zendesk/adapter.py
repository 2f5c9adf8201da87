"""Zendesk as the connector sees it: the `integrations.protocol.Helpdesk` interface."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

from integrations.errors import HelpdeskError
from integrations.http import Usage
from integrations.protocol import ChangePage, Check, Listed, Written, activity_stamp
from integrations.zendesk.client import ZendeskClient
from integrations.zendesk.models import MetricSet, ZdTicket, ZdUser
from rubric.model import Ticket


class ZendeskHelpdesk:
    """Positions are the export's opaque cursor."""

    vendor = "zendesk"

    def __init__(self, client: ZendeskClient, *, score_field_id: int | None = None) -> None:
        self.client = client
        self.score_field_id = score_field_id

    async def identity(self) -> str:
        return str((await self.client.me()).id)

    async def changes(self, position: str | None, start: datetime) -> AsyncIterator[ChangePage]:
        async for page in self.client.changed(cursor=position, start=None if position else start):
            yield ChangePage(
                [_listed(t, page.metrics.get(t.id)) for t in page.tickets],
                page.cursor or (position or ""),
                page.scanned,
                list(page.malformed),
                [str(i) for i in page.deleted],
                page.end_of_stream,
            )

    async def listed(self, ticket_id: str) -> Listed:
        ticket = await self.client.fetch(int(ticket_id))
        return _listed(ticket, await self.client.metrics(ticket.id))

    async def conversation(self, listed: Listed) -> Ticket:
        ticket, metrics = listed.handle
        return await self.client.conversation(ticket, metrics)

    async def find_note(self, ticket_id: str, marker: str) -> str | None:
        found = await self.client.find_note(int(ticket_id), marker)
        return None if found is None else str(found)

    async def post_note(
        self, listed: Listed, html: str, *, tags: Sequence[str], score: float | None
    ) -> Written:
        ticket, metrics = listed.handle
        updated = await self.client.post_note(
            ticket, html, tags=tags, field_id=self.score_field_id, score=score
        )
        # One update carries the note, the tags and the field: all or nothing, no warnings.
        return Written(activity=None if updated is None else activity(updated, metrics))

    async def finish(self, listed: Listed, *, tags: Sequence[str], score: float | None) -> Written:
        return Written()  # the note, its tags and its field went in one update: nothing is left

    async def preflight(self) -> list[Check]:
        try:
            me = await self.client.me()
        except HelpdeskError as exc:
            return [Check("credentials", "fail", str(exc))]
        checks = [Check("credentials", "ok", f"signed in as {me.name} <{me.email}>, user {me.id}")]
        if me.role == "admin":
            checks.append(Check("permissions", "ok", "an admin, as the incremental export needs"))
        else:
            checks.append(
                Check(
                    "permissions",
                    "fail",
                    f"the user's role is {me.role}: the incremental export needs an admin; "
                    "sign in as (or issue the OAuth token for) an admin",
                )
            )
        try:
            found = await self.client.export_probe()
            checks.append(
                Check("change feed", "ok", f"the export answered ({found} ticket(s) from a day ago on)")
            )
        except HelpdeskError as exc:
            checks.append(Check("change feed", "fail", str(exc)))
        checks.append(await self._write_check(me))
        return checks

    async def _write_check(self, me: ZdUser) -> Check:
        """Whether a private comment would be accepted; Zendesk has no way to ask for certain."""
        if me.role not in ("agent", "admin"):
            return Check(
                "write",
                "fail",
                f"the user's role is {me.role}, which cannot add private comments; use an agent or admin",
            )
        try:
            scopes = await self.client.token_scopes()
        except HelpdeskError as exc:
            return Check("write", "warn", f"could not read the token's scopes ({exc})")
        if scopes is not None and not {"write", "tickets:write"} & set(scopes):
            return Check(
                "write",
                "fail",
                f"the OAuth token's scopes ({' '.join(scopes)}) do not allow ticket updates; "
                "issue it with 'write' or 'tickets:write'",
            )
        if me.ticket_restriction:
            return Check(
                "write",
                "warn",
                f"the user sees only tickets by '{me.ticket_restriction}': notes land on those only",
            )
        granted = (
            "scopes " + " ".join(scopes) if scopes is not None else "an API token, with the user's rights"
        )
        return Check("write", "ok", f"private comments allowed ({me.role}, {granted}); nothing was written")

    def facts(self) -> dict[str, Any]:
        return {}  # the export carries all it needs

    def remember(self, facts: dict[str, Any]) -> None:
        pass

    def usage(self) -> Usage:
        return self.client.http.usage()

    async def close(self) -> None:
        await self.client.http.client.aclose()


def _listed(ticket: ZdTicket, metrics: MetricSet | None) -> Listed:
    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return Listed(
        str(ticket.id),
        (ticket, metrics),
        list(ticket.tags),
        group=text(ticket.group_id),
        brand=text(ticket.brand_id),
        channel=text(ticket.via.channel if ticket.via else None),
        changed_at=None
        if ticket.generated_timestamp is None
        else datetime.fromtimestamp(ticket.generated_timestamp, UTC),
        activity=activity(ticket, metrics),
        final=ticket.status.lower() == "closed",
    )


def activity(ticket: ZdTicket, metrics: MetricSet | None) -> str | None:
    """Last change plus when the requester and the assignee last updated it: a reply folded
    into the second of our own note still moves one of those."""
    if ticket.updated_at is None or metrics is None:
        return None  # without the reply stamps a change could hide behind our own
    return activity_stamp(ticket.updated_at, metrics.requester_updated_at, metrics.assignee_updated_at)
