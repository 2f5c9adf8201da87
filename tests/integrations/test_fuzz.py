"""Both mappers on malformed API payloads, generated: a payload is either refused by its model
(the client reports it as a malformed item and goes on) or becomes a ticket that scores. Never
a traceback of any other kind."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from integrations.freshdesk.mapping import to_ticket as freshdesk_ticket
from integrations.freshdesk.models import Agent, Conversation, FdTicket
from integrations.zendesk.mapping import to_ticket as zendesk_ticket
from integrations.zendesk.models import ZdComment, ZdTicket, ZdUser
from rubric.scoring import score_ticket
from rubric.spec import load_rubric
from tests.integrations.freshdesk.helpers import ticket as fd_ticket
from tests.integrations.zendesk.helpers import ticket as zd_ticket

RUBRIC = load_rubric()
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _spoiled(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return {**base, **changes}


@FUZZ
@given(
    ticket_changes=st.dictionaries(
        st.sampled_from(
            [
                "id",
                "status",
                "source",
                "requester_id",
                "created_at",
                "updated_at",
                "tags",
                "description",
                "requester",
                "stats",
            ]
        ),
        json_values,
        max_size=3,
    ),
    conversation_changes=st.dictionaries(
        st.sampled_from(["id", "user_id", "body", "incoming", "private", "source", "created_at"]),
        json_values,
        max_size=3,
    ),
)
def test_freshdesk_payloads_map_or_are_refused(
    ticket_changes: dict[str, Any], conversation_changes: dict[str, Any]
) -> None:
    conversation = {
        "id": 1,
        "user_id": 7,
        "body": "<p>I've sent a replacement today.</p>",
        "incoming": False,
        "private": False,
        "source": 0,
        "created_at": "2026-11-01T12:00:00Z",
    }
    try:
        parsed = FdTicket.model_validate(_spoiled(fd_ticket(5, "2026-11-02T10:00:00Z"), ticket_changes))
        reply = Conversation.model_validate(_spoiled(conversation, conversation_changes))
    except ValidationError:
        return  # reported by the client as a malformed item; the run goes on
    mapped = freshdesk_ticket(
        parsed, [reply], {7: Agent.model_validate({"id": 7, "contact": {"name": "Sam"}})}, {4: "Resolved"}
    )
    score_ticket(mapped, RUBRIC)


@FUZZ
@given(
    ticket_changes=st.dictionaries(
        st.sampled_from(
            ["id", "status", "requester_id", "assignee_id", "created_at", "tags", "via", "subject"]
        ),
        json_values,
        max_size=3,
    ),
    comment_changes=st.dictionaries(
        st.sampled_from(["id", "author_id", "html_body", "body", "public", "created_at", "via", "metadata"]),
        json_values,
        max_size=3,
    ),
)
def test_zendesk_payloads_map_or_are_refused(
    ticket_changes: dict[str, Any], comment_changes: dict[str, Any]
) -> None:
    comment = {
        "id": 1,
        "author_id": 7,
        "html_body": "<p>Please try again from the Orders page.</p>",
        "public": True,
        "created_at": "2026-11-02T09:30:00Z",
    }
    customer = {
        "id": 2,
        "author_id": 91,
        "html_body": "<p>My order broke.</p>",
        "public": True,
        "created_at": "2026-11-02T09:00:00Z",
    }
    try:
        parsed = ZdTicket.model_validate(_spoiled(zd_ticket(5, 100), ticket_changes))
        comments = [
            ZdComment.model_validate(customer),
            ZdComment.model_validate(_spoiled(comment, comment_changes)),
        ]
    except ValidationError:
        return
    users = {91: ZdUser(id=91, name="Maria", role="end-user"), 7: ZdUser(id=7, name="Sam", role="agent")}
    score_ticket(zendesk_ticket(parsed, comments, users, None), RUBRIC)
