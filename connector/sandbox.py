"""`ticketqa sandbox VENDOR`: a stand-in helpdesk on loopback, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from integrations.freshdesk.seed import load_tickets, seed
from integrations.freshdesk.standin import FreshdeskStandIn


def run(args: argparse.Namespace) -> int:
    standin = FreshdeskStandIn(
        api_key=args.api_key, rate_limit=args.rate_limit or None, time_scale=args.time_scale
    )
    seeded = 0
    if args.seed:
        path = Path(args.seed)
        if not path.is_file():
            sys.stderr.write(f"ticketqa: no seed file at {path}; pass --seed FILE or --seed ''\n")
            return 2
        seeded = len(seed(standin, load_tickets(path)))
    try:
        url = standin.start(port=args.port)
    except OSError as exc:
        sys.stderr.write(f"ticketqa: cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); try --port\n")
        return 2
    print(f"Freshdesk stand-in on {url} with {seeded} tickets. API key: {args.api_key}", flush=True)
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
