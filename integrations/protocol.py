"""What the connector needs of any helpdesk.

List changed tickets after a saved position (a page at a time, with the position to save after
each), read one conversation as a `Ticket`, find a note carrying a marker, post a private note
(with tags and an optional score field), and say who the connector itself is. Each vendor
folder provides it in `adapter.py`; a third helpdesk is one new folder.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from rubric.model import Ticket


@dataclass
class Listed:
    """A changed, resolved ticket as the list gave it; `handle` is the vendor's own object."""

    ticket_id: str
    handle: Any
    tags: list[str] = field(default_factory=list)
    group: str | None = None
    brand: str | None = None
    channel: str | None = None
    changed_at: datetime | None = None  # when the helpdesk last saw it change


@dataclass
class ChangePage:
    tickets: list[Listed]
    position: str  # save once the page is handled; pass back to resume
    scanned: int
    problems: list[str] = field(default_factory=list)  # malformed items, deleted tickets…
    done: bool = False


class Helpdesk(Protocol):
    vendor: str

    async def identity(self) -> str: ...
    def changes(self, position: str | None, start: datetime) -> AsyncIterator[ChangePage]: ...
    async def listed(self, ticket_id: str) -> Listed:
        """One ticket by id, as the change list would give it (for retries and crash recovery)."""
        ...

    async def conversation(self, listed: Listed) -> Ticket: ...
    async def find_note(self, ticket_id: str, marker: str) -> str | None: ...
    async def post_note(
        self, listed: Listed, html: str, *, tags: Sequence[str], score: float | None
    ) -> list[str]:
        """Post the private note, then tags and the score field. Returns warnings about the
        extras that could not be written; the note itself either lands or raises."""
        ...

    async def close(self) -> None: ...
