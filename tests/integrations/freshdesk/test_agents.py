"""The agent directory: one list read and one lookup per unknown id, however many tickets ask
at once, and a round trip through the account's saved facts."""

import asyncio

import httpx
import respx

from integrations.freshdesk.adapter import FreshdeskHelpdesk
from tests.integrations.freshdesk.helpers import API, client, mock_setup


@respx.mock
async def test_tickets_handled_side_by_side_read_the_list_and_look_up_a_new_agent_once() -> None:
    mock_setup(respx)
    new = respx.get(f"{API}/agents/42").mock(
        return_value=httpx.Response(200, json={"id": 42, "contact": {"name": "Ana New"}})
    )
    gone = respx.get(f"{API}/agents/500").mock(return_value=httpx.Response(404))
    async with client() as fd:
        found = await asyncio.gather(*(fd.agents.among([7, 42, 500]) for _ in range(4)))
    assert all(set(agents) == {7, 42} for agents in found)
    assert respx.calls.call_count == 3 and new.call_count == 1 and gone.call_count == 1


@respx.mock
async def test_saved_facts_answer_without_a_request_and_keep_only_ids_and_names() -> None:
    mock_setup(respx)
    respx.get(f"{API}/agents/500").mock(return_value=httpx.Response(404))
    async with client() as fd:
        await fd.agents.among([7, 500])
        facts = fd.agents.facts()
    assert facts == {"agents": {"7": "Sam Park"}, "not_agents": [500]}  # no email kept
    calls = respx.calls.call_count
    async with client() as later:
        later.agents.remember(facts)
        agents = await later.agents.among([7, 500])
    assert agents[7].name == "Sam Park" and respx.calls.call_count == calls


async def test_no_facts_before_the_list_was_read_and_damaged_ones_are_ignored() -> None:
    async with client() as fd:
        assert fd.agents.facts() == {}
        helpdesk = FreshdeskHelpdesk(fd)
        helpdesk.remember({"agents": {"x": "?"}, "statuses": {"4": "Resolved"}})
        assert helpdesk.facts() == {"statuses": {"4": "Resolved"}}  # the agents are read again
