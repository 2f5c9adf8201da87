"""Latency in `ticketqa sync --loop`: from a ticket being solved on the stand-in to our note
being on it. The connector runs as its own process, polling every `interval` seconds; this
process solves tickets at random moments and reads the note times from the stand-in's record
of writes. Zendesk's export holds back the last minute by design (`EXPORT_LAG`): its figure
is about 60 s more, and is reported as it is."""

from __future__ import annotations

import random
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import add_solved, connector_config, standin, tickets
from integrations.standin import parse_iso

ROOT = Path(__file__).parents[1]
EXPORT_LAG = {"freshdesk": 0.0, "zendesk": 60.0}
NOTE_PATH = {"freshdesk": "/tickets/{}/notes", "zendesk": "/tickets/{}"}  # as the stand-ins record writes


@dataclass
class Latency:
    interval: float
    solved: int
    noted: int
    p50: float
    p95: float
    worst: float


def loop_latency(
    folder: Path, *, interval: float, count: int, spread: float, vendor: str = "freshdesk"
) -> Latency:
    fake = standin(vendor, [])
    config = connector_config(folder, fake.base_url, vendor)
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "connector.cli",
            "sync",
            "--loop",
            "--interval",
            f"{interval}s",
            "--config",
            str(config),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rng = random.Random(5)
    solved: dict[str, float] = {}
    try:
        time.sleep(2)
        for number, ticket in enumerate(tickets(count, first_id=300_000, seed=51)):
            time.sleep(rng.uniform(0, 2 * spread / count))
            add_solved(fake, [ticket])
            solved[NOTE_PATH[vendor].format(300_000 + number)] = time.time()
        deadline = time.time() + interval + 20 + EXPORT_LAG[vendor]
        while time.time() < deadline and len({w["path"] for w in fake.writes}) < len(solved):
            time.sleep(0.5)
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
        fake.stop()
    # The stand-in stamps writes to the second; the solve time is kept to the millisecond.
    delays = [
        parse_iso(w["at"]).timestamp() + 0.5 - solved[w["path"]] for w in fake.writes if w["path"] in solved
    ]
    ordered = sorted(delays) or [float("nan")]
    return Latency(
        interval,
        len(solved),
        len(delays),
        statistics.median(ordered),
        ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        ordered[-1],
    )
