"""Zendesk ticket + comments → the shared `rubric.model.Ticket`.

Authors are decided by user role (end-user, agent, admin); comments made by triggers and
automations (`via.channel` "rule") are system events, and AI or answer-bot channels are bots.
"""

from __future__ import annotations

from collections.abc import Mapping

from integrations.zendesk.models import MetricSet, ZdComment, ZdTicket, ZdUser
from rubric.model import Ticket

SYSTEM_CHANNELS = {"rule", "system", "closed_ticket", "merge", "linked_problem", "side_conversation"}
BOT_CHANNELS = {
    "answer_bot",
    "answer_bot_for_agents",
    "answer_bot_api",
    "ai_agent",
    "sunshine_conversations_bot",
}
AGENT_ROLES = {"agent", "admin"}


def comment_role(comment: ZdComment, users: Mapping[int, ZdUser]) -> str:
    channel = comment.channel
    if channel in SYSTEM_CHANNELS:
        return "system"
    if channel in BOT_CHANNELS:
        return "bot"
    author = users.get(comment.author_id) if comment.author_id is not None else None
    return "agent" if author is not None and author.role in AGENT_ROLES else "customer"


def to_ticket(
    ticket: ZdTicket, comments: list[ZdComment], users: Mapping[int, ZdUser], metrics: MetricSet | None
) -> Ticket:
    requester = users.get(ticket.requester_id) if ticket.requester_id is not None else None
    assignee = users.get(ticket.assignee_id) if ticket.assignee_id is not None else None
    messages = []
    for comment in comments:
        author = users.get(comment.author_id) if comment.author_id is not None else None
        messages.append(
            {
                "author_role": comment_role(comment, users),
                "author_id": str(comment.author_id) if comment.author_id is not None else None,
                "author_name": author.name if author else None,
                "public": comment.public,
                "created_at": comment.created_at,
                "id": str(comment.id),
                "channel": comment.channel,
                "body": comment.html_body or comment.body or comment.plain_body or "",
            }
        )

    def calendar(value: object) -> float | None:
        return getattr(value, "calendar", None)

    return Ticket.model_validate(
        {
            "id": str(ticket.id),
            "source": "zendesk",
            "subject": ticket.subject,
            "status": ticket.status,
            "created_at": ticket.created_at,
            "updated_at": ticket.updated_at,
            "solved_at": metrics.solved_at if metrics else None,
            "requester": {"id": str(requester.id), "name": requester.name, "email": requester.email}
            if requester
            else None,
            "assignee": {"id": str(assignee.id), "name": assignee.name} if assignee else None,
            "messages": messages,
            "tags": ticket.tags,
            "metrics": {
                "first_reply_minutes": calendar(metrics.reply_time_in_minutes) if metrics else None,
                "requester_wait_minutes": calendar(metrics.requester_wait_time_in_minutes)
                if metrics
                else None,
                "resolution_minutes": calendar(metrics.full_resolution_time_in_minutes) if metrics else None,
                "reopens": metrics.reopens if metrics else None,
            },
        }
    )
