"""What the API benchmarks share: generated tickets, seeded stand-ins on loopback, and the
connector's own sync pointed at them. Everything runs on this machine; nothing is mocked."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bench.scoring import generated_ticket
from connector.config import FreshdeskAccount, ZendeskAccount
from connector.state import Store
from connector.sync import AccountSync, Backfill, Counts
from integrations.freshdesk.adapter import FreshdeskHelpdesk
from integrations.freshdesk.client import FreshdeskClient, FreshdeskSettings
from integrations.freshdesk.seed import seed as seed_freshdesk
from integrations.freshdesk.standin import FreshdeskStandIn
from integrations.standin import StandIn
from integrations.zendesk.adapter import ZendeskHelpdesk
from integrations.zendesk.auth import ClientCredentials
from integrations.zendesk.client import ZendeskClient, ZendeskSettings
from integrations.zendesk.seed import seed as seed_zendesk
from integrations.zendesk.standin import ZendeskStandIn
from rubric.model import Person, Ticket
from rubric.spec import load_rubric

VENDORS = ("freshdesk", "zendesk")
START = datetime(2026, 1, 1, tzinfo=UTC)
API_KEY = "bench-api-key"
RUBRIC = load_rubric()


class Clock:
    """Real time plus an offset the benchmark moves on (Zendesk's export holds back a minute)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


def tickets(count: int, *, first_id: int = 100_000, seed: int = 11) -> list[Ticket]:
    """Generated tickets (2–30 messages, HTML email, quoted history), each with its own requester."""
    rng = random.Random(seed)
    out = []
    for number in range(count):
        ticket = generated_ticket(rng, number)
        requester = Person(name=f"Customer {first_id + number}", email=f"c{first_id + number}@example.net")
        out.append(
            ticket.model_copy(
                update={"id": str(first_id + number), "requester": requester, "status": "solved"}
            )
        )
    return out


def standin(
    vendor: str,
    seeded: list[Ticket],
    *,
    rate_limit: int | None = None,
    time_scale: float = 1.0,
    clock: Any = None,
) -> StandIn:
    extra = {"clock": clock} if clock is not None else {}
    fake: StandIn
    if vendor == "freshdesk":
        fake = FreshdeskStandIn(api_key=API_KEY, rate_limit=rate_limit, time_scale=time_scale, **extra)
        seed_freshdesk(fake, seeded)
    else:
        endpoint_limit = 10**6 if (rate_limit or 0) > 10**6 else None
        fake = ZendeskStandIn(rate_limit=rate_limit, time_scale=time_scale, **extra)
        if endpoint_limit is not None:  # counting calls, not pacing them
            fake.export_limit = fake.update_limit = endpoint_limit
        seed_zendesk(fake, seeded)
    fake.start()
    return fake


def add_solved(fake: StandIn, new: list[Ticket], clock: Clock | None = None) -> None:
    """Tickets solved just now, one after another (0.3 s apart on `clock`), as agents would."""
    if isinstance(fake, FreshdeskStandIn):
        ids = seed_freshdesk(fake, new)
    else:
        assert isinstance(fake, ZendeskStandIn)
        ids = seed_zendesk(fake, new)
    for ticket_id in ids:
        if clock is not None:
            clock.advance(0.3)
        fake.touch(ticket_id)


def account(vendor: str, **settings: Any) -> ZendeskAccount | FreshdeskAccount:
    if vendor == "freshdesk":
        return FreshdeskAccount.model_validate(
            {"name": "fd", "kind": "freshdesk", "domain": "bench", **settings}
        )
    auth = {"method": "client_credentials", "client_id_env": "A", "client_secret_env": "B"}
    return ZendeskAccount.model_validate(
        {"name": "zd", "kind": "zendesk", "subdomain": "bench", "auth": auth, **settings}
    )


def helpdesk(
    vendor: str,
    base_url: str,
    *,
    rate_share: float = 0.5,
    window_seconds: float = 60.0,
    endpoint_limits: bool = False,
) -> FreshdeskHelpdesk | ZendeskHelpdesk:
    """`endpoint_limits`: Zendesk's own export and ticket-update limits, paced by the client;
    off, they are left to the stand-in (counting calls, not pacing them)."""
    if vendor == "freshdesk":
        settings = FreshdeskSettings(
            domain="bench",
            api_key=SecretStr(API_KEY),
            base_url=base_url,
            rate_share=rate_share,
            window_seconds=window_seconds,
        )
        return FreshdeskHelpdesk(FreshdeskClient(settings))
    unpaced: dict[str, Any] = (
        {} if endpoint_limits else {"export_limit_per_minute": 10**6, "update_limit_per_minute": 10**6}
    )
    zendesk = ZendeskSettings(
        subdomain="bench", base_url=base_url, rate_share=rate_share, window_seconds=window_seconds, **unpaced
    )
    auth = ClientCredentials(f"{base_url}/oauth/tokens", "ticketqa", "standin-secret")
    return ZendeskHelpdesk(ZendeskClient(zendesk, auth))


async def sync(
    vendor: str,
    fake: StandIn,
    store: Store,
    *,
    settings: dict[str, Any] | None = None,
    backfill: Backfill | None = None,
    **client: Any,
) -> Counts:
    desk = helpdesk(vendor, fake.base_url, **client)
    try:
        run = AccountSync(
            account(vendor, **(settings or {})), desk, store, RUBRIC, start=START, backfill=backfill
        )
        return await run.run_once()
    finally:
        await desk.close()


def state(folder: Path, name: str) -> Store:
    return Store(folder / f"{name}.db")


def connector_config(folder: Path, base_url: str, vendor: str) -> Path:
    """A ticketqa.toml (and .env) for the connector run as its own process against `base_url`."""
    path = folder / f"memory-{vendor}.toml"
    if vendor == "freshdesk":
        account = (
            f'kind = "freshdesk"\ndomain = "bench"\nbase_url = "{base_url}"\nconcurrency = 8\n'
            '[accounts.write_back]\nmarker_tag = ""\nband_tags = {}'
        )
    else:
        account = (
            f'kind = "zendesk"\nsubdomain = "bench"\nbase_url = "{base_url}"\nconcurrency = 8\n'
            'update_share = 1.0\nauth = { method = "client_credentials", client_id_env = "ZD_ID", '
            'client_secret_env = "ZD_SECRET" }'
        )
    path.write_text(
        f'state_path = "memory-{vendor}.db"\n[[accounts]]\nname = "bench"\nrate_share = 1.0\n{account}\n'
    )
    (folder / ".env").write_text(f"FRESHDESK_API_KEY={API_KEY}\nZD_ID=ticketqa\nZD_SECRET=standin-secret\n")
    return path
