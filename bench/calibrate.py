"""`ticketqa calibrate` on 2,000 generated tickets with two reviewers each, --fit included:
the whole command in its own process, wall time (bar: under 10 s).

The reviews are random around a hidden per-ticket quality, so the figures mean nothing; only the
time does. Run alone: `python -m bench.calibrate`.
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scoring import workload


def measure(tickets: int = 2000) -> float:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        mix = workload(tickets)[:tickets]
        (folder / "tickets.jsonl").write_text("".join(t.model_dump_json() + "\n" for t in mix))
        with (folder / "reviews.csv").open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["ticket_id", "reviewer", "score"])
            for ticket in mix:
                quality = rng.gauss(3, 1)
                for reviewer in ("ana", "ben"):
                    writer.writerow([ticket.id, reviewer, min(5, max(1, round(quality + rng.gauss(0, 0.7))))])
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "connector.cli",
                "calibrate",
                "tickets.jsonl",
                "reviews.csv",
                "--fit",
                "--format",
                "json",
            ],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


if __name__ == "__main__":
    print(f"calibrate --fit, 2,000 tickets x 2 reviewers: {measure():.1f} s")
