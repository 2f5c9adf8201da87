"""Who is an agent on a Freshdesk account: the agent list, read once and kept a day in the
account's facts, plus one lookup for each id the list does not know (an agent added since).

A conversation's `incoming` flag cannot tell an agent from a customer (the API lets a note
set it), so every author is checked here. Tickets are handled side by side and often share a
new agent: one lock makes the list read and each lookup happen once, not once per ticket.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from integrations.freshdesk.models import Agent, AgentContact
from integrations.http import HelpdeskHTTP

Pages = Callable[[str, dict[str, Any]], AsyncIterator[Any]]


class AgentDirectory:
    def __init__(self, http: HelpdeskHTTP, pages: Pages) -> None:
        self._http = http
        self._pages = pages
        self._known: dict[int, Agent] | None = None
        self._not_agents: set[int] = set()
        self._lock = asyncio.Lock()

    async def among(self, user_ids: Iterable[int]) -> dict[int, Agent]:
        """Agents by id, looking up the ids the list does not know."""
        async with self._lock:
            known = await self._list()
            for user_id in sorted(set(user_ids) - known.keys() - self._not_agents):
                response = await self._http.request("GET", f"/agents/{user_id}", ok=(200, 404))
                if response.status_code == 200:
                    known[user_id] = Agent.model_validate(response.json())
                else:
                    self._not_agents.add(user_id)
            return known

    async def _list(self) -> dict[int, Agent]:
        if self._known is None:
            known: dict[int, Agent] = {}
            async for item in self._pages("/agents", {"per_page": 100}):
                agent = Agent.model_validate(item)
                known[agent.id] = agent
            self._known = known
        return self._known

    def facts(self) -> dict[str, Any]:
        """Only what a mapped ticket uses (id and name): the state database keeps no more."""
        if self._known is None:
            return {}
        return {
            "agents": {str(i): a.name for i, a in sorted(self._known.items())},
            "not_agents": sorted(self._not_agents),
        }

    def remember(self, facts: dict[str, Any]) -> None:
        agents, not_agents = facts.get("agents"), facts.get("not_agents")
        if isinstance(agents, dict):
            self._known = {
                int(i): Agent(id=int(i), contact=AgentContact(name=name if isinstance(name, str) else None))
                for i, name in agents.items()
            }
        if isinstance(not_agents, list):
            self._not_agents = {int(i) for i in not_agents}
