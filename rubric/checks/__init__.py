"""Built-in checks. Importing this package registers every kind in `REGISTRY`."""

from rubric.checks import (
    answer,
    completeness,
    correctness,
    empathy,
    listening,
    outcome,
    professionalism,
    questions,
    resolution,
    spelling,
)
from rubric.checks.base import REGISTRY, CheckKind, Evidence, Outcome, Params
from rubric.checks.sentiment import analyzer
from rubric.dictionary import spellchecker


def preload() -> None:
    """Load the word lists and lexicons the checks read (~0.4 s) now, not on the first ticket.

    A long run calls this once at start, then freezes the heap (`connector.runtime`), so the
    garbage collector stops walking these large tables, which are never freed, on every ticket.
    The language model is left out: an English-only helpdesk never needs its ~90 MB.
    """
    spellchecker()
    analyzer()


__all__ = [
    "REGISTRY",
    "CheckKind",
    "Evidence",
    "Outcome",
    "Params",
    "answer",
    "completeness",
    "correctness",
    "empathy",
    "listening",
    "outcome",
    "preload",
    "professionalism",
    "questions",
    "resolution",
    "spelling",
]
