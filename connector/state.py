"""The connector's memory: per account the change position, per ticket and conversation
version the ledger of what was done, and a lock so that two runs never overlap.

SQLite from the standard library, in WAL mode, created readable by its owner only. It holds
no secrets and no ticket text: ids, fingerprints, scores, outcomes and reasons.

The ledger, per (account, ticket, conversation fingerprint, rubric):
    intent ──> posted | not_writable | failed(reason, attempts) | skipped(reason) | dry_run
An `intent` with no outcome after a crash is resolved by looking for the note's marker on the
ticket, never by posting blindly.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rubric.errors import TicketQAError

OUTCOMES = ("intent", "posted", "dry_run", "skipped", "not_writable", "failed")

# Each migration moves the schema one version up; never edit one that has shipped.
MIGRATIONS: list[list[str]] = [
    [
        "CREATE TABLE accounts (account TEXT PRIMARY KEY, position TEXT, last_run_at TEXT, last_run TEXT)",
        """CREATE TABLE ledger (
            account TEXT NOT NULL, ticket_id TEXT NOT NULL, fingerprint TEXT NOT NULL, rubric TEXT NOT NULL,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('intent','posted','dry_run','skipped','not_writable','failed')),
            reason TEXT, attempts INTEGER NOT NULL DEFAULT 0, score REAL, band TEXT, criteria TEXT,
            marker TEXT, note_id TEXT, intent_at TEXT, posted_at TEXT, updated_at TEXT NOT NULL,
            next_attempt_at TEXT,
            PRIMARY KEY (account, ticket_id, fingerprint, rubric))""",
        "CREATE INDEX ledger_by_outcome ON ledger (account, outcome)",
        "CREATE INDEX ledger_by_ticket ON ledger (account, ticket_id, updated_at)",
    ],
    # 2: the ticket's activity stamp when it was handled, so an unchanged ticket is not read again
    ["ALTER TABLE ledger ADD COLUMN activity TEXT"],
    # 3: what an account's API told us that rarely changes (Freshdesk's statuses), to save calls
    ["ALTER TABLE accounts ADD COLUMN facts TEXT", "ALTER TABLE accounts ADD COLUMN facts_at TEXT"],
    # 4: what `ticketqa report` groups by (staff and ticket facts, never customer data), and the
    # agents' display names, kept once per agent rather than on every row
    [
        "ALTER TABLE ledger ADD COLUMN agent_id TEXT",
        "ALTER TABLE ledger ADD COLUMN team TEXT",
        "ALTER TABLE ledger ADD COLUMN channel TEXT",
        "ALTER TABLE ledger ADD COLUMN failed_critical INTEGER",
        "ALTER TABLE ledger ADD COLUMN judged_by TEXT",
        "ALTER TABLE ledger ADD COLUMN solved_at TEXT",
        "ALTER TABLE ledger ADD COLUMN reopens INTEGER",
        "ALTER TABLE ledger ADD COLUMN first_reply_minutes REAL",
        "ALTER TABLE ledger ADD COLUMN wait_minutes REAL",
        "CREATE INDEX ledger_by_solved ON ledger (solved_at)",
        """CREATE TABLE agents (account TEXT NOT NULL, agent_id TEXT NOT NULL, name TEXT,
            seen_at TEXT NOT NULL, PRIMARY KEY (account, agent_id))""",
    ],
]


class StateError(TicketQAError):
    """The state database cannot be used; the message says why and what to do."""


class Locked(StateError):
    """Another run holds the state."""


@dataclass(frozen=True)
class Entry:
    account: str
    ticket_id: str
    fingerprint: str
    rubric: str
    outcome: str
    reason: str | None
    attempts: int
    score: float | None
    band: str | None
    criteria: dict[str, float | None]
    marker: str | None
    note_id: str | None
    intent_at: str | None
    posted_at: str | None
    updated_at: str
    next_attempt_at: str | None
    activity: str | None = None
    agent_id: str | None = None
    team: str | None = None
    channel: str | None = None
    failed_critical: int | None = None
    judged_by: str | None = None
    solved_at: str | None = None
    reopens: int | None = None
    first_reply_minutes: float | None = None
    wait_minutes: float | None = None


def iso_second(moment: datetime) -> str:
    """The ledger's time format: UTC to the second, so that text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    return iso_second(datetime.now(UTC))


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = _connect(path)
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        for number, statements in enumerate(MIGRATIONS, start=1):
            if self.version >= number:
                continue
            with self.db:  # one transaction per migration: all of it or none
                for statement in statements:
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
        if self.version > len(MIGRATIONS):
            raise StateError(
                f"{self.path} was written by a newer ticketqa (schema {self.version}); upgrade ticketqa"
            )

    # --- positions ------------------------------------------------------------------------

    def position(self, account: str) -> str | None:
        row = self.db.execute("SELECT position FROM accounts WHERE account = ?", (account,)).fetchone()
        return None if row is None else row[0]

    def save_position(self, account: str, position: str) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO accounts (account, position) VALUES (?, ?) "
                "ON CONFLICT (account) DO UPDATE SET position = excluded.position",
                (account, position),
            )

    def record_run(self, account: str, summary: dict[str, Any]) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO accounts (account, last_run_at, last_run) VALUES (?, ?, ?) "
                "ON CONFLICT (account) DO UPDATE SET last_run_at = excluded.last_run_at, "
                "last_run = excluded.last_run",
                (account, now_iso(), json.dumps(summary, sort_keys=True)),
            )

    def facts(self, account: str) -> tuple[dict[str, Any], str | None]:
        row = self.db.execute("SELECT facts, facts_at FROM accounts WHERE account = ?", (account,)).fetchone()
        if row is None or not row[0]:
            return {}, None
        return json.loads(row[0]), row[1]

    def save_facts(self, account: str, facts: dict[str, Any], *, at: str | None = None) -> None:
        """`at`: when the facts were read (now unless given)."""
        with self.db:
            self.db.execute(
                "INSERT INTO accounts (account, facts, facts_at) VALUES (?, ?, ?) "
                "ON CONFLICT (account) DO UPDATE SET facts = excluded.facts, facts_at = excluded.facts_at",
                (account, json.dumps(facts, sort_keys=True), at or now_iso()),
            )

    def accounts(self) -> list[tuple[str, str | None, str | None, dict[str, Any]]]:
        rows = self.db.execute(
            "SELECT account, position, last_run_at, last_run FROM accounts ORDER BY account"
        )
        return [(a, p, t, json.loads(r) if r else {}) for a, p, t, r in rows]

    # --- the ledger -----------------------------------------------------------------------

    def entry(self, account: str, ticket_id: str, fingerprint: str, rubric: str) -> Entry | None:
        row = self.db.execute(
            "SELECT * FROM ledger WHERE account = ? AND ticket_id = ? AND fingerprint = ? AND rubric = ?",
            (account, ticket_id, fingerprint, rubric),
        ).fetchone()
        return None if row is None else _entry(row)

    def latest(self, account: str, ticket_id: str) -> Entry | None:
        """The most recent entry for a ticket, whatever its conversation version."""
        row = self.db.execute(
            "SELECT * FROM ledger WHERE account = ? AND ticket_id = ? "
            "ORDER BY updated_at DESC, rowid DESC LIMIT 1",
            (account, ticket_id),
        ).fetchone()
        return None if row is None else _entry(row)

    def latest_posted(self, account: str, ticket_id: str) -> Entry | None:
        """The last note posted on a ticket, whatever conversation version it was for."""
        row = self.db.execute(
            "SELECT * FROM ledger WHERE account = ? AND ticket_id = ? AND outcome = 'posted' "
            "ORDER BY updated_at DESC, rowid DESC LIMIT 1",
            (account, ticket_id),
        ).fetchone()
        return None if row is None else _entry(row)

    def record(
        self, account: str, ticket_id: str, fingerprint: str, rubric: str, outcome: str, **fields: Any
    ) -> None:
        """Insert or update one ledger row; `attempts` counts failures when not given."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        values = {"outcome": outcome, "updated_at": now_iso(), **fields}
        if "criteria" in values and not isinstance(values["criteria"], str):
            values["criteria"] = json.dumps(values["criteria"], sort_keys=True)
        columns = ", ".join(values)
        placeholders = ", ".join("?" for _ in values)
        updates = ", ".join(f"{c} = excluded.{c}" for c in values)
        if outcome == "failed" and "attempts" not in fields:
            updates += ", attempts = ledger.attempts + 1"
            columns, placeholders = columns + ", attempts", placeholders + ", 1"
        with self.db:
            self.db.execute(
                f"INSERT INTO ledger (account, ticket_id, fingerprint, rubric, {columns}) "
                f"VALUES (?, ?, ?, ?, {placeholders}) "
                f"ON CONFLICT (account, ticket_id, fingerprint, rubric) DO UPDATE SET {updates}",
                (account, ticket_id, fingerprint, rubric, *values.values()),
            )

    def set_activity(
        self, account: str, ticket_id: str, fingerprint: str, rubric: str, activity: str
    ) -> None:
        """Remember how the ticket looked when it was last found unchanged; the outcome stays."""
        with self.db:
            self.db.execute(
                "UPDATE ledger SET activity = ? "
                "WHERE account = ? AND ticket_id = ? AND fingerprint = ? AND rubric = ?",
                (activity, account, ticket_id, fingerprint, rubric),
            )

    def with_outcome(self, account: str, outcome: str) -> list[Entry]:
        rows = self.db.execute(
            "SELECT * FROM ledger WHERE account = ? AND outcome = ? ORDER BY updated_at", (account, outcome)
        )
        return [_entry(row) for row in rows]

    def save_agent(self, account: str, agent_id: str, name: str) -> None:
        """An agent's display name, as the helpdesk last showed it."""
        with self.db:
            self.db.execute(
                "INSERT INTO agents (account, agent_id, name, seen_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (account, agent_id) "
                "DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at",
                (account, agent_id, name, now_iso()),
            )

    def forget_before(self, cutoff: str) -> int:
        """Delete settled rows last updated before `cutoff` (retention). Safe for exactly-once:
        a ticket that comes back is recognised by the marker of our note on it, as after a lost
        database. Rows still in flight (intent, failed) are kept."""
        with self.db:
            cursor = self.db.execute(
                "DELETE FROM ledger WHERE updated_at < ? AND outcome NOT IN ('intent', 'failed')", (cutoff,)
            )
        return cursor.rowcount

    def counts(self, account: str) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT outcome, COUNT(*) FROM ledger WHERE account = ? GROUP BY outcome", (account,)
        )
        return {outcome: count for outcome, count in rows}


def _entry(row: sqlite3.Row) -> Entry:
    data = dict(row)
    data["criteria"] = json.loads(data["criteria"]) if data.get("criteria") else {}
    return Entry(**data)


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    old = os.umask(0o077)  # the database and its -wal/-shm files: owner only
    try:
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        db = sqlite3.connect(path, timeout=30)
        db.execute("PRAGMA journal_mode = WAL")  # creates the -wal and -shm files, under the umask
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        raise StateError(
            f"{path} is not a usable state database ({exc}); move it aside to start afresh"
        ) from None
    finally:
        os.umask(old)
    db.row_factory = sqlite3.Row
    return db


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold the state for one run; a second run at the same time fails at once, clearly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    handle = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip() or "unknown"
            raise Locked(
                f"another ticketqa run (pid {holder}) is using {path}; this run stops without "
                "doing anything. Runs must not overlap: lengthen the schedule's interval"
            ) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(handle)  # closing releases the lock, even after a crash
