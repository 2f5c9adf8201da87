"""Zendesk as the connector sees it: the `integrations.protocol.Helpdesk` interface."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

from integrations.protocol import ChangePage, Listed
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
            problems = [*page.malformed, *(f"ticket {i}: deleted" for i in page.deleted)]
            listed = [_listed(t, page.metrics.get(t.id)) for t in page.tickets]
            yield ChangePage(
                listed, page.cursor or (position or ""), page.scanned, problems, page.end_of_stream
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
    ) -> list[str]:
        ticket: ZdTicket = listed.handle[0]
        await self.client.post_note(ticket, html, tags=tags, field_id=self.score_field_id, score=score)
        return []  # one update carries the note, the tags and the field: all or nothing

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
    )
