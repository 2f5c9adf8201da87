"""What counts as the agent's writing, and the conversation fingerprint."""

from rubric.conversation import conversation_fingerprint, prepare
from rubric.model import Ticket


def _ticket(*messages: dict[str, object]) -> Ticket:
    return Ticket.model_validate({"id": "1", "messages": list(messages)})


CUSTOMER = {"author_role": "customer", "body": "My order is late."}
AGENT = {"author_role": "agent", "body": "Hi, it ships today."}


def test_bots_system_private_notes_and_our_notes_are_set_aside() -> None:
    conv = prepare(
        _ticket(
            CUSTOMER,
            {"author_role": "bot", "body": "Did this article help?"},
            {"author_role": "system", "body": "Ticket solved."},
            {"author_role": "agent", "public": False, "body": "Checked with the warehouse."},
            {
                "author_role": "agent",
                "public": False,
                "body": "QA 90/100\n[ticketqa:default@1:0123456789abcdef]",
            },
            AGENT,
        )
    )
    assert [t.role for t in conv.turns] == ["customer", "agent"]
    assert conv.set_aside == {"bot": 1, "system": 1, "private": 2}


def test_a_public_message_carrying_our_marker_is_still_ours() -> None:
    conv = prepare(
        _ticket(CUSTOMER, AGENT, {"author_role": "agent", "body": "x [ticketqa:default@1:0123456789abcdef]"})
    )
    assert conv.set_aside == {"ticketqa": 1}


def test_fingerprint_ignores_notes_bots_and_system_events() -> None:
    base = _ticket(CUSTOMER, AGENT)
    noisy = _ticket(
        CUSTOMER,
        AGENT,
        {"author_role": "agent", "public": False, "body": "note"},
        {"author_role": "system", "body": "closed"},
    )
    assert conversation_fingerprint(base) == conversation_fingerprint(noisy)


def test_fingerprint_changes_with_a_new_human_message() -> None:
    base = _ticket(CUSTOMER, AGENT)
    longer = _ticket(CUSTOMER, AGENT, {"author_role": "customer", "body": "It broke again."})
    assert conversation_fingerprint(base) != conversation_fingerprint(longer)


def test_customer_name_prefers_the_requester_and_skips_emails() -> None:
    ticket = Ticket.model_validate(
        {
            "id": "1",
            "requester": {"name": "maria@example.com"},
            "messages": [{**CUSTOMER, "author_name": "Maria Lopez"}, AGENT],
        }
    )
    assert prepare(ticket).customer_name == "Maria"


def test_messages_are_ordered_by_time_when_every_message_has_one() -> None:
    conv = prepare(
        _ticket(
            {**AGENT, "created_at": "2026-11-02T10:00:00Z"},
            {**CUSTOMER, "created_at": "2026-11-02T09:00:00Z"},
        )
    )
    assert [t.role for t in conv.turns] == ["customer", "agent"]


def test_mixed_naive_and_aware_timestamps_do_not_crash() -> None:
    conv = prepare(
        _ticket(
            {**CUSTOMER, "created_at": "2026-11-02T09:00:00"},
            {**AGENT, "created_at": "2026-11-02T10:00:00Z"},
        )
    )
    assert [t.role for t in conv.turns] == ["customer", "agent"]
