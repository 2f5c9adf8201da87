"""Peak memory of a backfill: `ticketqa backfill` in its own process against a stand-in (in
this process) holding N generated tickets. Peak RSS is the kernel's figure for the child
(VmHWM, read from /proc while it runs), so the stand-in's own memory does not count. Run for two sizes: the
figure must stay flat as the backlog grows (streaming, no whole-backlog lists)."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import connector_config, standin, tickets
from integrations.freshdesk.seed import load_tickets
from rubric.model import Ticket

ROOT = Path(__file__).parents[1]


@dataclass
class Memory:
    tickets: int
    peak_rss_mb: float
    seconds: float
    scored_per_second: float


def mixed_languages(generated: list[Ticket]) -> list[Ticket]:
    """One ticket in five in Spanish, French or German (the examples' own), as a helpdesk that
    serves Europe sees them: the language model must not be needed for these."""
    foreign = [
        t for t in load_tickets(ROOT / "examples" / "tickets.jsonl") if t.id in ("4890", "4891", "4892")
    ]
    out = []
    for position, ticket in enumerate(generated):
        if position % 5 == 4:
            ticket = foreign[position % len(foreign)].model_copy(update={"id": ticket.id})
        out.append(ticket)
    return out


def backfill_memory(folder: Path, count: int, vendor: str = "freshdesk", *, mixed: bool = False) -> Memory:
    generated = tickets(count, seed=41)
    fake = standin(vendor, mixed_languages(generated) if mixed else generated)  # no rate limit: memory only
    try:
        config = connector_config(folder, fake.base_url, vendor)
        (folder / f"memory-{vendor}.db").unlink(missing_ok=True)
        began = time.monotonic()
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "connector.cli",
                "backfill",
                "--since",
                "2026-01-01",
                "--config",
                str(config),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        peak = _watch_peak(child)
        summary = child.stdout.read() if child.stdout else ""
        status = child.wait()
        seconds = time.monotonic() - began
    finally:
        fake.stop()
    if status != 0:
        raise RuntimeError(f"the backfill failed ({status}): {summary}")
    posted = int(summary.split("posted ")[1].split(",")[0].split(" ")[0])
    return Memory(count, peak / 1024, seconds, posted / seconds)


def _watch_peak(child: subprocess.Popen[str]) -> int:
    """The child's own high-water mark (VmHWM, kB), read until it exits. Not `ru_maxrss`: a
    forked child is charged with its parent's pages, and the parent holds the stand-in."""
    peak = 0
    while child.poll() is None:
        try:
            status = Path(f"/proc/{child.pid}/status").read_text()
        except OSError:
            break
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
        time.sleep(0.1)
    return peak
