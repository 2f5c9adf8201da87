"""The shared ticket model: what every integration maps into and the rubric reads.

One `Ticket` is one whole support conversation. Only `id` and `messages` are required, so a
hand-written JSON Lines file scores as well as a ticket mapped from a helpdesk API.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

AuthorRole = Literal["customer", "agent", "bot", "system"]


def _id_as_text(value: object) -> object:
    # Helpdesks use numeric ids; the model keeps every id as text so sources compare alike.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Id = Annotated[str, BeforeValidator(_id_as_text)]


def _as_utc(value: datetime) -> datetime:
    # A timestamp without a zone is read as UTC, so that all times in a ticket compare.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]


class _Model(BaseModel):
    # Unknown keys are ignored so newer exports and vendor extras never break scoring.
    model_config = ConfigDict(extra="ignore", frozen=True)


class Person(_Model):
    id: Id | None = None
    name: str | None = None
    email: str | None = None


class Message(_Model):
    author_role: AuthorRole
    author_id: Id | None = None
    author_name: str | None = None
    public: bool = True
    created_at: Timestamp | None = None
    body: str = Field(default="", description="HTML or plain text, as the helpdesk stored it.")
    id: Id | None = None
    channel: str | None = Field(default=None, description="email, web, chat, api, social…")

    @field_validator("body", mode="before")
    @classmethod
    def _none_body_is_empty(cls, value: object) -> object:
        return "" if value is None else value


class Metrics(_Model):
    """Figures the helpdesk computed; each may be missing, and checks then fall back or skip."""

    first_reply_minutes: float | None = Field(default=None, ge=0)
    resolution_minutes: float | None = Field(default=None, ge=0)
    requester_wait_minutes: float | None = Field(
        default=None, ge=0, description="Time the customer waited on the agent (not the reverse)."
    )
    reopens: int | None = Field(default=None, ge=0)


class Ticket(_Model):
    id: Id
    messages: list[Message]
    source: str | None = None
    subject: str | None = None
    status: str | None = None
    created_at: Timestamp | None = None
    solved_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    requester: Person | None = None
    assignee: Person | None = None
    metrics: Metrics = Field(default_factory=Metrics)
    tags: list[str] = Field(default_factory=list)
    language: str | None = Field(
        default=None, description="ISO 639-1 code if the helpdesk knows it; detected otherwise."
    )

    @field_validator("metrics", mode="before")
    @classmethod
    def _none_metrics(cls, value: object) -> object:
        return {} if value is None else value

    @field_validator("tags", mode="before")
    @classmethod
    def _none_tags(cls, value: object) -> object:
        return [] if value is None else value


def ticket_json_schema() -> dict[str, object]:
    return Ticket.model_json_schema()
