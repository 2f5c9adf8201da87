"""A ticket prepared for the checks: normalised human turns, the customer's name, the language.

Only public messages written by people count. Bots, system events, private notes and ticketqa's
own notes are set aside: they are not the agent's writing and must not move a score.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rubric.language import detect_language
from rubric.lazy import lazy
from rubric.marker import has_marker
from rubric.model import Message, Ticket
from rubric.text import normalise_body, sentence_spans


@dataclass(frozen=True)
class Turn:
    """One human message, normalised. `index` points into `Ticket.messages`."""

    index: int
    role: str  # "customer" or "agent"
    author_id: str | None
    author_name: str | None
    created_at: datetime | None
    text: str
    # Phrase matches by pattern, kept by the checks' matcher (checks.phrases): several checks scan
    # the same turn for the same list.
    found: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    @lazy
    def lower(self) -> str:
        return self.text.lower()

    @lazy
    def spans(self) -> list[tuple[int, int]]:
        return sentence_spans(self.text)

    @lazy
    def sentences(self) -> list[str]:
        return [self.text[start:end] for start, end in self.spans]

    def sentence_at(self, position: int) -> str:
        """The sentence that holds the character at `position` (or the next one after it)."""
        index = bisect.bisect_right(self.spans, (position, len(self.text)))
        index = max(0, index - 1)
        start, end = self.spans[index]
        if position >= end and index + 1 < len(self.spans):
            start, end = self.spans[index + 1]
        return self.text[start:end]

    @lazy
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass
class Conversation:
    ticket: Ticket
    turns: list[Turn]
    set_aside: dict[str, int] = field(default_factory=dict)

    @lazy
    def agent_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.role == "agent"]

    @lazy
    def customer_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.role == "customer"]

    @lazy
    def follow_ups(self) -> list[Turn]:
        """The customer's messages after the first agent reply: where they say how the help landed."""
        if not self.agent_turns:
            return []
        first_reply = self.agent_turns[0].index
        return [t for t in self.customer_turns if t.index > first_reply]

    @lazy
    def channel(self) -> str | None:
        """Where the conversation happened: the channel of its first message that names one."""
        return next((m.channel.lower() for m in self.ticket.messages if m.channel), None)

    @lazy
    def language(self) -> str | None:
        if self.ticket.language:
            return self.ticket.language.split("-")[0].split("_")[0].lower()
        return detect_language("\n".join(t.text for t in self.turns))

    @lazy
    def customer_name(self) -> str | None:
        """The customer's first name, as the agent would use it in a greeting."""
        requester = self.ticket.requester
        candidates = [requester.name if requester else None]
        candidates += [t.author_name for t in self.customer_turns]
        for name in candidates:
            first = _first_name(name)
            if first:
                return first
        return None

    @lazy
    def fingerprint(self) -> str:
        return conversation_fingerprint(self.ticket)

    @lazy
    def _by_index(self) -> dict[int, Turn]:
        return {t.index: t for t in self.turns}

    def turn(self, index: int) -> Turn | None:
        return self._by_index.get(index)


def _first_name(name: str | None) -> str | None:
    if not name or "@" in name:
        return None
    first = name.strip().split()[0] if name.strip() else ""
    return first if first[:1].isalpha() and len(first) > 1 else None


def counts_as_human(message: Message) -> str | None:
    """None when the message is a human public turn, else why it is set aside."""
    if message.author_role in ("bot", "system"):
        return message.author_role
    if not message.public:
        return "private"
    if has_marker(message.body):
        return "ticketqa"
    return None


# A message longer than this is read up to here: no reply a person writes is longer, and a
# pasted log or attachment of megabytes would otherwise cost memory in proportion.
MAX_BODY_CHARS = 100_000


def prepare(ticket: Ticket) -> Conversation:
    turns: list[Turn] = []
    set_aside: dict[str, int] = {}
    for index, message in enumerate(ticket.messages):
        why = counts_as_human(message)
        if why is not None:
            set_aside[why] = set_aside.get(why, 0) + 1
            continue
        body = message.body
        if len(body) > MAX_BODY_CHARS:
            body = body[:MAX_BODY_CHARS]
            set_aside["cut"] = set_aside.get("cut", 0) + 1
        text = normalise_body(body)
        if not text:
            set_aside["empty"] = set_aside.get("empty", 0) + 1
            continue
        turns.append(
            Turn(index, message.author_role, message.author_id, message.author_name, message.created_at, text)
        )
    if all(t.created_at is not None for t in turns):
        # Helpdesks usually return messages in order; when timestamps disagree, trust them.
        turns.sort(key=lambda t: (t.created_at, t.index))
    return Conversation(ticket, turns, set_aside)


def conversation_fingerprint(ticket: Ticket) -> str:
    """Changes when a person adds or edits a public message; not for notes, bots or tags."""
    # One string, encoded and hashed once: the same bytes as hashing each part in turn.
    parts: list[str] = []
    for message in ticket.messages:
        if counts_as_human(message) is not None:
            continue
        stamp = message.created_at.isoformat() if message.created_at else ""
        for part in (message.author_role, message.author_id or "", stamp, message.body.strip()):
            parts.append(part)
            parts.append("\x1f")
        parts.append("\x1e")
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
