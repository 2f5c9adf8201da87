"""`ticketqa config check --online`: sign in, check permissions and writes, write nothing."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from connector.cli import main
from connector.config import load_config
from connector.online import check_online
from integrations.freshdesk.standin import FreshdeskStandIn
from integrations.zendesk.standin import ZendeskStandIn


@pytest.fixture
def zendesk() -> Iterator[ZendeskStandIn]:
    fake = ZendeskStandIn(rate_limit=None)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def freshdesk() -> Iterator[FreshdeskStandIn]:
    fake = FreshdeskStandIn(api_key="fd-key-123456", rate_limit=None)
    fake.start()
    yield fake
    fake.stop()


def _config(tmp_path: Path, zendesk: ZendeskStandIn, freshdesk: FreshdeskStandIn, **env: str) -> Path:
    path = tmp_path / "ticketqa.toml"
    path.write_text(f"""
[[accounts]]
name = "zd"
kind = "zendesk"
subdomain = "acme"
base_url = "{zendesk.base_url}"
auth = {{ method = "client_credentials", client_id_env = "ZD_ID", client_secret_env = "ZD_SECRET" }}

[[accounts]]
name = "fd"
kind = "freshdesk"
domain = "acme"
base_url = "{freshdesk.base_url}"
""")
    values = {"ZD_ID": "ticketqa", "ZD_SECRET": "standin-secret", "FRESHDESK_API_KEY": "fd-key-123456", **env}
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    return path


def _report(path: Path) -> tuple[str, bool]:
    lines, passed = check_online(load_config(path, environ={}))
    return "\n".join(lines), passed


def test_everything_in_order_passes_and_nothing_is_written(
    tmp_path: Path, zendesk: ZendeskStandIn, freshdesk: FreshdeskStandIn
) -> None:
    report, passed = _report(_config(tmp_path, zendesk, freshdesk))
    assert passed, report
    assert report.count("FAIL") == 0 and "an admin, as the incremental export needs" in report
    assert "resolved means Resolved (4), Closed (5)" in report
    assert "nothing was written" in report
    assert zendesk.writes == [] and freshdesk.writes == []


def test_an_agent_without_admin_rights_fails_with_the_reason(
    tmp_path: Path, zendesk: ZendeskStandIn, freshdesk: FreshdeskStandIn
) -> None:
    zendesk.users[zendesk.me_id]["role"] = "agent"
    report, passed = _report(_config(tmp_path, zendesk, freshdesk))
    assert not passed
    assert "FAIL  permissions: the user's role is agent: the incremental export needs an admin" in report
    assert "FAIL  change feed: Zendesk denied permission" in report


def test_a_read_only_token_fails_the_write_check(
    tmp_path: Path, zendesk: ZendeskStandIn, freshdesk: FreshdeskStandIn
) -> None:
    zendesk.token_scopes = ["read"]
    report, passed = _report(_config(tmp_path, zendesk, freshdesk))
    assert not passed and "FAIL  write: the OAuth token's scopes (read) do not allow ticket updates" in report


def test_wrong_credentials_name_the_variable_and_are_never_shown(
    tmp_path: Path, zendesk: ZendeskStandIn, freshdesk: FreshdeskStandIn
) -> None:
    path = _config(tmp_path, zendesk, freshdesk, ZD_SECRET="wrong-secret-1", FRESHDESK_API_KEY="wrong-key-22")
    report, passed = _report(path)
    assert not passed and report.count("FAIL  credentials") == 2
    assert "FRESHDESK_API_KEY" in report
    assert "wrong-secret-1" not in report and "wrong-key-22" not in report


def test_a_limited_freshdesk_agent_and_an_unknown_status_are_reported(
    tmp_path: Path, zendesk: ZendeskStandIn, freshdesk: FreshdeskStandIn
) -> None:
    freshdesk.agents[freshdesk.me_id]["ticket_scope"] = 2
    path = _config(tmp_path, zendesk, freshdesk)
    path.write_text(path.read_text() + 'resolved_statuses = ["Done"]\n')
    report, passed = _report(path)
    assert not passed
    assert "FAIL  statuses: resolved status 'Done' is not one of this account's statuses" in report
    assert "warn  write: the agent sees only tickets its groups" in report


def test_the_command_exits_2_when_a_check_fails(
    tmp_path: Path, zendesk: ZendeskStandIn, freshdesk: FreshdeskStandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _config(tmp_path, zendesk, freshdesk)
    assert main(["config", "check", "--online", "--config", str(path)]) == 0
    zendesk.token_scopes = ["read"]
    assert main(["config", "check", "--online", "--config", str(path)]) == 2
    assert "see FAIL above" in capsys.readouterr().err
