"""`ticketqa sync --once | --loop`, `ticketqa backfill` and `ticketqa retry-failed`, under the
state lock.

--once: every configured account, one pass (cron, systemd timers, Kubernetes CronJobs).
--loop: passes every `--interval` (default: the config's `poll_interval`) until SIGINT/SIGTERM.
backfill: a one-off read from --since (to --until, at most --limit tickets) with its own
position, so the scheduled runs' place in the change feed does not move.
retry-failed: makes every failed ticket due now and runs one pass.

Exit codes: 0 all handled; 1 some tickets failed (they are retried on later runs);
2 a config, rubric or authentication problem (a person must act); 3 another run holds the
state; 4 a helpdesk could not be reached or answered unusably (the next run tries again);
5 an internal error (a bug: please report it). With several accounts, each runs on its own and
the code is the gravest: 2, then 5, 4, 1. SIGINT/SIGTERM finish the ticket in hand, keep what
was saved, and exit as usual.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from connector.accounts import open_helpdesk
from connector.config import Account, Config, ConfigError, load_config, seconds
from connector.logs import LIVE, configure, fields
from connector.progress import progress
from connector.runtime import prepare_for_scoring
from connector.state import Locked, Store, iso_second, run_lock
from connector.sync import AccountSync, Backfill, Counts
from integrations.errors import FatalError, HelpdeskError
from integrations.http import Usage
from integrations.protocol import Helpdesk
from rubric.errors import RubricError
from rubric.spec import Rubric, load_rubric

EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED, EXIT_UNREACHABLE, EXIT_INTERNAL = 0, 1, 2, 3, 4, 5
_GRAVITY = (EXIT_OK, EXIT_FAILED, EXIT_UNREACHABLE, EXIT_INTERNAL, EXIT_CONFIG)
MAX_ACCOUNT_BACKOFF = 1800.0  # seconds: --loop retries a failing account at least this often
log = logging.getLogger("ticketqa.run")


@dataclass(frozen=True)
class Plan:
    dry_run: bool = False
    loop: bool = False
    interval: float = 120.0
    start: datetime | None = None  # a backfill's start; None: the config's
    backfill: Backfill | None = None
    live: bool = False  # a progress line on the terminal; otherwise a progress event a minute


def sync(args: argparse.Namespace) -> int:
    try:
        config = load_config(Path(args.config))
        rubric = load_rubric(config.path(config.settings.rubric) if config.settings.rubric else None)
        plan = _plan(args, config)
    except (ConfigError, RubricError, ValueError) as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return EXIT_CONFIG
    configure(args.log_format, level="DEBUG" if args.verbose else "INFO", secrets=config.secret_values())
    prepare_for_scoring()
    state = config.path(config.settings.state_path)
    try:
        with run_lock(state), Store(state) as store:
            if getattr(args, "retry_failed", False):
                for account in config.accounts:
                    store.db.execute(
                        "UPDATE ledger SET next_attempt_at = NULL WHERE account = ? AND outcome = 'failed'",
                        (account.name,),
                    )
                store.db.commit()
            _forget_old(config, store)
            return asyncio.run(_passes(config, store, rubric, plan))
    except Locked as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return EXIT_LOCKED
    except (OSError, sqlite3.Error) as exc:
        sys.stderr.write(
            f"ticketqa: cannot use the state at {state} ({exc}); check state_path in the config and that "
            "this user may create and write files there\n"
        )
        return EXIT_CONFIG


def _forget_old(config: Config, store: Store) -> None:
    """Retention: once a run, before its passes, settled rows older than `retention_days`."""
    days = config.settings.retention_days
    if days is not None:
        forgotten = store.forget_before(iso_second(datetime.now(UTC) - timedelta(days=days)))
        if forgotten:
            log.info("ledger rows past retention forgotten", extra=fields(rows=forgotten, days=days))


def _plan(args: argparse.Namespace, config: Config) -> Plan:
    interval = seconds(args.interval) if getattr(args, "interval", None) else config.settings.poll_interval
    live = args.log_format == "text" and sys.stderr.isatty()
    since = getattr(args, "since", None)
    if since is None:
        return Plan(dry_run=args.dry_run, loop=getattr(args, "loop", False), interval=interval, live=live)
    until = getattr(args, "until", None)
    return Plan(
        dry_run=args.dry_run,
        start=_day(since),
        backfill=Backfill(until=_day(until) if until else None, limit=getattr(args, "limit", None)),
        live=live,
    )


def _day(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start_time(config: Config) -> datetime:
    if config.settings.backfill_start:
        return _day(config.settings.backfill_start)
    return datetime.now(UTC) - timedelta(days=1)


def gravest(*codes: int) -> int:
    return max(codes, key=_GRAVITY.index)


@dataclass
class Backoff:
    """In --loop, an account that failed as a whole waits interval x 2^(failures-1) (capped)
    before its next try, so an outage is not hammered; one good pass resets it."""

    interval: float
    failures: dict[str, int] = field(default_factory=dict)
    not_before: dict[str, float] = field(default_factory=dict)

    def due(self, name: str, now: float) -> bool:
        return now >= self.not_before.get(name, 0.0)

    def record(self, name: str, failed: bool, now: float) -> None:
        if not failed:
            self.failures.pop(name, None)
            self.not_before.pop(name, None)
            return
        n = self.failures[name] = self.failures.get(name, 0) + 1
        wait = min(self.interval * 2 ** (n - 1), max(MAX_ACCOUNT_BACKOFF, self.interval))
        self.not_before[name] = now + wait - self.interval  # the loop's own sleep is the first interval


async def _passes(config: Config, store: Store, rubric: Rubric, plan: Plan) -> int:
    stop = asyncio.Event()
    running = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        running.add_signal_handler(signum, stop.set)
    backoff = Backoff(plan.interval)
    while True:
        code = await _all_accounts(config, store, rubric, plan, stop, backoff)
        if not plan.loop or stop.is_set():
            return EXIT_OK if plan.loop else code
        with contextlib.suppress(TimeoutError):  # sleep until the next pass, or until told to stop
            await asyncio.wait_for(stop.wait(), timeout=plan.interval)
        if stop.is_set():
            return EXIT_OK


async def _all_accounts(
    config: Config, store: Store, rubric: Rubric, plan: Plan, stop: asyncio.Event, backoff: Backoff
) -> int:
    """Each account on its own: one that cannot sign in, is down or hits a bug is reported in
    one line and the next account still runs."""
    code = EXIT_OK
    for account in config.accounts:
        if not backoff.due(account.name, time.monotonic()):
            continue
        account_code = await _one_account(config, account, store, rubric, plan, stop)
        whole_account_failed = account_code in (EXIT_CONFIG, EXIT_UNREACHABLE, EXIT_INTERNAL)
        backoff.record(account.name, whole_account_failed, time.monotonic())
        code = gravest(code, account_code)
        if stop.is_set():
            print("ticketqa: stopped by signal; what was handled is saved", flush=True)
            break
    return code


async def _one_account(
    config: Config, account: Account, store: Store, rubric: Rubric, plan: Plan, stop: asyncio.Event
) -> int:
    helpdesk = open_helpdesk(config, account)
    account_sync = AccountSync(
        account,
        helpdesk,
        store,
        rubric,
        start=plan.start or start_time(config),
        dry_run=plan.dry_run,
        stop=stop,
        show=_print,
        backfill=plan.backfill,
    )
    try:
        async with progress(
            account.name,
            account_sync.counts.as_dict,
            helpdesk.usage,
            stream=sys.stderr if plan.live else None,
            every=0.25 if plan.live else 60.0,
        ):
            counts = await account_sync.run_once()
    except Exception as exc:
        return _account_failed(account.name, exc)
    finally:
        await _close(helpdesk)
    usage = helpdesk.usage()
    print(summary(account.name, counts, usage, dry_run=plan.dry_run), flush=True)
    log.info(
        "run finished",
        extra=fields(
            account=account.name,
            mode="dry run" if plan.dry_run else "live",
            **counts.as_dict(),
            requests=usage.requests,
            credits=usage.credits,
            rate_limited=usage.limited,
        ),
    )
    return EXIT_FAILED if counts.failed else EXIT_OK


def _account_failed(name: str, exc: Exception) -> int:
    """One line that says what went wrong and what to do; the code says how grave it is."""
    if isinstance(exc, FatalError):
        code, what = EXIT_CONFIG, str(exc)
    elif isinstance(exc, (HelpdeskError, httpx.HTTPError, OSError)):
        code, what = (
            EXIT_UNREACHABLE,
            (f"{describe_outage(exc)}; nothing was lost: the next run picks up where this one stopped"),
        )
    else:
        code, what = (
            EXIT_INTERNAL,
            (
                f"internal error ({type(exc).__name__}: {exc}); this is a bug in ticketqa, please report it "
                "with the log; the other accounts went on"
            ),
        )
        log.debug("internal error", exc_info=exc)
    sys.stderr.write(f"ticketqa: {name}: {what}\n")
    log.error("run stopped", extra=fields(account=name, error=what, exit_code=code))
    return code


def describe_outage(exc: Exception) -> str:
    if isinstance(exc, HelpdeskError):
        return str(exc)
    if isinstance(exc, httpx.HTTPError):
        return (
            f"the helpdesk could not be reached ({type(exc).__name__}); check the network, DNS and base_url"
        )
    return f"a system error stopped the account ({type(exc).__name__}: {exc})"


async def _close(helpdesk: Helpdesk) -> None:
    with contextlib.suppress(Exception):  # closing a client of a dead server must not hide the cause
        await helpdesk.close()


def _print(note: str) -> None:
    LIVE.clear()  # a note printed while the progress line shows starts on a clean line
    print(note, flush=True)  # as each comes: a dry-run backfill never holds its notes in memory


def summary(name: str, counts: Counts, usage: Usage, *, dry_run: bool = False) -> str:
    """The line each account's run ends with: its counts, then what it spent of the API."""
    parts = [f"{key.replace('_', ' ')} {value}" for key, value in counts.as_dict().items() if value]
    done = ", ".join(parts) or "nothing changed"
    return f"{name}{' (dry run)' if dry_run else ''}: {done} · {usage.describe()}"
