"""The client against the stand-in over real loopback HTTP: faults, limits, paging under change."""

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from integrations.errors import NotWritable, ResponseLost
from integrations.freshdesk.standin import Fault, FreshdeskStandIn
from integrations.http import Pacer, RetryPolicy
from tests.integrations.freshdesk.helpers import KEY, Sleeps, client, ticket

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
MARKER = "[ticketqa:default@1:0123456789abcdef]"


@pytest.fixture
def standin() -> Iterator[FreshdeskStandIn]:
    fake = FreshdeskStandIn(api_key=KEY, rate_limit=None)
    for i in range(1, 6):
        fake.add_ticket(
            ticket(i, f"2026-11-02T10:00:0{i}Z"),
            [
                {
                    "id": 100 + i,
                    "user_id": 500,
                    "body": "<p>Thanks, that worked.</p>",
                    "incoming": True,
                    "private": False,
                    "source": 0,
                    "created_at": "2026-11-02T09:30:00Z",
                }
            ],
        )
    fake.start()
    yield fake
    fake.stop()


async def _ids(standin: FreshdeskStandIn, **kw: object) -> list[int]:
    async with client(standin.base_url, **kw) as fd:  # type: ignore[arg-type]
        return [t.id async for page in fd.changed(EPOCH) for t in page.tickets]


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", path="/api/v2/tickets", status=500, times=2),
        Fault("status", path="/api/v2/tickets", status=429, retry_after="1"),
        Fault("status", path="/api/v2/tickets", status=503, retry_after="garbage"),
        Fault("drop", path="/api/v2/tickets"),
        Fault("slow", path="/api/v2/tickets", seconds=0.5),
    ],
)
async def test_reads_survive_faults(standin: FreshdeskStandIn, fault: Fault) -> None:
    standin.inject(fault)
    assert await _ids(standin, timeout=0.2) == [1, 2, 3, 4, 5]


async def test_a_note_whose_answer_is_lost_is_found_by_its_marker_not_posted_again(
    standin: FreshdeskStandIn,
) -> None:
    standin.inject(Fault("lost", method="POST", path="/api/v2/tickets/3/notes"))
    async with client(standin.base_url) as fd:
        with pytest.raises(ResponseLost):
            await fd.post_note(3, f"<p>QA 90</p><p>{MARKER}</p>")
        assert await fd.find_note(3, MARKER) is not None
    assert len(standin.notes_by_us(3)) == 1


async def test_a_dropped_write_was_not_applied_and_looking_first_shows_it(standin: FreshdeskStandIn) -> None:
    standin.inject(Fault("drop", method="POST", path="/api/v2/tickets/3/notes"))
    async with client(standin.base_url) as fd:
        with pytest.raises(ResponseLost):
            await fd.post_note(3, f"<p>{MARKER}</p>")
        assert await fd.find_note(3, MARKER) is None
        await fd.post_note(3, f"<p>{MARKER}</p>")
    assert len(standin.notes_by_us(3)) == 1


async def test_our_note_moves_updated_at_so_the_ticket_comes_back(standin: FreshdeskStandIn) -> None:
    async with client(standin.base_url) as fd:
        pages = [p async for p in fd.changed(EPOCH)]
        checkpoint = pages[-1].checkpoint
        await fd.post_note(2, f"<p>{MARKER}</p>")
        again = [t.id async for p in fd.changed(checkpoint) for t in p.tickets]
    assert 2 in again


async def test_archived_tickets_are_not_writable(standin: FreshdeskStandIn) -> None:
    standin.archive(4)
    async with client(standin.base_url) as fd:
        with pytest.raises(NotWritable, match="archived"):
            await fd.post_note(4, "<p>x</p>")
    assert await _ids(standin) == [1, 2, 3, 5]


async def test_more_than_a_page_of_changes_in_one_second_are_all_seen_once() -> None:
    fake = FreshdeskStandIn(api_key=KEY, rate_limit=None)
    for i in range(1, 251):
        later = f"2026-11-02T{11 + (i - 180) // 60}:{(i - 180) % 60:02d}:00Z"
        fake.add_ticket(ticket(i, "2026-11-02T10:00:00Z" if i <= 180 else later))
    fake.start()
    try:
        ids = await _ids(fake, per_page=50)
    finally:
        fake.stop()
    assert sorted(ids) == list(range(1, 251)) and len(ids) == 250


async def test_tickets_updated_while_paging_are_not_skipped() -> None:
    """Changes made while a pass pages are listed by the next pass; none is skipped."""
    now = [float(int(time.time()))]
    fake = FreshdeskStandIn(api_key=KEY, rate_limit=None, clock=lambda: now[0])
    for i in range(1, 41):
        fake.add_ticket(ticket(i, f"2026-11-02T10:{i:02d}:00Z"))
    fake.start()
    seen: list[int] = []
    try:
        async with client(fake.base_url, per_page=10) as fd:
            async for page in fd.changed(EPOCH):
                seen += [t.id for t in page.tickets]
                if len(seen) == 10:
                    now[0] += 5  # a moment later, someone changes two tickets:
                    fake.touch(5)  # already seen: moves to the end
                    fake.touch(15)  # not yet seen: with page numbers, the next page would shift
                checkpoint = page.checkpoint
            again = [t.id async for page in fd.changed(checkpoint) for t in page.tickets]
    finally:
        fake.stop()
    # 15 changed before this pass reached it: it is listed as it is now, by the next pass.
    assert sorted(seen) == [i for i in range(1, 41) if i != 15]
    assert {5, 15} <= set(again)


async def test_pacing_keeps_under_the_limit_without_429s() -> None:
    fake = FreshdeskStandIn(api_key=KEY, rate_limit=40, time_scale=1500)  # a "minute" of 0.04 s
    for i in range(1, 31):
        fake.add_ticket(ticket(i, f"2026-11-02T10:{i:02d}:00Z"))
    fake.start()
    window = 60 / 1500
    try:
        async with client(fake.base_url, per_page=1, window_seconds=window) as fd:
            fd.http.pacer = Pacer(share=0.5, window_seconds=window, sleep=asyncio.sleep)
            fd.http.policy = RetryPolicy(sleep=asyncio.sleep)
            ids = [t.id async for page in fd.changed(EPOCH) for t in page.tickets]
            waited = fd.http.pacer.waited
    finally:
        fake.stop()
    assert sorted(ids) == list(range(1, 31))
    assert waited > 0 and fake.limited_count == 0  # it slowed down on its own: no 429 was needed


def test_sleeps_helper_records_without_waiting() -> None:
    sleeps = Sleeps()
    asyncio.run(sleeps(5))
    assert sleeps.calls == [5]
