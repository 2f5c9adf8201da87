"""`ticketqa score` over the dev set's real conversations, the whole process: messages per CPU
second (user + system, the child's own rusage), median of three runs. Skipped when
../shared/devset is not beside the repository (research data, never copied into it).

Run alone: `python -m bench.devset`.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
from pathlib import Path

DEVSET = Path(__file__).parents[2] / "shared" / "devset" / "tickets.jsonl"


def _cpu_seconds(path: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "connector.cli", "score", str(path), "--format", "json"],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(runs: int = 3) -> dict[str, float] | None:
    if not DEVSET.is_file():
        return None
    lines = [line for line in DEVSET.read_text().splitlines() if line.strip()]
    messages = sum(len(json.loads(line)["messages"]) for line in lines)
    cpu = statistics.median(_cpu_seconds(DEVSET) for _ in range(runs))
    return {"tickets": len(lines), "messages": messages, "cpu_seconds": cpu, "per_cpu_second": messages / cpu}


if __name__ == "__main__":
    figures = measure()
    if figures is None:
        print(f"no dev set at {DEVSET}: skipped")
    else:
        print(
            f"ticketqa score, dev set ({figures['tickets']:,} tickets, {figures['messages']:,} messages): "
            f"{figures['cpu_seconds']:.2f} CPU s, {figures['per_cpu_second']:,.0f} messages per CPU second"
        )
