"""One account's sync: changed tickets in, coaching notes out, exactly once per conversation.

For every listed ticket:
1. skip it (recorded, with the reason) when a filter says so: a skip tag, groups, channels…;
2. read the conversation and take its fingerprint (public human messages only, so our own
   note, tag changes, auto-close and ratings do not change it);
3. stop if the ledger already has an outcome for (ticket, fingerprint, rubric): a ticket that
   came back with no new human message costs no write;
4. score it; a ticket that is not scorable is recorded as skipped, with the reason;
5. look for our marker in the conversation just read: with the state database lost, a note
   already there is recorded as posted, never posted again;
6. record the intent, post the note (tags, band tag, score field), record the outcome.

A lost answer leaves the intent; the next look (this run's retry pass or the next run) reads the
conversation again and finds the marker or not. Failures are retried on later runs with
backoff; one ticket's problem never stops the run, an authentication failure does.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from connector.config import FreshdeskAccount, ZendeskAccount
from connector.decide import Decision, Facts, Step, decide, filtered
from connector.logs import fields
from connector.scores import ledger_scores, remember_agent
from connector.state import Entry, Store, iso_second, now_iso
from integrations.errors import FatalError, HelpdeskError, NotWritable, ResponseLost, TicketGone
from integrations.protocol import Helpdesk, Listed
from rubric.conversation import conversation_fingerprint
from rubric.marker import find_marker
from rubric.model import Message, Ticket
from rubric.note import marker_for, render
from rubric.result import TicketResult
from rubric.scoring import score_ticket
from rubric.spec import Rubric

log = logging.getLogger("ticketqa.sync")
RETRY_BASE_SECONDS = 300
FACTS_MAX_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Backfill:
    """A one-off read of a period: from the start to `until`, at most `limit` tickets."""

    until: datetime | None = None
    limit: int | None = None


@dataclass
class Counts:
    seen: int = 0
    unchanged: int = 0
    scored: int = 0
    posted: int = 0
    found_posted: int = 0  # our note was already there (state lost or answer lost)
    dry_run: int = 0
    skipped: int = 0
    not_writable: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class AccountSync:
    def __init__(
        self,
        account: ZendeskAccount | FreshdeskAccount,
        helpdesk: Helpdesk,
        store: Store,
        rubric: Rubric,
        *,
        start: datetime,
        dry_run: bool = False,
        stop: asyncio.Event | None = None,
        show: Callable[[str], None] | None = None,
        backfill: Backfill | None = None,
    ) -> None:
        self.account = account
        self.name = account.name
        self.helpdesk = helpdesk
        self.store = store
        self.rubric = rubric
        self.rubric_key = f"{rubric.name}@{rubric.version}"
        self.start = start
        self.dry_run = dry_run
        self.stop = stop or asyncio.Event()
        self.show = show  # dry runs hand each note they would have posted to this, as it comes
        self.backfill = backfill
        # A backfill keeps its own position: the scheduled runs' place in the feed does not move.
        self.position_key = f"{self.name}@backfill" if backfill else self.name
        self.concurrency = account.concurrency
        self.counts = Counts()
        self.started = 0  # tickets of the change list taken in hand (a backfill's --limit)

    async def run_once(self) -> Counts:
        known, known_at = self._recall_facts()
        await self._revisit()
        position = None if self.backfill else self.store.position(self.name)
        async for page in self.helpdesk.changes(position, self.start):
            for problem in page.problems:
                log.warning("malformed item", extra=fields(account=self.name, problem=problem))
            for ticket_id in page.deleted:
                self.counts.seen += 1
                self._record(ticket_id, "-", "skipped", reason="ticket deleted")
            if not await self._handle_page(page.tickets):
                break  # the page is not finished: its position is not saved
            if not self.dry_run:  # a dry run leaves the position where it was
                self.store.save_position(self.position_key, page.position)
        if not self.dry_run:
            self.store.record_run(self.name, self.counts.as_dict())
        facts = self.helpdesk.facts()
        if facts and facts != known:
            # Facts only added to (an agent looked up) keep their age: all are read afresh daily.
            self.store.save_facts(self.name, facts, at=known_at)
        return self.counts

    def _recall_facts(self) -> tuple[dict[str, Any], str | None]:
        """Facts an earlier run saved, if under a day old: a quiet poll then costs one list call."""
        facts, saved_at = self.store.facts(self.name)
        if not facts or saved_at is None or saved_at < iso_second(datetime.now(UTC) - FACTS_MAX_AGE):
            return {}, None
        self.helpdesk.remember(facts)
        return facts, saved_at

    async def _handle_page(self, tickets: list[Listed]) -> bool:
        """Handle a page's tickets, up to `concurrency` at a time; False when it stopped early
        (a stop was asked for, the backfill's end was reached, or a fatal error came up). A
        fatal error lets the tickets in hand finish, then stops the run."""
        latest = {t.ticket_id: t for t in tickets}  # a ticket twice in one page: its last state
        slots = asyncio.Semaphore(self.concurrency)
        fatal: list[Exception] = []
        running: list[asyncio.Task[None]] = []
        finished = True

        async def one(listed: Listed) -> None:
            try:
                await self.handle(listed)
            except Exception as exc:  # FatalError, or a bug: reported after the others finish
                fatal.append(exc)
            finally:
                slots.release()

        for listed in latest.values():
            await slots.acquire()
            if fatal or self.stop.is_set() or self._past_backfill(listed):
                slots.release()
                finished = False
                break
            self.started += 1
            running.append(asyncio.create_task(one(listed)))
        await asyncio.gather(*running)
        if fatal:
            raise fatal[0]
        return finished

    async def _revisit(self) -> None:
        """Intents left by a crash or a lost answer, and failures whose wait is over."""
        due = [e for e in self.store.with_outcome(self.name, "intent")]
        due += [e for e in self.store.with_outcome(self.name, "failed") if _due(e)]
        for entry in due:
            if self.stop.is_set():
                return
            try:
                listed = await self.helpdesk.listed(entry.ticket_id)
            except TicketGone:
                self._record(entry.ticket_id, entry.fingerprint, "skipped", reason="ticket deleted")
                continue
            except FatalError:
                raise
            except HelpdeskError as exc:
                self._failed(entry.ticket_id, entry.fingerprint, str(exc))
                continue
            await self.handle(listed)

    async def handle(self, listed: Listed) -> None:
        """One ticket, start to end: learn, ask `decide`, carry the step out. Never raises for
        a problem of this ticket's own."""
        self.counts.seen += 1
        facts = self._listed_facts(listed)
        decision = decide(facts)
        if decision.step is Step.SKIP:
            self._record(listed.ticket_id, "-", "skipped", reason=decision.reason)
            return
        if decision.step is Step.UNCHANGED:
            self.counts.unchanged += 1  # back only because of our note, a tag or a status: no read
            log.debug("unchanged", extra=fields(account=self.name, ticket=listed.ticket_id, read="no"))
            return
        ticket = await self._read(listed)
        if ticket is not None:
            await self._handle_read(listed, facts, ticket)

    async def _handle_read(self, listed: Listed, facts: Facts, ticket: Ticket) -> None:
        """The conversation is read: settle it, or score it and carry out what follows."""
        fingerprint = conversation_fingerprint(ticket)
        entry = self.store.entry(self.name, listed.ticket_id, fingerprint, self.rubric_key)
        replies = sum(1 for m in ticket.messages if m.author_role == "agent" and m.public)
        facts = replace(
            facts,
            read=True,
            entry=entry,
            due=entry is None or _due(entry),
            replies=replies,
            fingerprint=fingerprint,
        )
        decision = decide(facts)
        if decision.step is Step.NOTED:
            self.counts.unchanged += 1  # came back with no new human message: nothing to do
            log.debug("unchanged", extra=fields(account=self.name, ticket=listed.ticket_id, read="yes"))
            if listed.activity is not None:
                self.store.set_activity(
                    self.name, listed.ticket_id, fingerprint, self.rubric_key, listed.activity
                )
            return
        if decision.step is Step.WAIT:
            self.counts.failed += 1
            return
        if decision.step is Step.SETTLE:
            self._settle(listed, fingerprint, decision.outcome or "skipped", reason=decision.reason)
            return
        result = score_ticket(ticket, self.rubric)
        marker = str(marker_for(result))
        facts = replace(
            facts,
            scored=True,
            scorable=result.status != "not_scorable",
            not_scorable_reason=result.reason,
            score=result.score,
            marker_on_ticket=any(marker in m.body for m in ticket.messages),
            noted_as=self._noted_under_other_version(ticket.messages, fingerprint),
            last_posted=self.store.latest_posted(self.name, listed.ticket_id),
        )
        if facts.scorable:
            self.counts.scored += 1
            remember_agent(self.store, self.name, result)
        await self._carry_out(decide(facts), listed, fingerprint, result, marker)

    def _listed_facts(self, listed: Listed) -> Facts:
        write_back = self.account.write_back
        return Facts(
            rubric=self.rubric_key,
            filtered=filtered(self.account.filters, listed),
            activity=listed.activity,
            final=listed.final,
            latest=self.store.latest(self.name, listed.ticket_id),
            min_replies=self.account.filters.min_agent_replies,
            supersede=write_back.supersede,
            dry_run=self.dry_run,
            write_note=write_back.note,
            vendor=self.helpdesk.vendor,
        )

    async def _read(self, listed: Listed) -> Ticket | None:
        """The conversation, or None when it could not be read (recorded)."""
        try:
            return await self.helpdesk.conversation(listed)
        except TicketGone:
            self._record(listed.ticket_id, "-", "skipped", reason="ticket deleted")
        except FatalError:
            raise
        except HelpdeskError as exc:
            self._failed(listed.ticket_id, "-", f"could not read the conversation: {exc}")
        return None

    async def _carry_out(
        self, decision: Decision, listed: Listed, fingerprint: str, result: TicketResult, marker: str
    ) -> None:
        scores = ledger_scores(result, listed)
        if decision.step is Step.SETTLE:
            if decision.marker is not None:  # noted under another rubric version
                self.counts.found_posted += 1
                scores["marker"] = decision.marker
            self._settle(listed, fingerprint, decision.outcome or "skipped", reason=decision.reason, **scores)
        elif decision.step is Step.FINISH:
            if await self._finish(listed, fingerprint, result):
                self.counts.found_posted += 1
                self._settle(listed, fingerprint, "posted", marker=marker, reason=decision.reason, **scores)
        elif decision.step is Step.DRY_RUN:
            self.counts.dry_run += 1
            if self.show is not None:
                self.show(f"{self.name} ticket {listed.ticket_id}\n{render(result, 'text')}")
            self._record(listed.ticket_id, fingerprint, "dry_run", marker=marker, **scores)
        else:  # POST
            self._record(
                listed.ticket_id, fingerprint, "intent", marker=marker, intent_at=now_iso(), **scores
            )
            html = render(result, "html", supersedes=decision.supersedes)
            await self._post(listed, fingerprint, html, result)

    def _noted_under_other_version(self, messages: list[Message], fingerprint: str) -> str | None:
        """Our note for this very conversation, written under another version of this rubric."""
        for message in messages:
            found = find_marker(message.body)
            if found and found.rubric == self.rubric.name and found.fingerprint == fingerprint:
                return str(found)
        return None

    def _tags(self, result: TicketResult) -> list[str]:
        write_back = self.account.write_back
        band_tag = {str(band): tag for band, tag in write_back.band_tags.items()}.get(result.band or "")
        return [t for t in (write_back.marker_tag, band_tag) if t]

    async def _finish(self, listed: Listed, fingerprint: str, result: TicketResult) -> bool:
        """Our note is on the ticket: make sure its tags and score field are too (a run that
        died between the note and its tags left them out). False when that must be retried."""
        if self.dry_run or not self.account.write_back.note:
            return True
        try:
            written = await self.helpdesk.finish(listed, tags=self._tags(result), score=result.score)
        except FatalError:
            raise
        except HelpdeskError as exc:
            self._failed(listed.ticket_id, fingerprint, f"note found; its tags could not be written: {exc}")
            return False
        for warning in written.warnings:
            log.warning(warning, extra=fields(account=self.name, ticket=listed.ticket_id))
        return True

    async def _post(self, listed: Listed, fingerprint: str, html: str, result: TicketResult) -> None:
        """Write the note and record what happened; the intent is already recorded."""
        ticket_id, tags = listed.ticket_id, self._tags(result)
        try:
            written = await self.helpdesk.post_note(listed, html, tags=tags, score=result.score)
        except ResponseLost as exc:
            log.warning(
                "answer lost; will look for the note before writing again",
                extra=fields(account=self.name, ticket=ticket_id, error=str(exc)),
            )
            self.counts.failed += 1  # the intent stays: resolved by looking, never by posting blindly
            return
        except NotWritable as exc:
            self._settle(listed, fingerprint, "not_writable", reason=str(exc))
            return
        except TicketGone:
            self._record(ticket_id, fingerprint, "skipped", reason="ticket deleted")
            return
        except FatalError:
            raise
        except HelpdeskError as exc:
            self._failed(ticket_id, fingerprint, str(exc))
            return
        self.counts.posted += 1
        self._record(
            ticket_id,
            fingerprint,
            "posted",
            posted_at=now_iso(),
            score=result.score,
            band=result.band,
            reason="; ".join(written.warnings) or None,
            activity=written.activity,  # None when not certain: the next listing reads once more
        )

    def _past_backfill(self, listed: Listed) -> bool:
        if self.backfill is None:
            return False
        if self.backfill.limit is not None and self.started >= self.backfill.limit:
            return True
        until, changed = self.backfill.until, listed.changed_at
        return until is not None and changed is not None and changed > until

    def _record(self, ticket_id: str, fingerprint: str, outcome: str, **values: object) -> None:
        if outcome == "skipped":
            self.counts.skipped += 1
        elif outcome == "not_writable":
            self.counts.not_writable += 1
        self.store.record(self.name, ticket_id, fingerprint, self.rubric_key, outcome, **values)
        if outcome != "intent":
            event = {k: values[k] for k in ("score", "band", "reason") if values.get(k) is not None}
            log.log(
                logging.INFO if outcome in ("posted", "not_writable") else logging.DEBUG,
                f"ticket {outcome.replace('_', ' ')}",
                extra=fields(account=self.name, ticket=ticket_id, **event),
            )

    def _settle(self, listed: Listed, fingerprint: str, outcome: str, **values: object) -> None:
        """Record a final outcome with the activity stamp the list showed: the ticket listed
        the same way again is known to be unchanged without reading it."""
        self._record(listed.ticket_id, fingerprint, outcome, activity=listed.activity, **values)

    def _failed(self, ticket_id: str, fingerprint: str, reason: str) -> None:
        self.counts.failed += 1
        previous = self.store.entry(self.name, ticket_id, fingerprint, self.rubric_key)
        attempts = (previous.attempts if previous else 0) + 1
        wait = timedelta(seconds=RETRY_BASE_SECONDS * 2 ** min(attempts - 1, 8))
        self.store.record(
            self.name,
            ticket_id,
            fingerprint,
            self.rubric_key,
            "failed",
            reason=reason,
            attempts=attempts,
            next_attempt_at=iso_second(datetime.now(UTC) + wait),
        )
        log.warning(
            "ticket failed",
            extra=fields(account=self.name, ticket=ticket_id, attempt=attempts, reason=reason),
        )


def _due(entry: Entry) -> bool:
    return entry.next_attempt_at is None or entry.next_attempt_at <= now_iso()
