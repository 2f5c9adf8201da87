"""`ticketqa sync --once | --loop`, `ticketqa backfill` and `ticketqa retry-failed`, under the
state lock.

--once: every configured account, one pass (cron, systemd timers, Kubernetes CronJobs).
--loop: passes every `--interval` (default: the config's `poll_interval`) until SIGINT/SIGTERM.
backfill: a one-off read from --since (to --until, at most --limit tickets) with its own
position, so the scheduled runs' place in the change feed does not move.
retry-failed: makes every failed ticket due now and runs one pass.

Exit codes: 0 all handled; 1 some tickets failed (they are retried on later runs);
2 a config, rubric or authentication problem; 3 another run holds the state.
SIGINT/SIGTERM finish the ticket in hand, keep what was saved, and exit as usual.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from connector.accounts import open_helpdesk
from connector.config import Config, ConfigError, load_config, seconds
from connector.logs import configure, fields
from connector.progress import progress
from connector.runtime import prepare_for_scoring
from connector.state import Locked, Store, run_lock
from connector.sync import AccountSync, Backfill, Counts
from integrations.errors import FatalError
from integrations.http import Usage
from rubric.errors import RubricError
from rubric.spec import Rubric, load_rubric

EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 3
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
            return asyncio.run(_passes(config, store, rubric, plan))
    except Locked as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return EXIT_LOCKED


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


async def _passes(config: Config, store: Store, rubric: Rubric, plan: Plan) -> int:
    stop = asyncio.Event()
    running = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        running.add_signal_handler(signum, stop.set)
    while True:
        code = await _all_accounts(config, store, rubric, plan, stop)
        if not plan.loop or stop.is_set():
            return EXIT_OK if plan.loop else code
        with contextlib.suppress(TimeoutError):  # sleep until the next pass, or until told to stop
            await asyncio.wait_for(stop.wait(), timeout=plan.interval)
        if stop.is_set():
            return EXIT_OK


async def _all_accounts(config: Config, store: Store, rubric: Rubric, plan: Plan, stop: asyncio.Event) -> int:
    code = EXIT_OK
    for account in config.accounts:
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
        except FatalError as exc:
            sys.stderr.write(f"ticketqa: {account.name}: {exc}\n")
            log.error("run stopped", extra=fields(account=account.name, error=str(exc)))
            code = EXIT_CONFIG
            continue
        finally:
            await helpdesk.close()
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
        if counts.failed and code == EXIT_OK:
            code = EXIT_FAILED
        if stop.is_set():
            print("ticketqa: stopped by signal; what was handled is saved", flush=True)
            break
    return code


def _print(note: str) -> None:
    print(note, flush=True)  # as each comes: a dry-run backfill never holds its notes in memory


def summary(name: str, counts: Counts, usage: Usage, *, dry_run: bool = False) -> str:
    """The line each account's run ends with: its counts, then what it spent of the API."""
    parts = [f"{key.replace('_', ' ')} {value}" for key, value in counts.as_dict().items() if value]
    done = ", ".join(parts) or "nothing changed"
    return f"{name}{' (dry run)' if dry_run else ''}: {done} · {usage.describe()}"
