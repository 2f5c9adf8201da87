"""`ticketqa sync --once` and `ticketqa status` as an admin runs them, against a stand-in."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.connector.test_sandbox import _free_port

ROOT = Path(__file__).parents[2]


@pytest.fixture
def sandbox() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "connector.cli", "sandbox", "freshdesk", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and "stand-in" in process.stdout.readline()
    yield f"http://127.0.0.1:{port}"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)


def _config(tmp_path: Path, base_url: str) -> Path:
    path = tmp_path / "ticketqa.toml"
    path.write_text(f"""
backfill_start = "2026-01-01"
[[accounts]]
name = "demo-freshdesk"
kind = "freshdesk"
domain = "demo"
base_url = "{base_url}"
""")
    (tmp_path / ".env").write_text("FRESHDESK_API_KEY=standin-api-key\n")
    return path


def _ticketqa(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FRESHDESK_API_KEY"}
    return subprocess.run(
        [sys.executable, "-m", "connector.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _notes(base_url: str) -> int:
    return sum(1 for w in httpx.get(f"{base_url}/_standin/writes").json() if w["path"].endswith("/notes"))


def test_sync_once_then_again_then_status(sandbox: str, tmp_path: Path) -> None:
    config = _config(tmp_path, sandbox)
    first = _ticketqa("sync", "--once", "--config", str(config))
    assert first.returncode == 0, first.stderr
    assert "demo-freshdesk: seen 47" in first.stdout and "posted 38" in first.stdout
    again = _ticketqa("sync", "--once", "--config", str(config))
    assert again.returncode == 0 and "posted" not in again.stdout.replace("found posted", "")
    assert _notes(sandbox) == 38
    shown = _ticketqa("status", "--config", str(config))
    assert "position: 2026-" in shown.stdout and "posted 38" in shown.stdout and "skipped 9" in shown.stdout


def test_json_logs_one_event_a_line_and_no_secret(sandbox: str, tmp_path: Path) -> None:
    config = _config(tmp_path, sandbox)
    run = _ticketqa("sync", "--once", "--log-format", "json", "--verbose", "--config", str(config))
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stderr.splitlines()]
    finished = [e for e in events if e["event"] == "run finished"]
    assert finished and finished[0]["posted"] == 38 and finished[0]["requests"] > 38
    assert sum(1 for e in events if e["event"] == "ticket posted") == 38
    assert "standin-api-key" not in run.stderr + run.stdout
    assert "API " in run.stdout  # the summary says what the run spent
    again = _ticketqa("sync", "--once", "--log-format", "json", "--verbose", "--config", str(config))
    unchanged = [e for e in map(json.loads, again.stderr.splitlines()) if e["event"] == "unchanged"]
    assert unchanged and all(e["ticket"] for e in unchanged)  # --verbose tells the tickets left alone


def test_a_second_run_at_the_same_time_refuses(sandbox: str, tmp_path: Path) -> None:
    config = _config(tmp_path, sandbox)
    httpx.post(
        f"{sandbox}/_standin/faults",
        json={"kind": "slow", "seconds": 0.2, "times": 0, "path": "/api/v2/tickets/.*/conversations"},
    )
    first = subprocess.Popen(
        [sys.executable, "-m", "connector.cli", "sync", "--once", "--config", str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    second = _ticketqa("sync", "--once", "--config", str(config))
    first.communicate(timeout=120)
    assert second.returncode == 3 and "another ticketqa run" in second.stderr
    assert first.returncode == 0 and _notes(sandbox) == 38


def test_killed_at_any_point_and_restarted_every_ticket_ends_with_one_note(
    sandbox: str, tmp_path: Path
) -> None:
    config = _config(tmp_path, sandbox)
    httpx.post(f"{sandbox}/_standin/faults", json={"kind": "slow", "seconds": 0.05, "times": 0, "path": ".*"})
    for delay in (0.9, 1.3, 0.7, 1.9, 1.1, 2.5, 0.8, 1.6):  # kill mid-run at different points
        run = subprocess.Popen(
            [sys.executable, "-m", "connector.cli", "sync", "--once", "--config", str(config)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
    final = _ticketqa("sync", "--once", "--config", str(config))
    assert final.returncode == 0, final.stderr
    writes = httpx.get(f"{sandbox}/_standin/writes").json()
    per_ticket: dict[str, int] = {}
    for write in writes:
        if write["path"].endswith("/notes"):
            per_ticket[write["path"]] = per_ticket.get(write["path"], 0) + 1
    assert len(per_ticket) == 38 and set(per_ticket.values()) == {1}


def test_demo_runs_both_stand_ins_end_to_end() -> None:
    result = _ticketqa("demo", "--notes", "1")
    assert result.returncode == 0, result.stderr
    assert "private note on Freshdesk ticket 4812" in result.stdout
    assert "demo-zendesk: seen 47, scored 38, posted 38, skipped 9" in result.stdout
    assert "demo-freshdesk: seen 47, scored 38, posted 38, skipped 9" in result.stdout


def test_loop_mode_picks_up_new_messages_and_stops_cleanly_on_sigterm(sandbox: str, tmp_path: Path) -> None:
    config = _config(tmp_path, sandbox)
    loop = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "connector.cli",
            "sync",
            "--loop",
            "--interval",
            "1s",
            "--config",
            str(config),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "FRESHDESK_API_KEY"},
    )
    try:
        deadline = time.monotonic() + 60
        while _notes(sandbox) < 38 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _notes(sandbox) == 38
        time.sleep(2.5)  # a few quiet passes: our own notes came back and cost no write
        assert _notes(sandbox) == 38
    finally:
        loop.send_signal(signal.SIGTERM)
        out, err = loop.communicate(timeout=30)
    assert loop.returncode == 0, err
    assert out.count("demo-freshdesk:") >= 2


def test_retry_failed_runs_a_pass_with_failures_due(sandbox: str, tmp_path: Path) -> None:
    config = _config(tmp_path, sandbox)
    httpx.post(
        f"{sandbox}/_standin/faults",
        # Retry-After 0: the six attempts are spent at once, not over seconds of backoff.
        json={
            "kind": "status",
            "status": 503,
            "retry_after": "0",
            "times": 6,
            "path": "/api/v2/tickets/4812/conversations",
        },
    )
    first = _ticketqa("sync", "--once", "--config", str(config))
    assert first.returncode == 1 and "failed 1" in first.stdout
    assert "failed ticket 4812" in _ticketqa("status", "--config", str(config)).stdout
    retried = _ticketqa("retry-failed", "--config", str(config))
    assert retried.returncode == 0 and "posted 1" in retried.stdout


def test_backfill_reads_a_period_with_its_own_position_and_a_limit(sandbox: str, tmp_path: Path) -> None:
    config = _config(tmp_path, sandbox)
    limited = _ticketqa(
        "backfill", "--since", "2026-11-01", "--until", "2026-11-03", "--limit", "5", "--config", str(config)
    )
    assert limited.returncode == 0, limited.stderr
    assert "seen 5" in limited.stdout
    first_notes = _notes(sandbox)
    assert 0 < first_notes <= 5
    regular = _ticketqa("sync", "--once", "--config", str(config))  # the regular position was not moved
    assert regular.returncode == 0 and _notes(sandbox) == 38
    shown = _ticketqa("status", "--config", str(config)).stdout
    assert "position: 2026-" in shown
