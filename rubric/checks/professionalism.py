"""Professionalism & tone: greeting, closing, spelling, no blame, no shouting, positive
phrasing, and (critical) nothing rude, sarcastic or dismissive toward the customer."""

from __future__ import annotations

import re

from rubric.checks.base import Evidence, Outcome, Params, check, ending, name_or, opening
from rubric.checks.phrases import compile_phrases, find_all_in_sentences, find_in_sentences
from rubric.conversation import Conversation

GREETINGS = (
    "hi",
    "hello",
    "hey",
    "dear",
    "good (?:morning|afternoon|evening|day)",
    "greetings",
    "thanks for",
    "thank you for",
    "welcome",
    "howdy",
)


class GreetingParams(Params):
    phrases: tuple[str, ...] = GREETINGS
    within_words: int = 6


@check("greeting", GreetingParams, description="The first reply opens with a greeting.", points_at="gap")
def greeting(conversation: Conversation, params: GreetingParams) -> Outcome:
    first = conversation.agent_turns[0]
    start = " ".join(first.text.split()[: params.within_words])
    if compile_phrases(params.phrases).search(start):
        return Outcome(
            1.0,
            "The first reply opened with a greeting.",
            (opening(first),),
            praise="a warm, personal opening.",
        )
    name = name_or(conversation)
    return Outcome(
        0.0,
        "The first reply did not open with a greeting.",
        (opening(first),),
        advice=f'open with a greeting before the answer: "Hi {name}, thanks for getting in touch."',
        summary="the reply opened without a greeting",
    )


CLOSINGS = (
    "let (?:me|us) know",
    "anything else",
    "happy to help",
    "glad to help",
    "here to help",
    "feel free to",
    "(?:don't|do not) hesitate",
    "reach out",
    "get in touch",
    "just reply",
    "any (?:other |more |further )?questions",
    "hope (?:this|that) helps",
    "have a (?:great|good|nice|lovely)",
    "reply (?:here|to this)",
    "write back",
    "comes? straight to me",
)


class ClosingParams(Params):
    phrases: tuple[str, ...] = CLOSINGS


@check(
    "closing",
    ClosingParams,
    description="The last reply closes with an offer of further help.",
    points_at="gap",
)
def closing(conversation: Conversation, params: ClosingParams) -> Outcome:
    last = conversation.agent_turns[-1]
    hit = find_in_sentences([last], compile_phrases(params.phrases))
    if hit:
        return Outcome(
            1.0,
            "The last reply offered further help.",
            (hit.evidence(),),
            praise="closing with an open door invites the customer back instead of leaving them stuck.",
            summary="you left the door open",
        )
    return Outcome(
        0.0,
        "The last reply ended without an offer of further help.",
        (ending(last),),
        advice='close with an offer of further help: "If anything else comes up, just reply '
        "here — I'm happy to help.\"",
        summary="the reply ended without an offer of further help",
    )


BLAME = {
    "you should(?: have|'ve)": "That step is easy to miss — here's how to do it.",
    "you (?:didn't|did not|failed to|forgot to|neglected to)": (
        "It looks like this step didn't go through — let's do it together."
    ),
    "as (?:i|we) (?:already |previously |have )?(?:said|explained|mentioned|stated)": "To recap the steps…",
    "like i said": "To recap…",
    "per my (?:last|previous) (?:email|message)": "To recap…",
    "if you had read": "This is covered in our guide — here's the part that helps.",
    "you need to read": "Here's the part of the guide that helps.",
    "(?:it's|that's|this is) your (?:fault|mistake|responsibility)": "Let's see how we can fix this.",
    "(?:that's|that is|it's|it is|this is) (?:on|at) your (?:end|side)": (
        "Let's find out where it goes wrong."
    ),
    "not (?:on )?(?:our|my) (?:end|side|fault|responsibility)": "Let's find out where it goes wrong.",
    "(?:was|is|are) (?:clearly )?(?:stated|written|explained|mentioned) in (?:the|our) (?:terms|policy|faq|"
    "manual|guide)": "Here's the part of the terms that applies, and what I can do.",
    "you (?:agreed|accepted|signed up) to (?:the|our) (?:terms|policy)": (
        "Here's what applies, and what I can do."
    ),
    "you (?:clearly|obviously) (?:didn't|did not|don't)": "It looks like this step didn't go through.",
}


class BlameParams(Params):
    phrases: dict[str, str] = BLAME


def _first_flagged(conversation: Conversation, phrases: dict[str, str]) -> tuple[Evidence, str] | None:
    """The first agent sentence matching a flagged phrase, and the rewrite for that phrase."""
    hit = find_in_sentences(conversation.agent_turns, compile_phrases(tuple(phrases)))
    if hit is None:
        return None
    rewrite = next(
        (text for pattern, text in phrases.items() if compile_phrases((pattern,)).regex.fullmatch(hit.match)),
        "",
    )
    return hit.evidence(), rewrite


@check("no_blame", BlameParams, description="Never blames the customer.")
def no_blame(conversation: Conversation, params: BlameParams) -> Outcome:
    flagged = _first_flagged(conversation, params.phrases)
    if flagged is None:
        return Outcome(1.0, "No wording that blames the customer.")
    evidence, rewrite = flagged
    return Outcome(
        0.0,
        "A reply put the blame on the customer.",
        (evidence,),
        advice=f'this puts the problem on the customer. Point at the situation instead: "{rewrite}"',
        summary="one line blamed the customer",
    )


class ShoutingParams(Params):
    acronyms: tuple[str, ...] = (
        "FAQ",
        "PDF",
        "USB",
        "URL",
        "API",
        "SMS",
        "PIN",
        "VAT",
        "USA",
        "UK",
        "EU",
        "ASAP",
        "IOS",
        "HTML",
        "CSV",
        "ID",
        "OK",
        "TV",
        "PC",
        "GPS",
        "UPS",
        "DHL",
        "FEDEX",
        "USPS",
    )


_CAPS_RUN = re.compile(r"\b[A-Z]{2,}(?:[\s,]+[A-Z]{2,}\b)+|!{2,}")
# Every match above holds two capitals in a row or "!!". This pattern starts with a character
# class, which the regex engine scans for quickly; the one above starts with \b and is tried
# at every position. Turns with neither are left out of the scan.
_MAY_SHOUT = re.compile(r"[A-Z]{2}|!!")


@check("no_shouting", ShoutingParams, description="No capitals or '!!' that read as shouting.")
def no_shouting(conversation: Conversation, params: ShoutingParams) -> Outcome:
    allowed = {a.upper() for a in params.acronyms}
    turns = [t for t in conversation.agent_turns if _MAY_SHOUT.search(t.text)]
    for hit in find_all_in_sentences(turns, _CAPS_RUN):
        shouted = [w for w in re.findall(r"[A-Z]{2,}", hit.match) if w not in allowed]
        if hit.match.startswith("!") or len(shouted) >= 2:
            return Outcome(
                0.0,
                "A reply used capitals or exclamation marks that read as shouting.",
                (hit.evidence(),),
                advice="capitals and '!!' read as shouting. Use sentence case; if one word matters, "
                "put it first in the sentence.",
                summary="parts of the reply read as shouting",
            )
    return Outcome(1.0, "No shouting.")


DEAD_ENDS = (
    "nothing (?:i|we) can do",
    "there(?:'s| is) nothing",
    "that's (?:just )?(?:our|the) policy",
    "it is what it is",
    "not my (?:job|department|problem)",
    "impossible",
    "no way",
    "(?:we|i) (?:can't|cannot) help (?:you )?(?:with that|further)",
    "not our (?:problem|department)",
)


class PositiveParams(Params):
    phrases: tuple[str, ...] = DEAD_ENDS


@check("positive_phrasing", PositiveParams, description="Says what can be done rather than what can't.")
def positive_phrasing(conversation: Conversation, params: PositiveParams) -> Outcome:
    hits = list(find_all_in_sentences(conversation.agent_turns, compile_phrases(params.phrases)))
    if not hits:
        return Outcome(1.0, "The replies framed things around what can be done.")
    return Outcome(
        0.5 if len(hits) == 1 else 0.0,
        "A reply framed the answer as a dead end.",
        tuple(h.evidence() for h in hits[:2]),
        advice="say what you can do, not what you can't: \"Here's what I can do for you…\"",
        summary="the answer was framed as a dead end",
    )


RUDE = {
    "calm down": "I can hear how frustrating this is.",
    "not my problem": "Let me find out who can sort this for you.",
    "(?:that's|that is|it's) your problem": "Let's see what we can do about this.",
    # "Deal with it." as a dismissal, never "we will deal with it for you".
    "(?<![\\w,] )deal with it(?=\\s*[.!]|\\s*$)": "Here's what we can do.",
    "(?:just|gotta|have to|need to|got to) deal with it(?! for)": "Here's what we can do.",
    # "Whatever." as a sentence of its own, not "whatever suits you" or "do whatever."
    "(?<!\\w )whatever[.!]+(?=\\s|$)": "I understand.",
    "read the (?:manual|instructions|faq|docs)": "Here's the step from the guide that helps.",
    "rtfm": "Here's the step from the guide that helps.",
    "most (?:customers|people) (?:manage|can figure|figure)": "This step trips people up — here's how.",
    "(?:it's|this is|it is) not rocket science": "Here's a quick way to do it.",
    "are you (?:serious|kidding)": "Thanks for explaining — let me look into it.",
    "stupid": "Let me walk you through it.",
    "idiot": "Let me walk you through it.",
    "dumb": "Let me walk you through it.",
    "stop (?:emailing|writing|contacting|calling)": "I've answered this below; reply any time.",
    "i don't care": "I understand this matters to you.",
    "good luck with that": "I hope this helps — let me know how it goes.",
    "figure it out yourself": "Here's how to do it.",
    "you people": "Thanks for your message.",
    "(?:learn|try) to read": "Here's the part that answers it.",
    "nice try": "Thanks for checking.",
    "obviously you": "It looks like this step didn't go through.",
    "(?:as|like) (?:i|we) (?:told|said to) you (?:a )?(?:hundred|million|dozen|\\d+) times": "To recap…",
}


class RespectParams(Params):
    phrases: dict[str, str] = RUDE


@check("respectful", RespectParams, description="Nothing rude, sarcastic or dismissive toward the customer.")
def respectful(conversation: Conversation, params: RespectParams) -> Outcome:
    flagged = _first_flagged(conversation, params.phrases)
    if flagged is None:
        return Outcome(1.0, "Nothing rude, sarcastic or dismissive.")
    evidence, rewrite = flagged
    return Outcome(
        0.0,
        "A reply contained wording that reads as rude or dismissive.",
        (evidence,),
        advice=f'this reads as dismissive, whatever was meant. Try: "{rewrite}"',
        summary="one reply contained wording the customer could read as rude",
    )
