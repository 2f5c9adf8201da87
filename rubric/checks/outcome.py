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
from rubric.checks.lastword import NEGATIVE_CUES, POSITIVE_CUES, most_negative_sentence, positive_hit
from rubric.checks.phrases import Hit, compile_phrases, find_in_sentences
from rubric.checks.sentiment import compound
from rubric.checks.signals import repeats_earlier
from rubric.conversation import Conversation, Turn


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


def _read_last_word(conversation: Conversation, last: Turn, params: OutcomeParams) -> _Verdict:
    negative = find_in_sentences([last], compile_phrases(params.negative))
    positive = positive_hit(last, params.positive)
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
    sour = most_negative_sentence(last)
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


@check(
    "customer_outcome",
    OutcomeParams,
    description="The customer's last word after the agent's help: confirmed or thanked, or still stuck.",
)
def customer_outcome(conversation: Conversation, params: OutcomeParams) -> Outcome:
    after = conversation.follow_ups
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
