"""API benchmarks against the stand-ins: calls per scored ticket (backfill and steady state),
the cost of a quiet poll, and how much of a rate limit the connector turns into scored tickets.

Requests are counted where they arrive, at the stand-in (`StandIn.requests`), and Freshdesk
credits by its own rule (1 a call, 2 more per include). Run with `make bench`.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import Clock, add_solved, state, sync, tickets
from bench.common import standin as start_standin

UNLIMITED = 10**9  # a limit never reached, so the stand-in still counts credits


@dataclass
class Calls:
    backfill: float  # requests per scored ticket
    backfill_credits: float
    steady: float
    steady_credits: float
    quiet_requests: int
    quiet_cpu_ms: float


def _spent(fake: Any, mark: tuple[int, float], posted: int) -> tuple[float, float]:
    requests, credits = len(fake.requests) - mark[0], fake.credits_used - mark[1]
    return requests / max(posted, 1), credits / max(posted, 1)


async def calls_per_ticket(
    vendor: str, folder: Path, *, backlog: int, batch: int, settings: dict[str, Any] | None = None
) -> Calls:
    clock = Clock()
    fake = start_standin(vendor, tickets(backlog), rate_limit=UNLIMITED, clock=clock)
    name = f"calls-{vendor}-{'notes' if settings else 'default'}"
    try:
        with state(folder, name) as store:
            counts = await sync(vendor, fake, store, settings=settings)
            backfill = _spent(fake, (0, 0.0), counts.posted)
            for round_number in range(2):  # steady state: the second of two polls with new tickets
                clock.advance(61)
                new = tickets(batch, first_id=200_000 + round_number * batch, seed=20 + round_number)
                add_solved(fake, new, clock)  # 0.3 s apart, as agents solve them
                clock.advance(61)
                mark = (len(fake.requests), fake.credits_used)
                counts = await sync(vendor, fake, store, settings=settings)
            steady = _spent(fake, mark, counts.posted)
            clock.advance(180)  # nothing changes for three minutes: a first poll re-lists our
            await sync(vendor, fake, store, settings=settings)  # own notes (Freshdesk's overlap)
            clock.advance(180)
            quiet_mark, cpu = len(fake.requests), time.thread_time()
            await sync(vendor, fake, store, settings=settings)
            quiet_cpu = time.thread_time() - cpu  # this thread only: the stand-in answers on others
            quiet = len(fake.requests) - quiet_mark
    finally:
        fake.stop()
    return Calls(backfill[0], backfill[1], steady[0], steady[1], quiet, quiet_cpu * 1000)


@dataclass
class RateUse:
    scored_per_minute: float
    bound_per_minute: float
    share_of_bound: float
    limited_share: float
    peak_share_of_limit: float  # the busiest (scaled) minute, as a share of the limit
    binding: str  # which limit sets the bound
    peak_share_of_updates: float | None = None  # Zendesk: the busiest minute of ticket updates


async def rate_use(
    vendor: str,
    folder: Path,
    *,
    limit: int,
    share: float,
    time_scale: float,
    count: int,
    settings: dict[str, Any] | None = None,
) -> RateUse:
    """The account limited to `limit` requests (Freshdesk: credits) a minute, a minute lasting
    60/time_scale seconds. Zendesk also keeps its own ticket-update limit (100 a minute, of
    which ticketqa takes `share`): the bound is whichever of the two is lower."""
    fake = start_standin(vendor, tickets(count, seed=31), rate_limit=limit, time_scale=time_scale)
    window = 60.0 / time_scale
    samples: list[tuple[float, int]] = []  # (monotonic time, notes written so far)
    try:
        with state(Path(tempfile.mkdtemp(dir=folder)), f"rate-{vendor}") as store:  # a fresh state each run
            watcher = asyncio.create_task(_watch_writes(fake, samples))
            counts = await sync(
                vendor,
                fake,
                store,
                settings=settings,
                rate_share=share,
                window_seconds=window,
                endpoint_limits=True,
            )
            watcher.cancel()
    finally:
        fake.stop()
    per_ticket = fake.credits_used / max(counts.posted, 1)
    bound, binding = limit * share / per_ticket, "account"
    update_limit = getattr(fake, "update_limit", None)
    if update_limit is not None and update_limit * share < bound:
        bound, binding = update_limit * share, "ticket updates"
    sustained = _sustained(samples, window)
    return RateUse(
        scored_per_minute=sustained,
        bound_per_minute=bound,
        share_of_bound=sustained / bound,
        limited_share=fake.limited_count / max(len(fake.requests), 1),
        peak_share_of_limit=fake.peak_use.get("account", 0.0) / limit,
        binding=binding,
        peak_share_of_updates=None
        if update_limit is None
        else fake.peak_use.get("tickets-update", 0.0) / update_limit,
    )


async def _watch_writes(fake: Any, samples: list[tuple[float, int]]) -> None:
    while True:
        samples.append((time.monotonic(), len(fake.writes)))
        await asyncio.sleep(0.05)


def _sustained(samples: list[tuple[float, int]], window: float) -> float:
    """Notes a minute over the whole minutes after the first. The first minute is left out: its
    whole budget is there at the start, a burst no later minute repeats. Whole minutes only: a
    sliding window lets a burst's credits come back one minute later, so part of a minute can
    hold more than its share."""
    began, final = samples[0][0], samples[-1][1]
    last = next(t for t, w in samples if w == final)
    minutes = int((last - began) / window) - 1
    if minutes < 1:
        return float("nan")

    def written(at: float) -> int:
        return max(w for t, w in samples if t <= at)

    start = began + window
    return (written(start + minutes * window) - written(start)) / minutes
