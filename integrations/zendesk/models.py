"""Zendesk API payloads. Lenient: unknown fields ignored, most fields nullable."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Via(_Payload):
    channel: str | int | None = None


class ZdTicket(_Payload):
    id: int
    status: str
    subject: str | None = None
    requester_id: int | None = None
    assignee_id: int | None = None
    group_id: int | None = None
    brand_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    generated_timestamp: int | None = None
    tags: list[str] = Field(default_factory=list)
    via: Via | None = None
    custom_fields: list[dict[str, Any]] = Field(default_factory=list)


class ZdUser(_Payload):
    id: int
    name: str | None = None
    email: str | None = None
    role: str | None = None  # end-user | agent | admin
    ticket_restriction: str | None = None  # None: every ticket; else assigned, groups, organization…


class ZdComment(_Payload):
    id: int
    author_id: int | None = None
    body: str | None = None
    html_body: str | None = None
    plain_body: str | None = None
    public: bool = True
    created_at: datetime | None = None
    via: Via | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def channel(self) -> str | None:
        """`via` sits at the top level in the field table and under `metadata` in examples."""
        via = self.via or Via.model_validate(self.metadata.get("via") or {})
        return None if via.channel is None else str(via.channel)


class Minutes(_Payload):
    calendar: float | None = None
    business: float | None = None


class MetricSet(_Payload):
    ticket_id: int
    reply_time_in_minutes: Minutes | None = None
    requester_wait_time_in_minutes: Minutes | None = None
    full_resolution_time_in_minutes: Minutes | None = None
    reopens: int | None = None
    solved_at: datetime | None = None
    requester_updated_at: datetime | None = None
    assignee_updated_at: datetime | None = None
