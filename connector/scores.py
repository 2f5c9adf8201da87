"""What the ledger keeps of a scored ticket: the figures and what `ticketqa report` groups by.
No ticket text and no customer data; the agent's display name goes to the agents table."""

from __future__ import annotations

from connector.state import Store, iso_second
from integrations.protocol import Listed
from rubric.result import TicketResult

JUDGED_BY_RULES = "rules"


def ledger_scores(result: TicketResult, listed: Listed) -> dict[str, object]:
    return {
        "score": result.score,
        "band": result.band,
        "criteria": {c.id: c.score for c in result.criteria},
        "failed_critical": int(result.failed_critical),
        "judged_by": JUDGED_BY_RULES,
        "agent_id": result.agent_id,
        "team": listed.group,
        "channel": listed.channel or result.channel,
        "solved_at": None if result.solved_at is None else iso_second(result.solved_at),
        "reopens": result.reopens,
        "first_reply_minutes": result.first_reply_minutes,
        "wait_minutes": result.wait_minutes,
    }


def remember_agent(store: Store, account: str, result: TicketResult) -> None:
    if result.agent_id is not None and result.agent_name:
        store.save_agent(account, result.agent_id, result.agent_name)
