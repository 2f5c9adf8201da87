"""The Zendesk client against the stand-in over loopback: OAuth, the export's rules, faults,
write-back rules, and response shapes as the reference notes describe them."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from integrations.errors import NotWritable, ResponseLost
from integrations.freshdesk.seed import load_tickets
from integrations.standin import Fault
from integrations.zendesk.auth import ClientCredentials, MemoryTokenStore, RefreshRotation, TokenSet
from integrations.zendesk.seed import seed
from integrations.zendesk.standin import ZendeskStandIn
from tests.integrations.zendesk.helpers import client

EXAMPLES = Path(__file__).parents[3] / "examples" / "tickets.jsonl"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
MARKER = "[ticketqa:default@1:0123456789abcdef]"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC).timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def standin(clock: Clock) -> Iterator[ZendeskStandIn]:
    fake = ZendeskStandIn(rate_limit=None, clock=clock)
    seed(fake, load_tickets(EXAMPLES))
    fake.start()
    yield fake
    fake.stop()


def _oauth(standin: ZendeskStandIn, clock: Clock) -> ClientCredentials:
    return ClientCredentials(f"{standin.base_url}/oauth/tokens", "ticketqa", "standin-secret", clock=clock)


async def test_export_of_the_examples_end_to_end(standin: ZendeskStandIn, clock: Clock) -> None:
    async with client(standin.base_url, auth=_oauth(standin, clock), clock=clock, export_page_size=10) as zd:
        pages = [p async for p in zd.changed(start=EPOCH)]
        ids = [t.id for p in pages for t in p.tickets]
        mapped = await zd.conversation(
            next(t for p in pages for t in p.tickets if t.id == 4812),
            next(p.metrics[4812] for p in pages if 4812 in p.metrics),
        )
    assert len(ids) == len(set(ids)) == 47  # every example is solved or closed
    assert pages[-1].end_of_stream and pages[-1].cursor
    assert [m.author_role for m in mapped.messages][:2] == ["customer", "agent"]
    assert mapped.metrics.first_reply_minutes == 108


async def test_comment_authors_missing_from_the_side_load_are_looked_up(
    standin: ZendeskStandIn, clock: Clock
) -> None:
    async with client(standin.base_url, auth=_oauth(standin, clock), clock=clock) as zd:
        mapped = await zd.conversation(await zd.fetch(4920))  # two agents answered; one is not the assignee
    agents = {m.author_name for m in mapped.messages if m.author_role == "agent"}
    assert agents == {"Dana Whitfield", "Priya Nair"}


async def test_our_note_brings_the_ticket_back_after_the_one_minute_lag(
    standin: ZendeskStandIn, clock: Clock
) -> None:
    async with client(standin.base_url, auth=_oauth(standin, clock), clock=clock) as zd:
        cursor = [p async for p in zd.changed(start=EPOCH)][-1].cursor
        await zd.post_note(await zd.fetch(4812), f"<p>QA</p><p>{MARKER}</p>", tags=["qa_done"])
        assert [t.id async for p in zd.changed(cursor=cursor) for t in p.tickets] == []  # held back a minute
        clock.now += 61
        back = [t async for p in zd.changed(cursor=cursor) for t in p.tickets]
    assert [t.id for t in back] == [4812] and "qa_done" in back[0].tags and "shipping" in back[0].tags


async def test_closed_tickets_are_not_writable_and_nothing_is_written(
    standin: ZendeskStandIn, clock: Clock
) -> None:
    standin.set_status(4820, "closed")
    async with client(standin.base_url, auth=_oauth(standin, clock), clock=clock) as zd:
        with pytest.raises(NotWritable, match="closed"):
            await zd.post_note(await zd.fetch(4820), f"<p>{MARKER}</p>")
    assert standin.notes_by_us(4820) == []


async def test_a_lost_answer_is_found_by_its_marker(standin: ZendeskStandIn, clock: Clock) -> None:
    standin.inject(Fault("lost", method="PUT", path="/api/v2/tickets/4812.json"))
    async with client(standin.base_url, auth=_oauth(standin, clock), clock=clock) as zd:
        with pytest.raises(ResponseLost):
            await zd.post_note(await zd.fetch(4812), f"<p>{MARKER}</p>")
        assert await zd.find_note(4812, MARKER) is not None
    assert len(standin.notes_by_us(4812)) == 1


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", path="/api/v2/incremental/tickets/cursor.json", status=503, retry_after="1"),
        Fault("status", path="/api/v2/incremental/tickets/cursor.json", status=429, retry_after="50, 53"),
        Fault("drop", path="/api/v2/incremental/tickets/cursor.json"),
        Fault("slow", path="/api/v2/incremental/tickets/cursor.json", seconds=0.5),
    ],
)
async def test_the_export_survives_faults(standin: ZendeskStandIn, clock: Clock, fault: Fault) -> None:
    standin.inject(fault)
    async with client(standin.base_url, auth=_oauth(standin, clock), clock=clock, timeout_seconds=0.2) as zd:
        ids = [t.id async for p in zd.changed(start=EPOCH) for t in p.tickets]
    assert len(ids) == 47


async def test_refresh_rotation_against_the_token_endpoint(standin: ZendeskStandIn, clock: Clock) -> None:
    first = standin.issue_refresh_token()
    store = MemoryTokenStore(TokenSet(refresh_token=first))
    auth = RefreshRotation(
        f"{standin.base_url}/oauth/tokens", "ticketqa", "standin-secret", store, clock=clock
    )
    async with client(standin.base_url, auth=auth, clock=clock) as zd:
        await zd.me()
        clock.now += 7200  # the access token expires: renewed with the rotated refresh token
        await zd.me()
    assert standin.token_grants == ["refresh_token", "refresh_token"]
    assert first not in standin.refresh_tokens and store.tokens.refresh_token in standin.refresh_tokens


def test_stand_in_shapes_match_the_reference_notes(standin: ZendeskStandIn, clock: Clock) -> None:
    token = standin.issue_token()
    with httpx.Client(
        base_url=f"{standin.base_url}/api/v2", headers={"Authorization": f"Bearer {token}"}
    ) as http:
        too_recent = http.get("/incremental/tickets/cursor.json", params={"start_time": int(clock.now) - 10})
        assert too_recent.status_code == 422 and too_recent.json()["error"] == "StartTimeTooRecent"
        body = http.get(
            "/incremental/tickets/cursor.json", params={"start_time": 0, "include": "users,metric_sets"}
        )
        assert {
            "tickets",
            "after_cursor",
            "after_url",
            "before_cursor",
            "end_of_stream",
            "users",
            "metric_sets",
        } <= body.json().keys()
        comments = http.get("/tickets/4812/comments.json", params={"page[size]": 100}).json()
        assert {"comments", "meta", "links"} <= comments.keys() and "has_more" in comments["meta"]
        assert http.get("/tickets/999999.json").json() == {
            "error": "RecordNotFound",
            "description": "Not found",
        }
    with httpx.Client(base_url=f"{standin.base_url}/api/v2") as anonymous:
        assert anonymous.get("/users/me.json").json() == {"error": "Couldn't authenticate you"}


async def test_update_limit_headers_pace_writes_without_429s(clock: Clock) -> None:
    import asyncio
    import time

    from integrations.http import RetryPolicy

    fake = ZendeskStandIn(rate_limit=None, update_limit=4, time_scale=600)  # real clock: a "minute" is 0.1 s
    seed(fake, load_tickets(EXAMPLES)[:12])
    fake.start()
    try:
        async with client(
            fake.base_url,
            auth=ClientCredentials(f"{fake.base_url}/oauth/tokens", "ticketqa", "standin-secret"),
            window_seconds=0.1,
            update_limit_per_minute=100,
            clock=time.time,
        ) as zd:
            zd.http.policy = RetryPolicy(sleep=asyncio.sleep)
            zd.update_pacer.sleep = asyncio.sleep
            for ticket_id in list(fake.tickets)[:10]:
                await zd.post_note(await zd.fetch(ticket_id), f"<p>{MARKER}</p>")
    finally:
        fake.stop()
    assert zd.update_pacer.limit == 4  # learned from zendesk-ratelimit-tickets-update
    assert sum(len(fake.notes_by_us(t)) for t in fake.tickets) == 10
