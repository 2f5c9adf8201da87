"""Each account of a run on its own: one that is down, cannot sign in or hits a bug is reported
in one line, the others still run, and the exit code says how grave the worst failure was."""

import argparse
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from connector import run
from connector.accounts import open_helpdesk as real_open_helpdesk
from connector.config import Config
from integrations.errors import AuthError, TransientError
from integrations.freshdesk.seed import load_tickets
from integrations.freshdesk.seed import seed as seed_freshdesk
from integrations.freshdesk.standin import FreshdeskStandIn
from integrations.http import Usage
from integrations.protocol import ChangePage
from tests.integrations.freshdesk.helpers import KEY

EXAMPLES = load_tickets(Path(__file__).parents[2] / "examples" / "tickets.jsonl")


class Broken:
    """A helpdesk whose change feed fails the way a real outage or bug does."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def remember(self, facts: dict[str, Any]) -> None: ...

    def facts(self) -> dict[str, Any]:
        return {}

    async def changes(self, position: str | None, start: datetime) -> AsyncIterator[ChangePage]:
        raise self.error
        yield  # pragma: no cover - makes this an async generator

    def usage(self) -> Usage:
        return Usage(0, 0.0, 0, None, None)

    async def close(self) -> None:
        raise httpx.ConnectError("closing a dead client fails too")


@pytest.fixture
def freshdesk() -> Iterator[FreshdeskStandIn]:
    fake = FreshdeskStandIn(api_key=KEY, rate_limit=None)
    seed_freshdesk(fake, EXAMPLES[:5])
    fake.start()
    yield fake
    fake.stop()


def _config(tmp_path: Path, freshdesk: FreshdeskStandIn) -> Path:
    path = tmp_path / "ticketqa.toml"
    path.write_text(f"""
backfill_start = "2026-01-01"
state_path = "state/ticketqa.db"
[[accounts]]
name = "zd"
kind = "zendesk"
subdomain = "acme"
auth = {{ method = "oauth_token", token_env = "ZD_TOKEN" }}
[[accounts]]
name = "fd"
kind = "freshdesk"
domain = "acme"
base_url = "{freshdesk.base_url}"
""")
    (tmp_path / ".env").write_text(f"ZD_TOKEN=zd-secret-token\nFRESHDESK_API_KEY={KEY}\n")
    return path


def _sync(config: Path) -> int:
    args = argparse.Namespace(
        config=str(config), log_format="text", verbose=False, dry_run=False, loop=False, interval=None
    )
    return run.sync(args)


OUTAGES = [
    (httpx.ConnectError("[Errno -2] Name or service not known"), run.EXIT_UNREACHABLE, "be reached"),
    (TransientError("Zendesk: GET /api/v2/incremental answered 502"), run.EXIT_UNREACHABLE, "answered 502"),
    (OSError("[SSL: CERTIFICATE_VERIFY_FAILED]"), run.EXIT_UNREACHABLE, "CERTIFICATE_VERIFY_FAILED"),
    (AuthError("Zendesk rejected the credentials; check ZD_TOKEN"), run.EXIT_CONFIG, "check ZD_TOKEN"),
    (KeyError("a bug"), run.EXIT_INTERNAL, "this is a bug in ticketqa"),
]


@pytest.mark.parametrize(("error", "code", "said"), OUTAGES, ids=["dns", "502", "tls", "auth", "bug"])
def test_one_failing_account_does_not_stop_the_next(
    tmp_path: Path,
    freshdesk: FreshdeskStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    code: int,
    said: str,
) -> None:
    def open_helpdesk(config: Config, account: Any) -> Any:
        return Broken(error) if account.name == "zd" else real_open_helpdesk(config, account)

    monkeypatch.setattr(run, "open_helpdesk", open_helpdesk)
    assert _sync(_config(tmp_path, freshdesk)) == code
    out, err = capsys.readouterr()
    assert "fd: seen 5" in out  # the Freshdesk account ran after the Zendesk one failed
    zd_lines = [line for line in err.splitlines() if line.startswith("ticketqa: zd:")]
    assert len(zd_lines) == 1 and said in zd_lines[0]
    assert "Traceback" not in err and "zd-secret-token" not in err


def test_the_gravest_code_wins() -> None:
    assert run.gravest(run.EXIT_OK, run.EXIT_FAILED) == run.EXIT_FAILED
    assert run.gravest(run.EXIT_FAILED, run.EXIT_UNREACHABLE) == run.EXIT_UNREACHABLE
    assert run.gravest(run.EXIT_CONFIG, run.EXIT_INTERNAL, run.EXIT_UNREACHABLE) == run.EXIT_CONFIG


def test_an_account_that_keeps_failing_waits_longer_each_pass_in_a_loop() -> None:
    backoff = run.Backoff(interval=60)
    backoff.record("zd", failed=True, now=0)
    assert backoff.due("zd", 0)  # after one failure: the loop's own interval only
    backoff.record("zd", failed=True, now=60)
    assert not backoff.due("zd", 60 + 59) and backoff.due("zd", 60 + 60)  # 2 intervals from the failure
    for n in range(20):
        backoff.record("zd", failed=True, now=1000 * n)
    assert backoff.due("zd", 19000 + run.MAX_ACCOUNT_BACKOFF)  # capped
    backoff.record("zd", failed=False, now=50000)
    assert backoff.due("zd", 50000) and "zd" not in backoff.failures


def test_an_unusable_state_path_is_a_config_error(tmp_path: Path, freshdesk: FreshdeskStandIn) -> None:
    config = _config(tmp_path, freshdesk)
    (tmp_path / "state").write_text("a regular file where the state folder should be")
    assert _sync(config) == run.EXIT_CONFIG
