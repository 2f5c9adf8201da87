"""Freshdesk payloads to the shared ticket model: who wrote what, and what counts."""

from integrations.freshdesk.mapping import to_ticket
from integrations.freshdesk.models import Agent, Conversation, FdTicket
from tests.integrations.freshdesk.helpers import ticket

AGENTS = {
    7: Agent.model_validate({"id": 7, "contact": {"name": "Sam Park"}}),
    9: Agent.model_validate({"id": 9, "contact": {"name": "ticketqa"}}),
}


def _conversation(i: int, user_id: int, **fields: object) -> Conversation:
    return Conversation.model_validate(
        {
            "id": i,
            "user_id": user_id,
            "body": f"<p>m{i}</p>",
            "incoming": False,
            "private": False,
            "source": 0,
            "created_at": f"2026-11-01T1{i}:00:00Z",
            **fields,
        }
    )


def test_description_is_the_customers_first_message_and_authors_come_from_agent_ids() -> None:
    mapped = to_ticket(
        FdTicket.model_validate(ticket(5, "2026-11-02T10:00:00Z")),
        [
            _conversation(2, 500, incoming=True),
            _conversation(1, 7),
            _conversation(3, 7, incoming=True),  # notes can claim `incoming`: the agent id decides
            _conversation(4, 7, private=True, source=2),
            _conversation(5, 42, source=6, incoming=True),  # survey feedback
            _conversation(6, 9, private=True, source=2),
        ],
        AGENTS,
        {4: "Resolved"},
    )
    roles = [(m.author_role, m.public) for m in mapped.messages]
    assert roles == [
        ("customer", True),
        ("agent", True),
        ("customer", True),
        ("agent", True),
        ("agent", False),
        ("system", True),
        ("agent", False),
    ]
    assert mapped.messages[0].body == "<p>Help</p>"
    assert mapped.status == "Resolved" and mapped.source == "freshdesk"
    assert mapped.requester is not None and mapped.requester.name == "Maria Lopez"
    assert mapped.assignee is not None and mapped.assignee.name == "Sam Park"
    assert mapped.metrics.first_reply_minutes == 60.0 and mapped.metrics.reopens == 0


def test_automated_replies_are_bots_and_reopens_are_counted_from_stats() -> None:
    raw = ticket(5, "2026-11-02T10:00:00Z", stats={"reopened_at": "2026-11-02T09:00:00Z"})
    mapped = to_ticket(FdTicket.model_validate(raw), [_conversation(1, 7, auto_response=True)], AGENTS, {})
    assert mapped.messages[1].author_role == "bot"
    assert mapped.metrics.reopens == 1 and mapped.status == "4"
