"""`ticketqa demo` (what `make demo` runs): both stand-ins on loopback, seeded with the example
tickets, one sync against both, the notes that landed, the summary, then everything stops.
Nothing outside this machine is touched; the state lives in a temporary folder."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from connector.accounts import open_helpdesk
from connector.config import load_config
from connector.run import start_time, summary
from connector.sandbox import SeedError, seed_tickets
from connector.state import Store
from connector.sync import AccountSync
from integrations.freshdesk import seed as freshdesk_seed
from integrations.freshdesk.standin import FreshdeskStandIn
from integrations.standin import StandIn
from integrations.zendesk import seed as zendesk_seed
from integrations.zendesk.standin import ZendeskStandIn
from rubric.spec import load_rubric
from rubric.text import normalise_body

CONFIG = """
backfill_start = "2026-01-01"
state_path = "state/ticketqa.db"

[[accounts]]
name = "demo-zendesk"
kind = "zendesk"
subdomain = "demo"
base_url = "{zendesk}"
[accounts.auth]
method = "client_credentials"
client_id_env = "ZENDESK_CLIENT_ID"
client_secret_env = "ZENDESK_CLIENT_SECRET"

[[accounts]]
name = "demo-freshdesk"
kind = "freshdesk"
domain = "demo"
base_url = "{freshdesk}"
"""
ENV = "ZENDESK_CLIENT_ID=ticketqa\nZENDESK_CLIENT_SECRET=standin-secret\nFRESHDESK_API_KEY=standin-api-key\n"


def demo(args: argparse.Namespace) -> int:
    try:
        tickets = seed_tickets(args.seed)
    except SeedError as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return 2
    zendesk, freshdesk = ZendeskStandIn(), FreshdeskStandIn()
    zendesk_seed.seed(zendesk, tickets)
    freshdesk_seed.seed(freshdesk, tickets)
    servers: list[StandIn] = [zendesk, freshdesk]
    try:
        urls = {"zendesk": zendesk.start(), "freshdesk": freshdesk.start()}
        print(
            f"Stand-ins: Zendesk {urls['zendesk']}, Freshdesk {urls['freshdesk']} "
            f"({len(tickets)} example tickets each)\n"
        )
        with tempfile.TemporaryDirectory(prefix="ticketqa-demo-") as folder:
            path = Path(folder) / "ticketqa.toml"
            path.write_text(CONFIG.format(**urls))
            (Path(folder) / ".env").write_text(ENV)
            summaries = asyncio.run(_sync(path))
        _show_notes(freshdesk, args.notes)
        print("\n".join(summaries))
    finally:
        for server in servers:
            server.stop()
    return 0


async def _sync(path: Path) -> list[str]:
    config = load_config(path)
    rubric = load_rubric()
    summaries = []
    with Store(config.path(config.settings.state_path)) as store:
        for account in config.accounts:
            helpdesk = open_helpdesk(config, account)
            try:
                counts = await AccountSync(
                    account, helpdesk, store, rubric, start=start_time(config)
                ).run_once()
            finally:
                await helpdesk.close()
            summaries.append(summary(account.name, counts, helpdesk.usage()))
    return summaries


# A good reply, a rude one, an unanswered question and a sloppy one, when the seed has them.
SHOWCASE = (4812, 4830, 4850, 4822)


def _show_notes(freshdesk: FreshdeskStandIn, how_many: int) -> None:
    shown = 0
    preferred = [t for t in SHOWCASE if t in freshdesk.tickets]
    for ticket_id in [*preferred, *sorted(set(freshdesk.tickets) - set(preferred))]:
        for note in freshdesk.notes_by_us(ticket_id):
            if shown >= how_many:
                return
            subject = freshdesk.tickets[ticket_id].get("subject", "")
            print(f"--- private note on Freshdesk ticket {ticket_id} ({subject}) ---")
            print(normalise_body(note["body"]) + "\n")
            shown += 1
