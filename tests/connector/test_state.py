"""The state store: migrations, permissions, WAL, the ledger, positions and the run lock."""

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from connector.state import MIGRATIONS, Locked, StateError, Store, run_lock


def test_a_new_store_is_owner_only_in_wal_mode_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "state" / "ticketqa.db"
    with Store(path) as store:
        assert store.version == len(MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.save_position("zendesk:acme", "cursor-1")
    for file in path.parent.iterdir():
        assert stat.S_IMODE(os.stat(file).st_mode) & 0o077 == 0, file.name
    with Store(path) as again:  # reopening migrates nothing and keeps the data
        assert again.version == len(MIGRATIONS) and again.position("zendesk:acme") == "cursor-1"


def test_a_database_of_an_older_schema_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute(
        "INSERT INTO ledger (account, ticket_id, fingerprint, rubric, outcome, updated_at) "
        "VALUES ('fd', '1', 'fp', 'default@1', 'posted', '2026-01-01T00:00:00Z')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Store(path) as store:
        entry = store.entry("fd", "1", "fp", "default@1")
        assert store.version == len(MIGRATIONS)
        assert entry is not None and entry.outcome == "posted" and entry.activity is None
        store.set_activity("fd", "1", "fp", "default@1", "2026-01-02T00:00:00Z|-|-")
        assert store.latest("fd", "1").activity == "2026-01-02T00:00:00Z|-|-"  # type: ignore[union-attr]


def test_a_database_from_a_newer_ticketqa_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with Store(path) as store:
        store.db.execute("PRAGMA user_version = 99")
    with pytest.raises(StateError, match="newer ticketqa"):
        Store(path)


def test_garbage_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StateError, match="move it aside"):
        Store(path)


def test_ledger_rows_per_conversation_version_and_counted_failures(tmp_path: Path) -> None:
    with Store(tmp_path / "t.db") as store:
        store.record(
            "fd",
            "42",
            "fp1",
            "default@1",
            "intent",
            marker="[m]",
            score=88.0,
            criteria={"empathy": 1.0, "correctness": None},
        )
        store.record("fd", "42", "fp1", "default@1", "posted", note_id="7")
        entry = store.entry("fd", "42", "fp1", "default@1")
        assert (
            entry is not None and entry.outcome == "posted" and entry.note_id == "7" and entry.marker == "[m]"
        )
        assert entry.criteria == {"empathy": 1.0, "correctness": None}
        store.record("fd", "43", "fpA", "default@1", "failed", reason="timeout")
        store.record("fd", "43", "fpA", "default@1", "failed", reason="timeout again")
        failed = store.entry("fd", "43", "fpA", "default@1")
        assert failed is not None and failed.attempts == 2 and failed.reason == "timeout again"
        store.record("fd", "42", "fp2", "default@1", "skipped", reason="no agent reply")
        latest = store.latest("fd", "42")
        assert latest is not None and latest.fingerprint == "fp2"
        assert store.counts("fd") == {"posted": 1, "failed": 1, "skipped": 1}
        assert [e.ticket_id for e in store.with_outcome("fd", "failed")] == ["43"]
        with pytest.raises(ValueError):
            store.record("fd", "1", "x", "y", "done")


def test_the_store_holds_no_ticket_text_columns(tmp_path: Path) -> None:
    with Store(tmp_path / "t.db") as store:
        columns = {row[1] for row in store.db.execute("PRAGMA table_info(ledger)")}
    assert not columns & {"body", "text", "note", "subject", "token", "secret"}


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; sys.path.insert(0, '.');"
                "from pathlib import Path; from connector.state import run_lock\n"
                f"with run_lock(Path({str(path)!r})):\n print('held', flush=True); time.sleep(30)"
            ),
        ],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(Locked, match=f"pid {holder.pid}"), run_lock(path):
            pass
    finally:
        holder.kill()
        holder.wait()
    with run_lock(path):  # a killed holder leaves no stale lock behind
        pass


def test_retention_forgets_settled_rows_and_keeps_work_in_flight(tmp_path: Path) -> None:
    with Store(tmp_path / "t.db") as store:
        for ticket, outcome in (("1", "posted"), ("2", "skipped"), ("3", "intent"), ("4", "failed")):
            store.record("fd", ticket, "fp", "default@2", outcome)
        store.db.execute("UPDATE ledger SET updated_at = '2025-01-01T00:00:00Z'")
        store.record("fd", "5", "fp", "default@2", "posted")
        assert store.forget_before("2026-01-01T00:00:00Z") == 2
        left = {row[0] for row in store.db.execute("SELECT ticket_id FROM ledger")}
    assert left == {"3", "4", "5"}  # an intent still needs its marker looked for; a failure, its retry


def test_old_rows_are_reported_with_what_can_be_recovered(tmp_path: Path) -> None:
    from connector.report.records import from_ledger

    path = tmp_path / "t.db"
    with Store(path) as store:
        # Before the report's columns: a score and criteria, no agent, no solve time.
        store.record("fd", "1", "fp1", "default@1", "posted", score=80.0, band="coach",
                     criteria={"listening": 0.75}, posted_at="2026-11-02T10:00:00Z")  # fmt: skip
        # A ticket noted twice (a new reply came): only its latest version counts.
        store.record("fd", "2", "a", "default@2", "posted", score=50.0, band="review", criteria={})
        store.db.execute("UPDATE ledger SET updated_at = '2026-11-01T00:00:00Z' WHERE fingerprint = 'a'")
        store.record("fd", "2", "b", "default@2", "posted", score=90.0, band="great", criteria={},
                     agent_id="7", solved_at="2026-11-03T10:00:00Z")  # fmt: skip
        store.save_agent("fd", "7", "Dee")
    found = {r.ticket_id: r for r in from_ledger(path)}
    assert found["1"].agent is None and found["1"].at is not None and found["1"].at.day == 2
    assert found["1"].criteria == {"listening": 0.75}
    assert found["2"].score == 90.0 and found["2"].agent == "Dee"
