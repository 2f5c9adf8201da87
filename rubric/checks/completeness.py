"""Completeness & clarity: every question answered, next steps and timeframes, an alternative
when the answer is no, and replies a customer can read at a glance."""

from __future__ import annotations

from rubric.checks.base import Evidence, Outcome, Params, check, ending
from rubric.checks.phrases import compile_phrases, find_in_sentences
from rubric.checks.signals import asked_for_something
from rubric.conversation import Conversation, Turn

NEXT_STEP_PHRASES = (
    "within \\d+",
    # One phrase per unit, so that each has a literal ("hour", "day", "week") to pre-filter on.
    "\\d+\\s*(?:-\\s*\\d+\\s*|to \\d+ )?(?:business |working )?hours?",
    "\\d+\\s*(?:-\\s*\\d+\\s*|to \\d+ )?(?:business |working )?days?",
    "\\d+\\s*(?:-\\s*\\d+\\s*|to \\d+ )?(?:business |working )?weeks?",
    "tomorrow",
    "today",
    "tonight",
    "this (?:afternoon|evening|week)",
    "next (?:step|week|few days)",
    "by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the end|end of|noon)",
    "you(?:'ll| will) (?:receive|get|see|be able|need)",
    "once (?:it|the|your|you)",
    "will (?:arrive|ship|be (?:sent|shipped|processed|refunded|credited|back|delivered|in touch))",
    "i(?:'ll| will) (?:send|update|follow|check|email|call|let you know|keep you)",
    "follow(?:ing)? (?:up|these steps)",
    "step \\d",
    "here(?:'s| is) (?:how|what)",
    "(?:first|then|finally),",
    "tracking (?:number|link)",
    "you can",
    "any ?time",
    "a moment ago",
    "right away",
    "straight away",
    "right now",
    "just now",
    "(?:effective|live) now",
    "immediately",
    "from now on",
    "in a few minutes",
    "reply here",
)


class NextStepsParams(Params):
    phrases: tuple[str, ...] = NEXT_STEP_PHRASES


@check(
    "next_steps",
    NextStepsParams,
    description="Says what happens next and when (steps, timeframes).",
    points_at="gap",
)
def next_steps(conversation: Conversation, params: NextStepsParams) -> Outcome:
    if not asked_for_something(conversation):
        return Outcome.not_applicable("the customer needed nothing done")
    hit = find_in_sentences(conversation.agent_turns, compile_phrases(params.phrases))
    if hit:
        return Outcome(
            1.0,
            "The reply said what happens next.",
            (hit.evidence(),),
            praise="a clear next step meant the customer knew exactly what to expect.",
            summary="you set clear next steps",
        )
    return Outcome(
        0.0,
        "No reply said what happens next or when.",
        (ending(conversation.agent_turns[-1]),),
        advice="end with what happens next and when, so the customer isn't left guessing: "
        "\"You'll see the change within 24 hours, and I'll check back with you on Friday.\"",
        summary="the customer was not told what happens next",
    )


REFUSAL_PHRASES = (
    "unfortunately",
    "we (?:can't|cannot|can not|are unable to|aren't able to|don't offer|do not offer)",
    "i (?:can't|cannot|am unable to|'m unable to|am not able to)",
    "not (?:eligible|possible)",
    "isn't possible",
    "outside (?:of )?(?:our|the) (?:return|refund|warranty) (?:window|policy|period)",
    "against (?:our|the) policy",
    "(?:we|i) (?:won't|will not) be able to",
    # what could not be done, said as a failure rather than a refusal
    "(?:we|i) (?:couldn't|could not|wasn't able to|was not able to|weren't able to|were not able to)",
    "(?:was|were) (?:not |un)successful",
    "(?:is|are) (?:not|no longer) available",
    "(?:fully booked|sold out|no availability|no vacancies)",
)
ALTERNATIVE_PHRASES = (
    "instead",
    "alternatively",
    "what (?:i|we) can do",
    "(?:however|but),? (?:i|we) can",
    "as an alternative",
    "another option",
    "other options?",
    "store credit",
    "voucher",
    "discount",
    "(?:i|we) can offer",
    "(?:i|we)(?:'d| would) be happy to",
    "in the meantime",
    "workaround",
    "what you can do",
    "you (?:could|can) (?:also|still|try)",
    "(?:would|shall) (?:you like|i|we) (?:to )?(?:try|book|check|look|search|find)",
    "how about",
    "(?:a different|another) (?:time|day|date|one|place|option)",
)


class AlternativeParams(Params):
    refusals: tuple[str, ...] = REFUSAL_PHRASES
    alternatives: tuple[str, ...] = ALTERNATIVE_PHRASES


@check(
    "alternative_when_no",
    AlternativeParams,
    description="When the answer is no, offers an alternative (N/A when nothing was refused).",
)
def alternative_when_no(conversation: Conversation, params: AlternativeParams) -> Outcome:
    refusal = find_in_sentences(conversation.agent_turns, compile_phrases(params.refusals))
    if refusal is None:
        return Outcome.not_applicable("nothing was refused")
    offered = find_in_sentences(
        [t for t in conversation.agent_turns if t.index >= refusal.turn.index],
        compile_phrases(params.alternatives),
    )
    if offered:
        return Outcome(
            1.0,
            "A 'no' came with an alternative.",
            (offered.evidence(),),
            praise="pairing the 'no' with something you could do kept the door open.",
            summary="you offered an alternative to the 'no'",
        )
    return Outcome(
        0.0,
        "The reply said no without offering an alternative.",
        (refusal.evidence(),),
        # No canned rewrite: what can be offered depends on this conversation, not on a template.
        advice="pair this 'no' with what you can do instead, in the same reply: another option, part "
        "of what they asked for, or who can help and by when.",
        summary="a 'no' came without an alternative",
    )


class ReadabilityParams(Params):
    max_sentence_words: int = 30
    max_paragraph_words: int = 120
    jargon: tuple[str, ...] = (
        "SLA",
        "RMA",
        "L1",
        "L2",
        "L3",
        "tier ?[123]",
        "backend",
        "back-end",
        "escalated internally",
        "ticket queue",
        "KB",
        "P1",
        "P2",
        "as per",
        "per our",
        "kindly revert",
        "do the needful",
    )


def _more_words_than(text: str, limit: int) -> bool:
    # n words take at least 2n - 1 characters: shorter text needs no split to know.
    return len(text) >= 2 * limit + 1 and len(text.split()) > limit


def _readability_problems(turns: list[Turn], params: ReadabilityParams) -> list[tuple[Evidence, str]]:
    """The first wall of text, the first over-long sentence and the first jargon, in that order."""
    problems: list[tuple[Evidence, str]] = []
    wall = next(
        (
            (turn, paragraph)
            for turn in turns
            for paragraph in turn.text.split("\n\n")
            if _more_words_than(paragraph, params.max_paragraph_words)
        ),
        None,
    )
    if wall is not None:
        turn, paragraph = wall
        problems.append(
            (
                Evidence(turn.index, turn.role, paragraph.split("\n")[0][:300]),
                "this reply is one long block. Break it into short paragraphs or numbered steps.",
            )
        )
    long = next(
        (
            (turn, sentence)
            for turn in turns
            for sentence in turn.sentences
            if _more_words_than(sentence, params.max_sentence_words)
        ),
        None,
    )
    if long is not None:
        turn, sentence = long
        problems.append(
            (
                Evidence(turn.index, turn.role, sentence),
                f"this sentence runs past {params.max_sentence_words} words. "
                "Split it: one idea per sentence.",
            )
        )
    jargon = find_in_sentences(turns, compile_phrases(params.jargon))
    if jargon is not None:
        problems.append(
            (
                jargon.evidence(),
                f'"{jargon.match}" is our word, not the customer\'s. Say it in plain words.',
            )
        )
    return problems


@check(
    "readability",
    ReadabilityParams,
    description="Readable replies: sentence length, walls of text, jargon.",
    points_at="gap",
)
def readability(conversation: Conversation, params: ReadabilityParams) -> Outcome:
    problems = _readability_problems(conversation.agent_turns, params)
    if not problems:
        return Outcome(1.0, "The replies were easy to read: short sentences, no jargon.")
    advice = problems[0][1]
    return Outcome(
        max(0.0, 1 - len(problems) / 3),
        f"{len(problems)} readability problem(s): long sentences, walls of text or jargon.",
        tuple(e for e, _ in problems),
        advice=advice,
        summary="parts of the reply were hard to read",
    )
