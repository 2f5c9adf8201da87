"""Freshdesk ticket + conversations → the shared `rubric.model.Ticket`.

Who wrote a message is decided by agent ids, not by `incoming` alone (the API lets notes set
`incoming`). The ticket description is the customer's first message: Freshdesk keeps it out
of the conversations list. Survey feedback and automated messages never count as a person's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from integrations.freshdesk.models import Agent, Conversation, FdTicket
from rubric.model import Ticket

# Conversation `source` values (Freshdesk API v2): 0 reply, 2 note, 5 tweet, 6 survey feedback,
# 7 Facebook, 8 forwarded email, 9 phone, 10 Mobihelp, 11 e-commerce.
SURVEY_FEEDBACK = 6
CHANNELS = {
    1: "email",
    2: "web",
    3: "phone",
    4: "forum",
    5: "social",
    6: "social",
    7: "chat",
    8: "mobile",
    9: "web",
    10: "email",
    11: "ecommerce",
    12: "bot",
    13: "whatsapp",
}


def _minutes(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else max(0.0, (end - start).total_seconds() / 60)


def message_role(item: Conversation, ticket: FdTicket, agents: Mapping[int, Agent]) -> str:
    if item.source == SURVEY_FEEDBACK:
        return "system"  # the satisfaction survey's answer, not a message to the agent
    if item.auto_response or item.automation_id:
        return "bot"
    if item.user_id is not None and item.user_id in agents:
        return "agent"
    return "customer"  # the requester, or someone copied in on the customer's side


def to_ticket(
    ticket: FdTicket,
    conversations: list[Conversation],
    agents: Mapping[int, Agent],
    statuses: Mapping[int, str],
) -> Ticket:
    requester = ticket.requester
    requester_name = requester.name if requester else None
    messages: list[dict[str, object]] = []
    description = ticket.description if ticket.description is not None else ticket.description_text
    if description:
        messages.append(
            {
                "author_role": "customer",
                "author_id": str(ticket.requester_id) if ticket.requester_id else None,
                "author_name": requester_name,
                "public": True,
                "created_at": ticket.created_at,
                "body": description,
                "id": f"description-{ticket.id}",
                "channel": CHANNELS.get(ticket.source or 0),
            }
        )
    for item in sorted(conversations, key=lambda c: (c.created_at, c.id)):
        role = message_role(item, ticket, agents)
        author = agents.get(item.user_id) if item.user_id is not None else None
        messages.append(
            {
                "author_role": role,
                "author_id": str(item.user_id) if item.user_id is not None else None,
                "author_name": author.name
                if author
                else (requester_name if item.user_id == ticket.requester_id else None),
                "public": not item.private,
                "created_at": item.created_at,
                "body": item.body if item.body is not None else (item.body_text or ""),
                "id": str(item.id),
            }
        )
    stats = ticket.stats
    assignee = agents.get(ticket.responder_id) if ticket.responder_id is not None else None
    return Ticket.model_validate(
        {
            "id": str(ticket.id),
            "source": "freshdesk",
            "subject": ticket.subject,
            "status": statuses.get(ticket.status, str(ticket.status)),
            "created_at": ticket.created_at,
            "updated_at": ticket.updated_at,
            "solved_at": (stats.resolved_at or stats.closed_at) if stats else None,
            "requester": {
                "id": str(ticket.requester_id) if ticket.requester_id else None,
                "name": requester_name,
                "email": requester.email if requester else None,
            },
            "assignee": {"id": str(ticket.responder_id), "name": assignee.name if assignee else None}
            if ticket.responder_id is not None
            else None,
            "messages": messages,
            "metrics": {
                "first_reply_minutes": _minutes(ticket.created_at, stats.first_responded_at)
                if stats
                else None,
                "resolution_minutes": _minutes(ticket.created_at, stats.resolved_at) if stats else None,
                # Freshdesk keeps only the last reopening time: at least one reopen, count unknown.
                "reopens": (1 if stats.reopened_at else 0) if stats else None,
            },
            "tags": ticket.tags,
        }
    )
