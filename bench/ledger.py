"""A generated ledger with known patterns, for `ticketqa report`'s tests, benchmark, example
and screenshot: the report must find exactly what was planted.

Planted: Ana is weak on active listening (about 30 points under everyone); Ben improves by
about 2.5 points a week; Cy has too few tickets to judge. Everyone else scores alike, around
the same means, with noise. Some tickets are skipped (not scorable, write-back off), and some
rows predate the report's columns (no agent, no solve time).

Run alone: `python -m bench.ledger` (100,000 rows, then the report in its own process).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from connector.state import Store, iso_second

WEIGHTS = {"empathy": 10, "listening": 10, "completeness": 15, "professionalism": 20, "resolution": 45}
AGENTS = {  # id: (name, team)
    "101": ("Ana Weak-Listening", "Billing"),
    "102": ("Ben Improving", "Billing"),
    "103": ("Cy Few-Tickets", "Tech"),
    "104": ("Dee Steady", "Tech"),
    "105": ("Eli Steady", "Tech"),
    "106": ("Flo Steady", "Billing"),
}
CHANNELS = ("email", "web", "chat")
END = datetime(2026, 11, 30, tzinfo=UTC)
WEEKS = 12


@dataclass(frozen=True)
class Planted:
    weak: tuple[str, str] = ("Ana Weak-Listening", "listening")
    improving: str = "Ben Improving"
    too_few: str = "Cy Few-Tickets"


def _criteria(rng: random.Random, agent: str, week: int) -> dict[str, float | None]:
    values: dict[str, float | None] = {}
    for criterion in WEIGHTS:
        mean = 0.8
        if agent == "101" and criterion == "listening":
            mean = 0.5
        if agent == "102":
            mean = 0.8 + 0.025 * (week - (WEEKS - 1) / 2)  # +2.5 points a week, everyone's mean overall
        value = min(1.0, max(0.0, rng.gauss(mean, 0.12)))
        values[criterion] = round(value * 4) / 4  # a four-point scale, as the rubric snaps
    if rng.random() < 0.6:
        values["empathy"] = None  # the customer was not upset: N/A
    return values


def _score(criteria: dict[str, float | None]) -> float:
    judged = {c: v for c, v in criteria.items() if v is not None}
    weight = sum(WEIGHTS[c] for c in judged)
    return round(100 * sum(WEIGHTS[c] * v for c, v in judged.items()) / weight, 1)


def _band(score: float) -> str:
    return "great" if score >= 90 else "coach" if score >= 70 else "review"


def rows(count: int, seed: int = 7) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    agents = [a for a in AGENTS if a != "103"]
    out: list[tuple[object, ...]] = []
    for n in range(count):
        ticket_id = str(10_000 + n)
        agent = "103" if n % max(1, count // 6) == 0 and n // max(1, count // 6) < 6 else rng.choice(agents)
        week = rng.randrange(WEEKS)
        solved = END - timedelta(weeks=WEEKS - week, seconds=rng.randrange(7 * 86400))
        stamp = iso_second(solved + timedelta(minutes=5))
        roll = rng.random()
        if roll < 0.04:
            why = "not scorable: no agent replied (bot, system and private messages do not count)"
            out.append((ticket_id, "skipped", why, None, None, None, None, stamp, agent, None))
            continue
        criteria = _criteria(rng, agent, week)
        score = _score(criteria)
        outcome = "posted" if roll > 0.06 else "skipped"
        reason = None if outcome == "posted" else "write-back is off"
        old = roll > 0.985  # written before the report's columns: no agent, no solve time
        out.append((ticket_id, outcome, reason, score, _band(score), json.dumps(criteria), None if old else
                    iso_second(solved), stamp, None if old else agent, week))  # fmt: skip
    return out


_COLUMNS = (
    "account, ticket_id, fingerprint, rubric, outcome, reason, score, band, criteria, updated_at, "
    "solved_at, agent_id, team, channel, failed_critical, judged_by, reopens, first_reply_minutes, "
    "wait_minutes"
)
_INSERT = f"INSERT INTO ledger ({_COLUMNS}) VALUES ({', '.join('?' * 19)})"


def make_ledger(path: Path, count: int = 2000, seed: int = 7, account: str = "acme") -> Planted:
    """Write `count` tickets' rows into a new state database at `path`."""
    rng = random.Random(seed + 1)
    with Store(path) as store:
        for agent_id, (name, _) in AGENTS.items():
            store.save_agent(account, agent_id, name)
        batch = []
        for ticket_id, outcome, reason, score, band, criteria, solved, stamp, agent, _ in rows(count, seed):
            team = AGENTS[str(agent)][1] if agent else None
            batch.append((
                account, ticket_id, "fp" + ticket_id, "default@2", outcome, reason, score, band, criteria,
                stamp, solved, agent, team, rng.choice(CHANNELS), 0 if score is None or score > 20 else 1,
                "rules" if score is not None else None, 1 if rng.random() < 0.05 else 0,
                round(rng.uniform(5, 240), 1), round(rng.uniform(10, 900), 1),
            ))  # fmt: skip
        with store.db:
            store.db.executemany(_INSERT, batch)
    return Planted()


_CHILD = """
import sys
from connector.cli import main
code = main(["report", "--config", sys.argv[1], "--since", "120d", "--out", sys.argv[2]])
sys.stderr.write(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")))
sys.exit(code)
"""


def measure(count: int = 100_000) -> dict[str, float]:
    """The report over `count` rows, HTML with charts, in its own process: wall seconds and
    peak memory (the child's max RSS)."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        # In a process of its own: a child forked from a parent holding 100,000 rows would count
        # the parent's pages in its peak memory.
        subprocess.run(
            [sys.executable, "-c", f"from bench.ledger import make_ledger; from pathlib import Path; "
             f"make_ledger(Path({str(folder / 'state.db')!r}), {count})"],
            check=True,
        )  # fmt: skip
        (folder / "ticketqa.toml").write_text(
            'state_path = "state.db"\n[[accounts]]\nname = "acme"\nkind = "zendesk"\nsubdomain = "acme"\n'
            '[accounts.auth]\nmethod = "api_token"\nemail = "qa@example.com"\ntoken_env = "ZENDESK_TOKEN"\n'
        )
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-c", _CHILD, str(folder / "ticketqa.toml"), str(folder / "report.html")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - started
        if run.returncode != 0:
            raise RuntimeError(f"ticketqa report failed: {run.stderr.strip()[-300:]}")
    # The child's own VmHWM: ru_maxrss of a forked child counts the parent's pages too.
    peak_mb = int(run.stderr.rpartition("VmHWM:")[2].split()[0]) / 1024
    return {"rows": count, "seconds": wall, "peak_mb": peak_mb}


if __name__ == "__main__":
    for size in (10_000, 100_000):
        figures = measure(size)
        print(
            f"ticketqa report, {figures['rows']:,} ledger rows: {figures['seconds']:.2f} s, "
            f"peak {figures['peak_mb']:.0f} MB"
        )
