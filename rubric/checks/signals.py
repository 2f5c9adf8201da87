"""What the customer needed, read from their own words. Several checks only apply when there
was a need to meet: no next steps are owed to a customer who wrote in to say thanks."""

from __future__ import annotations

from difflib import SequenceMatcher

from rubric.checks.phrases import compile_phrases, find_in_sentences
from rubric.conversation import Conversation, Turn
from rubric.keywords import content_words

FAULT_CUES = (
    "broken",
    "broke",
    "cracked",
    "damaged",
    "defective",
    "faulty",
    "smashed",
    "dented",
    "scratch\\w*",
    "wrong (?:item|size|colou?r|order|product|amount)",
    "never (?:arrived|received|came)",
    "(?:hasn't|has not|didn't|did not|still hasn't) (?:arrived|come|shipped)",
    "missing",
    "(?:arrived|is|was|running|days?) late",
    "delayed",
    "lost (?:in|by) (?:the )?(?:post|mail|courier)",
    "(?:package|parcel|order) (?:was |got |is )?lost",
    "charged twice",
    "double[- ]charged",
    "overcharged",
    "error",
    "bug",
    "crash\\w*",
    "(?:isn't|is not|not|stopped) (?:working|syncing|heating)",
    "(?:doesn'?t|does not|won't|will not) (?:work|load|open|start|turn on|drain|connect)",
    "outage",
    "(?:site|app|service|website|server|system|portal) (?:is |was |went )?down",
    "refund (?:hasn't|has not|never)",
    "incorrect",
    "mistake",
    "locked",
    "offline",
)
REQUEST_CUES = (
    "please",
    "can you",
    "could you",
    "would you",
    "can i",
    "could i",
    "i need",
    "i want",
    "i'd like",
    "i would like",
    "help",
    "how do i",
    "how can i",
    "where is",
    "when will",
)
STILL_BROKEN = (
    "still (?:not|doesn't|does not|isn't|can't|cannot|broken|the same|waiting|no|offline)",
    "(?:doesn't|does not|didn't|did not) (?:work|help|fix)",
    "not (?:working|fixed|resolved)",
    "same (?:problem|issue|error)",
    "(?:stopped|broke|failed) (?:\\w+ )?again",
)


def reported_fault(conversation: Conversation, cues: tuple[str, ...] = FAULT_CUES) -> bool:
    return find_in_sentences(conversation.customer_turns, compile_phrases(cues)) is not None


def asked_for_something(conversation: Conversation) -> bool:
    """True when the customer reported a problem or asked for an action, not just information."""
    if reported_fault(conversation):
        return True
    pattern = compile_phrases(REQUEST_CUES)
    return find_in_sentences(conversation.customer_turns, pattern) is not None


def repeats_earlier(
    turn: Turn, earlier: list[Turn], overlap: float, min_words: int = 3, similarity: float = 0.6
) -> Turn | None:
    """The earlier message this one says again: most of the shorter one's content words are
    shared (stems, so "charged" matches "charge") and the wording runs alike, so two replies
    that merely name the same hotel are not a repetition."""
    mine = set(content_words(turn.text))
    if len(mine) < min_words:
        return None
    for other in earlier:
        theirs = set(content_words(other.text))
        if len(theirs) < min_words or len(mine & theirs) < overlap * min(len(mine), len(theirs)):
            continue
        matcher = SequenceMatcher(None, turn.lower[:600], other.lower[:600])
        # The quick bounds first: most pairs are ruled out without the full comparison.
        alike = matcher.real_quick_ratio() >= similarity and matcher.quick_ratio() >= similarity
        if alike and matcher.ratio() >= similarity:
            return other
    return None
