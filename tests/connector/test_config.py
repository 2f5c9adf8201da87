"""ticketqa.toml: secrets by name from the environment or .env, every mistake named with its fix."""

from pathlib import Path

import pytest

from connector.config import ConfigError, FreshdeskAccount, ZendeskAccount, load_config, seconds

GOOD = """
poll_interval = "2m"
state_path = "state/ticketqa.db"

[[accounts]]
name = "acme-zendesk"
kind = "zendesk"
subdomain = "acme"
auth = { method = "client_credentials", client_id_env = "ZD_ID", client_secret_env = "ZD_SECRET" }
write_back = { score_field = "360001", band_tags = { review = "qa_review", coach = "qa_coach" } }

[[accounts]]
name = "acme-freshdesk"
kind = "freshdesk"
domain = "acme"
filters = { skip_tags = ["no_qa", "vip"], min_agent_replies = 2 }
"""
ENV = {"ZD_ID": "client", "ZD_SECRET": "s3cret", "FRESHDESK_API_KEY": "key"}


def _write(tmp_path: Path, text: str, env_file: str | None = None) -> Path:
    path = tmp_path / "ticketqa.toml"
    path.write_text(text)
    if env_file is not None:
        (tmp_path / ".env").write_text(env_file)
    return path


def _problems(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as error:
        load_config(_write(tmp_path, text), environ=ENV if env is None else env)
    return error.value.problems


def test_a_good_config_loads_with_defaults_paths_and_secrets(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, GOOD), environ=ENV)
    zendesk, freshdesk = config.accounts
    assert isinstance(zendesk, ZendeskAccount) and isinstance(freshdesk, FreshdeskAccount)
    assert config.settings.poll_interval == 120.0
    assert config.path(config.settings.state_path) == tmp_path / "state" / "ticketqa.db"
    assert freshdesk.filters.min_agent_replies == 2 and zendesk.filters.skip_tags == ["no_qa"]
    assert zendesk.write_back.marker_tag == "qa_scored" and zendesk.rate_share == 0.5
    assert config.secret("ZD_SECRET").get_secret_value() == "s3cret"
    assert "s3cret" not in repr(config.secret("ZD_SECRET"))


def test_secrets_come_from_dotenv_but_the_environment_wins(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD, env_file="ZD_ID=from-dotenv\nZD_SECRET=from-dotenv\nFRESHDESK_API_KEY=k\n")
    config = load_config(path, environ={"ZD_SECRET": "from-env"})
    assert config.secret("ZD_ID").get_secret_value() == "from-dotenv"
    assert config.secret("ZD_SECRET").get_secret_value() == "from-env"


def test_missing_secrets_name_the_key_the_variable_and_the_fix(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD, env={"ZD_ID": "x"})
    assert problems == [
        "accounts[0] (acme-zendesk).auth.client_secret_env: ZD_SECRET is not set; add it to .env beside the "
        "config or to the environment",
        "accounts[1] (acme-freshdesk).auth.api_key_env: FRESHDESK_API_KEY is not set; add it to .env beside "
        "the config or to the environment",
    ]


def test_shape_mistakes_name_the_key(tmp_path: Path) -> None:
    bad = GOOD.replace('kind = "freshdesk"', 'kind = "helpscout"').replace(
        'poll_interval = "2m"', 'poll_interval = "soon"'
    )
    bad = bad.replace('subdomain = "acme"', 'subdomian = "acme"')
    problems = _problems(tmp_path, bad)
    assert "poll_interval: Value error, use a duration such as '90s', '2m', '1h' or '1d'" in problems
    assert (
        "accounts[0] (acme-zendesk).subdomian: unknown key; check its spelling against the example config"
        in problems
    )
    assert "accounts[0] (acme-zendesk).subdomain: required key is missing" in problems
    assert "accounts[1] (acme-freshdesk): kind must be one of: zendesk, freshdesk" in problems


def test_duplicate_names_auth_needs_and_zendesk_score_fields(tmp_path: Path) -> None:
    bad = (
        GOOD.replace('name = "acme-freshdesk"', 'name = "acme-zendesk"')
        .replace(
            'method = "client_credentials"',
            'method = "refresh_token"',
        )
        .replace('score_field = "360001"', 'score_field = "qa_score"')
    )
    problems = _problems(tmp_path, bad)
    assert any("auth.token_file: required for method 'refresh_token'" in p for p in problems)
    assert any(".name: used twice" in p for p in problems)
    assert any("score_field: Zendesk needs the numeric id" in p for p in problems)


def test_unreadable_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="TICKETQA_CONFIG"):
        load_config(tmp_path / "nope.toml", environ={})
    assert _problems(tmp_path, "accounts = [")[0].startswith("not valid TOML")
    assert _problems(tmp_path, "")[0] == "accounts: required key is missing"


@pytest.mark.parametrize(
    ("value", "expected"), [("90s", 90), ("2m", 120), ("1.5h", 5400), ("1d", 86400), (30, 30)]
)
def test_durations(value: object, expected: float) -> None:
    assert seconds(value) == expected


# What `config check` says valid must run: each of these passed it once, then crashed `sync`.
@pytest.mark.parametrize(
    ("change", "said"),
    [
        ('backfill_start = "last tuesday"', "backfill_start: Value error, 'last tuesday' is not a date"),
        ('[[accounts]]\nname = "fd2"\nkind = "freshdesk"\ndomain = "support.acme.com"', "custom domains"),
        (
            '[[accounts]]\nname = "zd2"\nkind = "zendesk"\nsubdomain = "acme corp"\n'
            'auth = { method = "oauth_token", token_env = "T" }',
            "subdomain",
        ),
        ('[[accounts]]\nname = "fd3"\nkind = "freshdesk"\ndomain = "acme"\nrate_share = "0.5"', "rate_share"),
    ],
    ids=["backfill-start", "custom-domain", "bad-subdomain", "string-number"],
)
def test_config_check_refuses_what_sync_could_not_run(tmp_path: Path, change: str, said: str) -> None:
    path = tmp_path / "ticketqa.toml"
    top, accounts = (change, "") if not change.startswith("[[") else ("", change)
    path.write_text(f'{top}\n[[accounts]]\nname = "fd"\nkind = "freshdesk"\ndomain = "acme"\n{accounts}\n')
    (tmp_path / ".env").write_text("FRESHDESK_API_KEY=k\nT=t\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert said in str(error.value)


def test_a_state_path_under_a_regular_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file")
    path = tmp_path / "ticketqa.toml"
    path.write_text(
        'state_path = "blocker/state/ticketqa.db"\n'
        '[[accounts]]\nname = "fd"\nkind = "freshdesk"\ndomain = "acme"\n'
    )
    (tmp_path / ".env").write_text("FRESHDESK_API_KEY=k\n")
    with pytest.raises(ConfigError, match=r"is a file, so .* cannot be created there"):
        load_config(path)


def test_retention_is_whole_days_and_a_report_needs_no_secrets(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "retention_days = 0\n" + GOOD)
    assert any(p.startswith("retention_days:") for p in problems)
    config = load_config(_write(tmp_path, "retention_days = 400\n" + GOOD), environ={}, require_secrets=False)
    assert config.settings.retention_days == 400
