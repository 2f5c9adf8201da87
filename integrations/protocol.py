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

from integrations.http import Usage
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
    # What the list shows of the ticket's state: it changes with every change (updated_at)
    # and with every human reply (reply stamps, which also catch a reply made in the same
    # second as our note). Equal to what we stored after handling it: nothing new to read.
    activity: str | None = None
    final: bool = False  # the helpdesk takes no more writes on it (a closed Zendesk ticket)


@dataclass(frozen=True)
class Check:
    """One finding of `ticketqa config check --online`: ok, warn (works, with a caveat) or fail
    (the sync would not work; `detail` says how to fix it)."""

    name: str
    status: str  # ok | warn | fail
    detail: str


def activity_stamp(changed: datetime, *replies: datetime | None) -> str:
    """`changed|reply|reply…` to the second: compared for equality, never parsed for time."""

    def second(moment: datetime | None) -> str:
        return "-" if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    return "|".join(second(m) for m in (changed, *replies))


def replies_part(stamp: str) -> str:
    """The reply stamps alone: what a status change such as auto-close leaves alone."""
    return stamp.partition("|")[2]


@dataclass
class Written:
    """What a posted note left behind: warnings about extras that could not be written, and
    the ticket's activity stamp as our write left it, when the answer tells it for certain."""

    warnings: list[str] = field(default_factory=list)
    activity: str | None = None


@dataclass
class ChangePage:
    tickets: list[Listed]
    position: str  # save once the page is handled; pass back to resume
    scanned: int
    problems: list[str] = field(default_factory=list)  # malformed items, in words
    deleted: list[str] = field(default_factory=list)  # ids of tickets deleted since the last look
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
    ) -> Written:
        """Post the private note, then tags and the score field. The note itself either lands
        or raises; extras that could not be written come back as warnings."""
        ...

    async def finish(self, listed: Listed, *, tags: Sequence[str], score: float | None) -> Written:
        """Write the extras (tags, score field) of a note found already on the ticket: a run
        that died, or an answer that was lost, between the note and its extras left them out."""
        ...

    def usage(self) -> Usage:
        """Requests and credits spent so far, and the rate budget as last seen."""
        ...

    def facts(self) -> dict[str, Any]:
        """What this account's API said that rarely changes (JSON), worth keeping between runs."""
        ...

    def remember(self, facts: dict[str, Any]) -> None:
        """Start from facts saved by an earlier run (at most a day old) instead of asking again."""
        ...

    async def preflight(self) -> list[Check]:
        """Credentials, permissions and whether a note could be written, without writing."""
        ...

    async def close(self) -> None: ...
