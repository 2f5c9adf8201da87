"""`ticketqa sandbox freshdesk` serves the stand-in until told to stop."""

import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sandbox_serves_seeded_tickets_and_stops_cleanly_on_sigterm() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "connector.cli", "sandbox", "freshdesk", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert f"http://127.0.0.1:{port}" in banner and "47 tickets" in banner
        listed = httpx.get(
            f"http://127.0.0.1:{port}/api/v2/tickets",
            auth=("standin-api-key", "X"),
            params={"updated_since": "2026-01-01T00:00:00Z", "per_page": 100},
        )
        assert listed.status_code == 200 and len(listed.json()) == 47
        assert httpx.get(f"http://127.0.0.1:{port}/api/v2/tickets", auth=("wrong", "X")).status_code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def test_zendesk_sandbox_hands_out_oauth_tokens() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "connector.cli", "sandbox", "zendesk", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert "Zendesk stand-in" in process.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        token = httpx.post(
            f"{base}/oauth/tokens",
            json={
                "grant_type": "client_credentials",
                "client_id": "ticketqa",
                "client_secret": "standin-secret",
            },
        ).json()
        me = httpx.get(
            f"{base}/api/v2/users/me.json", headers={"Authorization": f"Bearer {token['access_token']}"}
        )
        assert me.json()["user"]["role"] == "admin"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def test_a_bad_seed_line_is_named_and_the_default_seed_is_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from connector.sandbox import DEFAULT_SEED, SeedError, seed_tickets

    bad = tmp_path / "seed.jsonl"
    bad.write_text('{"id": "1", "messages": []}\n{bad\n')
    with pytest.raises(SeedError, match=r"line 2 of .* is not valid JSON"):
        seed_tickets(str(bad))
    with pytest.raises(SeedError, match=r"no seed file at nowhere\.jsonl"):
        seed_tickets("nowhere.jsonl")
    monkeypatch.chdir(tmp_path)  # not the repository: the examples are still found
    assert len(seed_tickets(DEFAULT_SEED)) == 47
