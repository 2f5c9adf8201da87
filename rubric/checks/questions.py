"""Every question the customer asked gets an answer: the check a note quotes most, so it is
built for precision. "This question went unanswered" must be right when it is said.

Not every sentence ending in "?" is a question that wants information:
- courtesy ("how are you?", "anyone there?");
- venting and rhetorical questions ("Where is your integrity?", "Are you even reading this?",
  "Is this how you treat customers?"): an agent who answers the complaint, not the words, has
  left nothing unanswered;
- statements said with a rising tone ("So I can move anywhere I want?"): no question word opens
  them, so they are not read as questions.

A question is answered when a later reply takes up its own words, when the very next reply
opens like an answer or gives something concrete, or asks a clarifying question back (the
exchange is under way), and once the customer has said the problem is solved.
"""

from __future__ import annotations

import re

from rubric.checks.answer import AnswerParams, first_concrete
from rubric.checks.base import Evidence, Outcome, Params, check
from rubric.checks.lastword import NEGATIVE_CUES, confirms, most_negative_sentence
from rubric.checks.phrases import compile_phrases, find_in_sentences
from rubric.checks.sentiment import compound
from rubric.conversation import Conversation, Turn
from rubric.keywords import content_words
from rubric.text import words

# Leading words that do not change what is asked: "@support", "so,", "no,", "ok,".
_LEAD = (
    r"^(?:\W*@\S+\s+)*"
    r"(?:(?:so|but|and|then|also|ok|okay|sure|no|yes|well|seriously|sorry|hi|hello|dear)\b[\s,]*)*"
)
_INTERROGATIVE = re.compile(
    _LEAD + r"(?:what|when|where|which|who|whom|whose|why|how|is|are|was|were|am|do|does|did|can|could|"
    r"will|would|shall|should|may|might|have|has|had|isn't|aren't|doesn't|don't|didn't|can't|won't|"
    r"any|anything|please)\b",
    re.I,
)
# Questions that are courtesy, not requests for information.
_SMALL_TALK = re.compile(
    _LEAD + r"(?:how are you|how's it going|how are things|hope you're well|are you there|anyone there|"
    r"can you help(?: me)?|could you help(?: me)?|is any(?:one|body) (?:there|online|here))\b",
    re.I,
)
# Venting and rhetorical questions, by their form.
_VENTING = re.compile(
    _LEAD + r"(?:"
    r"why (?:don't|do|can't|won't|didn't|did|would|should|are|is|were|does|doesn't|haven't|hasn't) you|"
    r"why not\b|"
    r"how (?:can|could|dare|come|long will|long do|long are|long have) you|"
    r"how many times (?:do|must|will|have|should) (?:you|i)|"
    r"what(?:'s| is| the hell is| on earth is) wrong with|is this how|is that how|"
    r"is (?:this|that) (?:the|your|what you call)|"
    r"do you (?:even|really|think|call|expect|know what|want (?:me|my|us))|don't you|didn't you|"
    r"can't you|aren't you|"
    r"are you (?:even|kidding|serious|joking|crazy|listening|trying to|serving|going to keep)|"
    r"who (?:do you think|cares|allowed you)|"
    r"where (?:is|are) (?:your|the|our|my) (?:\w+ )?(?:integrity|responsibility|service|conscience|"
    r"sincerity|honesty|credibility|promise|rights|staff|people)|where is (?:the|an?) \w+ with|"
    r"what kind of (?:service|company|attitude)|what(?:'s| is) the (?:point|use)|"
    r"is (?:this|that|it) (?:a joke|fair|acceptable|reasonable|normal|legal|right)|"
    r"what do you (?:mean|want)|how do you explain|how would you (?:feel|like)|"
    r"will it take (?:\w+ ){0,3}(?:years|months|forever)|"
    r"can your \w+ (?:be|get)|would you (?:\w+ )?(?:believe|accept)|"
    r"who (?!(?:should|can|do|could|would) i (?:contact|call|ask|speak|talk|write))|"
    r"what (?:does|do|is|are) your \w+(?: \w+)? (?:do|for)|is it possible that|have you ever)|"
    r"\bdo you think\b",
    re.I,
)
# A yes/no question about "you" or "your …" in a complaint is an accusation ("Were you teasing
# me?", "Is your information wrong?"), unless it asks for something ("Can you tell me…").
_YES_NO_ABOUT_YOU = re.compile(
    _LEAD + r"(?:are|were|is|was|do|did|does|have|has|had|will|would|can|could)(?:n't)? "
    r"(?:you|your|what you)\b(?! (?:please )?(?:tell|help|give|send|check|explain|recommend|book|find|"
    r"show|let|advise|confirm|cancel|change|refund|fix|reset|add|update|look|arrange|reserve|make|get|"
    r"search|call|email|provide|take|accept|have|offer|sell|ship|deliver|support|stock|open))",
    re.I,
)
# Questions that plainly ask for information or an action; "is this…?", "does everyone…?" are
# as often remarks as questions, and are not held unanswered when nobody replied to them.
_PLAIN = re.compile(
    _LEAD + r"(?:how (?!come\b|dare\b)|what |when |where |which |why |"
    r"(?:can|could|may|do|should|shall|will|must) i\b|"
    r"(?:is|are) there\b|(?:can|could|would|will) you (?:please )?(?:tell|help|give|send|check|explain|"
    r"recommend|book|find|show|let|advise|confirm|cancel|change|refund|fix|reset|add|update|look|arrange|"
    r"reserve|make|get|search|call|email|provide)\b|do you (?:have|offer|sell|send|ship|accept|support|"
    r"provide|deliver)\b|(?:does|do|will|can) (?:it|the|this|they|my) )",
    re.I,
)
_NEGATIVE_START = re.compile(
    _LEAD + r"(?:isn't|aren't|wasn't|weren't|doesn't|don't|didn't|can't|won't|"
    r"wouldn't|couldn't|shouldn't|haven't|hasn't)\b",
    re.I,
)
# Accusation words: a "why … always/never …" question about "you" is a complaint.
_ACCUSING = re.compile(r"\b(?:always|never|even|so many|every time)\b", re.I)
_YOU = re.compile(r"\byou(?:r|rs|'re)?\b", re.I)


def is_venting(question: str, message: str = "") -> bool:
    """Whether a question vents rather than asks; `message`: the whole message it stands in."""
    question = question.replace("\u2019", "'")  # typographic apostrophes read as plain ones
    if _VENTING.search(question) or "?!" in question or "!?" in question or "??" in question:
        return True
    if _YES_NO_ABOUT_YOU.search(question):
        return True
    why = question.lower().lstrip("@ ").startswith("why")
    if why and _ACCUSING.search(question):
        return True
    if (compound(question, -0.4) or 0.0) <= -0.4:  # an angry question asks for an apology
        return True
    # "Why …?" in a clearly angry message is a complaint put as a question.
    return why and bool(message) and (compound(message[:600], -0.5) or 0.0) <= -0.5


def is_information_question(sentence: str, message: str = "") -> bool:
    sentence = sentence.replace("\u2019", "'")
    if (
        not _INTERROGATIVE.search(sentence)
        or _SMALL_TALK.search(sentence)
        or _NEGATIVE_START.search(sentence)
    ):
        return False
    return not is_venting(sentence, message)


_SELF_ANSWERED = re.compile(
    r"^\W*(?:(?:huh|oh|ah|ok|okay|well),?\s*)?(?:i (?:guess|bet|know|found|see|figured|got it)|no wonder|"
    r"obviously|of course|never mind|forget it)\b",
    re.I,
)


def _complains(turn: Turn) -> bool:
    if find_in_sentences([turn], compile_phrases(NEGATIVE_CUES)) is not None:
        return True
    return most_negative_sentence(turn) is not None


class QuestionsParams(Params):
    min_question_words: int = 3
    ignore: tuple[str, ...] = ()


def _questions(turn: Turn, params: QuestionsParams) -> list[str]:
    if "?" not in turn.text or _complains(turn):
        return []  # questions in a complaint are mostly the complaint in question form
    ignore = re.compile("|".join(params.ignore), re.I) if params.ignore else None
    found = []
    sentences = turn.sentences
    for position, sentence in enumerate(sentences):
        if not sentence.endswith("?") or len(words(sentence)) < params.min_question_words:
            continue
        if (ignore and ignore.search(sentence)) or not is_information_question(sentence, turn.text):
            continue
        following = sentences[position + 1] if position + 1 < len(sentences) else ""
        if _SELF_ANSWERED.search(following):
            continue  # "…? I guess you don't dare.", "…? Huh, I found it.": the asker answers it
        found.append(sentence)
    return found


def customer_questions(conversation: Conversation, params: QuestionsParams) -> list[tuple[Turn, str]]:
    return [(turn, q) for turn in conversation.customer_turns for q in _questions(turn, params)]


def _distinctive_words(questions: list[str]) -> list[frozenset[str]]:
    """Each question's own words: those the other questions of the same message do not share.

    So "unused months" in one question does not count as the answer to "will I be charged
    again next month?". A question with no word of its own keeps all of its words.
    """
    groups = [frozenset(content_words(q)) for q in questions]
    counts: dict[str, int] = {}
    for group in groups:
        for word in group:
            counts[word] = counts.get(word, 0) + 1
    return [frozenset(w for w in group if counts[w] == 1) or group for group in groups]


def _taken_up(distinctive: frozenset[str], replies: list[Turn]) -> bool:
    if not distinctive:
        return bool(replies)  # nothing to look for: any reply counts
    # A stem found anywhere in a later reply counts ("charg" in "charged"): a little lenient,
    # which errs toward "answered" (a wrong "you missed a question" costs more than a miss).
    return any(stem in reply.lower for reply in replies for stem in distinctive)


def _answered(question: str, replies: list[Turn]) -> bool:
    """For a question no later reply took up the words of. It is held unanswered only when that
    is plain: it plainly asks for something ("how…", "can I…", "could you tell me…"), and no
    reply came after it at all, or the very next reply only passed the customer on (a
    deflection, no step, no fact, no question back). Measured on real conversations, a reply
    in other words answers far more often than word overlap shows, so anything less plain is
    given the benefit of the doubt: a wrong "you missed a question" costs more than a miss."""
    if not _PLAIN.search(question.replace("\u2019", "'")):
        return True
    return bool(replies) and not _deflects_only(replies[0])


def _deflects_only(reply: Turn) -> bool:
    params = AnswerParams()
    if any(sentence.endswith("?") for sentence in reply.sentences):
        return False  # a clarifying question back: the exchange is under way
    if first_concrete([reply], params) is not None:
        return False
    return find_in_sentences([reply], compile_phrases(params.deflections)) is not None


def _confirmed_at(conversation: Conversation) -> int | None:
    """Where the customer last said the problem was solved, after a reply."""
    for turn in reversed(conversation.follow_ups):
        if confirms(turn):
            return turn.index
    return None


def _unanswered(conversation: Conversation, asked: list[tuple[Turn, str]]) -> list[tuple[Turn, str]]:
    own_words: list[frozenset[str]] = []
    for turn in dict.fromkeys(t for t, _ in asked):  # distinct among the questions of one message
        own_words += _distinctive_words([q for t, q in asked if t is turn])
    missed = []
    for (turn, question), distinctive in zip(asked, own_words, strict=True):
        replies = [t for t in conversation.agent_turns if t.index > turn.index]
        if not _taken_up(distinctive, replies) and not _answered(question, replies):
            missed.append((turn, question))
    return missed


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
    unanswered = _unanswered(conversation, asked)
    if not unanswered:
        return Outcome(
            1.0,
            f"All {len(asked)} of the customer's questions were answered.",
            summary="you answered every question",
        )
    return Outcome(
        1 - len(unanswered) / len(asked),
        f"{len(unanswered)} of {len(asked)} customer questions had no answer.",
        tuple(Evidence(t.index, t.role, q) for t, q in unanswered),
        advice="no reply covered it. Answer every question before solving, even with "
        '"I\'ll check and come back to you by Friday."',
        summary="a question went unanswered"
        if len(unanswered) == 1
        else f"{len(unanswered)} questions went unanswered",
    )
