"""Zendesk comments to the shared model: roles from users, automations and bots set aside."""

from integrations.zendesk.mapping import to_ticket
from integrations.zendesk.models import MetricSet, ZdComment, ZdTicket, ZdUser
from tests.integrations.zendesk.helpers import ticket

USERS = {
    91: ZdUser(id=91, name="Maria Lopez", email="m@x.example", role="end-user"),
    7: ZdUser(id=7, name="Sam Park", role="agent"),
    8: ZdUser(id=8, name="Ada Admin", role="admin"),
}


def _comment(i: int, author: int, **fields: object) -> ZdComment:
    return ZdComment.model_validate(
        {
            "id": i,
            "author_id": author,
            "html_body": f"<p>{i}</p>",
            "public": True,
            "created_at": "2026-11-02T09:00:00Z",
            **fields,
        }
    )


def test_roles_from_users_and_channels() -> None:
    mapped = to_ticket(
        ZdTicket.model_validate(ticket(5, 100)),
        [
            _comment(1, 91),
            _comment(2, 7),
            _comment(3, 8, public=False),
            _comment(4, 7, via={"channel": "rule"}),
            _comment(5, 7, metadata={"via": {"channel": "answer_bot"}}),
        ],
        USERS,
        MetricSet.model_validate(
            {
                "ticket_id": 5,
                "reopens": 2,
                "reply_time_in_minutes": {"calendar": 42},
                "requester_wait_time_in_minutes": {"calendar": 90},
            }
        ),
    )
    assert [(m.author_role, m.public) for m in mapped.messages] == [
        ("customer", True),
        ("agent", True),
        ("agent", False),
        ("system", True),
        ("bot", True),
    ]
    assert mapped.requester is not None and mapped.requester.name == "Maria Lopez"
    assert mapped.assignee is not None and mapped.assignee.name == "Sam Park"
    assert (
        mapped.metrics.first_reply_minutes,
        mapped.metrics.requester_wait_minutes,
        mapped.metrics.reopens,
    ) == (42, 90, 2)
    assert mapped.source == "zendesk" and mapped.status == "solved"
