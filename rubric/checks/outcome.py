"""Outcome first (rubric v2): did the customer's problem get solved, and did the agent give a
concrete answer rather than a deflection?

What human raters judge is the outcome, and the strongest sign of it in the text is the
customer's last word after the agent's help: thanks or a confirmation, against a complaint, the
same question again or a threat to leave. A missing last word is not a confirmation. Next comes
whether the agent answered at all: steps, a setting, a diagnosis, an action done or a date are an
answer; "send us a private message", "I've passed it to the relevant department", "please wait
patiently" or a phone number are not, however politely put.
"""

from __future__ import annotations

from dataclasses import dataclass

from rubric.checks.answer import AnswerParams, first_concrete
from rubric.checks.base import Evidence, Outcome, Params, check, opening
from rubric.checks.phrases import Hit, compile_phrases, find_all_in_sentences, find_in_sentences
from rubric.checks.sentiment import compound
from rubric.checks.signals import STILL_BROKEN, repeats_earlier
from rubric.conversation import Conversation, Turn

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


class OutcomeParams(Params):
    positive: tuple[str, ...] = POSITIVE_CUES
    negative: tuple[str, ...] = NEGATIVE_CUES
    silent_value: float = 0.75  # no word from the customer after the help: less than a confirmation
    repeat_overlap: float = 0.6  # share of an earlier message's content words asked again


@dataclass(frozen=True)
class _Verdict:
    value: float
    reason: str
    evidence: Hit | None


def _negated(sentence: str, match: str) -> bool:
    """Whether a positive cue sits in a negated clause ("not solved", "doesn't work")."""
    before = sentence.lower().split(match.lower(), 1)[0].split()[-3:]
    return any(n in word for word in before for n in NEGATORS)


def _positive(turn: Turn, params: OutcomeParams) -> Hit | None:
    for hit in find_all_in_sentences([turn], compile_phrases(params.positive)):
        if not _negated(hit.sentence, hit.match):
            return hit
    return None


def confirms(turn: Turn, params: OutcomeParams | None = None) -> bool:
    """Whether a customer message says the problem is solved: thanks or a confirmation, with
    no complaint and nothing clearly negative in it."""
    params = params or OutcomeParams()
    if find_in_sentences([turn], compile_phrases(params.negative)) is not None:
        return False
    return _positive(turn, params) is not None and _most_negative_sentence(turn) is None


def _read_last_word(conversation: Conversation, last: Turn, params: OutcomeParams) -> _Verdict:
    negative = find_in_sentences([last], compile_phrases(params.negative))
    positive = _positive(last, params)
    earlier = [t for t in conversation.customer_turns if t.index < last.index]
    again = repeats_earlier(last, earlier, params.repeat_overlap)
    if negative is None and again is not None and last.text.rstrip().endswith("?"):
        return _Verdict(0.0, "The customer asked the same thing again at the end.", Hit(last, last.text, ""))
    if negative is not None:
        lowered = last.lower
        thanked_after = positive is not None and lowered.rfind(positive.match.lower()) > lowered.rfind(
            negative.match.lower()
        )
        if thanked_after:
            return _Verdict(0.5, "The customer's last message was mixed: a complaint, then thanks.", negative)
        return _Verdict(0.0, "The customer's last message said the problem was not solved.", negative)
    mood = compound(last.text[:600], 1.0) or 0.0
    sour = _most_negative_sentence(last)
    if positive is not None and mood > -0.25 and sour is None:
        return _Verdict(1.0, "The customer's last message confirmed or thanked.", positive)
    if positive is not None:
        return _Verdict(0.5, "The customer thanked, in a message that was negative too.", positive)
    if sour is not None:
        return _Verdict(0.0, "The customer's last message was a complaint.", Hit(last, sour, ""))
    if last.text.rstrip().endswith("?"):
        return _Verdict(0.25, "The customer ended with a question.", Hit(last, last.sentences[-1], ""))
    if mood >= 0.3:
        return _Verdict(0.75, "The customer's last message was positive.", Hit(last, last.sentences[0], ""))
    if mood <= -0.3:
        return _Verdict(0.25, "The customer's last message was negative.", Hit(last, last.sentences[0], ""))
    return _Verdict(
        params.silent_value,
        "The customer's last message neither confirmed nor complained.",
        Hit(last, last.sentences[-1], ""),
    )


def _main_sentence(turn: Turn) -> Hit:
    """The sentence of a reply that carries the most: its longest, greetings and thanks aside."""
    candidates = [s for s in turn.sentences if len(s.split()) >= 4] or turn.sentences or [turn.text]
    return Hit(turn, max(candidates, key=len), "")


def _most_negative_sentence(turn: Turn, below: float = -0.5, most: int = 12) -> str | None:
    """The first clearly negative sentence of the message, by the sentiment lexicon."""
    for sentence in turn.sentences[:most]:
        value = compound(sentence, below)
        if value is not None and value <= below:
            return sentence
    return None


@check(
    "customer_outcome",
    OutcomeParams,
    description="The customer's last word after the agent's help: confirmed or thanked, or still stuck.",
)
def customer_outcome(conversation: Conversation, params: OutcomeParams) -> Outcome:
    first_reply = conversation.agent_turns[0]
    after = [t for t in conversation.customer_turns if t.index > first_reply.index]
    if not after:
        return Outcome(
            params.silent_value,
            "The customer did not write back after the reply, so nothing confirms it was solved.",
            (opening(conversation.agent_turns[-1]),),
        )
    last = after[-1]
    verdict = _read_last_word(conversation, last, params)
    replies_after = [t for t in conversation.agent_turns if t.index > last.index]
    value = verdict.value
    if value < 0.5 and replies_after:
        # The agent had the last word: the customer's message was not the end of the story, and
        # a concrete answer to it counts for more than a reply that only acknowledges it.
        concrete = first_concrete(replies_after, AnswerParams()) is not None
        value = 0.5 if concrete else value + 0.25
    evidence = (Evidence(last.index, last.role, verdict.evidence.sentence),) if verdict.evidence else ()
    if value >= 1.0:
        # Praise goes to the agent's own sentence that did it: the answer the customer confirmed.
        before = [t for t in conversation.agent_turns if t.index < last.index]
        fix = first_concrete(before, AnswerParams()) or _main_sentence(before[-1])
        return Outcome(
            1.0,
            verdict.reason,
            (fix.evidence(), *evidence),
            praise="the customer confirmed this worked: the clearest sign the ticket was solved.",
            summary="the customer confirmed it was solved",
        )
    if value >= 0.5:
        return Outcome(value, verdict.reason, evidence)
    return Outcome(
        value,
        verdict.reason,
        evidence,
        advice="the customer's last message shows they were still stuck. Before solving, answer "
        "that message itself, and ask them to confirm the fix worked.",
        summary="the customer was still stuck at the end",
    )
