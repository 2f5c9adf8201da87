"""`ticketqa sandbox VENDOR`: a stand-in helpdesk on loopback, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from connector.offline import LineError, read_tickets
from integrations.standin import StandIn
from rubric.errors import TicketQAError
from rubric.model import Ticket


def build(args: argparse.Namespace) -> tuple[StandIn, int, str]:
    """The stand-in, how many tickets it was seeded with, and what a client needs to know."""
    tickets = seed_tickets(args.seed)
    limit = args.rate_limit or None
    if args.vendor == "zendesk":
        from integrations.zendesk import seed as zendesk_seed
        from integrations.zendesk.standin import ZendeskStandIn

        zendesk = ZendeskStandIn(
            client_id=args.client_id,
            client_secret=args.client_secret,
            rate_limit=limit,
            time_scale=args.time_scale,
        )
        zendesk_seed.seed(zendesk, tickets)
        return (
            zendesk,
            len(tickets),
            f"OAuth client {args.client_id} / {args.client_secret} (POST /oauth/tokens)",
        )
    from integrations.freshdesk import seed as freshdesk_seed
    from integrations.freshdesk.standin import FreshdeskStandIn

    freshdesk = FreshdeskStandIn(api_key=args.api_key, rate_limit=limit, time_scale=args.time_scale)
    freshdesk_seed.seed(freshdesk, tickets)
    return freshdesk, len(tickets), f"API key: {args.api_key}"


EXAMPLES = Path(__file__).parents[1] / "examples" / "tickets.jsonl"
DEFAULT_SEED = "examples/tickets.jsonl"


class SeedError(TicketQAError):
    """The seed file cannot be used; the message names the line and the fix."""


def seed_tickets(value: str) -> list[Ticket]:
    """The tickets to seed a stand-in with. The default finds the repository's examples from
    any folder; a line that is not a ticket is named, with what is wrong with it."""
    if not value:
        return []
    path = Path(value)
    if not path.is_file() and value == DEFAULT_SEED and EXAMPLES.is_file():
        path = EXAMPLES
    if not path.is_file():
        raise SeedError(f"no seed file at {value}; pass --seed FILE (JSON Lines of tickets) or --seed ''")
    tickets = []
    for number, item in read_tickets(path.read_text(encoding="utf-8-sig").splitlines()):
        if isinstance(item, LineError):
            raise SeedError(f"line {number} of {value} is {item.message}; fix it or leave it out")
        tickets.append(item)
    return tickets


def run(args: argparse.Namespace) -> int:
    try:
        seed_tickets(args.seed)
    except SeedError as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return 2
    standin, seeded, credentials = build(args)
    try:
        url = standin.start(port=args.port)
    except OSError as exc:
        sys.stderr.write(f"ticketqa: cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); try --port\n")
        return 2
    print(f"{args.vendor.capitalize()} stand-in on {url} with {seeded} tickets. {credentials}", flush=True)
    print(
        f'Set base_url = "{url}" for the account. Faults: POST {url}/_standin/faults; '
        f"writes: GET {url}/_standin/writes. Ctrl-C stops it.",
        flush=True,
    )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    standin.stop()
    return 0
