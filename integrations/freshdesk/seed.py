"""Seed the Freshdesk stand-in with tickets written in the shared model (examples/tickets.jsonl),
shaped the way Freshdesk stores them: the first customer message becomes the description, the
rest become conversations, authors become contacts and agents."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from integrations.freshdesk.standin import FreshdeskStandIn, iso
from rubric.model import Message, Ticket

STATUS_IDS = {"open": 2, "pending": 3, "solved": 4, "resolved": 4, "closed": 5}


def load_tickets(path: Path) -> list[Ticket]:
    return [
        Ticket.model_validate_json(line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def seed(standin: FreshdeskStandIn, tickets: list[Ticket]) -> list[int]:
    agents: dict[str, int] = {}
    return [_add(standin, ticket, agents) for ticket in tickets]


def _agent(standin: FreshdeskStandIn, agents: dict[str, int], name: str | None) -> int:
    key = name or "Support Agent"
    if key not in agents:
        agents[key] = standin.add_agent(key, key.lower().replace(" ", ".") + "@support.example.com")
    return agents[key]


def _add(standin: FreshdeskStandIn, ticket: Ticket, agents: dict[str, int]) -> int:
    requester = ticket.requester
    requester_id = standin.add_contact(
        requester.name if requester else None, requester.email if requester else None
    )
    messages = [m for m in ticket.messages if m.author_role != "system"]
    first = messages[0] if messages and messages[0].author_role == "customer" else None
    rest = messages[1:] if first else messages
    stamp = ticket.created_at or (messages[0].created_at if messages else None) or standin.now()
    conversations = [_conversation(standin, m, requester_id, agents, stamp) for m in rest]
    last = max([stamp, *[m.created_at for m in messages if m.created_at]])
    first_reply = next((m.created_at for m in rest if m.author_role == "agent" and m.public), None)
    responder = ticket.assignee.name if ticket.assignee else None
    body: dict[str, Any] = {
        "id": int(ticket.id) if ticket.id.isdigit() else None,
        "subject": ticket.subject or "",
        "status": STATUS_IDS.get((ticket.status or "solved").lower(), 4),
        "requester_id": requester_id,
        "responder_id": _agent(standin, agents, responder) if responder else None,
        "created_at": iso(stamp),
        "updated_at": iso(ticket.solved_at or last),
        "tags": list(ticket.tags),
        "description": first.body if first else "",
        "stats": {
            "first_responded_at": iso(first_reply) if first_reply else None,
            "resolved_at": iso(ticket.solved_at or last),
            "closed_at": None,
            "reopened_at": iso(last) if ticket.metrics.reopens else None,
            "agent_responded_at": None,
            "requester_responded_at": None,
            "status_updated_at": iso(last),
            "pending_since": None,
        },
    }
    return standin.add_ticket(body, conversations)


def _conversation(
    standin: FreshdeskStandIn, message: Message, requester_id: int, agents: dict[str, int], fallback: datetime
) -> dict[str, Any]:
    when = iso(message.created_at or fallback)
    is_agent = message.author_role in ("agent", "bot")
    return {
        "id": standin.next_id(),
        "body": message.body,
        "body_text": message.body,
        "user_id": _agent(standin, agents, message.author_name) if is_agent else requester_id,
        "incoming": not is_agent,
        "private": not message.public,
        "source": 2 if not message.public else 0,
        "category": 2 if not message.public else 3,
        "created_at": when,
        "updated_at": when,
        "auto_response": message.author_role == "bot",
        "automation_id": 1 if message.author_role == "bot" else None,
    }
