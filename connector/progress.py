"""Progress while a pass runs: a live line on a terminal, a periodic `progress` event in jobs.

The line reads the sync's counters and the helpdesk's API usage on a timer, so the sync itself
knows nothing about terminals. Nothing from a ticket's text is shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TextIO

from connector.logs import LIVE, fields
from integrations.http import Usage

log = logging.getLogger("ticketqa.progress")
SHOWN = ("seen", "scored", "posted", "skipped", "not_writable", "failed")


def line(name: str, counts: dict[str, int], usage: Usage) -> str:
    parts = [f"{key.replace('_', ' ')} {counts.get(key, 0)}" for key in SHOWN]
    return f"{name}: " + " · ".join(parts) + f" · {usage.describe()}"


@contextlib.asynccontextmanager
async def progress(
    name: str,
    counts: Callable[[], dict[str, int]],
    usage: Callable[[], Usage],
    *,
    stream: TextIO | None,
    every: float,
) -> AsyncIterator[None]:
    """While the block runs: rewrite a line on `stream` (a terminal) every `every` seconds,
    or, with no stream, log a `progress` event as often."""

    async def tick() -> None:
        while True:
            await asyncio.sleep(every)
            if stream is not None:
                stream.write("\r\x1b[K" + line(name, counts(), usage()))
                stream.flush()
            else:
                log.info("progress", extra=fields(account=name, **counts(), requests=usage().requests))

    task = asyncio.create_task(tick())
    LIVE.stream = stream
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        LIVE.clear()  # the summary takes the line's place
        LIVE.stream = None
