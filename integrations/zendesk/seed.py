"""Seed the Zendesk stand-in with tickets written in the shared model (examples/tickets.jsonl):
authors become users (end-users and agents), messages become comments, metrics metric sets."""

from __future__ import annotations

from datetime import datetime

from integrations.standin import iso
from integrations.zendesk.standin import ZendeskStandIn
from rubric.model import Ticket

STATUSES = {
    "solved": "solved",
    "resolved": "solved",
    "closed": "closed",
    "open": "open",
    "pending": "pending",
}


def seed(standin: ZendeskStandIn, tickets: list[Ticket]) -> list[int]:
    people: dict[tuple[str, str], int] = {}
    return [_add(standin, ticket, people) for ticket in tickets]


def _person(
    standin: ZendeskStandIn,
    people: dict[tuple[str, str], int],
    name: str | None,
    email: str | None,
    role: str,
) -> int:
    key = (role, name or email or "unknown")
    if key not in people:
        people[key] = standin.add_user(name, email, role)
    return people[key]


def _add(standin: ZendeskStandIn, ticket: Ticket, people: dict[tuple[str, str], int]) -> int:
    requester = ticket.requester
    requester_id = _person(
        standin,
        people,
        requester.name if requester else None,
        requester.email if requester else None,
        "end-user",
    )
    assignee = ticket.assignee
    assignee_id = (
        _person(standin, people, assignee.name, None, "agent") if assignee and assignee.name else None
    )
    comments = []
    for message in ticket.messages:
        if message.author_role == "system":
            continue
        role = "end-user" if message.author_role == "customer" else "agent"
        author = (
            requester_id if role == "end-user" else _person(standin, people, message.author_name, None, role)
        )
        comments.append(
            {
                "id": standin.next_id(),
                "author_id": author,
                "body": message.body,
                "html_body": message.body,
                "plain_body": message.body,
                "public": message.public,
                "created_at": iso(message.created_at or standin.now()),
                "via": {"channel": "answer_bot" if message.author_role == "bot" else "email"},
            }
        )
    times = [m.created_at for m in ticket.messages if m.created_at]
    last: datetime = max(times) if times else standin.now()
    metrics = ticket.metrics
    return standin.add_ticket(
        {
            "id": int(ticket.id) if ticket.id.isdigit() else None,
            "subject": ticket.subject,
            "status": STATUSES.get((ticket.status or "solved").lower(), "solved"),
            "requester_id": requester_id,
            "submitter_id": requester_id,
            "assignee_id": assignee_id,
            "tags": list(ticket.tags),
            "created_at": iso(ticket.created_at or last),
            "updated_at": iso(ticket.solved_at or last),
            "generated_timestamp": int((ticket.solved_at or last).timestamp()),
        },
        comments,
        {
            "reopens": metrics.reopens or 0,
            "solved_at": iso(ticket.solved_at or last),
            "reply_time_in_minutes": {
                "calendar": metrics.first_reply_minutes,
                "business": metrics.first_reply_minutes,
            },
            "requester_wait_time_in_minutes": {
                "calendar": metrics.requester_wait_minutes,
                "business": metrics.requester_wait_minutes,
            },
        },
    )
