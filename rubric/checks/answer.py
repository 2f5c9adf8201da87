"""A concrete answer, not a deflection (rubric v2), and a next step with a what and a when.

An agent sentence is a *deflection* when it sends the customer elsewhere or to wait: a private
message, another department, a hotline, "we will check". It is *concrete* when it gives the
customer something to act on or tells what was done: an instruction, a setting, a diagnosis, an
action taken, a date. Politeness changes neither.
"""

from __future__ import annotations

from rubric.checks.base import Outcome, Params, check, opening
from rubric.checks.lastword import confirms
from rubric.checks.phrases import Hit, compile_phrases, find_all_in_sentences, find_in_sentences
from rubric.checks.sentiment import compound
from rubric.checks.signals import asked_for_something
from rubric.conversation import Conversation, Turn

DEFLECTIONS = (
    "private(?:ly)? message",
    "(?:send|leave|drop) (?:us|me) (?:a |an )?(?:dm|direct message|pm|inbox)",
    "direct message",
    "(?:via|by|through) (?:dm|pm|inbox)",
    "(?:passed|transferred|forwarded|handed|referred|submitted|reported|escalated|fed back|feedback|"
    "sent) (?:it |this |that |them |your \\w+ |the \\w+ )?(?:on |over |back )?to (?:the |our |a )?"
    "(?:relevant|related|responsible|appropriate|concerned|technical|specialist|other|another)",
    "(?:relevant|related|responsible|concerned) (?:department|staff|team|personnel|colleague|section|"
    "people|person|technician)s?",
    "(?:wait|be) patient(?:ly)?",
    "please (?:wait|hold on|be patient)",
    "(?:call|dial|ring|phone|contact|consult) (?:our |the |us |them |your )?(?:local )?(?:customer "
    "service|hotline|helpline|support line|service (?:center|centre|number|hotline)|number|at \\d)",
    "hotline",
    "helpline",
    "(?:we|i)(?:'ll| will| shall) (?:check|look into|verify|investigate|handle|follow up|get back|"
    "contact you|call you|reply|feed)",
    "(?:have|has) been (?:recorded|registered|noted|logged|fed back|reported|forwarded|transferred)",
    "(?:we|i) (?:have )?(?:recorded|registered|noted) (?:it|this|your)",
    "go to (?:the |a |your |any )?(?:nearest |nearby |local )?(?:store|shop|branch|service (?:center|"
    "centre|outlet|point|hall)|after-sales|business hall|repair (?:center|centre|shop))",
    "(?:visit|go to) (?:our |the )?(?:official )?(?:website|web ?site|homepage|forum|faq)",
)
# What makes a sentence a concrete answer, most telling first: the note quotes the first kind found.
DONE = (
    "i(?:'ve| have) (?:now |just |already )?(?:issued|sent|processed|refunded|reset|updated|fixed|"
    "changed|added|removed|cancell?ed|arranged|applied|credited|re-?sent|replaced|booked|enabled|"
    "disabled|restored|resolved|unlocked|reactivated|extended|upgraded|corrected|moved|paused|"
    "switched|scheduled|reserved|confirmed|ordered|activated|renewed|waived)",
    "we(?:'ve| have) (?:now |just |already )?(?:issued|sent|processed|refunded|reset|updated|fixed|"
    "shipped|credited|replaced|resolved|restored|corrected|released|repaired|booked|reserved|"
    "activated|cancell?ed|waived)",
    "(?:has|have|it's|its|that's) been (?:issued|processed|sent|fixed|resolved|updated|refunded|shipped|"
    "cancell?ed|credited|restored|reset|replaced|corrected|repaired|booked|reserved|confirmed|activated|released|"
    "purchased|made)",
    "(?:booking|reservation|order) (?:is|was) (?:confirmed|complete|successful|made)",
    "reference (?:number|code|no)",
)
INSTRUCTIONS = (
    "(?:please |you can |you could |you may |you should |you need to |try to |just |simply |first,? |"
    "then,? |next,? )(?:click|tap|press|hold|long[- ]press|open|select|choose|enter|type|restart|reboot|"
    "reset|update|upgrade|install|reinstall|uninstall|turn|switch|clear|delete|remove|log ?(?:in|out)|"
    "sign ?(?:in|out)|set|change|use|download|disable|enable|connect|disconnect|unplug|plug|slide|"
    "swipe|insert|charge|back up|check (?:whether|if|that)|go to (?:settings|the settings|menu)|"
    "drag|move|copy|paste|reply with|cancel|re-?enter|power (?:off|on)|wipe|make sure)",
    # an instruction opening its sentence: "Choose Options > Advanced and tick…"
    "(?<![\\w,] )(?:click|tap|press|choose|select|open|enter|restart|reboot|reset|update|upgrade|install|"
    "reinstall|uninstall|turn (?:on|off)|switch (?:on|off|to)|clear|delete|remove|set|change|download|"
    "disable|enable|connect|disconnect|unplug|slide|swipe|insert|wipe|power (?:off|on)|hold|go to|log in|"
    "sign in|check whether|check if|make sure|follow)\\b",
    "\\w+ ?(?:→|->|>) ?\\w+",
    "(?:settings?|menu) ?(?:→|->|>|/)",
    "(?:go to|open|under) (?:settings|preferences|options|the \\w+ (?:menu|tab|page|screen))",
    "step \\d",
    "(?:please |you can |you could |just |then )?try (?:\\w+ing\\b|again|another|a different|to \\w+)",
)
DIAGNOSES = (
    "because",
    "(?:is|was|are|were) (?:caused|due) (?:by|to)",
    "the (?:reason|cause) (?:is|was|for)",
    "this (?:happens|occurs) (?:when|because|if)",
    "(?:doesn't|does not|don't|do not|can't|cannot) support",
    "(?:is|are) not supported",
    "(?:is|are) (?:bound|linked|tied) to",
    "known (?:issue|problem|bug)",
)
FACTS = (
    "(?:will|should) (?:arrive|ship|be (?:delivered|shipped|refunded|credited|back|available|released|"
    "fixed|ready))",
    "(?:on|by|before|until) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|"
    "\\d{1,2}(?:st|nd|rd|th)?\\b)",
    "(?:on|by|before|until) the \\d{1,2}(?:st|nd|rd|th)",
    "within \\d+",
    "\\d+(?:[.:]\\d+)? ?(?:am|pm|yuan|dollars?|euros?|pounds?|gb|mb|%)",
    "[$€£¥]\\s?\\d",
    "(?:yes|no),? (?:you|it|they|we|there|the)",
    "(?:it|this|that|they|there) (?:is|are) (?:located|available|open|free|included|\\d)",
    "the (?:address|price|cost|fee|phone number|number|postcode|time|date) (?:is|of)",
)
NEGATED = (
    "can't",
    "cannot",
    "can not",
    "unable",
    "not able",
    "won't",
    "will not",
    "impossible",
    "(?:hasn't|haven't|has not|have not|not yet) been",
)


class AnswerParams(Params):
    done: tuple[str, ...] = DONE
    instructions: tuple[str, ...] = INSTRUCTIONS
    diagnoses: tuple[str, ...] = DIAGNOSES
    facts: tuple[str, ...] = FACTS
    deflections: tuple[str, ...] = DEFLECTIONS
    refusals: tuple[str, ...] = NEGATED


def first_concrete(turns: list[Turn], params: AnswerParams) -> Hit | None:
    """The most telling concrete sentence: an action done, else an instruction, a diagnosis, a
    fact or date; never one that deflects or says what cannot be done."""
    deflect = compile_phrases(params.deflections)
    refused = compile_phrases(params.refusals)
    for kind in (params.done, params.instructions, params.diagnoses, params.facts):
        for hit in find_all_in_sentences(turns, compile_phrases(kind)):
            if deflect.search(hit.sentence) is None and refused.search(hit.sentence) is None:
                return hit
    return None


def _confirmed_reply(conversation: Conversation) -> Turn | None:
    """The reply the customer confirmed worked: the last one before their confirmation."""
    for turn in reversed(conversation.customer_turns):
        before = [t for t in conversation.agent_turns if t.index < turn.index]
        if before and confirms(turn):
            return before[-1]
    return None


def needs_answer(conversation: Conversation) -> bool:
    """Whether the customer wanted something: anything but a message of thanks or praise."""
    if asked_for_something(conversation):
        return True
    for turn in conversation.customer_turns:
        if "?" in turn.text or (compound(turn.text[:600], 0.5) or 0.0) < 0.5:
            return True
    return False


def _deflections(turns: list[Turn], params: AnswerParams) -> list[Hit]:
    return list(find_all_in_sentences(turns, compile_phrases(params.deflections)))


@check(
    "concrete_answer",
    AnswerParams,
    description="A reply gave a concrete answer (steps, a diagnosis, an action done, a date), not a "
    "deflection (N/A when the customer needed nothing).",
)
def concrete_answer(conversation: Conversation, params: AnswerParams) -> Outcome:
    if not needs_answer(conversation):
        return Outcome.not_applicable("the customer only wrote to thank or praise")
    agents = conversation.agent_turns
    concrete = first_concrete(agents, params)
    deflected = _deflections(agents, params)
    if concrete is not None and not deflected:
        return Outcome(
            1.0,
            "A reply gave a concrete answer.",
            (concrete.evidence(),),
            praise="a concrete answer the customer could act on.",
            summary="you gave a concrete answer",
        )
    if concrete is not None:
        return Outcome(
            0.75,
            "A reply gave a concrete answer, and another sent the customer elsewhere.",
            (concrete.evidence(), deflected[0].evidence()),
            praise="a concrete answer the customer could act on.",
        )
    if deflected:
        return Outcome(
            0.0,
            "The replies sent the customer elsewhere instead of answering.",
            (deflected[0].evidence(),),
            advice="this passes the customer on instead of answering. Give them what you can now — "
            "a step to try, what is known, or a date they will hear back by.",
            summary="the customer was passed on instead of answered",
        )
    proven = _confirmed_reply(conversation)
    if proven is not None:  # no sentence reads as an answer, but the customer says it worked
        return Outcome(
            0.75,
            "No sentence reads as a step or a fact, but the customer confirmed the reply solved it.",
            (opening(proven),),
        )
    asked_only = all(t.text.rstrip().endswith("?") for t in agents)
    return Outcome(
        0.25 if asked_only else 0.5,
        "The replies only asked questions." if asked_only else "No reply gave a concrete answer.",
        (opening(agents[-1]),),
        advice="the reply stops short of an answer. Tell the customer what to do, or what you did.",
        summary="no concrete answer was given",
    )


_DAY = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight)"
_MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_SPAN = "(?:business |working )?(?:minutes?|hours?|days?|weeks?)"
WHEN = (
    "tomorrow",
    "today",
    "tonight",
    "this (?:morning|afternoon|evening|week|month)",
    "(?:next|this coming) (?:week|month|" + _DAY + ")",
    "(?:on|by|before|until|from) " + _DAY,
    "(?:on|by|before|until|from) (?:the )?\\d{1,2}(?:st|nd|rd|th)?(?: of)? " + _MONTH,
    "(?:on|by|before|until|from) " + _MONTH + " \\d{1,2}",
    "within (?:the next )?(?:\\d+|an?|one|two|three) " + _SPAN,
    "in (?:\\d+|an?|one|two|three|a few) " + _SPAN,
    "\\d+ ?(?:-|to) ?\\d+ (?:business |working )?(?:hours|days|weeks)",
    "(?:by|at|before|after) \\d{1,2}(?:[:.]\\d{2})? ?(?:am|pm|o'clock)",
    "end of (?:the )?(?:day|week|month)",
    "right away",
    "straight away",
    "immediately",
)
PROMISES = (
    "(?:i|we)(?:'ll| will| shall) (?:\\w+ )?(?:send|update|follow|check|email|call|contact|reply|get back|"
    "let you know|keep you|look|arrange|process|refund|ship|handle|deal|fix|investigate|feed|verify|"
    "notify|inform|confirm)",
    "you(?:'ll| will) (?:receive|get|see|hear|be (?:contacted|notified|refunded|able))",
    "(?:will|should) (?:arrive|ship|be (?:sent|shipped|processed|refunded|credited|back|delivered|"
    "available|released|fixed|ready|in touch|contacted))",
)


class NextStepParams(Params):
    when: tuple[str, ...] = WHEN
    promises: tuple[str, ...] = PROMISES


@check(
    "next_step_when",
    NextStepParams,
    description="A next step has a what and a when; a vague promise to check is not one (N/A when "
    "nothing was left to do or the customer needed nothing).",
    points_at="gap",
)
def next_step_when(conversation: Conversation, params: NextStepParams) -> Outcome:
    if not asked_for_something(conversation):
        return Outcome.not_applicable("the customer needed nothing done")
    agents = conversation.agent_turns
    when = compile_phrases(params.when)
    promises = list(find_all_in_sentences(agents, compile_phrases(params.promises)))
    dated = next((p for p in promises if when.search(p.sentence)), None)
    if dated is None:
        dated = find_in_sentences(agents, when)
    if dated is not None:
        return Outcome(
            1.0,
            "A reply said what happens next and when.",
            (dated.evidence(),),
            praise="a next step with a time: the customer knew what to expect and when.",
            summary="you said what happens next and when",
        )
    if promises:
        return Outcome(
            0.25,
            "A reply promised a next step without saying when.",
            (promises[0].evidence(),),
            advice="this promise has no when. Add a time the customer can hold you to: \"…and I'll "
            'update you by Thursday at the latest."',
            summary="a promise came without a time",
        )
    return Outcome.not_applicable("nothing was left pending")
