"""The shared ticket model: lenient where helpdesks differ, strict where it matters."""

import pytest
from pydantic import ValidationError

from rubric.model import Ticket, ticket_json_schema


def test_only_id_and_messages_are_required() -> None:
    ticket = Ticket.model_validate({"id": 4812, "messages": []})
    assert ticket.id == "4812"
    assert ticket.metrics.first_reply_minutes is None
    assert ticket.tags == []


def test_numeric_ids_become_text_and_nulls_become_defaults() -> None:
    ticket = Ticket.model_validate(
        {
            "id": "1",
            "metrics": None,
            "tags": None,
            "messages": [{"author_role": "agent", "author_id": 7, "body": None}],
        }
    )
    assert ticket.messages[0].author_id == "7"
    assert ticket.messages[0].body == ""
    assert ticket.messages[0].public is True


def test_unknown_keys_are_ignored() -> None:
    ticket = Ticket.model_validate({"id": "1", "messages": [], "via": {"channel": "web"}})
    assert ticket.id == "1"


def test_author_role_is_one_of_four() -> None:
    with pytest.raises(ValidationError) as error:
        Ticket.model_validate({"id": "1", "messages": [{"author_role": "admin", "body": "x"}]})
    assert "messages.0.author_role" in str(error.value).replace("\n", " ").replace(" ", ".")


def test_json_schema_names_the_required_fields() -> None:
    schema = ticket_json_schema()
    assert set(schema["required"]) == {"id", "messages"}  # type: ignore[arg-type]
