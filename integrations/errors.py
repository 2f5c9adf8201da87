"""What can go wrong talking to a helpdesk, split by what the caller should do about it.

- `FatalError`: stop the run (bad credentials, missing permission, bad configuration).
- `TransientError`: try again later (rate limits, 5xx, timeouts, dropped connections).
- `TicketError`: skip this ticket and carry on (deleted, not writable, refused).
- `ResponseLost`: a write was sent but its answer never came: look before writing again.

Messages never contain credentials: requests are described by method and path only.
"""

from __future__ import annotations

from dataclasses import dataclass

from rubric.errors import TicketQAError


class HelpdeskError(TicketQAError):
    """Base of every error raised while talking to a helpdesk."""


class FatalError(HelpdeskError):
    """The run cannot go on; the message says what to fix."""


class AuthError(FatalError):
    """401/403 on an account-wide call: credentials or permissions are wrong."""


class ReauthorisationNeeded(AuthError):
    """The saved OAuth refresh token is spent or may be: only a new authorisation helps."""


class TransientError(HelpdeskError):
    """Worth retrying; `retry_after` is the server's own advice in seconds, when it gave one."""

    def __init__(self, message: str, *, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class TicketError(HelpdeskError):
    """A problem with one ticket; the others are not affected."""

    def __init__(self, message: str, *, ticket_id: str) -> None:
        super().__init__(message)
        self.ticket_id = ticket_id


class TicketGone(TicketError):
    """The ticket no longer exists (deleted, merged away, or never did)."""


class NotWritable(TicketError):
    """The helpdesk refuses writes to this ticket (archived, closed, validation): never retried."""


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" + (f" ({self.code})" if self.code else "")


class RequestRejected(HelpdeskError):
    """The helpdesk refused a request as invalid (400/422), with the fields it named."""

    def __init__(self, message: str, problems: list[FieldProblem], status: int) -> None:
        detail = "; ".join(str(p) for p in problems)
        super().__init__(f"{message}: {detail}" if detail else message)
        self.problems = problems
        self.status = status


class ResponseLost(HelpdeskError):
    """A write went out and no answer came back: it may or may not have been applied."""
