"""Active listening & personalisation: the customer's name, their specifics played back, and
never asking again for what they already gave."""

from __future__ import annotations

import re

from rubric.checks.base import Evidence, Outcome, Params, check, opening
from rubric.checks.phrases import Hit, find_all_in_sentences
from rubric.checks.signals import asked_for_something, repeats_earlier
from rubric.conversation import Conversation
from rubric.dictionary import spellchecker
from rubric.keywords import content_words, stems


class NameParams(Params):
    pass


@check("uses_name", NameParams, description="Addresses the customer by name.", points_at="gap")
def uses_name(conversation: Conversation, params: NameParams) -> Outcome:
    name = conversation.customer_name
    if not name:
        return Outcome.not_applicable("the customer's name is not known")
    lowered = name.lower()
    mentioned = [t for t in conversation.agent_turns if lowered in t.lower]  # before compiling a pattern
    pattern = re.compile(rf"\b{re.escape(name)}\b", re.I) if mentioned else None
    for hit in find_all_in_sentences(mentioned, pattern) if pattern else ():
        return Outcome(
            1.0,
            f"The reply used the customer's name ({name}).",
            (hit.evidence(),),
            praise="using their name made the reply feel personal.",
        )
    first = conversation.agent_turns[0]
    return Outcome(
        0.0,
        f"No reply used the customer's name ({name}).",
        (opening(first),),
        advice=f"use {name}'s name once, early — it turns a form reply into a conversation: "
        f'"Hi {name}, thanks for getting in touch."',
        summary="the reply never used the customer's name",
    )


class RestateParams(Params):
    min_shared_words: int = 2


@check(
    "restates_problem",
    RestateParams,
    description="The first reply plays back the specifics the customer gave.",
    points_at="gap",
)
def restates_problem(conversation: Conversation, params: RestateParams) -> Outcome:
    asked = any("?" in t.text for t in conversation.customer_turns)
    if not asked and not asked_for_something(conversation):
        return Outcome.not_applicable("the customer raised no problem to play back")
    first_customer = conversation.customer_turns[0]
    name = (conversation.customer_name or "").lower()
    details = content_words(_MENTIONS.sub(" ", first_customer.text), exclude=frozenset({name}))
    if len(details) < params.min_shared_words:
        return Outcome.not_applicable("the customer's first message was too short to play back")
    wanted = set(details)
    first_reply = next(
        (t for t in conversation.agent_turns if t.index > first_customer.index),
        conversation.agent_turns[0],
    )
    best: tuple[int, str] = (0, "")
    for sentence in first_reply.sentences:
        if sentence.endswith("?"):
            continue  # asking for details is not playing them back
        shared = len(wanted & stems(sentence))
        if shared > best[0]:
            best = (shared, sentence)
    if best[0] >= params.min_shared_words:
        return Outcome(
            1.0,
            "The first reply referred back to the details the customer gave.",
            (Evidence(first_reply.index, first_reply.role, best[1]),),
            praise="playing back the customer's own details showed you had read every word.",
            summary="you played back the customer's details",
        )
    specific = _specific(details)
    if not specific:
        return Outcome.not_applicable("the customer's first message named nothing specific to play back")
    examples = ", ".join(f'"{w}"' for w in specific)
    return Outcome(
        0.0,
        "The first reply did not refer to the specifics the customer gave.",
        (opening(first_reply),),
        advice="before the fix, restate the problem in one line with the customer's own details "
        f"({examples}), so they know you read their message.",
        summary="the reply did not play back the customer's details",
    )


_MENTIONS = re.compile(r"@\S+(?:\s+[A-Z][\w-]*)*")  # "@Acme Support": addressing, not detail
COMMON = 50_000  # words more frequent than this (per the spelling list) are filler, not details


def _specific(details: dict[str, str], most: int = 2) -> list[str]:
    """The customer's most specific words: numbers and codes first, then the rarest words
    (products, parts, symptoms), never filler like "seems" or "small"."""
    frequency = spellchecker().word_frequency
    ranked = sorted(
        (word for word in details.values() if not word.isalpha() or frequency[word] < COMMON),
        key=lambda word: (word.isalpha(), frequency[word]),
    )
    return ranked[:most]


# What a customer gives (found in their text) and how an agent asks for it again.
_GIVEN = {
    "order number": re.compile(
        r"\b(?:order|ord|purchase|invoice)\s*(?:number|no\.?|num|id|#)?\s*(?:is\s*)?[:#]?\s*"
        r"#?[A-Z]{0,4}-?\d{3,}\b|#\d{4,}\b",
        re.I,
    ),
    "email address": re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"),
    "model or serial number": re.compile(
        r"\b(?:model|serial|sku|part)\s*(?:number|no\.?|#)?\s*(?:is\s*)?[:#]?\s*[A-Z0-9][A-Z0-9-]{2,}\b", re.I
    ),
    "phone number": re.compile(r"(?<!\w)\+?\d[\d ()-]{7,}\d\b"),
}
# Substrings without which the pattern above cannot match: a cheap test before the regex.
_GIVEN_TOKENS = {
    "order number": ("order", "ord", "purchase", "invoice", "#"),
    "email address": ("@",),
    "model or serial number": ("model", "serial", "sku", "part"),
    "phone number": tuple("0123456789"),
}
# A phone number above holds a digit and eight more of [\d ()-]. This pattern starts with a
# character class, which the regex engine scans for quickly (the one above starts with a
# look-behind and is tried at every position), so turns without such a run are skipped.
_MAY_BE_PHONE = re.compile(r"\d[\d ()-]{8}")
_ASKED = {
    "order number": r"order (?:number|no|#|id|reference)",
    "email address": r"(?:e-?mail(?: address)?)",
    "model or serial number": r"(?:model|serial)(?: number| no)?|which model",
    "phone number": r"phone(?: number)?|mobile number",
}
_REQUEST = re.compile(
    r"\?|\b(?:could|can|would) you (?:please )?(?:send|provide|share|confirm|give|tell|let)|"
    r"\bplease (?:send|provide|share|confirm|reply with|let us know)|\bwhat(?:'s| is) (?:your|the)\b|"
    r"\bi(?:'ll| will)? need (?:your|the)\b|\bmay i (?:have|ask)\b",
    re.I,
)


class RepeatParams(Params):
    pass


@check(
    "no_repeat_questions",
    RepeatParams,
    description="Never asks again for information the customer already gave.",
)
def no_repeat_questions(conversation: Conversation, params: RepeatParams) -> Outcome:
    given: dict[str, Hit] = {}
    customer_text = " ".join(t.lower for t in conversation.customer_turns)
    for kind, pattern in _GIVEN.items():
        if not any(token in customer_text for token in _GIVEN_TOKENS[kind]):
            continue
        turns = conversation.customer_turns
        if kind == "phone number":
            turns = [t for t in turns if _MAY_BE_PHONE.search(t.text)]
        for hit in find_all_in_sentences(turns, pattern):
            given[kind] = hit
            break
    if not given:
        return Outcome.not_applicable("the customer gave no order, email, model or phone details")
    for kind, shown in given.items():
        asked = re.compile(rf"\b(?:{_ASKED[kind]})\b", re.I)
        later = [t for t in conversation.agent_turns if t.index > shown.turn.index]
        for hit in find_all_in_sentences(later, asked):
            if _REQUEST.search(hit.sentence):
                return Outcome(
                    0.0,
                    f"The reply asked for the {kind}, which the customer had already given.",
                    (hit.evidence(), shown.evidence()),
                    advice=f'the customer had already given their {kind} ("{shown.match}"). '
                    'Look back through the thread before asking: "Thanks — I found it with '
                    f'the {kind} you sent."',
                    summary=f"the customer was asked again for their {kind}",
                )
    return Outcome(1.0, "The reply used the details the customer gave without asking again.")


class RepetitionParams(Params):
    window: int = 3  # a repeat follows closely: compared with this many earlier messages of the same side
    overlap: float = 0.7  # share of the shorter message's content words that come back
    min_words: int = 5
    agent_similarity: float = 0.8  # a template sent again reads near-identically
    customer_similarity: float = 0.6  # a customer asking again rewords a little more


@check(
    "no_repetition",
    RepetitionParams,
    description="The customer never had to ask the same thing again, and no reply repeated an "
    "earlier one (N/A for a single exchange).",
)
def no_repetition(conversation: Conversation, params: RepetitionParams) -> Outcome:
    customers, agents = conversation.customer_turns, conversation.agent_turns
    if len(customers) < 2 and len(agents) < 2:
        return Outcome.not_applicable("a single exchange cannot repeat itself")
    for position, turn in enumerate(agents[1:], start=1):
        same = repeats_earlier(
            turn, agents[:position], params.overlap, params.min_words, params.agent_similarity
        )
        if same is not None:
            return Outcome(
                0.0,
                "A reply repeated an earlier one almost word for word.",
                (opening(turn), opening(same)),
                advice="this reply says again what an earlier one said. When the first answer did not "
                "work, say something new: a different step, or what you will do next.",
                summary="a reply repeated an earlier one",
            )
    first_reply = agents[0].index
    for position, turn in enumerate(customers):
        if turn.index < first_reply:
            continue
        earlier = customers[max(0, position - params.window) : position]
        same = repeats_earlier(turn, earlier, params.overlap, params.min_words, params.customer_similarity)
        if same is not None:
            return Outcome(
                0.0,
                "The customer had to say the same thing again.",
                (opening(turn),),
                advice="the customer had to repeat themselves, so the earlier reply did not land. "
                "Answer the message they repeated, point by point.",
                summary="the customer had to repeat themselves",
            )
    return Outcome(1.0, "Nobody had to repeat themselves.")
