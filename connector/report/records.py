"""One scored (or skipped) ticket as the report reads it, from the ledger or a results file.

Both sources are read row by row: a report over a year of tickets holds aggregates, not rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from connector.state import iso_second
from rubric.errors import TicketQAError


class ReportError(TicketQAError):
    """The report cannot be made; the message says why and what to do."""


@dataclass(slots=True)
class Record:
    account: str
    ticket_id: str
    at: datetime | None  # solved (else scored) time; None only in a results file without it
    outcome: str  # scored, or why not: skipped, not_writable, failed…
    reason: str | None = None
    agent_id: str | None = None
    agent: str | None = None  # display name
    team: str | None = None
    channel: str | None = None
    score: float | None = None
    band: str | None = None
    criteria: dict[str, float | None] = field(default_factory=dict)
    failed_critical: bool = False
    judged_by: str = "rules"
    reopens: int | None = None
    first_reply_minutes: float | None = None
    wait_minutes: float | None = None


# The latest version of each ticket: a ticket noted again after a new reply counts once, as
# it ended. With max() SQLite takes the other columns from the row holding the maximum (a
# documented guarantee). Old rows (before the report's columns) fall back to when they were
# handled.
_LEDGER = """
SELECT * FROM (
    SELECT l.account, l.ticket_id, coalesce(l.solved_at, l.posted_at, l.intent_at, l.updated_at) AS at,
        l.outcome, l.reason, l.agent_id, a.name, l.team, l.channel, l.score, l.band, l.criteria,
        l.failed_critical, l.judged_by, l.reopens, l.first_reply_minutes, l.wait_minutes,
        max(l.updated_at)
    FROM ledger l LEFT JOIN agents a ON a.account = l.account AND a.agent_id = l.agent_id
    WHERE l.outcome != 'intent' {account}
    GROUP BY l.account, l.ticket_id)
WHERE 1 {period}
"""
_SCORED = frozenset({"posted", "dry_run", "not_writable", "skipped"})


def from_ledger(
    path: Path, account: str | None = None, since: datetime | None = None, until: datetime | None = None
) -> Iterator[Record]:
    if not path.exists():
        raise ReportError(f"no state database at {path}: run `ticketqa sync --once` first, or pass --results")
    account_filter, period, params = "", "", []
    if account is not None:
        account_filter = "AND l.account = ?"
        params.append(account)
    if since is not None:  # a second's slack: the exact cut is made on the parsed times
        period += " AND at >= ?"
        params.append(iso_second(since - timedelta(seconds=1)))
    if until is not None:
        period += " AND at <= ?"
        params.append(iso_second(until + timedelta(seconds=1)))
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = db.execute(_LEDGER.format(account=account_filter, period=period), params)
    except sqlite3.Error as exc:
        raise ReportError(f"cannot read the state database {path}: {exc}") from None
    try:
        for row in rows:
            yield _from_row(row)
    finally:
        db.close()


def _from_row(row: tuple[Any, ...]) -> Record:
    (account, ticket_id, when, outcome, reason, agent_id, agent, team, channel, score, band, criteria,
     critical, judged_by, reopens, first_reply, wait, _) = row  # fmt: skip
    scored = score is not None and outcome in _SCORED
    return Record(
        account,
        ticket_id,
        _parse_time(when),
        "scored" if scored else outcome,
        None if scored else reason,
        agent_id,
        agent,
        team,
        channel,
        score,
        band,
        _criteria(criteria) if criteria else {},
        bool(critical),
        judged_by or "rules",
        reopens,
        first_reply,
        wait,
    )


@lru_cache(maxsize=8192)
def _criteria(text: str) -> dict[str, float | None]:
    """Criterion scores sit on a few points of a scale, so a ledger repeats the same few hundred
    combinations: each is parsed once (the dicts are shared, read-only)."""
    found: dict[str, float | None] = json.loads(text)
    return found


def from_results(path: Path) -> Iterator[Record]:
    """`ticketqa score --format json` lines; error lines and lines that are not results are
    counted as such, not fatal."""
    try:
        lines = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    with lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield _from_result(number, line)


def _from_result(number: int, line: str) -> Record:
    try:
        data = json.loads(line)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except (ValueError, RecursionError):
        return Record("results", f"line {number}", None, "unreadable", reason="not a result line")
    if "error" in data or "status" not in data:
        return Record(
            "results",
            str(data.get("ticket_id") or f"line {number}"),
            None,
            "unreadable",
            reason=str(data.get("error") or "not a result line"),
        )
    scored = data.get("status") == "scored" and data.get("score") is not None
    criteria = {str(c.get("id")): c.get("score") for c in data.get("criteria") or [] if isinstance(c, dict)}
    return Record(
        account=str(data.get("source") or "results"),
        ticket_id=str(data.get("ticket_id")),
        at=_parse_time(data.get("solved_at")),
        outcome="scored" if scored else "not_scorable",
        reason=None if scored else data.get("reason"),
        agent_id=_text(data.get("agent_id")),
        agent=_text(data.get("agent_name")),
        channel=_text(data.get("channel")),
        score=data.get("score"),
        band=data.get("band"),
        criteria=criteria if scored else {},
        failed_critical=bool(data.get("failed_critical")),
        judged_by=_judged_by(data),
        reopens=data.get("reopens"),
        first_reply_minutes=data.get("first_reply_minutes"),
        wait_minutes=data.get("wait_minutes"),
    )


def _judged_by(data: dict[str, Any]) -> str:
    criteria = data.get("criteria")
    judges = (
        {c.get("judged_by") for c in criteria if isinstance(c, dict)} if isinstance(criteria, list) else set()
    )
    return "model" if "model" in judges else "rules"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
