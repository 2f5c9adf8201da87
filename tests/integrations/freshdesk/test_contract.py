"""Contract tests: the client reads the real recorded Freshdesk responses, and the stand-in
answers in shapes that pass the same contract schema the recordings pass.

The recordings live in ../shared/reference/freshdesk-fixtures (beside the repository, as in CI).
"""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from integrations.freshdesk.client import read_error
from integrations.freshdesk.mapping import to_ticket
from integrations.freshdesk.models import Agent, Conversation, FdTicket
from integrations.freshdesk.seed import load_tickets, seed
from integrations.freshdesk.standin import FreshdeskStandIn
from tests.integrations.freshdesk.helpers import KEY, client

ROOT = Path(__file__).parents[3]
FIXTURES = ROOT.parent / "shared" / "reference" / "freshdesk-fixtures"
pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"recorded fixtures not found at {FIXTURES}")


def _recorded(name: str) -> Any:
    return json.loads((FIXTURES / "airbyte_recorded" / name).read_text())


def _validator(definition: str) -> jsonschema.Draft7Validator:
    schema = json.loads((FIXTURES / "schemas" / "qa_connector_contract.schema.json").read_text())
    return jsonschema.Draft7Validator(
        {"definitions": schema["definitions"], "$ref": f"#/definitions/{definition}"}
    )


def test_recorded_tickets_conversations_and_agents_parse() -> None:
    tickets = [
        FdTicket.model_validate(t) for t in _recorded("list_tickets_include_description_requester_stats.json")
    ]
    assert [t.id for t in tickets] == [18, 19, 21, 22, 20, 23]
    agents = {a["id"]: Agent.model_validate(a) for a in _recorded("agents_sample.json")}
    conversations = [Conversation.model_validate(c) for c in _recorded("conversations_ticket_22.json")]
    mapped = to_ticket(next(t for t in tickets if t.id == 22), conversations, agents, {4: "Resolved"})
    assert [(m.author_role, m.public) for m in mapped.messages] == [
        ("customer", True),
        ("agent", True),
        ("agent", False),
    ]


def test_recorded_survey_feedback_is_not_the_customer_talking_to_the_agent() -> None:
    tickets = {
        t["id"]: FdTicket.model_validate(t)
        for t in _recorded("list_tickets_include_description_requester_stats.json")
    }
    agents = {a["id"]: Agent.model_validate(a) for a in _recorded("agents_sample.json")}
    conversations = [Conversation.model_validate(c) for c in _recorded("conversations_ticket_23.json")]
    mapped = to_ticket(tickets[23], conversations, agents, {})
    assert mapped.messages[-1].author_role == "system"


def test_recorded_page_301_error_is_read_field_by_field() -> None:
    body = _recorded("error_400_beyond_300th_page.json")
    message, problems = read_error(httpx.Response(400, json=body))
    assert message == "Validation failed"
    assert problems[0].field == "page" and problems[0].code == "invalid_value"


@pytest.fixture
def standin() -> Any:
    fake = FreshdeskStandIn(api_key=KEY, rate_limit=None)
    seed(fake, load_tickets(ROOT / "examples" / "tickets.jsonl"))
    fake.start()
    yield fake
    fake.stop()


def test_standin_answers_pass_the_contract_the_recordings_pass(standin: FreshdeskStandIn) -> None:
    for recorded in _recorded("list_tickets_include_description_requester_stats.json"):
        _validator("ticket").validate(recorded)
    headers = {"Authorization": httpx.BasicAuth(standin.api_key, "X")._auth_header}
    with httpx.Client(base_url=f"{standin.base_url}/api/v2", headers=headers) as http:
        listed = http.get(
            "/tickets",
            params={
                "updated_since": "2026-01-01T00:00:00Z",
                "per_page": 100,
                "include": "description,requester,stats",
            },
        ).json()
        assert len(listed) == 47
        for item in listed:
            _validator("ticket").validate(item)
        for item in http.get("/tickets/4812/conversations").json():
            _validator("conversation").validate(item)
        note = http.post("/tickets/4812/notes", json={"body": "<p>x</p>", "private": True})
        assert note.status_code == 201
        _validator("conversation").validate(note.json())
        bad = http.get("/tickets", params={"updated_since": "2026-01-01T00:00:00Z", "page": 301})
        assert bad.status_code == 400 and bad.json() == _recorded("error_400_beyond_300th_page.json")
        _validator("error").validate(bad.json())


async def test_client_reads_the_standin_end_to_end(standin: FreshdeskStandIn) -> None:
    async with client(standin.base_url, per_page=7) as fd:
        seen = [t.id async for page in fd.changed(datetime(2026, 1, 1, tzinfo=UTC)) for t in page.tickets]
        assert len(seen) == len(set(seen)) == 47
        mapped, _ = await fd.conversation(await fd.fetch(4812))
    assert mapped.messages[0].author_role == "customer" and mapped.messages[1].author_role == "agent"
    assert mapped.requester is not None and mapped.requester.name == "Maria Lopez"
