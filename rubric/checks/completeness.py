"""Completeness & clarity: every question answered, next steps and timeframes, an alternative
when the answer is no, and replies a customer can read at a glance."""

from __future__ import annotations

import re

from rubric.checks.base import Evidence, Outcome, Params, check, ending
from rubric.checks.lastword import confirms
from rubric.checks.phrases import compile_phrases, find_in_sentences
from rubric.checks.signals import asked_for_something
from rubric.conversation import Conversation, Turn
from rubric.keywords import content_words
from rubric.text import words

# Questions that are courtesy, not requests for information.
_SMALL_TALK = re.compile(
    r"^(?:hi|hello|hey)?[\s,]*(?:how are you|how's it going|how are things|hope you're well|"
    r"are you there|anyone there|can you help(?: me)?|could you help(?: me)?|is anyone there)\b",
    re.I,
)


# Venting and rhetorical questions ask for no information ("Where is your integrity?", "How long
# will you keep me waiting?"): an agent who answers the complaint rather than the words has not
# left a question unanswered.
_VENTING = re.compile(
    r"^(?:\W*@\S+\s+)*(?:so |but |and |then |seriously,? )?(?:"
    r"why (?:don't|do|can't|won't|didn't|did|would|should|are|is|were|does|doesn't|haven't|hasn't) you|"
    r"how (?:can|could|dare|come|long will|long do|long are|long have|many times (?:do|must|will|have)) "
    r"(?:you|i)|"
    r"what(?:'s| is| the hell is| on earth is) wrong with|is this how|is that how|"
    r"do you (?:even|really|think|call|expect|know what)|don't you|didn't you|can't you|aren't you|"
    r"are you (?:even|kidding|serious|joking|crazy|listening)|who (?:do you think|cares)|"
    r"where is (?:your|the) (?:\w+ )?(?:integrity|responsibility|service|conscience|sincerity|"
    r"honesty|credibility|promise)|what kind of (?:service|company|attitude)|what's the point|"
    r"is (?:this|that|it) (?:a joke|fair|acceptable|reasonable|normal)|what do you (?:mean|want))",
    re.I,
)
# A reply that opens like an answer answers a yes/no question, whatever its words.
_DIRECT_ANSWER = re.compile(
    r"^(?:\W*(?:hi|hello|dear|hey)\b[^.!?,]*[.!?,]\s*)?(?:yes|yeah|yep|no|nope|sure|of course|"
    r"certainly|absolutely|definitely|unfortunately|i'm afraid|i am afraid|not (?:at the moment|yet|"
    r"currently)|correct|right|exactly|indeed|it (?:is|does|will|can|was)|they (?:are|do|will|can)|"
    r"there (?:is|are|isn't|aren't)|we (?:do|don't|have|can|can't|will)|you can|that's right)\b",
    re.I,
)


def is_venting(question: str) -> bool:
    return bool(_VENTING.search(question)) or "?!" in question or "!?" in question


class QuestionsParams(Params):
    min_question_words: int = 3
    ignore: tuple[str, ...] = ()


def _questions(turn: Turn, params: QuestionsParams) -> list[str]:
    ignore = re.compile("|".join(params.ignore), re.I) if params.ignore else None
    found = []
    for sentence in turn.sentences:
        if not sentence.endswith("?") or len(words(sentence)) < params.min_question_words:
            continue
        if _SMALL_TALK.search(sentence) or (ignore and ignore.search(sentence)) or is_venting(sentence):
            continue
        found.append(sentence)
    return found


def _distinctive_words(questions: list[str]) -> list[frozenset[str]]:
    """Each question's own words: those the customer's other questions do not share.

    So "unused months" in one question does not count as the answer to "will I be charged
    again next month?". A question with no word of its own keeps all of its words.
    """
    words = [frozenset(content_words(q)) for q in questions]
    counts: dict[str, int] = {}
    for group in words:
        for word in group:
            counts[word] = counts.get(word, 0) + 1
    return [frozenset(w for w in group if counts[w] == 1) or group for group in words]


def _answered(distinctive: frozenset[str], replies: list[Turn], alone: bool) -> bool:
    """Whether a later reply answers the question; `alone`: it was the only question in its
    message, so the very next reply can only be answering it."""
    if not replies:
        return False
    if not distinctive:
        return True
    # A stem found anywhere in the reply counts ("charg" in "charged"): a little lenient, which
    # errs toward "answered" (a wrong "you missed a question" costs more trust than a miss).
    if any(stem in reply.lower for reply in replies for stem in distinctive):
        return True
    return alone and _answered_in_other_words(replies[0])


def _answered_in_other_words(reply: Turn) -> bool:
    """The very next reply answers in its own words: it opens like an answer ("Yes, they do"),
    or gives something concrete (a step, a fact, a date)."""
    from rubric.checks.answer import AnswerParams, first_concrete

    return bool(_DIRECT_ANSWER.search(reply.text)) or first_concrete([reply], AnswerParams()) is not None


def _confirmed_at(conversation: Conversation) -> int | None:
    """Where the customer last said the problem was solved, after a reply."""
    first_reply = conversation.agent_turns[0].index
    for turn in reversed(conversation.customer_turns):
        if turn.index > first_reply and confirms(turn):
            return turn.index
    return None


def customer_questions(conversation: Conversation, params: QuestionsParams) -> list[tuple[Turn, str]]:
    return [(turn, q) for turn in conversation.customer_turns for q in _questions(turn, params)]


@check(
    "questions_answered",
    QuestionsParams,
    description="Every question the customer asked is answered by a later reply.",
)
def questions_answered(conversation: Conversation, params: QuestionsParams) -> Outcome:
    asked = customer_questions(conversation, params)
    settled = _confirmed_at(conversation)
    if settled is not None:  # the customer said it was solved: what they asked before is settled
        asked = [(turn, q) for turn, q in asked if turn.index >= settled]
    if not asked:
        return Outcome.not_applicable("the customer asked no open questions")
    own_words = _distinctive_words([q for _, q in asked])
    per_turn: dict[int, int] = {}
    for turn, _ in asked:
        per_turn[turn.index] = per_turn.get(turn.index, 0) + 1
    unanswered = [
        (turn, question)
        for (turn, question), words in zip(asked, own_words, strict=True)
        if not _answered(
            words, [t for t in conversation.agent_turns if t.index > turn.index], per_turn[turn.index] == 1
        )
    ]
    value = 1 - len(unanswered) / len(asked)
    if not unanswered:
        return Outcome(
            1.0,
            f"All {len(asked)} of the customer's questions were answered.",
            summary="you answered every question",
        )
    return Outcome(
        value,
        f"{len(unanswered)} of {len(asked)} customer questions had no answer.",
        tuple(Evidence(t.index, t.role, q) for t, q in unanswered),
        advice="no reply covered it. Answer every question before solving, even with "
        '"I\'ll check and come back to you by Friday."',
        summary="a question went unanswered"
        if len(unanswered) == 1
        else f"{len(unanswered)} questions went unanswered",
    )


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
        advice="pair every 'no' with what you can do: \"I can't refund this order, but I can "
        'offer store credit or a free repair."',
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
