"""Empathy & acknowledgement: feelings acknowledged when the customer is upset, and an apology
when something went wrong on our side. Both are N/A when there was no call for them: agents are
not marked down for skipping sympathy nobody needed."""

from __future__ import annotations

from rubric.checks.base import Evidence, Outcome, Params, check
from rubric.checks.phrases import Hit, compile_phrases, find_in_sentences
from rubric.checks.sentiment import compound
from rubric.checks.signals import FAULT_CUES
from rubric.conversation import Conversation, Turn

UPSET_CUES = (
    "frustrat\\w*",
    "furious",
    "angry",
    "annoy\\w*",
    "upset",
    "disappoint\\w*",
    "unacceptable",
    "ridiculous",
    "terrible",
    "awful",
    "horrible",
    "worst",
    "fed up",
    "sick of",
    "waste of",
)
# Situations that upset people even when they name no feeling; quoted only when no feeling is.
SITUATION_CUES = (
    "second time",
    "third time",
    "yet again",
    "still (?:not|no|haven't|hasn't|waiting)",
    "no one (?:has )?(?:replied|answered|responded)",
    "nobody (?:has )?(?:replied|answered)",
    "this is a joke",
    "never (?:again|ordering)",
    "!{2,}",
    "cancel my (?:account|subscription)",
    "very unhappy",
    "not happy",
    "so unhappy",
    "extremely",
    "outrageous",
    "disgusted",
)
EMPATHY_PHRASES = (
    "i understand how",
    "i can understand",
    "i completely understand",
    "i totally understand",
    "i understand (?:this|that|your)",
    "i can (?:only )?imagine",
    "i can see (?:how|why|that)",
    "must (?:be|have been) (?:so |really |very )?(?:frustrating|annoying|stressful|disappointing|upsetting)",
    "that's (?:so |really )?(?:frustrating|annoying|not okay|not ok)",
    "i'm (?:so |really |very )?sorry (?:to hear|you|that|for|about)",
    "i hear you",
    "(?:i'm|i am) (?:so|really|very|truly|terribly|incredibly) sorry",
    "(?:is|was|sounds|feels) (?:so |really |very |incredibly )?(?:frustrating|annoying|stressful|"
    "disappointing|upsetting|worrying)",
    "(?:frustrating|disappointing|stressful) (?:that|this) (?:is|must be)",
    "you shouldn't have (?:had )?to",
    "understand why you(?:'re| are)",
    "you have every right",
    "i know how (?:frustrating|annoying|important)",
    "thank you for (?:your patience|bearing with)",
    "thanks for (?:your patience|bearing with)",
    "i appreciate your patience",
    "that's not the experience",
)
APOLOGY_PHRASES = ("sorry", "apologi[sz]e\\w*", "apologies", "my apologies", "regret", "pardon")


class EmpathyParams(Params):
    upset_cues: tuple[str, ...] = UPSET_CUES
    situation_cues: tuple[str, ...] = SITUATION_CUES
    phrases: tuple[str, ...] = EMPATHY_PHRASES
    sentiment_threshold: float = -0.35


class ApologyParams(Params):
    fault_cues: tuple[str, ...] = FAULT_CUES
    phrases: tuple[str, ...] = APOLOGY_PHRASES


def upset_sentence(conversation: Conversation, params: EmpathyParams) -> Hit | None:
    """The customer's sentence that shows they are upset: a feeling named, an upsetting
    situation, or failing both the most negative sentence by the sentiment lexicon."""
    for cues in (params.upset_cues, params.situation_cues):
        hit = find_in_sentences(conversation.customer_turns, compile_phrases(cues))
        if hit:
            return hit
    return _most_negative(conversation.customer_turns, params.sentiment_threshold)


def _most_negative(turns: list[Turn], threshold: float) -> Hit | None:
    """The most negative sentence at or below the threshold, if the customer's text as a whole
    is that negative too. Sentences go first: VADER's cost grows with the square of the words,
    so one call on the pooled text costs more than all the short sentences together, and it is
    needed only when some sentence qualifies."""
    scored: list[tuple[float, int, Turn, str]] = []
    for turn in turns:
        for position, sentence in enumerate(turn.sentences):
            value = compound(sentence, threshold)
            if value is not None:  # None: certain to be above the threshold, so never the worst
                scored.append((value, position, turn, sentence))
    worst = min(scored, key=lambda item: (item[0], item[2].index, item[1]), default=None)
    if worst is None or worst[0] > threshold:
        return None
    pooled = compound(" ".join(t.text for t in turns)[:1000], threshold)
    if pooled is None or pooled > threshold:
        return None
    return Hit(worst[2], worst[3], worst[3])


@check(
    "acknowledge_feelings",
    EmpathyParams,
    description="Acknowledges the customer's feelings when they are upset (N/A when not).",
)
def acknowledge_feelings(conversation: Conversation, params: EmpathyParams) -> Outcome:
    upset = upset_sentence(conversation, params)
    if upset is None:
        return Outcome.not_applicable("the customer did not sound upset")
    later = [t for t in conversation.agent_turns if t.index > upset.turn.index] or conversation.agent_turns
    shown = find_in_sentences(later, compile_phrases(params.phrases))
    if shown:
        return Outcome(
            1.0,
            "The customer was upset and the reply acknowledged it.",
            (shown.evidence(),),
            praise="acknowledging how the customer felt before moving to the fix set the tone.",
            summary="you acknowledged how the customer felt",
        )
    return Outcome(
        0.0,
        "The customer was upset and no reply acknowledged it.",
        (upset.evidence(),),
        advice="your reply went straight to the fix. Open with one line that shows you heard "
        'them: "I\'m sorry about this — I can see how frustrating it is."',
        summary="the customer's frustration went unacknowledged",
    )


@check(
    "apology_when_at_fault",
    ApologyParams,
    description="Apologises when something went wrong on our side (N/A when nothing did).",
)
def apology_when_at_fault(conversation: Conversation, params: ApologyParams) -> Outcome:
    fault = find_in_sentences(conversation.customer_turns, compile_phrases(params.fault_cues))
    if fault is None:
        return Outcome.not_applicable("nothing went wrong on our side")
    apology = find_in_sentences(conversation.agent_turns, compile_phrases(params.phrases))
    if apology:
        return Outcome(
            1.0,
            "Something went wrong for the customer and the reply apologised.",
            (apology.evidence(),),
            praise="owning the problem with a plain apology.",
            summary="you owned the problem",
        )
    return Outcome(
        0.0,
        f"The customer reported a problem ('{fault.match}') and no reply apologised.",
        (Evidence(fault.turn.index, fault.turn.role, fault.sentence),),
        advice="no reply apologised. Own it in one line: \"I'm sorry this happened — that's not "
        'the experience we want for you."',
        summary="the problem on our side went without an apology",
    )


class ActedParams(Params):
    upset_cues: tuple[str, ...] = UPSET_CUES
    situation_cues: tuple[str, ...] = SITUATION_CUES
    acknowledgements: tuple[str, ...] = (*EMPATHY_PHRASES, *APOLOGY_PHRASES)
    # Only a strongly negative sentence counts without a named feeling: a plain problem report
    # ("the payment failed") reads negative to a lexicon but is not an upset customer.
    sentiment_threshold: float = -0.7


@check(
    "acknowledged_and_acted",
    ActedParams,
    description="When the customer is upset, the reply acknowledges it and acts on it; sympathy "
    "alone does not count (N/A when the customer was not upset).",
)
def acknowledged_and_acted(conversation: Conversation, params: ActedParams) -> Outcome:
    from rubric.checks.answer import AnswerParams, first_concrete  # one module per idea; no cycle

    gate = EmpathyParams(
        upset_cues=params.upset_cues,
        situation_cues=params.situation_cues,
        sentiment_threshold=params.sentiment_threshold,
    )
    upset = upset_sentence(conversation, gate)
    if upset is None:
        return Outcome.not_applicable("the customer did not sound upset")
    later = [t for t in conversation.agent_turns if t.index > upset.turn.index] or conversation.agent_turns
    shown = find_in_sentences(later, compile_phrases(params.acknowledgements))
    acted = first_concrete(later, AnswerParams())
    if shown and acted:
        return Outcome(
            1.0,
            "The customer was upset; the reply acknowledged it and acted.",
            (shown.evidence(), acted.evidence()),
            praise="you acknowledged how the customer felt and then fixed it, not just one of the two.",
            summary="you acknowledged the frustration and acted on it",
        )
    if acted:
        return Outcome(
            0.75,
            "The customer was upset; the reply acted on it without acknowledging it.",
            (upset.evidence(),),
            advice="the fix was right, but the frustration went unmentioned. One line before the fix "
            "shows you heard them.",
            summary="the fix came without a word for the frustration",
        )
    if shown:
        return Outcome(
            0.25,
            "The customer was upset; the reply was sorry but did nothing about it.",
            (shown.evidence(),),
            advice="sympathy without action reads as a script. Follow it with what you are doing about it.",
            summary="sympathy came without action",
        )
    return Outcome(
        0.0,
        "The customer was upset, and no reply acknowledged it or acted on it.",
        (upset.evidence(),),
        advice="the customer was upset and the replies moved on. Acknowledge it in one line, then "
        "say what you are doing about it.",
        summary="the customer's frustration was neither acknowledged nor acted on",
    )
