"""`ticketqa sandbox VENDOR`: a stand-in helpdesk on loopback, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from integrations.freshdesk.seed import load_tickets
from integrations.standin import StandIn


def build(args: argparse.Namespace) -> tuple[StandIn, int, str]:
    """The stand-in, how many tickets it was seeded with, and what a client needs to know."""
    tickets = load_tickets(Path(args.seed)) if args.seed else []
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


def run(args: argparse.Namespace) -> int:
    if args.seed and not Path(args.seed).is_file():
        sys.stderr.write(f"ticketqa: no seed file at {args.seed}; pass --seed FILE or --seed ''\n")
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
