"""ticketqa's own exceptions for the rubric side. Each message says what to fix."""

from __future__ import annotations


class TicketQAError(Exception):
    """Base of every error ticketqa raises on purpose."""


class RubricError(TicketQAError):
    """A rubric file that cannot be used. `problems` lists each key with what is wrong."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"rubric {source} is not valid:\n{listed}")


class TicketError(TicketQAError):
    """One ticket that cannot be read; the rest of the run goes on."""
