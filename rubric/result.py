"""What scoring returns, serialisable as the `score --format json` lines and storable by the
connector. The note can be rendered again from a result alone.

`TicketResult` is the pydantic boundary; its parts are stdlib dataclasses (treat them as
read-only), which pydantic validates and serialises as fields just the same, but which cost a
fraction to build: scoring makes some thirty of them per ticket.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


@dataclass(slots=True)
class EvidenceOut:
    message_index: int  # position in the ticket's `messages`
    author_role: str
    quote: str  # verbatim from that message's normalised text


@dataclass(slots=True)
class CheckResult:
    kind: str
    weight: float
    critical: bool
    score: float | None
    reason: str
    evidence: list[EvidenceOut]
    praise: str | None = None
    advice: str | None = None
    summary: str | None = None


@dataclass(slots=True)
class CriterionResult:
    id: str
    title: str
    label: str
    weight: float
    scale: int
    score: float | None  # 0..1 after snapping to the scale, None when nothing applied
    selected: int | None  # the point on the scale, 0..scale-1
    critical: bool
    failed_critical: bool
    reason: str
    evidence: list[EvidenceOut]
    checks: list[CheckResult]


@dataclass(slots=True)
class RubricRef:
    name: str
    version: int
    digest: str


Status = Literal["scored", "not_scorable"]


class TicketResult(_Out):
    ticket_id: str
    source: str | None
    status: Status
    score: float | None  # 0..100, or None when not scorable
    would_be_score: float | None  # before a critical failure set it to 0
    band: str | None
    failed_critical: bool
    reason: str | None  # why not scorable, or why it failed
    language: str | None
    coverage: float  # share of the rubric's weight that could be judged
    fingerprint: str
    customer_name: str | None
    agent_name: str | None
    rubric: RubricRef
    criteria: list[CriterionResult]
    # For trends (`ticketqa report --results`): who handled it, through which channel, and when
    # it was solved (else last updated). Staff and ticket facts, no customer data.
    agent_id: str | None = None
    channel: str | None = None
    solved_at: datetime | None = None
    reopens: int | None = None
    first_reply_minutes: float | None = None
    wait_minutes: float | None = None  # the customer's time waiting on the agent
