"""The sync against the stand-ins: nothing lost, nothing twice."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connector.config import FreshdeskAccount, ZendeskAccount
from connector.state import Store
from connector.sync import AccountSync
from integrations.freshdesk.adapter import FreshdeskHelpdesk
from integrations.freshdesk.seed import load_tickets
from integrations.freshdesk.seed import seed as seed_freshdesk
from integrations.freshdesk.standin import FreshdeskStandIn
from integrations.standin import Fault
from integrations.zendesk.adapter import ZendeskHelpdesk
from integrations.zendesk.auth import ClientCredentials
from integrations.zendesk.seed import seed as seed_zendesk
from integrations.zendesk.standin import ZendeskStandIn
from rubric.spec import Rubric, load_rubric, parse_rubric
from tests.integrations.freshdesk.helpers import KEY
from tests.integrations.freshdesk.helpers import client as freshdesk_client
from tests.integrations.zendesk.helpers import client as zendesk_client

EXAMPLES = load_tickets(Path(__file__).parents[2] / "examples" / "tickets.jsonl")
START = datetime(2026, 1, 1, tzinfo=UTC)
RUBRIC = load_rubric()
FD = FreshdeskAccount.model_validate({"name": "fd", "kind": "freshdesk", "domain": "acme"})
ZD = ZendeskAccount.model_validate(
    {
        "name": "zd",
        "kind": "zendesk",
        "subdomain": "acme",
        "auth": {"method": "client_credentials", "client_id_env": "A", "client_secret_env": "B"},
    }
)


@pytest.fixture
def freshdesk() -> Iterator[FreshdeskStandIn]:
    fake = FreshdeskStandIn(api_key=KEY, rate_limit=None)
    seed_freshdesk(fake, EXAMPLES)
    fake.start()
    yield fake
    fake.stop()


async def _sync_freshdesk(
    fake: FreshdeskStandIn, store: Store, rubric: Rubric = RUBRIC, **kw: object
) -> dict[str, int]:
    helpdesk = FreshdeskHelpdesk(freshdesk_client(fake.base_url))
    try:
        return (await AccountSync(FD, helpdesk, store, rubric, start=START, **kw).run_once()).as_dict()  # type: ignore[arg-type]
    finally:
        await helpdesk.close()


def _notes(fake: FreshdeskStandIn) -> dict[int, int]:
    return {t: len(fake.notes_by_us(t)) for t in fake.tickets}


async def test_every_scorable_ticket_gets_exactly_one_note(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    with Store(tmp_path / "s.db") as store:
        counts = await _sync_freshdesk(freshdesk, store)
        notes = _notes(freshdesk)
        assert counts["posted"] == sum(notes.values()) == 38  # 47 examples, 9 not scorable
        assert set(notes.values()) == {0, 1}
        assert store.counts("fd") == {"posted": 38, "skipped": 9}
        not_scorable = store.entry("fd", "4880", store.latest("fd", "4880").fingerprint, "default@2")  # type: ignore[union-attr]
        assert not_scorable is not None and not_scorable.reason == "0 agent replies (minimum 1)"
        # Our own notes bumped updated_at: the tickets come back, and cost no write.
        again = await _sync_freshdesk(freshdesk, store)
    assert again["posted"] == 0 and _notes(freshdesk) == notes
    note = freshdesk.notes_by_us(4812)[0]
    assert note["private"] is True and "[ticketqa:default@2:" in note["body"]
    assert "qa_scored" in freshdesk.tickets[4812]["tags"] and "shipping" in freshdesk.tickets[4812]["tags"]


async def test_a_deleted_state_database_posts_no_duplicates(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    with Store(tmp_path / "first.db") as store:
        await _sync_freshdesk(freshdesk, store)
    before = _notes(freshdesk)
    with Store(tmp_path / "fresh.db") as store:  # as if the state database were lost
        counts = await _sync_freshdesk(freshdesk, store)
    assert counts["posted"] == 0 and counts["found_posted"] == 38
    assert _notes(freshdesk) == before


async def test_a_lost_answer_is_resolved_by_looking_not_by_posting(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    freshdesk.inject(Fault("lost", method="POST", path="/api/v2/tickets/4812/notes"))
    with Store(tmp_path / "s.db") as store:
        first = await _sync_freshdesk(freshdesk, store)
        assert first["failed"] == 1 and store.with_outcome("fd", "intent")
        second = await _sync_freshdesk(freshdesk, store)  # the intent is revisited: the note is found
        assert not store.with_outcome("fd", "intent")
    assert second["found_posted"] == 1 and len(freshdesk.notes_by_us(4812)) == 1


async def test_a_new_customer_message_is_scored_again(freshdesk: FreshdeskStandIn, tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        await _sync_freshdesk(freshdesk, store)
        # In the same second as our note, too: the reply stamps tell it apart from our own change.
        freshdesk.reply(4842, "<p>It still fails, please help.</p>", by_agent=False)
        again = await _sync_freshdesk(freshdesk, store)
    assert again["posted"] == 1 and len(freshdesk.notes_by_us(4842)) == 2
    assert "This note replaces the one of " in freshdesk.notes_by_us(4842)[1]["body"]


@pytest.mark.parametrize(("policy", "notes"), [("off", 1), ("if_changed", 2)])
async def test_supersede_policy(freshdesk: FreshdeskStandIn, tmp_path: Path, policy: str, notes: int) -> None:
    account = FreshdeskAccount.model_validate(
        {"name": "fd", "kind": "freshdesk", "domain": "acme", "write_back": {"supersede": policy}}
    )

    async def once(store: Store) -> None:
        helpdesk = FreshdeskHelpdesk(freshdesk_client(freshdesk.base_url))
        try:
            await AccountSync(account, helpdesk, store, RUBRIC, start=START).run_once()
        finally:
            await helpdesk.close()

    with Store(tmp_path / "s.db") as store:
        await once(store)
        freshdesk.reply(  # an agent apology changes the empathy score
            4842,
            "<p>I'm so sorry about the trouble, Helen. I can see how frustrating that is.</p>",
            by_agent=True,
        )
        await once(store)
    assert len(freshdesk.notes_by_us(4842)) == notes


async def test_a_dry_run_writes_nothing_and_keeps_the_position(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    shown: list[str] = []
    with Store(tmp_path / "s.db") as store:
        counts = await _sync_freshdesk(freshdesk, store, dry_run=True, show=shown.append)
        assert store.position("fd") is None
    assert counts["dry_run"] == 38 and sum(_notes(freshdesk).values()) == 0 and freshdesk.writes == []
    assert shown[0].startswith("fd ticket ") and "QA " in shown[0]


async def test_skipped_tickets_are_recorded_with_their_reason(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    freshdesk.tickets[4812]["tags"].append("no_qa")
    with Store(tmp_path / "s.db") as store:
        await _sync_freshdesk(freshdesk, store)
        latest = store.latest("fd", "4812")
    assert latest is not None and latest.outcome == "skipped" and latest.reason == "tagged no_qa"
    assert freshdesk.notes_by_us(4812) == []


async def test_a_permission_error_stops_the_run_and_leaves_an_intent_to_resolve(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    freshdesk.inject(Fault("status", method="POST", path="/api/v2/tickets/4813/notes", status=403))
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(Exception, match="denied permission"):
            await _sync_freshdesk(freshdesk, store)
        assert [e.ticket_id for e in store.with_outcome("fd", "intent")] == ["4813"]
        await _sync_freshdesk(freshdesk, store)  # permission back: the intent is resolved
        assert store.with_outcome("fd", "intent") == []
    assert len(freshdesk.notes_by_us(4813)) == 1


async def test_zendesk_closed_tickets_are_not_writable_and_scores_are_kept(tmp_path: Path) -> None:
    fake = ZendeskStandIn(rate_limit=None)
    seed_zendesk(fake, EXAMPLES)
    fake.set_status(4820, "closed")
    fake.tickets[4820]["generated_timestamp"] = 1_770_000_000  # closed before this run (Feb 2026)
    fake.start()
    try:
        with Store(tmp_path / "s.db") as store:
            zd = zendesk_client(
                fake.base_url,
                auth=ClientCredentials(f"{fake.base_url}/oauth/tokens", "ticketqa", "standin-secret"),
            )
            helpdesk = ZendeskHelpdesk(zd)
            try:
                counts = (await AccountSync(ZD, helpdesk, store, RUBRIC, start=START).run_once()).as_dict()
            finally:
                await helpdesk.close()
            entry = store.latest("zd", "4820")
    finally:
        fake.stop()
    assert counts["posted"] == 37 and counts["not_writable"] == 1
    assert entry is not None and entry.outcome == "not_writable" and "closed" in (entry.reason or "")
    assert fake.notes_by_us(4820) == []
    assert ("PUT", "/api/v2/tickets/4820.json") not in fake.requests  # no write that was sure to fail


async def test_channel_and_group_filters_leave_tickets_out_with_a_reason(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    freshdesk.tickets[4812]["source"] = 7  # chat
    account = FreshdeskAccount.model_validate(
        {"name": "fd", "kind": "freshdesk", "domain": "acme", "filters": {"channels": ["chat"]}}
    )
    helpdesk = FreshdeskHelpdesk(freshdesk_client(freshdesk.base_url))
    with Store(tmp_path / "s.db") as store:
        try:
            counts = (await AccountSync(account, helpdesk, store, RUBRIC, start=START).run_once()).as_dict()
        finally:
            await helpdesk.close()
        other = store.latest("fd", "4813")
    assert counts["posted"] == 1 and len(freshdesk.notes_by_us(4812)) == 1
    assert other is not None and other.reason == "channel email is not one of chat"


async def test_under_random_faults_every_ticket_ends_with_exactly_one_note(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    for number, kind in enumerate(["status", "drop", "lost", "slow"]):
        freshdesk.inject(
            Fault(kind, status=503, retry_after="0", seconds=0.3, times=0, probability=0.08, seed=number)
        )
    freshdesk.inject(Fault("status", status=429, retry_after="1", times=0, probability=0.05, seed=9))
    with Store(tmp_path / "s.db") as store:
        for _ in range(6):  # later runs resolve intents and retry failures (their waits set to now)
            helpdesk = FreshdeskHelpdesk(freshdesk_client(freshdesk.base_url, timeout=0.2))
            try:
                await AccountSync(FD, helpdesk, store, RUBRIC, start=START).run_once()
            finally:
                await helpdesk.close()
            store.db.execute("UPDATE ledger SET next_attempt_at = NULL")
            store.db.commit()
    freshdesk.faults.clear()
    assert {t: n for t, n in _notes(freshdesk).items() if n > 1} == {}
    assert sum(_notes(freshdesk).values()) == 38


async def test_secrets_never_reach_logs_state_or_notes(
    freshdesk: FreshdeskStandIn, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    freshdesk.inject(Fault("lost", method="POST", path="/api/v2/tickets/4812/notes"))
    freshdesk.inject(Fault("status", status=500, path="/api/v2/tickets/4813/conversations", times=10))
    with caplog.at_level("DEBUG"), Store(tmp_path / "s.db") as store:
        await _sync_freshdesk(freshdesk, store)
    assert KEY not in caplog.text
    for file in tmp_path.iterdir():
        assert KEY.encode() not in file.read_bytes(), file.name
    assert all(KEY not in w["body"]["body"] for w in freshdesk.writes if "notes" in w["path"])


def _version(rubric: Rubric, version: int) -> Rubric:
    """The same rubric under another version number, as an upgrade would bring."""
    text = (Path(__file__).parents[2] / "rubric" / "default.toml").read_text()
    return parse_rubric(
        text.replace(f"version = {rubric.version}", f"version = {version}", 1), source="t", base_dir=None
    )


@pytest.mark.parametrize("state_kept", [True, False], ids=["state-kept", "state-lost"])
async def test_a_rubric_upgrade_alone_never_posts_again(
    freshdesk: FreshdeskStandIn, tmp_path: Path, state_kept: bool
) -> None:
    """Tickets noted under v1 come back (our own note changed them): v2 does not re-post, with
    the ledger or without it (the v1 marker on the ticket is found)."""
    old = _version(RUBRIC, 1)
    with Store(tmp_path / "s.db") as store:
        first = await _sync_freshdesk(freshdesk, store, rubric=old)
    noted = _notes(freshdesk)
    with Store(tmp_path / ("s.db" if state_kept else "fresh.db")) as store:
        upgraded = await _sync_freshdesk(freshdesk, store)
        assert upgraded["posted"] == 0 and upgraded["found_posted"] == first["posted"]
        entry = store.latest("fd", "4812")
        assert entry is not None and entry.rubric == "default@2" and entry.outcome == "posted"
        assert entry.marker is not None and entry.marker.startswith("[ticketqa:default@1:")
    assert _notes(freshdesk) == noted


async def test_a_run_that_dies_between_note_and_tags_finishes_the_tags_next_time(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    """The note stays exactly-once, and the tags are finished: the next run finds the note by
    its marker and writes the tags it lacks, instead of marking the ticket done without them."""
    freshdesk.inject(Fault("drop", method="PUT", path="/api/v2/tickets/4812"))  # the tags' update
    with Store(tmp_path / "s.db") as store:
        first = await _sync_freshdesk(freshdesk, store)
        assert "qa_scored" not in freshdesk.tickets[4812]["tags"]
        again = await _sync_freshdesk(freshdesk, store)
        entry = store.latest("fd", "4812")
    assert first["failed"] >= 1 and again["found_posted"] >= 1
    assert len(freshdesk.notes_by_us(4812)) == 1
    assert "qa_scored" in freshdesk.tickets[4812]["tags"]
    assert entry is not None and entry.outcome == "posted"


async def test_the_ledger_keeps_what_the_report_groups_by_and_no_customer_data(
    freshdesk: FreshdeskStandIn, tmp_path: Path
) -> None:
    with Store(tmp_path / "s.db") as store:
        await _sync_freshdesk(freshdesk, store)
        posted = store.with_outcome("fd", "posted")
        agents = dict(store.db.execute("SELECT agent_id, name FROM agents WHERE account = 'fd'").fetchall())
        dump = "\n".join(store.db.iterdump())
    assert posted
    for entry in posted:
        assert entry.judged_by == "rules" and entry.solved_at and entry.channel
        assert entry.failed_critical in (0, 1)
    assigned = [e for e in posted if e.agent_id]
    assert assigned and all(e.agent_id in agents for e in assigned)
    for ticket in freshdesk.tickets.values():  # the requesters' emails never reach the state
        email = str(ticket.get("email") or "")
        assert not email or email not in dump
