"""`ticketqa config check --online`: for each account, sign in, check the permissions the sync
needs and whether a note could be written, without writing anything. What is checked is the
vendor's business (`preflight` in each adapter); this module runs them and prints the verdicts."""

from __future__ import annotations

import asyncio

from connector.accounts import open_helpdesk
from connector.config import Config
from integrations.protocol import Check

MARKS = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}


async def _check_all(config: Config) -> list[tuple[str, list[Check]]]:
    results = []
    for account in config.accounts:
        helpdesk = open_helpdesk(config, account)
        try:
            results.append((account.name, await helpdesk.preflight()))
        finally:
            await helpdesk.close()
    return results


def check_online(config: Config) -> tuple[list[str], bool]:
    """The report's lines, and whether every account passed (warnings pass)."""
    lines, passed = [], True
    for name, checks in asyncio.run(_check_all(config)):
        lines.append(f"{name}:")
        for check in checks:
            lines.append(f"  {MARKS.get(check.status, check.status)}  {check.name}: {check.detail}")
            passed = passed and check.status != "fail"
    return lines, passed
