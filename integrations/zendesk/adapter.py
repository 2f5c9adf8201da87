"""Zendesk as the connector sees it: the `integrations.protocol.Helpdesk` interface."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

from integrations.http import Usage
from integrations.protocol import ChangePage, Listed, Written, activity_stamp
from integrations.zendesk.client import ZendeskClient
from integrations.zendesk.models import MetricSet, ZdTicket
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
