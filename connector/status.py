"""`ticketqa status`: per account the saved position, the last run, counts by outcome, and the
tickets that failed or wait on a lost answer, with their reasons."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from connector.config import ConfigError, load_config
from connector.state import Store


def status(args: argparse.Namespace) -> int:
    try:
        config = load_config(Path(args.config))
    except ConfigError as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return 2
    state = config.path(config.settings.state_path)
    if not state.exists():
        print(f"no state yet at {state}: run `ticketqa sync --once` first")
        return 0
    with Store(state) as store:
        known = {name: (position, last_at, last) for name, position, last_at, last in store.accounts()}
        for account in config.accounts:
            position, last_at, last = known.get(account.name, (None, None, {}))
            counts = store.counts(account.name)
            print(f"{account.name} ({account.kind})")
            print(f"  position: {position or 'not started'}")
            print(f"  last run: {last_at or 'never'}" + (f" ({_brief(last)})" if last else ""))
            print(f"  tickets:  {_brief(counts) or 'none yet'}")
            for entry in [
                *store.with_outcome(account.name, "failed"),
                *store.with_outcome(account.name, "intent"),
            ]:
                why = entry.reason or "answer lost; the note will be looked for before writing again"
                retry = f", next try after {entry.next_attempt_at}" if entry.next_attempt_at else ""
                print(f"  {entry.outcome} ticket {entry.ticket_id} (attempts {entry.attempts}{retry}): {why}")
    return 0


def _brief(counts: dict[str, int]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(counts.items()) if v)
