"""Polls after a completed sync: our own notes, tag changes and auto-close bring tickets back
to the change list, and cost neither a write nor a conversation read (issue 5, proof 3)."""

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from connector.state import Store
from connector.sync import AccountSync
from integrations.freshdesk.adapter import FreshdeskHelpdesk
from integrations.freshdesk.seed import seed as seed_freshdesk
from integrations.freshdesk.standin import FreshdeskStandIn
from integrations.standin import StandIn
from integrations.zendesk.adapter import ZendeskHelpdesk
from integrations.zendesk.auth import ClientCredentials
from integrations.zendesk.seed import seed as seed_zendesk
from integrations.zendesk.standin import ZendeskStandIn
from tests.connector.test_sync import EXAMPLES, FD, RUBRIC, START, ZD
from tests.integrations.freshdesk.helpers import KEY
from tests.integrations.freshdesk.helpers import client as freshdesk_client
from tests.integrations.zendesk.helpers import client as zendesk_client


class Clock:
    """The stand-ins' clock, standing still unless moved: everything in a poll happens in one
    second, and each poll is a minute and a bit after the last (Zendesk's export holds back
    the last minute)."""

    def __init__(self) -> None:
        self.now = float(int(time.time()))

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _kinds(standin: StandIn, since: int) -> Counter[str]:
    """Requests since index `since`, by what they were for."""
    kinds: Counter[str] = Counter()
    for method, path in standin.requests[since:]:
        if method != "GET":
            kinds["write"] += 1
        elif path.endswith(("/conversations", "/comments.json")):
            kinds["conversation"] += 1
        elif path in ("/api/v2/tickets", "/api/v2/incremental/tickets/cursor.json"):
            kinds["list"] += 1
        else:
            kinds["other"] += 1
    return kinds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def freshdesk(clock: Clock) -> Iterator[FreshdeskStandIn]:
    fake = FreshdeskStandIn(api_key=KEY, rate_limit=None, clock=clock)
    seed_freshdesk(fake, EXAMPLES)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def zendesk(clock: Clock) -> Iterator[ZendeskStandIn]:
    fake = ZendeskStandIn(rate_limit=None, clock=clock)
    seed_zendesk(fake, EXAMPLES)
    fake.start()
    yield fake
    fake.stop()


async def _poll(standin: StandIn, store: Store) -> dict[str, int]:
    if isinstance(standin, FreshdeskStandIn):
        helpdesk: FreshdeskHelpdesk | ZendeskHelpdesk = FreshdeskHelpdesk(freshdesk_client(standin.base_url))
        account = FD
    else:
        auth = ClientCredentials(f"{standin.base_url}/oauth/tokens", "ticketqa", "standin-secret")
        helpdesk, account = ZendeskHelpdesk(zendesk_client(standin.base_url, auth=auth)), ZD
    try:
        counts = await AccountSync(account, helpdesk, store, RUBRIC, start=START).run_once()  # type: ignore[arg-type]
        return counts.as_dict()
    finally:
        await helpdesk.close()


@pytest.mark.parametrize("vendor", ["freshdesk", "zendesk"])
async def test_ten_polls_after_a_sync_read_no_conversation_and_write_nothing(
    vendor: str, request: pytest.FixtureRequest, clock: Clock, tmp_path: Path
) -> None:
    standin: StandIn = request.getfixturevalue(vendor)
    with Store(tmp_path / "s.db") as store:
        first = await _poll(standin, store)
        assert first["posted"] == 38
        mark, notes = len(standin.requests), len(standin.writes)
        back = []
        for _ in range(10):
            clock.advance(61)
            back.append((await _poll(standin, store))["unchanged"])
        kinds = _kinds(standin, mark)
    assert len(standin.writes) == notes
    assert kinds["conversation"] == 0 and kinds["write"] == 0
    assert back[0] >= 38  # every ticket we wrote on came back once, because of our own note
    # A quiet poll is one list request: the account's statuses were kept from the first run.
    assert kinds["list"] == 10 and kinds["other"] == 0


async def test_a_human_reply_costs_one_read_and_auto_close_none(
    zendesk: ZendeskStandIn, clock: Clock, tmp_path: Path
) -> None:
    with Store(tmp_path / "s.db") as store:
        await _poll(zendesk, store)
        clock.advance(61)
        await _poll(zendesk, store)
        # A customer writes on one ticket …
        zendesk.reply(4842, "It still fails, please help.", by_agent=False)
        # … and Zendesk's automation closes others (solved → closed) some days later.
        for ticket_id in (4812, 4813, 4814):
            zendesk.set_status(ticket_id, "closed")
        clock.advance(61)
        mark = len(zendesk.requests)
        counts = await _poll(zendesk, store)
        kinds = _kinds(zendesk, mark)
    assert kinds["conversation"] == 1 and kinds["write"] == 1
    assert counts["posted"] == 1 and counts["unchanged"] == 3
    assert len(zendesk.notes_by_us(4842)) == 2


async def test_a_reply_in_the_same_second_as_our_note_is_not_mistaken_for_it(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    """Freshdesk stamps to the second: the reply stamps tell a human reply from our own note."""
    with Store(tmp_path / "s.db") as store:
        await _poll(freshdesk, store)
        freshdesk.reply(4842, "<p>Thanks, but the export still times out.</p>", by_agent=False)
        assert freshdesk.tickets[4842]["updated_at"] == freshdesk.notes_by_us(4842)[0]["created_at"]
        counts = await _poll(freshdesk, store)
    assert counts["posted"] == 1 and len(freshdesk.notes_by_us(4842)) == 2


@pytest.mark.parametrize("vendor", ["freshdesk", "zendesk"])
async def test_a_quiet_poll_is_one_request(
    vendor: str, request: pytest.FixtureRequest, clock: Clock, tmp_path: Path
) -> None:
    """Nothing changed for a while: one list request that comes back empty (issue 6, bar 6)."""
    standin: StandIn = request.getfixturevalue(vendor)
    with Store(tmp_path / "s.db") as store:
        await _poll(standin, store)
        clock.advance(61)
        await _poll(standin, store)  # our own notes come back once
        clock.advance(180)  # past Freshdesk's two-minute overlap
        mark = len(standin.requests)
        counts = await _poll(standin, store)
    assert standin.requests[mark:] == [
        ("GET", "/api/v2/tickets" if vendor == "freshdesk" else "/api/v2/incremental/tickets/cursor.json")
    ]
    # Freshdesk re-lists two minutes before its last look (changes can show up late in its list):
    # whatever comes back is recognised as unchanged, in that same request.
    assert counts["unchanged"] == counts["seen"] and counts["posted"] == 0


async def test_a_later_run_takes_the_agents_and_statuses_from_the_saved_facts(
    freshdesk: FreshdeskStandIn, clock: Clock, tmp_path: Path
) -> None:
    """Scoring a ticket again needs the agent list and statuses: kept a day, not read per run."""
    with Store(tmp_path / "s.db") as store:
        await _poll(freshdesk, store)
        _, read_at = store.facts("fd")
        clock.advance(61)
        freshdesk.reply(4842, "<p>Thanks, but the export still times out.</p>", by_agent=False)
        mark = len(freshdesk.requests)
        counts = await _poll(freshdesk, store)
        asked = {path for _, path in freshdesk.requests[mark:]}
        facts, kept_at = store.facts("fd")
    assert counts["posted"] == 1 and not asked & {"/api/v2/agents", "/api/v2/ticket_fields"}
    assert set(facts) >= {"agents", "statuses"} and kept_at == read_at


async def test_saved_facts_over_a_day_old_are_read_again(
    freshdesk: FreshdeskStandIn, clock: Clock, tmp_path: Path
) -> None:
    with Store(tmp_path / "s.db") as store:
        await _poll(freshdesk, store)
        store.save_facts("fd", store.facts("fd")[0], at="2000-01-01T00:00:00Z")
        clock.advance(61)
        freshdesk.reply(4842, "<p>Thanks, but the export still times out.</p>", by_agent=False)
        mark = len(freshdesk.requests)
        await _poll(freshdesk, store)
        _, read_at = store.facts("fd")
    asked = {path for _, path in freshdesk.requests[mark:]}
    assert {"/api/v2/agents", "/api/v2/ticket_fields"} <= asked
    assert read_at is not None and read_at > "2000-01-02"
