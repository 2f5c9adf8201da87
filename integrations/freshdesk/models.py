"""Freshdesk API payloads, as pydantic models. Lenient: unknown fields are ignored and most
fields may be null, as the recorded responses show; what a QA connector relies on is typed."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Stats(_Payload):
    agent_responded_at: datetime | None = None
    requester_responded_at: datetime | None = None
    first_responded_at: datetime | None = None
    status_updated_at: datetime | None = None
    reopened_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    pending_since: datetime | None = None


class Requester(_Payload):
    id: int
    name: str | None = None
    email: str | None = None


class FdTicket(_Payload):
    id: int
    status: int
    subject: str | None = None
    source: int | None = None
    requester_id: int | None = None
    responder_id: int | None = None
    group_id: int | None = None
    created_at: datetime
    updated_at: datetime
    tags: list[str] = Field(default_factory=list)
    custom_fields: dict[str, object] = Field(default_factory=dict)
    description: str | None = None
    description_text: str | None = None
    requester: Requester | None = None
    stats: Stats | None = None
    spam: bool | None = None


class Conversation(_Payload):
    id: int
    ticket_id: int | None = None
    user_id: int | None = None
    body: str | None = None
    body_text: str | None = None
    incoming: bool = False
    private: bool = False
    source: int | None = None
    category: int | None = None
    created_at: datetime
    updated_at: datetime | None = None
    auto_response: bool | None = None
    automation_id: int | None = None


class AgentContact(_Payload):
    name: str | None = None
    email: str | None = None


class Agent(_Payload):
    id: int
    type: str | None = None
    occasional: bool | None = None
    ticket_scope: int | None = None  # 1 every ticket, 2 its groups', 3 assigned to it
    contact: AgentContact = Field(default_factory=AgentContact)

    @property
    def name(self) -> str | None:
        return self.contact.name


class TicketField(_Payload):
    name: str
    choices: dict[str, object] | list[object] | None = None
