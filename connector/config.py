"""`ticketqa.toml`: the one config file. Secrets never live in it: it names environment
variables (`*_env` keys), which come from the environment or a `.env` file beside the config.

Loading validates everything at once and reports every problem with its key and the fix, e.g.
`accounts[0] (acme).auth.client_secret_env: ZENDESK_CLIENT_SECRET is not set; add it to .env`.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from dotenv import dotenv_values
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from integrations.freshdesk.client import FreshdeskSettings
from integrations.zendesk.client import ZendeskSettings
from rubric.errors import TicketQAError
from rubric.keys import describe

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ConfigError(TicketQAError):
    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"config {source} is not valid:\n{listed}")


def seconds(value: object) -> float:
    """'90s', '2m', '1.5h', '1d' or a number of seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError("use a duration such as '90s', '2m', '1h' or '1d'")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


class _Config(BaseModel):
    # strict: "0.5" where a number belongs is a mistake to report, not a value to guess at
    model_config = ConfigDict(extra="forbid", strict=True)


class Filters(_Config):
    skip_tags: list[str] = Field(default_factory=lambda: ["no_qa"])
    groups: list[str] = Field(default_factory=list, description="Only these group ids (empty: all).")
    brands: list[str] = Field(default_factory=list, description="Only these brand ids (Zendesk; empty: all).")
    channels: list[str] = Field(default_factory=list, description="Only these channels (empty: all).")
    min_agent_replies: int = Field(default=1, ge=0)


Band = Literal["great", "coach", "review"]


def _review_tag() -> dict[Band, str]:
    return {"review": "qa_review"}  # leads build a helpdesk view of tickets to look at on this


class WriteBack(_Config):
    note: bool = True
    marker_tag: str | None = "qa_scored"
    band_tags: dict[Band, str] = Field(default_factory=_review_tag)
    score_field: str | None = Field(
        default=None, description="Zendesk: numeric field id; Freshdesk: cf_ name."
    )
    supersede: Literal["always", "if_changed", "off"] = "always"


class ZendeskAuth(_Config):
    method: Literal["oauth_token", "client_credentials", "refresh_token", "api_token"]
    token_env: str | None = None
    client_id_env: str | None = None
    client_secret_env: str | None = None
    refresh_token_env: str | None = Field(
        default=None, description="First refresh token, until the token file exists."
    )
    token_file: str | None = Field(default=None, description="Where rotated OAuth tokens are kept.")
    email: str | None = None

    def needs(self) -> dict[str, str | None]:
        return {
            "oauth_token": {"token_env": self.token_env},
            "client_credentials": {
                "client_id_env": self.client_id_env,
                "client_secret_env": self.client_secret_env,
            },
            "refresh_token": {
                "client_id_env": self.client_id_env,
                "client_secret_env": self.client_secret_env,
                "token_file": self.token_file,
            },
            "api_token": {"email": self.email, "token_env": self.token_env},
        }[self.method]


class FreshdeskAuth(_Config):
    method: Literal["api_key"] = "api_key"
    api_key_env: str = "FRESHDESK_API_KEY"

    def needs(self) -> dict[str, str | None]:
        return {"api_key_env": self.api_key_env}


class _Account(_Config):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    base_url: str | None = None
    resolved_statuses: list[str] | None = None
    rate_share: float = Field(default=0.5, gt=0, le=1)
    concurrency: int = Field(
        default=4, ge=1, le=16, description="Tickets handled at once; the rate share still caps requests."
    )
    filters: Filters = Field(default_factory=Filters)
    write_back: WriteBack = Field(default_factory=WriteBack)
    enabled: bool = True


class ZendeskAccount(_Account):
    kind: Literal["zendesk"]
    subdomain: str
    auth: ZendeskAuth
    update_share: float = Field(default=0.5, gt=0, le=1)

    @field_validator("subdomain")
    @classmethod
    def _subdomain(cls, value: str) -> str:
        # The client's own rule, at config time: what `config check` accepts, `sync` can use.
        return str(ZendeskSettings._subdomain_form(value))


class FreshdeskAccount(_Account):
    kind: Literal["freshdesk"]
    domain: str
    auth: FreshdeskAuth = Field(default_factory=FreshdeskAuth)
    window_seconds: float = Field(default=60.0, gt=0, description="The window Freshdesk counts its limit in.")

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        return str(FreshdeskSettings._domain_form(value))


Account = Annotated[ZendeskAccount | FreshdeskAccount, Field(discriminator="kind")]


class Settings(_Config):
    rubric: str | None = Field(default=None, description="Rubric file; the built-in one when absent.")
    state_path: str = "ticketqa-state/ticketqa.db"
    poll_interval: float = Field(default=120.0, gt=0)
    backfill_start: str | None = Field(
        default=None, description="ISO date for the first run (default: 1 day)."
    )
    accounts: list[Account] = Field(min_length=1)
    retention_days: int | None = Field(
        default=None,
        ge=1,
        description="Forget settled ledger rows older than this many days (empty: keep all). The "
        "report reaches back this far; a ticket seen again is still never noted twice.",
    )

    @field_validator("backfill_start")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(f"'{value}' is not a date; use an ISO date such as '2026-10-01'") from None
        return value

    @field_validator("poll_interval", mode="before")
    @classmethod
    def _duration(cls, value: object) -> float:
        return seconds(value)


class Config:
    """The validated config, with paths resolved against its folder and secrets at hand."""

    def __init__(self, settings: Settings, base_dir: Path, env: dict[str, str], source: str) -> None:
        self.settings = settings
        self.base_dir = base_dir
        self.env = env
        self.source = source

    def path(self, value: str) -> Path:
        path = Path(os.path.expanduser(value))
        return path if path.is_absolute() else self.base_dir / path

    def secret(self, variable: str) -> SecretStr:
        return SecretStr(self.env[variable])

    def secret_values(self) -> list[str]:
        """Every secret the config names, for scrubbing them from anything we print."""
        names = {
            v for a in self.settings.accounts for k, v in a.auth.needs().items() if k.endswith("_env") and v
        }
        return [self.env[n] for n in sorted(names) if self.env.get(n)]

    @property
    def accounts(self) -> list[ZendeskAccount | FreshdeskAccount]:
        return [a for a in self.settings.accounts if a.enabled]


def load_config(path: Path, environ: dict[str, str] | None = None, *, require_secrets: bool = True) -> Config:
    """Read, validate and check secrets; every problem is reported, each with its key.
    `require_secrets=False` is for readers of the ledger (`report`), who need neither tokens
    nor write access."""
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            source, [f"cannot read the file: {exc.strerror or exc}; pass --config or set TICKETQA_CONFIG"]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [f"not valid TOML: {exc}"]) from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(source, [_describe(err, data) for err in exc.errors()]) from None
    env = {k: v for k, v in dotenv_values(path.parent / ".env").items() if v is not None}
    env.update(environ if environ is not None else os.environ)  # the real environment wins over .env
    problems = (
        (_check_accounts(settings, env) + _check_state(settings, path.parent)) if require_secrets else []
    )
    if problems:
        raise ConfigError(source, problems)
    return Config(settings, path.parent, env, source)


def _check_state(settings: Settings, base_dir: Path) -> list[str]:
    """What `sync` will need of the state path: a folder it can create and write in."""
    state = Path(os.path.expanduser(settings.state_path))
    state = state if state.is_absolute() else base_dir / state
    if state.is_dir():
        return [f"state_path: {state} is a folder; name the database file in it, e.g. {state}/ticketqa.db"]
    folder = state.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return [f"state_path: {folder} is a file, so {state} cannot be created there; choose another path"]
    if not os.access(folder, os.W_OK | os.X_OK):
        return [f"state_path: {folder} is not writable by this user; choose a folder it can write in"]
    if state.exists() and not os.access(state, os.W_OK):
        return [f"state_path: {state} is read-only for this user; fix its permissions"]
    return []


def _check_accounts(settings: Settings, env: dict[str, str]) -> list[str]:
    problems, names = [], set()
    for position, account in enumerate(settings.accounts):
        where = f"accounts[{position}] ({account.name})"
        if account.name in names:
            problems.append(f"{where}.name: used twice; give each account its own name (it keys the state)")
        names.add(account.name)
        for key, value in account.auth.needs().items():
            if value is None:
                problems.append(f"{where}.auth.{key}: required for method '{account.auth.method}'")
            elif key.endswith("_env") and not env.get(value):
                problems.append(
                    f"{where}.auth.{key}: {value} is not set; add it to .env beside the config "
                    "or to the environment"
                )
        if (
            isinstance(account, ZendeskAccount)
            and account.write_back.score_field is not None
            and not account.write_back.score_field.isdigit()
        ):
            problems.append(f"{where}.write_back.score_field: Zendesk needs the numeric id of a custom field")
    return problems


def _describe(error: Any, data: dict[str, Any]) -> str:
    return describe(
        error,
        data,
        label="name",
        unknown_hint="check its spelling against the example config",
        union_tags=("zendesk", "freshdesk"),
    )
