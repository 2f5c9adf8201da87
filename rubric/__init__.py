"""The pure heart of ticketqa: ticket model, text normalisation, checks, scoring and notes.

Nothing here touches the network or keeps state; the only files it reads are rubric files.
"""

from rubric.model import Message, Metrics, Person, Ticket
from rubric.result import TicketResult
from rubric.scoring import score_ticket
from rubric.spec import Rubric, load_rubric

__all__ = ["Message", "Metrics", "Person", "Rubric", "Ticket", "TicketResult", "load_rubric", "score_ticket"]
