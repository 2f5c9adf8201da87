"""The customer's own words about the outcome: thanks and confirmations, complaints and
"still broken", read the same way wherever a check needs them (the last word, questions settled
by a confirmation, an answer proven by one)."""

from __future__ import annotations

from rubric.checks.phrases import Hit, compile_phrases, find_all_in_sentences, find_in_sentences
from rubric.checks.sentiment import compound
from rubric.checks.signals import STILL_BROKEN
from rubric.conversation import Turn

POSITIVE_CUES = (
    "thanks?",
    "thank you",
    "thx",
    "cheers",
    "(?:it |that |this )?(?:works?|worked)(?: now| fine| again)?",
    "solved",
    "resolved",
    "fixed",
    "sorted",
    "got it",
    "(?:that|this) helps?",
    "helped",
    "perfect",
    "great",
    "awesome",
    "brilliant",
    "excellent",
    "appreciate\\w*",
    "ok(?:ay)?",
    "fine",
    "understood",
    "i see",
    "no problem",
    "all good",
    "that's all",
    "received",
    "arrived",
    "(?:i|it|we) can (?:\\w+ ){0,3}(?:now|again)",
    "(?:is|it's|its|are|all) (?:ok|okay|fine|normal|working|back)(?: now| again)",
    "back to normal",
)
NEGATIVE_CUES = (
    *STILL_BROKEN,
    "no one",
    "nobody",
    "(?:still|yet) (?:no|not|nothing|haven't|hasn't)",
    "useless",
    "ridiculous",
    "unacceptable",
    "outrageous",
    "disappoint\\w*",
    "terrible",
    "worst",
    "complain\\w*",
    "(?:cancel|close) my",
    "switch(?:ing)? to",
    "never (?:buy|use|again|recommend)",
    "waste of",
    "what's the point",
    "(?:doesn't|does not|didn't|did not|won't|will not) help",
    "not helpful",
    "(?:haven't|has not|hasn't|have not|didn't|did not|never) (?:got|get|received|receive|heard)",
    "why (?:don't|can't|didn't|won't|doesn't|haven't|hasn't|wouldn't) you",
    "(?:didn't|did not|haven't|have not|never|don't|do not) (?:answer|reply|respond|listen|read)",
    "no (?:reply|response|answer|one (?:called|replied|answered))",
    "nonsense",
    "unreliable",
    "irresponsible",
    "(?:give|given|giving) up",
    "speechless",
    "how (?:long|many times)",
    "are you (?:even|kidding|serious)",
    "again\\?",
    "cheat\\w*",
    "lie(?:s|d)?\\b",
    "liar",
    "scam",
)
NEGATORS = ("not", "no", "never", "n't", "hardly", "without")


def _negated(sentence: str, match: str) -> bool:
    """Whether a positive cue sits in a negated clause ("not solved", "doesn't work")."""
    before = sentence.lower().split(match.lower(), 1)[0].split()[-3:]
    return any(n in word for word in before for n in NEGATORS)


def positive_hit(turn: Turn, cues: tuple[str, ...] = POSITIVE_CUES) -> Hit | None:
    """The first thanks or confirmation that is not negated (\"not solved\" is not \"solved\")."""
    for hit in find_all_in_sentences([turn], compile_phrases(cues)):
        if not _negated(hit.sentence, hit.match):
            return hit
    return None


def most_negative_sentence(turn: Turn, below: float = -0.5, most: int = 12) -> str | None:
    """The first clearly negative sentence of the message, by the sentiment lexicon."""
    for sentence in turn.sentences[:most]:
        value = compound(sentence, below)
        if value is not None and value <= below:
            return sentence
    return None


def confirms(
    turn: Turn, positive: tuple[str, ...] = POSITIVE_CUES, negative: tuple[str, ...] = NEGATIVE_CUES
) -> bool:
    """Whether a customer message says the problem is solved: thanks or a confirmation, with
    no complaint and nothing clearly negative in it."""
    if find_in_sentences([turn], compile_phrases(negative)) is not None:
        return False
    return positive_hit(turn, positive) is not None and most_negative_sentence(turn) is None
