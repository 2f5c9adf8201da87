"""What every check is: a named function from a conversation and its params to an `Outcome`.

Checks register themselves by kind; a rubric file names the kind and may override its params.
An outcome carries a value in 0..1 (or None for "does not apply"), a plain reason, the evidence
(message and exact quote), and the words the note uses: praise when it went well, advice when it
did not, and a short summary for the note's first line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from rubric.conversation import Conversation, Turn


# Evidence and Outcome (and phrases.Hit) are plain data: treat them as read-only. A frozen
# dataclass pays object.__setattr__ for every field (3.5x the cost to build), and scoring
# makes ~50 of them a ticket.
@dataclass(slots=True)
class Evidence:
    index: int  # position in Ticket.messages
    role: str
    quote: str


@dataclass(slots=True)
class Outcome:
    value: float | None
    reason: str
    evidence: tuple[Evidence, ...] = ()
    praise: str | None = None
    advice: str | None = None
    summary: str | None = None

    @classmethod
    def not_applicable(cls, reason: str) -> Outcome:
        return cls(None, reason)


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=Params)


@dataclass(frozen=True)
class CheckKind(Generic[P]):
    name: str
    params: type[P]
    run: Callable[[Conversation, P], Outcome]
    language_dependent: bool
    description: str
    # "gap": a failing verdict points at what a sentence lacks (no greeting before it, no time
    # in it) or at its form (length, spelling), not at what it says, so the same sentence may
    # still be praised for what it does. "fault": what the quoted sentence says is the problem.
    points_at: str = "fault"


REGISTRY: dict[str, CheckKind[Any]] = {}


def check(
    name: str,
    params: type[P],
    *,
    description: str,
    language_dependent: bool = True,
    points_at: str = "fault",
) -> Callable[[Callable[[Conversation, P], Outcome]], Callable[[Conversation, P], Outcome]]:
    def register(run: Callable[[Conversation, P], Outcome]) -> Callable[[Conversation, P], Outcome]:
        REGISTRY[name] = CheckKind(name, params, run, language_dependent, description, points_at)
        return run

    return register


def opening(turn: Turn) -> Evidence:
    """The first sentence of a turn: the quote for a point about the reply as a whole."""
    return Evidence(turn.index, turn.role, turn.sentences[0] if turn.sentences else turn.text)


def ending(turn: Turn) -> Evidence:
    return Evidence(turn.index, turn.role, turn.sentences[-1] if turn.sentences else turn.text)


def name_or(conversation: Conversation, fallback: str = "there") -> str:
    return conversation.customer_name or fallback


def turns_after(turns: Sequence[Turn], anchor: Turn) -> list[Turn]:
    position = turns.index(anchor)
    return list(turns[position + 1 :])


def minutes_text(minutes: float) -> str:
    if minutes < 90:
        count, unit = round(minutes), "minute"
    elif minutes < 48 * 60:
        count, unit = round(minutes / 60), "hour"
    else:
        count, unit = round(minutes / 1440), "day"
    return f"{count} {unit}{'' if count == 1 else 's'}"
