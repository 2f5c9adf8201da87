"""Freshdesk as the connector sees it: the `integrations.protocol.Helpdesk` interface."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from integrations.errors import HelpdeskError, NotWritable
from integrations.freshdesk.client import FreshdeskClient
from integrations.freshdesk.mapping import CHANNELS
from integrations.freshdesk.models import Agent, FdTicket, Stats
from integrations.http import Usage
from integrations.protocol import ChangePage, Check, Listed, Written, activity_stamp
from rubric.model import Ticket

log = logging.getLogger("ticketqa.freshdesk")


class FreshdeskHelpdesk:
    """Positions are the checkpoint time, ISO 8601; resuming re-reads `overlap` seconds."""

    vendor = "freshdesk"

    def __init__(
        self, client: FreshdeskClient, *, overlap_seconds: int = 120, score_field: str | None = None
    ) -> None:
        self.client = client
        self.overlap = overlap_seconds
        self.score_field = score_field

    async def identity(self) -> str:
        return str((await self.client.me()).id)

    async def changes(self, position: str | None, start: datetime) -> AsyncIterator[ChangePage]:
        since = datetime.fromisoformat(position) - timedelta(seconds=self.overlap) if position else start
        async for page in self.client.changed(since):
            yield ChangePage(
                [_listed(t) for t in page.tickets],
                page.checkpoint.isoformat(),
                page.scanned,
                list(page.malformed),
            )

    async def listed(self, ticket_id: str) -> Listed:
        return _listed(await self.client.fetch(int(ticket_id)))

    async def conversation(self, listed: Listed) -> Ticket:
        handle: FdTicket = listed.handle
        ticket, _ = await self.client.conversation(handle)
        return ticket

    async def find_note(self, ticket_id: str, marker: str) -> str | None:
        found = await self.client.find_note(int(ticket_id), marker)
        return None if found is None else str(found)

    async def post_note(
        self, listed: Listed, html: str, *, tags: Sequence[str], score: float | None
    ) -> Written:
        ticket_id = int(listed.ticket_id)
        note = await self.client.post_note(ticket_id, html)
        # The ticket's updated_at after our last write; if Freshdesk stamps the ticket a moment
        # after the note, the next listing just reads the conversation once more.
        return await self._extras(listed, tags, score, note.updated_at or note.created_at)

    async def finish(self, listed: Listed, *, tags: Sequence[str], score: float | None) -> Written:
        missing = [t for t in tags if t not in listed.tags]
        if not missing and (self.score_field is None or score is None):
            return Written()
        return await self._extras(listed, missing, score, None)

    async def _extras(
        self, listed: Listed, tags: Sequence[str], score: float | None, last_write: datetime | None
    ) -> Written:
        """Tags, then the score field: the note is in; a refused extra (a closed ticket's
        required fields, say) is reported, not raised."""
        ticket_id, written = int(listed.ticket_id), Written()
        try:
            if tags:
                wrote, stamp = await self.client.add_tags(ticket_id, list(tags))
                last_write = stamp if wrote else last_write
            if self.score_field is not None and score is not None:
                last_write = await self.client.set_field(ticket_id, self.score_field, score)
        except NotWritable as exc:
            written.warnings.append(f"tags or score field not written: {exc}")
            return written
        if last_write is not None:
            written.activity = activity(last_write, listed.handle.stats)
        return written

    async def preflight(self) -> list[Check]:
        try:
            me = await self.client.me()
        except HelpdeskError as exc:
            return [Check("credentials", "fail", str(exc))]
        checks = [
            Check("credentials", "ok", f"the API key is agent {me.id} ({me.name} <{me.contact.email}>)")
        ]
        try:
            chosen = await self.client.resolved_status_ids()
            names = await self.client.statuses()
            listed = ", ".join(f"{names[i]} ({i})" for i in sorted(chosen))
            checks.append(Check("statuses", "ok", f"resolved means {listed}"))
        except HelpdeskError as exc:
            checks.append(Check("statuses", "fail", f"{exc}; fix resolved_statuses in the config"))
        try:
            await self.client.http.request("GET", "/tickets", params={"per_page": 1})
            checks.append(Check("change feed", "ok", "the ticket list answered"))
        except HelpdeskError as exc:
            checks.append(Check("change feed", "fail", str(exc)))
        checks.append(_write_check(me))
        return checks

    def facts(self) -> dict[str, Any]:
        client = self.client
        facts = client.agents.facts()
        if client.known_statuses is not None:
            facts["statuses"] = {str(k): v for k, v in client.known_statuses.items()}
        if client.since_inclusive is not None:
            facts["since_inclusive"] = client.since_inclusive
        return facts

    def remember(self, facts: dict[str, Any]) -> None:
        try:
            statuses = facts.get("statuses")
            if isinstance(statuses, dict) and statuses:
                self.client.known_statuses = {int(k): str(v) for k, v in statuses.items()}
            self.client.agents.remember(facts)
        except (TypeError, ValueError):  # a damaged state file: ask the API again
            log.warning("saved account facts unreadable; reading them from Freshdesk again")
            return
        if isinstance(facts.get("since_inclusive"), bool):
            self.client.since_inclusive = facts["since_inclusive"]

    def usage(self) -> Usage:
        return self.client.http.usage()

    async def close(self) -> None:
        await self.client.close()


def _write_check(me: Agent) -> Check:
    """A key has no scopes: it writes with its agent's role. Say what limits that agent."""
    if me.occasional:
        return Check("write", "warn", "an occasional agent: notes are refused on days without a day pass")
    if me.ticket_scope in (2, 3):
        scope = "its groups" if me.ticket_scope == 2 else "assigned to it"
        return Check("write", "warn", f"the agent sees only tickets {scope}: notes land on those only")
    return Check(
        "write", "ok", "a full-time agent with global ticket scope can add private notes; nothing was written"
    )


def _listed(ticket: FdTicket) -> Listed:
    return Listed(
        str(ticket.id),
        ticket,
        list(ticket.tags),
        group=None if ticket.group_id is None else str(ticket.group_id),
        channel=CHANNELS.get(ticket.source or 0),
        changed_at=ticket.updated_at,
        activity=activity(ticket.updated_at, ticket.stats),
    )


def activity(updated_at: datetime, stats: Stats | None) -> str | None:
    """Last change plus the reply stamps: a reply folded into the second of our own note
    still moves `agent_responded_at` or `requester_responded_at`."""
    if stats is None:
        return None  # without the reply stamps a change could hide behind our own
    return activity_stamp(updated_at, stats.agent_responded_at, stats.requester_responded_at)
