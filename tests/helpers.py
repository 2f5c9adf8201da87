"""Builders that keep tests short: a ticket from (role, body) pairs, a check run by kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rubric.checks import REGISTRY, Outcome
from rubric.conversation import Conversation, prepare
from rubric.model import Ticket

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def ticket(
    *turns: tuple[str, str] | tuple[str, str, float], customer: str | None = "Maria Lopez", **fields: Any
) -> Ticket:
    """turns: (role, body) or (role, body, minutes after the start)."""
    messages = []
    for position, turn in enumerate(turns):
        role, body = turn[0], turn[1]
        minutes = turn[2] if len(turn) > 2 else position * 60  # type: ignore[misc]
        messages.append(
            {
                "author_role": role,
                "body": body,
                "public": True,
                "author_name": {"customer": customer, "agent": "Sam Park"}.get(role),
                "created_at": (START + timedelta(minutes=minutes)).isoformat(),
            }
        )
    data: dict[str, Any] = {"id": "1", "messages": messages, "requester": {"name": customer}, **fields}
    return Ticket.model_validate(data)


def conversation(*turns: tuple[str, str] | tuple[str, str, float], **fields: Any) -> Conversation:
    return prepare(ticket(*turns, **fields))  # fields may include customer=…


def run(kind: str, conv: Conversation, **params: Any) -> Outcome:
    """Run one check and insist on the evidence rule: every quote exists verbatim."""
    check = REGISTRY[kind]
    outcome = check.run(conv, check.params.model_validate(params))
    for evidence in outcome.evidence:
        turn = conv.turn(evidence.index)
        assert turn is not None and evidence.quote in turn.text, evidence
    if outcome.value is not None and outcome.value < 1:
        assert outcome.evidence, f"{kind} fell short without evidence"
    if outcome.value is not None and outcome.value < 0.5:  # partial credit may come without advice
        assert outcome.advice, f"{kind} failed without advice for the agent"
    return outcome


def quotes(outcome: Outcome) -> list[str]:
    return [e.quote for e in outcome.evidence]


class Sleeps:
    """An injected sleep that records and never waits."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
