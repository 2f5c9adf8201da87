"""Progress while a pass runs: a live line on a terminal, a periodic event in job logs."""

import asyncio
import io

import pytest

from connector.progress import line, progress
from integrations.http import Usage

USAGE = Usage(requests=120, credits=310.0, limited=1, limit=200.0, allowance=100.0)
COUNTS = {"seen": 50, "scored": 40, "posted": 39, "skipped": 10, "failed": 1}


def test_the_line_names_every_count_and_the_api_budget() -> None:
    text = line("fd", COUNTS, USAGE)
    assert text.startswith("fd: seen 50 · scored 40 · posted 39 · skipped 10 · not writable 0 · failed 1")
    assert text.endswith("API 120 requests (310 credits), budget 100/min of 200, 1 rate-limited")


async def test_on_a_terminal_the_line_is_rewritten_then_cleared() -> None:
    stream = io.StringIO()
    async with progress("fd", lambda: COUNTS, lambda: USAGE, stream=stream, every=0.01):
        await asyncio.sleep(0.05)
    shown = stream.getvalue()
    assert shown.count("\r\x1b[Kfd: seen 50") >= 2 and shown.endswith("\r\x1b[K")


async def test_in_a_job_it_logs_a_progress_event(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="ticketqa.progress"):
        async with progress("fd", lambda: COUNTS, lambda: USAGE, stream=None, every=0.01):
            await asyncio.sleep(0.03)
    events = [r for r in caplog.records if r.getMessage() == "progress"]
    assert events and events[0].fields["posted"] == 39 and events[0].fields["requests"] == 120  # type: ignore[attr-defined]


async def test_a_log_line_on_the_terminal_starts_on_a_clean_line() -> None:
    """On a terminal the live line and the log lines share standard error: a log line first
    clears the progress text instead of running on from its end."""
    import logging

    from connector.logs import configure

    stream = io.StringIO()
    configure("text", stream=stream)
    async with progress("fd", lambda: COUNTS, lambda: USAGE, stream=stream, every=0.01):
        await asyncio.sleep(0.03)
        logging.getLogger("ticketqa.sync").warning("answer lost")
        await asyncio.sleep(0.03)
    before = stream.getvalue().partition("answer lost")[0]
    cleared, _, start_of_log_line = before.rpartition("\r\x1b[K")
    assert "fd: seen 50" in cleared and "fd: seen" not in start_of_log_line
